#!/bin/sh
# renovote-office tally on the worked example of docs/consent-rules.md
# (entrance 3-1, plus two flats outside it), through the real binary: JSON
# figures, the readable table in Chinese and English, --at, --estate, and
# answers outside the question's window.
. "$top_srcdir/tests/cli/lib.sh"

DB="$T/office.db"
cat >"$T/roster.csv" <<'CSV'
estate_id,estate_name,building,entrance,room,flat_id,owner_id,area_m2,owner_name
EX-01,春晖小区,3,1,101,3-1-101,A,60.00,张三
EX-01,春晖小区,3,1,102,3-1-102,B,60.00,李四
EX-01,春晖小区,3,1,201,3-1-201,C,75.50,王五
EX-01,春晖小区,3,1,202,3-1-202,A,75.50,张三
EX-01,春晖小区,3,1,301,3-1-301,D,90.00,赵六
EX-01,春晖小区,3,1,302,3-1-302,developer,90.00,开发商
EX-01,春晖小区,3,2,101,3-2-101,A,50.00,张三
EX-01,春晖小区,3,2,102,3-2-102,E,50.00,钱七
CSV
cat >"$T/plan.json" <<'JSON'
{"estate_id": "EX-01",
 "title": {"zh_CN": "春晖小区改造方案", "en": "Chunhui plan"},
 "items": [{"id": "lift-3-1", "class": "upgrade", "title": {"zh_CN": "加装电梯"},
            "cost_yuan": 600000, "contribution_yuan_per_m2": 300}],
 "questions": [
  {"id": "Q-LIFT-3-1", "kind": "approve", "matter": "major", "items": ["lift-3-1"],
   "scope": {"building": "3", "entrance": "1"}, "title": {"zh_CN": "3号楼1单元是否加装电梯", "en": "Elevator for 3-1?"},
   "opens": "2026-12-01T08:00:00+08:00", "closes": "2026-12-20T18:00:00+08:00"},
  {"id": "Q-PM", "kind": "choose-one", "matter": "ordinary", "title": {"zh_CN": "物业管理模式"},
   "options": [{"id": "market", "title": {"zh_CN": "市场化物业服务"}},
               {"id": "community", "title": {"zh_CN": "社区保障性物业管理"}},
               {"id": "self", "title": {"zh_CN": "业主自治管理"}}],
   "opens": "2026-12-01T08:00:00+08:00", "closes": "2026-12-20T18:00:00+08:00"}],
 "pledges": [{"id": "P-WILL", "text": {"zh_CN": "本户同意参与改造并按方案出资"}, "threshold": "2/3", "amount": true}]}
JSON
"$OFFICE" init --db "$DB" >/dev/null
expect 0 "$OFFICE" roster import --db "$DB" "$T/roster.csv"
expect 0 "$OFFICE" plan import --db "$DB" "$T/plan.json"

# State 1 of the worked example: A (via 101) and C agree, D disagrees.
# A also answers from 3-2-101, outside the scope: that must not count.
# An answer before the question opens and one after it closes are ignored.
cat <<'EOF2' | "$ANSWER_PUT" "$DB" -
a EX-01 Q-LIFT-3-1 3-1-101 agree 2026-12-02T10:00:00+08:00 kiosk-1 1
a EX-01 Q-LIFT-3-1 3-1-201 agree 2026-12-02T10:05:00+08:00 kiosk-1 2
a EX-01 Q-LIFT-3-1 3-1-301 disagree 2026-12-02T10:10:00+08:00 kiosk-1 3
a EX-01 Q-LIFT-3-1 3-2-101 disagree 2026-12-02T11:00:00+08:00 kiosk-1 4
a EX-01 Q-LIFT-3-1 3-1-102 agree 2026-11-30T09:00:00+08:00 kiosk-1 5
a EX-01 Q-LIFT-3-1 3-1-302 agree 2026-12-21T09:00:00+08:00 kiosk-1 6
p EX-01 P-WILL 3-1-101 500000 2026-12-02T10:00:00+08:00 kiosk-1 7
p EX-01 P-WILL 3-1-201 -1 2026-12-02T10:05:00+08:00 kiosk-1 8
EOF2
expect 0 "$OFFICE" tally --db "$DB" --at 2026-12-03T00:00:00+08:00 --json
cp "$T/out" "$T/s1.json"
q='[q for q in j["questions"] if q["question_id"]=="Q-LIFT-3-1"][0]'
same "at echoed" "$(json_get "$T/s1.json" 'j["at"]')" "2026-12-03T00:00:00+08:00"
same "status open" "$(json_get "$T/s1.json" "$q[\"status\"]")" open
same "eligible" "$(json_get "$T/s1.json" "($q['eligible']['owners'], $q['eligible']['area_m2'])")" "(5, 451.0)"
same "participating" "$(json_get "$T/s1.json" "($q['participating']['owners'], $q['participating']['area_m2'])")" "(3, 301.0)"
same "agree" "$(json_get "$T/s1.json" "($q['choices']['agree']['owners'], $q['choices']['agree']['area_m2'])")" "(2, 211.0)"
same "disagree" "$(json_get "$T/s1.json" "($q['choices']['disagree']['owners'], $q['choices']['disagree']['area_m2'])")" "(1, 90.0)"
same "participation not met" "$(json_get "$T/s1.json" "$q['participation_met']")" False
same "one more owner needed" "$(json_get "$T/s1.json" "($q['needed']['participation']['owners'], $q['needed']['participation']['area_m2'])")" "(1, 0.0)"
same "approval need" "$(json_get "$T/s1.json" "($q['needed']['approval']['owners'], $q['needed']['approval']['area_m2'])")" "(1, 59.0)"
same "adopted null" "$(json_get "$T/s1.json" "$q['adopted']")" None
contains "areas carry two decimals" "$T/s1.json" '"area_m2": 451\.00'
p='j["pledges"][0]'
same "pledge" "$(json_get "$T/s1.json" "($p['flats'], $p['area_m2'], $p['signed']['flats'], $p['signed']['area_m2'], $p['met'])")" "(8, 551.0, 2, 135.5, False)"

# State 2: B agrees too; after the close the question is approved.
"$ANSWER_PUT" "$DB" a EX-01 Q-LIFT-3-1 3-1-102 agree 2026-12-03T09:00:00+08:00 kiosk-2 1
expect 0 "$OFFICE" tally --db "$DB" --estate EX-01 --at 2026-12-21T00:00:00+08:00 --json
cp "$T/out" "$T/s2.json"
same "approved" "$(json_get "$T/s2.json" "$q['status']")" approved
same "participating 2" "$(json_get "$T/s2.json" "($q['participating']['owners'], $q['participating']['area_m2'])")" "(4, 361.0)"
same "agree 2" "$(json_get "$T/s2.json" "($q['choices']['agree']['owners'], $q['choices']['agree']['area_m2'])")" "(3, 271.0)"
same "bars met" "$(json_get "$T/s2.json" "($q['participation_met'], $q['approval_met'])")" "(True, True)"
same "nothing needed" "$(json_get "$T/s2.json" "$q['needed']")" "{'participation': {'owners': 0, 'area_m2': 0.0}, 'approval': {'owners': 0, 'area_m2': 0.0}}"

# A later answer of A from the other flat of the entrance replaces A's.
"$ANSWER_PUT" "$DB" a EX-01 Q-LIFT-3-1 3-1-202 disagree 2026-12-04T09:00:00+08:00 kiosk-1 9
expect 0 "$OFFICE" tally --db "$DB" --at 2026-12-21T00:00:00+08:00 --json
same "A's latest answer stands for both flats" "$(json_get "$T/out" "($q['choices']['agree']['owners'], $q['choices']['agree']['area_m2'], $q['choices']['disagree']['area_m2'])")" "(2, 135.5, 225.5)"
same "now rejected" "$(json_get "$T/out" "$q['status']")" rejected
# Earlier --at still sees the earlier state.
expect 0 "$OFFICE" tally --db "$DB" --at 2026-12-03T12:00:00+08:00 --json
same "--at cuts later answers" "$(json_get "$T/out" "$q['choices']['agree']['owners']")" 3

# Choose-one: no answers yet; after the close, not quorate.
pm='[q for q in j["questions"] if q["question_id"]=="Q-PM"][0]'
same "choose-one keys" "$(json_get "$T/out" "sorted($pm['choices'])")" "['abstain', 'community', 'market', 'self']"
expect 0 "$OFFICE" tally --db "$DB" --at 2026-12-21T00:00:00+08:00 --json
same "not quorate" "$(json_get "$T/out" "$pm['status']")" not-quorate

# The readable table, in English and in Chinese.
expect 0 env LANGUAGE=en "$OFFICE" tally --db "$DB" --at 2026-12-21T00:00:00+08:00
contains "English table" "$T/out" "taking part"
contains "English result" "$T/out" "result: rejected"
if [ -f "$top_builddir/locale/zh_CN/LC_MESSAGES/renovote.mo" ]; then
	expect 0 env LANGUAGE=zh_CN "$OFFICE" tally --db "$DB" --at 2026-12-21T00:00:00+08:00
	contains "Chinese table" "$T/out" "参与表决"
	contains "Chinese result" "$T/out" "未通过"
else
	fail "zh_CN catalogue was not built"
fi

# Errors: unknown estate, bad --at; nothing changes.
sig=$(db_signature "$DB")
expect_error 1 "no estate 'NOPE'" "$OFFICE" tally --db "$DB" --estate NOPE
expect_error 2 "--at: 'tomorrow'" "$OFFICE" tally --db "$DB" --at tomorrow
same "tally never writes" "$(db_signature "$DB")" "$sig"

test_done
