#!/bin/sh
# The needs survey (征求意见) of LC-XNY-02 as its committee reads it:
# owners pick up to 3 items they need (choose-many) and rank 3 (rank),
# on paper; "demand" orders the items most wanted first, for the estate,
# each building and each entrance, and every figure agrees with a count
# made here from the roster and the ballots (an owner's latest answer
# speaks for all the owner's flats).  --plan-out gives the plan to start
# from, which plan import takes; wrong requests exit non-zero, naming
# what is wrong.
. "$top_srcdir/tests/cli/lib.sh"

DB="$T/office.db"
E=LC-XNY-02
expect 0 "$OFFICE" init --db "$DB"
expect 0 "$OFFICE" roster import --db "$DB" "$ASSETS/demo-roster.csv"

# The survey: the demo plan's items, two survey questions over six of
# them (one option names no item), open from ten days ago for a month.
python3 - "$ASSETS/demo-plan-LC-XNY-02.json" "$T/survey.json" \
    "$(iso_at '-10 days')" "$(iso_at '+20 days')" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
opts = [("roof", "屋面防水"), ("water", "供水管网"), ("green", "绿化"),
        ("ebike", "电动车充电"), ("facade", "外立面")]
def options():
    o = [{"id": i, "item": i, "title": {"zh_CN": t}} for i, t in opts]
    return o + [{"id": "other", "title": {"zh_CN": "其他"}}]
times = {"opens": sys.argv[3], "closes": sys.argv[4]}
p["questions"] = [
    dict({"id": "S-NEED", "kind": "choose-many", "stage": "survey", "max": 3,
          "title": {"zh_CN": "您最需要哪些改造？（最多选3项）"},
          "options": options()}, **times),
    dict({"id": "S-RANK", "kind": "rank", "stage": "survey", "max": 3,
          "title": {"zh_CN": "请按需要程度排序"}, "options": options()},
         **times)]
p["pledges"] = []
open(sys.argv[2], "w").write(json.dumps(p, ensure_ascii=False))
PY

# Before any plan: refused, naming the estate.
expect_error 1 "estate $E has no plan yet" \
    "$OFFICE" demand --db "$DB" --estate "$E"
expect 0 "$OFFICE" plan import --db "$DB" "$T/survey.json"

# Ballots: each flat picks from a fixed pseudo-random draw; every fifth
# abstains; an owner of several flats answers from each, later ones
# later, so the last flat's answer stands for all of them.
python3 - "$ASSETS/demo-roster.csv" "$E" "$(date +%s)" >"$T/ballots.csv" <<'PY'
import csv, random, sys, datetime
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["estate_id"] == sys.argv[2]]
now = int(sys.argv[3])
ids = ["roof", "water", "green", "ebike", "facade", "other"]
rnd = random.Random(7)
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(["estate_id", "flat_id", "question_id", "choice", "cast_at", "form_ref"])
for i, r in enumerate(rows):
    t = datetime.datetime.fromtimestamp(now - 86400 * 5 + 60 * i,
        datetime.timezone(datetime.timedelta(hours=8))).isoformat()
    if i % 5 == 4:
        need, rank = "abstain", "abstain"
    else:
        need = ",".join(rnd.sample(ids, rnd.randint(1, 3)))
        rank = ",".join(rnd.sample(ids[:5], rnd.randint(1, 3)))
    w.writerow([sys.argv[2], r["flat_id"], "S-NEED", need, t, "N-%03d" % i])
    w.writerow([sys.argv[2], r["flat_id"], "S-RANK", rank, t, "R-%03d" % i])
PY
expect 0 "$OFFICE" ballots import --db "$DB" --clerk 王芳 "$T/ballots.csv"

AT=$(iso_at '+1 hour')
expect 0 "$OFFICE" demand --db "$DB" --estate "$E" --at "$AT" --json
cp "$T/out" "$T/demand.json"
expect 0 "$OFFICE" demand --db "$DB" --estate "$E" --at "$AT" --csv
cp "$T/out" "$T/demand.csv"
expect 0 env LANGUAGE=en "$OFFICE" demand --db "$DB" --estate "$E" --at "$AT"
cp "$T/out" "$T/demand.txt"
expect 0 "$OFFICE" demand --db "$DB" --estate "$E" --at "$AT" \
    --plan-out "$T/draft.json"
expect 0 "$OFFICE" tally --db "$DB" --estate "$E" --at "$AT" --json
cp "$T/out" "$T/tally.json"

python3 - "$ASSETS/demo-roster.csv" "$T/ballots.csv" "$T/demand.json" \
    "$T/demand.csv" "$T/demand.txt" "$T/survey.json" "$T/draft.json" "$E" \
    "$T/tally.json" >"$T/check.out" 2>&1 <<'PY'
import csv, json, sys
from decimal import Decimal
roster, ballots, dj, dc, dt, survey, draft, E, tj = sys.argv[1:10]
tally = {q["question_id"]: q for q in json.load(open(tj))["questions"]}
flats = {r["flat_id"]: r for r in csv.DictReader(open(roster)) if r["estate_id"] == E}
d = json.load(open(dj))
bad = []
def same(what, got, want):
    if got != want:
        bad.append("%s: got %r, expected %r" % (what, got, want))

def owner(f):
    # All flats the developer holds count as one owner (estate.c).
    return flats[f]["owner_id"]

ids = ["roof", "water", "green", "ebike", "facade", "other"]
for qid, rank in (("S-NEED", False), ("S-RANK", True)):
    latest = {}
    for b in csv.DictReader(open(ballots)):
        if b["question_id"] != qid:
            continue
        o = owner(b["flat_id"])
        if o not in latest or b["cast_at"] > latest[o]["cast_at"]:
            latest[o] = b
    groups = [(None, None)]
    for f in sorted(flats):
        r = flats[f]
        for g in ((r["building"], None), (r["building"], r["entrance"])):
            if g not in groups:
                groups.append(g)
    want = {}
    for g in groups:
        c = {i: [set(), 0, Decimal(0), 0] for i in ids}
        ab = [set(), 0, Decimal(0)]
        infl = [f for f in flats if g[0] is None or (flats[f]["building"] == g[0] and
                (g[1] is None or flats[f]["entrance"] == g[1]))]
        answered = set()
        for f in infl:
            o = owner(f)
            if o not in latest:
                continue
            answered.add(o)
            picks = [] if latest[o]["choice"] == "abstain" else latest[o]["choice"].split(",")
            if not picks:
                ab[0].add(o); ab[1] += 1; ab[2] += Decimal(flats[f]["area_m2"])
            for k, p in enumerate(picks):
                if o not in c[p][0] and rank:
                    c[p][3] += 3 - k
                c[p][0].add(o); c[p][1] += 1; c[p][2] += Decimal(flats[f]["area_m2"])
        want[g] = (len(infl), len(answered), ab, c)
    q = [x for x in d["questions"] if x["question_id"] == qid][0]
    same(qid + " kind", q["kind"], "rank" if rank else "choose-many")
    same(qid + " decision", q["decision"], False)
    n, a, ab, c = want[(None, None)]
    same(qid + " flats", q["flats"], n)
    same(qid + " answered", q["answered"], a)
    order = sorted(ids, key=lambda i: ((-c[i][3],) if rank else ()) + (-len(c[i][0]), -c[i][2], ids.index(i)))
    same(qid + " order", [o["option_id"] for o in q["options"]], order)
    for o in q["options"]:
        i = o["option_id"]
        got = (o["owners"], o["flats"], "%.2f" % o["area_m2"], o.get("points", 0))
        same("%s %s" % (qid, i), got, (len(c[i][0]), c[i][1], "%.2f" % c[i][2], c[i][3]))
        same("%s %s item" % (qid, i), o["item"], None if i == "other" else i)
    # The estate's figures are the tally's.
    tq = tally[qid]
    same(qid + " = tally: answered", q["answered"], tq["participating"]["owners"])
    same(qid + " = tally: flats", q["flats"], tq["eligible"]["flats"])
    same(qid + " = tally: abstain", q["abstain"], tq["abstain"])
    for o in q["options"]:
        t = dict(tq["options"][o["option_id"]])
        same("%s %s = tally" % (qid, o["option_id"]), {k: o[k] for k in t}, t)
    same(qid + " groups", [(g["building"], g["entrance"]) for g in q["groups"]], groups[1:])
    for g in q["groups"]:
        key = (g["building"], g["entrance"])
        n, a, ab, c = want[key]
        same("%s %s flats/answered" % (qid, key), (g["flats"], g["answered"]), (n, a))
        same("%s %s abstain" % (qid, key), (g["abstain"]["owners"], g["abstain"]["flats"],
             "%.2f" % g["abstain"]["area_m2"]), (len(ab[0]), ab[1], "%.2f" % ab[2]))
        for o in g["options"]:
            i = o["option_id"]
            same("%s %s %s" % (qid, key, i), (o["owners"], o["flats"], "%.2f" % o["area_m2"]),
                 (len(c[i][0]), c[i][1], "%.2f" % c[i][2]))
    # The CSV says the same, row for row.
    rows = [r for r in csv.DictReader(open(dc, newline="")) if r["question_id"] == qid]
    same(qid + " CSV rows", len(rows), len(groups) * (len(ids) + 1))
    est = [r for r in rows if r["building"] == "" and r["choice"] != "abstain"]
    same(qid + " CSV estate order", [r["choice"] for r in est], order)
    same(qid + " CSV estate owners", [int(r["owners"]) for r in est],
         [o["owners"] for o in q["options"]])
    # The table: the first option line names the most wanted option.
    sec = [x for x in open(dt, encoding="utf-8").read().split("\n\n") if x.startswith(qid + " ")]
    line = [l for l in sec[0].splitlines() if l.strip().startswith("1 ")] if sec else []
    same(qid + " table's first", line and line[0].split()[1], order[0])

# The draft: the survey's items in the order of S-NEED's demand, the rest
# after them as they were, every question kept.
s = json.load(open(survey))
dr = json.load(open(draft))
need = [o["option_id"] for o in [x for x in d["questions"] if x["question_id"] == "S-NEED"][0]["options"] if o["option_id"] != "other"]
rest = [i["id"] for i in s["items"] if i["id"] not in need]
same("draft items", [i["id"] for i in dr["items"]], need + rest)
same("draft questions", dr["questions"], s["questions"])
same("draft items unchanged", sorted(json.dumps(i, sort_keys=True) for i in dr["items"]),
     sorted(json.dumps(i, sort_keys=True) for i in s["items"]))
print("\n".join(bad) if bad else "ok")
PY
same "demand agrees with the roster and the ballots" "$(cat "$T/check.out")" ok

# The draft is a plan plan import takes: the survey's answers stay.
expect 0 "$OFFICE" plan import --db "$DB" "$T/draft.json"
expect 0 "$OFFICE" demand --db "$DB" --estate "$E" --at "$AT" --json
same "demand after the draft is imported" "$(cat "$T/out")" "$(cat "$T/demand.json")"

# Wrong requests, which change nothing.
expect 0 "$OFFICE" plan import --db "$DB" "$ASSETS/demo-plan-LC-XNY-01.json"
before=$(db_signature "$DB")
expect_error 2 "--estate is required" "$OFFICE" demand --db "$DB"
expect_error 2 "--json and --csv" "$OFFICE" demand --db "$DB" --estate "$E" --json --csv
expect_error 1 "LC-NONE" "$OFFICE" demand --db "$DB" --estate LC-NONE
expect_error 1 "the plan of LC-XNY-01 asks no question of stage survey" \
    "$OFFICE" demand --db "$DB" --estate LC-XNY-01
expect_error 3 "draft-dir" "$OFFICE" demand --db "$DB" --estate "$E" \
    --plan-out "$T/draft-dir/nope/plan.json"
same "the database after the refusals" "$(db_signature "$DB")" "$before"
test_done
