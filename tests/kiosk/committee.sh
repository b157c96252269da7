#!/bin/sh
# Committee mode: the PIN (wrong, then right), the local tally and last
# sync, closing and opening the kiosk, export to a path that the office
# then ingests, a proxy answer recorded with holder and witness, and the
# only way out of the program.  Also: an answer given through the
# interface is recorded exactly as cast records one.

. "$top_srcdir/tests/kiosk/lib.sh"

check "set up office and kiosk" kiosk_setup

# The PIN is stored only as a salted hash; a bad PIN file is refused.
same "PIN hashed" "$(sql "$T/k.db" "SELECT value LIKE 'scrypt\$%' AND instr(value, '$PIN') = 0 FROM meta WHERE key = 'pin_hash'")" 1
printf '12ab\n' >"$T/badpin"
expect_error 1 'PIN must be 6 to 12 digits' "$KIOSK" load --db "$T/k.db" --pin-file "$T/badpin" "$T/p1.pkg"

# export_to FILE: from the committee menu, export to FILE (the field
# holds a suggested path first, which is deleted).
export_to() {
	keys 3
	wait_for "File: [/media/usb/renovote-hall-1.bundle_]"
	i=0
	while [ $i -lt 40 ]; do keys BSpace; i=$((i + 1)); done
	keys "$1" Enter
	wait_for "✔ Exported to $1."
}

# enter_committee PIN: from Welcome, type the PIN.
enter_committee() {
	keys C
	wait_for "PIN"
	keys "$1" Enter
}

start_ui 80 24 -- --lang en
wait_for "Dongfeng"
enter_committee 111111
wait_for "Wrong PIN (4 tries left)."
enter_committee "$PIN"
wait_for "Committee mode"
wait_for "Kiosk hall-1. Last sync with the office: never."
wait_for "✔ Residents: open"

# Close the kiosk: Welcome says so and lets nobody start.
keys 2
wait_for "✔ The kiosk is closed to residents."
same "locked in meta" "$(sql "$T/k.db" "SELECT value FROM meta WHERE key = 'locked'")" 1
keys 0
wait_for "✖ CLOSED: this kiosk is not taking answers now."
keys 1 Enter
wait_for "✖ CLOSED"
wait_gone "Which building"
enter_committee "$PIN"
wait_for "✖ Residents: CLOSED"
keys 2
wait_for "✔ The kiosk is open to residents."

# Export to a path, and the office takes the bundle.
export_to "$T/usb.bundle"
expect 0 "$OFFICE" ingest --db "$T/office.db" "$T/usb.bundle"

# A proxy answer: the holder and the committee member are recorded with it.
keys 4
wait_for "Proxy holder: [_]"
keys "王五" Enter
wait_for "Committee member: [_]"
# The plan's committee is listed; a name not on it can still be typed.
wait_for "[4]   刘玉兰"
keys "李四" Enter
wait_for "Proxy holder: 王五. Checked by: 李四."
keys 1
wait_for "✔ Proxy answer: the holder may now pick the flat."
wait_for "Proxy answer: holder 王五, checked by 李四"
keys 2 1 1
wait_for "Flat 2-1-101"
keys "$(code_of 2-1-101)" Enter
wait_for "✔ Thank you, the code is right."
keys 3 1 Enter Enter Enter
wait_for "Review your answers"
keys 1
wait_for "Willingness pledge"
keys 3
wait_for "Your suggestion"
keys 2
wait_for "Your receipt"
keys 0
wait_for "Thank you. Everything you entered has been cleared."
same "proxy answer recorded" "$(sql "$T/k.db" "SELECT question_id || '=' || choice FROM answer WHERE flat_id = '2-1-101'")" "Q-BASIC=agree"
same "holder and witness in the record" "$(sql "$T/k.db" "SELECT count(*) FROM ledger WHERE type = 2 AND instr(body, CAST('王五' AS BLOB)) > 0 AND instr(body, CAST('李四' AS BLOB)) > 0")" 1

# The same answer through cast for another flat: the same record but for
# the flat, time, sequence and hash; the office counts both.
keys 1 2 1 2
wait_for "Flat 2-1-102"
keys "$(code_of 2-1-102)" Enter
wait_for "✔ Thank you, the code is right."
keys 3 1 Enter Enter Enter
wait_for "Review your answers"
keys 1
wait_for "Willingness pledge"
keys 3 0 0
wait_for "Thank you. Everything you entered has been cleared."
expect 0 "$KIOSK" cast --db "$T/k.db" --flat 2-1-201 --code-file "$(code_file "$(code_of 2-1-201)")" \
    --question Q-BASIC --choice agree
same "same record shape" \
    "$(sql "$T/k.db" "SELECT type, length(body) FROM ledger WHERE seq IN (SELECT seq FROM answer WHERE flat_id = '2-1-102') UNION ALL SELECT type, length(body) FROM ledger WHERE seq IN (SELECT seq FROM answer WHERE flat_id = '2-1-201')" | sort -u | wc -l)" 1
same "same answer rows" \
    "$(sql "$T/k.db" "SELECT DISTINCT device || estate_id || question_id || choice FROM answer WHERE flat_id IN ('2-1-102', '2-1-201')" | wc -l)" 1
keys C
wait_for "Type the committee PIN"
keys "$PIN" Enter
wait_for "Committee mode"
export_to "$T/usb2.bundle"
expect 0 "$OFFICE" ingest --db "$T/office.db" "$T/usb2.bundle"
same "office has both" "$(sql "$T/office.db" "SELECT count(DISTINCT flat_id) FROM answer WHERE question_id = 'Q-BASIC' AND choice = 'agree' AND flat_id IN ('2-1-102', '2-1-201')")" 2

# The local tally counts what was answered here.
keys 1
wait_for "Answers recorded on this kiosk (latest per owner):"
wait_for "Agree 3, Disagree 0, Abstain 0"
keys 0

# Five wrong PINs lock committee entry.
keys 0
for left in 4 3 2 1; do
	enter_committee 999999
	wait_for "Wrong PIN ($left tries left)."
done
enter_committee 999999
wait_for "Wrong PIN. Committee entry is locked for 5 minutes."
enter_committee "$PIN"
wait_for "Committee entry is locked after 5 wrong PINs"

# The lock is kept in the kiosk's database: a new process still refuses
# the PIN.  Its end moved into the past (the kiosk has no clock to set),
# the committee enters again.
start_ui 80 24 -- --lang en
wait_for "Dongfeng"
enter_committee "$PIN"
wait_for "Committee entry is locked after 5 wrong PINs"
sql "$T/k.db" "UPDATE meta SET value = CAST((julianday('now') - 2440587.5) * 86400000 - 1000 AS INTEGER) WHERE key = 'pin_locked_until'"

# The committee's screens in every language at both sizes (a new kiosk
# process): menu, tally, closed Welcome.
for size in 80x24 40x12; do
	for lang in zh_CN zh_TW en; do
		start_ui "${size%x*}" "${size#*x}" -- --lang "$lang"
		wait_for "$(plan_text "$lang" title)" "$lang $size" || continue
		enter_committee "$PIN"
		wait_for "$(tr_ "$lang" "Committee mode")" || continue
		wait_for "$(tr_ "$lang" "1-5 choose  0 back to Welcome")"
		fits
		keys 1
		wait_for "$(tr_ "$lang" "Answers recorded on this kiosk (latest per owner):")"
		fits
		keys 0 2 0
		wait_for "$(tr_ "$lang" "✖ CLOSED: this kiosk is not taking answers now. Please ask the committee staff.")"
		fits
		enter_committee "$PIN"
		wait_for "$(tr_ "$lang" "Committee mode")"
		keys 2
		wait_for "$(tr_ "$lang" "✔ The kiosk is open to residents.")"
	done
done

# Exit is the committee's: the program ends with status 0.
start_ui 80 24 -- --lang en
wait_for "Dongfeng"
enter_committee "$PIN"
wait_for "Exit the program"
# Exit asks first: 0 stays, 1 leaves.
keys 5
wait_for "Exit the program? The kiosk then takes no answers until it is started again."
keys 0
wait_for "1-5 choose  0 back to Welcome"
check "still running after 0" [ -z "$(ui_exited)" ]
keys 5
wait_for "1 exit  0 back"
keys 1
wait_for "EXITED 0"

kiosk_done
