#!/bin/sh
# Residents' suggestions (征求意见) end to end through the real binaries:
# typed and dictated at a kiosk, carried to the office in a bundle, listed
# and exported as CSV; every refusal leaves both databases as they were;
# paper forms entered at the office; and no text ever on a published page
# or a page the server answers.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/serve-lib.sh"

OD="$T/office.db"
K="$T/k1.db"
live_office "$OD" "$T" || fail "office set-up"
new_kiosk "$K" hall-1 "$OD" "$T/p1.pkg" || fail "kiosk set-up"
c101=$(code_of 1-1-101)
c102=$(code_of 1-1-102)

# One typed by the resident, one dictated to a committee member; a
# text's final newline is dropped, the ones inside kept.
printf 'Please keep the bicycle shed.\n' >"$T/s1"
printf '电梯请装在北侧，\n不要挡住二楼的窗户。\n' >"$T/s2"
expect 0 "$KIOSK" suggest --db "$K" --flat 1-1-101 --code-file "$(code_file "$c101")" --text-file "$T/s1"
r1=$(cut -d" " -f1 "$T/out")
same "suggestion in the kiosk's ledger" "$(sql "$K" "SELECT receipt FROM ledger WHERE type = 7")" "$r1"
expect 0 sh -c "echo '$c102' | '$KIOSK' suggest --db '$K' --flat 1-1-102 --code - --text-file '$T/s2' --taken-by 李秀英"
same "the kiosk keeps both" "$(sql "$K" "SELECT flat_id || ':' || coalesce(taken_by, '-') FROM suggestion ORDER BY seq")" "1-1-101:-
1-1-102:李秀英"

# Refusals: exit 1 or 2, one line, neither database changed.
printf '' >"$T/empty"
printf '\n\n' >"$T/newlines"
head -c 601 /dev/zero | tr '\0' a >"$T/long"
head -c 600 /dev/zero | tr '\0' a >"$T/full"
printf 'bad\033[2Jtext' >"$T/esc"
printf 'tab\there' >"$T/tab"
printf 'nul\000byte' >"$T/nul"
ksig=$(db_signature "$K")
osig=$(db_signature "$OD")
suggest101() {
	"$KIOSK" suggest --db "$K" --flat 1-1-101 --code-file "$(code_file "$c101")" "$@"
}
expect_error 1 "the suggestion is empty" suggest101 --text-file "$T/empty"
expect_error 1 "the suggestion is empty" suggest101 --text-file "$T/newlines"
expect_error 1 "the suggestion is 601 bytes, longer than 600" suggest101 --text-file "$T/long"
expect_error 1 "control character U\+001B at byte 3" suggest101 --text-file "$T/esc"
expect_error 1 "control character U\+0009 at byte 3" suggest101 --text-file "$T/tab"
expect_error 1 "contains a NUL byte" suggest101 --text-file "$T/nul"
expect_error 1 "'王主任' is not a committee member" suggest101 --text-file "$T/s1" --taken-by 王主任
expect_error 1 "no such file|cannot|No such" suggest101 --text-file "$T/missing"
expect_error 2 "--text-file" "$KIOSK" suggest --db "$K" --flat 1-1-101 --code-file "$(code_file "$c101")"
expect_error 1 "wrong voting code" "$KIOSK" suggest --db "$K" --flat 1-1-101 --code-file "$(code_file "$c102")" --text-file "$T/s1"
# A wrong code is counted toward the lockout: that, and only that, is kept.
same "wrong code counted" "$(sql "$K" "SELECT failures FROM lockout WHERE flat_id = '1-1-101'")" 1
sql "$K" "DELETE FROM lockout" >/dev/null
same "refusals record nothing at the kiosk" "$(db_signature "$K")" "$ksig"
same "refusals touch nothing at the office" "$(db_signature "$OD")" "$osig"
expect 0 suggest101 --text-file "$T/full"
same "600 bytes are taken" "$(sql "$K" "SELECT length(text) FROM suggestion WHERE flat_id = '1-1-101' ORDER BY seq DESC LIMIT 1")" 600

# To the office (a bundle, as on a USB stick), then listed and exported
# exactly.
expect 0 "$KIOSK" export --db "$K" --out "$T/b1"
expect 0 "$OFFICE" ingest --db "$OD" "$T/b1"
same "the office holds the suggestions" "$(sql "$OD" "SELECT count(*) FROM suggestion")" 3
# at SEQ [short]: when record SEQ of hall-1 was given, as the CSV writes
# it (ISO 8601, milliseconds when not zero) or as the listing does.
at() {
	python3 -c '
import datetime, sys
ms = int(sys.argv[1])
t = datetime.datetime.fromtimestamp(ms // 1000, datetime.timezone(datetime.timedelta(hours=8)))
if len(sys.argv) > 2:
    print(t.strftime("%Y-%m-%d %H:%M"))
else:
    print(t.strftime("%Y-%m-%dT%H:%M:%S") + (".%03d" % (ms % 1000) if ms % 1000 else "") + "+08:00")
' "$(sql "$OD" "SELECT at FROM suggestion WHERE device = 'hall-1' AND seq = $1")" ${2:-}
}
seq1=$(sql "$OD" "SELECT seq FROM suggestion WHERE flat_id = '1-1-101' AND length(text) < 600")
seq2=$(sql "$OD" "SELECT seq FROM suggestion WHERE flat_id = '1-1-102'")
seq3=$(sql "$OD" "SELECT seq FROM suggestion WHERE length(text) = 600")
expect 0 "$OFFICE" suggestions --db "$OD" --estate LC-XNY-02
printf '%s  flat 1-1-101  (hall-1/%s, typed by the resident)\n    Please keep the bicycle shed.\n\n%s  flat 1-1-102  (hall-1/%s, taken down by 李秀英)\n    电梯请装在北侧，\n    不要挡住二楼的窗户。\n\n%s  flat 1-1-101  (hall-1/%s, typed by the resident)\n    %s\n' \
    "$(at $seq1 short)" $seq1 "$(at $seq2 short)" $seq2 "$(at $seq3 short)" $seq3 "$(cat "$T/full")" >"$T/want"
check "the listing" cmp -s "$T/out" "$T/want"
expect 0 "$OFFICE" suggestions --db "$OD" --estate LC-XNY-02 --csv
printf 'time,flat_id,text,taken_by,device,seq\r\n%s,1-1-101,Please keep the bicycle shed.,,hall-1,%s\r\n%s,1-1-102,"电梯请装在北侧，\n不要挡住二楼的窗户。",李秀英,hall-1,%s\r\n%s,1-1-101,%s,,hall-1,%s\r\n' \
    "$(at $seq1)" $seq1 "$(at $seq2)" $seq2 "$(at $seq3)" "$(cat "$T/full")" $seq3 >"$T/want"
check "the CSV" cmp -s "$T/out" "$T/want"
expect_error 1 "LC-NOPE" "$OFFICE" suggestions --db "$OD" --estate LC-NOPE

# A kiosk's suggestion for a flat the office does not hold is refused,
# naming the kiosk and the record; the bundle stores nothing.
new_kiosk "$T/k2.db" hall-2 "$OD" "$T/p1.pkg" || fail "kiosk 2 set-up"
c201=$(code_of 1-1-201)
"$KIOSK" suggest --db "$T/k2.db" --flat 1-1-201 --code-file "$(code_file "$c201")" --text-file "$T/s1" >/dev/null || fail "kiosk 2 suggests"
"$KIOSK" export --db "$T/k2.db" --out "$T/b2" >/dev/null || fail "kiosk 2 export"
sig=$(db_signature "$OD")
"$SQLITE3" "$OD" "PRAGMA foreign_keys = OFF; UPDATE flat SET flat_id = '1-1-999' WHERE flat_id = '1-1-201'" || fail "hide the flat"
sig=$(db_signature "$OD")
expect_error 1 "hall-2/2: a suggestion for flat '1-1-201' of estate 'LC-XNY-02'" "$OFFICE" ingest --db "$OD" "$T/b2"
same "the refused bundle stores nothing" "$(db_signature "$OD")" "$sig"
"$SQLITE3" "$OD" "PRAGMA foreign_keys = OFF; UPDATE flat SET flat_id = '1-1-201' WHERE flat_id = '1-1-999'" || fail "restore the flat"

# Paper forms, all or nothing, bad rows named by line and field.
cat >"$T/paper.csv" <<CSV
estate_id,flat_id,text,cast_at,ref
LC-XNY-02,1-1-201,"Paint the stairwell, please.",$(iso_at '-1 day'),F-001
LC-XNY-02,1-1-202,=HYPERLINK(x),$(iso_at '-2 days'),
CSV
psig=$(db_signature "$OD")
bad() {
	printf 'estate_id,flat_id,text,cast_at,ref\nLC-XNY-02,1-1-201,ok,%s,F-1\n%s\n' "$(iso_at '-1 day')" "$1" >"$T/bad.csv"
	expect_error 1 "$2" "$OFFICE" suggestions import --db "$OD" --clerk 王芳 "$T/bad.csv"
}
bad "LC-XNY-02,1-1-201,,$(iso_at '-1 day'),"		"bad.csv:3: text: the suggestion is empty"
bad "LC-XNY-02,9-9-909,hi,$(iso_at '-1 day'),"		"bad.csv:3: flat_id: there is no flat 9-9-909"
bad "LC-NOPE,1-1-201,hi,$(iso_at '-1 day'),"		"bad.csv:3: estate_id: no estate 'LC-NOPE'"
bad "LC-XNY-02,1-1-201,hi,yesterday,"			"bad.csv:3: cast_at: "
bad "LC-XNY-02,1-1-201,hi,$(iso_at '+1 day'),"		"bad.csv:3: cast_at: .* is in the future"
bad "LC-XNY-02,1-1-201,hi,$(iso_at '-1 day'),=1+1"	"bad.csv:3: ref: '=1\+1' starts like a spreadsheet formula"
bad "LC-XNY-02,1-1-201,$(cat "$T/long"),$(iso_at '-1 day'),"	"bad.csv:3: text: the suggestion is 601 bytes"
bad "LC-XNY-02,1-1-201,\"a$(printf '\r')b\",$(iso_at '-1 day'),"	"bad.csv:3: text: the suggestion has control character U\+000D"
expect_error 2 "--clerk" "$OFFICE" suggestions import --db "$OD" "$T/paper.csv"
same "bad files store nothing" "$(db_signature "$OD")" "$psig"
expect 0 "$OFFICE" suggestions import --db "$OD" --clerk 王芳 "$T/paper.csv"
contains "import says what it entered" "$T/out" "Entered 2 suggestions from .*paper.csv under clerk 王芳"
same "paper suggestions are office records of type 7" "$(sql "$OD" "SELECT count(*) FROM ledger WHERE device = (SELECT value FROM meta WHERE key = 'device') AND type = 7")" 2
same "each with its form and clerk" "$(sql "$OD" "SELECT flat_id || ':' || taken_by || ':' || coalesce(ref, '-') FROM suggestion WHERE taken_by = '王芳' ORDER BY at")" "1-1-202:王芳:-
1-1-201:王芳:F-001"
expect 0 "$OFFICE" suggestions --db "$OD" --estate LC-XNY-02 --csv
contains "a formula-like text is written as text" "$T/out" "^[^,]*,1-1-202,\"'=HYPERLINK\(x\)\",王芳,"

# Never published: not in the tally, the published site, or any page
# the server answers.
expect 0 "$OFFICE" tally --db "$OD" --estate LC-XNY-02 --json
cp "$T/out" "$T/tally.json"
expect 0 "$OFFICE" publish --db "$OD" --out "$T/site" --base-url https://example.org/
start_office "$OD" --timeout 5
for p in / /e/LC-XNY-02 /api/e/LC-XNY-02 /api/estates /e/LC-XNY-02/notice; do
	$CURL -o "$T/page.$(echo "$p" | tr / _)" "$URL$p" 2>/dev/null
done
for w in "bicycle shed" "北侧" "二楼的窗户" "Paint the stairwell" "HYPERLINK" aaaaaaaaaaaaaaaaaaaa; do
	check "'$w' is not published" sh -c "! grep -rqF -- '$w' '$T/site' '$T/tally.json' $T/page.*"
done
check "the site was written" test -n "$(ls "$T/site")"
expect 0 "$OFFICE" verify "$T/site"
stop_office

test_done
