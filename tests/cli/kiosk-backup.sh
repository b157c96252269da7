#!/bin/sh
# renovote-kiosk backup and restore: a copy of the kiosk's ledger and key
# restores onto a new machine (a fresh path), where the kiosk runs and
# casts at once; a backup behind the records the kiosk has handed out is
# refused, with the database and head file left byte for byte, and with
# --force the office sees the rollback at the next sync; another kiosk's
# backup and the office's are refused.  Sync takes the office and its CA
# from kiosk.conf.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/serve-lib.sh"

OD="$T/office.db"
K="$T/k1.db"
live_office "$OD" "$T" || fail "office set-up"
new_kiosk "$K" hall-1 "$OD" "$T/p1.pkg" || fail "kiosk 1 set-up"
new_kiosk "$T/k2.db" hall-2 "$OD" "$T/p1.pkg" || fail "kiosk 2 set-up"

# cast DB FLAT CHOICE: an answer on Q-BASIC at a kiosk.
cast() {
	"$KIOSK" cast --db "$1" --flat "$2" --code-file "$(code_file "$(code_of "$2")")" \
	    --question Q-BASIC --choice "$3" >"$T/cast.out" 2>"$T/cast.err"
}
# state DB: the database's and head file's bytes, to compare.
state() {
	cat "$1" "$1.head" "$1.key" | cksum
}
cast "$K" 1-1-101 agree || fail "cast 1-1-101"
cast "$K" 1-1-102 agree || fail "cast 1-1-102"
seq_at_backup=$(sql "$K" "SELECT max(seq) FROM ledger WHERE device = 'hall-1'")

expect 0 "$KIOSK" backup --db "$K" --out "$T/kb.db"
contains "backup says what it copied" "$T/out" "^Backed up .*k1.db \(schema [0-9]+, $seq_at_backup records\) to .*kb.db and its signing key to .*kb.db.key"
same "the key copy is private" "$(stat -c %a "$T/kb.db.key")" 600
check "no head file copied: restore makes it" test ! -e "$T/kb.db.head"
expect_error 1 "kb.db: already exists; give --force" "$KIOSK" backup --db "$K" --out "$T/kb.db"

# The kiosk hands out another receipt after the backup.
cast "$K" 1-1-201 disagree || fail "cast after the backup"
before=$(state "$K")
expect_error 1 "kb.db: ends at record $seq_at_backup, but this kiosk has handed out records up to $((seq_at_backup + 1)) \(.*k1.db.head\): their receipts would vanish; give --force" \
    "$KIOSK" restore --db "$K" "$T/kb.db"
same "a refused rollback leaves database, head file and key" "$(state "$K")" "$before"
check "the kiosk still runs after the refusal" cast "$K" 1-1-202 agree

# A new machine: the backup restores to a fresh path and the kiosk runs.
mkdir -p "$T/new"
cp "$T/kb.db" "$T/kb.db.key" "$T/new/" 2>/dev/null
expect 0 "$KIOSK" restore --db "$T/new/kiosk.db" "$T/new/kb.db"
contains "restore says what it restored" "$T/out" "^Restored .*new/kiosk.db from .*kb.db"
contains "restore installs the key" "$T/out" "^Installed its signing key as .*new/kiosk.db.key"
same "the installed key is private" "$(stat -c %a "$T/new/kiosk.db.key")" 600
contains "the head file is the restored chain's" "$T/new/kiosk.db.head" \
    "^renovote-head-v1 hall-1 $seq_at_backup [0-9a-f]{64}\$"
check "the restored kiosk casts" cast "$T/new/kiosk.db" 1-1-301 agree
contains "its receipt continues the chain" "$T/cast.out" "record $((seq_at_backup + 1)) of kiosk hall-1"

# Other databases are refused, and the kiosk's left alone.
before=$(state "$K")
"$KIOSK" backup --db "$T/k2.db" --out "$T/k2b.db" >/dev/null || fail "kiosk 2 backup"
expect_error 1 "k1.db.key: holds the key [0-9a-f:]{19}, but .*k2b.db.key is of the key [0-9a-f:]{19}; give --force" \
    "$KIOSK" restore --db "$K" "$T/k2b.db"
"$OFFICE" backup --db "$OD" --out "$T/ob.db" >/dev/null || fail "office backup"
expect_error 1 "ob.db: not a backup of a kiosk database" "$KIOSK" restore --db "$K" "$T/ob.db"
expect_error 1 "kb.db: not a backup of an office database" "$OFFICE" restore --db "$OD" "$T/kb.db"
same "refused restores leave the kiosk as it was" "$(state "$K")" "$before"

# --force rolls back: the kiosk runs, and the office flags it at sync.
start_office "$OD"
# The office and its CA as README's kiosk.conf gives them: no options.
printf 'office = %s\nca = %s\n' "$URL" "$CA/ca.pem" >"$T/kiosk.conf"
RENOVOTE_CONFIG="$T/kiosk.conf" "$KIOSK" sync --db "$K" --retries 0 >"$T/sync.out" 2>&1 ||
    fail "sync with kiosk.conf's office and ca: $(cat "$T/sync.out")"
expect 0 "$KIOSK" restore --force --db "$K" "$T/kb.db"
contains "the head file goes back with --force" "$K.head" "^renovote-head-v1 hall-1 $seq_at_backup "
"$KIOSK" sync --db "$K" --office "$URL" --ca "$CA/ca.pem" --retries 0 >"$T/sync.out" 2>"$T/sync.err" &&
    fail "a rolled-back kiosk synced as if nothing happened"
contains "the sync names the rollback" "$T/sync.err" "backwards"
: >"$T/serve.err"
stop_office
test_done
