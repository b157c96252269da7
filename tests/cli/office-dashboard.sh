#!/bin/sh
# The office dashboard in a real terminal (tmux): every estate in turn,
# its questions' status in words and bars with figures, the kiosks with
# their last sync, live refresh after an ingest, and QR codes that zbarimg
# reads back to each estate's results page, at 80x24 and 120x40, in
# zh_CN, zh_TW and en.
. "$top_srcdir/tests/kiosk/lib.sh"

BASE=https://office.example.cn
OD="$T/office.db"
live_office "$OD" "$T" || fail "office set-up"
new_kiosk "$T/k1.db" hall-1 "$OD" "$T/p1.pkg" || fail "kiosk set-up"
"$KIOSK" cast --db "$T/k1.db" --flat 1-1-101 --code-file "$(code_file "$(code_of 1-1-101)")" \
    --question Q-BASIC --choice agree >/dev/null || fail "cast"
"$KIOSK" export --db "$T/k1.db" --out "$T/b1" >/dev/null || fail "export"
"$OFFICE" ingest --db "$OD" "$T/b1" >/dev/null || fail "ingest"

# start_dash COLS ROWS LANG [OPTIONS...]: the dashboard in a fresh tmux.
start_dash() {
	UI_COLS=$1
	UI_ROWS=$2
	lang=$3
	shift 3
	tm kill-server 2>/dev/null
	# A dying server refuses new sessions: wait until it is gone.
	while tm ls >/dev/null 2>&1; do
		sleep 0.05
	done
	tm -f /dev/null new-session -d -x "$UI_COLS" -y "$UI_ROWS" \
	    "env LC_ALL=C.UTF-8 LANGUAGE=$lang RENOVOTE_LOCALEDIR='$RENOVOTE_LOCALEDIR' '$OFFICE' dashboard --db '$OD' $*; echo EXITED \$?; sleep 600"
}

# scan FROM_COL: what zbarimg reads from the QR code right of FROM_COL.
scan() {
	screen | python3 "$top_srcdir/tests/qr-scan.py" "$1" 2>&1
}

# show ESTATE: press space until ESTATE's first page is up.
show() {
	i=0
	while ! on_screen "$1  (" || ! on_screen "· 1/"; do
		keys Space
		i=$((i + 1))
		[ $i -le 20 ] || { fail "never reached $1"; return 1; }
		sleep 0.1
	done
}

# --- 120x40, English: the QR code beside the figures ------------------
start_dash 120 40 en --base-url "$BASE/" --cycle 600 --refresh 1
wait_for "LC-XNY-01" "first estate"
wait_for "(1/3 · 1/" "estate and page counter"
same "QR of the first estate" "$(scan 60)" "$BASE/e/LC-XNY-01"
fits
show LC-XNY-02
wait_for "Q-BASIC Do you agree to carry out the basic renovation works?" \
    "question title in the plan's English"
wait_for "open (voting continues)" "status in words"
wait_for "≥2/3" "participation threshold"
wait_for "≥3/4" "approval threshold of a major matter"
wait_for ">1/2" "approval threshold of an ordinary matter"
wait_for "not met" "bars say whether they are met"
wait_for "hall-1 20" "kiosk with its last sync"
same "QR follows the estate" "$(scan 60)" "$BASE/e/LC-XNY-02"
# turnout: the Q-BASIC participation figures as tally prints them.
turnout() {
	"$OFFICE" tally --db "$OD" --estate LC-XNY-02 |
	    awk '/Q-BASIC/ { f = 1 } f && $1 == "taking" { print "area " $6 " owners " $4; exit }'
}
first=$(turnout)
wait_for "$first" "Q-BASIC turnout as tally has it ($first)"
check "one owner took part" test "$first" != "area 0.00% owners 0.00%"

# Live: a second answer reaches the office; the figures follow by
# themselves within the refresh interval.
"$KIOSK" cast --db "$T/k1.db" --flat 1-1-102 --code-file "$(code_file "$(code_of 1-1-102)")" \
    --question Q-BASIC --choice agree >/dev/null || fail "second cast"
"$KIOSK" export --db "$T/k1.db" --out "$T/b2" >/dev/null || fail "export 2"
"$OFFICE" ingest --db "$OD" "$T/b2" >/dev/null || fail "ingest 2"
second=$(turnout)
check "the second answer counts" test "$second" != "$first"
wait_for "$second" "refreshed figures ($second)"

# Keys: c switches contrast and the screen stays whole; any other key
# does nothing harmful; q quits with status 0.
keys c
wait_for "LC-XNY-02" "after contrast"
keys x Escape
wait_for "LC-XNY-02" "after stray keys"
keys q
deadline=$(($(date +%s) + TMUX_WAIT_S))
while [ -z "$(ui_exited)" ] && [ "$(date +%s)" -lt "$deadline" ]; do
	sleep 0.05
done
same "q quits cleanly" "$(ui_exited)" 0

# --- 80x24 in each language: the QR code gets a page of its own -------
for lang in zh_CN zh_TW en; do
	start_dash 80 24 "$lang" --base-url "$BASE" --cycle 600
	wait_for "LC-XNY-01" "$lang first estate"
	wait_for "$(tr_ "$lang" "no plan yet")" "$lang estate without a plan"
	show LC-XNY-02
	wait_for "$(tr_ "$lang" "turnout")" "$lang bar label"
	wait_for "$(tr_ "$lang" "agreeing")" "$lang bar label"
	wait_for "$(tr_ "$lang" "open (voting continues)")" "$lang status"
	wait_for "$(tr_ "$lang" "not met")" "$lang bar state"
	fits
	# Back from the first page of an estate: the last page of the one
	# before, its QR code.
	keys Left
	wait_for "LC-XNY-01" "$lang back to the estate before"
	wait_for "$(tr_ "$lang" "Scan for the results: %s/e/%s" | sed 's/%s.*//')" \
	    "$lang caption"
	same "$lang QR page scans" "$(scan 0)" "$BASE/e/LC-XNY-01"
	fits
done

# --- the cycle moves on by itself -------------------------------------
start_dash 120 40 en --base-url "$BASE" --cycle 1
wait_for "LC-XNY-01" "cycle start"
wait_for "LC-XNY-02" "cycled to the next estate"

# --- without --base-url, no QR code and it says so ---------------------
start_dash 120 40 en --cycle 600
wait_for "no --base-url: no QR code" "missing base URL"

# --- serve's certificate about to expire: the status line says so -----
mkdir "$T/tls-soon"
"$OFFICE" tls init --dir "$T/tls-soon" --name localhost --days 10 >/dev/null || fail "tls init"
start_dash 120 40 en --cycle 600 --cert "$T/tls-soon/cert.pem"
wait_for "cert.pem expires on" "certificate expiry warning"
wait_for " days): renew it" "days left"

# --- refusals ----------------------------------------------------------
expect_error 2 "dashboard: needs a terminal" "$OFFICE" dashboard --db "$OD"
expect_error 2 "dashboard: --refresh: '0' is not a number from 1 to 3600" \
    "$OFFICE" dashboard --db "$OD" --refresh 0
expect_error 2 "--base-url: 'ftp://x' is not an http" \
    "$OFFICE" dashboard --db "$OD" --base-url ftp://x
# (a missing database is refused before the terminal is needed)
expect_error 1 "no such database" "$OFFICE" dashboard --db "$T/none.db"

test_done
