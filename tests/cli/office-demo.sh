#!/bin/sh
# The demo street office as ./setup.sh demo runs it: the default
# database, all three demo estates, codes, and the tally in each language.
. "$top_srcdir/tests/cli/lib.sh"

mkdir "$T/build"
ln -s "$OFFICE" "$T/build/renovote-office"
ln -s "$top_builddir/locale" "$T/build/locale"
expect 0 "$top_srcdir/demo.sh" "$T/build"
check "default database" test -f "$T/build/demo-data/renovote/office.db"
for e in LC-XNY-01 LC-XNY-02 LC-XNY-03; do
	check "slips for $e" test -s "$T/build/demo-codes/$e.csv"
done
contains "tally of the demo" "$T/out" "LC-XNY-03"
contains "Chinese by default" "$T/out" "有表决权"
# Running it again reuses the database.
expect 0 "$top_srcdir/demo.sh" "$T/build"
contains "second run tallies" "$T/out" "LC-XNY-01"
DB="$T/build/demo-data/renovote/office.db"
for lang in en zh_TW; do
	expect 0 env LANGUAGE=$lang "$OFFICE" tally --db "$DB" --estate LC-XNY-02
done
contains "Traditional Chinese" "$T/out" "參與"
expect 0 env LANGUAGE=en "$OFFICE" tally --db "$DB" --estate LC-XNY-02
contains "English" "$T/out" "eligible"
expect 0 "$OFFICE" tally --db "$DB" --json
same "every demo question tallied" "$(json_get "$T/out" 'len(j["questions"])')" 35
same "every demo pledge tallied" "$(json_get "$T/out" 'len(j["pledges"])')" 3

test_done
