#!/bin/sh
# The live pages in headless Chromium at a phone's viewport (390x844):
# renovote-office serve over real TLS on loopback, with its own
# Content-Security-Policy, so that what a resident's phone shows is what
# is tested (a static copy has no CSP header and hid bars the live server
# blocked).  Every page in three languages loads with no CSP violation,
# no horizontal scroll, a real CJK font and no number, fraction, date,
# percentage or short fixed phrase split across two lines; every bar of
# an estate page is drawn as wide as the per cent its figure line
# states; the receipt page, after a publish, shows its path checking.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/serve-lib.sh"

ART="$top_builddir/tests/artifacts"
mkdir -p "$ART" || fail "artifacts directory"
need node chromium

browser_script pages.mjs

# An office with real answers from a kiosk: bars that are partly filled.
OD="$T/office.db"
live_office "$OD" "$T" || fail "office set-up"
# LC-XNY-01's plan has 13 questions: its page must still be short.
expect 0 "$OFFICE" plan import --db "$OD" "$ASSETS/demo-plan-LC-XNY-01.json"
new_kiosk "$T/k1.db" hall-1 "$OD" "$T/p1.pkg" || fail "kiosk set-up"
for f in 1-1-101 1-1-102 1-2-101; do
	expect 0 "$KIOSK" cast --db "$T/k1.db" --flat "$f" --code-file "$(code_file "$(code_of "$f")")" --question Q-BASIC --choice agree
done
expect 0 "$KIOSK" cast --db "$T/k1.db" --flat 2-1-101 --code-file "$(code_file "$(code_of 2-1-101)")" --question Q-BASIC --choice disagree
r1=$(cut -d" " -f1 "$T/out")
expect 0 "$KIOSK" export --db "$T/k1.db" --out "$T/b1"
expect 0 "$OFFICE" ingest --db "$OD" "$T/b1"

# Published once: the receipt page shows the record's path to the root.
expect 0 "$OFFICE" publish --db "$OD" --out "$T/site" --base-url https://office.example

start_office "$OD"
trap 'kill "$SERVER_PID" 2>/dev/null; rm -rf "$T"' EXIT
wait_for "the server to answer" sh -c "$CURL -o /dev/null '$URL/'"
check "pages vary by language" sh -c "$CURL -D - -o /dev/null '$URL/e/LC-XNY-02' | grep -qi '^vary: accept-language'"
check "the server sends its CSP" sh -c "$CURL -D - -o /dev/null '$URL/e/LC-XNY-02' | grep -qi \"^content-security-policy: default-src 'none'; style-src 'self'\""

python3 - "$T/spec.json" "$URL" "$ART" "$r1" <<'PY'
import json, sys
spec, base, out, r = sys.argv[1:]
E = "LC-XNY-02"
pages = [
    ("live-index-zh_CN", "/?lang=zh_CN", "zh-CN", "东风印刷厂家属院", "h1", False),
    ("live-index-en", "/?lang=en", "en", "Renovation consent results", "ul.estates a", False),
    ("live-estate-zh_CN", f"/e/{E}?lang=zh_CN", "zh-CN", "参与表决（按业主人数）", "h1", "nonempty"),
    ("live-estate-zh_TW", f"/e/{E}?lang=zh_TW", "zh-TW", "參與表決（按業主人數）", "h1", "nonempty"),
    ("live-estate-en", f"/e/{E}?lang=en", "en", "Participation by owners", "h1", "nonempty"),
    ("live-estate-01-zh_CN", "/e/LC-XNY-01?lang=zh_CN", "zh-CN", "表决结果一览", "h1", True),
    ("live-receipt-zh_CN", f"/r/{r}?lang=zh_CN", "zh-CN", "路径核验通过", "p.verdict", False),
    ("live-receipt-zh_TW", f"/r/{r}?lang=zh_TW", "zh-TW", "路徑核驗通過", "p.verdict", False),
    ("live-receipt-en", f"/r/{r}?lang=en", "en", "The path checks", "dl.record dd:nth-of-type(2)", False),
    ("live-estate-01-zh_TW", "/e/LC-XNY-01?lang=zh_TW", "zh-TW", "表決結果一覽", "h1", True),
    ("live-estate-01-en", "/e/LC-XNY-01?lang=en", "en", "Participation by owners", "h1", True),
]
json.dump({
    "base": base, "out": out, "live": True,
    "pages": [dict(name=n, path=p, lang=l, text=t, cjk=c, bars=b,
                   maxScreens=3 if n.startswith("live-estate") else None)
              for n, p, l, t, c, b in pages],
}, open(spec, "w"), ensure_ascii=False)
PY

(cd "$T/browser" && node pages.mjs "$T/spec.json") >"$T/browser.log" 2>&1
b_rc=$?
grep -E "^FAIL|tall" "$T/browser.log" | while read -r line; do echo "$line" >&2; done
same "browser checks pass (see $T/browser.log)" "$b_rc $(grep -c '^FAIL' "$T/browser.log")" "0 0"
# 11 pages x (loads, lang, text, width, font, unbroken tokens, CSP),
# 6 estate pages x (bars, height, summary first), 3 of them with answers
# (a bar filled).
same "browser checks ran" "$(grep -c '^ok' "$T/browser.log")" 98
[ "$b_rc" = 0 ] || tail -n 20 "$T/browser.log" >&2
check "screenshot of the live estate page" test -s "$ART/live-estate-zh_CN.png"

stop_office
trap 'rm -rf "$T"' EXIT
test_done
