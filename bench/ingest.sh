#!/bin/sh
# make bench, part 2: renovote-office ingest of one kiosk bundle of
# 200,000 answer records, beside the two floors under it measured in the
# same run: raw SHA-256 over the same record encodings (one hash per
# record is what verifying a bundle needs, with one Ed25519 signature for
# the whole bundle), and raw SQLite inserting as many rows of the same
# shape.  See docs/performance.md for what the figures mean.
#
# Run from the build directory (make bench does): the programs are
# ./renovote-office, ./renovote-kiosk and ./bench/bench-ingest, the
# scratch directory is ./bench/tmp and is removed at the end.  Every
# figure is the best of 3 runs.  Any failure stops the run with a
# non-zero exit.

set -eu

# The checks below read the programs' messages: keep them untranslated.
LC_ALL=C.UTF-8
LANGUAGE=
export LC_ALL LANGUAGE

top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
. "$top_srcdir/bench/lib.sh"
OFFICE=$(pwd)/renovote-office
KIOSK=$(pwd)/renovote-kiosk
GEN=$(pwd)/bench/bench-ingest
SQLITE3=${SQLITE3:-sqlite3}
T=bench/tmp
RUNS=3
N=${BENCH_INGEST_N:-200000}	# records in the bundle
DEVICE=bench-kiosk		# bench-ingest chain writes only this kiosk

# Run a bench-ingest timing command RUNS times, calling the shell
# function $1 before each run; it prints "what: N unit in NS ns, ...".
# Leaves the best of its own timings in $best (ns).
best_inner() {
	prep=$1
	shift
	best=
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		$prep
		"$@" >"$T/out" 2>"$T/err" || die "$*"
		d=$(awk '$6 == "ns," { print $5 }' "$T/out")
		case $d in
		''|*[!0-9]*) die "$*: no timing in its output" ;;
		esac
		if [ -z "$best" ] || [ "$d" -lt "$best" ]; then
			best=$d
		fi
		i=$((i + 1))
	done
}

# n per second, given nanoseconds, as an integer.
rate() {
	awk -v n="$1" -v ns="$2" 'BEGIN { printf "%.0f", n * 1e9 / ns }'
}

# Nanoseconds as milliseconds with one decimal.
msecs() {
	awk -v ns="$1" 'BEGIN { printf "%.1f", ns / 1e6 }'
}

# One row of the table: what, rate (per second), time (ns), how.
row() {
	printf '%-16s%11s %10s ms   %s\n' "$1" "$(thousands "$2")" \
	    "$(msecs "$3")" "$4"
}

# The office database as it was right after enrolling the kiosk.
enrolled_office() {
	rm -f "$T/office.db" "$T/office.db-wal" "$T/office.db-shm"
	cp "$T/enrolled.db" "$T/office.db" || die "restore enrolled.db"
}

# A fresh place for the SQLite baseline's database.
fresh_base() {
	rm -f "$T/base.db" "$T/base.db-wal" "$T/base.db-shm"
}

needs "$OFFICE" "$KIOSK" "$GEN"
case $N in
''|*[!0-9]*|0) echo "ingest.sh: BENCH_INGEST_N='$N' is not a count" >&2
	exit 1 ;;
esac

rm -rf "$T"
mkdir -p "$T"
trap 'rm -rf "$T"' EXIT
trap 'exit 130' INT TERM
start=$(now)

# --- the kiosk, its chain and its bundle ------------------------------
run "$OFFICE" init --db "$T/enrolled.db"
run "$KIOSK" init --db "$T/kiosk.db" --name "$DEVICE" \
    --pubkey-out "$T/kiosk.pem"
run "$OFFICE" kiosk enroll --db "$T/enrolled.db" --name "$DEVICE" \
    --pubkey "$T/kiosk.pem"
t0=$(now)
run "$GEN" chain "$T/kiosk.db" "$N"
chain_ns=$(($(now) - t0))
t0=$(now)
run "$KIOSK" export --db "$T/kiosk.db" --out "$T/bundle"
export_ns=$(($(now) - t0))
bundle_bytes=$(wc -c <"$T/bundle")
bundle_bytes=$((bundle_bytes))
[ ! -f "$T/enrolled.db-wal" ] || die "enrolled.db-wal left behind"

# --- ingest -----------------------------------------------------------
best_of enrolled_office "$OFFICE" ingest --db "$T/office.db" "$T/bundle"
ingest_ns=$best
grep -q "stored $N new records" "$T/out" ||
    die "ingest did not say it stored $N new records: $(cat "$T/out")"
[ "$(count "$T/office.db" \
    "SELECT count(*) FROM ledger WHERE device = '$DEVICE'")" = "$N" ] ||
    die "office.db does not hold $N ledger records"
[ "$(count "$T/office.db" \
    "SELECT count(*) FROM answer WHERE device = '$DEVICE'")" = "$N" ] ||
    die "office.db does not hold $N answers"
[ "$(count "$T/office.db" \
    "SELECT seq FROM head WHERE device = '$DEVICE'")" = "$N" ] ||
    die "office.db does not hold the signed head of seq $N"
run "$OFFICE" ingest --db "$T/office.db" "$T/bundle"
grep -q "nothing new" "$T/out" ||
    die "a second ingest did not say nothing new: $(cat "$T/out")"
[ "$(count "$T/office.db" "SELECT count(*) FROM ledger")" = "$N" ] ||
    die "a second ingest changed the ledger"

# --- the floors -------------------------------------------------------
best_inner : "$GEN" sha256 "$T/bundle"
sha_ns=$best
best_inner fresh_base "$GEN" sqlite "$N" "$T/base.db"
sql_ns=$best
[ "$(count "$T/base.db" "SELECT count(*) FROM ledger")" = "$N" ] ||
    die "base.db does not hold $N rows"

# --- the table --------------------------------------------------------
ingest_rate=$(rate "$N" "$ingest_ns")
sha_rate=$(rate "$N" "$sha_ns")
sql_rate=$(rate "$N" "$sql_ns")
cpu=$(sed -n 's/^model name[[:space:]]*: *//p' /proc/cpuinfo 2>/dev/null |
    head -1)
echo
echo "renovote make bench, ingest: one bundle of $(thousands "$N")" \
    "answers, kiosk $DEVICE, $(thousands "$bundle_bytes") bytes"
echo "machine: $(nproc 2>/dev/null || echo '?') CPUs (nproc)," \
    "${cpu:-unknown CPU}, $(uname -sm); sqlite3 $("$SQLITE3" -version |
    cut -d' ' -f1); $(date +%F)"
echo "each figure: best of $RUNS runs"
echo
printf '%-16s%11s %13s   %s\n' "" "per second" "time" "what"
row "ingest" "$ingest_rate" "$ingest_ns" \
    "renovote-office ingest, whole process"
row "SHA-256" "$sha_rate" "$sha_ns" "sha256() of each record"
row "SQLite inserts" "$sql_rate" "$sql_ns" \
    "1 table, no index, WAL, synchronous=FULL"
echo
echo "ingest / SHA-256 rate: $(ratio "$ingest_rate" "$sha_rate" 3)" \
    "(ingest takes $(ratio "$ingest_ns" "$sha_ns" 1)x the hashing time)"
echo "ingest / SQLite rate:  $(ratio "$ingest_rate" "$sql_rate" 3)" \
    "(ingest takes $(ratio "$ingest_ns" "$sql_ns" 1)x the raw insert time)"
printf '(setup, 1 run: chain %s s, export %s s)\n' \
    "$(awk -v ns="$chain_ns" 'BEGIN { printf "%.2f", ns / 1e9 }')" \
    "$(awk -v ns="$export_ns" 'BEGIN { printf "%.2f", ns / 1e9 }')"
echo
echo "verified: $(thousands "$N") records stored once; a second ingest" \
    "stores nothing new."
echo "ingest bench done in $(awk -v ns="$(($(now) - start))" \
    'BEGIN { printf "%.2f", ns / 1e9 }') s; see" \
    "$top_srcdir/docs/performance.md"
