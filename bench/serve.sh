#!/bin/sh
# make bench, part 3: requests per second of the results page
# /e/LC-XNY-02 from renovote-office serve over HTTPS, beside a
# static-file baseline measured in the same run: bench-static, the same
# server code (TLS, limits, headers) answering the same page's bytes from
# memory.  The ratio is what building the page costs (one read snapshot
# of the store, the tally, the HTML).  The load is wrk: keep-alive
# connections, TLS handshakes once per connection.
#
# Run from the build directory (make bench does).  The scratch directory
# is ./bench/tmp/serve and is removed at the end.  Any failure stops the
# run with a non-zero exit.

set -eu

LC_ALL=C.UTF-8
LANGUAGE=
export LC_ALL LANGUAGE

top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
. "$top_srcdir/bench/lib.sh"
OFFICE=$(pwd)/renovote-office
STATIC=$(pwd)/bench/bench-static
SQLITE3=${SQLITE3:-sqlite3}
T=bench/tmp/serve
RUNS=1
ESTATE=LC-XNY-02
SECONDS_=${BENCH_SERVE_SECONDS:-5}	# of load per figure
CONNS=${BENCH_SERVE_CONNECTIONS:-16}
THREADS=2
command -v wrk >/dev/null || die "wrk not found (apt-get install wrk)"

rm -rf "$T"
mkdir -p "$T"
pids=
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$T"' EXIT

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_pidfile FILE: until the server wrote it (15 s at most).
wait_pidfile() {
	n=0
	until [ -s "$1" ]; do
		n=$((n + 1))
		[ $n -lt 150 ] || die "server did not start; see $T/*.err"
		sleep 0.1
	done
}

# load URL: wrk's requests/s for URL; every answer must be a 200.
load() {
	wrk -t "$THREADS" -c "$CONNS" -d "${SECONDS_}s" --latency "$1" \
	    >"$T/wrk.out" 2>&1 || die "wrk $1"
	if grep -q "Non-2xx" "$T/wrk.out"; then
		cat "$T/wrk.out" >&2
		die "wrk $1: answers other than 200"
	fi
	awk '/^Requests\/sec:/ { printf "%d", $2 }' "$T/wrk.out"
}

sh "$top_srcdir/tests/tls-ca.sh" "$T/tls" >"$T/err" 2>&1 || die "test CA"
db="$T/office.db"
run "$OFFICE" init --db "$db"
run "$OFFICE" roster import --db "$db" "$top_srcdir/assets/demo-roster.csv"
run "$OFFICE" plan import --db "$db" "$top_srcdir"/assets/demo-plan-*.json

p1=$(free_port)
"$OFFICE" serve --db "$db" --listen "127.0.0.1:$p1" --cert "$T/tls/server.pem" \
    --key "$T/tls/server.key" --pidfile "$T/office.pid" >"$T/office.out" 2>"$T/office.err" &
pids="$pids $!"
wait_pidfile "$T/office.pid"
curl -sS --fail --cacert "$T/tls/ca.pem" -o "$T/page.html" \
    "https://localhost:$p1/e/$ESTATE" 2>"$T/err" || die "GET /e/$ESTATE"
size=$(stat -c %s "$T/page.html")

p2=$(free_port)
"$STATIC" "$db" "$p2" "$T/tls/server.pem" "$T/tls/server.key" "$T/page.html" \
    "$T/static.pid" >"$T/static.out" 2>"$T/static.err" &
pids="$pids $!"
wait_pidfile "$T/static.pid"
curl -sS --fail --cacert "$T/tls/ca.pem" -o "$T/static.html" \
    "https://localhost:$p2/e/$ESTATE" 2>"$T/err" || die "GET static"
cmp -s "$T/page.html" "$T/static.html" || die "the baseline serves other bytes"

page_rps=$(load "https://127.0.0.1:$p1/e/$ESTATE")
static_rps=$(load "https://127.0.0.1:$p2/e/$ESTATE")
[ "$page_rps" -gt 0 ] && [ "$static_rps" -gt 0 ] || die "no requests measured"

echo "serve: GET /e/$ESTATE over HTTPS, $size bytes, wrk $THREADS threads, $CONNS connections, ${SECONDS_} s each"
printf '  %-44s %10s req/s\n' "results page (renovote-office serve)" "$(thousands "$page_rps")"
printf '  %-44s %10s req/s\n' "static baseline (same server, same bytes)" "$(thousands "$static_rps")"
echo "  the page runs at $(ratio "$page_rps" "$static_rps" 2) of the static baseline"
kill $pids 2>/dev/null
wait 2>/dev/null
pids=

# --- / with a city loaded (bench/bench-city: 1,850 estates) -----------
GEN=$(pwd)/bench/bench-city
cdb="$T/city.db"
run "$GEN" roster "$T/city.csv"
run "$GEN" plans "$T/plans"
run "$OFFICE" init --db "$cdb"
run "$OFFICE" roster import --db "$cdb" "$T/city.csv"
(cd "$T/plans" && printf '%s\n' *.json |
    xargs "$OFFICE" plan import --db ../city.db >/dev/null) || die "plans"
p3=$(free_port)
"$OFFICE" serve --db "$cdb" --listen "127.0.0.1:$p3" --cert "$T/tls/server.pem" \
    --key "$T/tls/server.key" --pidfile "$T/city.pid" >"$T/city.out" 2>"$T/city.err" &
cpid=$!
pids="$pids $cpid"
wait_pidfile "$T/city.pid"
t0=$(now)
curl -sS --fail --cacert "$T/tls/ca.pem" -o "$T/index.html" \
    "https://localhost:$p3/" 2>"$T/err" || die "GET / (city)"
first=$(($(now) - t0))
p4=$(free_port)
"$STATIC" "$cdb" "$p4" "$T/tls/server.pem" "$T/tls/server.key" "$T/index.html" \
    "$T/static2.pid" >"$T/static2.out" 2>"$T/static2.err" &
pids="$pids $!"
wait_pidfile "$T/static2.pid"
index_rps=$(load "https://127.0.0.1:$p3/")
static2_rps=$(load "https://127.0.0.1:$p4/")
rss=$(awk '/^VmHWM:/ { printf "%d", $2 / 1024 }' "/proc/$cpid/status")
echo "serve: GET / with the city loaded ($(stat -c %s "$T/index.html") bytes), after the first request"
printf '  %-44s %10s s\n' "first request (every estate summarised)" "$(awk -v ns="$first" 'BEGIN { printf "%.2f", ns / 1e9 }')"
printf '  %-44s %10s req/s\n' "/ (renovote-office serve)" "$(thousands "$index_rps")"
printf '  %-44s %10s req/s\n' "static baseline (same server, same bytes)" "$(thousands "$static2_rps")"
echo "  / runs at $(ratio "$index_rps" "$static2_rps" 2) of the static baseline"
printf '  %-44s %10s MB (target 64)\n' "serve peak RSS with the city" "$rss"
