#!/bin/sh
# renovote-office backup and restore while serve runs over TLS: a backup
# taken while a kiosk syncs and an ingest commits is one consistent
# snapshot; a quiet backup tallies exactly as the live database did; the
# backup restores into a new path and into the live database under the
# running server, which then answers from the restored data; every bad
# backup is refused with one line and the live database and key left
# byte for byte; a failing fsync or rename leaves the old backup and no
# temporary file.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/serve-lib.sh"
need fiu-run

OD="$T/office.db"
AT=$(iso_at '+1 hour')
live_office "$OD" "$T" || fail "office set-up"
new_kiosk "$T/k1.db" hall-1 "$OD" "$T/p1.pkg" || fail "kiosk 1 set-up"
new_kiosk "$T/k2.db" hall-2 "$OD" "$T/p1.pkg" || fail "kiosk 2 set-up"
start_office "$OD" --timeout 5

# cast KIOSK FLAT QUESTION CHOICE: an answer at a kiosk.
cast() {
	"$KIOSK" cast --db "$1" --flat "$2" --code-file "$(code_file "$(code_of "$2")")" \
	    --question "$3" --choice "$4" >/dev/null || fail "cast $2 $3"
}
# ksync: kiosk 1 syncs with the running office.
ksync() {
	"$KIOSK" sync --db "$T/k1.db" --office "$URL" --ca "$CA/ca.pem" --retries 0 >/dev/null
}
# tally DB: the tally at a fixed instant, as JSON.
tally() {
	"$OFFICE" tally --db "$1" --estate LC-XNY-02 --at "$AT" --json
}
# served: the running server's JSON of the estate, without its instant.
served() {
	$CURL "$URL/api/e/LC-XNY-02" | sed '/^  "at": /d'
}
# offline DB: the same JSON from a database.
offline() {
	"$OFFICE" page --db "$1" /api/e/LC-XNY-02 | sed '/^  "at": /d'
}
# key_sig FILE: the key file's bytes, as a digest.
key_sig() {
	sha256sum <"$1" | cut -d' ' -f1
}
# live_as_before DESC: the live database and its key are as in $live_db
# and $live_key.
live_as_before() {
	same "$1: live database unchanged" "$(db_signature "$OD")" "$live_db"
	same "$1: live key unchanged" "$(key_sig "$OD.key")" "$live_key"
}

cast "$T/k1.db" 1-1-101 Q-BASIC agree
cast "$T/k1.db" 1-1-102 Q-BASIC disagree
ksync || fail "first sync"
cast "$T/k2.db" 1-1-201 Q-BASIC agree
"$KIOSK" export --db "$T/k2.db" --out "$T/usb2" >/dev/null || fail "kiosk 2 export"
"$OFFICE" ingest --db "$OD" "$T/usb2" >/dev/null || fail "ingest"

# --- a quiet backup while serve runs ------------------------------------
tally "$OD" >"$T/tally-live" || fail "live tally"
records1=$(sql "$OD" "SELECT count(*) FROM ledger")
expect 0 "$OFFICE" backup --db "$OD" --out "$T/b1.db"
contains "confirmation names the copy and its key" "$T/out" \
    "^Backed up .*office.db \(schema [0-9]+, $records1 records\) to .*b1.db and its signing key to .*b1.db.key$"
same "backup mode" "$(stat -c %a "$T/b1.db")" 600
same "backup key mode" "$(stat -c %a "$T/b1.db.key")" 600
same "backup key is the office key" "$(key_sig "$T/b1.db.key")" "$(key_sig "$OD.key")"
same "backup integrity" "$(sql "$T/b1.db" "PRAGMA integrity_check")" ok
check "backup is one file (no WAL beside it)" test ! -e "$T/b1.db-wal"
tally "$T/b1.db" >"$T/tally-b1" || fail "backup tally"
check "backup tallies as the live database did" cmp -s "$T/tally-live" "$T/tally-b1"
same "backup holds every record" "$(sql "$T/b1.db" "SELECT count(*) FROM ledger")" \
    "$(sql "$OD" "SELECT count(*) FROM ledger")"
check "no temporary file" test -z "$(ls "$T" | grep '\.tmp\.')"

# An existing backup is not replaced without --force.
sig_b1=$(sha256sum <"$T/b1.db")
expect_error 1 "b1.db: already exists; give --force" "$OFFICE" backup --db "$OD" --out "$T/b1.db"
same "old backup kept" "$(sha256sum <"$T/b1.db")" "$sig_b1"
expect_error 2 "office.db: is the database or its key itself" "$OFFICE" backup --db "$OD" --out "$OD" --force

# --- backups while a kiosk syncs and an ingest commits ------------------
records0=$(sql "$OD" "SELECT count(*) FROM ledger")
cast "$T/k2.db" 1-1-202 Q-BASIC agree
"$KIOSK" export --db "$T/k2.db" --out "$T/usb3" >/dev/null || fail "kiosk 2 export"
(
	w_status=0
	for f in 1-1-301 1-1-302 1-1-401 1-1-402 1-1-501; do
		cast "$T/k1.db" "$f" Q-BASIC agree
		ksync || { echo "FAIL: sync during backups" >&2; w_status=1; }
	done
	"$OFFICE" ingest --db "$OD" "$T/usb3" >/dev/null ||
	    { echo "FAIL: ingest during backups" >&2; w_status=1; }
	exit $w_status
) &
writer=$!
n=0
while kill -0 "$writer" 2>/dev/null && [ $n -lt 12 ]; do
	n=$((n + 1))
	"$OFFICE" backup --db "$OD" --out "$T/race-$n.db" >/dev/null 2>"$T/race.err" ||
	    fail "backup $n during writes: $(cat "$T/race.err")"
done
wait "$writer" || fail "the syncs and the ingest during the backups"
[ $n -gt 0 ] || fail "no backup ran during the writes"
final=$(sql "$OD" "SELECT count(*) FROM ledger")
same "the writes all arrived" "$final" $((records0 + 6))
between=0
i=0
while [ $i -lt $n ]; do
	i=$((i + 1))
	b="$T/race-$i.db"
	same "race backup $i integrity" "$(sql "$b" "PRAGMA integrity_check")" ok
	# A snapshot: hall-1's chain a prefix of the final one, its answers
	# exactly those its records carry.
	top=$(sql "$b" "SELECT coalesce(max(seq), 0) FROM ledger WHERE device = 'hall-1'")
	same "race backup $i: hall-1 chain a prefix" \
	    "$(sql "$b" "SELECT group_concat(hex(hash)) FROM (SELECT hash FROM ledger WHERE device = 'hall-1' ORDER BY seq)")" \
	    "$(sql "$OD" "SELECT group_concat(hex(hash)) FROM (SELECT hash FROM ledger WHERE device = 'hall-1' AND seq <= $top ORDER BY seq)")"
	same "race backup $i: answers match its records" \
	    "$(sql "$b" "SELECT count(*) FROM answer WHERE device = 'hall-1'")" \
	    "$(sql "$OD" "SELECT count(*) FROM answer WHERE device = 'hall-1' AND seq <= $top")"
	got=$(sql "$b" "SELECT count(*) FROM ledger")
	if [ "$got" -gt "$records0" ] && [ "$got" -lt "$final" ]; then
		between=$((between + 1))
	fi
done
echo "note: $n backups during the writes, $between of them in the middle"

# --- restore into a new path -------------------------------------------
expect 0 "$OFFICE" restore --db "$T/fresh.db" "$T/b1.db"
contains "restore confirmation" "$T/out" "^Restored .*fresh.db from .*b1.db \(schema [0-9]+, $records1 records\)$"
contains "key installed" "$T/out" "^Installed its signing key as .*fresh.db.key$"
same "restored key is the office key" "$(key_sig "$T/fresh.db.key")" "$(key_sig "$OD.key")"
same "restored mode" "$(stat -c %a "$T/fresh.db") $(stat -c %a "$T/fresh.db.key")" "600 600"
tally "$T/fresh.db" >"$T/tally-fresh" || fail "fresh tally"
check "restored copy tallies as the backup" cmp -s "$T/tally-b1" "$T/tally-fresh"

# A backup of an older schema (version 9: package intents not yet
# allowed) is restored and migrated, and tallies the same.
cp "$T/b1.db" "$T/old9.db"
cp "$T/b1.db.key" "$T/old9.db.key"
"$SQLITE3" "$T/old9.db" "DROP TABLE suggestion; DROP TABLE intent; CREATE TABLE intent (id INTEGER PRIMARY KEY,
    batch TEXT NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('codes', 'site')),
    estate_id TEXT, path TEXT NOT NULL, tmp TEXT NOT NULL,
    sha256 TEXT NOT NULL, old_epoch INTEGER, old_pub INTEGER,
    at INTEGER NOT NULL); PRAGMA user_version = 9;" || fail "older backup"
expect 0 "$OFFICE" restore --db "$T/from9.db" "$T/old9.db"
contains "an older backup restored" "$T/out" "^Restored .*from9.db from .*old9.db \(schema 9, $records1 records\)$"
same "and migrated to the newest" "$(sql "$T/from9.db" "PRAGMA user_version")" "$(sql "$OD" "PRAGMA user_version")"
tally "$T/from9.db" >"$T/tally-from9" || fail "tally of the older backup"
check "the older backup tallies as the backup" cmp -s "$T/tally-b1" "$T/tally-from9"

# A database damaged past opening is replaced as a file, only with --force.
printf 'garbage, not the SQLite header at all.....' | dd of="$T/fresh.db" conv=notrunc status=none
fresh_sig=$(sha256sum <"$T/fresh.db")
expect_error 1 "fresh.db: not a SQLite database; give --force to replace it with the backup" \
    "$OFFICE" restore --db "$T/fresh.db" "$T/b1.db"
same "damaged database left as it was" "$(sha256sum <"$T/fresh.db")" "$fresh_sig"
expect 0 "$OFFICE" restore --db "$T/fresh.db" --force "$T/b1.db"
tally "$T/fresh.db" >"$T/tally-fresh" || fail "tally after replacing a damaged database"
check "a damaged database replaced by the backup" cmp -s "$T/tally-b1" "$T/tally-fresh"

# --- refusals: one line, the live database and key untouched ------------
live_db=$(db_signature "$OD")
live_key=$(key_sig "$OD.key")
head -c 40000 "$T/b1.db" >"$T/cut.db"
cp "$T/b1.db.key" "$T/cut.db.key"
expect_error 1 "cut.db: damaged" "$OFFICE" restore --db "$OD" "$T/cut.db"
live_as_before "truncated backup"
"$SQLITE3" "$T/other.db" "CREATE TABLE t (x); INSERT INTO t VALUES (1)" || fail "other sqlite file"
cp "$T/b1.db.key" "$T/other.db.key"
expect_error 1 "other.db: not a renovote database" "$OFFICE" restore --db "$OD" "$T/other.db"
live_as_before "a foreign SQLite file"
echo "not a database at all, but long enough to be read as one, surely not....................................................................." >"$T/text.db"
cp "$T/b1.db.key" "$T/text.db.key"
expect_error 1 "text.db: not a SQLite database" "$OFFICE" restore --db "$OD" "$T/text.db"
live_as_before "a text file"
"$OFFICE" init --db "$T/o2.db" >/dev/null || fail "second office"
cp "$T/b1.db" "$T/wrongkey.db"
cp "$T/o2.db.key" "$T/wrongkey.db.key"
expect_error 1 "wrongkey.db.key: holds the key [0-9a-f:]{19}, but .*wrongkey.db records the key [0-9a-f:]{19}$" \
    "$OFFICE" restore --db "$OD" "$T/wrongkey.db"
live_as_before "a backup whose key does not match"
cp "$T/b1.db" "$T/newer.db"
cp "$T/b1.db.key" "$T/newer.db.key"
"$SQLITE3" "$T/newer.db" "PRAGMA user_version = 1000" || fail "newer schema"
expect_error 1 "newer.db: made by a newer renovote \(schema 1000, " "$OFFICE" restore --db "$OD" "$T/newer.db"
live_as_before "a newer schema"
cp "$T/b1.db" "$T/nokey.db"
expect_error 1 "nokey.db.key: missing" "$OFFICE" restore --db "$OD" "$T/nokey.db"
live_as_before "a backup without its key"
"$OFFICE" backup --db "$T/o2.db" --out "$T/o2-backup.db" >/dev/null || fail "second office backup"
expect_error 1 "office.db.key: holds the key [0-9a-f:]{19}, but .*o2-backup.db.key is of the key [0-9a-f:]{19}; give --force" \
    "$OFFICE" restore --db "$OD" "$T/o2-backup.db"
live_as_before "another office's backup"
"$KIOSK" init --db "$T/kx.db" --name hall-x --pubkey-out "$T/kx.pem" >/dev/null || fail "kiosk db"
"$OFFICE" backup --db "$T/kx.db" --out "$T/kx-backup.db" >/dev/null 2>&1 &&
    fail "a kiosk database backed up by the office"
expect_error 1 "not a backup of an office database" "$OFFICE" restore --db "$OD" "$T/k1.db"
live_as_before "a kiosk database"

# --- restore into the live database while serve runs --------------------
# The office moves on past the backup; the restore takes it back, and the
# running server answers from the restored data at once.
cast "$T/k1.db" 1-1-502 Q-BASIC abstain
ksync || fail "sync after the backup"
served >"$T/served-before"
offline "$T/b1.db" >"$T/b1.json" || fail "backup's JSON"
check "the live office has moved on" sh -c "! cmp -s '$T/served-before' '$T/b1.json'"
expect 0 "$OFFICE" restore --db "$OD" "$T/b1.db"
contains "restore into the live database" "$T/out" "^Restored .*office.db from .*b1.db"
if grep -q "Installed" "$T/out"; then fail "the same key installed again"; fi
check "server still running" kill -0 "$SERVER_PID"
served >"$T/served-after"
check "served JSON equals the backup's" cmp -s "$T/served-after" "$T/b1.json"
tally "$OD" >"$T/tally-restored" || fail "restored tally"
check "restored live database tallies as the backup" cmp -s "$T/tally-b1" "$T/tally-restored"
same "restored live key unchanged" "$(key_sig "$OD.key")" "$live_key"
# The kiosk brings back what the restore took away.
ksync || fail "sync after the restore"
same "kiosk resends its records" "$(sql "$OD" "SELECT count(*) FROM ledger WHERE device = 'hall-1'")" \
    "$(sql "$T/k1.db" "SELECT count(*) FROM ledger WHERE device = 'hall-1'")"

# --- a failing fsync or rename keeps the old backup ---------------------
# fiu-run fails renovote's own fsync (SQLite syncs with fdatasync) or any
# rename; the old backup and key stay, and no temporary file is left.
# In an ASan build its runtime must come first in LD_PRELOAD, as in
# tests/cli/faults.sh.
ASAN_LIB=$(ldd "$OFFICE" 2>/dev/null | sed -n 's/^[[:space:]]*libasan[^ ]* => \([^ ]*\) .*/\1/p')
# under FAULT COMMAND...: run the command with FAULT injected.
under() {
	u_fault=$1
	shift
	if [ -n "$ASAN_LIB" ]; then
		u_libs=$(sed -n 's/^PLIBPATH="\(.*\)"$/\1/p' "$(command -v fiu-run)")
		echo "leak:$u_libs/" >"$T/lsan.supp"
		LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$T/lsan.supp:print_suppressions=0" \
		    FIU_ENABLE=$u_fault FIU_CTRL_FIFO='' \
		    LD_PRELOAD="$ASAN_LIB $u_libs/fiu_run_preload.so $u_libs/fiu_posix_preload.so" "$@"
	else
		fiu-run -x -f '' -c "$u_fault" "$@"
	fi
}
sig_b1=$(sha256sum <"$T/b1.db")
sig_b1k=$(key_sig "$T/b1.db.key")
for fault in 'enable name=posix/io/sync/fsync,failinfo=5' 'enable name=posix/io/dir/rename,failinfo=5'; do
	expect_error 3 "b1.db(.key)?: cannot (write|rename into place): Input/output error" \
	    under "$fault" "$OFFICE" backup --db "$OD" --out "$T/b1.db" --force
	same "$fault: old backup intact" "$(sha256sum <"$T/b1.db")" "$sig_b1"
	same "$fault: old key intact" "$(key_sig "$T/b1.db.key")" "$sig_b1k"
	check "$fault: no temporary file" test -z "$(ls "$T" | grep '\.tmp\.')"
done
# Without a fault --force replaces it with the newer state, and removes
# what a killed backup left.
echo torn >"$T/b1.db.tmp.Ab12Cd"
echo torn >"$T/b1.db.key.tmp.Ef34Gh"
expect 0 "$OFFICE" backup --db "$OD" --out "$T/b1.db" --force
check "a killed backup's leftovers removed" test -z "$(ls "$T" | grep '\.tmp\.')"
same "replaced backup holds the newer state" "$(sql "$T/b1.db" "SELECT count(*) FROM ledger")" \
    "$(sql "$OD" "SELECT count(*) FROM ledger")"

# --- another office's backup with --force -------------------------------
expect 0 "$OFFICE" restore --db "$T/fresh.db" --force "$T/o2-backup.db"
same "forced: the other office's key installed" "$(key_sig "$T/fresh.db.key")" "$(key_sig "$T/o2.db.key")"

stop_office
test_done
