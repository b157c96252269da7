#!/bin/sh
# serve's journal: one access-log line per answer (time, address,
# method, path, status, bytes, milliseconds) with no query string and no
# receipt in it, odd bytes escaped, nothing with --no-access-log; and a
# certificate that enters its last 30 days while serve runs is warned
# of then, not only at start.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/serve-lib.sh"

DB="$T/office.db"
E=LC-XNY-02
"$OFFICE" init --db "$DB" >/dev/null || fail "init"
expect 0 "$OFFICE" roster import --db "$DB" "$ASSETS/demo-roster.csv"
start_office "$DB"

$CURL -o "$T/page" "$URL/e/$E" || fail "GET /e/$E"
size=$(wc -c <"$T/page")
$CURL -o /dev/null "$URL/r/SECRETRECEIPT1234" 2>/dev/null
$CURL -o /dev/null "$URL/api/r/SECRETRECEIPT5678" 2>/dev/null
$CURL -o /dev/null "$URL/r?receipt=SECRETRECEIPT9999" 2>/dev/null
$CURL -o /dev/null "$URL/api/sync/head?device=k1&sig=SECRETSIG" 2>/dev/null
$CURL -o /dev/null -I "$URL/e/$E" 2>/dev/null
$CURL -o /dev/null "$URL/%FF%0A/x" 2>/dev/null
wait_for "six more log lines" sh -c "[ \$(wc -l <'$T/serve.out') -ge 7 ]"
line='^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z 127\.0\.0\.1 '
contains "a page's line: path, status, the bytes sent" "$T/serve.out" \
    "${line}GET /e/$E 200 $size [0-9]+ms\$"
contains "a receipt page's line hides the receipt" "$T/serve.out" \
    "${line}GET /r/- [0-9]{3} [0-9]+ [0-9]+ms\$"
contains "a receipt API line hides the receipt" "$T/serve.out" \
    "${line}GET /api/r/- [0-9]{3} "
contains "the receipt form's line has no query" "$T/serve.out" "${line}GET /r [0-9]{3} "
contains "a refused sync request's line" "$T/serve.out" \
    "${line}GET /api/sync/head 401 "
contains "HEAD sends no body" "$T/serve.out" "${line}HEAD /e/$E 200 0 "
contains "a bad target is a 400, its line printable" "$T/serve.out" \
    "${line}GET /%FF%0A/x 400 "
if grep -q "SECRET" "$T/serve.out"; then
	fail "the access log holds a receipt or signature: $(grep SECRET "$T/serve.out")"
fi
if LC_ALL=C grep -q '[^ -~]' "$T/serve.out"; then
	fail "the access log holds a byte that is not printable ASCII"
fi
stop_office

start_office "$DB" --no-access-log
$CURL -o /dev/null "$URL/e/$E" || fail "GET with --no-access-log"
stop_office
same "--no-access-log: nothing on stdout but where it serves" \
    "$(grep -vc '^Serving ' "$T/serve.out")" 0

# A certificate with 30 days and 4 seconds to go: quiet at start, a
# warning once it is within 30 days, while serving.
mkdir -p "$T/ca2"
(
	cd "$T/ca2" &&
	openssl req -new -key "$CA/server.key" -subj "/CN=localhost" \
	    -out s.csr 2>/dev/null &&
	: >index.txt && echo 01 >serial &&
	printf '%s\n' '[ca]' 'default_ca=d' '[d]' 'database=index.txt' \
	    'new_certs_dir=.' 'serial=serial' 'default_md=sha256' 'policy=p' \
	    'x509_extensions=x' '[p]' 'commonName=supplied' '[x]' \
	    'subjectAltName=DNS:localhost,IP:127.0.0.1' >ca.cnf &&
	end=$(date -u -d "@$(($(date +%s) + 30 * 86400 + 4))" +%Y%m%d%H%M%SZ) &&
	openssl ca -batch -config ca.cnf -cert "$CA/ca.pem" -keyfile "$CA/ca.key" \
	    -in s.csr -out soon.pem -enddate "$end" -notext 2>/dev/null
) || fail "a certificate ending in 30 days and 4 seconds"
PORT=$(free_port)
URL="https://localhost:$PORT"
"$OFFICE" serve --db "$DB" --listen "127.0.0.1:$PORT" --cert "$T/ca2/soon.pem" \
    --key "$CA/server.key" --pidfile "$T/serve.pid" >"$T/serve.out" \
    2>"$T/serve.err" &
SERVER_PID=$!
wait_for "the server's pidfile" test -s "$T/serve.pid"
same "no warning at start, 30 days and more to go" "$(cat "$T/serve.err")" ""
n=0
until grep -q "warning: TLS certificate .*soon.pem expires on" "$T/serve.err"; do
	n=$((n + 1))
	[ $n -lt 300 ] || { fail "no warning once within 30 days"; break; }
	sleep 0.1
done
contains "the warning says how long" "$T/serve.err" "\(in 29 days\)"
same "the server still answers after warning" "$(http_code /e/$E)" 200
: >"$T/serve.err"
stop_office
test_done
