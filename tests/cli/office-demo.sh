#!/bin/sh
# The demo as ./setup.sh demo runs it (without a terminal, so the kiosk
# interface itself is skipped): the default databases, all three demo
# estates, codes, a kiosk loaded with the package, its ledger ingested,
# the tally in each language and the published site.
. "$top_srcdir/tests/cli/lib.sh"

mkdir "$T/build"
ln -s "$OFFICE" "$T/build/renovote-office"
ln -s "$KIOSK" "$T/build/renovote-kiosk"
ln -s "$top_builddir/locale" "$T/build/locale"
expect 0 "$top_srcdir/demo.sh" "$T/build" </dev/null
check "default database" test -f "$T/build/demo-data/renovote/office.db"
check "default kiosk database" test -f "$T/build/demo-data/renovote/kiosk.db"
same "the kiosk holds the package" "$(sql "$T/build/demo-data/renovote/kiosk.db" "SELECT count(*) FROM flat")" 60
same "the committee PIN is kept hashed" "$(sql "$T/build/demo-data/renovote/kiosk.db" "SELECT value LIKE 'scrypt\$%' FROM meta WHERE key = 'pin_hash'")" 1
same "the kiosk's ledger reached the office" "$(sql "$T/build/demo-data/renovote/office.db" "SELECT count(*) FROM ledger WHERE device = 'hall-1'")" 1
contains "codes to try" "$T/out" "flat 1-1-101"
contains "no terminal, no interface" "$T/out" "not a terminal"
check "published site" test -s "$T/build/demo-site/index.html"
check "published notice" test -s "$T/build/demo-site/notice/LC-XNY-02.html"
for e in LC-XNY-01 LC-XNY-02 LC-XNY-03; do
	check "codes for $e" test -s "$T/build/demo-codes/$e.csv"
	check "printable slips for $e" test -s "$T/build/demo-codes/$e.html"
done
contains "tally of the demo" "$T/out" "LC-XNY-02"
contains "Chinese by default" "$T/out" "有表决权"
# Running it again reuses the database.
expect 0 "$top_srcdir/demo.sh" "$T/build" </dev/null
contains "second run tallies" "$T/out" "LC-XNY-02"
DB="$T/build/demo-data/renovote/office.db"
for lang in en zh_TW; do
	expect 0 env LANGUAGE=$lang "$OFFICE" tally --db "$DB" --estate LC-XNY-02
done
contains "Traditional Chinese" "$T/out" "參與"
expect 0 env LANGUAGE=en "$OFFICE" tally --db "$DB" --estate LC-XNY-02
contains "English" "$T/out" "eligible"
expect 0 "$OFFICE" tally --db "$DB" --json
# LC-XNY-01 went through the whole cycle: 9 questions, from the needs
# survey to the second quarter's service rating; 22 on the others.
same "every demo question tallied" "$(json_get "$T/out" 'len(j["questions"])')" 31
same "LC-XNY-01's cycle" "$(json_get "$T/out" '" ".join(q["question_id"] for q in j["questions"] if q["estate_id"] == "LC-XNY-01" and q["status"] == "closed")')" \
    "$(json_get "$T/build/demo-data/renovote/cycle/plan.json" '" ".join(q["id"] for q in j["questions"] if q.get("stage") in ("survey", "acceptance", "service"))')"
same "every demo pledge tallied" "$(json_get "$T/out" 'len(j["pledges"])')" 3
expect 0 "$OFFICE" demand --db "$DB" --estate LC-XNY-01
contains "the survey's demand" "$T/out" "S-NEED"
expect 0 env LANGUAGE=en "$OFFICE" ratings --db "$DB" --estate LC-XNY-01 --stage service
contains "two quarters side by side" "$T/out" "Each period beside the one before"
check "the cycle's final notice" test -s "$T/build/demo-site/notice/LC-XNY-01.html"

test_done
