#!/bin/sh
# A whole guided vote, as a 78-year-old resident makes it alone, in
# zh_CN: Welcome to the printed receipt at 40x12 with number keys only
# (the 18 digits of her code), and again at 80x24 with the code scanned
# from her slip (tests/kiosk/journey.py drives both and counts the key
# presses).  Asserted: the flat's total on screen before the first
# question, no wrapped line cut inside a number, step numbers that go up
# by one to N of N, every spoken line Mandarin in espeak-ng's own
# transcription with the logged voice, every answer's receipt code on
# the printed receipt, and the key presses within the count of
# docs/kiosk.md.
. "$top_srcdir/tests/kiosk/lib.sh"

need espeak-ng iconv
# Key presses of a whole guided vote (docs/kiosk.md, "A whole vote").
PRESSES_SCAN_MAX=56
PRESSES_DIGITS_MAX=56

check "set up office and kiosk" kiosk_setup
"$KIOSK" load --db "$T/k.db" --pin-file "$T/pin" --printer "$T/printer.out" \
    "$T/p1.pkg" >/dev/null || fail "printer set"

# column NAME FLAT: a column of $T/codes.csv for a flat, by header name.
column() {
	python3 -c '
import csv, sys
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    if r["estate_id"] == "LC-XNY-02" and r["flat_id"] == sys.argv[3]:
        print(r[sys.argv[2]].replace(" ", ""))' "$T/codes.csv" "$1" "$2"
}

# journey SIZE MODE FLAT: one vote; leaves the result in $T/journey.json.
journey() {
	rm -f "$T/speech.log" "$T/printer.out"
	: >"$T/printer.out"
	start_ui "${1%x*}" "${1#*x}" "RENOVOTE_SPEECH_LOG=$T/speech.log" -- --guided --lang zh_CN
	wait_for "$(plan_text zh_CN title)" "$1 welcome" || return 1
	if [ "$2" = digits ]; then code=$(column code_digits "$3"); else code=$(column code "$3"); fi
	RENOVOTE_LOCALEDIR="$RENOVOTE_LOCALEDIR" TMUX_WAIT_S="$TMUX_WAIT_S" \
	    python3 "$top_srcdir/tests/kiosk/journey.py" "$TMUX_SOCKET" \
	    "${1%x*}" "${1#*x}" zh_CN "$2" "$code" "${3##*-}" "$T/journey.json"
	mkdir -p "$top_builddir/tests/artifacts" &&
	    cp "$T/journey.json" "$top_builddir/tests/artifacts/journey-$1.json"
}

# field EXPR: a field of $T/journey.json.
field() {
	python3 -c 'import json, sys; j = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$T/journey.json" "$1"
}

for run in "40x12 digits 1-1-101" "80x24 scan 1-1-102"; do
	set -- $run
	journey "$1" "$2" "$3" || { fail "$run: no journey"; continue; }
	same "$run: no problem on the way" "$(field '"\n".join(j["problems"])')" ""
	same "$run: back at Welcome" "$(field 'len(j["steps"]) > 20')" True
	n=$(field 'j["presses"]')
	echo "$run: $n key presses"
	max=$PRESSES_SCAN_MAX
	[ "$2" = digits ] && max=$PRESSES_DIGITS_MAX
	check "$run: $n key presses, at most $max" [ "$n" -le "$max" ]
	# Every record of the flat has its code on the printed receipt.
	want=$(sql "$T/k.db" "SELECT (SELECT count(*) FROM answer WHERE flat_id = '$3') + (SELECT count(*) FROM signature WHERE flat_id = '$3')")
	check "$run: answers recorded ($want)" [ "$want" -ge 4 ]
	printed=$(iconv -f GB18030 -t UTF-8 <"$T/printer.out" 2>/dev/null |
	    grep -aoE '\b[0-9A-Z]{5}-[0-9A-Z]{5}\b' | sort -u | wc -l)
	same "$run: the printed receipt lists every answer and pledge" "$printed" "$want"
	for c in $(field '" ".join(j["receipt_codes"])'); do
		check "$run: screen code $c printed" grep -aq "$c" "$T/printer.out"
	done
	# Every spoken line is Mandarin to the voice that spoke it.
	lines=0
	while IFS= read -r line; do
		voice=$(printf '%s' "$line" | sed -n 's/^\[[a-zA-Z_]* voice=\([^ ]*\) .*/\1/p')
		text=$(printf '%s' "$line" | sed 's/^\[[^]]*\] //')
		[ -n "$voice" ] || { fail "$run: a speech line without its voice: $line"; continue; }
		x=$(espeak-ng -q -x -v "$voice" "$text" 2>&1)
		case "$x" in
		*"(en)"*) fail "$run: spoken in English by $voice: $text -> $x" ;;
		esac
		lines=$((lines + 1))
	done <"$T/speech.log"
	check "$run: the vote was spoken ($lines lines)" [ "$lines" -gt 20 ]
done

kiosk_done
