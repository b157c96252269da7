# Helpers for the resident interface tests: the kiosk runs for real in a
# private tmux server (its own socket, no configuration), keys go in with
# send-keys and the screen comes back with capture-pane.  Every wait polls
# the screen with a time limit; nothing sleeps to synchronise.

. "$top_srcdir/tests/cli/lib.sh"

# tmux runs the program; gettext gives the strings screens are checked
# against (without it every one is empty, and found on any screen);
# python3 reads the plan's texts and the QR codes.
need tmux gettext python3

TMUX_SOCKET="test$$"
tmux_runs=0
TMUX_WAIT_S=${TMUX_WAIT_S:-15}		# the longest wait for a screen
PIN=246810
OFFICE_URL=https://office.example.cn
trap 'tmux -L "$TMUX_SOCKET" kill-server 2>/dev/null; rm -rf "$T"' EXIT

# tm ARGS...: tmux on the private server.
tm() {
	tmux -L "$TMUX_SOCKET" "$@"
}

# kiosk_setup: an office with the live plan of LC-XNY-02 and a kiosk
# ($T/k.db) loaded with it, the committee PIN and the office address.
kiosk_setup() {
	live_office "$T/office.db" "$T" &&
	printf '%s\n' "$PIN" >"$T/pin" &&
	"$KIOSK" init --db "$T/k.db" --name hall-1 --pubkey-out "$T/k.pem" >/dev/null &&
	"$OFFICE" kiosk enroll --db "$T/office.db" --name hall-1 --pubkey "$T/k.pem" >/dev/null &&
	"$KIOSK" load --db "$T/k.db" --pin-file "$T/pin" --office-url "$OFFICE_URL" \
	    "$T/p1.pkg" >/dev/null &&
	plan_texts
}

# plan_texts: every text of the live plan as "PATH<tab>LANG<tab>TEXT"
# lines in $T/texts (PATH like items.0.title), read by plan_text.
plan_texts() {
	python3 - "$T/plan.json" >"$T/texts" <<'PY'
import json, sys
def walk(v, path):
    if isinstance(v, dict) and "zh_CN" in v:
        for lang in ("zh_CN", "zh_TW", "en"):
            print("%s\t%s\t%s" % (path, lang, v.get(lang) or v["zh_CN"]))
    elif isinstance(v, dict):
        for k, x in v.items():
            walk(x, path + "." + k if path else k)
    elif isinstance(v, list):
        for i, x in enumerate(v):
            walk(x, "%s.%d" % (path, i))
walk(json.load(open(sys.argv[1])), "")
PY
}

# start_ui COLS ROWS [ENV=VALUE...] -- [OPTIONS...]: run the interface in
# a fresh tmux server of that size.  When it ends the pane shows
# "EXITED status" and stays.
start_ui() {
	cols=$1
	rows=$2
	shift 2
	envs=""
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		envs="$envs $1"
		shift
	done
	[ $# -gt 0 ] && shift
	# A new server each time: a server being killed cannot be reused.
	tm kill-server 2>/dev/null
	tmux_runs=$((tmux_runs + 1))
	TMUX_SOCKET="test$$.$tmux_runs"
	UI_COLS=$cols
	UI_ROWS=$rows
	tm -f /dev/null new-session -d -x "$cols" -y "$rows" \
	    "env LC_ALL=C.UTF-8 LANGUAGE= RENOVOTE_LOCALEDIR='$RENOVOTE_LOCALEDIR' ASAN_OPTIONS='${ASAN_OPTIONS:-}:log_path=$T/sanitizer' LSAN_OPTIONS='suppressions=$top_srcdir/tests/kiosk/lsan.supp:print_suppressions=0' UBSAN_OPTIONS='${UBSAN_OPTIONS:-}:log_path=$T/sanitizer' $envs '$KIOSK' --db '$T/k.db' $*; echo EXITED \$?; sleep 600"
}

# screen: the pane's text now.
screen() {
	tm capture-pane -p
}

# keys KEY...: type keys (tmux key names: Enter, Escape, C-c, ...).
keys() {
	tm send-keys "$@"
}

# squeeze: the text without spaces and line ends, so that a phrase the
# interface wrapped (at a space or between two Chinese characters) is
# still found as one.
squeeze() {
	tr -d ' \n'
}

# on_screen TEXT: is TEXT (wrapped or not) on the screen now?
on_screen() {
	want=$(printf '%s' "$1" | squeeze)
	screen | squeeze | grep -qF -- "$want"
}

# wait_screen WANT TEXT [DESCRIPTION]: poll until TEXT is on the screen
# (WANT 1) or gone from it (WANT 0); a failure shows the screen.
wait_screen() {
	if [ -z "$2" ]; then
		fail "${3:-screen}: waiting for an empty text (a helper printed nothing)"
		return 1
	fi
	deadline=$(($(date +%s) + TMUX_WAIT_S))
	while :; do
		if on_screen "$2"; then now=1; else now=0; fi
		[ "$now" = "$1" ] && break
		if [ "$(date +%s)" -ge "$deadline" ]; then
			fail "${3:-screen}: '$2' $([ "$1" = 1 ] && echo never came ||
			    echo never left); screen:
$(screen)"
			return 1
		fi
		sleep 0.05
	done
	pass
}

# wait_for TEXT [DESCRIPTION]: until TEXT is on the screen.
wait_for() {
	wait_screen 1 "$@"
}

# wait_gone TEXT [DESCRIPTION]: until TEXT has left the screen.
wait_gone() {
	wait_screen 0 "$@"
}

# fits: no line of the screen is wider than the terminal, counting
# Chinese characters as two columns.
fits() {
	screen >"$T/screen"
	w=$(LC_ALL=C.UTF-8 wc -L <"$T/screen")
	if [ "$w" -gt "$UI_COLS" ]; then
		fail "a line is $w columns wide on a $UI_COLS-column screen:
$(cat "$T/screen")"
		return 1
	fi
	pass
}

# tr_ LANG MSGID: the message in LANG from the built catalogues.
tr_() {
	LC_ALL=C.UTF-8 LANGUAGE=$1 TEXTDOMAINDIR="$RENOVOTE_LOCALEDIR" \
	    gettext renovote "$2"
}

# plan_text LANG PATH: a text of the live plan in LANG, e.g.
# plan_text en items.0.title.
plan_text() {
	awk -F '\t' -v p="$2" -v l="$1" '$1 == p && $2 == l { print $3 }' \
	    "$T/texts"
}

# qr_decode: decode the QR code on the screen with zbarimg, through a
# bitmap made from its half blocks (a glyph's inked halves are the dark
# modules, as term_qr draws them in the colour schemes).
qr_decode() {
	screen | python3 -c '
import sys
rows = [l.rstrip("\n") for l in sys.stdin if any(c in l for c in "\u2588\u2580\u2584")]
w = max(len(r) for r in rows)
m = []
for r in rows:
    r = r.ljust(w)
    m.append([c in "\u2588\u2580" for c in r])
    m.append([c in "\u2588\u2584" for c in r])
s, q = 4, 4
W, H = (w + 2 * q) * s, (len(m) + 2 * q) * s
print("P1\n%d %d" % (W, H))
for y in range(H):
    my = y // s - q
    print(" ".join("1" if 0 <= my < len(m) and 0 <= x // s - q < w and
        m[my][x // s - q] else "0" for x in range(W)))
' >"$T/qr.pbm" && zbarimg -q --raw "$T/qr.pbm" 2>/dev/null
}

# said TEXT: poll until the kiosk has said TEXT (in any line of the speech
# log $LOG, which the test names and hands the kiosk as
# RENOVOTE_SPEECH_LOG).
said() {
	deadline=$(($(date +%s) + TMUX_WAIT_S))
	while ! grep -qF -- "$1" "$LOG" 2>/dev/null; do
		if [ "$(date +%s)" -ge "$deadline" ]; then
			fail "never said '$1'; log: $(tail -n 3 "$LOG" 2>/dev/null)"
			return 1
		fi
		sleep 0.05
	done
	pass
}

# spoken LANG TEXT: a catalogue text as the kiosk says it (speech_text),
# for texts whose numbers are single digits: in Chinese the digits as
# words and no spaces; the marks ✔ ✖ never.
spoken() {
	case "$1" in
	zh_*)	printf '%s' "$2" | sed 's/✔ //; s/✖ //; s/ //g' |
		    sed 'y/0123456789/零一二三四五六七八九/' ;;
	*)	printf '%s' "$2" | sed 's/✔ //; s/✖ //' ;;
	esac
}

# The Mandarin voice (kiosk/speech.c SPEECH_VOICE_ZH).
ZH_VOICE=cmn-latn-pinyin

# text_of LINE: the text of a speech log line; voice_of, lang_of,
# rate_of: its voice, language and rate step.
text_of() { printf '%s\n' "$1" | sed 's/^\[[^]]*\] //'; }
voice_of() { printf '%s\n' "$1" | sed -n 's/^\[[^ ]* voice=\([^ ]*\) .*/\1/p'; }
lang_of() { printf '%s\n' "$1" | sed -n 's/^\[\([^ ]*\) .*/\1/p'; }
rate_of() { printf '%s\n' "$1" | sed -n 's/^\[[^]]* r\([0-9]\) .*/\1/p'; }

# speech_log_check LOG: every line of a speech log has the voice of its
# language and says no mask or URL; a Chinese line holds no Latin letter
# or digit, and espeak-ng's transcription of it (-x, the voice the line
# names) never switches to English.  Sets $lines to the lines read.
speech_log_check() {
	lines=0
	while IFS= read -r line; do
		lines=$((lines + 1))
		lang=$(lang_of "$line")
		voice=$(voice_of "$line")
		text=$(text_of "$line")
		case "$lang" in
		zh_CN|zh_TW) want=$ZH_VOICE ;;
		en) want=en ;;
		*) fail "line $lines: no language: $line"; continue ;;
		esac
		[ "$voice" = "$want" ] ||
		    fail "line $lines: voice '$voice', expected $want: $line"
		if [ -z "$voice" ]; then
			continue
		fi
		case "$text" in
		*'*'*|*http*) fail "line $lines: a mask or URL is said: $text" ;;
		esac
		if [ "$lang" != en ] && printf '%s' "$text" | grep -q '[A-Za-z0-9]'; then
			fail "line $lines: Latin letters or digits in Chinese: $text"
		fi
		ph=$(espeak-ng -q -x -v "$voice" "$text" 2>&1)
		case "$ph" in
		*'(en)'*) fail "line $lines: the $voice voice switches to English: $text -> $ph" ;;
		*) pass ;;
		esac
	done <"$1"
}

# ui_exited: the program has ended; prints its exit status.
ui_exited() {
	screen | sed -n 's/^EXITED //p'
}

# kiosk_done: no sanitizer report from any run (the interface's stderr is
# not the test's, so reports go to files), then the totals.
kiosk_done() {
	tm kill-server 2>/dev/null
	for f in "$T"/sanitizer*; do
		[ -e "$f" ] || continue
		fail "sanitizer report: $(head -c 2000 "$f")"
	done
	test_done
}
