#!/bin/sh
# The code screen for a resident without a full keyboard, in guided zh_CN at
# 40x12: the numeric form typed with the number keys is accepted (8, 9 and 0
# are digits there), what was typed shows in groups of three, * and then 9
# read it back digit by digit, a short code gets a message naming the
# count, a scanned letter code (typed by the scanner with Enter) is
# accepted, and the lockout says until when in one short line.

. "$top_srcdir/tests/kiosk/lib.sh"

check "set up office and kiosk" kiosk_setup
LOG="$T/speech.log"

# numeric CODE: the numeric form of a letter code, worked out here
# independently of code.c: the code in base 31 over its alphabet.
numeric() {
	python3 -c '
import sys
a = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
v = 0
for c in sys.argv[1].replace("-", ""):
    v = v * 31 + a.index(c)
print("%018d" % v)' "$1"
}

# spoken_digits DIGITS: how the kiosk reads the digits back in Chinese: groups
# of three digit words, which espeak-ng says one character at a time.
spoken_digits() {
	python3 -c '
import sys
w = "零一二三四五六七八九"
d = sys.argv[1]
print("，".join("".join(w[int(c)] for c in d[i:i + 3]) for i in range(0, len(d), 3)))' "$1"
}

# type_digits DIGITS: press each number key in turn, as a resident would.
type_digits() {
	for d in $(printf '%s' "$1" | sed 's/./& /g'); do
		keys "$d"
	done
}

# to_code FLAT [LANG]: from Welcome to the code screen of a first-floor
# flat building-entrance-room (the first room of its entrance).
to_code() {
	l=${2:-zh_CN}
	b=${1%%-*}
	rest=${1#*-}
	keys 1
	wait_for "$(tr_ "$l" "Which building do you live in?")" || return 1
	keys "$b"
	wait_for "$(tr_ "$l" "Entrance %s" | sed "s/%s/${rest%%-*}/")" || return 1
	keys "${rest%%-*}"
	wait_for "$(tr_ "$l" "Flat %s" | sed "s/%s/${1##*-}/")" || return 1
	keys 1
	wait_for "$(tr_ "$l" "Flat %s" | sed "s/%s/$1/")"
}

CODE=$(code_of 1-1-101)
NUM=$(numeric "$CODE")
check "numeric form has 18 digits" [ "${#NUM}" -eq 18 ]
G1=$(printf '%s' "$NUM" | cut -c1-3)
G2=$(printf '%s' "$NUM" | cut -c4-6)
G3=$(printf '%s' "$NUM" | cut -c7-9)
G4=$(printf '%s' "$NUM" | cut -c10-12)

# Guided, zh_CN, 40x12: scanning first, or the digits.
start_ui 40 12 "RENOVOTE_SPEECH_LOG=$LOG" -- --guided --lang zh_CN
wait_for "$(tr_ zh_CN Start)" "guided welcome"
to_code 1-1-101
wait_for "$(tr_ zh_CN "If this is your flat, scan your slip's QR code or type its %d digits." |
    sed 's/%d/18/')"
wait_for "$(tr_ zh_CN "Enter check  * read back  Esc back")"
fits
# Enter on nothing says what to type.
keys Enter
wait_for "$(tr_ zh_CN "Type the %d digits from your slip, or scan its QR code." | sed 's/%d/18/')"
# Twelve digits from 2 to 9 look like a letter code, but from the number
# keys they are a numeric code cut short: named, and no try counted.
type_digits 234567892345
keys Enter
wait_for "$(tr_ zh_CN "✖ The code has %d digits; you typed %zu." | sed 's/%d/18/; s/%zu/12/')"
same "twelve digits are not a try" "$(sql "$T/k.db" "SELECT count(*) FROM lockout WHERE failures > 0")" 0
keys BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace
wait_for "[_]"
# Twelve digits, shown in groups of three as typed; Enter names the count.
type_digits "$G1$G2$G3$G4"
wait_for "[$G1 $G2 $G3 $G4" "digits shown in groups"
wait_for "$(tr_ zh_CN "%zu of %d digits typed" | sed 's/%zu/12/; s/%d/18/')"
keys Enter
wait_for "$(tr_ zh_CN "✖ The code has %d digits; you typed %zu." | sed 's/%d/18/; s/%zu/12/')"
fits
# The short try cost nothing: no lockout count.
same "a short code is not a try" "$(sql "$T/k.db" "SELECT count(*) FROM lockout WHERE failures > 0")" 0
# Still there after the message; the rest of the digits, then read back.
wait_for "[$G1 $G2 $G3 $G4"
type_digits "$(printf '%s' "$NUM" | cut -c13-18)"
wait_for "$(printf '%s' "$NUM" | sed 's/.../& /g; s/ $//')" "all six groups"
wait_for "$(tr_ zh_CN "Enter check  9 read back  Esc back")"
fits
keys '*'
said "$(spoken_digits "$NUM")"
# 9 reads back too once all 18 are in, instead of typing a 19th digit.
n=$(grep -cF "$(spoken_digits "$NUM")" "$LOG")
keys 9
deadline=$(($(date +%s) + TMUX_WAIT_S))
while [ "$(grep -cF "$(spoken_digits "$NUM")" "$LOG")" -le "$n" ] &&
    [ "$(date +%s)" -lt "$deadline" ]; do
	sleep 0.05
done
check "9 reads back a full code" [ "$(grep -cF "$(spoken_digits "$NUM")" "$LOG")" -gt "$n" ]
keys 5
wait_for "$(tr_ zh_CN "All %d digits are typed: press Enter." | sed 's/%d/18/')"
# Backspace takes one digit off; put it back; Enter.
keys BSpace
wait_for "$(tr_ zh_CN "%zu of %d digits typed" | sed 's/%zu/17/; s/%d/18/')"
type_digits "$(printf '%s' "$NUM" | cut -c18)"
keys Enter
wait_for "$(tr_ zh_CN "✔ Thank you, the code is right.")" "numeric code accepted"
# The session answers for the flat: one answer through the interface.
same "no lockout after the right code" "$(sql "$T/k.db" "SELECT count(*) FROM lockout WHERE failures > 0 OR locked_until > 0")" 0

# English, not guided, 40x12: the message fits beside the whole body
# (no "8 more": 8 is a digit here), * says the read-back is spoken in
# guided mode, Esc goes back.
start_ui 40 12 -- --lang en
wait_for "Dongfeng"
to_code 1-1-101 en
type_digits 1234567
keys Enter
wait_for "✖ The code has 18 digits; you typed 7."
wait_for "[123 456 7_]"
wait_for "7 of 18 digits typed"
wait_gone "8 more"
fits
keys '*'
wait_for "The code is read back aloud in guided mode."
keys Escape
wait_for "Building 1, entrance 1. Which flat?"

# Esc and Backspace on an empty field go back to the flats.
start_ui 40 12 -- --guided --lang zh_CN
wait_for "$(tr_ zh_CN Start)"
to_code 1-1-101
keys 0 BSpace BSpace
wait_for "$(tr_ zh_CN "Building %s, entrance %s. Which flat?" | sed 's/%s/1/; s/%s/1/')" "backspace on empty goes back"

# A scanner types the letter code and Enter in one burst.
start_ui 40 12 -- --guided --lang zh_CN
wait_for "$(tr_ zh_CN Start)"
to_code 1-2-101
keys "$(code_of 1-2-101)" Enter
wait_for "$(tr_ zh_CN "✔ Thank you, the code is right.")" "scanned code accepted"

# Five wrong codes: the lockout says until when, HH:MM, in one line.
start_ui 40 12 -- --guided --lang zh_CN
wait_for "$(tr_ zh_CN Start)"
to_code 2-1-101
WRONG=000000000000000001
[ "$(numeric "$(code_of 2-1-101)")" = "$WRONG" ] && WRONG=000000000000000002
for left in 4 3 2 1; do
	type_digits "$WRONG"
	keys Enter
	wait_for "$(tr_ zh_CN "wrong voting code for flat %s (%d more tries before the flat is locked)" |
	    sed "s/%s/2-1-101/; s/%d/$left/")"
done
type_digits "$WRONG"
keys Enter
wait_for "$(tr_ zh_CN "✖ Locked. Try again after %s." | sed 's/%s.*//')"
until=$(sql "$T/k.db" "SELECT locked_until FROM lockout WHERE flat_id = '2-1-101'")
hm=$(TZ=Asia/Shanghai date -d "@$((until / 1000))" +%H:%M)
msg=$(tr_ zh_CN "✖ Locked. Try again after %s." | sed "s/%s/$hm/")
wait_for "$msg" "lockout message"
screen >"$T/screen"
check "lockout message on one line" grep -qF -- "$msg" "$T/screen"
check "no ISO time" sh -c '! grep -q "T[0-9][0-9]:[0-9][0-9]" "$1"' _ "$T/screen"
fits
# The right code now gets the same line, and no try is counted.
keys "$(code_of 2-1-101)" Enter
wait_for "$msg"
same "still one lockout record" "$(sql "$T/k.db" "SELECT count(*) FROM ledger WHERE type = 4")" 1
# Picking the locked flat again says so at once, before any typing.
keys Escape
wait_for "$(tr_ zh_CN "Building %s, entrance %s. Which flat?" | sed 's/%s/2/; s/%s/1/')"
wait_gone "$msg"
keys 1
wait_for "$msg" "locked flat picked again"

kiosk_done
