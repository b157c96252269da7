#!/bin/sh
# Choose-many, rank and rating questions through the real binaries: a
# plan with one of each, answers cast at two kiosks and entered on paper,
# ingested at the office, and every figure of tally --json checked
# against a second computation over the inputs (python3, from the rules
# of docs/interface.md, "Question kinds"); refused choices and a forged
# record leave both databases byte-identical; a published site with
# these questions still verifies.
. "$top_srcdir/tests/cli/lib.sh"
need python3

OD="$T/office.db"
# Twenty flats of the demo estate LC-XNY-02, with owners of several
# flats (O-02-0007 three, in two buildings; the developer two), and a plan of one approve question and one question
# of each new kind, open from an hour ago.
grep -E '^(estate_id|LC-XNY-02,[^,]*,(1,[12],[1-4]0[12]|3,1,[13]01|3,2,[14]02),)' \
    "$ASSETS/demo-roster.csv" >"$T/roster.csv"
t() { printf '{"zh_CN": "%s"}' "$1"; }
opens=$(iso_at '-1 hour')
closes=$(iso_at '+1 day')
win="\"opens\": \"$opens\", \"closes\": \"$closes\""
opts="[{\"id\": \"lift\", \"title\": $(t 加装电梯)}, {\"id\": \"roof\", \"title\": $(t 屋面防水)},
  {\"id\": \"pipes\", \"title\": $(t 管网改造)}, {\"id\": \"park\", \"title\": $(t 停车)}]"
cat >"$T/plan.json" <<EOF
{"estate_id": "LC-XNY-02", "title": $(t 新园小区),
 "items": [{"id": "roof", "class": "basic", "title": $(t 屋面防水), "cost_yuan": 1000}],
 "questions": [
  {"id": "Q-BASIC", "kind": "approve", "matter": "major", "items": ["roof"], "title": $(t 基础类), $win},
  {"id": "Q-NEEDS", "kind": "choose-many", "max": 2, "title": $(t 最需要的项目), "options": $opts, $win},
  {"id": "Q-ORDER", "kind": "rank", "max": 3, "title": $(t 项目先后), "options": $opts, $win},
  {"id": "Q-SAT", "kind": "rating", "min": 1, "max": 5, "title": $(t 满意度), "scope": {"building": "1"},
   "labels": [$(t 很不满意), $(t 不满意), $(t 一般), $(t 满意), $(t 很满意)], $win}]}
EOF
"$OFFICE" init --db "$OD" >/dev/null &&
"$OFFICE" roster import --db "$OD" "$T/roster.csv" >/dev/null ||
    fail "office set-up"
expect 0 "$OFFICE" plan import --db "$OD" "$T/plan.json"
"$OFFICE" codes issue --db "$OD" --estate LC-XNY-02 --out "$T/codes.csv" >/dev/null &&
"$OFFICE" package --db "$OD" --estate LC-XNY-02 --out "$T/p1.pkg" >/dev/null ||
    fail "office set-up"
new_kiosk "$T/k1.db" hall-1 "$OD" "$T/p1.pkg" || fail "kiosk 1 set-up"
new_kiosk "$T/k2.db" hall-2 "$OD" "$T/p1.pkg" || fail "kiosk 2 set-up"

# cast K FLAT Q CHOICE: an answer at kiosk K, which must be recorded; the
# inputs are kept in $T/cast.txt for the second computation.
cast() {
	expect 0 "$KIOSK" cast --db "$T/$1.db" --flat "$2" \
	    --code-file "$(code_file "$(code_of "$2")")" --question "$3" --choice "$4"
	printf '%s %s %s %s\n' "$1" "$2" "$3" "$4" >>"$T/cast.txt"
}
: >"$T/cast.txt"
cast k1 1-1-101 Q-NEEDS roof,lift
cast k1 1-1-102 Q-NEEDS pipes
cast k1 1-1-201 Q-NEEDS abstain
cast k1 1-2-101 Q-NEEDS lift,park
cast k2 3-1-301 Q-NEEDS roof,pipes
cast k1 1-1-101 Q-ORDER pipes,lift,roof
cast k1 1-1-102 Q-ORDER lift
cast k1 1-2-101 Q-ORDER roof,lift
cast k2 3-1-301 Q-ORDER lift,pipes
cast k2 3-2-102 Q-ORDER abstain
cast k1 1-1-101 Q-SAT 4
cast k1 1-1-102 Q-SAT 5
cast k1 1-1-201 Q-SAT none
cast k1 1-2-101 Q-SAT 2
cast k2 1-1-202 Q-SAT 4
cast k1 1-1-401 Q-NEEDS park
cast k2 3-2-402 Q-ORDER roof,park
cast k1 1-1-402 Q-SAT 5
# The same owner again, later, at the other kiosk: this one stands.
cast k2 1-1-102 Q-NEEDS lift
same "choose-many recorded in the plan's order" \
    "$(sql "$T/k1.db" "SELECT choice FROM answer WHERE flat_id = '1-1-101' AND question_id = 'Q-NEEDS'")" "lift,roof"
same "rank recorded in the order given" \
    "$(sql "$T/k1.db" "SELECT choice FROM answer WHERE flat_id = '1-1-101' AND question_id = 'Q-ORDER'")" "pipes,lift,roof"

# Refusals at the kiosk: one line naming the question, nothing recorded.
sig1=$(db_signature "$T/k1.db")
refuse() {
	expect_error 1 "$1" "$KIOSK" cast --db "$T/k1.db" --flat 1-1-301 \
	    --code-file "$(code_file "$(code_of 1-1-301)")" --question "$2" --choice "$3"
}
refuse "question Q-NEEDS: more than 2 options picked" Q-NEEDS lift,roof,pipes
refuse "question Q-NEEDS: option lift named twice" Q-NEEDS lift,lift
refuse "question Q-NEEDS: unknown option \"\"" Q-NEEDS lift,
refuse "question Q-ORDER: unknown option \"sky\"" Q-ORDER sky
refuse "question Q-SAT: rating \"6\" is not a number from 1 to 5 or none" Q-SAT 6
refuse "question Q-SAT: rating \"\+4\"" Q-SAT +4
refuse "question Q-SAT: rating \"none,4\"" Q-SAT none,4
refuse "question Q-SAT: rating \"lift,roof\"" Q-SAT lift,roof
refuse "question Q-NEEDS: unknown option \"4\"" Q-NEEDS 4
same "kiosk refusals record nothing" "$(db_signature "$T/k1.db")" "$sig1"

# Paper ballots, the same syntax (a choice with commas quoted in CSV).
at=$(iso_at '-30 min')
cat >"$T/ballots.csv" <<EOF
estate_id,flat_id,question_id,choice,cast_at,form_ref
LC-XNY-02,1-2-102,Q-NEEDS,"park,lift",$at,F-1
LC-XNY-02,1-2-102,Q-ORDER,"park,roof,lift",$at,F-2
LC-XNY-02,1-2-102,Q-SAT,3,$at,F-3
LC-XNY-02,3-1-101,Q-NEEDS,roof,$at,F-4
LC-XNY-02,3-1-101,Q-BASIC,agree,$at,F-5
EOF
expect 0 "$OFFICE" ballots import --db "$OD" --clerk 王文书 "$T/ballots.csv"
same "paper choose-many stored in the plan's order" \
    "$(sql "$OD" "SELECT choice FROM answer WHERE flat_id = '1-2-102' AND question_id = 'Q-NEEDS'")" "lift,park"
# The paper ballots were signed before every kiosk answer above.
{ echo "paper 1-2-102 Q-NEEDS park,lift"; echo "paper 1-2-102 Q-ORDER park,roof,lift"
  echo "paper 1-2-102 Q-SAT 3"; echo "paper 3-1-101 Q-NEEDS roof"; cat "$T/cast.txt"; } >"$T/all.txt"

sigo=$(db_signature "$OD")
bad_ballot() {
	printf 'estate_id,flat_id,question_id,choice,cast_at\nLC-XNY-02,1-1-301,Q-SAT,4,%s\n%s,%s\n' "$at" "$2" "$at" >"$T/bad.csv"
	expect_error 1 "$1" "$OFFICE" ballots import --db "$OD" --clerk 王文书 "$T/bad.csv"
}
bad_ballot "bad.csv:3: question Q-NEEDS: more than 2 options picked" 'LC-XNY-02,3-2-402,Q-NEEDS,"lift,roof,park"'
bad_ballot "bad.csv:3: question Q-ORDER: option roof named twice" 'LC-XNY-02,3-2-402,Q-ORDER,"roof,roof"'
bad_ballot "bad.csv:3: question Q-SAT: rating \"6\"" 'LC-XNY-02,1-1-302,Q-SAT,6'
bad_ballot "bad.csv:3: question Q-SAT: rating \"lift,roof\"" 'LC-XNY-02,1-1-302,Q-SAT,"lift,roof"'
same "refused ballots store nothing" "$(db_signature "$OD")" "$sigo"

# Ingest both kiosks.
expect 0 "$KIOSK" export --db "$T/k1.db" --out "$T/b1"
expect 0 "$KIOSK" export --db "$T/k2.db" --out "$T/b2"
expect 0 "$OFFICE" ingest --db "$OD" "$T/b1" "$T/b2"

# A forged record: kiosk 2's own key signs the next record of its chain,
# a choose-many answer written "roof,lift" (not canonical), built here
# from docs/protocol.md.  The office refuses the bundle whole.
sigo=$(db_signature "$OD")
sig2=$(db_signature "$T/k2.db")
check "forged bundle built" python3 - "$T/k2.db" "$T/k2.db.key" "$T/bf" <<'PY'
import hashlib, os, sqlite3, struct, subprocess, sys, tempfile, time
db, key, out = sys.argv[1:4]
seq, prev = sqlite3.connect(db).execute(
    "SELECT seq, hash FROM ledger WHERE device = 'hall-2' ORDER BY seq DESC LIMIT 1").fetchone()
s = lambda t: struct.pack(">H", len(t.encode())) + t.encode()
rec = (b"RVR1" + bytes([2]) + s("hall-2") + struct.pack(">Qq", seq + 1, int(time.time() * 1000))
       + prev + s("LC-XNY-02") + s("Q-NEEDS") + s("3-2-402") + s("roof,lift") + s("") + s(""))
h = hashlib.sha256(rec).digest()
msg = b"renovote-head-v1\0" + s("hall-2") + struct.pack(">Q", seq + 1) + h
with tempfile.TemporaryDirectory() as d:
    open(os.path.join(d, "m"), "wb").write(msg)
    sig = subprocess.run(["openssl", "pkeyutl", "-sign", "-rawin", "-inkey", key, "-in",
                          os.path.join(d, "m")], check=True, capture_output=True).stdout
open(out, "wb").write(b"RVBNDL01" + s("hall-2") + struct.pack(">QI", seq + 1, 1)
                      + struct.pack(">I", len(rec)) + rec + struct.pack(">H", 64) + sig)
PY
expect_error 1 "record hall-2/[0-9]*: question Q-NEEDS: \"roof,lift\" is not written as \"lift,roof\"" \
    "$OFFICE" ingest --db "$OD" "$T/bf"
same "the forged bundle stores nothing" "$(db_signature "$OD")" "$sigo"
same "the kiosk is untouched" "$(db_signature "$T/k2.db")" "$sig2"

# Every figure of the tally against a second computation.
expect 0 "$OFFICE" tally --db "$OD" --estate LC-XNY-02 --json
cp "$T/out" "$T/tally.json"
check "tally figures agree with a second computation" python3 - "$T/tally.json" \
    "$T/all.txt" "$T/roster.csv" "$T/plan.json" "$T/mean" <<'PY'
import csv, json, sys
from fractions import Fraction
from decimal import Decimal, ROUND_HALF_UP
tally = json.load(open(sys.argv[1]))
casts = [l.split() for l in open(sys.argv[2])]
roster = [r for r in csv.DictReader(open(sys.argv[3])) if r["estate_id"] == "LC-XNY-02"]
plan = json.load(open(sys.argv[4]))
area = lambda s: round(float(s) * 100)
bad = []
def eq(what, got, want):
    if got != want:
        bad.append("%s: tally %r, expected %r" % (what, got, want))
for q in plan["questions"]:
    if q["kind"] not in ("choose-many", "rank", "rating"):
        continue
    t = [x for x in tally["questions"] if x["question_id"] == q["id"]][0]
    eq(q["id"] + " decision", t["decision"], False)
    eq(q["id"] + " kind", t["kind"], q["kind"])
    eq(q["id"] + " status", t["status"], "open")
    b = q.get("scope", {}).get("building")
    flats = [r for r in roster if b is None or r["building"] == b]
    owners = {}
    for r in flats:
        owners.setdefault(r["owner_id"], []).append(r)
    flat_owner = {r["flat_id"]: r["owner_id"] for r in flats}
    # the last cast of each owner stands (casts are in time order)
    last = {}
    for k, flat, qid, choice in casts:
        if qid == q["id"] and flat in flat_owner:
            last[flat_owner[flat]] = choice
    def fig(os):
        return {"owners": len(os), "flats": sum(len(owners[o]) for o in os),
                "area": sum(area(r["area_m2"]) for o in os for r in owners[o])}
    def tfig(x):
        return {"owners": x["owners"], "flats": x["flats"], "area": area(x["area_m2"])}
    eq(q["id"] + " eligible", tfig(t["eligible"]), fig(list(owners)))
    eq(q["id"] + " participating", tfig(t["participating"]), fig(list(last)))
    if q["kind"] == "rating":
        eq(q["id"] + " none", tfig(t["none"]), fig([o for o, c in last.items() if c == "none"]))
        steps = [int(c) for c in last.values() if c != "none"]
        for s in range(q["min"], q["max"] + 1):
            eq("%s step %d" % (q["id"], s), tfig(t["steps"][str(s)]),
               fig([o for o, c in last.items() if c == str(s)]))
        eq(q["id"] + " answers", t["answers"], len(steps))
        m = Fraction(sum(steps), len(steps))
        eq(q["id"] + " mean", (t["mean"]["num"], t["mean"]["den"]), (m.numerator, m.denominator))
        v = (Decimal(m.numerator) / Decimal(m.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)
        eq(q["id"] + " mean value", Decimal(str(t["mean"]["value"])).quantize(Decimal("0.01")), v)
        open(sys.argv[5], "w").write(str(v))
        continue
    eq(q["id"] + " abstain", tfig(t["abstain"]), fig([o for o, c in last.items() if c == "abstain"]))
    eq(q["id"] + " option order", list(t["options"]), [o["id"] for o in q["options"]])
    for o in q["options"]:
        who = [w for w, c in last.items() if o["id"] in c.split(",")]
        got = t["options"][o["id"]]
        eq(q["id"] + " " + o["id"], tfig(got), fig(who))
        if q["kind"] == "rank":
            pts = sum(q["max"] - c.split(",").index(o["id"]) for w, c in last.items()
                      if o["id"] in c.split(","))
            eq(q["id"] + " points " + o["id"], got["points"], pts)
for x in tally["questions"]:
    if x["kind"] in ("approve", "choose-one"):
        eq(x["question_id"] + " decision", x["decision"], True)
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
PY

# The text tally shows the same figures plainly: no mark of a bar.
mean=$(cat "$T/mean")
expect 0 "$OFFICE" tally --db "$OD" --estate LC-XNY-02
awk '/^  Q-NEEDS/,/^$/' "$T/out" >"$T/needs.txt"
awk '/^  Q-SAT/,/^$/' "$T/out" >"$T/sat.txt"
contains "text tally: options by title" "$T/needs.txt" "加装电梯"
contains "text tally: the mean" "$T/sat.txt" "mean $mean"
check "text tally: no verdict on an opinion" sh -c "! grep -Eq 'met\\]|approved|rejected|adopted' '$T/needs.txt' '$T/sat.txt'"

# A published site with these questions verifies: each standing answer
# a leaf with its canonical choice, every figure recounted from them.
expect 0 "$OFFICE" publish --db "$OD" --out "$T/site" --base-url https://vote.example.org/
expect 0 "$OFFICE" verify "$T/site"
contains "verify recounts the publication" "$T/out" "verified 1 publications of 1 estates"
check "the leaves carry canonical choices" grep -q '"choice": "lift,roof"' "$T/site/e/LC-XNY-02/publication.json"
# A Borda count changed in the published tally is caught.
cp -R "$T/site" "$T/forged"
for f in "$T"/forged/e/LC-XNY-02/publication.json "$T"/forged/e/LC-XNY-02/publications/*.json; do
	sed -i '0,/"points": [0-9]*/s//"points": 99/' "$f"
done
expect_error 1 "question Q-ORDER: lift: 99 points in the tally, [0-9]+ in the leaves" \
    "$OFFICE" verify "$T/forged"
page="$T/site/e/LC-XNY-02/index.html"
check "results page: the opinion table" grep -q 'class="choices opinion"' "$page"
contains "results page: the mean" "$page" "平均分 $mean"
contains "results page in English: the mean" "${page%.html}.en.html" "mean $mean"
notice="$T/site/notice/LC-XNY-02.html"
contains "notice: the opinion's figures" "$notice" "平均分 $mean"
check "notice: no threshold mark on an opinion" sh -c \
    "! grep -E '满意度|最需要的项目|项目先后' '$notice' | grep -q '✔\\|✖'"
contains "evaluation report: the opinion listed" "$T/site/report/report.html" "满意度"

test_done
