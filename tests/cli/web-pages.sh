#!/bin/sh
# The results pages through "renovote-office page", which prints what
# web_respond answers the server: every path, the rule and bars of each
# question with their thresholds, the time of the tally, the kiosks' last
# sync, the JSON under /api/ (the tally JSON of docs/interface.md plus
# kiosks), language negotiation, HTML escaping of hostile stored strings,
# and 404 for everything unknown.
. "$top_srcdir/tests/cli/lib.sh"

DB="$T/office.db"
demo_office "$DB" || fail "demo office"
AT=2026-12-21T00:00:00+08:00
AT_TIME='<time datetime="2026-12-21T00:00:00\+08:00">2026-12-21 00:00</time>'

# The estates page: every estate, linked, in zh_CN by default.
expect 0 "$OFFICE" page --db "$DB" --at "$AT" /
contains "html lang zh-CN by default" "$T/out" '<html lang="zh-CN">'
contains "estate linked" "$T/out" 'href="/e/LC-XNY-02"'
contains "estate name" "$T/out" '东风印刷厂家属院'
contains "language switcher" "$T/out" 'href="/\?lang=en"'
contains "tally time on the estates page" "$T/out" "$AT_TIME"
contains "receipt form" "$T/out" 'action="/r"'
contains "stylesheet" "$T/out" 'href="/style.css"'

# An estate's page: the rule in plain words, four bars per question with
# the threshold marked, the figures as text, what is still needed.
expect 0 "$OFFICE" page --db "$DB" --at "$AT" --lang en /e/LC-XNY-02
cp "$T/out" "$T/e.html"
contains "English" "$T/e.html" '<html lang="en">'
contains "major rule in words" "$T/e.html" 'major matter: <span class="nw">at least 2/3</span> of owners and of area take part; <span class="nw">at least 3/4</span> of those taking part agree'
contains "ordinary rule in words" "$T/e.html" 'ordinary matter: <span class="nw">at least 2/3</span> of owners and of area take part; <span class="nw">more than 1/2</span>'
# Marks are centred on the threshold, in hundredths of a per cent (the
# mark is 60 wide): 2/3 at 6666, 3/4 at 7500, 1/2 at 5000.
contains "participation threshold mark" "$T/e.html" 'class="mark" x="6636" width="60"'
contains "major approval mark" "$T/e.html" 'class="mark" x="7470" width="60"'
contains "ordinary approval mark" "$T/e.html" 'class="mark" x="4970" width="60"'
# The server's CSP (style-src 'self') blocks inline styles: none at all.
check "no inline style" sh -c "! grep -qi 'style=' '$T/e.html'"
contains "figures as text" "$T/e.html" '0 of 55 owners \(<span class="nw">0.00%</span>\) · needs <span class="nw">at least 2/3</span> · <strong class="short nw">not met</strong>'
contains "area figures" "$T/e.html" '<span class="nw">0.00</span> of <span class="nw">3309.30 m²</span> \(<span class="nw">0.00%</span>\)'
contains "status" "$T/e.html" 'class="status s-'
contains "still needed" "$T/e.html" 'still needed for participation: 37 more owners, <span class="nw">2206.20 m2</span> more area'
contains "pledge bar" "$T/e.html" 'Flats that signed the pledge'
contains "tally time" "$T/e.html" "$AT_TIME"
contains "kiosks section" "$T/e.html" 'No kiosk has sent anything yet'
contains "plan text in English" "$T/e.html" 'Dongfeng Printing Works'
same "four bars per question" "$(grep -c 'class="bar"' "$T/e.html")" \
    "$(( $(grep -c 'class="question"' "$T/e.html") * 4 + $(grep -c 'class="pledge"' "$T/e.html") ))"
check "no script anywhere" sh -c "! grep -qi '<script' '$T/e.html'"

# Answers move the bars: two of 1-1's owners agree.
"$ANSWER_PUT" "$DB" - <<EOF || fail "answers stored"
a LC-XNY-02 Q-LIFT-1-1 1-1-101 agree 2026-12-02T10:00:00+08:00 hall-1 1
a LC-XNY-02 Q-LIFT-1-1 1-1-102 agree 2026-12-02T10:05:00+08:00 hall-1 2
EOF
expect 0 "$OFFICE" page --db "$DB" --at "$AT" --lang en /e/LC-XNY-02
contains "participation bar filled" "$T/out" 'class="fill met" width="10000"'
contains "agree counted" "$T/out" '2 of 2 owners \(<span class="nw">100.00%</span>\) · needs <span class="nw">at least 3/4</span> · <strong class="met nw">met</strong>'

# Languages: ?lang= wins, then Accept-Language by weight, then zh_CN.
lang_of() {
	"$OFFICE" page --db "$DB" "$@" / | sed -n 's/^<html lang="\([^"]*\)">$/\1/p'
}
same "lang=zh_TW" "$(lang_of --lang zh_TW)" zh-TW
same "lang=en" "$(lang_of --lang en)" en
same "Accept-Language zh-TW" "$(lang_of --accept-language 'zh-TW,zh;q=0.9')" zh-TW
same "Accept-Language zh-HK" "$(lang_of --accept-language 'zh-HK')" zh-TW
same "Accept-Language en-US" "$(lang_of --accept-language 'en-US,en;q=0.9')" en
same "Accept-Language by weight" "$(lang_of --accept-language 'en;q=0.2, zh-Hant;q=0.8')" zh-TW
same "Accept-Language zh-Hans" "$(lang_of --accept-language 'zh-Hans-CN, en;q=0.5')" zh-CN
same "unknown language: zh_CN" "$(lang_of --accept-language 'fr-FR, de;q=0.9')" zh-CN
same "q=0 is refused" "$(lang_of --accept-language 'en;q=0')" zh-CN
same "lang= beats Accept-Language" "$(lang_of --lang en --accept-language zh-TW)" en
same "bad lang= falls back" "$(lang_of --lang xx --accept-language en)" en
# Malformed headers never fail a page: they fall back to zh_CN.
long=$(python3 -c 'print("en-US;q=0.1," * 2000)')
for h in '' ';;;,,,' 'q=1' 'zh-TW;q=abc' 'zh-TW;q=' ',;q=0.9,zh' "$long" 'zh-TWzh-TWzh-TWzh-TWzh-TW' 'zh-tw;q=0.5;q=1'; do
	expect 0 "$OFFICE" page --db "$DB" --accept-language "$h" /
done
same "long header still parsed" "$(lang_of --accept-language "$long")" en
expect_error 1 "404" "$OFFICE" page --db "$DB" "/e/$(python3 -c 'print("A" * 5000)')"
expect_error 1 "404" "$OFFICE" page --db "$DB" "/r/$(python3 -c 'print("7" * 5000)')"
expect 0 "$OFFICE" page --db "$DB" --lang "$(python3 -c 'print("z" * 5000)')" /

expect 0 "$OFFICE" page --db "$DB" --lang zh_TW /e/LC-XNY-02
contains "zh_TW interface strings" "$T/out" '表決進行中'
contains "zh_TW switcher keeps the page" "$T/out" 'href="/e/LC-XNY-02\?lang=en"'
expect 0 "$OFFICE" page --db "$DB" /e/LC-XNY-02
contains "zh_CN interface strings" "$T/out" '参与表决'
contains "zh_CN rule" "$T/out" '重大事项'

# The JSON: the tally JSON of docs/interface.md for the estate, plus kiosks.
expect 0 "$OFFICE" page --db "$DB" --at "$AT" /api/e/LC-XNY-02
cp "$T/out" "$T/api.json"
expect 0 "$OFFICE" tally --db "$DB" --estate LC-XNY-02 --at "$AT" --json
same "API questions are the tally's" "$(json_get "$T/api.json" 'json.dumps(j["questions"])')" "$(json_get "$T/out" 'json.dumps(j["questions"])')"
same "API pledges are the tally's" "$(json_get "$T/api.json" 'json.dumps(j["pledges"])')" "$(json_get "$T/out" 'json.dumps(j["pledges"])')"
same "API at" "$(json_get "$T/api.json" 'j["at"]')" "$AT"
same "API kiosks" "$(json_get "$T/api.json" 'j["kiosks"]')" "[]"
same "API publications" "$(json_get "$T/api.json" 'j["publications"]')" "[]"
expect 0 "$OFFICE" page --db "$DB" --at "$AT" /api/estates
same "API estates" "$(json_get "$T/out" '[e["estate_id"] for e in j["estates"]]')" "['LC-XNY-01', 'LC-XNY-02', 'LC-XNY-03']"
same "API estate statuses" "$(json_get "$T/out" 'j["estates"][1]["questions"][0]["status"]')" "open"

# Assets.
expect 0 "$OFFICE" page --db "$DB" /style.css
contains "CJK font stack" "$T/out" '"Noto Sans CJK SC", "Noto Sans CJK TC", "PingFang SC", "Microsoft YaHei", sans-serif'
contains "A4 print" "$T/out" '@page \{ size: A4'
expect 0 "$OFFICE" page --db "$DB" --base-url https://office.example:8443 /qr/LC-XNY-02.svg
contains "QR code as SVG" "$T/out" '^<svg xmlns="http://www.w3.org/2000/svg"'

# Unknown things: 404, exit 1, one line.
for p in /e/NOPE /e/ /e/LC-XNY-02/x /e/../etc/passwd /api/e/NOPE /qr/NOPE.svg \
    /qr/LC-XNY-02.png /nope /r/ABCDE-FGHJK /r/not-a-receipt /api/r/00000-00000 /api/sync; do
	expect_error 1 "$p: 404" "$OFFICE" page --db "$DB" "$p"
	same "$p prints nothing" "$(wc -c <"$T/out")" 0
done
expect_error 1 "400" "$OFFICE" page --db "$DB" relative

# Hostile stored strings are escaped: an estate name with markup.
cat >"$T/roster.csv" <<'EOF'
estate_id,estate_name,building,entrance,room,flat_id,owner_id,area_m2
EV-01,"<script>alert('x')</script> & ""小区""",1,1,101,1-1-101,A,50.00
EOF
expect 0 "$OFFICE" roster import --db "$DB" "$T/roster.csv"
expect 0 "$OFFICE" page --db "$DB" /e/EV-01
contains "name escaped" "$T/out" '&lt;script&gt;alert\(&#39;x&#39;\)&lt;/script&gt; &amp; &quot;小区&quot;'
check "no raw markup from the name" sh -c "! grep -q \"<script>alert\" '$T/out'"
contains "no plan yet" "$T/out" 'No plan|尚未导入'
expect 0 "$OFFICE" page --db "$DB" /
check "index escapes too" sh -c "! grep -q \"<script>alert\" '$T/out'"
expect 0 "$OFFICE" page --db "$DB" /api/estates
same "JSON keeps the name" "$(json_get "$T/out" '[e["name"] for e in j["estates"] if e["estate_id"] == "EV-01"][0]')" "<script>alert('x')</script> & \"小区\""

test_done
