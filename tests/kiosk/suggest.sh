#!/bin/sh
# The suggestion screen (您的建议) after the questions and the pledge: a
# resident writes one, ASCII and Chinese as an input method delivers it
# (UTF-8 through tmux), sees the bytes left, deletes a character, has a
# control character refused, and records it; the kiosk's ledger and
# suggestion table hold exactly the text, typed by the resident, with
# the receipt shown.

. "$top_srcdir/tests/kiosk/lib.sh"

check "set up office and kiosk" kiosk_setup
flat=$(sed -n "s/^LC-XNY-02,\(1-1-[0-9]*\),.*/\1/p" "$T/codes.csv" | sed -n 1p)

# bytes_left N: the line that says N bytes are left, in zh_CN.
bytes_left() {
	tr_ zh_CN "%zu bytes left" | sed "s/%zu/$1/"
}

start_ui 80 24 -- --lang zh_CN
wait_for "$(plan_text zh_CN title)" "welcome"
keys 1
wait_for "$(tr_ zh_CN "Which building do you live in?")"
keys 1
wait_for "$(tr_ zh_CN "Building %s. Which entrance?" | sed 's/%s/1/')"
keys 1
wait_for "$(tr_ zh_CN "Page %zu of %zu · 8 next page" | sed 's/%zu/1/; s/%zu/2/')"
keys 1
wait_for "$(tr_ zh_CN "Your voting code")"
keys "$(code_of "$flat")" Enter
wait_for "$(tr_ zh_CN "✔ Thank you, the code is right.")"
keys 3
wait_for "$(plan_text zh_CN questions.0.title)"
n=0
while ! on_screen "$(tr_ zh_CN "Review your answers")" && [ $n -lt 12 ]; do
	keys Enter
	sleep 0.3
	n=$((n + 1))
done
wait_for "$(tr_ zh_CN "Review your answers")"
keys 1
wait_for "$(tr_ zh_CN "Willingness pledge")"
keys 3
wait_for "$(tr_ zh_CN "Your suggestion")" "the suggestion after the pledge"
wait_for "$(tr_ zh_CN "Write a suggestion")"
wait_for "$(tr_ zh_CN "1 write  2 skip")"
fits
keys 1
wait_for "$(bytes_left 600)" "typing, 600 bytes left"
# ASCII, digits (text here, not choices) and letters that are shortcuts
# elsewhere (L language, H contrast).
keys -l "Keep the shed 1234 LH "
wait_for "$(bytes_left 578)"
wait_for "Keep the shed 1234 LH"
# Chinese as an input method commits it: UTF-8 characters, 3 bytes each.
keys -l "北侧加装电梯"
wait_for "$(bytes_left 560)"
# A control character is refused; Backspace deletes one whole character.
keys C-a
keys BSpace
wait_for "$(bytes_left 563)" "backspace deletes a whole character"
fits
keys Enter
wait_for "$(tr_ zh_CN "Your receipt")" "the receipt after the suggestion"
typed="Keep the shed 1234 LH 北侧加装电"
same "the suggestion recorded" "$(sql "$T/k.db" "SELECT text FROM suggestion WHERE flat_id = '$flat'")" "$typed"
same "typed by the resident" "$(sql "$T/k.db" "SELECT count(*) FROM suggestion WHERE taken_by IS NULL")" 1
receipt=$(sql "$T/k.db" "SELECT receipt FROM ledger WHERE type = 7")
wait_for "$receipt" "the suggestion's receipt shown"
keys 0
wait_for "$(tr_ zh_CN "Thank you. Everything you entered has been cleared.")"

# The record carries the text to the office like any other.
"$KIOSK" export --db "$T/k.db" --out "$T/b" >/dev/null || fail "export"
expect 0 "$OFFICE" ingest --db "$T/office.db" "$T/b"
same "the office holds the same text" "$(sql "$T/office.db" "SELECT text FROM suggestion")" "$typed"

kiosk_done
