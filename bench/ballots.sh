#!/bin/sh
# make bench, ballots import: renovote-office ballots import of the paper
# ballots of a whole city (every answer bench-city makes, as a ballots
# CSV), beside sqlite3's .import of the same CSV rows into a typed table
# with the store's settings (WAL, synchronous=FULL), in the same run;
# then the same for one estate and for a district of DISTRICT estates
# (the growth table).  See docs/performance.md for what the figures mean.
#
# Run from the build directory (make bench does): the programs are
# ./renovote-office and ./bench/bench-city, the scratch directory is
# ./bench/tmp and is removed at the end.  Every figure is the best of 3
# runs of wall time.  Any failure stops the run with a non-zero exit.

top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
. "$top_srcdir/bench/lib.sh"

# The office database with the city's roster and plans, and its key.
planned_office() {
	rm -f "$T/office.db" "$T/office.db-wal" "$T/office.db-shm"
	cp "$T/planned.db" "$T/office.db" || die "restore planned.db"
	cp "$T/planned.db.key" "$T/office.db.key" || die "restore the key"
}

# A fresh place for the baseline's database.
fresh_base() {
	rm -f "$T/base.db" "$T/base.db-wal" "$T/base.db-shm"
}

# Time ballots import and its baseline on CSV $1; leaves the times in
# $ours and $base (ns) and the rows in $rows.
measure() {
	rows=$(($(wc -l <"$1") - 1))
	printf '.mode csv\n.import --skip 1 %s ballot\n' "$1" >"$T/import.sql"
	best_of planned_office "$OFFICE" ballots import --db "$T/office.db" \
	    --clerk bench "$1"
	ours=$best
	grep -q "Entered $rows paper ballots" "$T/out" ||
	    die "ballots import did not enter $rows ballots: $(cat "$T/out")"
	[ "$(count "$T/office.db" "SELECT count(*) FROM answer WHERE
	    device = 'office'")" = "$rows" ] ||
	    die "office.db does not hold $rows paper ballots"
	best_of base_import "$SQLITE3" "$T/base.db" ".read $T/import.sql"
	base=$best
	[ "$(count "$T/base.db" "SELECT count(*) FROM ballot")" = "$rows" ] ||
	    die "base.db does not hold $rows rows"
}

# The floor under the city's ballots import: the sqlite3 shell copying
# the rows it stored (in $T/office.db) into the same 4 B-trees of the
# planned database, with the store's settings; leaves the time in $best.
floor_copy() {
	copy_sql "$T/office.db" "$T/copy.sql"
	best_of planned_floor "$SQLITE3" "$T/floor.db" ".read $T/copy.sql"
	[ "$(count "$T/floor.db" "SELECT count(*) FROM answer")" = "$rows" ] ||
	    die "floor.db does not hold $rows answers"
}

# The planned database, for the floor's copy.
planned_floor() {
	rm -f "$T/floor.db" "$T/floor.db-wal" "$T/floor.db-shm"
	cp "$T/planned.db" "$T/floor.db" || die "copy planned.db"
}

# The baseline's typed table, empty, with the store's journal settings.
base_import() {
	fresh_base
	run "$SQLITE3" "$T/base.db" "PRAGMA journal_mode = WAL;
	    PRAGMA synchronous = FULL;
	    CREATE TABLE ballot (estate_id TEXT NOT NULL, flat_id TEXT NOT NULL,
	    question_id TEXT NOT NULL, choice TEXT NOT NULL,
	    cast_at TEXT NOT NULL)"
}

needs "$OFFICE" "$GEN"

scratch
start=$(now)

# --- the city, its roster and plans (setup) ---------------------------
city_ballots
first_estates "$T/city-ballots.csv" 1 >"$T/estate-ballots.csv"
first_estates "$T/city-ballots.csv" "$DISTRICT" >"$T/district-ballots.csv"
nestates=$(awk -F, 'NR > 1 { print $1 }' "$T/city-ballots.csv" | sort -u |
    wc -l)

# --- ballots import, growing ------------------------------------------
measure "$T/estate-ballots.csv"
estate_rows=$rows estate_ours=$ours estate_base=$base
measure "$T/district-ballots.csv"
district_rows=$rows district_ours=$ours district_base=$base
measure "$T/city-ballots.csv"
floor_copy
floor=$best

# --- the table --------------------------------------------------------
echo
echo "renovote make bench, ballots import: paper ballots of $(thousands \
    "$nestates") estates, $(thousands "$rows") rows"
machine
echo "each figure: best of $RUNS runs, wall time; baseline: sqlite3" \
    ".import of the same CSV rows into a typed table, WAL, FULL"
echo
growth_head "ballots import" "rows"
growth_row "one estate" "$estate_rows" "$estate_ours" "$estate_base"
growth_row "district ($DISTRICT estates)" "$district_rows" "$district_ours" \
    "$district_base"
growth_row "city ($(thousands "$nestates") estates)" "$rows" "$ours" "$base"
growth_row "city, floor: 4 B-trees" "$rows" "$ours" "$floor"
echo
echo "ratio = renovote / sqlite3 baseline, lower is better; the target" \
    "is 3x (docs/performance.md)."
echo "floor: sqlite3 copying the rows the city's import stored into the" \
    "same 4 B-trees (ledger, receipts, answers, questions), WAL, FULL."
echo "ballots bench done in $(secs "$(($(now) - start))") s; see" \
    "$top_srcdir/docs/performance.md"
