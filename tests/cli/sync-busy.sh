#!/bin/sh
# The office serves pages while it stores what a kiosk sends: a sqlite3
# shell holds the office database's write lock (BEGIN IMMEDIATE, kept
# open through a fifo), so the kiosk's sync waits in the server for the
# writer; meanwhile /e/LC-XNY-02 must be answered, with the sync still
# waiting.  Once the lock goes the sync completes and the page shows its
# answers.  Then SIGTERM with a sync waiting: the server finishes it and
# exits cleanly, the database intact.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/serve-lib.sh"
need sqlite3

OD="$T/office.db"
live_office "$OD" "$T" || fail "office set-up"
new_kiosk "$T/k1.db" hall-1 "$OD" "$T/p1.pkg" || fail "kiosk set-up"
for f in 1-1-101 1-1-102 1-1-201; do
	agree_at "$T/k1.db" "$f" || fail "cast $f"
done
start_office "$OD"
$CURL -o "$T/before.json" "$URL/api/e/LC-XNY-02" || fail "GET /api/e/ before"

# lock: the sqlite3 shell takes the write lock and says so.
lock() {
	rm -f "$T/lock.fifo" "$T/lock.out"
	mkfifo "$T/lock.fifo"
	sqlite3 "$OD" <"$T/lock.fifo" >"$T/lock.out" 2>&1 &
	LOCK_PID=$!
	exec 3>"$T/lock.fifo"
	printf "BEGIN IMMEDIATE;\nSELECT 'locked';\n" >&3
	wait_for "the write lock" grep -q locked "$T/lock.out"
}
# unlock: end the shell's transaction and the shell.
unlock() {
	printf 'ROLLBACK;\n' >&3
	exec 3>&-
	wait "$LOCK_PID"
}
# waiting: a thread of the server sleeps in SQLite's busy handler, that
# is the sync request is in the server, waiting for the lock.
waiting() {
	grep -qs nanosleep /proc/"$SERVER_PID"/task/*/wchan
}
held() {
	sql "$OD" "SELECT count(*) FROM ledger WHERE device = 'hall-1'"
}

lock
"$KIOSK" sync --db "$T/k1.db" --office "$URL" --ca "$CA/ca.pem" --retries 0 \
    >"$T/sync.out" 2>"$T/sync.err" &
SYNC_PID=$!
wait_for "the sync waiting for the writer" waiting
same "the page is served while the sync waits" "$(http_code /e/LC-XNY-02)" 200
check "the sync was still waiting" kill -0 "$SYNC_PID"
same "nothing stored yet" "$(held)" 0
unlock
wait "$SYNC_PID"
same "the sync succeeds once the lock goes" "$?" 0
contains "all of it sent" "$T/sync.out" "4 records sent"
same "the office holds the kiosk's chain" "$(held)" 4
$CURL -o "$T/after.json" "$URL/api/e/LC-XNY-02" || fail "GET /api/e/ after"
check "the page shows the synced answers" sh -c \
    "! cmp -s '$T/before.json' '$T/after.json'"

# SIGTERM while a sync waits: the waiting request is finished, not torn.
check "one more answer" agree_at "$T/k1.db" 1-1-202
lock
"$KIOSK" sync --db "$T/k1.db" --office "$URL" --ca "$CA/ca.pem" --retries 0 \
    >"$T/sync.out" 2>"$T/sync.err" &
SYNC_PID=$!
wait_for "the sync waiting for the writer" waiting
kill -TERM "$SERVER_PID"
unlock
stop_office_waited() {
	wait "$SERVER_PID"
}
check "the server exits 0 after finishing the waiting request" stop_office_waited
check "pidfile removed" test ! -e "$T/serve.pid"
same "server stderr" "$(cat "$T/serve.err")" ""
wait "$SYNC_PID"
same "the database is intact" "$(sql "$OD" "PRAGMA integrity_check")" ok
held_now=$(held)
check "the office holds the chain before or after the sync, nothing torn" \
    test "$held_now" = 4 -o "$held_now" = 5
test_done
