#!/bin/sh
# Choose-many, rank and rating questions at the kiosk.  A plan whose
# questions are one choose-many (at most 2 of 4 options), one rank (3
# places) and one rating (1 to 5, words for every step in zh_CN and en
# only): a zh_CN resident at 80x24 picks, is refused a third pick, takes
# one off, ranks, undoes the last place, rates, and sees the answers in
# words on the review and the receipt; an English resident in guided mode
# at 40x12 (one option picked: the singular; the keys found on the pages
# they are drawn on) answers "not used"; a zh_TW resident in guided mode
# at 40x12 reads the steps' words in traditional characters (from zh_CN)
# and leaves the ranking unanswered; the committee's local tally shows
# the figures the office's tally has.  The kiosk stores exactly the
# canonical choice texts; the office stores them from the exported
# bundle and tallies them; every line said is Mandarin for Chinese
# (espeak-ng -x).

. "$top_srcdir/tests/kiosk/lib.sh"

need espeak-ng

# survey_plan FILE: the live plan's questions replaced by the three.
survey_plan() {
	python3 - "$1" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
opens, closes = p["questions"][0]["opens"], p["questions"][0]["closes"]
opts = [
    {"id": "lift", "title": {"zh_CN": "加装电梯", "zh_TW": "加裝電梯", "en": "Add lifts"}},
    {"id": "roof", "title": {"zh_CN": "屋面防水", "zh_TW": "屋面防水", "en": "Roof waterproofing"}},
    {"id": "park", "title": {"zh_CN": "停车位", "zh_TW": "停車位", "en": "Parking"}},
    {"id": "light", "title": {"zh_CN": "路灯", "zh_TW": "路燈", "en": "Street lights"}},
]
words = [("很不满意", "Very dissatisfied"), ("不满意", "Dissatisfied"),
    ("一般", "Neutral"), ("满意", "Satisfied"), ("很满意", "Very satisfied")]
p["questions"] = [
    {"id": "S-NEED", "kind": "choose-many", "max": 2, "opens": opens,
     "closes": closes, "options": opts,
     "title": {"zh_CN": "您的楼最需要哪些改造", "zh_TW": "您的樓最需要哪些改造",
         "en": "What does your building need most"}},
    {"id": "S-RANK", "kind": "rank", "max": 3, "opens": opens,
     "closes": closes, "options": opts,
     "title": {"zh_CN": "请按先后排列改造项目", "zh_TW": "請按先後排列改造項目",
         "en": "Put the works in order"}},
    {"id": "S-RATE", "kind": "rating", "min": 1, "max": 5, "opens": opens,
     "closes": closes,
     "labels": [{"zh_CN": c, "en": e} for c, e in words],
     "title": {"zh_CN": "您对物业服务满意吗", "zh_TW": "您對物業服務滿意嗎",
         "en": "Are you satisfied with the property service"}},
]
p["pledges"] = []
open(sys.argv[1], "w").write(json.dumps(p, ensure_ascii=False))
PY
}

PLAN_EDIT=survey_plan
check "set up office and kiosk" kiosk_setup
LOG="$T/speech.log"

# trn_ LANG ONE MANY N: the plural message for N, as printf fills it.
trn_() {
	# shellcheck disable=SC2059
	printf "$(LC_ALL=C.UTF-8 LANGUAGE=$1 TEXTDOMAINDIR="$RENOVOTE_LOCALEDIR" \
	    ngettext renovote "$2" "$3" "$4")" "$4"
}

# msg LANG MSGID ARG...: a message filled with ARGs (%s and %d only).
msg() {
	m_lang=$1
	m_id=$2
	shift 2
	# shellcheck disable=SC2059
	printf -- "$(tr_ "$m_lang" "$m_id")" "$@"
}

# counts LANG PICKED LEFT: the choose-many line, "已选 2 项，不能再选了".
counts() {
	if [ "$3" = 0 ]; then
		c_left=$(tr_ "$1" "you can pick no more")
	else
		c_left=$(trn_ "$1" "you can pick %d more" "you can pick %d more" "$3")
	fi
	msg "$1" "%s, %s" "$(trn_ "$1" "%d option picked" "%d options picked" "$2")" "$c_left"
}

# option LANG I: the title of option I in LANG.
option() {
	plan_text "$1" "questions.0.options.$2.title"
}

# order LANG I...: a ranking in words, "第1位：屋面防水、第2位：路灯".
order() {
	o_lang=$1
	shift
	o_out=""
	o_n=0
	for o_i in "$@"; do
		o_n=$((o_n + 1))
		[ -n "$o_out" ] && o_out="$o_out$(tr_ "$o_lang" ", ")"
		o_out="$o_out$(msg "$o_lang" "%d. %s" "$o_n" "$(option "$o_lang" "$o_i")")"
	done
	printf '%s' "$o_out"
}

# press LABEL: press the key of the choice labelled LABEL, turning the
# pages (8) until it is drawn.
press() {
	p_n=0
	while :; do
		p_key=$(screen | sed -n 's/^ *\[\([1-7]\)\] [^ ]* *\(.*\)$/\1\t\2/p' |
		    awk -F '\t' -v l="$1" '$2 == l { print $1; exit }')
		[ -n "$p_key" ] && break
		p_n=$((p_n + 1))
		if [ $p_n -gt 4 ]; then
			fail "no choice '$1' on any page:
$(screen)"
			return 1
		fi
		p_page=$(screen | grep -F " · 8")
		keys 8
		p_deadline=$(($(date +%s) + TMUX_WAIT_S))
		while [ "$(screen | grep -F " · 8")" = "$p_page" ] &&
		    [ "$(date +%s)" -lt "$p_deadline" ]; do
			sleep 0.05
		done
	done
	keys "$p_key"
}

# to_questions LANG FLAT_KEY FLAT: from Welcome to the first question
# for the FLAT_KEY-th flat of building 1 entrance 1, FLAT.
to_questions() {
	wait_for "$(tr_ "$1" "Welcome")" "$1 welcome" || return 1
	keys 1
	wait_for "$(tr_ "$1" "Which building do you live in?")" || return 1
	keys 1
	wait_for "$(msg "$1" "Building %s. Which entrance?" 1)" || return 1
	keys 1
	wait_for "${3##*-}" || return 1
	keys "$2"
	wait_for "$(tr_ "$1" "Your voting code")" || return 1
	keys "$(code_of "$3")" Enter
	wait_for "$(tr_ "$1" "✔ Thank you, the code is right.")" || return 1
	keys 3
	wait_for "$(plan_text "$1" questions.0.title)" || return 1
}

# stop_if_failed: end the test at the first failed part (what follows
# would only wait for screens that never come).
stop_if_failed() {
	[ "$fails" -eq 0 ] && return
	kiosk_done
	exit 1
}

# answers FLAT: the kiosk's answers of FLAT, "question=choice" in order.
answers() {
	sql "$T/k.db" "SELECT question_id || '=' || choice FROM answer WHERE flat_id = '$1' ORDER BY seq" |
	    paste -sd' '
}

# --- English, guided, 40x12 ---------------------------------------------
start_ui 40 12 "RENOVOTE_SPEECH_LOG=$LOG" -- --guided --lang en
to_questions en 2 1-1-102
stop_if_failed
press "Street lights"
wait_for "$(counts en 1 1)" "en: the singular"
said "$(counts en 1 1)"
said "Press 4: Street lights, selected."
fits
press "Roof waterproofing"
wait_for "$(counts en 2 0)"
keys Enter
wait_for "$(plan_text en questions.1.title)" "en: Enter confirmed the picks"
said "You chose: Roof waterproofing, Street lights."
wait_for "Press first the option you want most."
press "Street lights"
wait_for "$(msg en "Your order: %s" "$(order en 3)")"
press "Add lifts"
wait_for "$(msg en "Your order: %s" "$(order en 3 0)")"
said "$(msg en "Your order: %s" "$(order en 3 0)")"
fits
press "Confirm these picks"
wait_for "$(plan_text en questions.2.title)"
said "Press 5: 5 Very satisfied."
press "Not used"
wait_for "Review your answers"
said "Are you satisfied with the property service: Not used (new)."
said "Put the works in order: Street lights, Add lifts (new)."
keys 1
wait_for "Your suggestion"
keys 2
wait_for "Your receipt"
same "en: the kiosk stored the canonical texts" "$(answers 1-1-102)" \
    "S-NEED=roof,light S-RANK=light,lift S-RATE=none"
keys 0


# --- zh_TW, guided, 40x12: the steps' words from zh_CN -------------------
# The same kiosk, back at Welcome for the next resident: L twice.
stop_if_failed
wait_for "$(tr_ en "Welcome")"
keys L L
to_questions zh_TW 3 1-1-201
stop_if_failed
press "$(option zh_TW 2)"
wait_for "$(counts zh_TW 1 1)"
press "$(tr_ zh_TW "Confirm these picks")"
wait_for "$(plan_text zh_TW questions.1.title)"
# Enter with nothing ranked goes on and leaves it unanswered.
keys Enter
wait_for "$(plan_text zh_TW questions.2.title)"
wait_for "1 很不滿意" "zh_TW: the words in traditional characters"
fits
press "5 很滿意"
wait_for "$(tr_ zh_TW "Review your answers")"
wait_for "$(msg zh_TW "- %s: no answer" "$(plan_text zh_TW questions.1.title)")"
said "$(plan_text zh_TW questions.2.title)：五很滿意"
keys 1
wait_for "$(tr_ zh_TW "Your suggestion")"
keys 2
wait_for "$(tr_ zh_TW "Your receipt")"
same "zh_TW: the kiosk stored the canonical texts" "$(answers 1-1-201)" \
    "S-NEED=park S-RATE=5"
keys 0

# --- zh_CN at 80x24 -----------------------------------------------------
stop_if_failed
start_ui 80 24 -- --lang zh_CN
to_questions zh_CN 1 1-1-101
stop_if_failed
wait_for "$(counts zh_CN 0 2)" "nothing picked yet"
keys 1 3
wait_for "$(counts zh_CN 2 0)" "two picked, none left"
fits
# A third is refused, in words, and changes nothing.
keys 2
wait_for "$(trn_ zh_CN "✖ You can pick at most %d option. Press a picked option again to take it off." \
    "✖ You can pick at most %d options. Press a picked option again to take it off." 2)" "a third pick refused"
on_screen "$(counts zh_CN 2 0)" && pass || fail "the refused pick changed the count"
# Pressed again, an option comes off; then on again.
keys 1
wait_for "$(msg zh_CN "✔ Taken off: %s" "$(option zh_CN 0)")"
wait_for "$(counts zh_CN 1 1)"
keys 1
wait_for "$(msg zh_CN "✔ Picked: %s" "$(option zh_CN 0)")"
press "$(tr_ zh_CN "Confirm these picks")"
# The ranking: the order so far, undo, a full ranking refused.
wait_for "$(plan_text zh_CN questions.1.title)" "rank question"
wait_for "$(tr_ zh_CN "Press first the option you want most.")"
wait_for "$(trn_ zh_CN "%d place left" "%d places left" 3)"
keys 2
wait_for "$(msg zh_CN "Your order: %s" "$(order zh_CN 1)")"
keys 4
wait_for "$(msg zh_CN "Your order: %s" "$(order zh_CN 1 3)")"
keys 1
wait_for "$(msg zh_CN "Your order: %s" "$(order zh_CN 1 3 0)")" "three places"
keys 3
wait_for "$(trn_ zh_CN "✖ The %d place is taken. Undo the last pick to change it." \
    "✖ All %d places are taken. Undo the last pick to change them." 3)" "a fourth place refused"
keys 2
wait_for "$(msg zh_CN "✖ %s already has place %d. To change the order, undo the last pick." "$(option zh_CN 1)" 1)"
press "$(tr_ zh_CN "Undo the last pick")"
wait_for "$(msg zh_CN "✔ Taken back: %s" "$(option zh_CN 0)")"
wait_for "$(msg zh_CN "Your order: %s" "$(order zh_CN 1 3)")" "the last place undone"
keys 3
wait_for "$(msg zh_CN "Your order: %s" "$(order zh_CN 1 3 2)")"
fits
press "$(tr_ zh_CN "Confirm these picks")"
# The rating: every step in words with its number, and "not used".
wait_for "$(plan_text zh_CN questions.2.title)" "rating question"
wait_for "1 很不满意"
wait_for "5 很满意"
wait_for "$(tr_ zh_CN "Not used")"
fits
press "4 满意"
# The review and the receipt say the answers in words.
wait_for "$(tr_ zh_CN "Review your answers")"
sep=$(tr_ zh_CN ", ")
W0="$(option zh_CN 0)$sep$(option zh_CN 2)"
W1="$(option zh_CN 1)$sep$(option zh_CN 3)$sep$(option zh_CN 2)"
W2="4 满意"
wait_for "$(msg zh_CN "✎ %s: %s (new)" "$(plan_text zh_CN questions.0.title)" "$W0")"
wait_for "$(msg zh_CN "✎ %s: %s (new)" "$(plan_text zh_CN questions.1.title)" "$W1")"
wait_for "$(msg zh_CN "✎ %s: %s (new)" "$(plan_text zh_CN questions.2.title)" "$W2")"
fits
keys 1
wait_for "$(tr_ zh_CN "Your suggestion")"
keys 2
wait_for "$(tr_ zh_CN "Your receipt")" "receipt"
for w in "$W0" "$W1" "$W2"; do
	wait_for "$w" "receipt: $w"
done
fits
same "zh_CN: the kiosk stored the canonical texts" "$(answers 1-1-101)" \
    "S-NEED=lift,park S-RANK=roof,light,park S-RATE=4"
keys 0


# The committee's local tally on the same kiosk shows the figures the
# office's tally JSON has (below): owners by option, a ranking's points,
# a rating's mean.
wait_for "$(plan_text zh_CN title)"
keys C
wait_for "PIN"
keys "$PIN" Enter
wait_for "$(tr_ zh_CN "Committee mode")"
keys 1
wait_for "$(option zh_CN 3) 2（5 分）" "committee: a ranking's points"
wait_for "$(option zh_CN 1) 1（3 分）"
wait_for "$(option zh_CN 2) 2, $(option zh_CN 3) 1" "committee: choose-many owners"
wait_for "9/2" "committee: the rating's mean"
fits

# Every Chinese line said in the Mandarin voice, never English: the
# lines as one, under the first line's header (one espeak-ng run).
grep '^\[zh' "$LOG" | sort -u | awk 'NR == 1 { printf "%s", $0; next }
    { sub(/^\[[^]]*\] /, ""); printf " %s", $0 } END { print "" }' >"$T/zh.log"
speech_log_check "$T/zh.log"
check "zh_TW and en lines said" sh -c \
    "grep -q '^\[zh_TW ' '$LOG' && grep -q '^\[en ' '$LOG'"

# --- the office stores the same texts from the kiosk's bundle -----------
expect 0 "$KIOSK" export --db "$T/k.db" --out "$T/k.bundle"
expect 0 "$OFFICE" ingest --db "$T/office.db" "$T/k.bundle"
same "the office stored the kiosk's choices" \
    "$(sql "$T/office.db" "SELECT flat_id || ':' || question_id || '=' || choice FROM answer ORDER BY flat_id, question_id" | paste -sd' ')" \
    "1-1-101:S-NEED=lift,park 1-1-101:S-RANK=roof,light,park 1-1-101:S-RATE=4 1-1-102:S-NEED=roof,light 1-1-102:S-RANK=light,lift 1-1-102:S-RATE=none 1-1-201:S-NEED=park 1-1-201:S-RATE=5"

# ... and its tally counts them: flats by option, rank points (3 for a
# first place of 3), the rating's steps, none and mean; none decides.
expect 0 "$OFFICE" tally --db "$T/office.db" --estate LC-XNY-02 --json
same "the office's tally of the kiosk's answers" "$(python3 - "$T/out" <<'PY'
import json, sys
t = {q["question_id"]: q for q in json.load(open(sys.argv[1]))["questions"]}
n, r, s = t["S-NEED"], t["S-RANK"], t["S-RATE"]
print("need", " ".join("%s=%d" % (o, v["flats"]) for o, v in n["options"].items()),
      "rank", " ".join("%s=%d" % (o, v["points"]) for o, v in r["options"].items()),
      "rate", " ".join("%s=%d" % (k, v["flats"]) for k, v in s["steps"].items() if v["flats"]),
      "none=%d mean=%d/%d" % (s["none"]["flats"], s["mean"]["num"], s["mean"]["den"]),
      n["decision"], r["decision"], s["decision"])
PY
)" "need lift=1 roof=1 park=2 light=1 rank lift=2 roof=3 park=1 light=5 rate 4=1 5=1 none=1 mean=9/2 False False False"

kiosk_done
