#!/bin/sh
# The hall kiosk as an appliance: the command line and environment of
# the built renovote-kiosk.service (renovote-screen: cage, foot, the Noto
# CJK font), with the built kiosk and a demo database, on a headless
# screen (wlroots' headless backend and pixman renderer) as an
# unprivileged user, since cage refuses root.  grim's screenshot, read by
# Tesseract (chi_sim), shows the Welcome screen's title in Chinese; the
# text size large draws it larger than normal (the title bar, one cell
# high, and the recognised word's box both grow); wrong sizes are
# refused.  Every wait polls the screen with a deadline.

. "$top_srcdir/tests/cli/lib.sh"

need cage foot grim tesseract python3 gettext fc-list
if ! tesseract --list-langs 2>/dev/null | grep -qx chi_sim; then
	echo "SKIP: $TEST_NAME needs Tesseract's chi_sim (tesseract-ocr-chi-sim; setup.sh installs it)"
	exit 77
fi
if [ -z "$(fc-list 'Noto Sans Mono CJK SC' family)" ]; then
	echo "SKIP: $TEST_NAME needs the Noto CJK font (fonts-noto-cjk; setup.sh installs it)"
	exit 77
fi

SCREEN="$top_srcdir/systemd/renovote-screen"
UNIT="$top_builddir/systemd/renovote-kiosk.service"
SCREEN_WAIT_S=${SCREEN_WAIT_S:-15}	# the longest wait for a screen
HOME_DIR="$T/home"			# the unprivileged user's files
screen_pid=
trap 'stop_screen; rm -rf "$T"' EXIT

# The Welcome screen's title, as the zh_CN catalogue has it.
WELCOME=$(LC_ALL=C.UTF-8 LANGUAGE=zh_CN TEXTDOMAINDIR="$RENOVOTE_LOCALEDIR" \
    gettext renovote Welcome)
same "the zh_CN Welcome title" "$WELCOME" "欢迎"

# Wrong sizes: one line, status 2, before any screen is started.
expect_error 2 "^renovote-screen: RENOVOTE_TEXT_SIZE: 'huge' is not one of" \
    env RENOVOTE_TEXT_SIZE=huge "$SCREEN" "$KIOSK"
for bad in 7 97 1e2 0024 x; do
	expect_error 2 "^renovote-screen: RENOVOTE_FONT_SIZE: '$bad' is not a whole number" \
	    env RENOVOTE_FONT_SIZE="$bad" "$SCREEN" "$KIOSK"
done
expect_error 2 "^renovote-screen: RENOVOTE_SCREEN_ROTATION: '45' is not one of" \
    env RENOVOTE_SCREEN_ROTATION=45 "$SCREEN" "$KIOSK"

# The unit's ExecStart, continuation lines joined: renovote-screen, the
# installed kiosk and its database, which become the built kiosk and
# the test's database.  Its Environment= lines, then the example
# kiosk.env (as EnvironmentFile=, which comes after them), are the
# screen's environment.
exec_start=$(sed -n '/^ExecStart=/,/[^\\]$/p' "$UNIT" |
    sed 's/^ExecStart=//; s/\\$//' | tr '\t\n' '  ')
unit_args=
for a in $exec_start; do
	case $a in
	*/renovote-screen)	a= ;;
	*/renovote-kiosk)	a=$KIOSK ;;
	/var/lib/renovote/kiosk.db) a=$HOME_DIR/k.db ;;
	esac
	unit_args="$unit_args $a"
done
case $exec_start in
*/renovote-screen" "*/renovote-kiosk" "*) pass ;;
*) fail "the unit does not run the kiosk through renovote-screen: $exec_start" ;;
esac
unit_env="$(sed -n 's/^Environment=//p' "$UNIT") $(grep -v '^#' \
    "$top_srcdir/examples/kiosk.env")"
case " $unit_env " in
*" RENOVOTE_TEXT_SIZE=normal "*) pass ;;
*) fail "the unit and example kiosk.env do not ask for normal text: $unit_env" ;;
esac

# A kiosk loaded with the demo plan of LC-XNY-02, owned by the user.
mkdir -m 700 "$HOME_DIR"
check "demo office" demo_office "$T/office.db"
expect 0 "$OFFICE" codes issue --db "$T/office.db" --estate LC-XNY-02 \
    --out "$T/codes.csv"
expect 0 "$OFFICE" package --db "$T/office.db" --estate LC-XNY-02 --out "$T/p.pkg"
check "kiosk loaded" new_kiosk "$HOME_DIR/k.db" hall-1 "$T/office.db" "$T/p.pkg"

# The user: this one, or as root nobody (setpriv), whose home is in $T.
user_uid=
user_gid=
if [ "$(id -u)" = 0 ]; then
	need setpriv
	user_uid=$(id -u nobody)
	user_gid=$(id -g nobody)
	chmod 711 "$T"
fi

# give PATH...: make the files the screen user's.
give() {
	[ -z "$user_uid" ] || chown -R "$user_uid:$user_gid" "$@"
}

# as_user COMMAND...: run it as the screen's user.
as_user() {
	if [ -n "$user_uid" ]; then
		setpriv --reuid="$user_uid" --regid="$user_gid" --clear-groups "$@"
	else
		"$@"
	fi
}
give "$HOME_DIR"
if ! as_user test -x "$KIOSK" -a -x "$SCREEN" -a -r "$RENOVOTE_LOCALEDIR"; then
	fail "the screen's user ($(id -un "${user_uid:-$(id -u)}")) cannot run $KIOSK" \
	    "or $SCREEN or read $RENOVOTE_LOCALEDIR"
	test_done
	exit
fi

# start_screen NAME [VAR=VALUE...]: renovote-screen as the unit runs it,
# with these variables last, headless in its own runtime directory
# $T/NAME (0700, the user's: Wayland's socket goes there).  The screen
# is turned 180 degrees: wlroots 0.15 (Debian 12) puts the terminal's
# full-screen buffer straight on a screen that is not turned, and its
# screencopy then gives grim a black or stale picture; a turned screen
# is drawn by the compositor every frame, and grim turns the picture
# back.  The log (cage, foot) goes to $T/NAME.log.
start_screen() {
	s_name=$1
	shift
	RUN="$T/$s_name"
	mkdir -m 700 "$RUN"
	give "$RUN"
	# shellcheck disable=SC2086
	as_user env -i HOME="$HOME_DIR" PATH=/usr/bin:/bin \
	    XDG_RUNTIME_DIR="$RUN" WLR_BACKENDS=headless WLR_RENDERER=pixman \
	    WLR_LIBINPUT_NO_DEVICES=1 RENOVOTE_CONFIG= \
	    RENOVOTE_LOCALEDIR="$RENOVOTE_LOCALEDIR" \
	    $unit_env RENOVOTE_SCREEN_ROTATION=180 "$@" \
	    "$SCREEN" $unit_args >"$RUN.log" 2>&1 &
	screen_pid=$!
}

# alive PID: the process runs (a zombie has ended: whoever inherited it
# when its parent ended reaps it when it will).
alive() {
	[ -e "/proc/$1" ] &&
	    [ "$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)" != Z ]
}

# stop_screen: end the screen started last, and wait until foot and the
# kiosk under it have ended.  foot is ended (by its id): cage ends with
# its one client, as the unit's restart relies on (cage 0.1.4 ended
# itself aborts, on an assertion).
stop_screen() {
	[ -n "$screen_pid" ] || return 0
	s_foot=$(pgrep -P "$screen_pid")
	s_kids="$s_foot $(for s_kid in $s_foot; do pgrep -P "$s_kid"; done)"
	kill "$s_foot" 2>/dev/null || kill "$screen_pid" 2>/dev/null
	wait "$screen_pid" 2>/dev/null
	s_deadline=$(($(date +%s) + SCREEN_WAIT_S))
	for s_kid in $s_kids; do
		while alive "$s_kid"; do
			if [ "$(date +%s)" -ge "$s_deadline" ]; then
				fail "process $s_kid outlived cage:" \
				    "$(ps -o pid,ppid,stat,args -p "$s_kid" | tail -n 1)"
				kill -KILL "$s_kid"
				break
			fi
			sleep 0.1
		done
	done
	screen_pid=
}

# title PPM: read the title bar of a screenshot, the first run of rows
# at x=8 (in the margin cell left of the title) whose colour differs from
# the bottom right corner's (the terminal's background): crop it, make
# its light text black on white, and hand it to Tesseract as one line.
# Prints the bar's height in pixels (a cell's), the height of the box of
# the recognised word holding the Welcome title's first character (0
# without one) and the recognised text, without spaces.
title() {
	python3 - "$1" "$WELCOME" <<'PY'
import subprocess, sys
data = open(sys.argv[1], "rb").read()
magic, dims, maxval, px = data.split(b"\n", 3)
w, h = map(int, dims.split())
x = 8
def at(y):
    return px[(y * w + x) * 3:(y * w + x) * 3 + 3]
bg = px[-3:]
top = 0
while top < h and at(top) == bg:
    top += 1
end = top
while end < h and at(end) == at(top):
    end += 1
# Green over 190 is the title's text (light grey on the bar's teal).
ink = bytes(0 if v > 190 else 255 for v in range(256))
margin = 16
blank = b"\xff" * w
rows = [px[y * w * 3 + 1:(y + 1) * w * 3:3].translate(ink)
        for y in range(top, end)]
pgm = (b"P5\n%d %d\n255\n" % (w, len(rows) + 2 * margin) +
       blank * margin + b"".join(rows) + blank * margin)
tsv = subprocess.run(["tesseract", "stdin", "stdout", "-l", "chi_sim",
                      "--psm", "7", "tsv"], input=pgm, capture_output=True,
                     env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"}
                     ).stdout.decode()
text, box = "", 0
for line in tsv.splitlines()[1:]:
    f = line.split("\t")
    if len(f) == 12 and f[0] == "5":
        text += f[11].replace(" ", "")
        if sys.argv[2][:1] in f[11]:
            box = max(box, int(f[9]))
print(end - top, box, text or "-")
PY
}

# wait_welcome NAME: poll the screen's screenshots until the title bar
# reads the Welcome title; sets CELL and GLYPH (title's output).
wait_welcome() {
	w_deadline=$(($(date +%s) + SCREEN_WAIT_S))
	CELL=0
	GLYPH=0
	w_text=
	while :; do
		if [ -S "$RUN/wayland-0" ] &&
		    as_user env XDG_RUNTIME_DIR="$RUN" WAYLAND_DISPLAY=wayland-0 \
		    grim -t ppm - >"$T/shot.ppm" 2>/dev/null &&
		    title "$T/shot.ppm" >"$T/title"; then
			read -r CELL GLYPH w_text <"$T/title"
			case $w_text in
			*"$WELCOME"*) pass; return 0 ;;
			esac
		fi
		if [ "$(date +%s)" -ge "$w_deadline" ]; then
			fail "$1: the title bar never read '$WELCOME' (last: '$w_text');" \
			    "log: $(grep -v 'Basic output test' "$RUN.log" | tail -n 5)"
			return 1
		fi
		sleep 0.2
	done
}

# wait_log NAME POINTS: poll the screen's log until foot has loaded the
# Noto CJK font at POINTS.
wait_log() {
	l_deadline=$(($(date +%s) + SCREEN_WAIT_S))
	until grep -q "NotoSansCJK-Regular\.ttc: size=$2\.00pt" "$RUN.log"; do
		if [ "$(date +%s)" -ge "$l_deadline" ]; then
			fail "$1: foot never drew $2 points of Noto CJK:" \
			    "$(grep -v 'Basic output test' "$RUN.log" | tail -n 5)"
			return 1
		fi
		sleep 0.1
	done
	pass
}

# The unit's text size (normal), then large: the same Welcome, larger.
start_screen normal
wait_welcome normal
cell_normal=$CELL
glyph_normal=$GLYPH
wait_log normal 24
stop_screen

start_screen large RENOVOTE_TEXT_SIZE=large
wait_welcome large
cell_large=$CELL
glyph_large=$GLYPH
wait_log large 30
stop_screen

# very-large (36 points) and RENOVOTE_FONT_SIZE, which wins: only foot's
# font, for the interface's 40x12 cells do not fit 1280x720 at 36 points
# (a hall's 1920x1080 has 80x15 of them).
start_screen very-large RENOVOTE_TEXT_SIZE=very-large
wait_log very-large 36
stop_screen
start_screen points RENOVOTE_TEXT_SIZE=very-large RENOVOTE_FONT_SIZE=20
wait_log points 20
stop_screen

echo "note: cell height $cell_normal -> $cell_large px, '$WELCOME' box" \
    "$glyph_normal -> $glyph_large px (normal -> large)"
# 30/24 points: 25% larger; a cell's height is rounded, a box is the
# recogniser's, so at least 15% is asked of both.
check "large cells ($cell_large px) 15% taller than normal ($cell_normal px)" \
    test $((cell_large * 100)) -ge $((cell_normal * 115)) -a "$cell_normal" -gt 0
check "large $WELCOME ($glyph_large px) 15% taller than normal ($glyph_normal px)" \
    test $((glyph_large * 100)) -ge $((glyph_normal * 115)) -a "$glyph_normal" -gt 0

test_done
