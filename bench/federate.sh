#!/bin/sh
# make bench, federation: an office holding one kiosk chain of 100,000
# answer records pushes it to a private PostgreSQL server
# (renovote-office federate), beside PostgreSQL's own floor for storing
# the same rows (COPY of them in binary, as the push left them: the
# records and heads, estates, flats, plans ...); then
# the city re-verifies and tallies them (city tally), beside one SQL
# GROUP BY over the same answers already in PostgreSQL as plain columns.
# See docs/performance.md, "Federation", for what the figures mean.
#
# Run from the build directory (make bench does): the programs are
# ./renovote-office, ./renovote-kiosk and ./bench/bench-ingest, the
# scratch directory is ./bench/tmp and is removed at the end, as is the
# server's folder.  Every figure is the best of 3 runs of wall time.
# Without PostgreSQL (initdb) or a build with it, says so and exits 0.

top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
. "$top_srcdir/bench/lib.sh"
. "$top_srcdir/tests/cli/pg-lib.sh"
. "$top_srcdir/bench/pg-bench.sh"
KIOSK=$(pwd)/renovote-kiosk
GEN=$(pwd)/bench/bench-ingest
N=${BENCH_FEDERATE_N:-100000}	# records in the chain
DEVICE=bench-kiosk		# bench-ingest chain writes only this kiosk

# One row of the table: what, rate (per second), time (ns), how.
row() {
	printf '%-16s%11s %10s s   %s\n' "$1" \
	    "$(thousands "$(awk -v n="$N" -v ns="$2" 'BEGIN { printf "%.0f", n * 1e9 / ns }')")" \
	    "$(secs "$2")" "$3"
}

needs "$OFFICE" "$KIOSK" "$GEN"
pg_bench_usable federate.sh || exit 0
start=$(now)
pg_bench_start

# --- the office: one kiosk's chain, ingested --------------------------
run "$OFFICE" init --db "$T/office.db"
run "$KIOSK" init --db "$T/kiosk.db" --name "$DEVICE" \
    --pubkey-out "$T/kiosk.pem"
run "$OFFICE" kiosk enroll --db "$T/office.db" --name "$DEVICE" \
    --pubkey "$T/kiosk.pem"
run "$GEN" chain "$T/kiosk.db" "$N"
run "$KIOSK" export --db "$T/kiosk.db" --out "$T/bundle"
run "$OFFICE" ingest --db "$T/office.db" "$T/bundle"
pg_bench_enrol "$T/office.db" bench

# --- push, beside COPY of the same rows -------------------------------
best_of empty_city "$OFFICE" federate --db "$T/office.db" --pg "$OFF"
push_ns=$best
grep -q ": $N records of 1 devices" "$T/out" ||
    die "federate did not push $N records: $(cat "$T/out")"
best_of : "$OFFICE" federate --db "$T/office.db" --pg "$OFF"
repush_ns=$best
grep -q ": 0 records of 0 devices" "$T/out" ||
    die "a second push pushed something: $(cat "$T/out")"
copy_baseline
copy_ns=$best

# --- city tally, beside one GROUP BY ----------------------------------
best_of : "$OFFICE" city tally --pg "$SU" --json
tally_ns=$best
answers_add "$T/office.db"
groupby_baseline
group_ns=$best

# --- the table --------------------------------------------------------
echo
echo "renovote make bench, federation: one office, kiosk $DEVICE," \
    "$(thousands "$N") answer records"
pg_machine
echo "each figure: best of $RUNS runs, wall time"
echo
printf '%-16s%11s %12s   %s\n' "" "records/s" "time" "what"
row "push" "$push_ns" "renovote-office federate into empty tables"
row "COPY" "$copy_ns" "COPY of every row the push wrote, binary, one statement a table"
row "re-push" "$repush_ns" "federate again: nothing new"
row "city tally" "$tally_ns" "city tally --json: every record re-checked, ingested, tallied"
row "GROUP BY" "$group_ns" "one SELECT ... GROUP BY over the answers as columns"
echo
echo "push / COPY: $(ratio "$push_ns" "$copy_ns")x;" \
    "city tally / GROUP BY: $(ratio "$tally_ns" "$group_ns")x"
echo "federate bench done in $(secs "$(($(now) - start))") s; see" \
    "$top_srcdir/docs/performance.md"
