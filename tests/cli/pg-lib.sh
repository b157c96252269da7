# A private PostgreSQL server for tests/cli/federate.sh and
# bench/federate.sh (sourced; POSIX sh): initdb in a folder of its own,
# listening only on a Unix socket in that folder, trust authentication,
# no fsync.  PostgreSQL refuses to run as root: as root the server runs
# as nobody, who owns the folder.

# pg_find: set PGBIN to the folder of initdb and pg_ctl; false if none.
pg_find() {
	PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
	if [ -z "$PGBIN" ] && command -v initdb >/dev/null 2>&1; then
		PGBIN=$(dirname "$(command -v initdb)")
	fi
	[ -x "$PGBIN/initdb" ] && [ -x "$PGBIN/pg_ctl" ]
}

# pg_start: make $PG (a new folder), start the server there with the
# superuser postgres and a database renovote; the socket is in $PG.
# Messages go to $PG/log; false on failure.
pg_start() {
	PG=$(mktemp -d "${TMPDIR:-/tmp}/renovote-pg.XXXXXX") || return 1
	PGAS=
	if [ "$(id -u)" = 0 ]; then
		chown nobody "$PG" || return 1
		PGAS="runuser -u nobody --"
	fi
	(cd / && $PGAS "$PGBIN/initdb" -D "$PG/data" -U postgres \
	    --auth=trust -E UTF8 --no-locale --no-sync) >"$PG/initdb.log" 2>&1 &&
	(cd / && $PGAS "$PGBIN/pg_ctl" -D "$PG/data" -l "$PG/log" -w -t 30 \
	    -o "-k $PG -c listen_addresses= -F -c shared_buffers=64MB" \
	    start) >/dev/null 2>&1 &&
	psql -X -q "host=$PG dbname=postgres user=postgres" \
	    -c "CREATE DATABASE renovote" >>"$PG/log" 2>&1
}

# pg_replica: a streaming replica (hot standby) of the server of
# pg_start, in $PG/replica, on port 5433 of the same socket folder;
# its messages go to $PG/replica.log.  False on failure.  The backup
# asks for a fast checkpoint: the default spreads it over minutes.
pg_replica() {
	(cd / && $PGAS "$PGBIN/pg_basebackup" -h "$PG" -U postgres \
	    -D "$PG/replica" -R -X stream -c fast --no-sync) >>"$PG/log" 2>&1 &&
	(cd / && $PGAS "$PGBIN/pg_ctl" -D "$PG/replica" -l "$PG/replica.log" \
	    -w -t 30 -o "-k $PG -p 5433 -c listen_addresses= -F \
	    -c hot_standby_feedback=on" start) >/dev/null 2>&1
}

# pg_stop: stop the server (and its replica) at once and remove its folder.
pg_stop() {
	if [ -n "${PG:-}" ]; then
		if [ -f "$PG/replica/postmaster.pid" ]; then
			# A test may have stopped it (kill -STOP).
			kill -CONT "$(head -1 "$PG/replica/postmaster.pid")" 2>/dev/null
			(cd / && $PGAS "$PGBIN/pg_ctl" -D "$PG/replica" \
			    -m immediate stop) >/dev/null 2>&1
		fi
		(cd / && $PGAS "$PGBIN/pg_ctl" -D "$PG/data" -m immediate \
		    stop) >/dev/null 2>&1 ||
		    if [ -s "$PG/data/postmaster.pid" ]; then
			kill -QUIT "$(head -1 "$PG/data/postmaster.pid")" 2>/dev/null
		    fi
		rm -rf "$PG"
	fi
}
