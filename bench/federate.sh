#!/bin/sh
# make bench, federation: an office holding one kiosk chain of 100,000
# answer records pushes it to a private PostgreSQL server
# (renovote-office federate), beside PostgreSQL's own floor for storing
# the same rows (COPY of them in binary, as the push left them); then
# the city re-verifies and tallies them (city tally), beside one SQL
# GROUP BY over the same answers already in PostgreSQL as plain columns.
# See docs/performance.md, "Federation", for what the figures mean.
#
# Run from the build directory (make bench does): the programs are
# ./renovote-office, ./renovote-kiosk and ./bench/bench-ingest, the
# scratch directory is ./bench/tmp and is removed at the end, as is the
# server's folder.  Every figure is the best of 3 runs of wall time.
# Without PostgreSQL (initdb) or a build with it, says so and exits 0.

set -eu

LC_ALL=C.UTF-8
LANGUAGE=
export LC_ALL LANGUAGE

top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
. "$top_srcdir/bench/lib.sh"
. "$top_srcdir/tests/cli/pg-lib.sh"
OFFICE=$(pwd)/renovote-office
KIOSK=$(pwd)/renovote-kiosk
GEN=$(pwd)/bench/bench-ingest
SQLITE3=${SQLITE3:-sqlite3}
T=bench/tmp
RUNS=3
N=${BENCH_FEDERATE_N:-100000}	# records in the chain
DEVICE=bench-kiosk		# bench-ingest chain writes only this kiosk
TABLES="record, head, snapshot, estate, flat, plan, codes_epoch, device,
    flag, package_body, publication, publication_tree, objection"

# One row of the table: what, rate (per second), time (ns), how.
row() {
	printf '%-16s%11s %10s s   %s\n' "$1" \
	    "$(thousands "$(awk -v n="$N" -v ns="$2" 'BEGIN { printf "%.0f", n * 1e9 / ns }')")" \
	    "$(secs "$2")" "$3"
}

# One statement as the superuser, quietly.
su_sql() {
	psql -X -q -A -t -v ON_ERROR_STOP=1 "$SU" -c "$1" >"$T/out" 2>"$T/err" ||
	    die "psql: $1"
}

# The city's tables empty again, for the next push.
empty_city() {
	su_sql "TRUNCATE $TABLES"
}

# The record table empty again, for the next COPY.
empty_records() {
	su_sql "TRUNCATE record"
}

needs "$OFFICE" "$KIOSK" "$GEN"
if ! pg_find || ! command -v psql >/dev/null 2>&1; then
	echo "federate.sh: no PostgreSQL (initdb, psql); skipped"
	exit 0
fi
if "$OFFICE" city tally --pg 'host=/nonexistent' 2>&1 |
    grep -q 'without PostgreSQL'; then
	echo "federate.sh: renovote-office built without PostgreSQL; skipped"
	exit 0
fi

rm -rf "$T"
mkdir -p "$T"
trap 'pg_stop; rm -rf "$T"' EXIT
trap 'exit 130' INT TERM
start=$(now)
pg_start || die "PostgreSQL did not start: $(tail -3 "$PG/log")"
SU="host=$PG dbname=renovote user=postgres"
OFF="host=$PG dbname=renovote user=office_bench"

# --- the office: one kiosk's chain, ingested --------------------------
run "$OFFICE" init --db "$T/office.db"
run "$KIOSK" init --db "$T/kiosk.db" --name "$DEVICE" \
    --pubkey-out "$T/kiosk.pem"
run "$OFFICE" kiosk enroll --db "$T/office.db" --name "$DEVICE" \
    --pubkey "$T/kiosk.pem"
run "$GEN" chain "$T/kiosk.db" "$N"
run "$KIOSK" export --db "$T/kiosk.db" --out "$T/bundle"
run "$OFFICE" ingest --db "$T/office.db" "$T/bundle"
"$SQLITE3" "$T/office.db" "SELECT value FROM meta WHERE key = 'pubkey'" \
    >"$T/office.pem" || die "office key"

# --- the city ---------------------------------------------------------
run "$OFFICE" city init --pg "$SU" --schema "$top_srcdir/server-sync/federation.sql"
su_sql "CREATE ROLE office_bench LOGIN"
run "$OFFICE" city enrol-office --pg "$SU" --office bench \
    --role office_bench --pubkey "$T/office.pem"

# --- push, beside COPY of the same rows -------------------------------
best_of empty_city "$OFFICE" federate --db "$T/office.db" --pg "$OFF"
push_ns=$best
grep -q ": $N records of 1 devices" "$T/out" ||
    die "federate did not push $N records: $(cat "$T/out")"
best_of : "$OFFICE" federate --db "$T/office.db" --pg "$OFF"
repush_ns=$best
grep -q ": 0 records of 0 devices" "$T/out" ||
    die "a second push pushed something: $(cat "$T/out")"
su_sql "COPY record TO '$PG/record.bin' WITH (FORMAT binary)"
best_of empty_records psql -X -q -v ON_ERROR_STOP=1 "$SU" \
    -c "COPY record FROM '$PG/record.bin' WITH (FORMAT binary)"
copy_ns=$best
su_sql "SELECT count(*) FROM record"
[ "$(cat "$T/out")" = "$N" ] || die "COPY left $(cat "$T/out") records"

# --- city tally, beside one GROUP BY ----------------------------------
best_of : "$OFFICE" city tally --pg "$SU" --json
tally_ns=$best
"$SQLITE3" -csv "$T/office.db" "SELECT device, seq, estate_id, question_id,
    flat_id, choice, cast_at FROM answer" >"$T/answers.csv" ||
    die "answers.csv"
chmod 0644 "$T/answers.csv"
su_sql "CREATE TABLE answer_flat (device text, seq bigint, estate_id text,
    question_id text, flat_id text, choice text, cast_at bigint)"
psql -X -q -v ON_ERROR_STOP=1 "$SU" \
    -c "\\copy answer_flat FROM '$T/answers.csv' WITH (FORMAT csv)" \
    >"$T/out" 2>"$T/err" || die "copy answers"
su_sql "ANALYZE answer_flat"
best_of : psql -X -q -A -t -v ON_ERROR_STOP=1 "$SU" -c "SELECT estate_id,
    question_id, choice, count(DISTINCT flat_id) FROM answer_flat
    GROUP BY 1, 2, 3"
group_ns=$best

# --- the table --------------------------------------------------------
cpu=$(sed -n 's/^model name[[:space:]]*: *//p' /proc/cpuinfo 2>/dev/null |
    head -1)
echo
echo "renovote make bench, federation: one office, kiosk $DEVICE," \
    "$(thousands "$N") answer records, PostgreSQL" \
    "$("$PGBIN/postgres" --version | awk '{ print $3 }') on a Unix socket"
echo "machine: $(nproc 2>/dev/null || echo '?') CPUs (nproc)," \
    "${cpu:-unknown CPU}, $(uname -sm); $(date +%F)"
echo "each figure: best of $RUNS runs, wall time"
echo
printf '%-16s%11s %12s   %s\n' "" "records/s" "time" "what"
row "push" "$push_ns" "renovote-office federate into empty tables"
row "COPY" "$copy_ns" "COPY of the same record rows, binary, one statement"
row "re-push" "$repush_ns" "federate again: nothing new"
row "city tally" "$tally_ns" "city tally --json: every record re-checked, ingested, tallied"
row "GROUP BY" "$group_ns" "one SELECT ... GROUP BY over the answers as columns"
echo
echo "push / COPY: $(ratio "$push_ns" "$copy_ns")x;" \
    "city tally / GROUP BY: $(ratio "$tally_ns" "$group_ns")x"
echo "federate bench done in $(secs "$(($(now) - start))") s; see" \
    "$top_srcdir/docs/performance.md"
