#!/bin/sh
# The whole consultation cycle of one estate, through the office's real
# commands, each step's figures checked against a count made here from
# the roster and the paper ballots:
#   the needs survey (征求意见) → the plan drawn from its demand → the
#   vote → the notices (preliminary, final) → the works done → the
#   acceptance ratings (效果共评) → two quarters of property-service
#   ratings → the district's evaluation report (考评).
# One plan file grows through the cycle (plan import replaces it, every
# question that has answers kept); the times are days in the past, so
# each step's window has closed before the next one opens.
. "$top_srcdir/tests/cli/lib.sh"

DB="$T/office.db"
E=LC-XNY-02
SITE="$T/site"
URL=https://office.example.cn
expect 0 "$OFFICE" init --db "$DB"
expect 0 "$OFFICE" roster import --db "$DB" "$ASSETS/demo-roster.csv"

# Steps 1 to 6 are the demo's cycle (assets/demo-cycle.sh); its plans
# and ballots are left in $T.
expect 0 "$ASSETS/demo-cycle.sh" "$OFFICE" "$DB" "$E" "$T" "$SITE" "$URL"
P1=$(cut -d' ' -f1 "$T/plan.json.periods")
P2=$(cut -d' ' -f2 "$T/plan.json.periods")
Q1=SR-$(echo "$P1" | tr -d -)
Q2=SR-$(echo "$P2" | tr -d -)

# A final notice is one estate's, named with --final.
expect_error 2 "give it with --final" "$OFFICE" publish --db "$DB" \
    --out "$T/site2" --base-url "$URL" --estate "$E"
expect_error 1 "no such estate with a plan" "$OFFICE" publish --db "$DB" \
    --out "$T/site2" --base-url "$URL" --final --estate LC-XNY-03

# The willingness pledge, signed at the hall kiosk with the flats'
# voting codes by two in three flats and one more.
expect 0 "$OFFICE" codes issue --db "$DB" --estate "$E" --out "$T/codes.csv"
expect 0 "$OFFICE" package --db "$DB" --estate "$E" --out "$T/p.pkg"
new_kiosk "$T/k1.db" hall-1 "$DB" "$T/p.pkg" || fail "kiosk set-up"
signers=$(python3 -c 'import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["estate_id"] == sys.argv[2]]
print(" ".join(r["flat_id"] for i, r in enumerate(rows) if i % 3 != 2 or i == 2))' \
    "$ASSETS/demo-roster.csv" "$E")
for f in $signers; do
	"$KIOSK" pledge --db "$T/k1.db" --flat "$f" \
	    --code-file "$(code_file "$(code_of "$f")")" --pledge P-WILL \
	    >/dev/null 2>>"$T/pledge.err" || fail "pledge of $f: $(cat "$T/pledge.err")"
done
expect 0 "$KIOSK" export --db "$T/k1.db" --out "$T/k1.bundle"
expect 0 "$OFFICE" ingest --db "$DB" "$T/k1.bundle"

# 7. The figures: tally, demand, ratings; then the district report.
expect 0 "$OFFICE" tally --db "$DB" --estate "$E" --json
cp "$T/out" "$T/tally.json"
expect 0 "$OFFICE" ratings --db "$DB" --estate "$E" --stage acceptance --json
cp "$T/out" "$T/acceptance.json"
expect 0 "$OFFICE" ratings --db "$DB" --estate "$E" --stage service --json
cp "$T/out" "$T/service.json"
expect 0 env LANGUAGE=en "$OFFICE" ratings --db "$DB" --estate "$E" --stage service
cp "$T/out" "$T/service.txt"
expect 0 env LANG=zh_CN.UTF-8 LANGUAGE=zh_CN "$OFFICE" publish --db "$DB" \
    --out "$SITE" --base-url "$URL"
echo "$signers" >"$T/signers"

python3 - "$ASSETS/demo-roster.csv" "$E" "$T" "$P1" "$P2" >"$T/check.out" 2>&1 <<'PY'
import csv, glob, json, os, sys
from decimal import Decimal, ROUND_HALF_UP
from fractions import Fraction
roster, E, T, P1, P2 = sys.argv[1:6]
Q1, Q2 = "SR-" + P1.replace("-", ""), "SR-" + P2.replace("-", "")
flats = {r["flat_id"]: r for r in csv.DictReader(open(roster)) if r["estate_id"] == E}
bad = []
def same(what, got, want):
    if got != want:
        bad.append("%s: got %r, expected %r" % (what, got, want))

def standing(q):
    """owner -> choice: each owner's latest ballot for q."""
    latest = {}
    for b in csv.DictReader(open(os.path.join(T, "b-%s.csv" % q))):
        o = flats[b["flat_id"]]["owner_id"]
        if o not in latest or b["cast_at"] > latest[o]["cast_at"]:
            latest[o] = b
    return {o: b["choice"] for o, b in latest.items()}

def mean2(f):
    return float((Decimal(f.numerator) / Decimal(f.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP))

tally = {q["question_id"]: q for q in json.load(open(os.path.join(T, "tally.json")))["questions"]}
owners = {r["owner_id"] for r in flats.values()}

# The survey's demand, and the plan's items in its order.
d = json.load(open(os.path.join(T, "demand.json")))["questions"][0]
st = standing("S-NEED")
count = {}
for o, ch in st.items():
    for p in ([] if ch == "abstain" else ch.split(",")):
        count[p] = count.get(p, 0) + 1
same("survey answered", d["answered"], len(st))
same("survey owners per option", {o["option_id"]: o["owners"] for o in d["options"]},
     {k: count.get(k, 0) for k in ["roof", "water", "green", "fire", "facade", "wiring"]})
same("survey order by owners", [o["owners"] for o in d["options"]],
     sorted([o["owners"] for o in d["options"]], reverse=True))
plan = json.load(open(os.path.join(T, "plan.json")))
same("the plan's items start with the demand's", [i["id"] for i in plan["items"]][:6],
     [o["item"] for o in d["options"]])

# The vote.
w = standing("Q-WORKS")
agree = sum(1 for c in w.values() if c == "agree")
same("Q-WORKS agree", tally["Q-WORKS"]["choices"]["agree"]["owners"], agree)
same("Q-WORKS status", tally["Q-WORKS"]["status"], "approved")
same("Q-PM adopted", tally["Q-PM"]["adopted"], "market")

# Ratings: every acceptance and service question, the estate and each
# building, against the ballots.
def check_rating(rj, qid):
    q = [x for x in rj["questions"] if x["question_id"] == qid][0]
    st = standing(qid)
    for g in [None] + q["groups"]:
        b = None if g is None else g["building"]
        e = None if g is None else g["entrance"]
        inside = {r["owner_id"] for r in flats.values()
                  if b is None or (r["building"] == b and (e is None or r["entrance"] == e))}
        got = q if g is None else g
        ans = {o: c for o, c in st.items() if o in inside}
        steps = [int(c) for c in ans.values() if c != "none"]
        where = "%s %s" % (qid, "estate" if g is None else "%s-%s" % (b, e))
        same(where + " answered", got["answered"], len(ans))
        same(where + " answers", got["answers"], len(steps))
        same(where + " steps", {k: v["owners"] for k, v in got["steps"].items()},
             {str(s): steps.count(s) for s in range(1, 6)})
        same(where + " none", got["none"]["owners"], len(ans) - len(steps))
        if steps:
            m = Fraction(sum(steps), len(steps))
            same(where + " mean", (got["mean"]["num"], got["mean"]["den"], got["mean"]["value"]),
                 (m.numerator, m.denominator, mean2(m)))
        else:
            same(where + " mean", got["mean"], None)
    t = tally[qid]
    same(qid + " = tally mean", q["mean"], t["mean"])
    same(qid + " = tally steps", q["steps"], t["steps"])
    return q

acc = json.load(open(os.path.join(T, "acceptance.json")))
same("acceptance questions", [q["question_id"] for q in acc["questions"]],
     [q["id"] for q in plan["questions"] if q.get("stage") == "acceptance"])
for q in acc["questions"]:
    check_rating(acc, q["question_id"])
svc = json.load(open(os.path.join(T, "service.json")))
q1 = check_rating(svc, Q1)
q2 = check_rating(svc, Q2)
same("service periods", [q["period"] for q in svc["questions"]], [P1, P2])
# The table puts Q2 beside Q1 with the exact change.
ch = Fraction(q2["mean"]["num"], q2["mean"]["den"]) - Fraction(q1["mean"]["num"], q1["mean"]["den"])
want = "%s%.2f" % ("+" if ch > 0 else "-" if ch < 0 else "", abs(mean2(abs(ch))))
line = [l.split() for l in open(os.path.join(T, "service.txt"), encoding="utf-8") if l.split()[:2] == [P2, Q2]]
same("Q2 beside Q1", line and line[0][2:], ["%.2f" % q2["mean"]["value"], str(q2["answers"]),
     "%.2f" % q1["mean"]["value"], want])
# The district report: its comparison row and CSV row for the estate say
# what the figures above say.
import html.parser
class Cells(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows, self.row, self.cell = {}, None, None
        self.dd, self.dt, self.dl = {}, None, None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "tr" and a.get("id", "").startswith("c-"):
            self.row = a["id"][2:]; self.rows[self.row] = []
        if tag in ("td", "th") and self.row:
            self.cell = ""
        if tag == "br" and self.cell is not None:
            self.cell += "\n"
        if tag == "section" and a.get("id", "").startswith("e-"):
            self.dl = a["id"][2:]
        if tag == "dt":
            self.dt = ""
        if tag == "dd":
            self.cell = ""
    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.row and self.cell is not None:
            self.rows[self.row].append(self.cell); self.cell = None
        if tag == "tr":
            self.row = None
        if tag == "dt":
            self.key = self.dt; self.dt = None
        if tag == "dd" and self.dl:
            self.dd[(self.dl, self.key)] = self.cell; self.cell = None
    def handle_data(self, d):
        if self.dt is not None:
            self.dt += d
        elif self.cell is not None:
            self.cell += d
p = Cells()
p.feed(open(os.path.join(T, "site/report/report.html"), encoding="utf-8").read())
row = p.rows[E]
s = tally["S-NEED"]
pct = "%.2f%%" % (100.0 * s["participating"]["flats"] / s["eligible"]["flats"])
top = [o for o in d["options"] if o["owners"] > 0][:3]
titles = {o["id"]: o["title"]["zh_CN"] for q in plan["questions"] if q["id"] == "S-NEED" for o in q["options"]}
same("needs cell", row[1].split("\n")[1:],
     ["%d 户中 %d 户已答复（%s）" % (s["eligible"]["flats"], s["participating"]["flats"], pct),
      "最需要：" + "、".join(titles[o["option_id"]] for o in top)])
pg = [x for x in json.load(open(os.path.join(T, "tally.json")))["pledges"]][0]
signers = open(os.path.join(T, "signers")).read().split()
same("pledge signed", pg["signed"]["flats"], len(signers))
same("pledge met", pg["met"], len(signers) * 3 >= 2 * len(flats))
q1m, q2m = "%.2f" % q1["mean"]["value"], "%.2f" % q2["mean"]["value"]
same("service in the report", p.dd[(E, "物业服务评价")].split("\n")[-1],
     "%s：平均 %s 分（%d 人评分）；上一期 %s 为 %s 分，变化 %s" % (
         P2, q2m, q2["answers"], P1, q1m, want))
c = [r for r in csv.DictReader(open(os.path.join(T, "site/report/report.csv"), encoding="utf-8"))
     if r["estate_id"] == E][0]
a_all = [q for q in acc["questions"] if q["question_id"] == "A-ALL"][0]
same("report.csv cycle columns",
     [c[k] for k in ("needs_flats", "needs_flats_answered", "needs_most_wanted",
                     "acceptance_mean", "acceptance_answers", "service_period",
                     "service_mean", "service_previous_mean", "property_management")],
     [str(s["eligible"]["flats"]), str(s["participating"]["flats"]),
      " ".join(o["option_id"] for o in top), "%.2f" % a_all["mean"]["value"],
      str(a_all["answers"]), P2, q2m, q1m, "market"])
same("notices in report.csv", (c["preliminary_published"] != "", c["final_published"] != ""), (True, True))
print("\n".join(bad) if bad else "ok")
PY
same "every figure of the cycle agrees with the ballots" "$(cat "$T/check.out")" ok
test_done
