#!/bin/sh
# A sync cut in the middle: a proxy drops the line after some bytes,
# the kiosk gives up (exit 3, nothing lost), the office holds whole
# chunks only; the next sync sends the rest and every record is stored
# exactly once.  Then the same with the server killed mid-sync.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/serve-lib.sh"

OD="$T/office.db"
live_office "$OD" "$T" || fail "office set-up"
new_kiosk "$T/k1.db" hall-1 "$OD" "$T/p1.pkg" || fail "kiosk set-up"
for f in $(grep '^LC-XNY-02,' "$T/codes.csv" | cut -d, -f2 | head -n 20); do
	c=$(code_of "$f")
	"$KIOSK" cast --db "$T/k1.db" --flat "$f" --code-file "$(code_file "$c")" --question Q-BASIC --choice agree >/dev/null &&
	"$KIOSK" cast --db "$T/k1.db" --flat "$f" --code-file "$(code_file "$c")" --question Q-PM --choice community >/dev/null ||
	    fail "cast $f"
done
total=$(sql "$T/k1.db" "SELECT count(*) FROM ledger")
same "kiosk records" "$total" 41
start_office "$OD" --timeout 5

# cut_at LIMIT: a proxy in front of the server that cuts after LIMIT
# bytes from the kiosk; sets CUT_URL.
cut_at() {
	rm -f "$T/cut.port"
	python3 "$top_srcdir/tests/tcp-cut.py" "$T/cut.port" "$PORT" "$1" >"$T/cut.out" &
	CUT_PID=$!
	wait_for "the proxy" test -s "$T/cut.port"
	CUT_URL="https://localhost:$(cat "$T/cut.port")"
}
held() {
	sql "$OD" "SELECT count(*) FROM ledger WHERE device = 'hall-1'"
}

# Chunks of 5 records, about 1 KB each; the line goes after 5 KB, with
# the head and package requests and a few chunks through.
cut_at 5000
expect_error 3 "$CUT_URL: unreachable after 1 tries.*nothing was lost" "$KIOSK" sync --db "$T/k1.db" --office "$CUT_URL" --ca "$CA/ca.pem" --retries 0 --chunk 5
wait "$CUT_PID"
h=$(held)
check "cut in the middle ($h of $total held)" test "$h" -gt 0 -a "$h" -lt "$total"
same "only whole chunks committed" "$((h % 5))" 0
same "no last_sync on a failed sync" "$(sql "$T/k1.db" "SELECT count(*) FROM meta WHERE key = 'last_sync'")" 0

# Resumed, through a proxy that lets everything through.
expect 0 "$KIOSK" sync --db "$T/k1.db" --office "$URL" --ca "$CA/ca.pem" --retries 0 --chunk 5
contains "the rest sent" "$T/out" "$((total - h)) records sent"
same "everything held" "$(held)" "$total"
same "each record exactly once" "$(sql "$OD" "SELECT count(DISTINCT seq) = count(*) AND max(seq) = count(*) FROM ledger WHERE device = 'hall-1'")" 1
same "each answer counted once" "$(sql "$OD" "SELECT count(*) FROM answer WHERE device = 'hall-1'")" 40

# Retries: the proxy cuts once, then the kiosk retries (after a second)
# against a proxy that is gone: still exit 3, with the count of tries.
for f in $(grep '^LC-XNY-02,' "$T/codes.csv" | cut -d, -f2 | sed -n 21,30p); do
	"$KIOSK" cast --db "$T/k1.db" --flat "$f" --code-file "$(code_file "$(code_of "$f")")" --question Q-BASIC --choice disagree >/dev/null || fail "cast $f"
done
cut_at 3000
expect_error 3 "unreachable after 2 tries" "$KIOSK" sync --db "$T/k1.db" --office "$CUT_URL" --ca "$CA/ca.pem" --retries 1 --chunk 2
wait "$CUT_PID"

# The server dies under a sync (stopped, so the kiosk's request hangs
# in its handshake or is refused, then SIGKILL: no clean stop), and is
# started again: the kiosk resumes, nothing twice.
kill -STOP "$SERVER_PID"
"$KIOSK" sync --db "$T/k1.db" --office "$URL" --ca "$CA/ca.pem" --retries 0 --chunk 1 >"$T/killed.out" 2>&1 &
kpid=$!
kill -KILL "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null
wait "$kpid"
same "kiosk exits 3 when the office dies" "$?" 3
contains "and says so" "$T/killed.out" "$URL: unreachable after 1 tries"
# Offline, the kiosk goes on recording; the next sync takes it along.
f=$(grep '^LC-XNY-02,' "$T/codes.csv" | cut -d, -f2 | sed -n 31p)
expect 0 "$KIOSK" cast --db "$T/k1.db" --flat "$f" --code-file "$(code_file "$(code_of "$f")")" --question Q-BASIC --choice disagree
start_office "$OD" --timeout 5
expect 0 "$KIOSK" sync --db "$T/k1.db" --office "$URL" --ca "$CA/ca.pem" --retries 0
same "all held after the restart" "$(held)" "$(sql "$T/k1.db" "SELECT count(*) FROM ledger")"
same "each record exactly once after the restart" "$(sql "$OD" "SELECT count(DISTINCT seq) = count(*) AND max(seq) = count(*) FROM ledger WHERE device = 'hall-1'")" 1
same "answers after the cuts" "$(sql "$OD" "SELECT group_concat(n) FROM (SELECT choice, count(*) AS n FROM answer WHERE question_id = 'Q-BASIC' GROUP BY choice ORDER BY choice)")" "20,11"

alive "the cuts"
stop_office
test_done
