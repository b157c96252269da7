#!/bin/sh
# make bench, publish: renovote-office publish of the results site of a
# whole city (every answer bench-city makes, entered as paper ballots so
# that each estate's records can be signed as its publication), beside
# renovote-office tally --json over the same office database in the same
# run; then a re-publish after one paper ballot was entered in one
# estate, beside the city's publish; and the growth table: the site of
# one estate, of a district of DISTRICT estates and of the city, each
# beside its tally.  See docs/performance.md for what the figures mean.
#
# Run from the build directory (make bench does): the programs are
# ./renovote-office and ./bench/bench-city, the scratch directory is
# ./bench/tmp and is removed at the end.  Every figure is the best of 3
# runs of wall time.  Any failure stops the run with a non-zero exit.

set -eu

# The checks below read the programs' messages: keep them untranslated.
LC_ALL=C.UTF-8
LANGUAGE=
export LC_ALL LANGUAGE

top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
. "$top_srcdir/bench/lib.sh"
OFFICE=$(pwd)/renovote-office
GEN=$(pwd)/bench/bench-city
SQLITE3=${SQLITE3:-sqlite3}
T=bench/tmp
RUNS=3
DISTRICT=100			# estates of the middle row
OPENS=2026-12-01T08:00:00+08:00	# as bench-city's plans
CLOSES=2026-12-20T18:00:00+08:00
MARGIN_MS=60000			# cast_at stays this far before now
AT=2026-12-21T00:00:00+08:00	# every question closed
BASE=https://office.example

# Office database $1 (from planned_db) with the ballots CSV $2 entered,
# kept as $1.ballots; the site is published to $1.site.
entered_db() {
	run "$OFFICE" ballots import --db "$1" --clerk bench "$2"
	mv "$1" "$1.ballots"
	mv "$1.key" "$1.ballots.key"
}

# The office database $db as entered_db left it, and no site.
fresh_publish() {
	rm -rf "$db.site" "$db" "$db-wal" "$db-shm"
	cp "$db.ballots" "$db" || die "restore $db.ballots"
	cp "$db.ballots.key" "$db.key" || die "restore the key"
}

# Time tally --json and publish over office $1 (fresh_publish before
# each publish); leaves the times in $tally and $pub (ns).
measure() {
	db=$1
	fresh_publish
	best_of : "$OFFICE" tally --db "$db" --at "$AT" --json
	tally=$best
	best_of fresh_publish "$OFFICE" publish --db "$db" --out "$db.site" \
	    --base-url "$BASE" --at "$AT"
	pub=$best
	grep -q "^published $2 estates" "$T/out" ||
	    die "publish did not publish $2 estates: $(cat "$T/out")"
}

# The city's database and site as its publish left them, then one more
# paper ballot entered in one estate (untimed); marks the instant.
one_changed() {
	rm -rf "$T/city.db.site" "$T/city.db" "$T/city.db-wal" \
	    "$T/city.db-shm"
	cp -R "$T/published.site" "$T/city.db.site" || die "restore the site"
	cp "$T/published.db" "$T/city.db" || die "restore published.db"
	run "$OFFICE" ballots import --db "$T/city.db" --clerk bench \
	    "$T/one.csv"
	touch "$T/stamp"
}

needs "$OFFICE" "$GEN"

rm -rf "$T"
mkdir -p "$T"
trap 'rm -rf "$T"' EXIT
trap 'exit 130' INT TERM
start=$(now)

# --- the city, one estate and a district (setup) ----------------------
city_ballots
# The city's last ballot is held back: entered alone, it changes one
# estate for the re-publish.
sed '$d' "$T/city-ballots.csv" >"$T/rest.csv"
{ head -1 "$T/city-ballots.csv"; tail -1 "$T/city-ballots.csv"; } \
    >"$T/one.csv"
changed=$(tail -1 "$T/one.csv" | cut -d, -f1)
nestates=$(awk -F, 'NR > 1 && !seen[$1]++' "$T/city.csv" | wc -l)
mv "$T/planned.db" "$T/city.db"
mv "$T/planned.db.key" "$T/city.db.key"
entered_db "$T/city.db" "$T/rest.csv"
for n in 1 "$DISTRICT"; do
	first_estates "$T/city.csv" "$n" >"$T/roster-$n.csv"
	first_estates "$T/rest.csv" "$n" >"$T/ballots-$n.csv"
	planned_db "$T/e$n.db" "$T/roster-$n.csv"
	entered_db "$T/e$n.db" "$T/ballots-$n.csv"
done

# --- publish, growing -------------------------------------------------
measure "$T/e1.db" 1
estate_tally=$tally estate_pub=$pub
measure "$T/e$DISTRICT.db" "$DISTRICT"
district_tally=$tally district_pub=$pub
measure "$T/city.db" "$nestates"
city_tally=$tally city_pub=$pub
nfiles=$(find "$T/city.db.site" -type f | wc -l)

# --- re-publish after one estate changed ------------------------------
cp "$T/city.db" "$T/published.db"
cp -R "$T/city.db.site" "$T/published.site"
best_of one_changed "$OFFICE" publish --db "$T/city.db" \
    --out "$T/city.db.site" --base-url "$BASE" --at "$AT"
repub=$best
grep -q "^published $nestates estates" "$T/out" ||
    die "re-publish: $(cat "$T/out")"
[ -f "$T/city.db.site/e/$changed/publications/2.json" ] ||
    die "re-publish: estate $changed has no new publication"
nwritten=$(find "$T/city.db.site" -type f -newer "$T/stamp" | wc -l)

# --- the table --------------------------------------------------------
cpu=$(sed -n 's/^model name[[:space:]]*: *//p' /proc/cpuinfo 2>/dev/null |
    head -1)
echo
echo "renovote make bench, publish: the site of $(thousands "$nestates")" \
    "estates, $(thousands "$nfiles") files"
echo "machine: $(nproc 2>/dev/null || echo '?') CPUs (nproc)," \
    "${cpu:-unknown CPU}, $(uname -sm); $(date +%F)"
echo "each figure: best of $RUNS runs, wall time; baseline: renovote-office" \
    "tally --json over the same database"
echo
growth_head "publish, growing" "estates"
growth_row "one estate" 1 "$estate_pub" "$estate_tally"
growth_row "district ($DISTRICT estates)" "$DISTRICT" "$district_pub" \
    "$district_tally"
growth_row "publish, whole city" "$nestates" "$city_pub" "$city_tally"
echo
printf '%-34s%8s s   vs publish, whole city %6s s   ratio %sx\n' \
    "re-publish, one estate changed" "$(secs "$repub")" \
    "$(secs "$city_pub")" "$(ratio "$repub" "$city_pub" 2)"
echo "  ($changed: one paper ballot more; $(thousands "$nwritten") of" \
    "$(thousands "$nfiles") files written, the rest linked)"
echo
echo "targets: publish, whole city <= 3x the city's tally; re-publish <=" \
    "0.2x the city's publish (docs/performance.md)."
echo "bench done in $(secs "$(($(now) - start))") s; see" \
    "$top_srcdir/docs/performance.md"
