#!/bin/sh
# renovote-office plan import: the demo plans, and refusals that name the
# file and JSON path and store nothing.
. "$top_srcdir/tests/cli/lib.sh"

DB="$T/office.db"
"$OFFICE" init --db "$DB" >/dev/null
"$OFFICE" roster import --db "$DB" "$ASSETS/demo-roster.csv" >/dev/null

"$OFFICE" init --db "$T/empty.db" >/dev/null
expect_error 1 "demo-plan-LC-XNY-01.json: \\\$.estate_id: no estate 'LC-XNY-01'" "$OFFICE" plan import --db "$T/empty.db" "$ASSETS/demo-plan-LC-XNY-01.json"

expect 0 "$OFFICE" plan import --db "$DB" "$ASSETS"/demo-plan-*.json
same "three plans" "$(sql "$DB" "SELECT count(*) FROM plan")" 3
contains "reports questions" "$T/out" "Imported the plan of LC-XNY-01"

# mutate NAME PATTERN PYTHON: a copy of plan 03 changed by PYTHON (over p)
# must be refused with PATTERN, together with a good plan given first,
# and nothing stored.
mutate() {
	python3 - "$ASSETS/demo-plan-LC-XNY-03.json" "$T/$1.json" "$3" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
exec(sys.argv[3])
open(sys.argv[2], "w").write(json.dumps(p, ensure_ascii=False))
PY
	sig=$(db_signature "$DB")
	expect_error 1 "$2" "$OFFICE" plan import --db "$DB" "$ASSETS/demo-plan-LC-XNY-01.json" "$T/$1.json"
	same "$1 stores nothing" "$(db_signature "$DB")" "$sig"
}

mutate kind '\$\.questions\[0\]\.kind' 'p["questions"][0]["kind"] = "vote"'
mutate closes '\$\.questions\[1\]\.closes.*offset' 'p["questions"][1]["closes"] = "2026-12-20T18:00:00"'
mutate order '\$\.questions\[0\]' 'p["questions"][0]["closes"] = p["questions"][0]["opens"]'
mutate scope '\$\.questions\[[0-9]+\]\.scope: .*building 9' 'p["questions"][3]["scope"] = {"building": "9", "entrance": "1"}'
mutate typo "unknown key 'tittle'" 'p["tittle"] = p["title"]'
mutate nozh '\$\.title.*zh_CN' 'p["title"] = {"en": "x"}'
mutate item '\$\.questions\[0\]\.items' 'p["questions"][0]["items"] = ["no-such-item"]'
mutate class '\$\.items\[0\]\.class' 'p["items"][0]["class"] = "luxury"'
mutate dupq 'Q-PM|duplicate|already' 'p["questions"].append(dict(p["questions"][-2]))'
mutate threshold '\$\.pledges\[0\]\.threshold' 'p["pledges"][0]["threshold"] = "3/2"'
printf '{"estate_id": "LC-XNY-01",\n  "title": }' >"$T/syntax.json"
expect_error 1 "syntax.json:2:" "$OFFICE" plan import --db "$DB" "$T/syntax.json"
expect_error 1 "already has a plan in" "$OFFICE" plan import --db "$DB" "$ASSETS/demo-plan-LC-XNY-01.json" "$ASSETS/demo-plan-LC-XNY-01.json"

# A question with answers keeps its terms; other changes are allowed.
"$ANSWER_PUT" "$DB" a LC-XNY-03 Q-PM 1-1-101 market 2026-12-02T10:00:00+08:00 kiosk-1 1
mutate answered "Q-PM' already has answers" 'q = [q for q in p["questions"] if q["id"] == "Q-PM"][0]; q["options"] = q["options"][:2]'
mutate removed "Q-PM' already has answers and cannot be removed" 'p["questions"] = [q for q in p["questions"] if q["id"] != "Q-PM"]'
mutate narrowed "Q-PM' already has answers; its voting window can only be widened" 'q = [q for q in p["questions"] if q["id"] == "Q-PM"][0]; q["closes"] = "2027-01-31T18:00:00+08:00"'
python3 - "$ASSETS/demo-plan-LC-XNY-03.json" "$T/retitled.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
p["title"]["zh_CN"] = "新标题"
open(sys.argv[2], "w").write(json.dumps(p, ensure_ascii=False))
PY
expect 0 "$OFFICE" plan import --db "$DB" "$T/retitled.json"
same "plan replaced" "$(sql "$DB" "SELECT version FROM plan WHERE estate_id = 'LC-XNY-03'")" 2

test_done
