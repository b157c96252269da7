#!/bin/sh
# The server's cache of pages (web-cache.c): a kept page, the index and
# the JSON change as soon as paper ballots are imported by another
# process, and their figures are then those of "tally --json"; a
# matching ETag gives 304 with the same security headers; the gzip form
# decodes to the same bytes.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/serve-lib.sh"

DB="$T/office.db"
E=LC-XNY-02
"$OFFICE" init --db "$DB" >/dev/null || fail "init"
expect 0 "$OFFICE" roster import --db "$DB" "$ASSETS/demo-roster.csv"
expect 0 "$OFFICE" plan import --db "$DB" "$ASSETS"/demo-plan-*.json
start_office "$DB"

# not COMMAND...: succeeds when COMMAND fails.
not() {
	! "$@"
}

# get PATH OUT [CURL OPTIONS...]: body to OUT, headers to OUT.h.
get() {
	p=$1
	o=$2
	shift 2
	$CURL -D "$o.h" -o "$o" "$@" "$URL$p" || fail "GET $p"
}

get "/e/$E" "$T/page1"
get "/e/$E" "$T/page1b"
check "a kept page is the same bytes" cmp -s "$T/page1" "$T/page1b"
get / "$T/index1"
get "/api/e/$E" "$T/api1"

# 304 for the ETag the page came with; the headers every answer carries.
etag=$(sed -n 's/^[Ee][Tt]ag: *\([^\r]*\).*/\1/p' "$T/page1.h")
check "an ETag is sent" test -n "$etag"
get "/e/$E" "$T/nm" -H "If-None-Match: $etag"
contains "304 for a matching ETag" "$T/nm.h" "^HTTP/1.1 304"
check "304 has no body" test ! -s "$T/nm"
for h in "Content-Security-Policy: default-src 'none'" \
    "X-Content-Type-Options: nosniff" "Strict-Transport-Security" \
    "Referrer-Policy: no-referrer" "Cache-Control: no-cache"; do
	contains "304 keeps $h" "$T/nm.h" "^$h"
done
get "/e/$E" "$T/other" -H 'If-None-Match: "0123"'
contains "200 for another ETag" "$T/other.h" "^HTTP/1.1 200"

# gzip when asked for, decoding to the same bytes; not when refused.
get "/e/$E" "$T/gz" -H "Accept-Encoding: gzip"
contains "gzip sent" "$T/gz.h" "^Content-Encoding: gzip"
gzip -dc <"$T/gz" >"$T/gunzipped" || fail "gzip body decodes"
check "gzip decodes to the page" cmp -s "$T/page1" "$T/gunzipped"
get "/e/$E" "$T/nogz" -H "Accept-Encoding: gzip;q=0, identity"
check "q=0 refuses gzip" cmp -s "$T/page1" "$T/nogz"
get "/e/$E" "$T/gz304" -H "Accept-Encoding: gzip" -H "If-None-Match: $etag"
contains "the identity ETag does not match the gzip form" "$T/gz304.h" \
    "^HTTP/1.1 200"

# Paper ballots imported by another process: no stale answer.
{
	echo "estate_id,flat_id,question_id,choice,cast_at"
	for f in 1-1-101 1-1-102 1-1-201; do
		echo "$E,$f,Q-BASIC,agree,2026-12-01T10:00:00+08:00"
	done
} >"$T/ballots.csv"
expect 0 "$OFFICE" ballots import --db "$DB" --clerk 王芳 "$T/ballots.csv"
get "/e/$E" "$T/page2"
check "the page changed after the import" not cmp -s "$T/page1" "$T/page2"
get "/e/$E" "$T/nm2" -H "If-None-Match: $etag"
contains "the old ETag no longer matches" "$T/nm2.h" "^HTTP/1.1 200"
get / "$T/index2"
check "the index changed after the import" not cmp -s "$T/index1" "$T/index2"
get "/api/e/$E" "$T/api2"
get /api/estates "$T/estates2"
expect 0 "$OFFICE" tally --db "$DB" --estate "$E" --json
cp "$T/out" "$T/tally.json"
check "/api/e/ and /api/estates agree with tally --json" python3 - "$T" "$E" <<'PY'
import json, sys
t, e = sys.argv[1], sys.argv[2]
api = json.load(open(t + "/api2"))
tally = json.load(open(t + "/tally.json"))
assert api["questions"] == tally["questions"], "questions differ"
assert api.get("pledges") == tally.get("pledges"), "pledges differ"
assert api["questions"] != json.load(open(t + "/api1"))["questions"]
est = [x for x in json.load(open(t + "/estates2"))["estates"]
       if x["estate_id"] == e][0]
st = {q["question_id"]: q["status"] for q in est["questions"]}
for q in tally["questions"]:
    assert st[q["question_id"]] == q["status"], q["question_id"]
PY
stop_office
test_done
