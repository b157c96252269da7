#!/bin/sh
# make bench: renovote-office on a city the size of Luoyang's old estates
# (1,850 estates, 201,831 flats), each step timed against the plainest
# sqlite3 shell doing the same amount of data work.  See
# docs/performance.md for what the figures mean.
#
# Run from the build directory (make bench does): the programs are
# ./renovote-office and ./bench/bench-city, the scratch directory is
# ./bench/tmp and is removed at the end.  Every figure is the best of 3
# runs of wall time.  Any failure stops the run with a non-zero exit.

top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
. "$top_srcdir/bench/lib.sh"
ESTATE=LY-0925			# the estate of the one-estate tally

# One row of the table: what, our time, baseline, its time.
row() {
	printf '%-16s%6s s   %-18s%6s s   ratio %sx\n' "$1" "$(secs "$2")" \
	    "$3" "$(secs "$4")" "$(ratio "$2" "$4")"
}

# A fresh, empty office database.
fresh_office() {
	rm -f "$T/office.db" "$T/office.db-wal" "$T/office.db-shm" \
	    "$T/office.db.key"
	run "$OFFICE" init --db "$T/office.db"
}

# A fresh, empty baseline database.
fresh_base() {
	rm -f "$T/base.db"
}

# The office database as it was right after the roster import.
roster_only() {
	rm -f "$T/office.db-wal" "$T/office.db-shm"
	cp "$T/roster.db" "$T/office.db" || die "restore roster.db"
}

# Import every plan; in one invocation when the names fit on a command
# line (each invocation is all or nothing), else in xargs batches.
plan_import() {
	(
		cd "$T/plans" || exit 1
		if [ "$plan_batches" = 1 ]; then
			set -- *.json
			exec "$OFFICE" plan import --db ../office.db "$@"
		fi
		printf '%s\n' *.json |
		    xargs "$OFFICE" plan import --db ../office.db
	)
}

needs "$OFFICE" "$GEN"

scratch
start=$(now)

# --- the city ---------------------------------------------------------
run "$GEN" roster "$T/city.csv"
run "$GEN" plans "$T/plans"
flats=$(($(wc -l <"$T/city.csv") - 1))
set -- "$T"/plans/*.json
nplans=$#
printf '.mode csv\n.import %s flat\n' "$T/city.csv" >"$T/import.sql"

# --- roster import ----------------------------------------------------
best_of fresh_office "$OFFICE" roster import --db "$T/office.db" \
    "$T/city.csv"
roster_ns=$best
best_of fresh_base "$SQLITE3" "$T/base.db" ".read $T/import.sql"
roster_base_ns=$best
[ "$(count "$T/office.db" "SELECT count(*) FROM flat")" = "$flats" ] ||
    die "office.db does not hold $flats flats"
[ "$(count "$T/base.db" "SELECT count(*) FROM flat")" = "$flats" ] ||
    die "base.db does not hold $flats flats"
[ ! -f "$T/office.db-wal" ] || die "office.db-wal left behind"
cp "$T/office.db" "$T/roster.db"

# --- plan import ------------------------------------------------------
argmax=$(getconf ARG_MAX 2>/dev/null || echo 131072)
if [ $(($(cd "$T/plans" && printf '%s ' *.json | wc -c) * 2)) -lt \
    "$argmax" ]; then
	plan_batches=1
	plan_how="1 invocation"
else
	plan_batches=0
	plan_how="xargs batches"
fi
best_of roster_only plan_import
plan_ns=$best
[ "$(count "$T/office.db" "SELECT count(*) FROM plan")" = "$nplans" ] ||
    die "office.db does not hold $nplans plans"

# --- answers (setup: stored through the core library) -----------------
t0=$(now)
run "$GEN" answers "$T/office.db" "$T/answers.csv"
answers_ns=$(($(now) - t0))
nanswers=$(awk -F, 'NR > 1 && $6 != "signed"' "$T/answers.csv" | wc -l)
npledges=$(awk -F, 'NR > 1 && $6 == "signed"' "$T/answers.csv" | wc -l)
nanswers=$((nanswers))
npledges=$((npledges))
# The baseline gets the answers in a typed table and an index on flats,
# as the office database has its primary key.
cat >"$T/answers.sql" <<EOF
CREATE TABLE answer (device TEXT, seq INTEGER, estate_id TEXT,
    question_id TEXT, flat_id TEXT, choice TEXT, cast_at INTEGER);
.import --csv --skip 1 $T/answers.csv answer
CREATE INDEX flat_key ON flat (estate_id, flat_id);
EOF
run "$SQLITE3" "$T/base.db" ".read $T/answers.sql"
[ "$(count "$T/base.db" "SELECT count(*) FROM answer")" = \
    "$((nanswers + npledges))" ] || die "base.db lacks answers"
tally_sql "$T/tally.sql" area_m2

# --- tally ------------------------------------------------------------
best_of : "$OFFICE" tally --db "$T/office.db" --at "$AT" --json
tally_ns=$best
nq=$(grep -c '"question_id"' "$T/out" || true)
np=$(grep -c '"pledge_id"' "$T/out" || true)
if [ "$nq" != $((nplans * 3)) ] || [ "$np" != "$nplans" ]; then
	die "tally shows $nq questions and $np pledges, not" \
	    "$((nplans * 3)) and $nplans"
fi
best_of : "$SQLITE3" "$T/base.db" ".read $T/tally.sql"
tally_base_ns=$best
best_of : "$OFFICE" tally --db "$T/office.db" --estate "$ESTATE" \
    --at "$AT" --json
estate_ns=$best
estate_flats=$(count "$T/office.db" \
    "SELECT count(*) FROM flat WHERE estate_id = '$ESTATE'")

# --- the table --------------------------------------------------------
echo "renovote make bench: $(thousands "$nplans") estates," \
    "$(thousands "$flats") flats, $(thousands "$nanswers") answers," \
    "$(thousands "$npledges") pledges"
machine
echo "each figure: best of $RUNS runs, wall time"
echo
row "roster import" "$roster_ns" "sqlite3 .import" "$roster_base_ns"
printf '%-16s%6s s   (%s plans, %s, %s ms per plan)\n' "plan import" \
    "$(secs "$plan_ns")" "$(thousands "$nplans")" "$plan_how" \
    "$(awk -v ns="$plan_ns" -v n="$nplans" \
    'BEGIN { printf "%.2f", ns / n / 1e6 }')"
row "tally (city)" "$tally_ns" "sqlite3 GROUP BY" "$tally_base_ns"
printf '%-16s%6s s   (%s, %s flats, %s ms)\n' "tally --estate" \
    "$(secs "$estate_ns")" "$ESTATE" "$estate_flats" \
    "$(awk -v ns="$estate_ns" 'BEGIN { printf "%.1f", ns / 1e6 }')"
printf '%-16s%6s s   (setup, 1 run: %s rows, core API, one transaction)\n' \
    "answers (lib)" "$(secs "$answers_ns")" \
    "$(thousands "$((nanswers + npledges))")"
echo
echo "ratio = renovote / sqlite3 baseline, lower is better; over ~5x is a" \
    "finding (docs/performance.md)."
echo "bench done in $(secs "$(($(now) - start))") s; see" \
    "$top_srcdir/docs/performance.md"
