#!/bin/sh
# The published site in headless Chromium at a phone's viewport (390x844,
# tests/browser/pages.mjs with playwright-core): every page in every
# language loads, is as wide as the screen at most, draws its Chinese
# with a real CJK font, and is screenshot to tests/artifacts/ (CI
# artifacts); the receipt page of a real kiosk answer too; each estate's
# A4 notice prints to exactly one A4 page (PDF kept as an artifact); and
# every QR code, the SVG files and the one inside a notice, rendered by
# Chromium, decodes with zbarimg back to its estate's URL.
. "$top_srcdir/tests/cli/lib.sh"

ART="$top_builddir/tests/artifacts"
BASE=https://office.example:8443
mkdir -p "$ART" || fail "artifacts directory"

for tool in node zbarimg chromium; do
	command -v "$tool" >/dev/null 2>&1 || fail "$tool not found"
done
browser_script pages.mjs

# An office with one real answer from a kiosk, published.
OD="$T/office.db"
live_office "$OD" "$T" || fail "office set-up"
expect 0 "$OFFICE" plan import --db "$OD" "$ASSETS/demo-plan-LC-XNY-01.json" "$ASSETS/demo-plan-LC-XNY-03.json"
new_kiosk "$T/k1.db" hall-1 "$OD" "$T/p1.pkg" || fail "kiosk set-up"
expect 0 "$KIOSK" cast --db "$T/k1.db" --flat 1-1-101 --code-file "$(code_file "$(code_of 1-1-101)")" --question Q-BASIC --choice agree
r1=$(cut -d" " -f1 "$T/out")
expect 0 "$KIOSK" cast --db "$T/k1.db" --flat 1-1-102 --code-file "$(code_file "$(code_of 1-1-102)")" --question Q-BASIC --choice disagree
expect 0 "$KIOSK" export --db "$T/k1.db" --out "$T/b1"
expect 0 "$OFFICE" ingest --db "$OD" "$T/b1"
SITE="$T/site"
expect 0 "$OFFICE" publish --db "$OD" --out "$SITE" --base-url "$BASE"
mkdir "$SITE/r" || fail "receipt directory"
"$OFFICE" page --db "$OD" "/r/$r1" >"$SITE/r/$r1.html" || fail "receipt page"
"$OFFICE" page --db "$OD" --lang en "/r/$r1" >"$SITE/r/$r1.en.html" || fail "receipt page in English"
# A kiosk session's receipt page: one code counted, one not yet received.
"$OFFICE" page --db "$OD" "/r/$(echo "$r1" | tr -d -)+ABCDEFGHJK" >"$SITE/r/session.html"

# Serve the site on a loopback port the kernel picks.
static_server "$SITE"
trap 'kill $HTTP_PID 2>/dev/null; rm -rf "$T"' EXIT

python3 - "$T/spec.json" "http://127.0.0.1:$PORT" "$ART" "$r1" <<'PY'
import json, sys
spec, base, out, r = sys.argv[1:]
E = "LC-XNY-02"
pages = [
    ("index-zh_CN", "/index.html", "zh-CN", "东风印刷厂家属院", "h1"),
    ("index-zh_TW", "/index.zh_TW.html", "zh-TW", "老舊社區改造表決結果", "h1"),
    ("index-en", "/index.en.html", "en", "Renovation consent results", "ul.estates a"),
    ("estate-zh_CN", f"/e/{E}/index.html", "zh-CN", "参与表决（按业主人数）", "h1"),
    ("estate-zh_TW", f"/e/{E}/index.zh_TW.html", "zh-TW", "參與表決（按業主人數）", "h1"),
    ("estate-en", f"/e/{E}/index.en.html", "en", "Participation by owners", "h1"),
    ("estate-01", "/e/LC-XNY-01/index.html", "zh-CN", "槐荫小区", "h1"),
    ("receipt-zh_CN", f"/r/{r}.html", "zh-CN", "已计入", "p.verdict"),
    ("receipt-en", f"/r/{r}.en.html", "en", "Counted", "dl.record dd:nth-of-type(2)"),
    ("receipt-session", "/r/session.html", "zh-CN", "街道办尚未收到", "td.verdict"),
    ("report", "/report/report.html", "zh-CN", "片区老旧小区改造考评报告", "h1"),
]
json.dump({
    "base": base, "out": out,
    "pages": [dict(name=n, path=p, lang=l, text=t, cjk=c, bars=("nonempty" if n.startswith("estate-zh") or n == "estate-en"
                                       else n.startswith("estate")))
              for n, p, l, t, c in pages],
    "pdf": [dict(name=f"notice-{e}", path=f"/notice/{e}.html", pages=1)
            for e in ("LC-XNY-01", "LC-XNY-02", "LC-XNY-03")],
    "qr": [dict(name=f"qr-{e}", path=f"/qr/{e}.svg", selector="svg")
           for e in ("LC-XNY-01", "LC-XNY-02", "LC-XNY-03")]
          + [dict(name="notice-qr-LC-XNY-02", path=f"/notice/{E}.html", selector="svg")],
}, open(spec, "w"), ensure_ascii=False)
PY

(cd "$T/browser" && node pages.mjs "$T/spec.json") >"$T/browser.log" 2>&1
b_rc=$?
grep '^FAIL' "$T/browser.log" | while read -r line; do echo "$line" >&2; done
same "browser checks pass (see $T/browser.log)" "$b_rc $(grep -c '^FAIL' "$T/browser.log")" "0 0"
# 11 pages x (loads, lang, text, width, font, unbroken tokens, CSP),
# 4 estate pages x bars (3 of them with answers: one more), 3 notices
# x 3, 4 QR x 2.
same "browser checks ran" "$(grep -c '^ok' "$T/browser.log")" 101
[ "$b_rc" = 0 ] || tail -n 20 "$T/browser.log" >&2

for e in LC-XNY-01 LC-XNY-02 LC-XNY-03; do
	check "screenshot of $e's QR" test -s "$ART/qr-$e.png"
	same "QR of $e decodes to its URL" "$(zbarimg -q --raw "$ART/qr-$e.png" 2>/dev/null)" "$BASE/e/$e"
	check "notice PDF of $e" test -s "$ART/notice-$e.pdf"
	# As a picture of the A4 page: everything inked lies inside the
	# page's 12 mm margins (a table wider than the page loses its right
	# border), and the page is not blank.
	pdftoppm -r 50 -gray -singlefile "$ART/notice-$e.pdf" "$ART/notice-$e" &&
	    pdftoppm -r 50 -png -singlefile "$ART/notice-$e.pdf" "$ART/notice-$e" ||
	    fail "notice of $e as a picture"
	same "notice of $e inside the A4 margins" "$(python3 - "$ART/notice-$e.pgm" <<'PY'
import sys
d = open(sys.argv[1], "rb").read()
parts = d.split(maxsplit=4)
w, h = int(parts[1]), int(parts[2])
px = parts[4]
margin = round(12 / 25.4 * 50) - 2
ink = [(x, y) for y in range(h) for x in range(w) if px[y * w + x] < 128]
if not ink:
    print("blank page")
else:
    xs = [x for x, _ in ink]
    ys = [y for _, y in ink]
    print("ok" if min(xs) >= margin and max(xs) < w - margin and
          min(ys) >= margin and max(ys) < h - margin else
          "ink at x %d-%d, y %d-%d of %dx%d" % (min(xs), max(xs), min(ys), max(ys), w, h))
PY
)" ok
done
same "notice's QR decodes" "$(zbarimg -q --raw "$ART/notice-qr-LC-XNY-02.png" 2>/dev/null)" "$BASE/e/LC-XNY-02"
for n in index-zh_CN estate-zh_CN estate-en receipt-zh_CN report; do
	check "screenshot $n" test -s "$ART/$n.png"
done

kill $HTTP_PID 2>/dev/null
wait $HTTP_PID 2>/dev/null
test_done
