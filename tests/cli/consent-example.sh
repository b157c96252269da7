#!/bin/sh
# The worked example of docs/consent-rules.md, read from the document
# itself and run through the real binary: the roster, the question, the
# answers and the pledge come from the tables of its "Worked example"
# section, and every figure the document states must be the one
# "renovote-office tally --json" prints.  Change the document or the
# engine, and this test says which figure no longer agrees.
. "$top_srcdir/tests/cli/lib.sh"

DOC="$top_srcdir/docs/consent-rules.md"
DB="$T/office.db"

# One script, two modes: "build" turns the document's tables into the
# office's input files; "check N JSON" compares tally N with the document,
# printing "ok FIGURE" or "FAIL FIGURE: why" per figure.
cat >"$T/example.py" <<'PY'
import csv, json, re, sys

doc, out, mode = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(doc, encoding="utf-8").read()
m = re.search(r"^## Worked example\n(.*?)(?=^## |\Z)", text, re.M | re.S)
if not m:
    sys.exit("no '## Worked example' section in " + doc)
section = m.group(1)

# Every table of the section, keyed by its first header cell.
tables = {}
rows = []
for line in section.splitlines() + [""]:
    if line.startswith("|"):
        rows.append([c.strip() for c in line.strip().strip("|").split("|")])
    elif rows:
        tables[rows[0][0]] = [dict(zip(rows[0], r)) for r in rows[2:]]
        rows = []
for need in ("flat", "question", "step", "figure", "pledge figure"):
    if need not in tables:
        sys.exit("the worked example has no table headed '%s'" % need)

estate = re.search(r"\(estate `([^`]+)`\)", section).group(1)
question = tables["question"][0]
scope = re.fullmatch(r"building (\S+), entrance (\S+)", question["scope"])
building, entrance = scope.group(1), scope.group(2)
owner_of = {r["flat"]: r["owner"] for r in tables["flat"]}
flat_id = lambda room: "%s-%s-%s" % (building, entrance, room)
pledge = {r["pledge figure"]: r["value"] for r in tables["pledge figure"]}
steps = [c for c in tables["figure"][0] if c != "figure"]
figures = {r["figure"]: r for r in tables["figure"]}

if mode == "build":
    with open(out + "/roster.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["estate_id", "estate_name", "building", "entrance",
                    "room", "flat_id", "owner_id", "area_m2"])
        for r in tables["flat"]:
            w.writerow([estate, "春晖小区", building, entrance, r["flat"],
                        flat_id(r["flat"]), r["owner"], r["area (m²)"]])
    plan = {
        "estate_id": estate,
        "title": {"zh_CN": "春晖小区改造方案"},
        "items": [{"id": "lift", "class": "improvement",
                   "title": {"zh_CN": "加装电梯"}, "cost_yuan": 600000}],
        "questions": [{
            "id": question["question"], "kind": question["kind"],
            "matter": question["matter"], "items": ["lift"],
            "scope": {"building": building, "entrance": entrance},
            "title": {"zh_CN": "是否加装电梯"},
            "opens": question["opens"], "closes": question["closes"]}],
        "pledges": [{"id": "P-WILL", "text": {"zh_CN": "本户同意参与改造"},
                     "threshold": pledge["threshold"]}]}
    json.dump(plan, open(out + "/plan.json", "w"), ensure_ascii=False)
    for n in range(1, len(steps) + 1):
        with open(out + "/ballots-%d.csv" % n, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["estate_id", "flat_id", "question_id", "choice",
                        "cast_at"])
            for r in tables["step"]:
                if r["step"] != str(n):
                    continue
                if owner_of.get(r["flat"]) != r["owner"]:
                    sys.exit("step %s: flat %s is not %s's" %
                             (n, r["flat"], r["owner"]))
                w.writerow([estate, flat_id(r["flat"]), question["question"],
                            r["answer"], r["cast at"]])
    with open(out + "/pledges.txt", "w") as f:
        for seq, room in enumerate(pledge["signed for flats"].split(", ")):
            f.write("p %s P-WILL %s -1 2026-12-02T12:00:00+08:00 hall-1 %d\n"
                    % (estate, flat_id(room), seq + 1))
    with open(out + "/steps.txt", "w") as f:
        for s in steps:
            f.write(figures["tallied at"][s] + "\n")
    sys.exit(0)

# check N JSON
n, j = int(sys.argv[4]), json.load(open(sys.argv[5]))
column = steps[n - 1]
q = [x for x in j["questions"] if x["question_id"] == question["question"]][0]
hundredths = lambda a: round(a * 100)
share = lambda part, whole: "%d.%02d%%" % divmod(part * 10000 // whole, 100)
yes = lambda b: "yes" if b else "no"

def measure(count, what):
    return str(count["owners"]) if what == "owners" else \
        "%.2f" % count["area_m2"]

def actual(label):
    if label == "tallied at":
        return j["at"]
    if label == "status":
        return q["status"]
    m = re.fullmatch(r"(participation|approval) met", label)
    if m:
        return yes(q[m.group(1) + "_met"])
    m = re.fullmatch(r"needed for (participation|approval), (owners|area)",
                     label)
    if m:
        return measure(q["needed"][m.group(1)], m.group(2))
    m = re.fullmatch(r"(participating|agreeing) share of (owners|area)", label)
    if m:
        part, whole = ((q["participating"], q["eligible"])
                       if m.group(1) == "participating"
                       else (q["choices"]["agree"], q["participating"]))
        if m.group(2) == "owners":
            return share(part["owners"], whole["owners"])
        return share(hundredths(part["area_m2"]), hundredths(whole["area_m2"]))
    m = re.fullmatch(r"(\S+) (owners|area)", label)
    if m and m.group(1) in ("eligible", "participating"):
        return measure(q[m.group(1)], m.group(2))
    if m and m.group(1) in q["choices"]:
        return measure(q["choices"][m.group(1)], m.group(2))
    raise KeyError(label)

def report(label, want, got):
    if got == want:
        print("ok " + label)
    else:
        print("FAIL %s: the program says %s, the document %s" %
              (label, got, want))

for label, row in figures.items():
    try:
        report("%s (%s)" % (label, column), row[column], actual(label))
    except KeyError:
        print("FAIL %s: a figure this test does not know" % label)

p = [x for x in j["pledges"] if x["pledge_id"] == "P-WILL"][0]
pledge_actual = {
    "threshold": p["threshold"],
    "flats": str(p["flats"]),
    "area": "%.2f" % p["area_m2"],
    "signed flats": str(p["signed"]["flats"]),
    "signed area": "%.2f" % p["signed"]["area_m2"],
    "met": yes(p["met"]),
}
for label, want in pledge.items():
    if label == "signed for flats":
        continue
    if label not in pledge_actual:
        print("FAIL pledge %s: a figure this test does not know" % label)
    else:
        report("pledge %s (%s)" % (label, column), want, pledge_actual[label])
PY

# tally_check N JSON: every figure of step N against the document.
tally_check() {
	python3 "$T/example.py" "$DOC" "$T" check "$1" "$2" >"$T/checked" 2>&1 ||
	    fail "step $1: $(cat "$T/checked")"
	while read -r verdict rest; do
		case $verdict in
		ok)	pass ;;
		*)	fail "docs/consent-rules.md, worked example: $rest" ;;
		esac
	done <"$T/checked"
}

check "the document's example reads" \
    python3 "$T/example.py" "$DOC" "$T" build
"$OFFICE" init --db "$DB" >/dev/null
expect 0 "$OFFICE" roster import --db "$DB" "$T/roster.csv"
expect 0 "$OFFICE" plan import --db "$DB" "$T/plan.json"
if "$ANSWER_PUT" "$DB" - <"$T/pledges.txt"; then pass; else fail "pledges"; fi

n=0
for at in $(cat "$T/steps.txt"); do
	n=$((n + 1))
	expect 0 "$OFFICE" ballots import --db "$DB" --clerk 王芳 \
	    "$T/ballots-$n.csv"
	expect 0 "$OFFICE" tally --db "$DB" --at "$at" --json
	cp "$T/out" "$T/tally-$n.json"
	tally_check "$n" "$T/tally-$n.json"
done
same "both steps tallied" "$n" 2

test_done
