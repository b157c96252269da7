#!/bin/sh
# A failing environment, made with libfiu's fiu-run: the disk fills while
# SQLite writes a commit, fsync or fdatasync fails, a rename fails, an
# input file cannot be read, another program holds the database.  Every
# command that stores something must then exit 3 with one line on
# stderr, print nothing on stdout (no receipt for an answer that was not
# committed), leave every database exactly as it was and intact, and
# leave no output or temporary file behind.  Two sweeps fail pwrite and
# the syncs at random (seeded, so every run is the same) under ingest and
# codes issue: each run either succeeds completely or changes nothing.
. "$top_srcdir/tests/cli/lib.sh"

if ! command -v fiu-run >/dev/null 2>&1; then
	fail "fiu-run not found: install the Debian package fiu-utils (setup.sh installs it); the fault tests need it"
	test_done
	exit 1
fi

# The failures, as fiu-run control commands; failinfo is the errno (28
# ENOSPC, 5 EIO, 2 ENOENT).  SQLite syncs with fdatasync and renovote's
# own files with fsync, so the two are told apart.  SQLite writes a
# transaction's pages to the WAL at COMMIT, which store_commit runs
# through sqlite3_exec: failing pwrite only below sqlite3_exec fills the
# disk at the commit, after every check has passed, and not while the
# database is opened.
DB_FULL='enable_stack_by_name name=posix/io/rw/pwrite,func_name=sqlite3_exec,failinfo=28'
DB_SYNC='enable name=posix/io/sync/fdatasync,failinfo=5'
FILE_FULL='enable name=posix/io/rw/write,failinfo=28'
FILE_SYNC='enable name=posix/io/sync/fsync,failinfo=5'
RENAME='enable name=posix/io/dir/rename,failinfo=5'
READ_EIO='enable name=posix/stdio/rw/fread,failinfo=5'
READ_GONE='enable name=posix/stdio/oc/fopen,failinfo=2'

# What the one line on stderr names for each failure.
FULL_MSG='database or disk is full'
IOERR_MSG='disk I/O error'

# under FAULT COMMAND...: run the command with the failure point enabled.
# No control FIFO (-f ''): nothing is left in $TMPDIR.
under() {
	u_fault=$1
	shift
	fiu-run -x -f '' -c "$u_fault" "$@"
}

# snapshot DB...: remember the signature of each database.
snapshot() {
	: >"$T/sigs"
	for s_db in "$@"; do
		echo "$(db_signature "$s_db") $s_db" >>"$T/sigs"
	done
}

# unchanged DESC: every database of the last snapshot is as it was and
# passes integrity_check.
unchanged() {
	while read -r u_sig u_db; do
		same "$1: $(basename "$u_db") unchanged" "$(db_signature "$u_db")" "$u_sig"
		same "$1: $(basename "$u_db") intact" "$(sql "$u_db" "PRAGMA integrity_check")" ok
	done <"$T/sigs"
}

# no_temp DESC: no temporary file anywhere in the test directory.
no_temp() {
	n_left=$(find "$T" -name '*.tmp.*' | head -3)
	if [ -n "$n_left" ]; then
		fail "$1: temporary files left behind: $n_left"
		find "$T" -name '*.tmp.*' -exec rm -f {} +
	else
		pass
	fi
}

# faulted DESC FAULT CODE PATTERN DBS COMMAND...: with FAULT injected the
# command exits CODE with one line on stderr matching PATTERN, nothing on
# stdout, leaves the databases DBS (a space-separated list) as they were
# and no temporary file.
faulted() {
	f_desc=$1 f_fault=$2 f_code=$3 f_pattern=$4 f_dbs=$5
	shift 5
	# shellcheck disable=SC2086
	snapshot $f_dbs
	expect_error "$f_code" "$f_pattern" under "$f_fault" "$@"
	same "$f_desc: nothing on stdout" "$(cat "$T/out")" ""
	unchanged "$f_desc"
	no_temp "$f_desc"
}

# absent DESC FILE: the command wrote no output file.
absent() {
	if [ -e "$2" ]; then
		fail "$1: $2 was written"
		rm -f "$2"
	else
		pass
	fi
}

# as_before DESC FILE COPY: an output file that existed is untouched.
as_before() {
	if cmp -s "$2" "$3"; then pass; else fail "$1: $2 changed"; fi
}

# changed DESC DB: the last snapshot's signature of DB differs now (the
# run without a fault did store something, so the faulted runs tested a
# real change).
changed() {
	c_old=$(grep " $2\$" "$T/sigs" | cut -d' ' -f1)
	if [ "$(db_signature "$2")" != "$c_old" ]; then pass; else fail "$1: $2 did not change"; fi
}

# code_verifies SLIPS DB FLAT: the flat's code in the slips file matches
# the scrypt hash DB stores for it (LC-XNY-02); prints ok or mismatch.
code_verifies() {
	python3 - "$1" "$(sql "$2" "SELECT hash FROM code WHERE estate_id = 'LC-XNY-02' AND flat_id = '$3'")" "$3" <<'PY'
import csv, hashlib, sys
slips, stored, flat = sys.argv[1:4]
code = [r["code"] for r in csv.DictReader(open(slips, encoding="utf-8"))
        if r["flat_id"] == flat][0]
_, logn, r, p, salt, key = stored.split("$")
k = hashlib.scrypt(code.replace("-", "").upper().encode(),
                   salt=bytes.fromhex(salt), n=1 << int(logn), r=int(r),
                   p=int(p), dklen=len(key) // 2, maxmem=64 << 20)
print("ok" if k.hex() == key.lower() else "mismatch")
PY
}

OD="$T/office.db"
K1="$T/k1.db"
K2="$T/k2.db"
live_office "$OD" "$T" || fail "office set-up"
new_kiosk "$K1" hall-1 "$OD" "$T/p1.pkg" || fail "kiosk set-up"

# --- roster import ----------------------------------------------------
# A new roster of estate 01 with one owner renamed.
{
	head -1 "$ASSETS/demo-roster.csv"
	grep '^LC-XNY-01,' "$ASSETS/demo-roster.csv" | sed '1s/潘金凤/潘金花/'
} >"$T/roster.csv"
R="roster import"
faulted "$R, disk full at commit" "$DB_FULL" 3 "office.db: .*$FULL_MSG" "$OD" \
    "$OFFICE" roster import --db "$OD" "$T/roster.csv"
faulted "$R, fdatasync fails" "$DB_SYNC" 3 "office.db: .*$IOERR_MSG" "$OD" \
    "$OFFICE" roster import --db "$OD" "$T/roster.csv"
faulted "$R, roster unreadable" "$READ_EIO" 3 "roster.csv: read error: Input/output error" "$OD" \
    "$OFFICE" roster import --db "$OD" "$T/roster.csv"
faulted "$R, roster gone" "$READ_GONE" 1 "roster.csv: No such file" "$OD" \
    "$OFFICE" roster import --db "$OD" "$T/roster.csv"
expect 0 "$OFFICE" roster import --db "$OD" "$T/roster.csv"
changed "$R without a fault" "$OD"
same "$R: the renamed owner" "$(sql "$OD" "SELECT owner_name FROM flat WHERE estate_id = 'LC-XNY-01' AND flat_id = '1-1-101'")" 潘金花

# --- plan import: two files, one transaction --------------------------
R="plan import"
set -- "$ASSETS/demo-plan-LC-XNY-01.json" "$ASSETS/demo-plan-LC-XNY-03.json"
faulted "$R, disk full at commit" "$DB_FULL" 3 "office.db: .*$FULL_MSG" "$OD" \
    "$OFFICE" plan import --db "$OD" "$@"
faulted "$R, fdatasync fails" "$DB_SYNC" 3 "office.db: .*$IOERR_MSG" "$OD" \
    "$OFFICE" plan import --db "$OD" "$@"
faulted "$R, plan unreadable" "$READ_EIO" 3 "demo-plan-LC-XNY-01.json: read error: Input/output error" "$OD" \
    "$OFFICE" plan import --db "$OD" "$@"
expect 0 "$OFFICE" plan import --db "$OD" "$@"
changed "$R without a fault" "$OD"
same "$R: both plans stored" "$(sql "$OD" "SELECT count(*) FROM plan")" 3

# --- codes issue ------------------------------------------------------
# The slips file is written to a temporary file first, the hashes are
# committed, then the file is renamed into place: whichever step fails,
# the earlier codes stay the stored ones and the old slips stay.
R="codes issue"
cp "$T/codes.csv" "$T/codes.before"
old_hashes=$(sql "$OD" "SELECT group_concat(hash) FROM (SELECT hash FROM code WHERE estate_id = 'LC-XNY-02' ORDER BY flat_id)")
# codes_faulted DESC FAULT PATTERN: a failed issue over the old slips
# and into a new file.
codes_faulted() {
	faulted "$R, $1" "$2" 3 "$3" "$OD" \
	    "$OFFICE" codes issue --db "$OD" --estate LC-XNY-02 --out "$T/codes.csv"
	as_before "$R, $1: old slips" "$T/codes.csv" "$T/codes.before"
	same "$R, $1: earlier codes still stored" "$(sql "$OD" "SELECT group_concat(hash) FROM (SELECT hash FROM code WHERE estate_id = 'LC-XNY-02' ORDER BY flat_id)")" "$old_hashes"
	same "$R, $1: an earlier code still verifies" "$(code_verifies "$T/codes.csv" "$OD" 1-2-101)" ok
	faulted "$R, $1, new file" "$2" 3 "$3" "$OD" \
	    "$OFFICE" codes issue --db "$OD" --estate LC-XNY-02 --out "$T/fresh.csv"
	absent "$R, $1, new file" "$T/fresh.csv"
}
codes_faulted "disk full at commit" "$DB_FULL" "office.db: .*$FULL_MSG"
codes_faulted "fdatasync fails" "$DB_SYNC" "office.db: .*$IOERR_MSG"
codes_faulted "disk full writing the slips" "$FILE_FULL" "codes.csv: cannot write: No space left on device"
codes_faulted "fsync of the slips fails" "$FILE_SYNC" "codes.csv: cannot write: Input/output error"
codes_faulted "rename fails" "$RENAME" "codes.csv: cannot rename .*Input/output error"
# Without a fault (into another file: kiosk 1 still holds the codes of
# codes.csv).
snapshot "$OD"
expect 0 "$OFFICE" codes issue --db "$OD" --estate LC-XNY-02 --out "$T/codes2.csv"
changed "$R without a fault" "$OD"
same "$R: the new code verifies" "$(code_verifies "$T/codes2.csv" "$OD" 1-2-101)" ok

# --- package ----------------------------------------------------------
# The version counts only once the package is written.
R="package"
cp "$T/p1.pkg" "$T/p1.before"
pkg_version() {
	sql "$OD" "SELECT version FROM package WHERE estate_id = 'LC-XNY-02'"
}
v=$(pkg_version)
package_faulted() {
	faulted "$R, $1" "$2" 3 "$3" "$OD" \
	    "$OFFICE" package --db "$OD" --estate LC-XNY-02 --out "$T/p2.pkg"
	absent "$R, $1" "$T/p2.pkg"
	same "$R, $1: version not counted" "$(pkg_version)" "$v"
	faulted "$R, $1, over the old package" "$2" 3 "$3" "$OD" \
	    "$OFFICE" package --db "$OD" --estate LC-XNY-02 --out "$T/p1.pkg"
	as_before "$R, $1: old package" "$T/p1.pkg" "$T/p1.before"
}
package_faulted "disk full at commit" "$DB_FULL" "office.db: .*$FULL_MSG"
package_faulted "fdatasync fails" "$DB_SYNC" "office.db: .*$IOERR_MSG"
package_faulted "disk full writing the package" "$FILE_FULL" "p[12].pkg: cannot write: No space left on device"
package_faulted "fsync of the package fails" "$FILE_SYNC" "p[12].pkg: cannot write: Input/output error"
package_faulted "rename fails" "$RENAME" "p[12].pkg: cannot rename .*Input/output error"
v=$(pkg_version)
snapshot "$OD"
expect 0 "$OFFICE" package --db "$OD" --estate LC-XNY-02 --out "$T/p2.pkg"
changed "$R without a fault" "$OD"
same "$R: next version" "$(pkg_version)" "$((v + 1))"

# --- kiosk enroll -----------------------------------------------------
R="kiosk enroll"
"$KIOSK" init --db "$K2" --name hall-2 --pubkey-out "$K2.pem" >/dev/null || fail "kiosk 2 init"
faulted "$R, disk full at commit" "$DB_FULL" 3 "office.db: .*$FULL_MSG" "$OD" \
    "$OFFICE" kiosk enroll --db "$OD" --name hall-2 --pubkey "$K2.pem"
faulted "$R, fdatasync fails" "$DB_SYNC" 3 "office.db: .*$IOERR_MSG" "$OD" \
    "$OFFICE" kiosk enroll --db "$OD" --name hall-2 --pubkey "$K2.pem"
faulted "$R, key unreadable" "$READ_EIO" 3 "k2.db.pem: read error: Input/output error" "$OD" \
    "$OFFICE" kiosk enroll --db "$OD" --name hall-2 --pubkey "$K2.pem"
expect 0 "$OFFICE" kiosk enroll --db "$OD" --name hall-2 --pubkey "$K2.pem"
changed "$R without a fault" "$OD"

# --- kiosk load -------------------------------------------------------
R="kiosk load"
faulted "$R, disk full at commit" "$DB_FULL" 3 "k2.db: .*$FULL_MSG" "$K2 $OD" \
    "$KIOSK" load --db "$K2" "$T/p2.pkg"
faulted "$R, fdatasync fails" "$DB_SYNC" 3 "k2.db: .*$IOERR_MSG" "$K2 $OD" \
    "$KIOSK" load --db "$K2" "$T/p2.pkg"
faulted "$R, package unreadable" "$READ_EIO" 3 "p2.pkg: read error: Input/output error" "$K2 $OD" \
    "$KIOSK" load --db "$K2" "$T/p2.pkg"
same "$R: nothing loaded" "$(sql "$K2" "SELECT count(*) FROM flat")" 0
# An update of a loaded kiosk, too.
faulted "$R, update, fdatasync fails" "$DB_SYNC" 3 "k1.db: .*$IOERR_MSG" "$K1 $OD" \
    "$KIOSK" load --db "$K1" "$T/p2.pkg"
snapshot "$K2"
expect 0 "$KIOSK" load --db "$K2" "$T/p2.pkg"
changed "$R without a fault" "$K2"

# --- cast: the receipt only for a committed answer --------------------
R="cast"
c101=$(code_of 1-1-101)
faulted "$R, disk full at commit" "$DB_FULL" 3 "k1.db: .*$FULL_MSG" "$K1" \
    "$KIOSK" cast --db "$K1" --flat 1-1-101 --code "$c101" --question Q-BASIC --choice agree
faulted "$R, fdatasync fails" "$DB_SYNC" 3 "k1.db: .*$IOERR_MSG" "$K1" \
    "$KIOSK" cast --db "$K1" --flat 1-1-101 --code "$c101" --question Q-BASIC --choice agree
# After a wrong code the flat has a failure count to clear: still one
# transaction, all or nothing.
expect 1 "$KIOSK" cast --db "$K1" --flat 1-1-102 --code 2222-3333-4444 --question Q-BASIC --choice agree
faulted "$R after a wrong code, disk full at commit" "$DB_FULL" 3 "k1.db: .*$FULL_MSG" "$K1" \
    "$KIOSK" cast --db "$K1" --flat 1-1-102 --code "$(code_of 1-1-102)" --question Q-BASIC --choice agree
same "$R: no answer stored" "$(sql "$K1" "SELECT count(*) FROM ledger WHERE type = 2")" 0
snapshot "$K1"
for f in 1-1-101 1-1-102 1-2-101 2-1-101; do
	expect 0 "$KIOSK" cast --db "$K1" --flat $f --code "$(code_of $f)" --question Q-BASIC --choice agree
	check "$R without a fault prints the receipt" grep -Eq '^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$' "$T/out"
done
changed "$R without a fault" "$K1"
same "$R: answers stored" "$(sql "$K1" "SELECT count(*) FROM ledger WHERE type = 2")" 4

# --- export -----------------------------------------------------------
R="export"
export_faulted() {
	faulted "$R, $1" "$2" 3 "$3" "$K1" \
	    "$KIOSK" export --db "$K1" --out "$T/b1"
	absent "$R, $1" "$T/b1"
}
export_faulted "disk full at commit" "$DB_FULL" "k1.db: .*$FULL_MSG"
export_faulted "fdatasync fails" "$DB_SYNC" "k1.db: .*$IOERR_MSG"
export_faulted "disk full writing the bundle" "$FILE_FULL" "b1: cannot write: No space left on device"
export_faulted "fsync of the bundle fails" "$FILE_SYNC" "b1: cannot write: Input/output error"
export_faulted "rename fails" "$RENAME" "b1: cannot rename .*Input/output error"
expect 0 "$KIOSK" export --db "$K1" --out "$T/b1"
check "$R without a fault writes the bundle" test -s "$T/b1"

# --- ingest -----------------------------------------------------------
R="ingest"
test ! -e "$OD-wal" || fail "office database not closed cleanly"
cp "$OD" "$T/base.db"
faulted "$R, disk full at commit" "$DB_FULL" 3 "office.db: .*$FULL_MSG" "$OD" \
    "$OFFICE" ingest --db "$OD" "$T/b1"
faulted "$R, fdatasync fails" "$DB_SYNC" 3 "office.db: .*$IOERR_MSG" "$OD" \
    "$OFFICE" ingest --db "$OD" "$T/b1"
faulted "$R, bundle unreadable" "$READ_EIO" 3 "b1: read error: Input/output error" "$OD" \
    "$OFFICE" ingest --db "$OD" "$T/b1"
snapshot "$OD"
expect 0 "$OFFICE" ingest --db "$OD" "$T/b1"
contains "$R without a fault" "$T/out" "stored $(sql "$K1" "SELECT count(*) FROM ledger") new records"
changed "$R without a fault" "$OD"

# --- ballots import ---------------------------------------------------
R="ballots import"
printf 'estate_id,flat_id,question_id,choice,cast_at,form_ref\nLC-XNY-02,1-1-201,Q-BASIC,agree,%s,F-0001\nLC-XNY-02,1-1-202,Q-BASIC,disagree,%s,F-0002\n' \
    "$(iso_at '-1 hour')" "$(iso_at '-1 hour')" >"$T/ballots.csv"
faulted "$R, disk full at commit" "$DB_FULL" 3 "office.db: .*$FULL_MSG" "$OD" \
    "$OFFICE" ballots import --db "$OD" --clerk 王文书 "$T/ballots.csv"
faulted "$R, fdatasync fails" "$DB_SYNC" 3 "office.db: .*$IOERR_MSG" "$OD" \
    "$OFFICE" ballots import --db "$OD" --clerk 王文书 "$T/ballots.csv"
snapshot "$OD"
expect 0 "$OFFICE" ballots import --db "$OD" --clerk 王文书 "$T/ballots.csv"
changed "$R without a fault" "$OD"
same "$R: both ballots in the office chain" "$(sql "$OD" "SELECT count(*) FROM ledger WHERE device = 'office'")" 2

# --- a database locked by another program -----------------------------
# The holder keeps a write transaction open until told to let go; the
# command waits out its busy timeout (5 s) and gives up.
R="locked database"
rm -f "$T/locked" "$T/release"
{
	echo "BEGIN IMMEDIATE;"
	echo ".system touch '$T/locked'"
	i=0
	while [ ! -e "$T/release" ] && [ $i -lt 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	echo "ROLLBACK;"
} | "$SQLITE3" "$K1" >/dev/null &
holder=$!
i=0
while [ ! -e "$T/locked" ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
check "$R: the holder has the lock" test -e "$T/locked"
snapshot "$K1"
expect_error 3 "k1.db: .*locked by another program; try again" \
    "$KIOSK" cast --db "$K1" --flat 1-2-102 --code "$(code_of 1-2-102)" --question Q-BASIC --choice agree
same "$R: no receipt" "$(cat "$T/out")" ""
touch "$T/release"
wait $holder
unchanged "$R"
same "$R: nothing cast" "$(sql "$K1" "SELECT count(*) FROM ledger WHERE type = 2")" 4

# --- sweep: ingest under random pwrite and sync failures --------------
# Each run starts from the office as it was before the ingest.  A run
# either stores the whole bundle (the same ledger, answers and head as an
# ingest without faults) or exits 3 with the office as it was; after a
# failed run the same office must take the bundle whole.
content() {
	sql "$1" "SELECT device, seq, hex(hash) FROM ledger ORDER BY device, seq;
	    SELECT * FROM answer ORDER BY device, seq;
	    SELECT * FROM signature ORDER BY device, seq;
	    SELECT device, seq, hex(hash), hex(sig) FROM head ORDER BY device" | sha256sum
}
R="ingest sweep"
want=$(content "$OD")
base_sig=$(db_signature "$T/base.db")
ok_runs=0
failed_runs=0
for point in posix/io/rw/pwrite posix/io/sync/fdatasync; do
	for p in 0.05 0.2 0.5; do
		for seed in 1 2 3; do
			run="$R: $point p=$p seed=$seed"
			rm -f "$T/s.db" "$T/s.db-wal" "$T/s.db-shm"
			cp "$T/base.db" "$T/s.db"
			FIU_PRNG_SEED=$seed fiu-run -x -f '' \
			    -c "enable_random name=$point,probability=$p,failinfo=5" \
			    "$OFFICE" ingest --db "$T/s.db" "$T/b1" >"$T/out" 2>"$T/err"
			rc=$?
			if [ $rc -eq 0 ]; then
				ok_runs=$((ok_runs + 1))
				same "$run: complete" "$(content "$T/s.db")" "$want"
			elif [ $rc -eq 3 ]; then
				failed_runs=$((failed_runs + 1))
				same "$run: one line" "$(wc -l <"$T/err")" 1
				same "$run: nothing printed" "$(cat "$T/out")" ""
				same "$run: office unchanged" "$(db_signature "$T/s.db")" "$base_sig"
				expect 0 "$OFFICE" ingest --db "$T/s.db" "$T/b1"
				same "$run: then ingested whole" "$(content "$T/s.db")" "$want"
			else
				fail "$run: exit $rc; stderr: $(cat "$T/err")"
			fi
			same "$run: intact" "$(sql "$T/s.db" "PRAGMA integrity_check")" ok
		done
	done
done
check "$R: some runs succeeded ($ok_runs)" test $ok_runs -gt 0
check "$R: some runs failed ($failed_runs)" test $failed_runs -gt 0

# --- sweep: codes issue under random pwrite and sync failures ---------
# A run either issues every code (new slips whose codes verify, every
# hash replaced) or exits 3 with the office, the old slips and the old
# codes as they were.
R="codes sweep"
ok_runs=0
failed_runs=0
for run in "posix/io/rw/pwrite 0.2 1" "posix/io/rw/pwrite 0.2 2" \
    "posix/io/sync/* 0.3 1" "posix/io/sync/* 0.3 2" "posix/io/sync/* 0.3 3" \
    "posix/io/sync/* 0.5 1" "posix/io/sync/* 0.5 2" "posix/io/sync/* 0.5 3"; do
	set -f
	# shellcheck disable=SC2086
	set -- $run
	set +f
	desc="$R: $1 p=$2 seed=$3"
	cp "$T/codes2.csv" "$T/slips.before"
	old=$(sql "$OD" "SELECT group_concat(hash) FROM (SELECT hash FROM code WHERE estate_id = 'LC-XNY-02' ORDER BY flat_id)")
	sig=$(db_signature "$OD")
	FIU_PRNG_SEED=$3 fiu-run -x -f '' -c "enable_random name=$1,probability=$2,failinfo=5" \
	    "$OFFICE" codes issue --db "$OD" --estate LC-XNY-02 --out "$T/codes2.csv" >"$T/out" 2>"$T/err"
	rc=$?
	if [ $rc -eq 0 ]; then
		ok_runs=$((ok_runs + 1))
		same "$desc: every hash replaced" "$(sql "$OD" "SELECT count(*) FROM code WHERE estate_id = 'LC-XNY-02' AND instr('$old', hash) = 0")" 60
		same "$desc: a slip per flat" "$(($(wc -l <"$T/codes2.csv") - 1))" 60
		same "$desc: the new code verifies" "$(code_verifies "$T/codes2.csv" "$OD" 3-2-502)" ok
	elif [ $rc -eq 3 ]; then
		failed_runs=$((failed_runs + 1))
		same "$desc: one line" "$(wc -l <"$T/err")" 1
		same "$desc: office unchanged" "$(db_signature "$OD")" "$sig"
		as_before "$desc: old slips" "$T/codes2.csv" "$T/slips.before"
		same "$desc: the old code verifies" "$(code_verifies "$T/codes2.csv" "$OD" 3-2-502)" ok
	else
		fail "$desc: exit $rc; stderr: $(cat "$T/err")"
	fi
	same "$desc: intact" "$(sql "$OD" "PRAGMA integrity_check")" ok
	no_temp "$desc"
done
check "$R: some runs succeeded ($ok_runs)" test $ok_runs -gt 0
check "$R: some runs failed ($failed_runs)" test $failed_runs -gt 0

test_done
