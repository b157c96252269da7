#!/bin/sh
# Money in every place it matters, and questions that explain themselves,
# guided in zh_CN at 40x12 and 80x24: the overview after the code shows
# the flat's total for the whole plan, per class, the plan's cost and what
# subsidies cover, each equal to the sums computed here from the roster's
# area and the plan JSON, exact in fen; every item shows the flat's share
# on its first screen, every question its cost for the flat; no line
# starts or ends inside a number; 9 explains 住宅专项维修资金 in all three
# languages and 0 goes back; a pledge amount over the hard limit is
# refused, a large one asks again, and only a confirmed one is recorded.

. "$top_srcdir/tests/kiosk/lib.sh"

# money_setup: kiosk_setup with Q-FUND open as well (the live plan opens
# it tomorrow), so that its question is on screen.
money_setup() {
	live_plan "$T/plan.json" &&
	python3 - "$T/plan.json" <<'PY' &&
import json, sys
p = json.load(open(sys.argv[1]))
q = {q["id"]: q for q in p["questions"]}
q["Q-FUND"]["opens"] = q["Q-BASIC"]["opens"]
q["Q-FUND"]["closes"] = q["Q-BASIC"]["closes"]
open(sys.argv[1], "w").write(json.dumps(p, ensure_ascii=False))
PY
	"$OFFICE" init --db "$T/office.db" >/dev/null &&
	"$OFFICE" roster import --db "$T/office.db" "$ASSETS/demo-roster.csv" >/dev/null &&
	"$OFFICE" plan import --db "$T/office.db" "$T/plan.json" >/dev/null &&
	"$OFFICE" codes issue --db "$T/office.db" --estate LC-XNY-02 --out "$T/codes.csv" >/dev/null &&
	"$OFFICE" package --db "$T/office.db" --estate LC-XNY-02 --out "$T/p1.pkg" >/dev/null &&
	printf '%s\n' "$PIN" >"$T/pin" &&
	"$KIOSK" init --db "$T/k.db" --name hall-1 --pubkey-out "$T/k.pem" >/dev/null &&
	"$OFFICE" kiosk enroll --db "$T/office.db" --name hall-1 --pubkey "$T/k.pem" >/dev/null &&
	"$KIOSK" load --db "$T/k.db" --pin-file "$T/pin" --office-url "$OFFICE_URL" \
	    "$T/p1.pkg" >/dev/null &&
	plan_texts
}

# expected FLAT: what the flat pays, computed here from the roster CSV
# and the plan JSON (not by the kiosk): lines "KEY<tab>YUAN" with YUAN
# grouped like the screens ("40,999.97"), for the keys total, class.basic,
# class.improvement, class.upgrade, plan, other, item.N (-1: the flat
# does not pay) and question.ID (-1: it pays nothing, none: no items).
expected() {
	python3 - "$ASSETS/demo-roster.csv" "$T/plan.json" "$1" <<'PY'
import csv, json, sys
from decimal import Decimal
flats = [r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))
         if r["estate_id"] == "LC-XNY-02"]
plan = json.load(open(sys.argv[2]))
me = [f for f in flats if f["flat_id"] == sys.argv[3]][0]
def hundredths(s):
    return int(Decimal(s) * 100)
def yuan(fen):
    return "-1" if fen < 0 else "{:,}.{:02d}".format(fen // 100, fen % 100)
def deciding(item):
    for q in plan["questions"]:
        if item["id"] in q.get("items", []):
            return q
def pays(item, f):
    q = deciding(item)
    s = (q or {}).get("scope", {})
    return all(f[k] == v for k, v in s.items())
def share(item, f):
    per = hundredths(str(item["contribution_yuan_per_m2"]))
    return (hundredths(f["area_m2"]) * per + 50) // 100
total, other, cost, byclass, mine = 0, 0, 0, {}, {}
for i, it in enumerate(plan["items"]):
    c = hundredths(str(it["cost_yuan"]))
    owners = sum(share(it, f) for f in flats if pays(it, f))
    cost += c
    other += max(c - owners, 0)
    m = share(it, me) if pays(it, me) else -1
    mine[it["id"]] = m
    print("item.%d\t%s" % (i, yuan(m)))
    if m >= 0:
        total += m
        byclass[it["class"]] = byclass.get(it["class"], 0) + m
print("total\t%s" % yuan(total))
for c in ("basic", "improvement", "upgrade"):
    print("class.%s\t%s" % (c, yuan(byclass.get(c, 0))))
print("plan\t%s" % yuan(cost))
print("other\t%s" % yuan(other))
for q in plan["questions"]:
    ms = [mine[i] for i in q.get("items", [])]
    paid = [m for m in ms if m >= 0]
    print("question.%s\t%s" % (q["id"], "none" if not ms else
        yuan(sum(paid)) if paid else "-1"))
PY
}

# want KEY: the expected sum of KEY for the flat of this run.
want() {
	awk -F '\t' -v k="$1" '$1 == k { print $2 }' "$T/expected"
}

# numbers_whole: no line of the screen ends inside a number that the
# next line goes on with (a digit, comma or point cut from its digits).
numbers_whole() {
	screen >"$T/screen"
	if python3 - "$T/screen" <<'PY'
import re, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
for a, b in zip(lines, lines[1:]):
    if re.search(r"[0-9][0-9,.]*$", a.rstrip()) and re.match(r"[0-9,.]", b.lstrip()):
        sys.exit(1)
    if re.search(r"[0-9][,.]$", a.rstrip()) and re.match(r"[0-9]", b.lstrip()):
        sys.exit(1)
PY
	then pass; else fail "a number is cut across lines:
$(cat "$T/screen")"; fi
}

# on_line TEXT [DESCRIPTION]: TEXT whole on one line of the screen, as it
# is shown (not squeezed): on the first screen, not cut by a line break.
on_line() {
	if screen | grep -qF -- "$1"; then pass; else fail "${2:-line}: '$1' not on one line; screen:
$(screen)"; fi
}

# first N: the first N characters of the input (not bytes).
first() {
	python3 -c 'import sys; print(sys.stdin.read()[:int(sys.argv[1])])' "$1"
}

# money LANG MSGID SUM...: a message with its %s filled in, in order.
money() {
	m=$(tr_ "$1" "$2")
	shift 2
	for s in "$@"; do
		m=$(printf '%s' "$m" | sed "s/%s/$s/")
	done
	printf '%s' "$m"
}

check "set up office and kiosk" money_setup

L=zh_CN
for size in 40x12 80x24; do
	# Building 1 entrance 1 at 40x12, building 2 entrance 1 at 80x24:
	# the first flat of the entrance, each with its own lift.
	b=1
	[ "$size" = 80x24 ] && b=2
	flat=$(sed -n "s/^LC-XNY-02,\($b-1-[0-9]*\),.*/\1/p" "$T/codes.csv" | head -1)
	expected "$flat" >"$T/expected"
	start_ui "${size%x*}" "${size#*x}" -- --lang "$L" --guided
	wait_for "$(plan_text "$L" title)" "$size welcome" || continue
	keys 1
	wait_for "$(tr_ "$L" "Which building do you live in?")" || continue
	keys "$b" 1 1
	wait_for "$flat" || continue
	keys "$(code_of "$flat")" Enter

	# The overview: the flat's total, per class, the plan and subsidies.
	wait_for "$(tr_ "$L" "What your flat pays")" "$size overview" || continue
	on_line "$(money "$L" "Your flat in all: about %s yuan" "$(want total)")" "$size total"
	on_line "$(money "$L" "%s: %s yuan" "$(tr_ "$L" "Basic works")" "$(want class.basic)")"
	on_line "$(money "$L" "%s: %s yuan" "$(tr_ "$L" "Improvement works")" "$(want class.improvement)")"
	on_line "$(money "$L" "%s: %s yuan" "$(tr_ "$L" "Upgrade works")" "$(want class.upgrade)")"
	on_line "$(money "$L" "Whole plan: %s yuan" "$(want plan)")" "$size plan"
	on_line "$(money "$L" "Subsidies and other: %s yuan" "$(want other)")" "$size other"
	fits
	numbers_whole
	# 9 explains the words of the overview; 0 comes back.
	keys 9
	wait_for "$(tr_ "$L" "What does this mean?")" "$size overview 9" || continue
	wait_for "$(tr_ "$L" "Your flat's share (本户出资)")"
	keys 0
	wait_for "$(tr_ "$L" "What your flat pays")" "$size back from 9" || continue

	# Every item: the flat's share whole on the first screen.
	keys 1
	n=$(json_get "$T/plan.json" 'len(j["items"])')
	i=0
	while [ "$i" -lt "$n" ]; do
		wait_for "$(tr_ "$L" "Item %zu of %zu: %s" | sed "s/%zu/$((i + 1))/; s/%zu/$n/; s/%s.*//")$(plan_text "$L" "items.$i.title")" "$size item $i" || break
		s=$(want "item.$i")
		if [ "$s" = -1 ]; then
			on_line "$(tr_ "$L" "Your flat: pays nothing")" "$size item $i"
		else
			on_line "$(money "$L" "Your flat: about %s yuan" "$s")" "$size item $i"
		fi
		fits
		numbers_whole
		keys 1
		i=$((i + 1))
	done

	# Every question open to the flat: its cost for the flat, whole,
	# above the choices; abstain on the first screen.
	for q in $(json_get "$T/plan.json" '" ".join("%d:%s" % (i, q["id"]) for i, q in enumerate(j["questions"]))'); do
		qi=${q%%:*}
		qid=${q#*:}
		case $qid in
		Q-UPGRADE) continue ;;		# closed in the live plan
		Q-LIFT-$b-1) ;;
		Q-LIFT-*) continue ;;		# other entrances' lifts
		esac
		wait_for "$(plan_text "$L" "questions.$qi.title")" "$size $qid" || break
		s=$(want "question.$qid")
		case $s in
		none) on_line "$(tr_ "$L" "Your flat: no cost in this question")" "$size $qid" ;;
		-1) on_line "$(tr_ "$L" "Your flat: pays nothing")" "$size $qid" ;;
		*) on_line "$(money "$L" "Your flat: about %s yuan" "$s")" "$size $qid" ;;
		esac
		wait_for "[3]"
		on_screen "$(tr_ "$L" Abstain)" && pass || fail "$size $qid: abstain below the fold"
		fits
		numbers_whole
		if [ "$qid" = Q-FUND ]; then
			# 9 explains the fund, in each language (L); 0 goes back.
			keys 9
			for lang in zh_CN zh_TW en; do
				wait_for "$(tr_ "$lang" "Housing maintenance fund (住宅专项维修资金)")" "$size 9 $lang" || break
				wait_for "$(tr_ "$lang" "Money kept for each flat in a special account, paid in by its owner (usually when the flat was bought), for repairing and renewing the shared parts of the building: roofs, pipes, lifts. It still belongs to the owners. It is used only when the owners agree; then a share of the works is paid from it instead of in cash." | first 16)"
				keys L
			done
			wait_for "$(tr_ "$L" "What does this mean?")"
			keys 0
			wait_for "$(plan_text "$L" "questions.$qi.title")" "$size back to $qid" || break
		fi
		keys 1
	done
	wait_for "$(tr_ "$L" "Review your answers")" "$size review" || continue
	keys 1

	# The pledge names the total; amounts are checked.
	wait_for "$(tr_ "$L" "Willingness pledge")" "$size pledge" || continue
	on_line "$(money "$L" "Your flat in all: about %s yuan" "$(want total)")" "$size pledge total"
	keys 2
	wait_for "$(tr_ "$L" "Contribution in yuan:")" || continue
	# Over the hard limit: refused, nothing taken.
	keys 9 9 9 9 9 9 9 9 Enter
	wait_for "$(money "$L" "✖ That is more than a flat may pledge: at most %s yuan." "1,000,000.00")" "$size refused" || continue
	# Large: asked again; 0 types again.
	keys 2 9 9 9 9 9 Enter
	wait_for "$(money "$L" "You typed %s yuan. Is that right?" "299,999.00")" "$size asks" || continue
	on_line "299,999.00"
	fits
	keys 0
	wait_for "$(tr_ "$L" "Contribution in yuan:")" || continue
	if [ "$size" = 40x12 ]; then
		# Asked again and not confirmed, then not signed: nothing.
		keys 3 3 3 3 3 3 Enter
		wait_for "$(money "$L" "You typed %s yuan. Is that right?" "333,333.00")" || continue
		keys 0 Escape
		wait_for "$(tr_ "$L" "Do not sign")" || continue
		check "$size no amount taken" [ -z "$(screen | grep -F "333,333")" ]
		keys 3
		wait_for "$(tr_ "$L" "Your suggestion")" || continue
		keys 2
		wait_for "$(tr_ "$L" "Your receipt")" || continue
		same "$size nothing recorded" "$(sql "$T/k.db" "SELECT count(*) FROM signature WHERE flat_id = '$flat'")" 0
	else
		# Confirmed with 1: taken, shown, signed, recorded exactly.
		keys 1 2 3 4 5 6 . 7 8 Enter
		wait_for "$(money "$L" "You typed %s yuan. Is that right?" "123,456.78")" || continue
		keys 1
		wait_for "$(money "$L" "Your contribution: %s yuan." "123,456.78")" "$size confirmed" || continue
		keys 1
		wait_for "$(tr_ "$L" "Your suggestion")" || continue
		keys 2
		wait_for "$(tr_ "$L" "Your receipt")" || continue
		same "$size pledge recorded" "$(sql "$T/k.db" "SELECT pledge_id || '=' || amount_fen FROM signature WHERE flat_id = '$flat'")" "P-WILL=12345678"
	fi
	same "$size answers" "$(sql "$T/k.db" "SELECT count(*) FROM answer WHERE flat_id = '$flat'")" 5
done

# In English at 40x12 the choices wrap onto two lines each, and still
# every choice of every question, abstain last, is on its first screen.
flat=$(sed -n "s/^LC-XNY-02,\(1-2-[0-9]*\),.*/\1/p" "$T/codes.csv" | head -1)
start_ui 40 12 -- --lang en
wait_for "$(plan_text en title)" "en welcome"
keys 1 1 2 1
wait_for "$flat"
keys "$(code_of "$flat")" Enter
wait_for "What your flat pays" "en overview"
keys 3
for qi in 0 1 4 9 10; do
	wait_for "$(plan_text en "questions.$qi.title")" "en question $qi" || break
	last=$(json_get "$T/plan.json" "len(j['questions'][$qi].get('options', [])) or 2")
	on_line "[$((last + 1))]   Abstain" "en question $qi abstain"
	fits
	keys 1
done
wait_for "Review your answers"

# Only the confirmed amount was ever recorded: no refused, unconfirmed
# or retyped amount is in the ledger's signatures.
same "one pledge in all" "$(sql "$T/k.db" "SELECT count(*) FROM signature")" 1
same "no other amount" "$(sql "$T/k.db" "SELECT count(*) FROM signature WHERE amount_fen IN (9999999900, 29999900, 33333300)")" 0

kiosk_done
