# Shared by the PostgreSQL benchmarks, bench/federate.sh and
# bench/province.sh (sourced after bench/lib.sh and tests/cli/pg-lib.sh;
# POSIX sh): the private server, the city's schema, an office enrolled
# with a role of its own, and the two baselines, COPY of the pushed
# record rows and one GROUP BY over the answers as plain columns.

# Every table federate writes, emptied between two timed pushes
# (office_key, the city's enrolment, stays).
FED_TABLES="record, head, snapshot, estate, flat, plan, codes_epoch, device,
    flag, package_body, publication, publication_tree, publication_leaf,
    objection"

# pg_bench_usable NAME: true when this machine has PostgreSQL (initdb,
# psql) and renovote-office was built with it; else says why NAME is
# skipped.
pg_bench_usable() {
	if ! pg_find || ! command -v psql >/dev/null 2>&1; then
		echo "$1: no PostgreSQL (initdb, psql); skipped"
		return 1
	fi
	if "$OFFICE" city tally --pg 'host=/nonexistent' 2>&1 |
	    grep -q 'without PostgreSQL'; then
		echo "$1: renovote-office built without PostgreSQL; skipped"
		return 1
	fi
}

# pg_bench_start: a fresh scratch directory $T and a private server
# holding the city's schema, both removed when the script ends; $SU is
# the superuser's connection.
pg_bench_start() {
	rm -rf "$T"
	mkdir -p "$T"
	trap 'pg_stop; rm -rf "$T"' EXIT
	trap 'exit 130' INT TERM
	pg_start || die "PostgreSQL did not start: $(tail -3 "$PG/log")"
	SU="host=$PG dbname=renovote user=postgres"
	run "$OFFICE" city init --pg "$SU" \
	    --schema "$top_srcdir/server-sync/federation.sql"
}

# su_sql STATEMENT: run it as the superuser, quietly; its output is in
# $T/out.
su_sql() {
	psql -X -q -A -t -v ON_ERROR_STOP=1 "$SU" -c "$1" >"$T/out" \
	    2>"$T/err" || die "psql: $1"
}

# pg_bench_enrol DB NAME: enrol office database DB at the city as office
# NAME with the role office_NAME (made here); $OFF is that role's
# connection.
pg_bench_enrol() {
	"$SQLITE3" "$1" "SELECT value FROM meta WHERE key = 'pubkey'" \
	    >"$T/office.pem" 2>"$T/err" || die "the key of $1"
	su_sql "CREATE ROLE office_$2 LOGIN"
	run "$OFFICE" city enrol-office --pg "$SU" --office "$2" \
	    --role "office_$2" --pubkey "$T/office.pem"
	OFF="host=$PG dbname=renovote user=office_$2"
}

# empty_city: the city's tables empty again, for the next push.
empty_city() {
	su_sql "TRUNCATE $FED_TABLES"
}

# copy_baseline: leaves in $best the best time of COPY FROM of every row
# now in the tables federate writes (binary, one statement a table, in
# the order of the schema, one psql session), the rows written out
# first and, after, left as they were.
copy_baseline() {
	su_sql "SELECT count(*) FROM record"
	cb_n=$(cat "$T/out")
	: >"$T/copy.sql"
	for cb_t in $(echo "$FED_TABLES" | tr -d ','); do
		su_sql "COPY $cb_t TO '$PG/$cb_t.bin' WITH (FORMAT binary)"
		echo "COPY $cb_t FROM '$PG/$cb_t.bin' WITH (FORMAT binary);" \
		    >>"$T/copy.sql"
	done
	best_of empty_city psql -X -q -v ON_ERROR_STOP=1 "$SU" -f "$T/copy.sql"
	su_sql "SELECT count(*) FROM record"
	[ "$(cat "$T/out")" = "$cb_n" ] ||
	    die "COPY left $(cat "$T/out") records of $cb_n"
	rm -f "$PG"/*.bin
}

# answers_add DB: add the answers office database DB holds to the
# baseline's table answer_flat (made on first use), as plain columns.
answers_add() {
	if [ ! -f "$T/answer_flat" ]; then
		su_sql "CREATE TABLE answer_flat (device text, seq bigint,
		    estate_id text, question_id text, flat_id text,
		    choice text, cast_at bigint)"
		: >"$T/answer_flat"
	fi
	"$SQLITE3" -csv "$1" "SELECT device, seq, estate_id, question_id,
	    flat_id, choice, cast_at FROM answer" >"$T/answers.csv" \
	    2>"$T/err" || die "the answers of $1"
	psql -X -q -v ON_ERROR_STOP=1 "$SU" \
	    -c "\\copy answer_flat FROM '$T/answers.csv' WITH (FORMAT csv)" \
	    >"$T/out" 2>"$T/err" || die "copy the answers of $1"
	rm -f "$T/answers.csv"
}

# groupby_baseline: leaves in $best the best time of one GROUP BY
# counting the flats of every estate, question and choice in
# answer_flat: the count a city would get by trusting the columns.
groupby_baseline() {
	su_sql "ANALYZE answer_flat"
	best_of : psql -X -q -A -t -v ON_ERROR_STOP=1 "$SU" -c "SELECT
	    estate_id, question_id, choice, count(DISTINCT flat_id)
	    FROM answer_flat GROUP BY 1, 2, 3"
}

# pg_machine: the lines saying which machine and which PostgreSQL ran it.
pg_machine() {
	cpu=$(sed -n 's/^model name[[:space:]]*: *//p' /proc/cpuinfo \
	    2>/dev/null | head -1)
	echo "machine: $(nproc 2>/dev/null || echo '?') CPUs (nproc)," \
	    "${cpu:-unknown CPU}, $(uname -sm); PostgreSQL" \
	    "$("$PGBIN/postgres" --version | awk '{ print $3 }') on a Unix" \
	    "socket, fsync off; $(date +%F)"
}
