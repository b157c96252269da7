#!/bin/sh
# publish and the objection period: the static site with its QR codes,
# notices and evaluation report; a preliminary publication opening a
# 7-day objection period; objections only while it runs; --final refused
# while a question is open, the period runs or an objection is unresolved, then the final notice
# listing each objection and its resolution.  Publishing again at the
# same instant changes nothing; a failing disk or rename leaves DIR and
# the database exactly as they were (libfiu's fiu-run).
. "$top_srcdir/tests/cli/lib.sh"

DB="$T/office.db"
SITE="$T/site"
BASE=https://office.example:8443
demo_office "$DB" || fail "demo office"
AT=2027-07-01T00:00:00+08:00

# tree DIR: a digest of every file's name and content.
tree() {
	(cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum) | sha256sum | cut -d' ' -f1
}
pubs() {
	sql "$DB" "SELECT count(*) FROM publication"
}

# Refusals before anything is written.
expect_error 2 "--base-url: 'ftp://x' is not an http or https URL" "$OFFICE" publish --db "$DB" --out "$SITE" --base-url ftp://x
expect_error 2 "--objection-days: '0'" "$OFFICE" publish --db "$DB" --out "$SITE" --base-url "$BASE" --objection-days 0
expect_error 2 "--out" "$OFFICE" publish --db "$DB" --base-url "$BASE"
# A final notice speaks of results: refused while voting is open (the
# demo's questions close 2027-06-30 18:00).
expect_error 1 "--final: estate LC-XNY-01: question Q-BASIC is open until 2027-06-30T18:00" "$OFFICE" publish --db "$DB" --out "$SITE" --base-url "$BASE" --final --at 2026-12-29T00:00:00+08:00
expect_error 1 "no preliminary publication" "$OFFICE" publish --db "$DB" --out "$SITE" --base-url "$BASE" --final --at "$AT"
mkdir "$T/home" && echo keep >"$T/home/notes.txt"
expect_error 1 "holds files that publish did not write" "$OFFICE" publish --db "$DB" --out "$T/home" --base-url "$BASE"
same "someone's directory untouched" "$(cat "$T/home/notes.txt")" keep
expect_error 1 "no preliminary result published" "$OFFICE" objection add --db "$DB" --estate LC-XNY-02 --from 张三 --text 有误 --at "$AT"
same "refusals publish nothing" "$(pubs)" 0
check "no site yet" test ! -e "$SITE"

# A failing disk while the very first site is written: no DIR at all.
if command -v fiu-run >/dev/null 2>&1; then :; else fail "fiu-run not found (Debian package fiu-utils)"; fi
ASAN_LIB=$(ldd "$OFFICE" 2>/dev/null | sed -n 's/^[[:space:]]*libasan[^ ]* => \([^ ]*\) .*/\1/p')
if [ -n "$ASAN_LIB" ]; then
	FIU_LIBS=$(sed -n 's/^PLIBPATH="\(.*\)"$/\1/p' "$(command -v fiu-run)")
	echo "leak:$FIU_LIBS/" >"$T/lsan.supp"
	LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$T/lsan.supp:print_suppressions=0"
	export LSAN_OPTIONS
fi
# faulty FAULT COMMAND...: run under fiu with FAULT enabled (see faults.sh).
faulty() {
	f_fault=$1
	shift
	if [ -n "$ASAN_LIB" ]; then
		FIU_ENABLE=$f_fault FIU_CTRL_FIFO='' LD_PRELOAD="$ASAN_LIB $FIU_LIBS/fiu_run_preload.so $FIU_LIBS/fiu_posix_preload.so" "$@"
	else
		fiu-run -x -f '' -c "$f_fault" "$@"
	fi
}
sig=$(db_signature "$DB")
expect 3 faulty 'enable name=posix/io/rw/write,failinfo=28' "$OFFICE" publish --db "$DB" --out "$SITE" --base-url "$BASE" --at "$AT"
check "failed first publish: no DIR" test ! -e "$SITE"
same "failed first publish: database unchanged" "$(db_signature "$DB")" "$sig"
same "failed first publish: no debris" "$(ls -A "$T" | grep -c '^\.publish')" 0

# Who issues the notices and where to object: refused when blank or too
# long, one transaction, printed back.
sig=$(db_signature "$DB")
expect_error 2 "--phone: empty" "$OFFICE" office info --db "$DB" --name 城关街道办事处 --phone '  '
expect_error 2 "--address: longer than 200 bytes" "$OFFICE" office info --db "$DB" --address "$(printf '%0300d' 0)"
same "refused office info changes nothing" "$(db_signature "$DB")" "$sig"
expect 0 "$OFFICE" office info --db "$DB" --name 城关街道办事处 --address '城关镇人民路 12 号' \
    --phone 0379-6321-0000 --objection-place '东风印刷厂家属院业委会办公室' --objection-hours '工作日 9:00-17:00'
expect 0 "$OFFICE" office info --db "$DB"
contains "office info printed" "$T/out" '^phone: 0379-6321-0000$'

# While voting is open, publish posts an interim notice: the closing
# date, no objection period, no publication recorded, no objection taken.
expect 0 "$OFFICE" publish --db "$DB" --out "$SITE" --base-url "$BASE" --at 2026-12-21T00:00:00+08:00
contains "interim: nothing recorded" "$T/out" '\(0 publications recorded\)'
same "interim: no publication row" "$(pubs)" 0
N="$SITE/notice/LC-XNY-02.html"
contains "interim notice" "$N" '表决情况中期公示'
contains "interim: closing date" "$N" '表决截至 2027-06-30 18:00'
contains "interim number" "$N" '〔2026〕LC-XNY-02 中期 1221'
check "interim: no objection period" sh -c "! grep -q '询异期' '$N'"
expect_error 1 "no preliminary result published" "$OFFICE" objection add --db "$DB" --estate LC-XNY-02 --from 张三 --text 有误 --at 2026-12-22T00:00:00+08:00

# The preliminary publication, after the close.
expect 0 "$OFFICE" publish --db "$DB" --out "$SITE" --base-url "$BASE/" --at "$AT"
contains "summary" "$T/out" "published 3 estates to $SITE \\(3 publications recorded\\)"
same "one preliminary row per estate" "$(sql "$DB" "SELECT count(*) FROM publication WHERE kind = 'preliminary' AND objections_until - published_at = 7 * 86400000")" 3
for f in index.html index.zh_TW.html index.en.html style.css report/report.html report/report.csv; do
	check "$f written" test -s "$SITE/$f"
done
for e in LC-XNY-01 LC-XNY-02 LC-XNY-03; do
	for f in e/$e/index.html e/$e/index.zh_TW.html e/$e/index.en.html qr/$e.svg notice/$e.html; do
		check "$f written" test -s "$SITE/$f"
	done
done
same "files world-readable" "$(stat -c %a "$SITE/e/LC-XNY-02/index.html")" 644
contains "static links are relative" "$SITE/index.html" 'href="e/LC-XNY-02/index.html"'
contains "static stylesheet is relative" "$SITE/e/LC-XNY-02/index.html" 'href="../../style.css"'
contains "static switcher" "$SITE/e/LC-XNY-02/index.html" 'href="index.en.html"'
contains "English file is English" "$SITE/e/LC-XNY-02/index.en.html" '<html lang="en">'
contains "English file has English strings" "$SITE/e/LC-XNY-02/index.en.html" 'Participation by owners'
contains "zh_TW file has Traditional strings" "$SITE/e/LC-XNY-02/index.zh_TW.html" '參與表決（按業主人數）'
contains "zh_CN file has Simplified strings" "$SITE/e/LC-XNY-02/index.html" '参与表决（按业主人数）'
contains "publication shown on the page" "$SITE/e/LC-XNY-02/index.en.html" 'Preliminary result published <span class="nw">2027-07-01 00:00</span>; objections until <span class="nw">2027-07-08 00:00</span>'
N="$SITE/notice/LC-XNY-02.html"
contains "notice is A4" "$N" '@page \{ size: A4'
contains "notice title" "$N" '东风印刷厂家属院'
contains "notice rule" "$N" '三分之二'
contains "notice objection period" "$N" '询异期：2027-07-01 00:00 至 2027-07-08 00:00'
contains "notice QR inline" "$N" '<svg xmlns'
contains "notice URL" "$N" "$BASE/e/LC-XNY-02<"
contains "notice issuer" "$N" '<p class="issuer">城关街道办事处</p>'
contains "notice number" "$N" "〔2027〕LC-XNY-02 第 $(sql "$DB" "SELECT id FROM publication WHERE estate_id = 'LC-XNY-02'") 号"
contains "notice: where to object" "$N" '东风印刷厂家属院业委会办公室 · 工作日 9:00-17:00 · 电话 0379-6321-0000 · 地址 城关镇人民路 12 号'
contains "notice: seal" "$N" '（盖章）'
contains "notice: signature" "$N" '负责人（签字）：'
contains "notice: threshold marks" "$N" '✔ 达到门槛'
contains "notice: paper ballots" "$N" '纸质表决票 0 张'
contains "notice: the option named" "$N" '<td class="n">[^<]*物业[^<]*<br>'
contains "notice: results notice" "$N" '征询结果公示（询异期）'
check "notice: no interim words" sh -c "! grep -q '中期公示' '$N'"
same "notice lists every question" "$(grep -c '<tr><td>' "$N")" "$(sql "$DB" "SELECT json_array_length(source, '\$.questions') FROM plan WHERE estate_id = 'LC-XNY-02'")"

# Again at the same instant: nothing new, the same files, and none
# written again (each is a hard link to the file it replaces).
t1=$(tree "$SITE")
ino=$(stat -c %i "$SITE/index.html")
expect 0 "$OFFICE" publish --db "$DB" --out "$SITE" --base-url "$BASE" --at "$AT"
same "idempotent: no new rows" "$(pubs)" 3
same "idempotent: same files" "$(tree "$SITE")" "$t1"
same "idempotent: a page is not written again" "$(stat -c %i "$SITE/index.html")" "$ino"

# A failing disk while building the new site (a full disk; a write-back
# error reported at close): DIR and database exactly as they were.  The
# site is made durable by one syncfs(2), which libfiu cannot fail; it
# calls no fsync or rename before the swap.
sig=$(db_signature "$DB")
for fault in 'enable name=posix/io/rw/write,failinfo=28' 'enable name=posix/io/oc/close,failinfo=5'; do
	expect 3 faulty "$fault" "$OFFICE" publish --db "$DB" --out "$SITE" --base-url "$BASE" --at 2027-07-02T00:00:00+08:00
	same "$fault: one line" "$(wc -l <"$T/err")" 1
	same "$fault: DIR unchanged" "$(tree "$SITE")" "$t1"
	same "$fault: database unchanged" "$(db_signature "$DB")" "$sig"
	same "$fault: no debris" "$(ls -A "$T" | grep -c '^\.publish')" 0
done

# Objections: only while the period runs, for a real estate.
expect 0 "$OFFICE" objection add --db "$DB" --estate LC-XNY-02 --from 张三 --text '3号楼面积登记有误 <b>请核实</b>' --at 2027-07-02T09:00:00+08:00
same "objection number" "$(cat "$T/out")" 1
expect_error 1 "objection period ended at 2027-07-08" "$OFFICE" objection add --db "$DB" --estate LC-XNY-02 --from 李四 --text 晚了 --at 2027-07-09T00:00:00+08:00
expect_error 1 "NOPE" "$OFFICE" objection add --db "$DB" --estate NOPE --from 李四 --text x --at 2027-07-02T00:00:00+08:00
expect_error 2 "--text: empty" "$OFFICE" objection add --db "$DB" --estate LC-XNY-02 --from 李四 --text '  ' --at 2027-07-02T00:00:00+08:00
expect_error 2 "--from" "$OFFICE" objection add --db "$DB" --estate LC-XNY-02 --text x
same "refused objections store nothing" "$(sql "$DB" "SELECT count(*) FROM objection")" 1

# --final: refused while the period runs, then while objection 1 is open.
sig=$(db_signature "$DB")
t1=$(tree "$SITE")
expect_error 1 "objection period runs until 2027-07-08" "$OFFICE" publish --db "$DB" --out "$SITE" --base-url "$BASE" --final --at 2027-07-05T00:00:00+08:00
expect_error 1 "LC-XNY-02: objection 1 is not resolved" "$OFFICE" publish --db "$DB" --out "$SITE" --base-url "$BASE" --final --at 2027-07-09T00:00:00+08:00
same "refused final: site unchanged" "$(tree "$SITE")" "$t1"
same "refused final: database unchanged" "$(db_signature "$DB")" "$sig"
expect_error 1 "objection 9 does not exist" "$OFFICE" objection resolve --db "$DB" --id 9 --resolution x
expect_error 2 "--id: 'x'" "$OFFICE" objection resolve --db "$DB" --id x --resolution x
expect 0 "$OFFICE" objection resolve --db "$DB" --id 1 --resolution '经核实登记面积无误 & 已答复' --at 2027-07-07T10:00:00+08:00
expect_error 1 "already resolved" "$OFFICE" objection resolve --db "$DB" --id 1 --resolution again

# A file of the current site that is a symbolic link (to the same bytes)
# is written afresh, never linked: the new site holds only regular files.
cp "$SITE/style.css" "$T/style.css"
rm "$SITE/style.css"
ln -s "$T/style.css" "$SITE/style.css"
expect 0 "$OFFICE" publish --db "$DB" --out "$SITE" --base-url "$BASE" --final --at 2027-07-09T00:00:00+08:00
check "symbolic link: not carried" test ! -L "$SITE/style.css"
check "symbolic link: the same bytes" cmp -s "$SITE/style.css" "$T/style.css"
same "final rows" "$(sql "$DB" "SELECT count(*) FROM publication WHERE kind = 'final' AND objections_until IS NULL")" 3
N="$SITE/notice/LC-XNY-02.html"
contains "final notice" "$N" '最终公示|final notice'
contains "objection listed, escaped" "$N" '3号楼面积登记有误 &lt;b&gt;请核实&lt;/b&gt;'
contains "resolution listed, escaped" "$N" '经核实登记面积无误 &amp; 已答复'
check "objector's name not on the notice" sh -c "! grep -q 张三 '$N'"
contains "no objection in another estate" "$SITE/notice/LC-XNY-01.html" '公示期内未收到异议|No objection was raised'
expect_error 1 "final notice is published" "$OFFICE" objection add --db "$DB" --estate LC-XNY-02 --from 李四 --text x --at 2027-07-09T01:00:00+08:00
# After the final notice, publishing again refreshes the pages and adds no row.
expect 0 "$OFFICE" publish --db "$DB" --out "$SITE" --base-url "$BASE" --at 2027-07-10T00:00:00+08:00
same "final notice stands" "$(pubs)" 6

# The evaluation report: one CSV row per estate with the consultation,
# participation, pledge, publication and objection figures.
R="$SITE/report/report.csv"
same "CSV rows" "$(python3 -c 'import csv,sys; print(len(list(csv.DictReader(open(sys.argv[1])))))' "$R")" 3
row() {
	python3 -c 'import csv,sys; r=[r for r in csv.DictReader(open(sys.argv[1])) if r["estate_id"]==sys.argv[2]][0]; print(eval(sys.argv[3]))' "$R" "$1" "$2"
}
same "CSV estate" "$(row LC-XNY-02 'r["estate_name"], r["flats"], r["questions"]')" "('东风印刷厂家属院', '60', '11')"
same "CSV publications" "$(row LC-XNY-02 'r["preliminary_published"], r["objections_until"], r["final_published"]')" "('2027-07-01T00:00:00+08:00', '2027-07-08T00:00:00+08:00', '2027-07-09T00:00:00+08:00')"
same "CSV objections" "$(row LC-XNY-02 'r["objections"], r["objections_resolved"]')" "('1', '1')"
same "CSV no answers yet" "$(row LC-XNY-01 'r["answers"], r["first_answer"], r["owner_participation_pct"]')" "('0', '', '0.00')"
same "CSV pledge" "$(row LC-XNY-01 'r["pledge_id"], r["pledge_met"]')" "('P-WILL', 'no')"
contains "HTML report" "$SITE/report/report.html" '考评|Evaluation report'
contains "HTML report lists estates" "$SITE/report/report.html" '金桂小区'

test_done
