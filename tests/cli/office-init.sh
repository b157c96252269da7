#!/bin/sh
# renovote-office init, the command line itself, and the default database.
. "$top_srcdir/tests/cli/lib.sh"

expect 0 "$OFFICE" init --db "$T/office.db"
contains "init says what it made" "$T/out" "office.db"
same "database mode" "$(stat -c %a "$T/office.db")" 600
same "key mode" "$(stat -c %a "$T/office.db.key")" 600
contains "key is an Ed25519 private key" "$T/office.db.key" "BEGIN PRIVATE KEY"
same "public key stored" "$(sql "$T/office.db" "SELECT value LIKE '%BEGIN PUBLIC KEY%' FROM meta WHERE key = 'pubkey'")" 1
# The newest schema; each version from 6 on has a DOWN_N below that drops
# what it added, to make the older versions from a new database.
LATEST=11
same "schema version" "$(sql "$T/office.db" "PRAGMA user_version")" $LATEST
DOWN_11="DROP TABLE suggestion;"
DOWN_10="$DOWN_11 DROP TABLE intent; CREATE TABLE intent (id INTEGER PRIMARY KEY,
    batch TEXT NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('codes', 'site')),
    estate_id TEXT, path TEXT NOT NULL, tmp TEXT NOT NULL,
    sha256 TEXT NOT NULL, old_epoch INTEGER, old_pub INTEGER,
    at INTEGER NOT NULL);"
DOWN_9="$DOWN_10 DROP TABLE intent; DROP TABLE intent_code;"
DOWN_8="$DOWN_9 DROP TABLE publication_tree; DROP TABLE publication_leaf;"
DOWN_7="$DOWN_8 DROP TABLE roster_change;"
DOWN_6="$DOWN_7 DROP TABLE sync_nonce;
    ALTER TABLE device DROP COLUMN reported_seq;
    ALTER TABLE device DROP COLUMN reported_hash;"
same "WAL mode" "$(sql "$T/office.db" "PRAGMA journal_mode")" wal

# older N SQL: $T/vN.db, a copy of the new database (and its key) made
# version N by SQL: the DOWN_ steps and any rows the case needs.
older() {
	cp "$T/office.db" "$T/v$1.db"
	"$SQLITE3" "$T/v$1.db" "$2
	    PRAGMA user_version = $1;"
	cp "$T/office.db.key" "$T/v$1.db.key"
}

# migrated N: opening $T/vN.db (a tally) migrates it to the newest.
migrated() {
	expect 0 "$OFFICE" tally --db "$T/v$1.db"
	same "migrated from $1" "$(sql "$T/v$1.db" "PRAGMA user_version")" $LATEST
}

# A version 2 database (as the previous release left it) is migrated
# forward on open, its data kept.
older 2 "$DOWN_6
    DROP TABLE package_body; DROP TABLE publication;
    DROP TABLE objection; ALTER TABLE device DROP COLUMN last_sync_at;
    ALTER TABLE estate DROP COLUMN name_zh_TW;
    ALTER TABLE estate DROP COLUMN name_en;
    ALTER TABLE estate DROP COLUMN street;
    ALTER TABLE estate DROP COLUMN community;
    INSERT INTO device (name, pubkey, enrolled_at) VALUES ('hall-1', 'k', 1);"
migrated 2
same "new tables made" "$(sql "$T/v2.db" "SELECT count(*) FROM sqlite_schema WHERE name IN ('package_body', 'publication', 'objection')")" 3
same "data kept, new column empty" "$(sql "$T/v2.db" "SELECT name, last_sync_at IS NULL FROM device")" "hall-1|1"

# A version 3 database gains the estate's zh_TW and English names.
older 3 "$DOWN_6
    ALTER TABLE estate DROP COLUMN name_zh_TW;
    ALTER TABLE estate DROP COLUMN name_en;
    ALTER TABLE estate DROP COLUMN street;
    ALTER TABLE estate DROP COLUMN community;
    INSERT INTO estate (id, name, roster_at) VALUES ('E-1', '春晖小区', 1);"
migrated 3
same "estate kept, names empty" "$(sql "$T/v3.db" "SELECT name, name_zh_TW IS NULL, name_en IS NULL FROM estate")" "春晖小区|1|1"

# A version 4 database gains the estate's street and community.
older 4 "$DOWN_6
    ALTER TABLE estate DROP COLUMN street;
    ALTER TABLE estate DROP COLUMN community;
    INSERT INTO estate (id, name, roster_at, name_en) VALUES ('E-1', '春晖小区', 1, 'Chunhui');"
migrated 4
same "estate kept, place empty" "$(sql "$T/v4.db" "SELECT name, name_en, street IS NULL, community IS NULL FROM estate")" "春晖小区|Chunhui|1|1"

# A version 5 database gains sync nonces and the kiosks' reported heads.
older 5 "$DOWN_6
    INSERT INTO device (name, pubkey, enrolled_at) VALUES ('hall-1', 'k', 1);"
migrated 5
same "kiosk kept, no head reported" "$(sql "$T/v5.db" "SELECT name, reported_seq IS NULL FROM device")" "hall-1|1"
same "nonce table made" "$(sql "$T/v5.db" "SELECT count(*) FROM sqlite_schema WHERE name = 'sync_nonce'")" 1

# A version 6 database gains the table of confirmed roster changes.
older 6 "$DOWN_7
    INSERT INTO estate (id, name, roster_at) VALUES ('E-1', '春晖小区', 1);"
migrated 6
same "roster change table made, estate kept" "$(sql "$T/v6.db" "SELECT count(*) FROM roster_change UNION ALL SELECT name FROM estate")" "0
春晖小区"

# A version 7 database gains the stored publication trees.
older 7 "$DOWN_8"
migrated 7
same "publication trees made" "$(sql "$T/v7.db" "SELECT count(*) FROM sqlite_schema WHERE name IN ('publication_tree', 'publication_leaf', 'publication_leaf_record')")" 3

# A version 8 database gains the intent tables (docs/reliability.md).
older 8 "$DOWN_9"
migrated 8
same "intent tables made" "$(sql "$T/v8.db" "SELECT count(*) FROM sqlite_schema WHERE name IN ('intent', 'intent_code')")" 2

# A version 9 database's intents (none, or a killed codes issue's) are
# kept, and package may record its own.
older 9 "$DOWN_10
    INSERT INTO intent (batch, kind, path, tmp, sha256, at)
    VALUES ('b', 'site', '/nowhere/site', '/nowhere/.publish.x', 'aa', 1);"
"$SQLITE3" "$T/v9.db" "INSERT INTO intent (batch, kind, path, tmp, sha256, at) VALUES ('c', 'package', 'p', 't', 'aa', 1)" 2>/dev/null &&
    fail "a version 9 database took a package intent"
migrated 9
same "package intents allowed" "$(sql "$T/v9.db" "SELECT sql LIKE '%''package''%' FROM sqlite_schema WHERE name = 'intent'")" 1
contains "the version 9 intent settled on open" "$T/err" "interrupted publish was rolled back"

sig=$(db_signature "$T/office.db")
keysum=$(sha256sum <"$T/office.db.key")
expect_error 1 "office.db: already exists" "$OFFICE" init --db "$T/office.db"
same "second init leaves the database" "$(db_signature "$T/office.db")" "$sig"
same "second init leaves the key" "$(sha256sum <"$T/office.db.key")" "$keysum"

# A key left without its database is never overwritten either.
cp "$T/office.db.key" "$T/other.db.key"
expect_error 1 "other.db.key: already exists" "$OFFICE" init --db "$T/other.db"
check "no database made beside a foreign key" test ! -e "$T/other.db"

# A file that is not a renovote database is refused, untouched.
"$SQLITE3" "$T/foreign.db" "CREATE TABLE t (x); INSERT INTO t VALUES (1);"
sig=$(db_signature "$T/foreign.db")
expect_error 1 "not a renovote database" "$OFFICE" tally --db "$T/foreign.db"
same "foreign file untouched" "$(db_signature "$T/foreign.db")" "$sig"
expect_error 1 "no such database" "$OFFICE" tally --db "$T/missing.db"
check "no database created by a reader" test ! -e "$T/missing.db"

# Usage errors exit 2 with one line.
expect_error 2 "unknown command 'frobnicate'" "$OFFICE" frobnicate
expect_error 2 "unknown option '--colour'" "$OFFICE" tally --colour
expect_error 2 "needs a value" "$OFFICE" tally --estate
expect_error 2 "--estate is required" "$OFFICE" codes issue --db "$T/office.db" --out "$T/c.csv"
expect_error 2 "--at: .* no UTC offset" "$OFFICE" tally --db "$T/office.db" --at 2026-12-01T00:00:00
expect_error 2 "expected" "$OFFICE" roster import --db "$T/office.db"
expect 2 "$OFFICE"
for c in "init" "roster import" "plan import" "codes issue" "tally"; do
	# shellcheck disable=SC2086
	expect 0 "$OFFICE" $c --help
	contains "$c --help shows usage" "$T/out" "usage: renovote-office $c"
done
expect 0 "$OFFICE" --help
contains "--help lists commands" "$T/out" "codes issue"

# Without --db the database lives under XDG_DATA_HOME.
expect 0 env XDG_DATA_HOME="$T/xdg" "$OFFICE" init
check "default database under XDG_DATA_HOME" test -f "$T/xdg/renovote/office.db"
same "default directory mode" "$(stat -c %a "$T/xdg/renovote")" 700
expect 0 env XDG_DATA_HOME="$T/xdg" "$OFFICE" tally

test_done
