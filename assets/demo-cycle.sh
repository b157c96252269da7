#!/bin/sh
# demo-cycle.sh OFFICE DB ESTATE DIR SITE URL: run the whole consultation
# cycle of ESTATE (a demo estate with assets/demo-plan-ESTATE.json) on
# the office database DB, as a street office would over a year, with
# paper ballots dated in the past so each step has closed before the
# next: the needs survey (征求意见) → the plan drawn from its demand
# (demand --plan-out) → the vote → the preliminary and final notices
# (published to SITE) → the acceptance ratings of the finished works
# (效果共评) → two quarters of property-service ratings.  The plans and
# ballots it makes are left in DIR.  demo.sh runs it for LC-XNY-01;
# tests/cli/cycle.sh runs it and checks every figure against the
# ballots.
set -eu
OFFICE=$1 DB=$2 E=$3 DIR=$4 SITE=$5 URL=$6
ASSETS=$(cd "$(dirname "$0")" && pwd)

# iso_at OFFSET: the time OFFSET from now (a date(1) phrase), in CST.
iso_at() {
	TZ=Asia/Shanghai date -d "$1" +%Y-%m-%dT%H:%M:%S+08:00
}

# day N: the time N days from now (negative: in the past), in CST.
day() {
	iso_at "$1 days"
}

# ballots FILE QUESTION DAY RULE: paper ballots of every flat of the
# estate for QUESTION cast on DAY (a minute apart), the choice of flat i
# given by the Python expression RULE over i and a seeded random r.
ballots() {
	python3 - "$ASSETS/demo-roster.csv" "$E" "$2" "$(day "$3")" "$4" \
	    >"$1" <<'PY'
import csv, datetime, random, sys
roster, E, q, when, rule = sys.argv[1:6]
rows = [r for r in csv.DictReader(open(roster)) if r["estate_id"] == E]
t0 = datetime.datetime.fromisoformat(when)
r = random.Random(q)
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(["estate_id", "flat_id", "question_id", "choice", "cast_at", "form_ref"])
for i, row in enumerate(rows):
    choice = eval(rule, {"i": i, "r": r})
    if choice is None:
        continue
    t = (t0 + datetime.timedelta(minutes=i)).isoformat()
    w.writerow([E, row["flat_id"], q, choice, t, "%s-%03d" % (q, i)])
PY
}

# 1. The needs survey: which items does your building need (up to 3)?
python3 - "$ASSETS/demo-plan-$E.json" "$DIR/plan.json" "$(day -400)" \
    "$(day -390)" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
opts = ["roof", "water", "green", "fire", "facade", "wiring"]
titles = {i["id"]: i["title"] for i in p["items"]}
p["questions"] = [{
    "id": "S-NEED", "kind": "choose-many", "stage": "survey", "max": 3,
    "title": {"zh_CN": "您所在的楼栋最需要哪些改造？（最多选3项）"},
    "options": [{"id": o, "item": o, "title": titles[o]} for o in opts],
    "opens": sys.argv[3], "closes": sys.argv[4]}]
p["pledges"] = []
open(sys.argv[2], "w").write(json.dumps(p, ensure_ascii=False, indent=1))
PY
"$OFFICE" plan import --db "$DB" "$DIR/plan.json"
ballots "$DIR/b-S-NEED.csv" S-NEED -395 \
    '"abstain" if i % 9 == 8 else ",".join(r.sample(["roof", "water", "green", "fire", "facade", "wiring"], 1 + i % 3))'
"$OFFICE" ballots import --db "$DB" --clerk 王芳 "$DIR/b-S-NEED.csv"

# 2. The plan drawn from the demand: its items most wanted first; the
# three most wanted are put to the vote, with the property-management
# mode and a pledge.
"$OFFICE" demand --db "$DB" --estate "$E" --json \
    --plan-out "$DIR/draft.json" >"$DIR/demand.json"
python3 - "$DIR/draft.json" "$DIR/demand.json" "$ASSETS/demo-plan-$E.json" \
    "$DIR/plan.json" "$(day -330)" "$(day -320)" <<'PY'
import json, sys
draft, demand, demo, out, opens, closes = sys.argv[1:7]
p = json.load(open(draft))
d = json.load(open(demand))
top = [o["item"] for o in d["questions"][0]["options"][:3]]
old = {q["id"]: q for q in json.load(open(demo))["questions"]}
pm = dict(old["Q-PM"], opens=opens, closes=closes)
p["questions"] += [
    {"id": "Q-WORKS", "kind": "approve", "matter": "major", "items": top,
     "title": {"zh_CN": "是否同意实施所列改造项目"}, "opens": opens, "closes": closes},
    pm]
p["pledges"] = [{"id": "P-WILL", "text": {"zh_CN": "本户同意参与改造并按方案出资"},
                 "threshold": "2/3", "amount": True}]
open(out, "w").write(json.dumps(p, ensure_ascii=False, indent=1))
open(out + ".top", "w").write(" ".join(top))
PY
"$OFFICE" plan import --db "$DB" "$DIR/plan.json"

# 3. The vote: seven in eight agree, most choose market management.
ballots "$DIR/b-Q-WORKS.csv" Q-WORKS -325 '"disagree" if i % 8 == 7 else "agree"'
ballots "$DIR/b-Q-PM.csv" Q-PM -325 '"community" if i % 4 == 3 else "market"'
"$OFFICE" ballots import --db "$DB" --clerk 王芳 "$DIR/b-Q-WORKS.csv"
"$OFFICE" ballots import --db "$DB" --clerk 王芳 "$DIR/b-Q-PM.csv"

# 4. The notices: the preliminary results with 7 days for objections,
# then the estate's final notice once they are over (the office's other
# estates may still be voting).
"$OFFICE" publish --db "$DB" --out "$SITE" --base-url "$URL" \
    --at "$(day -319)" --objection-days 7
"$OFFICE" publish --db "$DB" --out "$SITE" --base-url "$URL" \
    --at "$(day -310)" --final --estate "$E"

# 5. The works are done; the residents rate each voted item and the
# whole renovation, 1 to 5, "not used" allowed.
python3 - "$DIR/plan.json" "$(day -260)" "$(day -250)" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
words = [{"zh_CN": w} for w in ["很不满意", "不满意", "一般", "满意", "很满意"]]
top = open(sys.argv[1] + ".top").read().split()
for it in top + [None]:
    p["questions"].append({
        "id": "A-" + (it or "ALL").upper(), "kind": "rating", "stage": "acceptance",
        "min": 1, "max": 5, "labels": words, "items": [it] if it else [],
        "title": {"zh_CN": "对改造效果的评价"}, "opens": sys.argv[2], "closes": sys.argv[3]})
open(sys.argv[1], "w").write(json.dumps(p, ensure_ascii=False, indent=1))
PY
"$OFFICE" plan import --db "$DB" "$DIR/plan.json"
for q in $(python3 -c 'import json, sys; print(" ".join(q["id"] for q in json.load(open(sys.argv[1]))["questions"] if q.get("stage") == "acceptance"))' "$DIR/plan.json"); do
	ballots "$DIR/b-$q.csv" "$q" -255 '"none" if i % 10 == 9 else str(r.choice([2, 3, 4, 4, 5, 5]))'
	"$OFFICE" ballots import --db "$DB" --clerk 王芳 "$DIR/b-$q.csv"
done

# 6. Two quarters of property-service ratings, half a year apart, the
# second better; each is named by the quarter in which it closes.
python3 - "$DIR/plan.json" "$(day -190)" "$(day -180)" "$(day -10)" "$(day -2)" <<'PY'
import datetime, json, sys
p = json.load(open(sys.argv[1]))
words = [{"zh_CN": w} for w in ["很不满意", "不满意", "一般", "满意", "很满意"]]
periods = []
for o, c in ((2, 3), (4, 5)):
    d = datetime.datetime.fromisoformat(sys.argv[c])
    pid = "%d-Q%d" % (d.year, (d.month - 1) // 3 + 1)
    periods.append(pid)
    p["questions"].append({
        "id": "SR-" + pid.replace("-", ""), "kind": "rating", "stage": "service",
        "period": pid, "min": 1, "max": 5, "labels": words,
        "title": {"zh_CN": "本季度物业服务满意度"},
        "opens": sys.argv[o], "closes": sys.argv[c]})
open(sys.argv[1], "w").write(json.dumps(p, ensure_ascii=False, indent=1))
open(sys.argv[1] + ".periods", "w").write(" ".join(periods))
PY
"$OFFICE" plan import --db "$DB" "$DIR/plan.json"
set -- $(cat "$DIR/plan.json.periods")
ballots "$DIR/b-SR-$(echo "$1" | tr -d -).csv" "SR-$(echo "$1" | tr -d -)" -185 \
    'str(r.choice([2, 3, 3, 4]))'
ballots "$DIR/b-SR-$(echo "$2" | tr -d -).csv" "SR-$(echo "$2" | tr -d -)" -8 \
    'None if i % 6 == 5 else str(r.choice([3, 4, 4, 5]))'
for p in "$1" "$2"; do
	"$OFFICE" ballots import --db "$DB" --clerk 王芳 \
	    "$DIR/b-SR-$(echo "$p" | tr -d -).csv"
done
