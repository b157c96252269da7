#!/bin/sh
# make bench-province: a province's street offices roll up into one
# PostgreSQL server.  Every office is a city the size of Luoyang's old
# estates (bench-city: 1,850 estates, 201,831 flats) whose answers were
# entered as paper ballots, so each is a signed office chain of about
# 424,000 records; its estates are renamed (LY-0001 becomes C07-0001 at
# the 7th office) and it has a key and a role of its own.  The offices
# push one after the other (renovote-office federate); at a few sizes
# on the way the city re-verifies and tallies everything pushed so far
# (city tally --json), each beside its baseline in the same run: COPY of
# the same rows (records, heads, estates, flats, plans ...), and one SQL GROUP BY over the same answers as
# plain columns.  See docs/performance.md, "Federation".
#
#   BENCH_PROVINCE_OFFICES   offices (default 20: 4 million flats)
#   BENCH_PROVINCE_ESTATES   estates an office (default all 1,850; fewer
#                            for a quick look)
#
# Run from the build directory (make bench-province does).  The scratch
# directory ./bench/tmp and the server's folder are removed at the end.
# The runs are long (20 offices: about half an hour on 2 CPUs), so each
# figure is one run, wall time.  Without PostgreSQL, says so and exits 0.

top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
. "$top_srcdir/bench/lib.sh"
. "$top_srcdir/tests/cli/pg-lib.sh"
. "$top_srcdir/bench/pg-bench.sh"
NOFFICES=${BENCH_PROVINCE_OFFICES:-20}
NESTATES=${BENCH_PROVINCE_ESTATES:-}
RUNS=1

# The estates' prefix at office $1: C01, C02, ...
prefix() {
	printf 'C%02d' "$1"
}

# office_make K: office database $T/cK.db holding the city renamed for
# office K, its roster, plans and every paper ballot, entered by
# ballots import (so signed into the office's own chain).
office_make() {
	om_pre=$(prefix "$1")
	sed "s/^LY-/$om_pre-/" "$T/city.csv" >"$T/roster.csv"
	sed "s/^LY-/$om_pre-/" "$T/ballots.csv" >"$T/office-ballots.csv"
	rm -rf "$T/office-plans"
	mkdir "$T/office-plans"
	# One awk for the 1,850 files: a sed each costs seconds an office.
	(cd "$T/plans" && awk -v pre="$om_pre" '
	    FNR == 1 { if (out != "") close(out)
		out = "../office-plans/" pre "-" substr(FILENAME, 6) }
	    { gsub(/LY-/, pre "-"); print > out }' ./*.json) ||
	    die "plans of office $1"
	planned_db "$T/c$1.db" "$T/roster.csv" "$T/office-plans"
	run "$OFFICE" ballots import --db "$T/c$1.db" --clerk bench \
	    "$T/office-ballots.csv"
	rm -rf "$T/office-plans" "$T/roster.csv" "$T/office-ballots.csv"
}

# One row of the table: offices, flats, records, push and COPY (ns),
# city tally and GROUP BY (ns).
row() {
	printf '%7s %10s %11s %9s s %7s s %5sx %9s s %7s s %5sx\n' "$1" \
	    "$(thousands "$2")" "$(thousands "$3")" "$(secs "$4")" \
	    "$(secs "$5")" "$(ratio "$4" "$5")" "$(secs "$6")" \
	    "$(secs "$7")" "$(ratio "$6" "$7")"
}

needs "$OFFICE" "$GEN"
pg_bench_usable province.sh || exit 0
case $NOFFICES in
''|*[!0-9]*|0) die "BENCH_PROVINCE_OFFICES: not a number of offices" ;;
esac
start=$(now)
pg_bench_start

# --- one city's roster, plans and paper ballots (setup) ---------------
city_ballots
rm -f "$T/planned.db" "$T/planned.db-wal" "$T/planned.db-shm" \
    "$T/planned.db.key" "$T/answers.csv"
if [ -n "$NESTATES" ]; then
	first_estates "$T/city-ballots.csv" "$NESTATES" >"$T/ballots.csv"
	awk -F, 'NR == FNR { keep[$1] = 1; next } FNR == 1 || keep[$1]' \
	    "$T/ballots.csv" "$T/city.csv" >"$T/roster.csv"
	mv "$T/roster.csv" "$T/city.csv"
else
	mv "$T/city-ballots.csv" "$T/ballots.csv"
fi
flats=$(($(wc -l <"$T/city.csv") - 1))
estates=$(awk -F, 'NR > 1 { print $1 }' "$T/city.csv" | sort -u | wc -l)

# The sizes measured on the way: 1 office, a quarter, all.
points=" 1 $(((NOFFICES + 3) / 4)) $NOFFICES "

# --- the offices push one after the other -----------------------------
push_ns=0 records=0 k=0 table=
while [ "$k" -lt "$NOFFICES" ]; do
	k=$((k + 1))
	office_make "$k"
	pg_bench_enrol "$T/c$k.db" "$(prefix "$k" | tr C c)"
	t0=$(now)
	run "$OFFICE" federate --db "$T/c$k.db" --pg "$OFF"
	push_ns=$((push_ns + $(now) - t0))
	n=$(sed -n 's/.*: \([0-9]*\) records of [0-9]* devices.*/\1/p' \
	    "$T/out")
	[ -n "$n" ] && [ "$n" -gt 0 ] ||
	    die "office $k pushed nothing: $(cat "$T/out")"
	records=$((records + n))
	answers_add "$T/c$k.db"
	echo "province.sh: office $k of $NOFFICES pushed $(thousands "$n")" \
	    "records ($(secs "$(($(now) - start))") s)" >&2
	case $points in
	*" $k "*) ;;
	*) continue ;;
	esac
	points=$(echo "$points" | sed "s/ $k / /g")
	copy_baseline
	copy_ns=$best
	t0=$(now)
	if command -v /usr/bin/time >/dev/null 2>&1; then
		run /usr/bin/time -f '%M' -o "$T/rss" \
		    "$OFFICE" city tally --pg "$SU" --json
	else
		run "$OFFICE" city tally --pg "$SU" --json
	fi
	tally_ns=$(($(now) - t0))
	grep -q '"estate_id": *"'"$(prefix "$k")"'-0001"' "$T/out" ||
	    die "the city tally has no estate of office $k"
	groupby_baseline
	group_ns=$best
	table="$table$(row "$k" "$((flats * k))" "$records" "$push_ns" \
	    "$copy_ns" "$tally_ns" "$group_ns")
"
done

# --- a second push of every office adds nothing -----------------------
t0=$(now)
k=0
while [ "$k" -lt "$NOFFICES" ]; do
	k=$((k + 1))
	run "$OFFICE" federate --db "$T/c$k.db" \
	    --pg "host=$PG dbname=renovote user=office_$(prefix "$k" | tr C c)"
	grep -q ": 0 records of 0 devices" "$T/out" ||
	    die "a second push of office $k pushed something: $(cat "$T/out")"
done
repush_ns=$(($(now) - t0))
su_sql "SELECT pg_database_size('renovote')"
pg_bytes=$(cat "$T/out")
stores=$(du -ck "$T"/c*.db* | tail -1 | cut -f1)

# --- the table --------------------------------------------------------
echo
echo "renovote make bench-province: $NOFFICES offices, each a city of" \
    "$(thousands "$estates") estates and $(thousands "$flats") flats"
pg_machine
echo "each figure: one run, wall time; push is every office's federate in" \
    "turn; COPY: every row the pushes wrote (records, heads, estates," \
    "flats, plans ...), binary, one COPY a table"
echo
printf '%7s %10s %11s %11s %9s %6s %11s %9s %6s\n' offices flats records \
    push COPY ratio "city tally" "GROUP BY" ratio
printf '%s' "$table"
echo
echo "push: $(thousands "$(awk -v n="$records" -v ns="$push_ns" \
    'BEGIN { printf "%.0f", n * 1e9 / ns }')") records/s; city tally:" \
    "$(thousands "$(awk -v n="$records" -v ns="$tally_ns" \
    'BEGIN { printf "%.0f", n * 1e9 / ns }')") records/s"
echo "second push of all $NOFFICES offices: $(secs "$repush_ns") s," \
    "nothing new"
echo "PostgreSQL database: $((pg_bytes / 1048576)) MB;" \
    "the offices' SQLite files: $((stores / 1024)) MB$(
    [ -s "$T/rss" ] && echo "; city tally peak memory:" \
    "$(($(cat "$T/rss") / 1024)) MB")"
echo "province bench done in $(secs "$(($(now) - start))") s; see" \
    "$top_srcdir/docs/performance.md"
