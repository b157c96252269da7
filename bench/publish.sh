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

top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
. "$top_srcdir/bench/lib.sh"
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

# Time tally --json, its baseline (one GROUP BY counting answers and
# summing area per estate, question and choice, over the same database)
# and publish over office $1 (fresh_publish before each publish); leaves
# the times in $tally, $groupby and $pub (ns).
measure() {
	db=$1
	fresh_publish
	best_of : "$OFFICE" tally --db "$db" --at "$AT" --json
	tally=$best
	best_of : "$SQLITE3" "$db" ".read $T/tally.sql"
	groupby=$best
	best_of fresh_publish "$OFFICE" publish --db "$db" --out "$db.site" \
	    --base-url "$BASE" --at "$AT"
	pub=$best
	grep -q "^published $2 estates" "$T/out" ||
	    die "publish did not publish $2 estates: $(cat "$T/out")"
}

# The database before publish ($T/city.db.ballots), with an empty
# site directory: where the floor's copy goes.
floor_fresh() {
	rm -rf "$T/floor.db" "$T/floor.db-wal" "$T/floor.db-shm" "$T/floor.site"
	cp "$T/city.db.ballots" "$T/floor.db" || die "copy city.db.ballots"
}

# The floor under the city's publish: the sqlite3 shell copying the
# publication trees it stored (publication_leaf, both its B-trees) into
# the database as it was before, with the store's settings, and cp -R
# writing the site's files anew, made durable with one sync.
floor_copy() {
	copy_sql "$T/city.db" "$T/floor.sql" \
	    "INSERT INTO publication_tree SELECT * FROM src.publication_tree;" \
	    "INSERT INTO publication_leaf SELECT * FROM src.publication_leaf
	    WHERE idx >= 0;"
	"$SQLITE3" "$T/floor.db" ".read $T/floor.sql" >"$T/out" 2>"$T/err" ||
	    die "floor copy"
	cp -R "$T/city.db.site" "$T/floor.site" || die "cp -R the site"
	sync -f "$T/floor.site"
}

# The filesystem's own part of a re-publish: the site linked file by
# file into a new tree (cp -al), the old one removed.
relink() {
	cp -al "$T/city.db.site" "$T/relinked.site" || die "cp -al"
	rm -rf "$T/city.db.site"
	mv "$T/relinked.site" "$T/city.db.site"
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

scratch
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
tally_sql "$T/tally.sql" area
measure "$T/e1.db" 1
estate_tally=$tally estate_pub=$pub estate_groupby=$groupby
measure "$T/e$DISTRICT.db" "$DISTRICT"
district_tally=$tally district_pub=$pub district_groupby=$groupby
measure "$T/city.db" "$nestates"
city_tally=$tally city_pub=$pub city_groupby=$groupby
nfiles=$(find "$T/city.db.site" -type f | wc -l)
best_of floor_fresh floor_copy
pub_floor=$best
[ "$(count "$T/floor.db" "SELECT count(*) FROM publication_leaf")" = \
    "$(count "$T/city.db" "SELECT count(*) FROM publication_leaf")" ] ||
    die "floor.db lacks leaves"
nleaves=$(count "$T/city.db" "SELECT count(*) FROM publication_leaf")
rm -rf "$T/floor.db" "$T/floor.site"

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
grep -q "^1 estates made, $((nestates - 1)) unchanged" "$T/out" ||
    die "re-publish: not one estate made: $(cat "$T/out")"
best_of : relink
floor=$best

# --- the table --------------------------------------------------------
echo
echo "renovote make bench, publish: the site of $(thousands "$nestates")" \
    "estates, $(thousands "$nfiles") files"
machine
echo "each figure: best of $RUNS runs, wall time; baseline: renovote-office" \
    "tally --json over the same database"
echo
growth_head "tally, growing" "estates"
growth_row "one estate" 1 "$estate_tally" "$estate_groupby"
growth_row "district ($DISTRICT estates)" "$DISTRICT" "$district_tally" \
    "$district_groupby"
growth_row "the city" "$nestates" "$city_tally" "$city_groupby"
echo "  (baseline: sqlite3, one GROUP BY over the same database)"
echo
growth_head "publish, growing" "estates"
growth_row "one estate" 1 "$estate_pub" "$estate_tally"
growth_row "district ($DISTRICT estates)" "$DISTRICT" "$district_pub" \
    "$district_tally"
growth_row "publish, whole city" "$nestates" "$city_pub" "$city_tally"
printf '%-34s%8s s   publish / floor %sx, floor / tally %sx\n' \
    "  floor: copy the trees, cp -R" "$(secs "$pub_floor")" \
    "$(ratio "$city_pub" "$pub_floor" 2)" "$(ratio "$pub_floor" \
    "$city_tally" 2)"
echo "  (floor: sqlite3 copying the $(thousands "$nleaves") leaves publish" \
    "stored into the same B-trees; cp -R of the site's files, one sync)"
echo
printf '%-34s%8s s   vs publish, whole city %6s s   ratio %sx\n' \
    "re-publish, one estate changed" "$(secs "$repub")" \
    "$(secs "$city_pub")" "$(ratio "$repub" "$city_pub" 2)"
echo "  ($changed: one paper ballot more; $(thousands "$nwritten") of" \
    "$(thousands "$nfiles") files written, the rest linked)"
printf '%-34s%8s s   re-publish / floor %s, floor / publish %s\n' \
    "  floor: cp -al, rm -rf the old" "$(secs "$floor")" \
    "$(ratio "$repub" "$floor" 2)" "$(ratio "$floor" "$city_pub" 2)"
echo
echo "targets: publish, whole city <= 3x the city's tally; re-publish <=" \
    "0.2x the city's publish (docs/performance.md)."
echo "bench done in $(secs "$(($(now) - start))") s; see" \
    "$top_srcdir/docs/performance.md"
