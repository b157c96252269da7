#!/bin/sh
# The city index (/) through "renovote-office page": estates grouped by
# street and community (the roster's optional columns, "Other" last), one
# line per estate whose figures are the tally JSON's, search by Chinese
# name, pinyin initials and id (GET ?q=), pages of 50 (?page=N) with
# previous/next links, escaping of a hostile name and search, the
# published index-2.html, and the size of / for 1,000 estates.
. "$top_srcdir/tests/cli/lib.sh"

DB="$T/office.db"
AT=2026-12-21T00:00:00+08:00
NEST=62		# more than one page of 50

# A roster of NEST estates of 4 flats: three streets of two communities,
# every seventh estate without a street or community, CH-00 is 春晖小区
# (晖 is a GB2312 level-2 hanzi), HX-05 has a hostile name; a plan of two
# questions for each but the last, Q-A closed before AT, Q-B still open.
python3 - "$T" "$NEST" "$ASSETS/demo-plan-LC-XNY-02.json" <<'PY' || fail "roster and plans generated"
import csv, json, sys
t, n, demo = sys.argv[1], int(sys.argv[2]), sys.argv[3]
streets = [("东城街道", ["新华社区", "光明社区"]), ("西城街道", ["和平社区", "建设社区"]),
           ("北关街道", ["文化社区", "胜利社区"])]
names = ["春晖小区", "槐荫小区", "金桂小区", "东风家属院", "印刷厂小区"]
w = csv.writer(open(f"{t}/roster.csv", "w", newline=""))
w.writerow(["estate_id", "estate_name", "street", "community", "building",
            "entrance", "room", "flat_id", "owner_id", "area_m2"])
p = json.load(open(demo))
p.pop("map", None)
p["pledges"] = []
qa, qb = [q for q in p["questions"] if q["id"] in ("Q-BASIC", "Q-IMPROVE")]
qa["id"], qb["id"] = "Q-A", "Q-B"
qa["closes"] = "2026-12-10T18:00:00+08:00"
for i in range(n):
    eid = ("CH-%02d" if i == 0 else "HX-%02d") % i
    name = names[i] if i < len(names) else names[1 + i % 4] + str(i)
    if i == 5:
        name = '<b>"恶意"</b>&\'x\''
    street, comm = ("", "") if i % 7 == 6 else (
        streets[i % 3][0], streets[i % 3][1][(i // 3) % 2])
    for k in range(4):
        w.writerow([eid, name, street, comm, "1", "1", str(101 + k),
                    f"f{k}", f"o-{eid}-{k}", "60"])
    if i < n - 1:
        p["estate_id"] = eid
        p["questions"] = [qa, qb]
        json.dump(p, open(f"{t}/plan-{eid}.json", "w"), ensure_ascii=False)
PY
"$OFFICE" init --db "$DB" >/dev/null || fail "init"
expect 0 "$OFFICE" roster import --db "$DB" "$T/roster.csv"
expect 0 "$OFFICE" plan import --db "$DB" "$T"/plan-*.json
same "street stored" "$(sql "$DB" "SELECT street || '/' || community FROM estate WHERE id = 'CH-00'")" "东城街道/新华社区"
same "no street: NULL" "$(sql "$DB" "SELECT street IS NULL AND community IS NULL FROM estate WHERE id = 'HX-06'")" 1

# The published site below is made from this state: answer-put stores
# answer rows without their signed ledger records, which a publication
# (a Merkle tree of the records it counted) rightly refuses.
cp "$DB" "$T/plain.db" && cp "$DB.key" "$T/plain.db.key" || fail "copy"

# Answers: CH-00 all agree on Q-A (approved), HX-01 one owner (not
# quorate), HX-02 all against (rejected); Q-B answered by some.
"$ANSWER_PUT" "$DB" - <<EOF || fail "answers stored"
a CH-00 Q-A f0 agree 2026-12-02T10:00:00+08:00 hall-1 1
a CH-00 Q-A f1 agree 2026-12-02T10:00:00+08:00 hall-1 2
a CH-00 Q-A f2 agree 2026-12-02T10:00:00+08:00 hall-1 3
a CH-00 Q-A f3 agree 2026-12-02T10:00:00+08:00 hall-1 4
a CH-00 Q-B f0 agree 2026-12-02T10:00:00+08:00 hall-1 5
a HX-01 Q-A f0 agree 2026-12-02T10:00:00+08:00 hall-2 1
a HX-02 Q-A f0 disagree 2026-12-02T10:00:00+08:00 hall-3 1
a HX-02 Q-A f1 disagree 2026-12-02T10:00:00+08:00 hall-3 2
a HX-02 Q-A f2 disagree 2026-12-02T10:00:00+08:00 hall-3 3
a HX-02 Q-B f2 agree 2026-12-02T10:00:00+08:00 hall-3 4
EOF

# The JSON index carries them too.
expect 0 "$OFFICE" page --db "$DB" --at "$AT" /api/estates
same "street and community in /api/estates" "$(json_get "$T/out" '[(e["street"], e["community"]) for e in j["estates"] if e["estate_id"] in ("CH-00", "HX-06")]')" "[('东城街道', '新华社区'), (None, None)]"

# Every row of an estate agrees on its street and community.
sed '3s/东城街道/西城街道/' "$T/roster.csv" >"$T/bad.csv"
sig=$(db_signature "$DB")
expect_error 1 "bad.csv:3: street: '西城街道' differs from '东城街道' on line 2 for estate_id 'CH-00'" \
    "$OFFICE" roster import --db "$DB" "$T/bad.csv"
same "refused roster leaves the database" "$(db_signature "$DB")" "$sig"

expect 0 "$OFFICE" tally --db "$DB" --at "$AT" --json
cp "$T/out" "$T/tally.json"

# Page 1, in English for the figures' words.
expect 0 "$OFFICE" page --db "$DB" --at "$AT" --lang en /
cp "$T/out" "$T/p1.html"
check "no inline style" sh -c "! grep -qi 'style=' '$T/p1.html'"
check "no script" sh -c "! grep -qi '<script' '$T/p1.html'"
same "50 estates on page 1" "$(grep -c '^<li id="e-' "$T/p1.html")" 50
contains "count of all" "$T/p1.html" "<p class=\"count\">Estates: $NEST</p>"
contains "search form" "$T/p1.html" '<form class="search" action="/" method="get"'
contains "next page link" "$T/p1.html" '<a rel="next" href="/\?page=2&amp;lang=en">Next page</a>'
contains "page 1 of 2" "$T/p1.html" 'Page 1 of 2'
check "no previous link on page 1" sh -c "! grep -q 'rel=\"prev\"' '$T/p1.html'"

expect 0 "$OFFICE" page --db "$DB" --at "$AT" --lang en "/?page=2"
cp "$T/out" "$T/p2.html"

# Grouping: streets in pinyin order (B, D, X), each community under its street, each
# estate under its own community; "Other" (no street) last.
python3 - "$T/roster.csv" "$T/p1.html" "$T/p2.html" <<'PY' >"$T/groups" || fail "grouping read"
import csv, re, sys
rows = {r["estate_id"]: r for r in csv.DictReader(open(sys.argv[1]))}
street = comm = None
seen, order = [], []
html = open(sys.argv[2]).read() + open(sys.argv[3]).read()
for m in re.finditer(r'<h2 class="street">([^<]*)</h2>|<h3 class="community">([^<]*)</h3>|<li id="e-([^"]*)"', html):
    if m.group(1) is not None:
        street, comm = m.group(1), None
        if not order or order[-1] != street:
            order.append(street)
    elif m.group(2) is not None:
        comm = m.group(2)
    else:
        r = rows[m.group(3)]
        want = (r["street"] or "Other", r["community"] or None)
        print("ok" if want == (street, comm) else "misplaced %s under %s/%s" % (m.group(3), street, comm))
print("order " + ",".join(order))
PY
check "every estate under its street and community" sh -c "! grep -q misplaced '$T/groups'"
contains "streets sorted, Other last" "$T/groups" "^order 北关街道,东城街道,西城街道,Other$"
same "one heading per street on page 1" "$(grep -c '<h2 class="street">' "$T/p1.html")" 3
same "page 2 goes on under its street" "$(grep -m1 '<h2 class="street">' "$T/p2.html")" '<h2 class="street">西城街道</h2>'
contains "estates without a street under Other" "$T/p2.html" '<h2 class="street">Other</h2>'
check "Other has no community heading" sh -c "! grep -A1 '<h2 class=\"street\">Other</h2>' '$T/p2.html' | grep -q community"

# Each line's figures are the tally JSON's: passed, failed, open and the
# participation of the question with the most eligible owners.
json_get "$T/tally.json" '"\n".join(
    "%s %d passed · %d failed · %d open · taking part: %d of %d owners" % (e,
      sum(q["status"] in ("approved", "adopted") for q in qs),
      sum(q["status"] in ("rejected", "not-quorate", "no-option") for q in qs),
      sum(q["status"] == "open" for q in qs),
      max(qs, key=lambda q: q["bars"]["participation"]["owners"]["base"])["bars"]["participation"]["owners"]["count"],
      max(qs, key=lambda q: q["bars"]["participation"]["owners"]["base"])["bars"]["participation"]["owners"]["base"])
    for e in sorted({q["estate_id"] for q in j["questions"]})
    for qs in [[q for q in j["questions"] if q["estate_id"] == e]])' >"$T/want"
cat "$T/p1.html" "$T/p2.html" | sed -n 's/^<li id="e-\([^"]*\)">.*<span class="n-passed">\([^<]*\)<\/span> · <span class="n-failed">\([^<]*\)<\/span> · <span class="n-open">\([^<]*\)<\/span> · <span class="part">\([^(]*\) (.*/\1 \2 · \3 · \4 · \5/p' |
    sed 's/ *$//' | sort >"$T/got"
same "figures of $((NEST - 1)) estates as the tally's" "$(wc -l <"$T/got")" "$((NEST - 1))"
same "each line as tally --json" "$(cat "$T/got")" "$(sort "$T/want")"
contains "approved counted" "$T/got" "^CH-00 1 passed · 0 failed · 1 open · taking part: 4 of 4 owners$"
contains "not quorate counted as failed" "$T/got" "^HX-01 0 passed · 1 failed · 1 open · taking part: 1 of 4 owners$"
contains "percentage shown" "$T/p1.html" 'taking part: 4 of 4 owners \(100.00%\)'
cat "$T/p1.html" "$T/p2.html" >"$T/both.html"
contains "estate without plan" "$T/both.html" '<small>HX-61</small> <span class="none">no plan yet</span>'
contains "estate linked" "$T/p1.html" '<a href="/e/CH-00\?lang=en">春晖小区</a>'

# Page 2: the rest, a link back, none onward; past the end: the last page.
same "12 estates on page 2" "$(grep -c '^<li id="e-' "$T/p2.html")" $((NEST - 50))
contains "previous page link" "$T/p2.html" '<a rel="prev" href="/\?lang=en">Previous page</a>'
contains "page 2 of 2" "$T/p2.html" 'Page 2 of 2'
check "no next link on the last page" sh -c "! grep -q 'rel=\"next\"' '$T/p2.html'"
contains "language links keep the page" "$T/p2.html" 'href="/\?lang=zh_CN&amp;page=2"'
expect 0 "$OFFICE" page --db "$DB" --at "$AT" --lang en "/?page=99"
contains "past the end: the last page" "$T/out" 'Page 2 of 2'
for bad in 0 -1 abc 1x 99999999999999999999; do
	expect 0 "$OFFICE" page --db "$DB" --at "$AT" --lang en "/?page=$bad"
	contains "page=$bad: page 1" "$T/out" 'Page 1 of 2'
done

# Search: Chinese, pinyin initials (晖 has none: any letter stands for
# it), id; in zh_CN by default; the search is kept by the pager.
hits() {
	"$OFFICE" page --db "$DB" --at "$AT" "$1" | sed -n 's/^<li id="e-\([^"]*\)".*/\1/p' | tr '\n' ' '
}
same "search 春晖" "$(hits '/?q=%E6%98%A5%E6%99%96')" "CH-00 "
same "search in traditional characters 春暉" "$(hits '/?q=%E6%98%A5%E6%9A%89')" "CH-00 "
same "search chxq" "$(hits '/?q=chxq')" "CH-00 "
same "search CH finds 春晖小区" "$(hits '/?q=CH' | grep -o 'CH-00')" CH-00
same "search by initials hyxq" "$(hits '/?q=hyxq' | grep -o 'HX-01 ')" "HX-01 "
check "hyxq finds no 春晖小区" sh -c "! echo '$(hits '/?q=hyxq')' | grep -q CH-00"
same "search by id" "$(hits '/?q=hx-02')" "HX-02 "
same "search by street" "$(hits '/?q=%E5%8C%97%E5%85%B3' | tr ' ' '\n' | grep -c .)" "$(grep -c '北关街道' "$T/roster.csv" | awk '{print $1 / 4}')"
same "search with no hit" "$(hits '/?q=zzzzqqq')" ""
expect 0 "$OFFICE" page --db "$DB" --at "$AT" --lang en '/?q=zzzzqqq'
contains "no hit said" "$T/out" 'No estate matches.'
contains "no hit count" "$T/out" 'Estates matching &quot;zzzzqqq&quot;: 0'
expect 0 "$OFFICE" page --db "$DB" --at "$AT" '/?q=xq'
contains "search kept in the box" "$T/out" 'name="q" type="search" maxlength="64" value="xq"'
contains "search kept by the language links" "$T/out" 'href="/\?lang=en&amp;q=xq"'
n=$(sed -n 's/^<li id="e-.*/x/p' "$T/out" | wc -l)
[ "$n" -gt 0 ] || fail "xq finds some estates"

# A hostile name and a hostile search are escaped.
expect 0 "$OFFICE" page --db "$DB" --at "$AT" '/?q=%3Cb%3E%22'
cp "$T/out" "$T/h.html"
contains "hostile name escaped" "$T/h.html" '&lt;b&gt;&quot;恶意&quot;&lt;/b&gt;&amp;&#39;x&#39;'
check "no raw <b>" sh -c "! grep -q '<b>' '$T/h.html'"
contains "hostile search escaped in the box" "$T/h.html" 'value="&lt;b&gt;&quot;"'
contains "hostile search found its estate" "$T/h.html" '<li id="e-HX-05">'
contains "hostile search escaped in links" "$T/h.html" 'q=%3Cb%3E%22'

# The published site: index.html and index-2.html in each language,
# linked to each other; no search form (no server behind it).
expect 0 "$OFFICE" publish --db "$T/plain.db" --at "$AT" --out "$T/site" --base-url https://office.example
for f in index.html index.zh_TW.html index.en.html index-2.html index-2.zh_TW.html index-2.en.html; do
	check "published $f" test -s "$T/site/$f"
done
check "no third page" test ! -e "$T/site/index-3.html"
contains "static next link" "$T/site/index.en.html" '<a rel="next" href="index-2.en.html">'
contains "static previous link" "$T/site/index-2.html" '<a rel="prev" href="index.html">'
contains "static switcher keeps the page" "$T/site/index-2.html" 'href="index-2.en.html"'
contains "static estate link" "$T/site/index-2.html" 'href="e/HX-'
check "no search form on the static site" sh -c "! grep -q 'form class=\"search\"' '$T/site/index.html'"
same "static pages hold every estate once" "$(cat "$T"/site/index.html "$T"/site/index-2.html | grep -c '^<li id="e-')" "$NEST"

# A city: / for 1,000 estates of 4 flats, each with the plan of two
# questions, stays under INDEX_BYTES_PER_ESTATE bytes per estate listed
# plus INDEX_BYTES_FIXED (docs/performance.md), in every language.
INDEX_BYTES_PER_ESTATE=600
INDEX_BYTES_FIXED=6000
python3 - "$T" "$T/plan-CH-00.json" <<'PY' || fail "city generated"
import csv, json, sys
t, plan = sys.argv[1], json.load(open(sys.argv[2]))
w = csv.writer(open(f"{t}/city.csv", "w", newline=""))
w.writerow(["estate_id", "estate_name", "street", "community", "building",
            "entrance", "room", "flat_id", "owner_id", "area_m2"])
plans = []
for i in range(1000):
    eid = "C-%04d" % i
    for k in range(4):
        w.writerow([eid, "春晖家园%d期小区" % i, "第%d街道" % (i // 100), "第%d社区" % (i // 20),
                    "1", "1", str(101 + k), f"f{k}", f"o-{k}", "60"])
    plan["estate_id"] = eid
    json.dump(plan, open(f"{t}/city-plan-{eid}.json", "w"), ensure_ascii=False)
PY
"$OFFICE" init --db "$T/city.db" >/dev/null || fail "city init"
expect 0 "$OFFICE" roster import --db "$T/city.db" "$T/city.csv"
expect 0 "$OFFICE" plan import --db "$T/city.db" "$T"/city-plan-*.json
rm -f "$T"/city-plan-*.json
for l in zh_CN zh_TW en; do
	expect 0 "$OFFICE" page --db "$T/city.db" --at "$AT" --lang $l /
	size=$(wc -c <"$T/out")
	echo "/ for 1,000 estates in $l: $size bytes"
	same "50 of 1,000 listed ($l)" "$(grep -c '^<li id="e-' "$T/out")" 50
	contains "next of 20 pages ($l)" "$T/out" "rel=\"next\" href=\"/\\?page=2&amp;lang=$l\""
	check "/ in $l: $size bytes <= $INDEX_BYTES_FIXED + 50 x $INDEX_BYTES_PER_ESTATE" \
	    test "$size" -le $((INDEX_BYTES_FIXED + 50 * INDEX_BYTES_PER_ESTATE))
done
expect 0 "$OFFICE" page --db "$T/city.db" --at "$AT" --lang en "/?page=20"
contains "last page of the city" "$T/out" 'Page 20 of 20'
contains "last estate on it" "$T/out" '<li id="e-C-0999">'

test_done
