#!/bin/sh
# renovote-office serve under abuse from one host: a host holding and
# reopening hundreds of sockets cannot stop another client's page or a
# kiosk's sync; a client over its connection limit is closed before TLS;
# sockets that never start TLS, or never send a request, are closed by
# the handshake and header deadlines; receipt lookups and failed sync
# signatures are rate-limited per client (429 with Retry-After).
#
# 127.0.0.0/8 is all loopback on Linux: the attacker binds 127.0.0.2 (or
# .3), the legitimate clients use 127.0.0.1, so they are different
# clients to the server.  Nothing waits on a clock: the attacker holds
# until the test releases it, and the legitimate requests get a bounded
# number of tries.  With RENOVOTE_LONG, many more sockets and rounds.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/serve-lib.sh"

OD="$T/office.db"
HOSTILE="python3 $top_srcdir/tests/hostile.py"
if [ -n "${RENOVOTE_LONG:-}" ]; then
	SOCKETS=900
	ROUNDS=5
else
	SOCKETS=300
	ROUNDS=1
fi
live_office "$OD" "$T" || fail "office set-up"
new_kiosk "$T/k1.db" hall-1 "$OD" "$T/p1.pkg" || fail "kiosk 1 set-up"

# try N COMMAND...: COMMAND succeeds within N tries.
try() {
	n=$1
	shift
	i=0
	until "$@" >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -ge "$n" ] && return 1
		sleep 0.2
	done
}
page_ok() {
	test "$(http_code /)" = 200
}
sync_ok() {
	"$KIOSK" sync --db "$T/k1.db" --office "$URL" --ca "$CA/ca.pem" --retries 0
}

# At the defaults: one host opens more sockets than the server's whole
# connection cap and never starts TLS on them, reopening each one the
# server closes.  A phone's page and a kiosk's sync still get through.
start_office "$OD"
r=0
while [ $r -lt $ROUNDS ]; do
	r=$((r + 1))
	rm -f "$T/release"
	$HOSTILE flood 127.0.0.1 "$PORT" "$CA/ca.pem" $SOCKETS "$T/release" 127.0.0.2 >"$T/flood" &
	flood=$!
	wait_for "$SOCKETS sockets opened" grep -q "opened $SOCKETS" "$T/flood"
	check "round $r: a page while one host floods" try 10 page_ok
	check "round $r: a kiosk sync while one host floods" try 10 sync_ok
	touch "$T/release"
	wait $flood
	check "round $r: the flood kept reopening" grep -q "reopened [1-9]" "$T/flood"
done
alive "the flood"
stop_office

# The per-client limit: 4 held from 127.0.0.2; a fifth from there is
# closed before TLS, while 127.0.0.1 is answered.
start_office "$OD" --max-per-client 4 --timeout 600 --header-timeout 600
rm -f "$T/release"
$HOSTILE hold 127.0.0.1 "$PORT" "$CA/ca.pem" 4 "$T/release" 127.0.0.2 >"$T/hold" &
hold=$!
wait_for "4 connections held" grep -q "held 4" "$T/hold"
same "a fifth from the same host closed" "$(http_code /api/sync/head -4 --interface 127.0.0.2)" 000
same "another host answered" "$(http_code /api/sync/head)" 401
touch "$T/release"
wait $hold
wait_for "the host's connections to free up" sh -c "test \"\$($CURL -4 --interface 127.0.0.2 -o /dev/null -w '%{http_code}' $URL/api/sync/head 2>/dev/null)\" = 401"
stop_office

# Deadlines: a socket that never starts TLS is closed by the handshake
# deadline, one that finishes TLS but sends no request by the header
# deadline, both long before the request timeout (600 s).  Rates: two
# receipt lookups a minute, two refused sync requests a minute, per
# client.
start_office "$OD" --handshake-timeout 1 --header-timeout 1 --timeout 600 \
    --receipt-rate 2 --sync-fail-rate 2
$HOSTILE idle 127.0.0.1 "$PORT" "$CA/ca.pem" >"$T/idle" &
idle=$!
$HOSTILE tlsidle 127.0.0.1 "$PORT" "$CA/ca.pem" >"$T/tlsidle" &
tlsidle=$!

same "receipt lookup 1" "$(http_code /r/AAAA-BBBB)" 404
same "receipt lookup 2 (form)" "$(http_code '/r?receipt=AAAA-BBBB')" 404
$CURL -D "$T/h" -o "$T/body" "$URL/api/r/AAAA-BBBB" >/dev/null 2>&1
contains "receipt lookup 3 refused" "$T/h" "^HTTP/1.1 429"
contains "with Retry-After" "$T/h" "^Retry-After: [1-9]"
same "other pages still answered" "$(http_code /)" 200
same "another host may look up" "$(http_code /r/AAAA-BBBB -4 --interface 127.0.0.2)" 404

same "bad signature 1" "$(http_code /api/sync/head -4 --interface 127.0.0.3)" 401
same "bad signature 2" "$(http_code /api/sync/head -4 --interface 127.0.0.3 -H 'Renovote-Device: hall-1')" 401
$CURL -4 --interface 127.0.0.3 -D "$T/h" -o "$T/body" "$URL/api/sync/head" >/dev/null 2>&1
contains "third refused sync request: 429" "$T/h" "^HTTP/1.1 429"
contains "with Retry-After" "$T/h" "^Retry-After: [1-9]"
contains "a JSON error" "$T/body" '"error"'
expect 0 "$KIOSK" sync --db "$T/k1.db" --office "$URL" --ca "$CA/ca.pem" --retries 0

wait $idle $tlsidle
same "no TLS: closed by the handshake deadline" "$(cat "$T/idle")" closed
same "no request: closed by the header deadline" "$(cat "$T/tlsidle")" closed
alive "idle sockets and rate limits"
stop_office

# Options are checked.
p=$(free_port)
for o in max-per-client handshake-timeout header-timeout receipt-rate sync-fail-rate; do
	expect_error 2 "--$o: '0'" "$OFFICE" serve --db "$OD" --listen "127.0.0.1:$p" --cert "$CA/server.pem" --key "$CA/server.key" --$o 0
done
test_done
