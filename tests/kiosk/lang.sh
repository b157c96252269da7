#!/bin/sh
# Languages complete, at 40x12: a zh_TW kiosk shows the estate's name and
# the plan in traditional characters only, from the roster's and plan's
# zh_TW texts (estate LC-XNY-02) or, where they have none, from OpenCC's
# conversion of the zh_CN ones (estate LC-XNY-03, its plan stripped of
# zh_TW); English shows the English estate name.  Over the whole journey
# (Welcome, building, entrance, flat, code, every item, every question,
# every page of each screen) no line starts with closing punctuation and
# no number is cut across two lines, in zh_CN and zh_TW.

. "$top_srcdir/tests/kiosk/lib.sh"

check "set up office and kiosk" kiosk_setup

# LC-XNY-03: live like LC-XNY-02's plan, with no zh_TW text at all.
python3 - "$ASSETS/demo-plan-LC-XNY-03.json" "$T/plan3.json" "$(iso_at '-1 day')" \
    "$(iso_at '+1 day')" <<'PY'
import json, sys
def strip(v):
    if isinstance(v, dict):
        v.pop("zh_TW", None)
        for x in v.values():
            strip(x)
    elif isinstance(v, list):
        for x in v:
            strip(x)
p = json.load(open(sys.argv[1]))
strip(p)
for q in p["questions"]:
    q["opens"], q["closes"] = sys.argv[3], sys.argv[4]
open(sys.argv[2], "w").write(json.dumps(p, ensure_ascii=False))
PY
same "plan 03 has no zh_TW text" "$(grep -c zh_TW "$T/plan3.json")" 0
expect 0 "$OFFICE" plan import --db "$T/office.db" "$T/plan3.json"
expect 0 "$OFFICE" codes issue --db "$T/office.db" --estate LC-XNY-03 --out "$T/codes3.csv"
expect 0 "$OFFICE" package --db "$T/office.db" --estate LC-XNY-03 --out "$T/p3.pkg"
expect 0 "$KIOSK" load --db "$T/k.db" --pin-file "$T/pin" "$T/p3.pkg"

# Simplified characters whose traditional form differs, common in the
# plans and the interface; none is a surname of the demo roster's owners
# (names are shown masked, as registered).
SIMPLIFIED='区门楼这们时为说单电户业费项层厂属页键选择认确预计补贴维资质级设备装现环线网码请输应总额价进关开结后复图规证书让写换发无与从会过还显东风园栋统视语听帮问题条块数据权积筑给响声调节间错误对动满样'

# changed BEFORE SECONDS: wait up to SECONDS for the screen to differ from
# the file BEFORE; true when it did.
changed() {
	deadline=$(($(date +%s%N) / 1000000 + $2 * 1000))
	while [ "$(($(date +%s%N) / 1000000))" -lt "$deadline" ]; do
		screen >"$T/now"
		cmp -s "$T/now" "$1" || return 0
		sleep 0.05
	done
	return 1
}

# scan_pages OUT: append every page of the screen (8 scrolls, and comes
# back to the top after the last page) to OUT, a line "----" before each.
scan_pages() {
	screen >"$T/first"
	cp "$T/first" "$T/page"
	n=0
	while [ $n -lt 12 ]; do
		{ echo ----; cat "$T/page"; } >>"$1"
		keys 8
		changed "$T/page" 1 || break
		cmp -s "$T/now" "$T/first" && break
		cp "$T/now" "$T/page"
		n=$((n + 1))
	done
}

# step KEY...: type the keys and wait for the screen to change.
step() {
	screen >"$T/before"
	keys "$@"
	changed "$T/before" "$TMUX_WAIT_S"
}

# journey LANG ESTATE CODES OUT WELCOME: from Welcome (showing WELCOME)
# through the flat and code to the end of the questions at 40x12, every
# page of every screen in OUT.
journey() {
	lang=$1 estate=$2 codes=$3 out=$4
	: >"$out"
	flat=$(sed -n "s/^$estate,\(1-1-[0-9]*\),.*/\1/p" "$codes" | sed -n 1p)
	code=$(grep "^$estate,$flat," "$codes" | cut -d, -f3)
	start_ui 40 12 -- --lang "$lang" --estate "$estate"
	wait_for "$5" "$lang $estate welcome" || return 1
	scan_pages "$out"
	keys 1
	wait_for "$(tr_ "$lang" "Which building do you live in?")" || return 1
	scan_pages "$out"
	keys 1
	wait_for "$(tr_ "$lang" "Building %s. Which entrance?" | sed 's/%s/1/')" || return 1
	scan_pages "$out"
	step 1 || return 1
	scan_pages "$out"
	keys 1
	wait_for "$(tr_ "$lang" "Your voting code")" || return 1
	# One page only: 8 here would be typed into the code.
	{ echo ----; screen; } >>"$out"
	keys "$code" Enter
	wait_for "$(tr_ "$lang" "✔ Thank you, the code is right.")" || return 1
	# Items, then questions: 1 goes on (the next item, agree, the first
	# option) until the review, or until a key changes nothing.
	steps=0
	while [ $steps -lt 60 ]; do
		scan_pages "$out"
		on_screen "$(tr_ "$lang" "Review your answers")" && break
		step 1 || break
		steps=$((steps + 1))
	done
	check "$lang $estate: the journey reaches the review" on_screen \
	    "$(tr_ "$lang" "Review your answers")"
	same "$lang $estate: at least 30 pages scanned" \
	    "$(grep -c '^----$' "$out" | awk '{ print ($1 >= 30) }')" 1
}

# layout OUT: no line of the captured pages starts with closing
# punctuation, and no number is cut across two body lines (a line ending
# in a digit, or a digit and a separator, followed by a line starting
# with a digit or a unit).  Prints the offending lines.
layout() {
	python3 - "$1" <<'PY'
import re, sys
closing = "，。、；：！？）」』》〉】〕％…,.;:!?)%"
pages = open(sys.argv[1], encoding="utf-8").read().split("----\n")
bad = []
for page in pages:
    lines = page.split("\n")
    for i, l in enumerate(lines):
        s = l.strip()
        if s and s[0] in closing:
            bad.append("starts with punctuation: %r" % l)
        # Body lines: 2 .. rows-2 (the message takes body lines).
        if 2 <= i < len(lines) - 2:
            n = lines[i + 1].strip()
            if re.search(r"\d[,.:/-]?$", l.rstrip()) and \
                    re.match(r"[\d元%％㎡]|m²", n):
                bad.append("number cut: %r / %r" % (l, lines[i + 1]))
for b in bad:
    print(b)
PY
}

# traditional OUT: the simplified characters found in OUT, if any.
traditional() {
	python3 - "$1" "$SIMPLIFIED" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
print("".join(sorted(set(c for c in text if c in sys.argv[2]))))
PY
}

# zh_CN, the resident of issue 11: the layout rules only.
if journey zh_CN LC-XNY-02 "$T/codes.csv" "$T/cn.txt" "$(plan_text zh_CN title)"; then
	same "zh_CN 40x12 layout" "$(layout "$T/cn.txt")" ""
	# The check finds what it looks for: a capture with both faults.
	printf -- '----\ntitle\nstep\n 本户应出资约 39,\n 298.00 元\n ，由住宅\nmsg\nkeys\n' >"$T/faulty.txt"
	same "layout check catches faults" "$(layout "$T/faulty.txt" | wc -l)" 2
fi

# zh_TW from the plan's and roster's own texts.
if journey zh_TW LC-XNY-02 "$T/codes.csv" "$T/tw2.txt" "$(plan_text zh_TW title)"; then
	same "zh_TW 02 layout" "$(layout "$T/tw2.txt")" ""
	same "zh_TW 02 has no simplified character" "$(traditional "$T/tw2.txt")" ""
	check "zh_TW 02 estate name" grep -q "東風印刷廠家屬院" "$T/tw2.txt"
	check "zh_TW 02 plan title" grep -q "$(plan_text zh_TW title | cut -c1-6)" "$T/tw2.txt"
fi

# zh_TW converted by OpenCC: neither the roster nor the plan has zh_TW.
if journey zh_TW LC-XNY-03 "$T/codes3.csv" "$T/tw3.txt" "金桂小區改造提質方案"; then
	same "zh_TW 03 layout" "$(layout "$T/tw3.txt")" ""
	same "zh_TW 03 has no simplified character" "$(traditional "$T/tw3.txt")" ""
	check "zh_TW 03 estate name converted" grep -q "金桂小區" "$T/tw3.txt"
	# The check finds simplified characters where there are some.
	same "simplified check catches 区" "$(printf '金桂小区 1号楼\n' >"$T/s.txt"; traditional "$T/s.txt")" "区楼"
fi

# English: the roster's English estate names, not the Chinese ones.
for e in "LC-XNY-02 Dongfeng Estate 东风" "LC-XNY-03 Jingui Estate 金桂"; do
	set -- $e
	id=$1
	cn=$(eval echo "\${$#}")
	name=$(echo "$e" | cut -d' ' -f2- | sed "s/ $cn\$//")
	for size in 40x12 80x24; do
		start_ui "${size%x*}" "${size#*x}" -- --lang en --estate "$id"
		wait_for "$name" "en $id $size estate name" || continue
		fits
		keys 1
		wait_for "$name · " "en $id $size title"
		check "en $id $size: no Chinese estate name" sh -c "! tmux -L '$TMUX_SOCKET' capture-pane -p | grep -q '$cn'"
	done
done

kiosk_done
