#!/bin/sh
# A busy office's Retry-After: the office refuses every sync request of
# an address that sent too many refused ones (--sync-fail-rate) with 429
# and Retry-After.  renovote-kiosk sync with --no-wait stops naming the
# office and the delay and sends nothing; without it the kiosk says it
# waits, waits the seconds asked, and then sends every record.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/serve-lib.sh"

OD="$T/office.db"
live_office "$OD" "$T" || fail "office set-up"
new_kiosk "$T/k1.db" hall-1 "$OD" "$T/p1.pkg" || fail "kiosk set-up"
for f in 1-1-101 1-1-102 1-1-201; do
	"$KIOSK" cast --db "$T/k1.db" --flat "$f" --code-file "$(code_file "$(code_of "$f")")" \
	    --question Q-BASIC --choice agree >/dev/null || fail "cast $f"
done
# 6 refused sync requests a minute: one every 10 s once the burst is
# spent, longer than even a sanitizer build takes to start the kiosk, so
# the kiosk surely meets the 429.
start_office "$OD" --sync-fail-rate 6

# saturate: unsigned requests from this address until the office says 429.
saturate() {
	n=0
	while [ "$(http_code /api/sync/head)" != 429 ]; do
		n=$((n + 1))
		[ $n -le 60 ] || return 1
	done
}
held() {
	sql "$OD" "SELECT count(*) FROM ledger WHERE device = 'hall-1'"
}

check "the office refuses this address with 429" saturate
expect_error 3 "asks to wait" "$KIOSK" sync --db "$T/k1.db" --office "$URL" --ca "$CA/ca.pem" --no-wait
contains "the error names the office" "$T/err" "$URL: the office is busy \\(429\\)"
same "--no-wait sent nothing" "$(held hall-1)" 0
expect_error 2 "not both" "$KIOSK" sync --db "$T/k1.db" --office "$URL" --ca "$CA/ca.pem" --no-wait --max-wait 5
expect_error 2 "--max-wait" "$KIOSK" sync --db "$T/k1.db" --office "$URL" --ca "$CA/ca.pem" --max-wait 301

check "the office refuses this address again" saturate
t0=$(date +%s)
expect 0 "$KIOSK" sync --db "$T/k1.db" --office "$URL" --ca "$CA/ca.pem"
t1=$(date +%s)
contains "the kiosk says it waits" "$T/err" "the office is busy \\(429\\); waiting [1-9][0-9]* s as it asks, then try 2 of 6"
secs=$(sed -n 's/.*waiting \([0-9]*\) s as it asks.*/\1/p' "$T/err" | head -n 1)
check "it waited the seconds asked (${secs:-?} s)" test $((t1 - t0)) -ge "${secs:-1}"
contains "then synced" "$T/out" "Synced with $URL: 4 records sent"
same "nothing lost: the office holds every record" "$(held hall-1)" \
    "$(sql "$T/k1.db" "SELECT count(*) FROM ledger")"
stop_office
test_done
