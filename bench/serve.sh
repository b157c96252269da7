#!/bin/sh
# make bench, part 3: requests per second of the results page
# /e/LC-XNY-02 from renovote-office serve over HTTPS, beside a
# static-file baseline measured in the same run: bench-static, the same
# server code (TLS, limits, headers) answering the same page's bytes from
# memory.  The ratio is what building the page costs (one read snapshot
# of the store, the tally, the HTML).  The load is wrk: keep-alive
# connections, TLS handshakes once per connection.  A second baseline is
# nginx (nginx-light, one worker process as serve is one loop) serving
# the same bytes over TLS with the same certificate; without nginx its
# rows say they are skipped.
#
# Run from the build directory (make bench does).  The scratch directory
# is ./bench/tmp/serve and is removed at the end.  Any failure stops the
# run with a non-zero exit.

top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
. "$top_srcdir/bench/lib.sh"
STATIC=$(pwd)/bench/bench-static
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
trap 'for p in $pids $(cat "$T"/*/nginx.pid 2>/dev/null); do
	kill "$p" 2>/dev/null; done; rm -rf "$T"' EXIT

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

# nginx_start ROOT PORT NAME: nginx serving the files under ROOT on
# 127.0.0.1:PORT over TLS, as serve does (TLS 1.2 and 1.3, ECDHE with
# AEAD, keep-alive without a request limit), logging nothing; waits for
# for its pidfile.
nginx_start() {
	d="$(pwd)/$T/$3"
	mkdir -p "$d/tmp"
	cat >"$d/nginx.conf" <<EOF
daemon off;
worker_processes 1;
pid $d/nginx.pid;
error_log $d/error.log;
events { worker_connections 1024; }
http {
	access_log off;
	default_type text/html;
	keepalive_requests 1000000;
	client_body_temp_path $d/tmp;
	proxy_temp_path $d/tmp;
	fastcgi_temp_path $d/tmp;
	uwsgi_temp_path $d/tmp;
	scgi_temp_path $d/tmp;
	server {
		listen 127.0.0.1:$2 ssl;
		ssl_certificate $(pwd)/$T/tls/server.pem;
		ssl_certificate_key $(pwd)/$T/tls/server.key;
		ssl_protocols TLSv1.2 TLSv1.3;
		ssl_ciphers ECDHE+AESGCM:ECDHE+CHACHA20;
		root $1;
		index index.html;
	}
}
EOF
	"$NGINX" -e "$d/error.log" -c "$d/nginx.conf" >"$d/out" 2>&1 &
	wait_pidfile "$d/nginx.pid"
}

# nginx_row WHAT RPS NGINX_RPS: the nginx baseline's row and the ratio
# of RPS to it, or a line saying the row is skipped.
nginx_row() {
	if [ -z "$NGINX" ]; then
		echo "  nginx not installed: row skipped (apt-get install nginx-light)"
		return
	fi
	printf '  %-44s %10s req/s\n' "nginx baseline (1 worker, same bytes)" \
	    "$(thousands "$3")"
	echo "  $1 runs at $(ratio "$2" "$3" 2) of nginx (target 0.5)"
}

# nginx_load FILE URLPATH NAME: nginx serving FILE at URLPATH (the same
# bytes, checked); prints its requests/s, or nothing without nginx.
# Run in $(...): it stops its nginx itself.
nginx_load() {
	[ -n "$NGINX" ] || return 0
	mkdir -p "$T/$3/www${2%/*}"
	case $2 in
	*/) cp "$1" "$T/$3/www$2index.html" ;;
	*) cp "$1" "$T/$3/www$2" ;;
	esac
	port=$(free_port)
	nginx_start "$(pwd)/$T/$3/www" "$port" "$3"
	curl -sS --fail --cacert "$T/tls/ca.pem" -o "$T/$3/got" \
	    "https://localhost:$port$2" 2>"$T/err" || die "GET nginx $2"
	cmp -s "$1" "$T/$3/got" || die "nginx serves other bytes"
	load "https://127.0.0.1:$port$2"
	kill "$(cat "$T/$3/nginx.pid")"
}

NGINX=$(command -v nginx || command -v /usr/sbin/nginx || true)
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

nginx_rps=$(nginx_load "$T/page.html" "/e/$ESTATE" nginx)
page_rps=$(load "https://127.0.0.1:$p1/e/$ESTATE")
static_rps=$(load "https://127.0.0.1:$p2/e/$ESTATE")
[ "$page_rps" -gt 0 ] && [ "$static_rps" -gt 0 ] || die "no requests measured"

echo "serve: GET /e/$ESTATE over HTTPS, $size bytes, wrk $THREADS threads, $CONNS connections, ${SECONDS_} s each"
printf '  %-44s %10s req/s\n' "results page (renovote-office serve)" "$(thousands "$page_rps")"
printf '  %-44s %10s req/s\n' "static baseline (same server, same bytes)" "$(thousands "$static_rps")"
echo "  the page runs at $(ratio "$page_rps" "$static_rps" 2) of the static baseline"
nginx_row "the page" "$page_rps" "$nginx_rps"
kill $pids 2>/dev/null
wait 2>/dev/null
pids=

# --- / with a city loaded (bench/bench-city: 1,850 estates) -----------
cdb="$T/city.db"
run "$GEN" roster "$T/city.csv"
run "$GEN" plans "$T/plans"
planned_db "$cdb" "$T/city.csv"
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
nginx2_rps=$(nginx_load "$T/index.html" / nginx2)
index_rps=$(load "https://127.0.0.1:$p3/")
static2_rps=$(load "https://127.0.0.1:$p4/")
rss=$(awk '/^VmHWM:/ { printf "%d", $2 / 1024 }' "/proc/$cpid/status")
echo "serve: GET / with the city loaded ($(stat -c %s "$T/index.html") bytes), after the first request"
printf '  %-44s %10s s\n' "first request (every estate summarised)" "$(awk -v ns="$first" 'BEGIN { printf "%.2f", ns / 1e9 }')"
printf '  %-44s %10s req/s\n' "/ (renovote-office serve)" "$(thousands "$index_rps")"
printf '  %-44s %10s req/s\n' "static baseline (same server, same bytes)" "$(thousands "$static2_rps")"
echo "  / runs at $(ratio "$index_rps" "$static2_rps" 2) of the static baseline"
nginx_row "/" "$index_rps" "$nginx2_rps"
printf '  %-44s %10s MB (target 64)\n' "serve peak RSS with the city" "$rss"

# --- / growing: one estate, a district, the city ----------------------
kill $pids 2>/dev/null
wait 2>/dev/null
pids=
# index_growth NAME DB ESTATES: GET / of office DB after its first
# request, beside the static baseline serving the same bytes; one row.
index_growth() {
	g_pids=$pids
	rm -f "$T/g.pid" "$T/gs.pid"
	gport=$(free_port)
	"$OFFICE" serve --db "$2" --listen "127.0.0.1:$gport" \
	    --cert "$T/tls/server.pem" --key "$T/tls/server.key" \
	    --pidfile "$T/g.pid" >"$T/g.out" 2>"$T/g.err" &
	gpid=$!
	pids="$pids $gpid"
	wait_pidfile "$T/g.pid"
	curl -sS --fail --cacert "$T/tls/ca.pem" -o "$T/g.html" \
	    "https://localhost:$gport/" 2>"$T/err" || die "GET / ($1)"
	sport=$(free_port)
	"$STATIC" "$2" "$sport" "$T/tls/server.pem" "$T/tls/server.key" \
	    "$T/g.html" "$T/gs.pid" >"$T/gs.out" 2>"$T/gs.err" &
	spid=$!
	pids="$pids $spid"
	wait_pidfile "$T/gs.pid"
	g_rps=$(load "https://127.0.0.1:$gport/")
	gs_rps=$(load "https://127.0.0.1:$sport/")
	kill "$gpid" "$spid" 2>/dev/null
	wait "$gpid" "$spid" 2>/dev/null || true
	pids=$g_pids		# the EXIT trap kills only live servers
	growth_rps "$1" "$3" "$g_rps" "$gs_rps"
}

# growth_rps NAME ESTATES RPS BASE_RPS: one row of the table below.
growth_rps() {
	printf '  %-24s%9s %9s %9s   %sx\n' "$1" "$(thousands "$2")" \
	    "$(thousands "$3")" "$(thousands "$4")" "$(ratio "$3" "$4" 2)"
}

echo "serve: GET / growing, req/s after the first request; baseline: the" \
    "static server, same bytes"
printf '  %-24s%9s %9s %9s   %s\n' "" estates serve static ratio
for n in 1 "$DISTRICT"; do
	first_estates "$T/city.csv" "$n" >"$T/roster-$n.csv"
	planned_db "$T/e$n.db" "$T/roster-$n.csv"
done
index_growth "one estate" "$T/e1.db" 1
index_growth "district" "$T/e$DISTRICT.db" "$DISTRICT"
growth_rps "the city" "$(awk -F, 'NR > 1 && !seen[$1]++' "$T/city.csv" |
    wc -l)" "$index_rps" "$static2_rps"
