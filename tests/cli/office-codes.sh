#!/bin/sh
# renovote-office codes issue: the slips file, hashes only in the store,
# re-issue replacing every earlier code, and refusals.
. "$top_srcdir/tests/cli/lib.sh"

DB="$T/office.db"
demo_office "$DB"

expect 0 "$OFFICE" codes issue --db "$DB" --estate LC-XNY-02 --out "$T/codes.csv"
contains "reports the count" "$T/out" "Issued 60 voting codes for LC-XNY-02"
same "slips file mode" "$(stat -c %a "$T/codes.csv")" 600
same "header" "$(head -1 "$T/codes.csv")" "estate_id,flat_id,code,estate_name,building,entrance,room,code_digits"
same "numeric forms are well formed" "$(tail -n +2 "$T/codes.csv" | cut -d, -f8 | grep -Ec "^[0-7][0-9]{2}( [0-9]{3}){5}$")" 60
same "a row per flat" "$(($(wc -l <"$T/codes.csv") - 1))" 60
same "codes are well formed" "$(tail -n +2 "$T/codes.csv" | cut -d, -f3 | grep -Ec '^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$')" 60
same "codes are distinct" "$(tail -n +2 "$T/codes.csv" | cut -d, -f3 | sort -u | wc -l)" 60
same "a hash per flat" "$(sql "$DB" "SELECT count(*) FROM code WHERE estate_id = 'LC-XNY-02'")" 60
same "scrypt hashes" "$(sql "$DB" "SELECT count(*) FROM code WHERE hash LIKE 'scrypt\$%'")" 60
code1=$(sed -n 2p "$T/codes.csv" | cut -d, -f3)
"$SQLITE3" "$DB" .dump >"$T/dump.sql"
if grep -q "$code1" "$T/dump.sql" || grep -q "$(echo "$code1" | tr -d -)" "$T/dump.sql"; then
	fail "a voting code is stored in clear"
else
	pass
fi
same "other estates have no codes" "$(sql "$DB" "SELECT count(*) FROM code WHERE estate_id <> 'LC-XNY-02'")" 0

# Re-issuing replaces every hash; the old slips file is replaced whole.
old=$(sql "$DB" "SELECT group_concat(hash) FROM code")
expect 0 "$OFFICE" codes issue --db "$DB" --estate LC-XNY-02 --out "$T/codes.csv"
same "still 60" "$(sql "$DB" "SELECT count(*) FROM code WHERE estate_id = 'LC-XNY-02'")" 60
same "no old hash survives" "$(sql "$DB" "SELECT count(*) FROM code WHERE instr('$old', hash) > 0")" 0
if grep -q "$code1" "$T/codes.csv"; then fail "old code in new slips"; else pass; fi

# Refusals leave codes and files as they were.
sig=$(db_signature "$DB")
expect_error 1 "no estate 'NOPE'" "$OFFICE" codes issue --db "$DB" --estate NOPE --out "$T/nope.csv"
check "no slips for an unknown estate" test ! -e "$T/nope.csv"
expect_error 3 "nodir/codes.csv: cannot create" "$OFFICE" codes issue --db "$DB" --estate LC-XNY-02 --out "$T/nodir/codes.csv"
same "failed write keeps the old codes" "$(db_signature "$DB")" "$sig"
expect_error 2 "--out is required" "$OFFICE" codes issue --db "$DB" --estate LC-XNY-02
check "no temporary files left" test -z "$(ls "$T" | grep '\.tmp\.')"

test_done
