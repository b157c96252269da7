#!/bin/sh
# make bench, part 5: a results page while a kiosk's chunk is stored.
# The time of GET /e/LC-XNY-02 from renovote-office serve while a sync
# chunk of 5,000 records (SYNC_CHUNK_RECORDS) is being sent and stored,
# beside its time alone, measured in the same run against the same
# server: the requests go one after another on one keep-alive TLS
# connection; "while" counts those begun after the chunk was sent and
# answered before the chunk's answer came.  The target is at most 2x:
# the loop never waits for the chunk's transaction (http-worker.c).
#
# Run from the build directory (make bench does); the scratch directory
# ./bench/tmp-busy is removed at the end.  ROUNDS fresh offices, each
# storing the chunk once.

set -eu

LC_ALL=C.UTF-8
LANGUAGE=
export LC_ALL LANGUAGE

top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
. "$top_srcdir/bench/lib.sh"
OFFICE=${BENCH_OFFICE:-$(pwd)/renovote-office}
KIOSK=$(pwd)/renovote-kiosk
GEN=$(pwd)/bench/bench-ingest
SQLITE3=${SQLITE3:-sqlite3}
T=bench/tmp-busy
ROUNDS=${BENCH_BUSY_ROUNDS:-5}
RECORDS=5000			# SYNC_CHUNK_RECORDS
ESTATE=LC-XNY-02
DEVICE=bench-kiosk		# bench-ingest chain writes only this kiosk
needs "$OFFICE" "$KIOSK" "$GEN"

rm -rf "$T"
mkdir -p "$T"
pid=
trap '[ -z "$pid" ] || kill "$pid" 2>/dev/null; rm -rf "$T"' EXIT

# The office (roster, plans, the kiosk enrolled) and the chunk: the
# kiosk's first 5,000 records, as its sync sends them.
sh "$top_srcdir/tests/tls-ca.sh" "$T/tls" >"$T/err" 2>&1 || die "test CA"
run "$OFFICE" init --db "$T/template.db"
run "$OFFICE" roster import --db "$T/template.db" "$top_srcdir/assets/demo-roster.csv"
run "$OFFICE" plan import --db "$T/template.db" "$top_srcdir"/assets/demo-plan-*.json
run "$KIOSK" init --db "$T/kiosk.db" --name "$DEVICE" --pubkey-out "$T/kiosk.pem"
run "$OFFICE" kiosk enroll --db "$T/template.db" --name "$DEVICE" \
    --pubkey "$T/kiosk.pem"
run "$GEN" chain "$T/kiosk.db" "$RECORDS"
run "$KIOSK" export --db "$T/kiosk.db" --out "$T/chunk"

r=0
while [ "$r" -lt "$ROUNDS" ]; do
	cp "$T/template.db" "$T/office.db"
	rm -f "$T/office.pid" "$T/office.db-wal" "$T/office.db-shm"
	port=$(free_port)
	"$OFFICE" serve --db "$T/office.db" --listen "127.0.0.1:$port" \
	    --cert "$T/tls/server.pem" --key "$T/tls/server.key" \
	    --pidfile "$T/office.pid" >"$T/office.out" 2>"$T/office.err" &
	pid=$!
	wait_pidfile "$T/office.pid"
	python3 "$top_srcdir/bench/sync-busy.py" "$port" "$T/tls/ca.pem" \
	    "$T/kiosk.db.key" "$DEVICE" "$T/chunk" "/e/$ESTATE" "$RECORDS" \
	    >>"$T/times" 2>"$T/err" || die "round $((r + 1))"
	kill "$pid"
	wait "$pid" || die "serve did not stop cleanly; see $T/office.err"
	pid=
	r=$((r + 1))
done

# times: "alone MS" and "while MS" lines; means and the worst.
awk -v rounds="$ROUNDS" -v size="$(wc -c <"$T/chunk")" -v estate="$ESTATE" '
$1 == "alone" { a += $2; na++; if ($2 > amax) amax = $2 }
$1 == "while" { w += $2; nw++; if ($2 > wmax) wmax = $2 }
$1 == "chunk" { c += $2; nc++ }
END {
	if (na == 0 || nw == 0) { print "sync-busy: no requests measured"; exit 1 }
	printf "serve: GET /e/%s while a 5,000-record sync chunk (%d bytes) is stored, %d rounds\n", estate, size, rounds
	printf "  %-44s %8.2f ms (%d requests)\n", "chunk sent and stored (mean)", c / nc, nc
	printf "  %-44s %8.2f ms mean, %6.2f ms worst (%d)\n", "/e/ alone", a / na, amax, na
	printf "  %-44s %8.2f ms mean, %6.2f ms worst (%d)\n", "/e/ while the chunk is stored", w / nw, wmax, nw
	printf "  /e/ while a chunk is stored takes %.2fx its time alone (target 2)\n", (w / nw) / (a / na)
}' "$T/times"
