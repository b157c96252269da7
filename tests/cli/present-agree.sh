#!/bin/sh
# Every presentation shows what the tally decided, never a judgement of
# its own.  Estates whose figures sit exactly on the thresholds and just
# beside them (participation exactly 2/3 and one owner short, a major
# approval exactly 3/4 and one owner short, an ordinary approval of
# exactly 1/2, which fails, and one more, a choose-one question with only
# a leading option and one that adopts, a question nobody answered, a
# scoped question, an owner of several flats, the developer, a pledge
# exactly at its threshold and one short); then, for every question and
# pledge, the figures, thresholds, met or not met and statuses that each
# presentation shows must be those of "tally --json" at the same instant:
# the estate page (page, served, and published), the printed notice, the
# readable tally, the office dashboard and the kiosk's committee tally.
# tests/present-check.py reads the visible text of each.
. "$top_srcdir/tests/kiosk/lib.sh"
. "$top_srcdir/tests/cli/serve-lib.sh"

CHECK="python3 $top_srcdir/tests/present-check.py"
OD="$T/office.db"

# agree WHAT KIND ESTATE SHOWN: SHOWN presents the tally of $T/tally.json.
agree() {
	if $CHECK "$2" "$T/tally.json" "$3" "$4" "$T"/plan-*.json >"$T/agree.out" 2>&1; then
		echo "$1: $(cat "$T/agree.out")"
		pass
	else
		fail "$1 disagrees with the tally JSON:
$(head -n 40 "$T/agree.out")"
	fi
}

# agree_screen WHAT KIND ESTATE FILE: the tmux screen, saved in FILE,
# presents the tally; a frame caught half drawn is captured again.
agree_screen() {
	for try in 1 2 3; do
		screen >"$4"
		if $CHECK "$2" "$T/tally.json" "$3" "$4" "$T"/plan-*.json >"$T/agree.out" 2>&1; then
			break
		fi
		sleep 0.5
	done
	agree "$@"
}

# --- PA-01: twelve owners, six of 60 m2 and six of 30 m2 ----------------
# Eight owners, four of each size, are exactly 2/3 by head and by area.
cat >"$T/roster.csv" <<'CSV'
estate_id,estate_name,building,entrance,room,flat_id,owner_id,area_m2,owner_name
PA-01,阈值小区,1,1,101,1-1-101,O01,60.00,甲
PA-01,阈值小区,1,1,102,1-1-102,O02,60.00,乙
PA-01,阈值小区,1,1,103,1-1-103,O03,60.00,丙
PA-01,阈值小区,1,1,104,1-1-104,O04,60.00,丁
PA-01,阈值小区,1,1,105,1-1-105,O05,60.00,戊
PA-01,阈值小区,1,1,106,1-1-106,O06,60.00,己
PA-01,阈值小区,2,1,101,2-1-101,O07,30.00,庚
PA-01,阈值小区,2,1,102,2-1-102,O08,30.00,辛
PA-01,阈值小区,2,1,103,2-1-103,O09,30.00,壬
PA-01,阈值小区,2,1,104,2-1-104,O10,30.00,癸
PA-01,阈值小区,2,1,105,2-1-105,O11,30.00,子
PA-01,阈值小区,2,1,106,2-1-106,O12,30.00,丑
PA-02,春晖小区,3,1,101,3-1-101,A,60.00,张三
PA-02,春晖小区,3,1,102,3-1-102,B,60.00,李四
PA-02,春晖小区,3,1,201,3-1-201,C,75.50,王五
PA-02,春晖小区,3,1,202,3-1-202,A,75.50,张三
PA-02,春晖小区,3,1,301,3-1-301,D,90.00,赵六
PA-02,春晖小区,3,1,302,3-1-302,developer,90.00,开发商
PA-02,春晖小区,3,2,101,3-2-101,A,50.00,张三
PA-02,春晖小区,3,2,102,3-2-102,E,50.00,钱七
PA-03,朝阳小区,1,1,101,1-1-101,A,50.00,孙一
PA-03,朝阳小区,1,1,102,1-1-102,B,50.00,周二
PA-03,朝阳小区,1,1,201,1-1-201,C,50.00,吴三
PA-03,朝阳小区,1,1,202,1-1-202,A,50.00,孙一
PA-03,朝阳小区,1,1,301,1-1-301,D,100.00,郑四
PA-03,朝阳小区,1,1,302,1-1-302,developer,100.00,开发商
CSV

# question ID KIND MATTER TITLE_ZH TITLE_EN [EXTRA]: one question of a
# plan, open through November 2026.
question() {
	printf '{"id": "%s", "kind": "%s", "matter": "%s", "title": {"zh_CN": "%s", "en": "%s"}, "opens": "%s", "closes": "%s"%s}' \
	    "$1" "$2" "$3" "$4" "$5" "${OPENS:-2026-11-01T08:00:00+08:00}" \
	    "${CLOSES:-2026-11-20T18:00:00+08:00}" "${6:-}"
}
PM_OPTIONS=', "options": [{"id": "market", "title": {"zh_CN": "市场化物业服务", "en": "Market firm"}}, {"id": "community", "title": {"zh_CN": "社区保障性物业管理", "en": "Community-backed"}}, {"id": "self", "title": {"zh_CN": "业主自治管理", "en": "Self-management"}}]'
PARK_OPTIONS=', "options": [{"id": "market", "title": {"zh_CN": "市场化停车", "en": "Market parking"}}, {"id": "community", "title": {"zh_CN": "社区停车", "en": "Community parking"}}]'
cat >"$T/plan-1.json" <<EOF
{"estate_id": "PA-01", "title": {"zh_CN": "阈值小区改造方案", "en": "Threshold estate plan"},
 "items": [{"id": "roof", "class": "basic", "title": {"zh_CN": "屋面防水"}, "cost_yuan": 100000, "contribution_yuan_per_m2": 10}],
 "questions": [
  $(question Q-PART-EXACT approve ordinary 参与恰好三分之二 'Turnout exactly 2/3'),
  $(question Q-PART-SHORT approve major 参与差一户 'Turnout one owner short'),
  $(question Q-MAJ-EXACT approve major 同意恰好四分之三 'Major approval exactly 3/4'),
  $(question Q-MAJ-SHORT approve major 同意差一户 'Major approval one owner short'),
  $(question Q-ORD-HALF approve ordinary 同意恰好一半 'Ordinary approval exactly 1/2'),
  $(question Q-ORD-MORE approve ordinary 同意过半 'Ordinary approval one more'),
  $(question Q-PM-LEAD choose-one ordinary 物业管理模式 'Property management' "$PM_OPTIONS"),
  $(question Q-PM-ADOPT choose-one ordinary 停车管理模式 'Parking management' "$PARK_OPTIONS"),
  $(question Q-NONE approve major 无人表决 'Nobody answered'),
  $(question Q-LIFT-2-1 approve major 2号楼1单元加装电梯 'Elevator for 2-1' ', "scope": {"building": "2", "entrance": "1"}')],
 "pledges": [{"id": "P-WILL", "text": {"zh_CN": "本户同意参与改造", "en": "We take part"}, "threshold": "2/3", "amount": false}]}
EOF
cat >"$T/plan-2.json" <<EOF
{"estate_id": "PA-02", "title": {"zh_CN": "春晖小区改造方案", "en": "Chunhui plan"},
 "items": [],
 "questions": [
  $(question Q-LIFT-3-1 approve major 3号楼1单元加装电梯 'Elevator for 3-1' ', "scope": {"building": "3", "entrance": "1"}'),
  $(question Q-ROOF approve major 屋面防水 'Roof')],
 "pledges": [{"id": "P-WILL", "text": {"zh_CN": "本户同意参与改造", "en": "We take part"}, "threshold": "3/4", "amount": false}]}
EOF
# PA-03 is voting now, at the kiosk.
OPENS=$(iso_at '-1 day') CLOSES=$(iso_at '+1 day')
export OPENS CLOSES
cat >"$T/plan-3.json" <<EOF
{"estate_id": "PA-03", "title": {"zh_CN": "朝阳小区改造方案", "en": "Chaoyang plan"},
 "items": [],
 "questions": [
  $(question Q-OPEN approve major 是否同意改造 'Renovate now?'),
  $(question Q-OPEN-YES approve major 是否同意更换水管 'Replace pipes now?'),
  $(question Q-OPEN-NO approve major 是否同意拆除车棚 'Remove the shed now?'),
  $(question Q-OPEN-PM choose-one ordinary 物业管理模式 'Management now?' "$PM_OPTIONS")],
 "pledges": [{"id": "P-WILL", "text": {"zh_CN": "本户同意参与改造", "en": "We take part"}, "threshold": "2/3", "amount": false},
             {"id": "P-HALF", "text": {"zh_CN": "本户愿意出资", "en": "We will pay"}, "threshold": "1/2", "amount": false}]}
EOF
unset OPENS CLOSES

"$OFFICE" init --db "$OD" >/dev/null || fail "init"
expect 0 "$OFFICE" roster import --db "$OD" "$T/roster.csv"
expect 0 "$OFFICE" plan import --db "$OD" "$T"/plan-*.json

# Paper ballots.  b ESTATE QUESTION CHOICE TIME FLAT...; PA-01 owners by
# number: 1-6 hold 1-1-101..106, 7-12 hold 2-1-101..106.
b() {
	for f in $5; do
		case $1$f in
		PA-01?|PA-01??) f=$(if [ "$f" -le 6 ]; then echo "1-1-10$f"; else echo "2-1-10$((f - 6))"; fi) ;;
		esac
		echo "$1,$f,$2,$3,2026-11-10T$4:00+08:00,F-$2-$f"
	done
}
{
	echo estate_id,flat_id,question_id,choice,cast_at,form_ref
	b PA-01 Q-PART-EXACT agree 10:00 "1 2 3 4 7 8 9 10"
	b PA-01 Q-PART-SHORT agree 10:00 "1 2 3 4 5 6 7"
	b PA-01 Q-MAJ-EXACT agree 10:00 "1 2 3 7 8 9"
	b PA-01 Q-MAJ-EXACT disagree 10:00 4
	b PA-01 Q-MAJ-EXACT abstain 10:00 10
	b PA-01 Q-MAJ-SHORT agree 10:00 "1 2 3 4 7"
	b PA-01 Q-MAJ-SHORT disagree 10:00 "8 9"
	b PA-01 Q-MAJ-SHORT abstain 10:00 10
	b PA-01 Q-ORD-HALF agree 10:00 "1 2 7 8"
	b PA-01 Q-ORD-HALF disagree 10:00 "3 4 9 10"
	b PA-01 Q-ORD-MORE agree 10:00 "1 2 7 8 9"
	b PA-01 Q-ORD-MORE disagree 10:00 "3 4"
	b PA-01 Q-ORD-MORE abstain 10:00 10
	b PA-01 Q-PM-LEAD community 10:00 "1 2 7 8"
	b PA-01 Q-PM-LEAD market 10:00 "3 9 10"
	b PA-01 Q-PM-LEAD self 10:00 4
	b PA-01 Q-PM-ADOPT community 10:00 "1 2 3 7 8"
	b PA-01 Q-PM-ADOPT market 10:00 "4 9"
	b PA-01 Q-PM-ADOPT abstain 10:00 10
	b PA-01 Q-LIFT-2-1 agree 10:00 "7 8 9"
	b PA-01 Q-LIFT-2-1 disagree 10:00 10
	# The worked example of docs/consent-rules.md, owner A answering twice.
	b PA-02 Q-LIFT-3-1 disagree 09:00 3-1-202
	b PA-02 Q-LIFT-3-1 agree 10:00 "3-1-101 3-1-201 3-1-102"
	b PA-02 Q-LIFT-3-1 disagree 10:10 3-1-301
	# A (three flats) first disagrees through 3-1-101, then agrees
	# through 3-2-101: all A's area goes to agree.
	b PA-02 Q-ROOF disagree 10:00 3-1-101
	b PA-02 Q-ROOF agree 12:00 "3-2-101 3-1-102 3-1-201 3-2-102"
	b PA-02 Q-ROOF disagree 10:00 3-1-301
} >"$T/ballots.csv"
expect 0 "$OFFICE" ballots import --db "$OD" --clerk 王文书 "$T/ballots.csv"

# PA-03 at a kiosk: answers now, and pledges exactly at 2/3 (4 of 6
# flats) and one short of 1/2 (2 of 6).
printf '%s\n' "$PIN" >"$T/pin"
expect 0 "$OFFICE" codes issue --db "$OD" --estate PA-03 --out "$T/codes.csv"
expect 0 "$OFFICE" package --db "$OD" --estate PA-03 --out "$T/p3.pkg"
"$KIOSK" init --db "$T/k.db" --name hall-1 --pubkey-out "$T/k.pem" >/dev/null &&
"$OFFICE" kiosk enroll --db "$OD" --name hall-1 --pubkey "$T/k.pem" >/dev/null &&
"$KIOSK" load --db "$T/k.db" --pin-file "$T/pin" "$T/p3.pkg" >/dev/null || fail "kiosk set-up"
code3() {
	grep "^PA-03,$1," "$T/codes.csv" | cut -d, -f3
}
cast() {
	expect 0 "$KIOSK" cast --db "$T/k.db" --flat "$1" --code-file "$(code_file "$(code3 "$1")")" --question "$2" --choice "$3"
}
cast 1-1-101 Q-OPEN disagree
cast 1-1-202 Q-OPEN agree
cast 1-1-201 Q-OPEN agree
cast 1-1-301 Q-OPEN agree
cast 1-1-302 Q-OPEN disagree
# Decided early while open: 4 of 5 owners and 350 of 400 m2 agree, so
# even the last owner against leaves 3/4 met; 1 agree and 2 against
# of 5, so the two left agreeing would give 3/5 < 3/4.
for f in 1-1-101 1-1-201 1-1-301 1-1-302; do cast "$f" Q-OPEN-YES agree; done
cast 1-1-101 Q-OPEN-NO disagree
cast 1-1-201 Q-OPEN-NO agree
cast 1-1-301 Q-OPEN-NO disagree
cast 1-1-101 Q-OPEN-PM self
cast 1-1-201 Q-OPEN-PM market
cast 1-1-301 Q-OPEN-PM self
for f in 1-1-101 1-1-102 1-1-201 1-1-302; do
	expect 0 "$KIOSK" pledge --db "$T/k.db" --flat "$f" --code-file "$(code_file "$(code3 "$f")")" --pledge P-WILL
done
for f in 1-1-101 1-1-301; do
	expect 0 "$KIOSK" pledge --db "$T/k.db" --flat "$f" --code-file "$(code_file "$(code3 "$f")")" --pledge P-HALF
done
expect 0 "$KIOSK" export --db "$T/k.db" --out "$T/k.bundle"
expect 0 "$OFFICE" ingest --db "$OD" "$T/k.bundle"

# One instant for every presentation that takes one: a minute from now,
# after every answer above, before PA-03 closes.
AT=$(iso_at '+1 minute')
expect 0 "$OFFICE" tally --db "$OD" --at "$AT" --json
cp "$T/out" "$T/tally.json"

# The figures sit where the estates were built to put them: one line
# per bar, "ESTATE QUESTION BAR MEASURE count base met", then statuses,
# judged and adopted choices, then pledges.
json_get "$T/tally.json" '"\n".join(
    ["%s %s %s %s %s %s %s" % (q["estate_id"], q["question_id"], w, m, b["count"], b["base"], b["met"])
     for q in j["questions"] for w in ("participation", "approval") for m, b in q["bars"][w].items()] +
    ["%s %s %s judged %s adopted %s" % (q["estate_id"], q["question_id"], q["status"], q["judged"], q["adopted"])
     for q in j["questions"]] +
    ["%s %s %s early %s" % (q["estate_id"], q["question_id"], q["status"], q["decided_early"])
     for q in j["questions"]] +
    ["%s %s signed %s of %s threshold %s %s" % (p["estate_id"], p["pledge_id"], p["signed"]["flats"], p["flats"], p["threshold"], p["met"])
     for p in j["pledges"]])' >"$T/figures"
sits() {
	contains "$1" "$T/figures" "^$2\$"
}
sits "turnout exactly 2/3 of owners" "PA-01 Q-PART-EXACT participation owners 8 12 True"
sits "turnout exactly 2/3 of area" "PA-01 Q-PART-EXACT participation area_m2 360.0 540.0 True"
sits "turnout one owner short" "PA-01 Q-PART-SHORT participation owners 7 12 False"
sits "... with the area met" "PA-01 Q-PART-SHORT participation area_m2 390.0 540.0 True"
sits "major exactly 3/4 of owners" "PA-01 Q-MAJ-EXACT approval owners 6 8 True"
sits "major exactly 3/4 of area" "PA-01 Q-MAJ-EXACT approval area_m2 270.0 360.0 True"
sits "major one owner short" "PA-01 Q-MAJ-SHORT approval owners 5 8 False"
sits "... with the area exactly met" "PA-01 Q-MAJ-SHORT approval area_m2 270.0 360.0 True"
sits "ordinary exactly 1/2 of owners fails" "PA-01 Q-ORD-HALF approval owners 4 8 False"
sits "ordinary exactly 1/2 of area fails" "PA-01 Q-ORD-HALF approval area_m2 180.0 360.0 False"
sits "ordinary one more" "PA-01 Q-ORD-MORE approval owners 5 8 True"
sits "ordinary one more, area" "PA-01 Q-ORD-MORE approval area_m2 210.0 360.0 True"
sits "leading option only" "PA-01 Q-PM-LEAD no-option judged community adopted None"
sits "leading option at exactly 1/2" "PA-01 Q-PM-LEAD approval owners 4 8 False"
sits "option adopted" "PA-01 Q-PM-ADOPT adopted judged community adopted community"
sits "nobody answered" "PA-01 Q-NONE approval owners 0 0 False"
sits "nobody answered: not quorate" "PA-01 Q-NONE not-quorate judged agree adopted None"
sits "scoped turnout exactly 2/3" "PA-01 Q-LIFT-2-1 participation owners 4 6 True"
sits "worked example approved" "PA-02 Q-LIFT-3-1 approved judged agree adopted None"
sits "worked example: 3/4 of owners" "PA-02 Q-LIFT-3-1 approval owners 3 4 True"
sits "worked example: area" "PA-02 Q-LIFT-3-1 approval area_m2 271.0 361.0 True"
sits "A's later answer stands for three flats" "PA-02 Q-ROOF approval area_m2 371.0 461.0 True"
sits "open question" "PA-03 Q-OPEN open judged agree adopted None"
sits "open question, exactly 3/4 of owners" "PA-03 Q-OPEN approval owners 3 4 True"
sits "open question short on area" "PA-03 Q-OPEN approval area_m2 250.0 350.0 False"
sits "open, nothing decided yet" "PA-03 Q-OPEN open early None"
sits "open, thresholds already reached" "PA-03 Q-OPEN-YES open early passes"
sits "open, can no longer pass" "PA-03 Q-OPEN-NO open early fails"
sits "closed: never early" "PA-02 Q-LIFT-3-1 approved early None"
sits "pledge exactly at 2/3" "PA-03 P-WILL signed 4 of 6 threshold 2/3 True"
sits "pledge one flat short of 1/2" "PA-03 P-HALF signed 2 of 6 threshold 1/2 False"

# --- the results pages, the readable tally, the notice -----------------
for e in PA-01 PA-02 PA-03; do
	expect 0 "$OFFICE" page --db "$OD" --at "$AT" --lang en "/e/$e"
	cp "$T/out" "$T/page-$e.html"
	agree "page /e/$e" page "$e" "$T/page-$e.html"
	contains "$e: paper ballots named" "$T/page-$e.html" \
	    "Paper ballots entered by the office: $(sql "$OD" "SELECT count(*) FROM answer WHERE estate_id = '$e' AND device = 'office'")<"
done
check "some paper ballots to name" [ "$(sql "$OD" "SELECT count(*) FROM answer WHERE device = 'office'")" -gt 0 ]
expect 0 env LANGUAGE=en "$OFFICE" tally --db "$OD" --at "$AT"
cp "$T/out" "$T/tally.txt"
for e in PA-01 PA-02 PA-03; do
	agree "tally text of $e" text "$e" "$T/tally.txt"
done
expect 0 "$OFFICE" publish --db "$OD" --out "$T/site" --base-url https://office.example --at "$AT"
for e in PA-01 PA-02 PA-03; do
	agree "published page of $e" page "$e" "$T/site/e/$e/index.en.html"
	agree "notice of $e" notice "$e" "$T/site/notice/$e.html"
done

# The served page: the server tallies at its own now, a minute before
# $AT, with nothing cast in between.
start_office "$OD"
for e in PA-01 PA-03; do
	$CURL -o "$T/served-$e.html" "$URL/e/$e?lang=en" || fail "GET /e/$e"
	agree "served /e/$e" page "$e" "$T/served-$e.html"
done
stop_office

# --- the office dashboard, at its own now -------------------------------
tm kill-server 2>/dev/null
tm -f /dev/null new-session -d -x 150 -y 50 \
    "env LC_ALL=C.UTF-8 LANGUAGE=en RENOVOTE_LOCALEDIR='$RENOVOTE_LOCALEDIR' '$OFFICE' dashboard --db '$OD' --cycle 600 --refresh 600; echo EXITED \$?; sleep 600"
UI_COLS=150
for e in PA-01 PA-02 PA-03; do
	wait_screen 1 " $e  (" "dashboard shows $e" || break
	wait_screen 1 "kiosks:" "dashboard drew $e"
	agree_screen "dashboard of $e" dash "$e" "$T/dash-$e.txt"
	keys Space
done
keys q
tm kill-server 2>/dev/null

# --- the kiosk's committee tally ------------------------------------------
start_ui 100 40 -- --lang en
wait_screen 1 "Chaoyang" "kiosk welcome"
keys C
wait_screen 1 "PIN"
keys "$PIN" Enter
wait_screen 1 "Committee mode"
keys 1
wait_screen 1 "Answers recorded on this kiosk (latest per owner):"
wait_screen 1 "Management now?"
agree_screen "kiosk committee tally" kiosk PA-03 "$T/kiosk.txt"

kiosk_done
