#!/bin/sh
# make bench, part 2: renovote-office ingest of one kiosk bundle of
# 200,000 answer records, beside its baseline measured in the same run:
# the sqlite3 shell copying the same rows into the same 4 B-trees (the
# ledger and its receipt index, the answers and their question index) of
# an empty office database, with the store's settings (WAL,
# synchronous=FULL, the same page cache), in one transaction.  Also a
# re-ingest of the same bundle (stores nothing), the floor of checking
# (SHA-256 over every record's encoding), and the growth table: bundles
# of one estate's kiosk, of a district's and of the city's.  See
# docs/performance.md for what the figures mean.
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
ESTATE_N=1000			# growth table: one estate's kiosk
DISTRICT_N=20000		# and a district's kiosks
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

# The baseline's database: the office's schema, empty, as enrolled.db.
fresh_base() {
	rm -f "$T/base.db" "$T/base.db-wal" "$T/base.db-shm"
	cp "$T/enrolled.db" "$T/base.db" || die "copy enrolled.db"
}

# Ingest bundle $2 of $1 records into a fresh office (best of RUNS),
# check what it stored, then time the baseline copying the same rows.
# Leaves the times in $ours and $base (ns); $T/office.db keeps the rows.
measure() {
	best_of enrolled_office "$OFFICE" ingest --db "$T/office.db" "$2"
	ours=$best
	grep -q "stored $1 new records" "$T/out" ||
	    die "ingest did not say it stored $1 new records: $(cat "$T/out")"
	[ "$(count "$T/office.db" \
	    "SELECT count(*) FROM ledger WHERE device = '$DEVICE'")" = "$1" ] ||
	    die "office.db does not hold $1 ledger records"
	[ "$(count "$T/office.db" \
	    "SELECT count(*) FROM answer WHERE device = '$DEVICE'")" = "$1" ] ||
	    die "office.db does not hold $1 answers"
	[ "$(count "$T/office.db" \
	    "SELECT seq FROM head WHERE device = '$DEVICE'")" = "$1" ] ||
	    die "office.db does not hold the signed head of seq $1"
	best_of fresh_base "$SQLITE3" "$T/base.db" ".read $T/copy.sql"
	base=$best
	[ "$(count "$T/base.db" "SELECT count(*) FROM answer")" = "$1" ] ||
	    die "base.db does not hold $1 answers"
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

copy_sql "$T/office.db" "$T/copy.sql"

# --- the kiosk, its chain and its bundles -----------------------------
run "$OFFICE" init --db "$T/enrolled.db"
run "$KIOSK" init --db "$T/kiosk.db" --name "$DEVICE" \
    --pubkey-out "$T/kiosk.pem"
run "$OFFICE" kiosk enroll --db "$T/enrolled.db" --name "$DEVICE" \
    --pubkey "$T/kiosk.pem"
# The chain grows to each size in turn; each bundle is the whole chain.
t0=$(now)
made=0
sizes=
for n in $ESTATE_N $DISTRICT_N; do
	[ "$n" -lt "$N" ] || continue
	run "$GEN" chain "$T/kiosk.db" $((n - made))
	run "$KIOSK" export --db "$T/kiosk.db" --out "$T/bundle-$n"
	made=$n
	sizes="$sizes $n"
done
run "$GEN" chain "$T/kiosk.db" $((N - made))
chain_ns=$(($(now) - t0))
t0=$(now)
run "$KIOSK" export --db "$T/kiosk.db" --out "$T/bundle"
export_ns=$(($(now) - t0))
bundle_bytes=$(wc -c <"$T/bundle")
bundle_bytes=$((bundle_bytes))
[ ! -f "$T/enrolled.db-wal" ] || die "enrolled.db-wal left behind"

# --- growth: one estate's kiosk, a district's -------------------------
growth=
for n in $sizes; do
	measure "$n" "$T/bundle-$n"
	growth="$growth $n:$ours:$base"
done

# --- the city's bundle, then the same again ---------------------------
measure "$N" "$T/bundle"
ingest_ns=$ours
base_ns=$base
best_of : "$OFFICE" ingest --db "$T/office.db" "$T/bundle"
reingest_ns=$best
grep -q "nothing new" "$T/out" ||
    die "a second ingest did not say nothing new: $(cat "$T/out")"
[ "$(count "$T/office.db" "SELECT count(*) FROM ledger")" = "$N" ] ||
    die "a second ingest changed the ledger"
best_inner : "$GEN" sha256 "$T/bundle"
sha_ns=$best

# --- the table --------------------------------------------------------
cpu=$(sed -n 's/^model name[[:space:]]*: *//p' /proc/cpuinfo 2>/dev/null |
    head -1)
echo
echo "renovote make bench, ingest: one bundle of $(thousands "$N")" \
    "answers, kiosk $DEVICE, $(thousands "$bundle_bytes") bytes"
echo "machine: $(nproc 2>/dev/null || echo '?') CPUs (nproc)," \
    "${cpu:-unknown CPU}, $(uname -sm); sqlite3 $("$SQLITE3" -version |
    cut -d' ' -f1); $(date +%F)"
echo "each figure: best of $RUNS runs, wall time"
echo
printf '%-16s%11s %13s   %s\n' "" "per second" "time" "what"
row "ingest" "$(rate "$N" "$ingest_ns")" "$ingest_ns" \
    "renovote-office ingest, whole process"
row "sqlite3 copy" "$(rate "$N" "$base_ns")" "$base_ns" \
    "the same rows into the same 4 B-trees, WAL, FULL"
row "re-ingest" "$(rate "$N" "$reingest_ns")" "$reingest_ns" \
    "the same bundle again: checked, nothing stored"
row "SHA-256" "$(rate "$N" "$sha_ns")" "$sha_ns" "sha256() of each record"
echo
echo "ingest / sqlite3 copy: $(ratio "$ingest_ns" "$base_ns")x (target" \
    "2x); re-ingest / ingest: $(ratio "$reingest_ns" "$ingest_ns" 2);" \
    "ingest / SHA-256: $(ratio "$ingest_ns" "$sha_ns")x"
printf '(setup, 1 run: chain %s s, export %s s)\n' "$(secs "$chain_ns")" \
    "$(secs "$export_ns")"
echo
growth_head "ingest, growing" "records"
for g in $growth; do
	n=${g%%:*}
	rest=${g#*:}
	if [ "$n" = "$ESTATE_N" ]; then
		what="one estate's kiosk"
	else
		what="a district's kiosks"
	fi
	growth_row "$what" "$n" "${rest%%:*}" "${rest#*:}"
done
growth_row "the city's" "$N" "$ingest_ns" "$base_ns"
echo
echo "verified: each bundle's records stored once; a second ingest" \
    "stores nothing new."
echo "ingest bench done in $(secs "$(($(now) - start))") s; see" \
    "$top_srcdir/docs/performance.md"
