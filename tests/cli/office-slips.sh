#!/bin/sh
# codes issue --slips: one A6 page per flat, printed by headless Chromium
# to PDF from the HTML as written (nothing fetched from outside), rendered
# by pdftoppm; zbarimg decodes each page's QR code and pdftotext reads its
# 18 digits; the QR code and the digits each name the code of the flat on
# that page, and the real kiosk accepts each of them (cast records the
# answer).  The slips follow CODES.csv's transaction, and refusals change
# nothing.
. "$top_srcdir/tests/cli/lib.sh"

for tool in node chromium pdfinfo pdftoppm pdftotext zbarimg python3; do
	command -v "$tool" >/dev/null 2>&1 || fail "$tool not found"
done
browser_script print.mjs

OD="$T/office.db"
live_plan "$T/plan.json" || fail "plan"
expect 0 "$OFFICE" init --db "$OD"
expect 0 "$OFFICE" roster import --db "$OD" "$ASSETS/demo-roster.csv"
expect 0 "$OFFICE" plan import --db "$OD" "$T/plan.json"

expect 0 "$OFFICE" --help
contains "help names --slips" "$T/out" "--slips SLIPS.html"
expect 0 "$OFFICE" codes issue --db "$OD" --estate LC-XNY-02 --out "$T/codes.csv" --slips "$T/slips.html"
contains "reports the slips" "$T/out" "Wrote 60 slips \(one A6 page each\) into .*slips.html"
same "slips file mode" "$(stat -c %a "$T/slips.html")" 600
same "a slip per flat" "$(grep -c '<section class="slip">' "$T/slips.html")" 60
same "A6 pages" "$(grep -c '@page { size: 105mm 148mm;' "$T/slips.html")" 1
same "nothing outside the file" "$(sed 's/ xmlns="[^"]*"//g' "$T/slips.html" |
    grep -Eic '<(link|script|img)|src=|url\(|https?:')" 0
same "in Chinese by default" "$(grep -c '<html lang="zh-CN">' "$T/slips.html")" 1

# Chromium prints it as the office would; every page is A6.
check "Chromium prints the slips" node "$T/browser/print.mjs" "$T/slips.html" "$T/slips.pdf"
pdfinfo "$T/slips.pdf" >"$T/info"
same "one page per flat" "$(sed -n 's/^Pages: *//p' "$T/info")" 60
contains "the pages are A6 (105 x 148 mm)" "$T/info" "^Page size: *(29[78](\.[0-9]+)?) x (41[89]|420)(\.[0-9]+)? pts"

# Each page: its QR code, its digits and its flat, against CODES.csv; the
# numeric form is worked out here from the letter code, independently.
pdftoppm -r 200 -gray -png "$T/slips.pdf" "$T/page" || fail "pdftoppm"
python3 - "$T" >"$T/pages" 2>"$T/pages.err" <<'PY'
import csv, glob, re, subprocess, sys
t = sys.argv[1]
a = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
rows = list(csv.DictReader(open(t + "/codes.csv", encoding="utf-8")))
pages = sorted(glob.glob(t + "/page-*.png"))
bad = 0
if len(pages) != len(rows):
    print("pages %d, flats %d" % (len(pages), len(rows)), file=sys.stderr)
    bad += 1
for i, (png, r) in enumerate(zip(pages, rows)):
    qr = subprocess.run(["zbarimg", "-q", "--raw", png], capture_output=True,
        text=True).stdout.split()
    text = subprocess.run(["pdftotext", "-f", str(i + 1), "-l", str(i + 1),
        t + "/slips.pdf", "-"], capture_output=True, text=True).stdout
    digits = re.findall(r"\b(\d{3}) (\d{3}) (\d{3})\b", text)
    num = "".join("".join(g) for g in digits)
    v = 0
    for c in r["code"].replace("-", ""):
        v = v * 31 + a.index(c)
    want = "%018d" % v
    flat = "%s 号楼 %s 单元 %s 室" % (r["building"], r["entrance"], r["room"])
    if qr != [r["code"]]:
        print("page %d: QR %r, want %s" % (i + 1, qr, r["code"]), file=sys.stderr)
        bad += 1
    if r["code_digits"].replace(" ", "") != want:
        print("flat %s: code_digits %r, want %s" % (r["flat_id"], r["code_digits"], want), file=sys.stderr)
        bad += 1
    if num != want:
        print("page %d: digits %r, want %s" % (i + 1, num, want), file=sys.stderr)
        bad += 1
    if flat not in text or r["code"] not in text or r["estate_name"] not in text:
        print("page %d: flat, code or estate missing: %s" % (i + 1, text[:300]), file=sys.stderr)
        bad += 1
    print(r["flat_id"], qr[0] if qr else "-", num)
sys.exit(1 if bad else 0)
PY
check "every page's QR code, digits and flat match CODES.csv ($(head -c 600 "$T/pages.err"))" [ ! -s "$T/pages.err" ]
same "a line per page" "$(wc -l <"$T/pages")" 60

# The voting window: from the first question's opening to the last closing.
window=$(python3 -c '
import json, sys, datetime
p = json.load(open(sys.argv[1]))
f = lambda s: datetime.datetime.fromisoformat(s).strftime("%Y-%m-%d %H:%M")
print("%s 至 %s" % (f(min(q["opens"] for q in p["questions"])),
    f(max(q["closes"] for q in p["questions"]))))' "$T/plan.json")
pdftotext -f 1 -l 1 "$T/slips.pdf" "$T/page1.txt"
contains "the voting window" "$T/page1.txt" "$window"

# The real kiosk accepts the decoded QR code and the digits read from the
# slip of every flat: each cast records an answer.
expect 0 "$OFFICE" package --db "$OD" --estate LC-XNY-02 --out "$T/p.pkg"
new_kiosk "$T/k.db" hall-1 "$OD" "$T/p.pkg" || fail "kiosk set-up"
refused=0
while read -r flat qr num; do
	"$KIOSK" cast --db "$T/k.db" --flat "$flat" --code-file "$(code_file "$qr")" \
	    --question Q-BASIC --choice agree >/dev/null 2>>"$T/cast.err" ||
	    refused=$((refused + 1))
	"$KIOSK" cast --db "$T/k.db" --flat "$flat" --code-file "$(code_file "$num")" \
	    --question Q-BASIC --choice disagree >/dev/null 2>>"$T/cast.err" ||
	    refused=$((refused + 1))
done <"$T/pages"
same "no code from a slip refused ($(head -c 300 "$T/cast.err" 2>/dev/null))" "$refused" 0
same "an answer per code form and flat" "$(sql "$T/k.db" "SELECT count(*) FROM ledger WHERE type = 2")" 120
same "no lockout" "$(sql "$T/k.db" "SELECT count(*) FROM lockout WHERE failures > 0 OR locked_until > 0")" 0

# Other languages; refusals leave codes, slips and store as they were.
expect 0 "$OFFICE" codes issue --db "$OD" --estate LC-XNY-02 --out "$T/codes-tw.csv" --slips "$T/slips-tw.html" --lang zh_TW
contains "zh_TW slips" "$T/slips-tw.html" '<html lang="zh-TW">'
contains "zh_TW text" "$T/slips-tw.html" "如何表決"
sig=$(db_signature "$OD")
cp "$T/codes-tw.csv" "$T/codes-before.csv"
cp "$T/slips-tw.html" "$T/slips-before.html"
expect_error 2 "--lang: 'fr' is not zh_CN, zh_TW or en" "$OFFICE" codes issue --db "$OD" --estate LC-XNY-02 --out "$T/codes-tw.csv" --slips "$T/slips-tw.html" --lang fr
expect_error 2 "--lang is for --slips" "$OFFICE" codes issue --db "$OD" --estate LC-XNY-02 --out "$T/codes-tw.csv" --lang en
expect_error 2 "--slips and --out name the same file" "$OFFICE" codes issue --db "$OD" --estate LC-XNY-02 --out "$T/codes-tw.csv" --slips "$T/codes-tw.csv"
expect_error 3 "nodir/slips.html: cannot create" "$OFFICE" codes issue --db "$OD" --estate LC-XNY-02 --out "$T/codes-tw.csv" --slips "$T/nodir/slips.html"
# The slips cannot be put in place after the codes file was: the codes
# file comes back too, and the new hashes are not committed.
mkdir "$T/slipdir.html"
expect_error 1 "slipdir.html: not a regular file" "$OFFICE" codes issue --db "$OD" --estate LC-XNY-02 --out "$T/codes-tw.csv" --slips "$T/slipdir.html"
same "refusals keep the store" "$(db_signature "$OD")" "$sig"
check "refusals keep the codes file" cmp -s "$T/codes-tw.csv" "$T/codes-before.csv"
check "refusals keep the slips" cmp -s "$T/slips-tw.html" "$T/slips-before.html"
check "no temporary files left" test -z "$(ls "$T" | grep '\.tmp\.\|\.old\.')"

test_done
