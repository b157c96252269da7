#!/bin/sh
# Street offices push to the city's PostgreSQL and the city tallies
# (docs/federation.md): a real PostgreSQL server in a temporary folder on
# a Unix socket; two offices with different estates, votes cast at their
# kiosks and a paper ballot, push as their own roles; the city's tally
# equals the union of the offices' own tallies field by field; a second
# push and a cut-and-resume add nothing; the district report is the
# offices' reports joined; office A cannot write office B's rows; the
# city's results pages, served from a streaming replica, show both
# offices' estates as the offices' own pages do (in Chromium too), and
# follow a new push; a record changed by hand in PostgreSQL is named, by
# city tally and by the city's server, which goes on showing what it
# checked last.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/pg-lib.sh"
. "$top_srcdir/tests/cli/serve-lib.sh"
need python3 psql curl node chromium

if ! pg_find; then
	echo "SKIP: $TEST_NAME needs PostgreSQL's initdb and pg_ctl (setup.sh installs postgresql)"
	exit 77
fi
if "$OFFICE" city tally --pg 'host=/nonexistent' 2>&1 | grep -q 'without PostgreSQL'; then
	echo "SKIP: $TEST_NAME: renovote-office was built without PostgreSQL"
	exit 77
fi
SERVER_PID=
trap 'kill "$SERVER_PID" 2>/dev/null; pg_stop; rm -rf "$T"' EXIT
if ! pg_start; then
	fail "PostgreSQL did not start: $(tail -3 "$PG/initdb.log" "$PG/log" 2>/dev/null)"
	test_done
	exit 1
fi
SU="host=$PG dbname=renovote user=postgres"
CITY="host=$PG dbname=renovote user=city"
PGA="host=$PG dbname=renovote user=office_a"
PGB="host=$PG dbname=renovote user=office_b"
# psql_as CONNINFO SQL: one statement's rows, unaligned.
psql_as() {
	psql -X -q -A -t -v ON_ERROR_STOP=1 "$1" -c "$2"
}

# --- the city ---------------------------------------------------------
expect 0 "$OFFICE" city init --pg "$SU" --schema "$top_srcdir/server-sync/federation.sql"
psql_as "$SU" "CREATE ROLE office_a LOGIN; CREATE ROLE office_b LOGIN;
    CREATE ROLE city LOGIN IN ROLE renovote_city" || fail "roles"
expect_error 3 "PostgreSQL: .*already exists" "$OFFICE" city init --pg "$SU" --schema "$top_srcdir/server-sync/federation.sql"

# --- two offices ------------------------------------------------------
# Office A holds LC-XNY-02; office B the same flats as estate LC-XNY-22.
# Each has a kiosk named hall-1: device names are the office's own.
# Building 1 only, so that issuing codes (scrypt) stays short.
live_plan "$T/live.json" || fail "live plan"
python3 - "$T/live.json" "$T/plan.json" <<'PY' || fail "building 1 plan"
import json, sys
p = json.load(open(sys.argv[1]))
del p["map"]
p["questions"] = [q for q in p["questions"]
                  if q.get("scope", {}).get("building", "1") == "1"]
used = {i for q in p["questions"] for i in q.get("items", [])}
p["items"] = [i for i in p["items"] if i["id"] in used or i["class"] == "basic"]
open(sys.argv[2], "w").write(json.dumps(p, ensure_ascii=False))
PY
sed 's/"LC-XNY-02"/"LC-XNY-22"/' "$T/plan.json" >"$T/plan-b.json"
awk -F, 'NR == 1 || ($1 == "LC-XNY-02" && $3 == "1")' "$ASSETS/demo-roster.csv" >"$T/roster-a.csv"
sed 's/^LC-XNY-02,/LC-XNY-22,/' "$T/roster-a.csv" >"$T/roster-b.csv"
# office X ESTATE: office X's database, codes and package in $T/X/.
office() {
	mkdir -p "$T/$1" &&
	"$OFFICE" init --db "$T/$1/office.db" >/dev/null &&
	"$OFFICE" roster import --db "$T/$1/office.db" "$T/roster-$1.csv" >/dev/null &&
	"$OFFICE" plan import --db "$T/$1/office.db" "$3" >/dev/null &&
	"$OFFICE" codes issue --db "$T/$1/office.db" --estate "$2" --out "$T/$1/codes.csv" >/dev/null &&
	"$OFFICE" package --db "$T/$1/office.db" --estate "$2" --out "$T/$1/p1.pkg" >/dev/null &&
	new_kiosk "$T/$1/k1.db" hall-1 "$T/$1/office.db" "$T/$1/p1.pkg" &&
	sql "$T/$1/office.db" "SELECT value FROM meta WHERE key = 'pubkey'" >"$T/$1/office.pem"
}
office a LC-XNY-02 "$T/plan.json" || fail "office a"
office b LC-XNY-22 "$T/plan-b.json" || fail "office b"
# vote X ESTATE FLAT QUESTION CHOICE: an answer at office X's kiosk.
vote() {
	v_code=$(grep "^$2,$3," "$T/$1/codes.csv" | cut -d, -f3)
	"$KIOSK" cast --db "$T/$1/k1.db" --flat "$3" --code-file "$(code_file "$v_code")" \
	    --question "$4" --choice "$5" >"$T/$1/cast.out" || fail "vote $*"
}
vote a LC-XNY-02 1-1-101 Q-BASIC agree
vote a LC-XNY-02 1-1-102 Q-BASIC agree
vote a LC-XNY-02 1-1-201 Q-BASIC disagree
vote a LC-XNY-02 1-1-202 Q-BASIC agree
vote b LC-XNY-22 1-1-101 Q-BASIC disagree
vote b LC-XNY-22 1-1-301 Q-BASIC agree
receipt_a=$(cut -d" " -f1 "$T/a/cast.out")
receipt_b=$(cut -d" " -f1 "$T/b/cast.out")
for o in a b; do
	"$KIOSK" export --db "$T/$o/k1.db" --out "$T/$o/usb" >/dev/null &&
	"$OFFICE" ingest --db "$T/$o/office.db" "$T/$o/usb" >/dev/null || fail "ingest $o"
done
# A paper ballot on office B's own chain.
printf 'estate_id,flat_id,question_id,choice,cast_at,form_ref\nLC-XNY-22,1-1-102,Q-BASIC,agree,%s,F-0001\n' \
    "$(iso_at '-1 hour')" >"$T/ballots.csv"
expect 0 "$OFFICE" ballots import --db "$T/b/office.db" --clerk 王芳 "$T/ballots.csv"

expect_error 1 "role 'office_a' is not enrolled as an office" "$OFFICE" federate --db "$T/a/office.db" --pg "$PGA"
expect_error 1 "no street office is enrolled in PostgreSQL yet" "$OFFICE" city serve --pg "$CITY" --listen 127.0.0.1:1 --cert "$CA/server.pem" --key "$CA/server.key"
expect 0 "$OFFICE" city enrol-office --pg "$SU" --office a --role office_a --pubkey "$T/a/office.pem"
expect 0 "$OFFICE" city enrol-office --pg "$SU" --office b --role office_b --pubkey "$T/b/office.pem"
expect_error 1 "office 'a' is enrolled in PostgreSQL with another public key" "$OFFICE" federate --db "$T/b/office.db" --pg "$PGA"

# --- pushes: a cut, a resume, a second push ---------------------------
# Office A's kiosk chain: a package record and four answers.  A push cut
# after three records (a batch of two, then one) leaves whole batches and no head:
# the city reads a signed prefix only.
expect 0 "$OFFICE" federate --db "$T/a/office.db" --pg "$PGA" --batch 2 --limit 3
contains "cut push" "$T/out" "Stopped at --limit"
same "whole batches only" "$(psql_as "$SU" "SELECT count(*) FROM record WHERE office = 'a'")" 3
same "no head before the last batch" "$(psql_as "$SU" "SELECT count(*) FROM head WHERE office = 'a'")" 0
expect 0 "$OFFICE" federate --db "$T/a/office.db" --pg "$PGA" --batch 2
contains "resumed" "$T/out" "2 records of 1 devices"
expect 0 "$OFFICE" federate --db "$T/a/office.db" --pg "$PGA"
contains "second push adds nothing" "$T/out" "0 records of 0 devices, 0 tables rewritten"
expect 0 "$OFFICE" federate --db "$T/b/office.db" --pg "$PGB"
contains "office b: kiosk and own chain" "$T/out" "4 records of 2 devices"
same "records in PostgreSQL" "$(psql_as "$SU" "SELECT office || ':' || count(*) FROM record GROUP BY office ORDER BY office" | tr '\n' ' ')" "a:5 b:4 "
# The office's tables arrive value for value, NULLs as NULLs (they go as
# binary arrays, a column each).
for cols in "estate:id,name,roster_at,name_zh_TW,name_en,street,community" \
    "flat:estate_id,flat_id,building,entrance,room,owner_id,owner_name,area_source,area" \
    "device:name,pubkey,enrolled_at,revoked_at,voided,last_sync_at"; do
	tbl=${cols%%:*} cols=${cols#*:}
	sqlite3 -nullvalue '<NULL>' "$T/a/office.db" "SELECT $cols FROM $tbl ORDER BY 1, 2" >"$T/tbl.office"
	psql -X -q -A -t -P null='<NULL>' -v ON_ERROR_STOP=1 "$SU" -c "SELECT $cols FROM $tbl WHERE office = 'a' ORDER BY 1, 2" >"$T/tbl.city" ||
	    fail "read $tbl from PostgreSQL"
	same "office a's $tbl in PostgreSQL" "$(cmp "$T/tbl.office" "$T/tbl.city" && wc -l <"$T/tbl.city")" "$(wc -l <"$T/tbl.office")"
	[ "$tbl" != device ] || grep -q '<NULL>' "$T/tbl.city" || fail "no NULL in device: the test checks nothing"
done

# --- the city's tally is the union of the offices' --------------------
AT=$(iso_at '+1 minute')
"$OFFICE" tally --db "$T/a/office.db" --at "$AT" --json >"$T/a.json" || fail "tally a"
"$OFFICE" tally --db "$T/b/office.db" --at "$AT" --json >"$T/b.json" || fail "tally b"
expect 0 "$OFFICE" city tally --pg "$CITY" --at "$AT" --json
cp "$T/out" "$T/city.json"
check "city tally = office a + office b, field by field" python3 -c '
import json, sys
a, b, c = (json.load(open(f)) for f in sys.argv[1:4])
assert c["at"] == a["at"] == b["at"], "at"
for k in ("questions", "pledges", "flags"):
    assert c[k] == a[k] + b[k], k
assert len(c["questions"]) > 0
' "$T/a.json" "$T/b.json" "$T/city.json"
q='[q for q in j["questions"] if q["question_id"]=="Q-BASIC"]'
same "both estates' votes counted" "$(json_get "$T/city.json" "[(x['estate_id'], x['choices']['agree']['owners'], x['choices']['disagree']['owners']) for x in $q]")" \
    "[('LC-XNY-02', 3, 1), ('LC-XNY-22', 2, 1)]"
expect 0 "$OFFICE" city tally --pg "$CITY" --at "$AT" --json --estate LC-XNY-22
"$OFFICE" tally --db "$T/b/office.db" --at "$AT" --json --estate LC-XNY-22 >"$T/b22.json"
check "one estate" cmp -s "$T/out" "$T/b22.json"
expect_error 1 "--estate: 0 offices have pushed estate 'NOPE'" "$OFFICE" city tally --pg "$CITY" --estate NOPE
# The district's evaluation report across offices: each office's rows
# as publish writes them for that office alone.
expect 0 "$OFFICE" city report --pg "$CITY" --at "$AT" --out "$T/report"
contains "report summary" "$T/out" "2 estates of 2 offices"
"$OFFICE" publish --db "$T/b/office.db" --out "$T/b/site" --base-url https://x.example \
    --at "$AT" >/dev/null || fail "publish b"
check "city report: office b's row as its own report has it" python3 -c '
import csv, sys
rows = lambda f: list(csv.reader(open(f, encoding="utf-8")))
b, c = (rows(f) for f in sys.argv[1:3])
assert len(c) == 3 and c[0] == b[0] and c[2] == b[1], (b, c)
assert c[1][c[0].index("estate_id")] == "LC-XNY-02"
' "$T/b/site/report/report.csv" "$T/report/report.csv"

# --- each office writes only its own rows -----------------------------
same "office a sees only its rows" "$(psql_as "$PGA" "SELECT DISTINCT office FROM record")" a
psql_as "$PGA" "INSERT INTO record (office, device, seq, hash, body) VALUES ('b', 'hall-9', 1, '\\x00', '\\x00')" \
    >/dev/null 2>"$T/rls" && fail "office a wrote office b's record"
contains "row-level security refuses" "$T/rls" "row-level security"
psql_as "$PGA" "UPDATE record SET body = body WHERE office = 'a'" >/dev/null 2>"$T/rls" &&
    fail "office a changed a record"
contains "records are never changed" "$T/rls" "permission denied"
psql_as "$PGA" "DELETE FROM estate WHERE office = 'b'" >/dev/null 2>&1
same "office b's estate still there" "$(psql_as "$SU" "SELECT count(*) FROM estate WHERE office = 'b'")" 1

# --- the city's pages, from a read replica ----------------------------
# Office b's publication (made for the report above) goes with its next
# push: the city's receipt pages show a record's path to the root.
expect 0 "$OFFICE" federate --db "$T/b/office.db" --pg "$PGB"
contains "the publication's tree and leaves pushed" "$T/out" "0 records of 0 devices, 2 tables rewritten"
same "its leaves in PostgreSQL" "$(psql_as "$SU" "SELECT count(*) FROM publication_leaf WHERE office = 'b'") $(psql_as "$SU" "SELECT count(*) FROM publication_tree WHERE office = 'b'")" "3 1"
pg_replica || fail "replica: $(tail -3 "$PG/log" "$PG/replica.log" 2>/dev/null)"
REPLICA="host=$PG port=5433 dbname=renovote user=city"
# caught_up: the replica holds every record the primary holds.
caught_up() {
	[ "$(psql_as "$SU" "SELECT count(*) || '/' || coalesce(max(seq), 0) FROM record")" = \
	    "$(psql_as "host=$PG port=5433 dbname=renovote user=postgres" "SELECT count(*) || '/' || coalesce(max(seq), 0) FROM record" 2>/dev/null)" ]
}
wait_for "the replica to catch up" caught_up
same "the replica refuses writes" "$(psql_as "host=$PG port=5433 dbname=renovote user=postgres" "DELETE FROM record" 2>&1 | grep -c 'read-only transaction')" 1
expect_error 2 "--refresh: '0' is not a number from 1 to 86400" "$OFFICE" city serve --pg "$REPLICA" --listen 127.0.0.1:1 --cert "$CA/server.pem" --key "$CA/server.key" --refresh 0
expect_error 2 "city serve: unknown option '--sync-fail-rate'" "$OFFICE" city serve --pg "$REPLICA" --listen 127.0.0.1:1 --cert "$CA/server.pem" --key "$CA/server.key" --sync-fail-rate 5
# Its checks' stores go in a folder of its own under $TMPDIR.  There, a
# folder a killed server left (its lock free) is swept away at start; a
# running server's (its lock held) stays.
need flock
mkdir -p "$T/cs/renovote-city-serve.dead1/check.x" "$T/cs/renovote-city-serve.live1" || fail "folders"
: >"$T/cs/renovote-city-serve.dead1/lock"
: >"$T/cs/renovote-city-serve.dead1/check.x/office.db"
: >"$T/cs/renovote-city-serve.live1/lock"
flock "$T/cs/renovote-city-serve.live1/lock" sleep 60 &
LOCK_PID=$!
wait_for "the other server's lock" sh -c "! flock -n '$T/cs/renovote-city-serve.live1/lock' true"
saved_tmpdir=${TMPDIR:-/tmp}
TMPDIR=$T/cs
export TMPDIR
start_server city serve --pg "$REPLICA" --refresh 1 --check-timeout 8
TMPDIR=$saved_tmpdir
same "a killed server's folder swept, a running one's kept" "$(ls "$T/cs" | grep -v '^renovote-city-serve\.......$' | tr '\n' ' ')" "renovote-city-serve.live1 "
kill "$LOCK_PID"
rm -rf "$T/cs/renovote-city-serve.live1"
# stores: the office stores the city's server keeps now.
stores() {
	find "$T/cs" -name office.db | wc -l
}
stores_2() {
	[ "$(stores)" = 2 ]
}
same "one folder, mode 0700" "$(find "$T/cs" -mindepth 1 -maxdepth 1 -perm 700 | wc -l)" 1
wait_for "the city's server to answer" sh -c "$CURL -o /dev/null '$URL/'"
contains "checked before serving" "$T/serve.out" "Checked 2 estates of 2 offices in PostgreSQL"
same "both offices' estates on the index" "$($CURL "$URL/api/estates" | python3 -c '
import json, sys
print(" ".join(e["estate_id"] for e in json.load(sys.stdin)["estates"]))')" "LC-XNY-02 LC-XNY-22"
# api_same PATH OFFICE: the city's JSON of PATH is office OFFICE's own
# (renovote-office page, as its serve answers), but for the instant.
api_same() {
	$CURL "$URL$1" >"$T/city-page.json" &&
	"$OFFICE" page --db "$T/$2/office.db" --base-url "https://127.0.0.1:$PORT" "$1" >"$T/office-page.json" &&
	python3 - "$T/city-page.json" "$T/office-page.json" <<'PY'
import json, sys
def strip(v):
    if isinstance(v, dict):
        return {k: strip(x) for k, x in v.items() if k not in ("at", "generated_at")}
    if isinstance(v, list):
        return [strip(x) for x in v]
    return v
c, o = (strip(json.load(open(f))) for f in sys.argv[1:3])
if c != o:
    sys.exit("the city's %s differs from the office's %s" % tuple(sys.argv[1:3]))
PY
}
check "LC-XNY-02 as office a's own page has it" api_same /api/e/LC-XNY-02 a
check "LC-XNY-22 as office b's own page has it" api_same /api/e/LC-XNY-22 b
$CURL "$URL/qr/LC-XNY-22.svg" >"$T/city-qr.svg"
"$OFFICE" page --db "$T/b/office.db" --base-url "https://127.0.0.1:$PORT" /qr/LC-XNY-22.svg >"$T/office-qr.svg"
check "the QR code links the city's page" cmp -s "$T/city-qr.svg" "$T/office-qr.svg"
same "a receipt of office a" "$(http_code "/api/r/$receipt_a")" 200
same "a receipt of office b" "$(http_code "/api/r/$receipt_b")" 200
check "office b's published receipt as its own page has it" api_same "/api/r/$receipt_b" b
same "its path checks on the city's page" "$($CURL "$URL/r/$receipt_b?lang=en" | grep -c 'The path checks')" 1
same "an estate nobody pushed" "$(http_code /e/LC-XNY-99)" 404
same "no sync API at the city" "$(http_code /api/sync/head)" 404
$CURL "$URL/e/LC-XNY-22?lang=zh_CN" >"$T/p.html"
contains "the page says when its records were checked" "$T/p.html" "各街道办记录的签名核验于"
# checked_at: when the records of the city's page were checked, to the
# millisecond.
checked_at() {
	$CURL "$URL/e/LC-XNY-22?lang=zh_CN" | grep -o '签名核验于 <time datetime="[^"]*"'
}
check "the time is given" [ -n "$(checked_at)" ]

# In Chromium at a phone's size: the live city pages, with their CSP.
browser_script pages.mjs
python3 - "$T/spec.json" "$URL" "$top_builddir/tests/artifacts" <<'PY'
import json, sys
spec, base, out = sys.argv[1:]
pages = [
    ("city-index-zh_CN", "/?lang=zh_CN", "zh-CN", "各街道办记录的签名核验于", "h1", False),
    ("city-estate-a-zh_CN", "/e/LC-XNY-02?lang=zh_CN", "zh-CN", "参与表决（按业主人数）", "h1", "nonempty"),
    ("city-estate-b-en", "/e/LC-XNY-22?lang=en", "en", "Records checked against the offices' signatures at", "h1", "nonempty"),
]
json.dump({"base": base, "out": out, "live": True,
    "pages": [dict(name=n, path=p, lang=l, text=t, cjk=c, bars=b,
                   maxScreens=3 if n.startswith("city-estate") else None)
              for n, p, l, t, c, b in pages]}, open(spec, "w"), ensure_ascii=False)
PY
mkdir -p "$top_builddir/tests/artifacts"
(cd "$T/browser" && node pages.mjs "$T/spec.json") >"$T/browser.log" 2>&1
b_rc=$?
grep -E "^FAIL" "$T/browser.log" | while read -r line; do echo "$line" >&2; done
same "browser checks pass (see $T/browser.log)" "$b_rc $(grep -c '^FAIL' "$T/browser.log")" "0 0"
same "browser checks ran" "$(grep -c '^ok' "$T/browser.log")" 29

# A new paper ballot at office b, pushed: the city's pages follow, the
# index too (made from the summaries its cache kept across checks: the
# changed estate's must be made again).
# b_line: LC-XNY-22's line on the city's index, without its tags.
b_line() {
	$CURL "$URL/?lang=zh_CN" | tr -d '\n' | sed 's/<li>/\n/g' | grep 'LC-XNY-22' | sed 's/<[^>]*>//g'
}
contains "the index before" "$(b_line >"$T/b-line"; echo "$T/b-line")" "参与表决：3 / 19 名业主"
printf 'estate_id,flat_id,question_id,choice,cast_at,form_ref\nLC-XNY-22,1-1-201,Q-BASIC,agree,%s,F-0002\n' \
    "$(iso_at '-30 minutes')" >"$T/ballots2.csv"
expect 0 "$OFFICE" ballots import --db "$T/b/office.db" --clerk 王芳 "$T/ballots2.csv"
expect 0 "$OFFICE" federate --db "$T/b/office.db" --pg "$PGB"
# b_agree: owners agreeing to Q-BASIC on the city's page of LC-XNY-22.
b_agree() {
	$CURL "$URL/api/e/LC-XNY-22" | python3 -c '
import json, sys
j = json.load(sys.stdin)
print([q for q in j["questions"] if q["question_id"] == "Q-BASIC"][0]["choices"]["agree"]["owners"])'
}
b_agree_3() {
	[ "$(b_agree)" = 3 ]
}
wait_for "the city's page to show the new ballot" b_agree_3
contains "the index after" "$(b_line >"$T/b-line"; echo "$T/b-line")" "参与表决：4 / 19 名业主"
check "office b's page again as its own" api_same /api/e/LC-XNY-22 b
# checked_again: a check ends after the one before it (the checked-at
# time moved on).
checked_again() {
	[ "$(checked_at)" != "$t0" ]
}
t0=$(checked_at)
wait_for "another check" checked_again

# The replica stops answering (its postmaster stopped): the check under
# way is stopped after --check-timeout, logged, and the next succeeds
# once the replica answers again.
replica_pid=$(head -1 "$PG/replica/postmaster.pid")
kill -STOP "$replica_pid"
wait_for "the check to time out" grep -q "the check took longer than 8 seconds: stopped" "$T/serve.err"
kill -CONT "$replica_pid"
t0=$(checked_at)
wait_for "a check after the replica came back" checked_again

# --- a record changed by hand is named --------------------------------
psql_as "$SU" "CREATE TABLE kept AS SELECT body FROM record WHERE office = 'a' AND device = 'hall-1' AND seq = 3;
    UPDATE record SET body = overlay(body placing '\\x21'::bytea from length(body) - 2 for 1) WHERE office = 'a' AND device = 'hall-1' AND seq = 3" ||
    fail "tamper"
expect_error 1 "office a, device hall-1, record 3: altered in PostgreSQL" "$OFFICE" city tally --pg "$CITY" --at "$AT" --json
# The city's server names it too, and goes on showing what it checked.
wait_for "the city's server to find it" grep -q "office a, device hall-1, record 3: altered in PostgreSQL" "$T/serve.err"
contains "and says what it still shows" "$T/serve.err" "the pages still show the records checked at"
check "office a's page as before the change" api_same /api/e/LC-XNY-02 a
# Each check fails from now on: the time the pages give stays, and
# between checks only the two stores shown are on disk.
t1=$(checked_at)
sleep 2.5
same "the page still says when its records were checked" "$(checked_at)" "$t1"
wait_for "failed checks to leave no stores behind" stores_2
kill -TERM "$SERVER_PID"
wait "$SERVER_PID"
same "city serve exits 0 on SIGTERM" "$?" 0
SERVER_PID=
check "its pidfile removed" test ! -e "$T/serve.pid"
same "it said only the timeout and the changed record" \
    "$(grep -v -e 'the check took longer than 8 seconds: stopped; the pages still show' \
        -e 'office a, device hall-1, record 3: altered in PostgreSQL' "$T/serve.err")" ""
same "the server's folder is gone" "$(ls -A "$T/cs")" ""
# Body and hash changed together: the next record's link names it.
psql_as "$SU" "UPDATE record SET body = decode(replace(encode((SELECT body FROM kept), 'escape'), 'agree', 'other'), 'escape') WHERE office = 'a' AND device = 'hall-1' AND seq = 3;
    UPDATE record SET hash = sha256(body) WHERE office = 'a' AND device = 'hall-1' AND seq = 3" ||
    fail "tamper hash"
expect_error 1 "office a, device hall-1, record 3: altered in PostgreSQL \\(record 4 does not link to it\\)" "$OFFICE" city tally --pg "$CITY" --at "$AT"
# The office's own chain: its last record, re-hashed; only the head's
# signature can tell.
psql_as "$SU" "UPDATE record SET body = overlay(body placing '\\x21'::bytea from length(body) - 2 for 1), hash = sha256(overlay(body placing '\\x21'::bytea from length(body) - 2 for 1)) WHERE office = 'b' AND device = 'office' AND seq = 2;
    UPDATE head SET hash = (SELECT hash FROM record WHERE office = 'b' AND device = 'office' AND seq = 2) WHERE office = 'b' AND device = 'office'" ||
    fail "tamper b"
expect_error 1 "office b, device office, record 2: .*signature" "$OFFICE" city tally --pg "$CITY" --estate LC-XNY-22

test_done
