#!/bin/sh
# The roster is evidence once voting has begun (issue 13, item 9): a
# re-import that drops a voter's flat, changes an area or an owner, or a
# typo'd estate id repeating an estate, is printed and refused unless
# confirmed; a confirmed change is a signed record of the office's chain
# that the estate page and the notice list; a change of owner ends the old
# owner's answers in the tally and on the receipt page; estate remove;
# flat ids that are not building-entrance-room and owner ids differing
# only by case or width are refused.
. "$top_srcdir/tests/cli/lib.sh"

DB="$T/office.db"
R="$ASSETS/demo-roster.csv"
demo_office "$DB" || fail "demo office"

# One paper ballot for 1-1-101 (owner O-01-0001) of LC-XNY-01, an hour ago.
printf 'estate_id,flat_id,question_id,choice,cast_at\nLC-XNY-01,1-1-101,Q-BASIC,agree,%s\n' \
    "$(iso_at '-1 hour')" >"$T/ballot.csv"
expect 0 "$OFFICE" ballots import --db "$DB" --clerk 王文书 "$T/ballot.csv"
receipt=$(sql "$DB" "SELECT receipt FROM ledger WHERE device = 'office' AND seq = 1")

# participating OWNERS AREA: Q-BASIC of LC-XNY-01 in the tally JSON.
participating() {
	"$OFFICE" tally --db "$DB" --estate LC-XNY-01 --json >"$T/tally.json" || fail "tally"
	json_get "$T/tally.json" '[(q["participating"]["owners"], q["participating"]["area_m2"]) for q in j["questions"] if q["question_id"] == "Q-BASIC"][0]'
}
same "the ballot counts" "$(participating)" "(1, 86.42)"

# refused NAME PATTERN CHANGE: importing $T/NAME.csv prints CHANGE, exits
# 1 with one line matching PATTERN, and leaves the database as it was.
refused() {
	sig=$(db_signature "$DB")
	expect_error 1 "$2" "$OFFICE" roster import --db "$DB" "$T/$1.csv"
	contains "$1: the change is printed" "$T/out" "$3"
	same "$1 leaves the database" "$(db_signature "$DB")" "$sig"
}

# The flat that voted is dropped.
grep -v '^LC-XNY-01,槐荫小区,1,1,101,' "$R" >"$T/dropped.csv"
refused dropped "dropped.csv: 1 change to estates that have answers.*--confirm-changes" \
    '^LC-XNY-01 1-1-101: flat: 1-1-101 → \(removed\)$'
# Its area changes.
sed 's/^\(LC-XNY-01,槐荫小区,1,1,101,1-1-101,O-01-0001,\)86.42/\190.00/' "$R" >"$T/area.csv"
refused area "area.csv: 1 change" '^LC-XNY-01 1-1-101: area_m2: 86.42 → 90.00$'
# A one-character typo in estate_id makes a new estate of one flat.
{ cat "$R"; grep '^LC-XNY-01,槐荫小区,1,1,101,' "$R" | sed 's/^LC-XNY-01/LC-XNY-0l/'; } >"$T/typo.csv"
refused typo "typo.csv: 1 change" '^LC-XNY-0l -: estate_name: LC-XNY-01 → LC-XNY-0l$'
same "no typo estate" "$(sql "$DB" "SELECT count(*) FROM estate WHERE id = 'LC-XNY-0l'")" 0
# The same flat under another name repeats it too.
{ cat "$R"; grep '^LC-XNY-01,槐荫小区,1,1,101,' "$R" | sed 's/^LC-XNY-01,槐荫小区/LC-XNY-0l,槐阴小区/'; } >"$T/typo2.csv"
refused typo2 "typo2.csv: 1 change" '^LC-XNY-0l -: estate_flats: LC-XNY-01 → LC-XNY-0l$'
# A flat moves to another estate (LC-XNY-02 has building 1, entrance 1).
{ grep -v '^LC-XNY-01,槐荫小区,1,1,601,' "$R"; grep '^LC-XNY-01,槐荫小区,1,1,601,' "$R" |
    sed 's/^LC-XNY-01,槐荫小区,/LC-XNY-02,东风印刷厂家属院,/; s/槐蔭小區,Huaiyin Estate$/東風印刷廠家屬院,Dongfeng Estate/'; } >"$T/moved.csv"
refused moved "moved.csv: 1 change" '^LC-XNY-01 1-1-601: estate_id: LC-XNY-01 → LC-XNY-02$'

# A publication counts the ballot before the change.
expect 0 "$OFFICE" publish --db "$DB" --out "$T/site" --base-url https://example.org

# An owner change: --confirm-changes needs --clerk; then it is recorded.
sed 's/^\(LC-XNY-01,槐荫小区,1,1,101,1-1-101,\)O-01-0001/\1O-01-9999/' "$R" >"$T/owner.csv"
refused owner "owner.csv: 1 change" '^LC-XNY-01 1-1-101: owner_id: O-01-0001 → O-01-9999$'
sig=$(db_signature "$DB")
expect_error 2 "--confirm-changes needs --clerk" "$OFFICE" roster import --db "$DB" --confirm-changes "$T/owner.csv"
same "no clerk leaves the database" "$(db_signature "$DB")" "$sig"
expect 0 "$OFFICE" roster import --db "$DB" --confirm-changes --clerk 李文书 "$T/owner.csv"
contains "confirmed: the change printed" "$T/out" '^LC-XNY-01 1-1-101: owner_id: O-01-0001 → O-01-9999$'
contains "confirmed: recorded" "$T/out" "Recorded 1 roster changes confirmed by 李文书"
same "new owner stored" "$(sql "$DB" "SELECT owner_id FROM flat WHERE estate_id = 'LC-XNY-01' AND flat_id = '1-1-101'")" O-01-9999
same "a roster record in the office chain" "$(sql "$DB" "SELECT seq, type FROM ledger WHERE device = 'office' ORDER BY seq DESC LIMIT 1")" "2|6"
same "the head signed over it" "$(sql "$DB" "SELECT seq, length(sig) FROM head WHERE device = 'office'")" "2|64"
same "the record says who and what" "$(sql "$DB" "SELECT estate_id, flat_id, field, before, after, clerk FROM roster_change")" \
    "LC-XNY-01|1-1-101|owner_id|O-01-0001|O-01-9999|李文书"
same "the record's body carries the clerk" "$(sql "$DB" "SELECT instr(body, CAST('李文书' AS BLOB)) > 0 AND instr(body, CAST('O-01-9999' AS BLOB)) > 0 FROM ledger WHERE device = 'office' AND seq = 2")" 1

# The old owner's ballot no longer stands: not in the tally, and its
# receipt says why.
same "the old owner's ballot no longer counts" "$(participating)" "(0, 0.0)"
expect 0 "$OFFICE" page --db "$DB" --lang en "/r/$receipt"
contains "receipt: owner changed" "$T/out" "no longer stands: the flat changed owner on [0-9]{4}-[0-9]{2}-[0-9]{2}"
expect 0 "$OFFICE" page --db "$DB" "/api/r/$receipt"
same "receipt JSON status" "$(json_get "$T/out" 'j["status"]')" owner-changed
# The new owner answers on paper, after the change: that counts.  Cast
# times on paper are whole seconds: wait (bounded) for the clock to pass
# the change's second.
at=$(sql "$DB" "SELECT at FROM roster_change")
i=0
while [ "$(date +%s%3N)" -le $((at + 1000)) ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
printf 'estate_id,flat_id,question_id,choice,cast_at\nLC-XNY-01,1-1-101,Q-BASIC,disagree,%s\n' \
    "$(iso_at 'now')" >"$T/ballot2.csv"
expect 0 "$OFFICE" ballots import --db "$DB" --clerk 王文书 "$T/ballot2.csv"
same "the new owner's ballot counts" "$(participating)" "(1, 86.42)"

# The estate page and the notice list the change.
expect 0 "$OFFICE" page --db "$DB" --lang en /e/LC-XNY-01
contains "estate page lists the change" "$T/out" "Roster changed after voting began:"
contains "estate page: which flat" "$T/out" "1-1-101 owner_id: O-01-0001 → O-01-9999 \(confirmed by 李文书\)"
expect 0 "$OFFICE" publish --db "$DB" --out "$T/site" --base-url https://example.org
contains "notice lists the change" "$T/site/notice/LC-XNY-01.html" "1-1-101 owner_id: O-01-0001 → O-01-9999"
# The publication carries the signed roster record, and verify accepts
# the old owner's ballot leaving the count because of it.
rhash=$(sql "$DB" "SELECT lower(hex(hash)) FROM ledger WHERE device = 'office' AND seq = 2")
same "publication has the roster leaf" "$(json_get "$T/site/e/LC-XNY-01/publication.json" '[(l["kind"], l["subject"], l["record"]) for l in j["leaves"] if l["kind"] == "roster"]')" \
    "[('roster', 'owner_id', '$rhash')]"
same "two publications" "$(ls "$T/site/e/LC-XNY-01/publications" | wc -l)" 2
expect 0 "$OFFICE" verify "$T/site"
contains "notice heading" "$T/site/notice/LC-XNY-01.html" "(Roster changed after voting began|名册)"

# estate remove: refused for an estate with answers, accepted otherwise.
sig=$(db_signature "$DB")
expect_error 1 "estate LC-XNY-01 has .* cannot be removed" "$OFFICE" estate remove --db "$DB" LC-XNY-01
same "refused remove leaves the database" "$(db_signature "$DB")" "$sig"
expect 0 "$OFFICE" codes issue --db "$DB" --estate LC-XNY-03 --out "$T/codes3.csv"
expect 0 "$OFFICE" estate remove --db "$DB" LC-XNY-03
contains "remove reports" "$T/out" "Removed estate LC-XNY-03"
same "nothing of LC-XNY-03 is left" "$(sql "$DB" "SELECT (SELECT count(*) FROM estate WHERE id = 'LC-XNY-03') + (SELECT count(*) FROM flat WHERE estate_id = 'LC-XNY-03') + (SELECT count(*) FROM plan WHERE estate_id = 'LC-XNY-03') + (SELECT count(*) FROM code WHERE estate_id = 'LC-XNY-03')")" 0
expect_error 1 "no estate 'LC-XNY-03'" "$OFFICE" estate remove --db "$DB" LC-XNY-03

# Flat ids must be building-entrance-room: the letter O for a zero.
sed 's/^\(LC-XNY-02,[^,]*,1,1,102,\)1-1-102/\11-1-1O2/' "$R" >"$T/oh.csv"
line=$(grep -n '1-1-1O2' "$T/oh.csv" | cut -d: -f1)
sig=$(db_signature "$DB")
expect_error 1 "oh.csv:$line: flat_id: '1-1-1O2' does not match building, entrance and room \('1-1-102'\)" \
    "$OFFICE" roster import --db "$DB" "$T/oh.csv"
# Owner ids that differ only by case or width.
first=$(grep -n '^LC-XNY-02,.*,developer,' "$R" | head -1 | cut -d: -f1)
awk -F, -v OFS=, -v f="$first" 'NR > f && $1 == "LC-XNY-02" && $7 != "developer" && !done { $7 = "Developer"; done = NR } { print }' "$R" >"$T/case.csv"
cl=$(grep -n ',Developer,' "$T/case.csv" | cut -d: -f1)
expect_error 1 "case.csv:$cl: owner_id: 'Developer' differs only by case or width from 'developer' on line $first" \
    "$OFFICE" roster import --db "$DB" "$T/case.csv"
awk -F, -v OFS=, -v f="$first" 'NR > f && $1 == "LC-XNY-02" && $7 != "developer" && !done { $7 = "ｄｅｖｅｌｏｐｅｒ"; done = NR } { print }' "$R" >"$T/width.csv"
expect_error 1 "width.csv:$cl: owner_id: 'ｄｅｖｅｌｏｐｅｒ' differs only by case or width from 'developer' on line $first" \
    "$OFFICE" roster import --db "$DB" "$T/width.csv"
same "refused rosters leave the database" "$(db_signature "$DB")" "$sig"

test_done
