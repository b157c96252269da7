#!/bin/sh
# renovote-office serve under hostile and oversized requests: each gets a
# 4xx or a closed connection, and the server goes on answering others.
# Also its refusals at start-up, TLS versions, the headers every answer
# carries, the connection cap and a clean stop.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/serve-lib.sh"

OD="$T/office.db"
HOSTILE="python3 $top_srcdir/tests/hostile.py"
"$OFFICE" init --db "$OD" >/dev/null || fail "office init"

# Refusals at start-up: one line naming the file, exit 1; port in use,
# exit 3; usage, exit 2.
p=$(free_port)
expect_error 1 "$CA/nope.pem: cannot load the certificate: No such file or directory$" "$OFFICE" serve --db "$OD" --listen "127.0.0.1:$p" --cert "$CA/nope.pem" --key "$CA/server.key"
expect_error 1 "$CA/ca.key: does not match the certificate" "$OFFICE" serve --db "$OD" --listen "127.0.0.1:$p" --cert "$CA/server.pem" --key "$CA/ca.key"
expect_error 1 "$CA/server.pem: cannot load the private key" "$OFFICE" serve --db "$OD" --listen "127.0.0.1:$p" --cert "$CA/server.pem" --key "$CA/server.pem"
expect_error 2 "--listen: 'localhost' is not HOST:PORT" "$OFFICE" serve --db "$OD" --listen localhost --cert "$CA/server.pem" --key "$CA/server.key"
expect_error 2 "--max-connections: '0'" "$OFFICE" serve --db "$OD" --listen "127.0.0.1:$p" --cert "$CA/server.pem" --key "$CA/server.key" --max-connections 0
expect_error 1 "no such database" "$OFFICE" serve --db "$T/none.db" --listen "127.0.0.1:$p" --cert "$CA/server.pem" --key "$CA/server.key"

start_office "$OD" --timeout 2 --max-connections 8
contains "says where it serves" "$T/serve.out" "Serving https://127.0.0.1:$PORT"
expect_error 3 "--listen 127.0.0.1:$PORT: the port is in use" "$OFFICE" serve --db "$OD" --listen "127.0.0.1:$PORT" --cert "$CA/server.pem" --key "$CA/server.key"

# TLS: 1.2 and 1.3 are spoken, 1.1 is not; the certificate is the CA's.
# tls VERSION-OPTION: what openssl s_client negotiated.  (The server
# closes without a close_notify after the client's, so s_client's exit
# status says nothing.)
tls() {
	echo | openssl s_client -connect "127.0.0.1:$PORT" "$@" -CAfile "$CA/ca.pem" 2>/dev/null |
	    sed -n 's/^New, \(TLSv1[.0-9]*\), Cipher is \(.*\)/\1 \2/p'
}
check "TLS 1.2 accepted, forward-secret AEAD" sh -c "test '$(tls -tls1_2)' = 'TLSv1.2 ECDHE-ECDSA-AES256-GCM-SHA384'"
same "TLS 1.3 accepted" "$(tls -tls1_3 | cut -d' ' -f1)" TLSv1.3
same "TLS 1.1 refused" "$(tls -tls1_1 -cipher DEFAULT@SECLEVEL=0)" ""
check "no TLS compression" sh -c "echo | openssl s_client -connect 127.0.0.1:$PORT -CAfile $CA/ca.pem 2>/dev/null | grep -q 'Compression: NONE'"
same "wrong CA refused by curl" "$(http_code /api/sync/head --cacert "$CA/wrong-ca.pem")" 000

# The headers every page answer carries (whatever the page says).
$CURL -D "$T/h" -o "$T/body" "$URL/" >/dev/null
for h in "Content-Type: " "Content-Length: $(stat -c %s "$T/body")" \
    "Cache-Control: no-cache" "X-Content-Type-Options: nosniff" \
    "Content-Security-Policy: default-src 'none'" \
    "Strict-Transport-Security: max-age="; do
	contains "page header $h" "$T/h" "^$h"
done
same "HEAD sends no body" "$($CURL -I -o "$T/hh" -w '%{size_download}' "$URL/")" 0
contains "HEAD says the length" "$T/hh" "^Content-Length: $(stat -c %s "$T/body")"
$CURL -D "$T/h" -o /dev/null "$URL/api/sync/head" >/dev/null
contains "sync answers are not stored" "$T/h" "^Cache-Control: no-store"

# Malformed targets: 400 before any page code sees them.
for t in "/%zz" "/%" "/%4" "/a%00b" "/%0a" "/%ff%fe" "/../../etc/passwd" \
    "/e/..%2f..%2fetc%2fpasswd" "/%2e%2e/etc/passwd" "/./style.css" "/e/."; do
	same "target $t refused" "$(http_code "$t" --path-as-is)" 400
done
same "target too long" "$(http_code "/e/$(head -c 2000 /dev/zero | tr '\0' a)")" 414
alive "malformed targets"

# Methods and bodies.
same "DELETE" "$(http_code / -X DELETE)" 405
same "POST to a page" "$(http_code / --data x)" 405
same "GET with a body" "$(http_code / -X GET --data x)" 413
same "PUT to the sync API" "$(http_code /api/sync/records -X PUT --data x)" 405
same "unknown sync endpoint" "$(http_code /api/sync/nope)" 401
head -c 9000000 /dev/zero >"$T/big"
code=$(http_code /api/sync/records --data-binary "@$T/big")
check "body over the limit refused ($code)" sh -c "test $code = 413 || test $code = 000"
alive "an oversized body"
code=$(http_code / -H "X-Big: $(head -c 20000 /dev/zero | tr '\0' a)")
check "headers over the limit refused ($code)" sh -c "case $code in 4??|000) true;; *) false;; esac"
alive "oversized headers"

# Hostile clients.
same "garbage bytes over TLS" "$($HOSTILE garbage 127.0.0.1 "$PORT" "$CA/ca.pem")" "HTTP/1.1 400 Bad Request"
alive "garbage bytes"
same "plain HTTP on the TLS port" "$($HOSTILE plain 127.0.0.1 "$PORT" "$CA/ca.pem")" closed
alive "plain HTTP"
$HOSTILE slowloris 127.0.0.1 "$PORT" "$CA/ca.pem" >"$T/slow" &
slow=$!
sleep 0.5
alive "a slowloris connection opened (while it trickles)"
wait $slow
contains "slowloris closed by the deadline" "$T/slow" "^closed after [2-9] s$"
alive "a slowloris connection"

stop_office

# The connection cap: with 8 held open (from two addresses, each under
# its own limit), a ninth is closed; once they go, the server answers
# again.  The held connections are released only when the test says so,
# and the server's deadlines are long: nothing here depends on timing.
start_office "$OD" --timeout 600 --header-timeout 600 --max-connections 8 --max-per-client 4
$HOSTILE hold 127.0.0.1 "$PORT" "$CA/ca.pem" 4 "$T/release" 127.0.0.2 >"$T/hold2" &
hold2=$!
$HOSTILE hold 127.0.0.1 "$PORT" "$CA/ca.pem" 4 "$T/release" 127.0.0.3 >"$T/hold3" &
hold3=$!
wait_for "8 connections held" sh -c "grep -q 'held 4' $T/hold2 && grep -q 'held 4' $T/hold3"
same "connection over the cap closed" "$(http_code /api/sync/head)" 000
touch "$T/release"
wait $hold2 $hold3
wait_for "the cap to free up" sh -c "test \"\$($CURL -o /dev/null -w '%{http_code}' $URL/api/sync/head 2>/dev/null)\" = 401"
alive "the connection cap"

stop_office
start_office "$OD"
alive "a restart"
stop_office INT
test_done
