#!/bin/sh
# The signed ledger end to end through the real binaries: package, load,
# cast, pledge, export, ingest, tally; two kiosks and paper ballots
# competing for one owner; every refusal of cast and pledge.
. "$top_srcdir/tests/cli/lib.sh"

OD="$T/office.db"
live_office "$OD" "$T" || fail "office set-up"
new_kiosk "$T/k1.db" hall-1 "$OD" "$T/p1.pkg" || fail "kiosk 1 set-up"
new_kiosk "$T/k2.db" hall-2 "$OD" "$T/p1.pkg" || fail "kiosk 2 set-up"
same "kiosk key mode" "$(stat -c %a "$T/k1.db.key")" 600
same "kiosk holds the estate" "$(sql "$T/k1.db" "SELECT count(*) FROM flat")" 60
same "kiosk holds hashes only" "$(sql "$T/k1.db" "SELECT count(*) FROM code WHERE hash LIKE 'scrypt\$%'")" 60
same "owner names masked" "$(sql "$T/k1.db" "SELECT count(*) FROM flat WHERE owner_name IS NOT NULL AND owner_name NOT LIKE '_%*'")" 0
same "owner ids are pseudonyms on the kiosk" "$(sql "$T/k1.db" "SELECT count(*) FROM flat WHERE owner_id NOT LIKE 'o-%'")" 0
same "package load recorded" "$(sql "$T/k1.db" "SELECT type FROM ledger WHERE seq = 1")" 1

# Flat 1-1-101 answers at kiosk 1; the receipt is printed after commit.
c101=$(code_of 1-1-101)
expect 0 "$KIOSK" cast --db "$T/k1.db" --flat 1-1-101 --code-file "$(code_file "$c101")" --question Q-BASIC --choice agree
r1=$(cut -d" " -f1 "$T/out")
check "receipt shape" sh -c "echo '$r1' | grep -Eq '^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}\$'"
same "answer in kiosk ledger" "$(sql "$T/k1.db" "SELECT receipt FROM ledger WHERE type = 2")" "$r1"
same "lower-case code with spaces works, read from stdin" "$(echo "$c101" | tr 'A-Z-' 'a-z ' | "$KIOSK" cast --db "$T/k1.db" --flat 1-1-101 --code - --question Q-PM --choice community >/dev/null; echo $?)" 0
expect 0 "$KIOSK" pledge --db "$T/k1.db" --flat 1-1-101 --code-file "$(code_file "$c101")" --pledge P-WILL --amount 1200.50
expect 0 "$KIOSK" cast --db "$T/k1.db" --flat 1-1-101 --code-file "$(code_file "$c101")" --question Q-LIFT-1-1 --choice agree --proxy 张三 --witness 李主任

# Refusals at the kiosk: exit 1, a reason, nothing recorded.
sig=$(db_signature "$T/k1.db")
expect_error 1 "Q-UPGRADE closed" "$KIOSK" cast --db "$T/k1.db" --flat 1-1-101 --code-file "$(code_file "$c101")" --question Q-UPGRADE --choice agree
expect_error 1 "Q-FUND is not open yet" "$KIOSK" cast --db "$T/k1.db" --flat 1-1-101 --code-file "$(code_file "$c101")" --question Q-FUND --choice agree
expect_error 1 "only for building 2 entrance 1" "$KIOSK" cast --db "$T/k1.db" --flat 1-1-101 --code-file "$(code_file "$c101")" --question Q-LIFT-2-1 --choice agree
expect_error 1 "'maybe' is not a choice .*agree, disagree, abstain" "$KIOSK" cast --db "$T/k1.db" --flat 1-1-101 --code-file "$(code_file "$c101")" --question Q-BASIC --choice maybe
expect_error 1 "no flat 9-9-909" "$KIOSK" cast --db "$T/k1.db" --flat 9-9-909 --code-file "$(code_file "$c101")" --question Q-BASIC --choice agree
expect_error 1 "no question Q-NOPE" "$KIOSK" cast --db "$T/k1.db" --flat 1-1-101 --code-file "$(code_file "$c101")" --question Q-NOPE --choice agree
expect_error 1 "no pledge P-NOPE" "$KIOSK" pledge --db "$T/k1.db" --flat 1-1-101 --code-file "$(code_file "$c101")" --pledge P-NOPE
expect_error 2 "--amount: '-5'" "$KIOSK" pledge --db "$T/k1.db" --flat 1-1-101 --code-file "$(code_file "$c101")" --pledge P-WILL --amount -5
expect_error 2 "both --proxy" "$KIOSK" cast --db "$T/k1.db" --flat 1-1-101 --code-file "$(code_file "$c101")" --question Q-BASIC --choice agree --proxy 张三
same "refusals record nothing" "$(db_signature "$T/k1.db")" "$sig"

# Five wrong codes lock the flat, with a lockout record; then even the
# right code is refused.
c102=$(code_of 1-1-102)
for i in 1 2 3 4; do
	expect_error 1 "wrong voting code for flat 1-1-102 \\($((5 - i)) more tries" "$KIOSK" cast --db "$T/k1.db" --flat 1-1-102 --code-file "$(code_file 2222-3333-4444)" --question Q-BASIC --choice agree
done
expect_error 1 "locked until" "$KIOSK" cast --db "$T/k1.db" --flat 1-1-102 --code-file "$(code_file 2222-3333-4444)" --question Q-BASIC --choice agree
same "lockout recorded" "$(sql "$T/k1.db" "SELECT count(*) FROM ledger WHERE type = 4")" 1
expect_error 1 "flat 1-1-102 is locked .*committee" "$KIOSK" cast --db "$T/k1.db" --flat 1-1-102 --code-file "$(code_file "$c102")" --question Q-BASIC --choice agree
same "nothing cast while locked" "$(sql "$T/k1.db" "SELECT count(*) FROM answer WHERE flat_id = '1-1-102'")" 0
# The lock is per flat: another flat still votes.
expect 0 "$KIOSK" cast --db "$T/k1.db" --flat 1-1-201 --code-file "$(code_file "$(code_of 1-1-201)")" --question Q-BASIC --choice disagree

# Export and ingest; again is a no-op.
expect 0 "$KIOSK" export --db "$T/k1.db" --out "$T/b1"
same "bundle mode" "$(stat -c %a "$T/b1")" 600
expect 0 "$OFFICE" ingest --db "$OD" "$T/b1"
contains "stored" "$T/out" "stored 7 new records"
sig=$(db_signature "$OD")
synced=$(sql "$OD" "SELECT last_sync_at FROM device WHERE name = 'hall-1'")
check "ingest records when the kiosk last synced" test -n "$synced"
expect 0 "$OFFICE" ingest --db "$OD" "$T/b1"
contains "idempotent" "$T/out" "nothing new"
# Only the time of the kiosk's last sync moves: a kiosk that brings
# nothing new has still been heard from.
check "second ingest updates the last sync" test \
    "$(sql "$OD" "SELECT last_sync_at FROM device WHERE name = 'hall-1'")" -ge "$synced"
"$SQLITE3" "$OD" "UPDATE device SET last_sync_at = $synced WHERE name = 'hall-1'"
same "second ingest changes nothing else" "$(db_signature "$OD")" "$sig"
same "receipt found at the office" "$(sql "$OD" "SELECT count(*) FROM ledger WHERE receipt = '$r1'")" 1
same "proxy recorded" "$(sql "$OD" "SELECT count(*) FROM ledger WHERE device = 'hall-1' AND instr(body, CAST('李主任' AS BLOB)) > 0")" 1

# The owner of 1-1-101 answers again at kiosk 2 (later: it stands), then
# a paper ballot signed earlier than that loses, one signed later wins.
expect 0 "$KIOSK" cast --db "$T/k2.db" --flat 1-1-101 --code-file "$(code_file "$c101")" --question Q-BASIC --choice disagree
expect 0 "$KIOSK" export --db "$T/k2.db" --out "$T/b2"
expect 0 "$OFFICE" ingest --db "$OD" "$T/b2"
q='[q for q in j["questions"] if q["question_id"]=="Q-BASIC"][0]'
expect 0 "$OFFICE" tally --db "$OD" --estate LC-XNY-02 --json
same "kiosk 2's later answer stands" "$(json_get "$T/out" "($q['choices']['agree']['owners'], $q['choices']['disagree']['owners'])")" "(0, 2)"
same "pledge counted" "$(json_get "$T/out" "j['pledges'][0]['signed']['flats']")" 1
printf 'estate_id,flat_id,question_id,choice,cast_at,form_ref\nLC-XNY-02,1-1-101,Q-BASIC,abstain,%s,F-0001\n' "$(iso_at '-1 hour')" >"$T/early.csv"
expect 0 "$OFFICE" ballots import --db "$OD" --clerk 王文书 "$T/early.csv"
expect 0 "$OFFICE" tally --db "$OD" --estate LC-XNY-02 --json
same "earlier paper ballot loses" "$(json_get "$T/out" "($q['choices']['abstain']['owners'], $q['choices']['disagree']['owners'])")" "(0, 2)"
sleep 1
printf 'estate_id,flat_id,question_id,choice,cast_at\nLC-XNY-02,1-1-101,Q-BASIC,agree,%s\n' "$(iso_at 'now')" >"$T/late.csv"
expect 0 "$OFFICE" ballots import --db "$OD" --clerk 王文书 "$T/late.csv"
expect 0 "$OFFICE" tally --db "$OD" --estate LC-XNY-02 --json
same "later paper ballot wins" "$(json_get "$T/out" "($q['choices']['agree']['owners'], $q['choices']['disagree']['owners'])")" "(1, 1)"
same "office chain signed" "$(sql "$OD" "SELECT seq FROM head WHERE device = 'office'")" 2
same "clerk recorded" "$(sql "$OD" "SELECT count(*) FROM ledger WHERE device = 'office' AND instr(body, CAST('王文书' AS BLOB)) > 0")" 2

# Paper ballots are checked like kiosk answers, all or nothing.
sig=$(db_signature "$OD")
good="LC-XNY-02,1-1-102,Q-BASIC,agree,$(iso_at '-1 hour')"
bad_ballots() {
	printf 'estate_id,flat_id,question_id,choice,cast_at\n%s\n%s\n' "$good" "$2" >"$T/bad.csv"
	expect_error 1 "$1" "$OFFICE" ballots import --db "$OD" --clerk 王文书 "$T/bad.csv"
}
bad_ballots "bad.csv:3: .*Q-UPGRADE closed" "LC-XNY-02,1-1-102,Q-UPGRADE,agree,$(iso_at '-1 hour')"
bad_ballots "bad.csv:3: cast_at: .*in the future" "LC-XNY-02,1-1-102,Q-BASIC,agree,$(iso_at '+1 hour')"
bad_ballots "bad.csv:3: cast_at: .*no UTC offset" "LC-XNY-02,1-1-102,Q-BASIC,agree,2026-12-01T10:00:00"
bad_ballots "bad.csv:3: .*only for building 2" "LC-XNY-02,1-1-102,Q-LIFT-2-1,agree,$(iso_at '-1 hour')"
bad_ballots "bad.csv:3: .*'yes' is not a choice" "LC-XNY-02,1-1-102,Q-BASIC,yes,$(iso_at '-1 hour')"
bad_ballots "bad.csv:3: estate_id: no estate 'NOPE'" "NOPE,1-1-102,Q-BASIC,agree,$(iso_at '-1 hour')"
bad_ballots "bad.csv:3: .*no flat 7-7-707" "LC-XNY-02,7-7-707,Q-BASIC,agree,$(iso_at '-1 hour')"
printf 'estate_id,flat_id,question_id,choice,when\n' >"$T/hdr.csv"
expect_error 1 "hdr.csv:1: unknown column 'when'" "$OFFICE" ballots import --db "$OD" --clerk 王文书 "$T/hdr.csv"
expect_error 2 "--clerk is required" "$OFFICE" ballots import --db "$OD" "$T/late.csv"
same "refused ballots store nothing" "$(db_signature "$OD")" "$sig"

# Codes issued again: a kiosk still on the old package accepts the old
# code, but the office keeps that answer without counting it; after the
# new package, the new code counts.
old202=$(code_of 2-2-101)
mv "$T/codes.csv" "$T/codes-old.csv"
expect 0 "$OFFICE" codes issue --db "$OD" --estate LC-XNY-02 --out "$T/codes.csv"
contains "codes issue says kiosks need the new package" "$T/out" "new package"
expect 0 "$KIOSK" cast --db "$T/k2.db" --flat 2-2-101 --code-file "$(code_file "$old202")" --question Q-IMPROVE --choice agree
expect 0 "$KIOSK" export --db "$T/k2.db" --out "$T/b2b"
expect 0 "$OFFICE" ingest --db "$OD" "$T/b2b"
contains "superseded code reported" "$T/out" "1 answers or pledges were made with voting codes issued again"
imp='[q for q in j["questions"] if q["question_id"]=="Q-IMPROVE"][0]'
expect 0 "$OFFICE" tally --db "$OD" --estate LC-XNY-02 --json
same "answer with a superseded code not counted" "$(json_get "$T/out" "$imp['participating']['owners']")" 0
same "but kept in the ledger" "$(sql "$OD" "SELECT count(*) FROM ledger WHERE device = 'hall-2' AND type = 2")" 2
expect 0 "$OFFICE" package --db "$OD" --estate LC-XNY-02 --out "$T/p2.pkg"
expect 0 "$KIOSK" load --db "$T/k2.db" "$T/p2.pkg"
expect_error 1 "wrong voting code" "$KIOSK" cast --db "$T/k2.db" --flat 2-2-101 --code-file "$(code_file "$old202")" --question Q-IMPROVE --choice agree
expect 0 "$KIOSK" cast --db "$T/k2.db" --flat 2-2-101 --code-file "$(code_file "$(code_of 2-2-101)")" --question Q-IMPROVE --choice agree
expect 0 "$KIOSK" export --db "$T/k2.db" --out "$T/b2c"
expect 0 "$OFFICE" ingest --db "$OD" "$T/b2c"
expect 0 "$OFFICE" tally --db "$OD" --estate LC-XNY-02 --json
same "the new code's answer counts" "$(json_get "$T/out" "$imp['participating']['owners']")" 1

# Wrong codes tried in parallel are all counted: the flat ends up locked,
# with one lockout record.  On a busy machine an attempt may wait longer
# than the store's busy timeout: it then says the database is locked and
# counts nothing, and is tried again (in parallel with the others still
# waiting), so the test does not depend on timing.
wrong_code() {
	"$KIOSK" cast --db "$T/k1.db" --flat 1-2-102 --code-file "$(code_file 2222-3333-4444)" \
	    --question Q-BASIC --choice agree >"$T/par.$1" 2>&1
}
left="1 2 3 4 5 6 7"
round=0
while [ -n "$left" ] && [ $round -lt 20 ]; do
	for i in $left; do
		wrong_code "$i" &
	done
	wait
	again=
	for i in $left; do
		if grep -q "locked by another program" "$T/par.$i"; then
			again="$again $i"
		fi
	done
	left=$again
	round=$((round + 1))
done
same "every parallel wrong code answered" "$left" ""
for i in 1 2 3 4 5 6 7; do
	check "parallel attempt $i: wrong code or flat locked" grep -q "wrong voting code\|is locked after" "$T/par.$i"
done
same "parallel wrong codes lock the flat" "$(sql "$T/k1.db" "SELECT locked_until > 0 FROM lockout WHERE flat_id = '1-2-102'")" 1
same "one lockout record for them" "$(sql "$T/k1.db" "SELECT count(*) FROM ledger WHERE type = 4")" 2

test_done
