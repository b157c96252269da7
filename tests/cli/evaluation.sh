#!/bin/sh
# The evaluation report (考评) as the district reads it: the comparison
# across estates opens it, each cell in words, and every figure agrees
# with "tally --json" at the same instant and with a count made here
# from the ballots themselves: owners who answered, the pledge, the
# property-management mode adopted (its title, from the plan's
# "topic"), the maintenance-fund question still open.  A plan naming one
# topic twice is refused naming the field.
. "$top_srcdir/tests/cli/lib.sh"

DB="$T/office.db"
E=LC-XNY-02
live_office "$DB" "$T" || fail "office set-up"

# Every flat of the estate answers Q-PM on paper, "market"; one in three
# abstains on Q-BASIC.
cast=$(iso_at '-1 hour')
python3 - "$ASSETS/demo-roster.csv" "$E" "$cast" >"$T/ballots.csv" <<'PY'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["estate_id"] == sys.argv[2]]
print("estate_id,flat_id,question_id,choice,cast_at,form_ref")
for i, r in enumerate(rows):
    print("%s,%s,Q-PM,market,%s,F-%04d" % (sys.argv[2], r["flat_id"], sys.argv[3], 2 * i))
    if i % 3 == 0:
        print("%s,%s,Q-BASIC,abstain,%s,F-%04d" % (sys.argv[2], r["flat_id"], sys.argv[3], 2 * i + 1))
PY
expect 0 "$OFFICE" ballots import --db "$DB" --clerk 王芳 "$T/ballots.csv"

# After Q-PM closes, before Q-FUND does.
AT=$(iso_at '+1 day +1 hour')
SITE="$T/site"
expect 0 env LANG=zh_CN.UTF-8 "$OFFICE" publish --db "$DB" --out "$SITE" \
    --base-url https://office.example.cn --at "$AT"
expect 0 "$OFFICE" tally --db "$DB" --at "$AT" --json
cp "$T/out" "$T/tally.json"

python3 - "$SITE/report/report.html" "$T/tally.json" "$T/plan.json" \
    "$ASSETS/demo-roster.csv" "$T/ballots.csv" "$E" >"$T/check.out" 2>&1 <<'PY'
import csv, html.parser, json, sys
page, tally, plan, roster, ballots, E = sys.argv[1:7]

class Cells(html.parser.HTMLParser):
    """The comparison table's rows: id -> [cell texts]."""
    def __init__(self):
        super().__init__()
        self.rows, self.row, self.cell, self.heads = {}, None, None, []
        self.in_compare = False
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section" and a.get("class") == "compare":
            self.in_compare = True
        if not self.in_compare:
            return
        if tag == "tr" and a.get("id", "").startswith("c-"):
            self.row = a["id"][2:]
            self.rows[self.row] = []
        if tag in ("td", "th") and self.row:
            self.cell = ""
        if tag == "br" and self.cell is not None:
            self.cell += "\n"
    def handle_endtag(self, tag):
        if tag == "section":
            self.in_compare = False
        if tag in ("td", "th") and self.row and self.cell is not None:
            self.rows[self.row].append(self.cell)
            self.cell = None
        if tag == "tr":
            self.row = None
    def handle_data(self, d):
        if self.cell is not None:
            self.cell += d

p = Cells()
p.feed(open(page, encoding="utf-8").read())
t = json.load(open(tally))
pl = json.load(open(plan))
bad = []
def same(what, got, want):
    if got != want:
        bad.append("%s: report says %r, expected %r" % (what, got, want))

same("estates compared", sorted(p.rows), ["LC-XNY-01", "LC-XNY-02", "LC-XNY-03"])
row = p.rows[E]
# Owners who answered, counted from the ballots and the roster.
owners = {}
for r in csv.DictReader(open(roster)):
    if r["estate_id"] == E:
        owners[r["flat_id"]] = r["owner_id"] if "owner_id" in r else r["owner"]
answered = {owners[b["flat_id"]] for b in csv.DictReader(open(ballots))}
q = {x["question_id"]: x for x in t["questions"] if x["estate_id"] == E}
total = q["Q-PM"]["eligible"]["owners"]
same("owners answered = Q-PM's participants", len(answered), q["Q-PM"]["participating"]["owners"])
pct = "%.2f%%" % (100.0 * len(answered) / total)
want = "%d 户业主中 %d 户已答复（%s）" % (total, len(answered), pct)
same("consulted", row[2].split("\n")[1], want)
# The pledge, from the tally.
pg = [x for x in t["pledges"] if x["estate_id"] == E][0]
ppct = "%.2f%%" % (100.0 * pg["signed"]["flats"] / pg["flats"])
same("pledge", row[5], "%d 户中 %d 户已签署（%s）；须 ≥%s：%s" % (
    pg["flats"], pg["signed"]["flats"], ppct, pg["threshold"],
    "已达到" if pg["met"] else "尚未达到"))
# Property management: the option adopted, by its title in the plan.
same("Q-PM adopted by the tally", q["Q-PM"]["adopted"], "market")
title = [o["title"]["zh_CN"] for qq in pl["questions"] if qq.get("topic") == "property-management"
         for o in qq["options"] if o["id"] == q["Q-PM"]["adopted"]][0]
same("property management", row[6], title)
# The maintenance fund: still open at AT.
same("Q-FUND open in the tally", q["Q-FUND"]["status"], "open")
same("maintenance fund", row[7], "表决进行中")
same("not yet published", row[3], "未发布")
same("no needs survey", row[1], "未开展")
print("\n".join(bad) if bad else "ok")
PY
same "the report's comparison agrees with the tally and the ballots" "$(cat "$T/check.out")" ok

# The CSV says the same in machine words.
same "CSV topic columns" "$(python3 -c 'import csv,sys; r=[r for r in csv.DictReader(open(sys.argv[1])) if r["estate_id"]==sys.argv[2]][0]; print(r["property_management"], r["maintenance_fund"])' "$SITE/report/report.csv" "$E")" "market open"

# topic_plan TOPIC OUT: the plan with its first question given TOPIC.
topic_plan() {
	python3 -c 'import json, sys
p = json.load(open(sys.argv[1]))
p["questions"][0]["topic"] = sys.argv[2]
print(json.dumps(p, ensure_ascii=False))' "$T/plan.json" "$1" >"$2"
}
# One topic twice, or one not known: refused, naming the question and field.
topic_plan property-management "$T/twice.json"
expect_error 1 'twice.json: \$\.questions\[[0-9]+\]\.topic: .property-management. is already the topic of question Q-BASIC' \
    "$OFFICE" plan import --db "$DB" "$T/twice.json"
topic_plan lifts "$T/badtopic.json"
expect_error 1 "badtopic.json: \\\$\.questions\[0\]\.topic: 'lifts' is not one of property-management, maintenance-fund" \
    "$OFFICE" plan import --db "$DB" "$T/badtopic.json"
test_done
