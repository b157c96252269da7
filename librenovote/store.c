/*
 * The SQLite store: opening, the schema and its forward migrations,
 * transactions and error reporting.
 *
 * NOTES ON THE DESIGN OF THE STORE
 *
 * 1. One database file per device (office or kiosk), mode 0600, in WAL
 *    mode with foreign keys on and synchronous=FULL: a command that says it
 *    stored something has had it reach the disk.
 * 2. The schema version lives in PRAGMA user_version and the file is
 *    marked with PRAGMA application_id, so a foreign SQLite file is
 *    refused instead of being "migrated".  Migrations only go forward, each
 *    in the same transaction as the version bump.
 * 3. Every command that changes data does it inside one transaction
 *    (store_begin .. store_commit); any failure rolls the whole command
 *    back, so stored data is either all new or exactly as it was.
 * 4. Plans are kept as the validated JSON text they were imported from
 *    and parsed again on load: the parser is the one definition of a plan.
 * 5. Only prepared statements with bound parameters touch the database.
 */

#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store.h"
#include "store-int.h"

#define STORE_BUSY_TIMEOUT_MS	5000

/*
 * The schema, one entry per version.  Entry i takes a database from
 * version i to i + 1.  Never edit an entry that has shipped: add one.
 */
static const char *migrations[] = {
	/* 0 -> 1: roster, plans, voting codes, answers and pledges. */
	"CREATE TABLE meta ("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL"
	") WITHOUT ROWID;"
	"CREATE TABLE estate ("
	"  id TEXT PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  roster_at INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE TABLE flat ("
	"  estate_id TEXT NOT NULL REFERENCES estate(id),"
	"  flat_id TEXT NOT NULL,"
	"  building TEXT NOT NULL,"
	"  entrance TEXT NOT NULL,"
	"  room TEXT NOT NULL,"
	"  owner_id TEXT NOT NULL,"
	"  owner_name TEXT,"
	"  area_source TEXT,"
	"  area INTEGER NOT NULL CHECK (area > 0),"
	"  PRIMARY KEY (estate_id, flat_id)"
	") WITHOUT ROWID;"
	"CREATE TABLE plan ("
	"  estate_id TEXT PRIMARY KEY REFERENCES estate(id),"
	"  source TEXT NOT NULL,"
	"  version INTEGER NOT NULL,"
	"  imported_at INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE TABLE code ("
	"  estate_id TEXT NOT NULL,"
	"  flat_id TEXT NOT NULL,"
	"  hash TEXT NOT NULL,"
	"  issued_at INTEGER NOT NULL,"
	"  PRIMARY KEY (estate_id, flat_id),"
	"  FOREIGN KEY (estate_id, flat_id) REFERENCES flat(estate_id, flat_id)"
	"    ON DELETE CASCADE"
	") WITHOUT ROWID;"
	"CREATE TABLE answer ("
	"  device TEXT NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  estate_id TEXT NOT NULL,"
	"  question_id TEXT NOT NULL,"
	"  flat_id TEXT NOT NULL,"
	"  choice TEXT NOT NULL,"
	"  cast_at INTEGER NOT NULL,"
	"  PRIMARY KEY (device, seq)"
	") WITHOUT ROWID;"
	/* Covering: the tally reads answers by question and nothing else. */
	"CREATE INDEX answer_question ON answer (estate_id, question_id,"
	"  flat_id, choice, cast_at);"
	"CREATE TABLE signature ("
	"  device TEXT NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  estate_id TEXT NOT NULL,"
	"  pledge_id TEXT NOT NULL,"
	"  flat_id TEXT NOT NULL,"
	"  amount_fen INTEGER,"
	"  cast_at INTEGER NOT NULL,"
	"  PRIMARY KEY (device, seq)"
	") WITHOUT ROWID;"
	"CREATE INDEX signature_pledge ON signature (estate_id, pledge_id,"
	"  flat_id, cast_at, amount_fen);",

	/*
	 * 1 -> 2: the signed ledger.  Every device's records with their
	 * encodings (the only form that is hashed), signed chain heads,
	 * enrolled kiosks, committee flags, and on kiosks the packages held
	 * and code lockouts.
	 */
	"CREATE TABLE ledger ("
	"  device TEXT NOT NULL,"
	"  seq INTEGER NOT NULL CHECK (seq > 0),"
	"  hash BLOB NOT NULL,"
	"  type INTEGER NOT NULL,"
	"  time INTEGER NOT NULL,"
	"  receipt TEXT NOT NULL,"
	"  body BLOB NOT NULL,"
	"  PRIMARY KEY (device, seq)"
	") WITHOUT ROWID;"
	"CREATE INDEX ledger_receipt ON ledger (receipt);"
	"CREATE TABLE head ("
	"  device TEXT PRIMARY KEY,"
	"  seq INTEGER NOT NULL,"
	"  hash BLOB NOT NULL,"
	"  sig BLOB NOT NULL,"
	"  received_at INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE TABLE device ("
	"  name TEXT PRIMARY KEY,"
	"  pubkey TEXT NOT NULL,"
	"  enrolled_at INTEGER NOT NULL,"
	"  revoked_at INTEGER,"
	"  voided INTEGER NOT NULL DEFAULT 0"
	") WITHOUT ROWID;"
	"CREATE TABLE flag ("
	"  device TEXT NOT NULL,"
	"  at INTEGER NOT NULL,"
	"  reason TEXT NOT NULL"
	");"
	"CREATE TABLE package ("
	"  estate_id TEXT PRIMARY KEY,"
	"  version INTEGER NOT NULL,"
	"  digest BLOB,"
	"  at INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE TABLE lockout ("
	"  estate_id TEXT NOT NULL,"
	"  flat_id TEXT NOT NULL,"
	"  failures INTEGER NOT NULL,"
	"  locked_until INTEGER NOT NULL DEFAULT 0,"
	"  PRIMARY KEY (estate_id, flat_id)"
	") WITHOUT ROWID;"
	/*
	 * Voting codes are bound to packages: codes_epoch says from which
	 * package version on an estate's current codes travel, and
	 * kiosk_package which version each kiosk held from which record on,
	 * so answers made with superseded codes are kept but not counted.
	 */
	"CREATE TABLE codes_epoch ("
	"  estate_id TEXT PRIMARY KEY,"
	"  from_version INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE TABLE kiosk_package ("
	"  device TEXT NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  estate_id TEXT NOT NULL,"
	"  version INTEGER NOT NULL,"
	"  PRIMARY KEY (device, estate_id, seq)"
	") WITHOUT ROWID;",
	/*
	 * 2 -> 3: the street office online.  package_body keeps the last
	 * signed package of each estate for kiosks that fetch it over sync;
	 * device.last_sync_at is when a kiosk last synchronised, whether or
	 * not it brought anything new; publication and objection hold the
	 * notices (公示) and the objections raised while one is open.
	 */
	"CREATE TABLE package_body ("
	"  estate_id TEXT PRIMARY KEY,"
	"  version INTEGER NOT NULL,"
	"  body BLOB NOT NULL"
	") WITHOUT ROWID;"
	"ALTER TABLE device ADD COLUMN last_sync_at INTEGER;"
	"CREATE TABLE publication ("
	"  id INTEGER PRIMARY KEY,"
	"  estate_id TEXT NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind IN ('preliminary', 'final')),"
	"  published_at INTEGER NOT NULL,"
	"  tally_at INTEGER NOT NULL,"
	"  objections_until INTEGER"
	");"
	"CREATE INDEX publication_estate ON publication (estate_id, "
	"  published_at);"
	"CREATE TABLE objection ("
	"  id INTEGER PRIMARY KEY,"
	"  estate_id TEXT NOT NULL,"
	"  received_at INTEGER NOT NULL,"
	"  author TEXT NOT NULL,"
	"  text TEXT NOT NULL,"
	"  resolved_at INTEGER,"
	"  resolution TEXT"
	");"
	"CREATE INDEX objection_estate ON objection (estate_id, "
	"  received_at);",
	/*
	 * The estate's name in zh_TW and English (the roster's optional
	 * estate_name_zh_TW and estate_name_en; NULL when it has none).
	 */
	"ALTER TABLE estate ADD COLUMN name_zh_TW TEXT;"
	"ALTER TABLE estate ADD COLUMN name_en TEXT;",
	/*
	 * Where the estate lies, for the city index: the roster's optional
	 * street (街道) and community (社区); NULL when it has none.
	 */
	"ALTER TABLE estate ADD COLUMN street TEXT;"
	"ALTER TABLE estate ADD COLUMN community TEXT;",
	/*
	 * Trust that cannot be sidestepped (store-trust.c): sync_nonce
	 * keeps each signed sync request's nonce for the time window, so a
	 * replay is refused; device.reported_seq and reported_hash are the
	 * furthest head a kiosk reported at sync, so a head going backwards
	 * (a kiosk restored from an old copy) is flagged.
	 */
	"CREATE TABLE sync_nonce ("
	"  device TEXT NOT NULL,"
	"  nonce BLOB NOT NULL,"
	"  at INTEGER NOT NULL,"
	"  PRIMARY KEY (device, nonce)"
	") WITHOUT ROWID;"
	"ALTER TABLE device ADD COLUMN reported_seq INTEGER;"
	"ALTER TABLE device ADD COLUMN reported_hash BLOB;",
	/*
	 * Confirmed roster changes (roster import --confirm-changes), read
	 * from the office's signed records of type roster: the pages and
	 * the notice list them, and a flat's latest change of owner_id is
	 * from when the tally no longer counts its earlier answers.
	 */
	"CREATE TABLE roster_change ("
	"  device TEXT NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  estate_id TEXT NOT NULL,"
	"  flat_id TEXT,"
	"  field TEXT NOT NULL,"
	"  before TEXT,"
	"  after TEXT,"
	"  clerk TEXT NOT NULL,"
	"  at INTEGER NOT NULL,"
	"  owner_id TEXT,"	/* the flat's owner when it was recorded */
	"  PRIMARY KEY (device, seq)"
	") WITHOUT ROWID;"
	"CREATE INDEX roster_change_estate ON roster_change (estate_id, at);",
	/*
	 * Each publication's tree as publish wrote it (docs/protocol.md,
	 * "Publication"): its number, instant and signed root, and its
	 * leaves in order, so the receipt page shows a record's path to the
	 * root without reading the published site.
	 */
	"CREATE TABLE publication_tree ("
	"  estate_id TEXT NOT NULL,"
	"  number INTEGER NOT NULL,"
	"  at_ms INTEGER NOT NULL,"
	"  root TEXT NOT NULL,"
	"  PRIMARY KEY (estate_id, number)"
	") WITHOUT ROWID;"
	"CREATE TABLE publication_leaf ("
	"  estate_id TEXT NOT NULL,"
	"  number INTEGER NOT NULL,"
	"  idx INTEGER NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  subject TEXT NOT NULL,"
	"  choice TEXT NOT NULL,"
	"  owner TEXT NOT NULL,"
	"  area TEXT NOT NULL,"
	"  scope TEXT NOT NULL,"
	"  record TEXT NOT NULL,"
	"  PRIMARY KEY (estate_id, number, idx)"
	") WITHOUT ROWID;"
	"CREATE INDEX publication_leaf_record ON publication_leaf (record, "
	"  estate_id, number);",
	/*
	 * Multi-file changes made recoverable (intent.c): a command that
	 * renames files into place after its commit records, in the same
	 * transaction, each file's final path, the temporary path holding
	 * the new content and that content's SHA-256 (for a site, of its
	 * marker file); rows of one run share a batch.  intent_code keeps
	 * the code hashes (and intent.old_epoch the codes epoch) that a
	 * codes issue replaced, and intent.old_pub the last publication id
	 * before a publish, so an unfinished run can be rolled back.
	 * The next office command finishes or rolls back what is left.
	 */
	"CREATE TABLE intent ("
	"  id INTEGER PRIMARY KEY,"
	"  batch TEXT NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind IN ('codes', 'site')),"
	"  estate_id TEXT,"
	"  path TEXT NOT NULL,"
	"  tmp TEXT NOT NULL,"
	"  sha256 TEXT NOT NULL,"
	"  old_epoch INTEGER,"
	"  old_pub INTEGER,"
	"  at INTEGER NOT NULL"
	");"
	"CREATE TABLE intent_code ("
	"  estate_id TEXT NOT NULL,"
	"  flat_id TEXT NOT NULL,"
	"  hash TEXT NOT NULL,"
	"  issued_at INTEGER NOT NULL,"
	"  PRIMARY KEY (estate_id, flat_id)"
	") WITHOUT ROWID;",
	/*
	 * package writes its file under an intent too, so a version is
	 * never on disk unless the store counted it.  SQLite cannot change
	 * a CHECK constraint in place: the table is rebuilt.
	 */
	"CREATE TABLE intent_v10 ("
	"  id INTEGER PRIMARY KEY,"
	"  batch TEXT NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind IN ('codes', 'site', 'package')),"
	"  estate_id TEXT,"
	"  path TEXT NOT NULL,"
	"  tmp TEXT NOT NULL,"
	"  sha256 TEXT NOT NULL,"
	"  old_epoch INTEGER,"
	"  old_pub INTEGER,"
	"  at INTEGER NOT NULL"
	");"
	"INSERT INTO intent_v10 SELECT id, batch, kind, estate_id, path, tmp, "
	"  sha256, old_epoch, old_pub, at FROM intent;"
	"DROP TABLE intent;"
	"ALTER TABLE intent_v10 RENAME TO intent;",
	/*
	 * Residents' suggestions in the needs survey (征求意见), read from
	 * records of type suggestion: for the committee and the office
	 * only, never counted or published.  taken_by is who wrote it down
	 * (a committee member, or the clerk of a paper form), NULL when
	 * the resident typed it.
	 */
	"CREATE TABLE suggestion ("
	"  device TEXT NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  estate_id TEXT NOT NULL,"
	"  flat_id TEXT NOT NULL,"
	"  text TEXT NOT NULL,"
	"  taken_by TEXT,"
	"  at INTEGER NOT NULL,"	/* the record's cast_at */
	"  ref TEXT,"		/* a paper form's number */
	"  PRIMARY KEY (device, seq)"
	") WITHOUT ROWID;"
	"CREATE INDEX suggestion_estate ON suggestion (estate_id, at);",
};
#define STORE_VERSION	((int)(sizeof migrations / sizeof migrations[0]))

/*
 * Turn the last SQLite error into a cause "PATH: WHAT: message".  Every
 * SQLite failure is an environment failure (locked, full, unreadable)
 * because input is validated before it reaches SQL.
 */
enum rv_status
store_fail(struct store *s, char **cause, const char *what)
{
	int	 rc = sqlite3_extended_errcode(s->db);

	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		return rv_fail(cause, RV_EENV, "%s: %s: the database is "
		    "locked by another program; try again", s->path, what);
	return rv_fail(cause, RV_EENV, "%s: %s: %s", s->path, what,
	    sqlite3_errmsg(s->db));
}

/* Step a statement that returns no row; what names it in the cause. */
enum rv_status
store_step_done(struct store *s, sqlite3_stmt *stmt, const char *what,
    char **cause)
{
	if (sqlite3_step(stmt) != SQLITE_DONE)
		return store_fail(s, cause, what);
	return RV_OK;
}

/* Prepare one statement or say why not. */
enum rv_status
store_prepare(struct store *s, const char *sql, sqlite3_stmt **stmt,
    char **cause)
{
	if (sqlite3_prepare_v2(s->db, sql, -1, stmt, NULL) != SQLITE_OK)
		return store_fail(s, cause, "prepare");
	return RV_OK;
}

/*
 * Prepare a statement that will be stepped many times (an appender's, for
 * thousands of rows): SQLITE_PREPARE_PERSISTENT tells SQLite to keep it
 * out of its short-lived lookaside memory.
 */
enum rv_status
store_prepare_persistent(struct store *s, const char *sql,
    sqlite3_stmt **stmt, char **cause)
{
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, stmt,
	    NULL) != SQLITE_OK)
		return store_fail(s, cause, "prepare");
	return RV_OK;
}

/* Run SQL without results (schema, pragmas, transaction control). */
enum rv_status
store_exec(struct store *s, const char *sql, char **cause)
{
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(s, cause, "exec");
	return RV_OK;
}

/* Bind a string or, for NULL, an SQL NULL. */
void
store_bind_text(sqlite3_stmt *stmt, int i, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(stmt, i);
	else
		sqlite3_bind_text(stmt, i, v, -1, SQLITE_STATIC);
}

/* A copy of a text column, or NULL for an SQL NULL. */
char *
store_column_strdup(sqlite3_stmt *stmt, int i)
{
	const unsigned char *v = sqlite3_column_text(stmt, i);

	return v == NULL ? NULL : xstrdup((const char *)v);
}

/* Read one integer pragma. */
static enum rv_status
pragma_int(struct store *s, const char *sql, int *out, char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;

	if ((st = store_prepare(s, sql, &stmt, cause)) != RV_OK)
		return st;
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		st = store_fail(s, cause, "read schema version");
		sqlite3_finalize(stmt);
		return st;
	}
	*out = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return RV_OK;
}

/*
 * Refuse a file that is not ours, or is from a newer renovote, before
 * anything (even the journal mode) is changed in it.  *version receives
 * the schema version; 0 for a new, empty database.
 */
static enum rv_status
store_identify(struct store *s, int *version, char **cause)
{
	int		 appid, tables;
	enum rv_status	 st;

	if ((st = pragma_int(s, "PRAGMA application_id", &appid,
	    cause)) != RV_OK ||
	    (st = pragma_int(s, "PRAGMA user_version", version,
	    cause)) != RV_OK ||
	    (st = pragma_int(s, "SELECT count(*) FROM sqlite_schema", &tables,
	    cause)) != RV_OK)
		return st;
	if (appid == 0 && *version == 0 && tables == 0)
		return RV_OK;
	if (appid != STORE_APPLICATION_ID)
		return rv_fail(cause, RV_EINPUT, "%s: not a renovote database",
		    s->path);
	if (*version > STORE_VERSION)
		return rv_fail(cause, RV_EINPUT, "%s: made by a newer renovote "
		    "(schema %d, this one knows %d)", s->path, *version,
		    STORE_VERSION);
	return RV_OK;
}

/* Bring the schema from version to STORE_VERSION in one transaction. */
static enum rv_status
store_migrate(struct store *s, int version, char **cause)
{
	char		*sql;
	enum rv_status	 st;

	if (version == STORE_VERSION)
		return RV_OK;
	if ((st = store_begin(s, cause)) != RV_OK)
		return st;
	for (; version < STORE_VERSION; version++) {
		if ((st = store_exec(s, migrations[version], cause)) != RV_OK)
			goto fail;
	}
	xasprintf(&sql, "PRAGMA application_id = %d; PRAGMA user_version = %d",
	    STORE_APPLICATION_ID, STORE_VERSION);
	st = store_exec(s, sql, cause);
	free(sql);
	if (st != RV_OK)
		goto fail;
	return store_commit(s, cause);
fail:
	store_rollback(s);
	return st;
}

/*
 * Open the database at path.  With STORE_CREATE the file must not exist
 * and is created with mode 0600; without it, it must exist.  The schema is
 * migrated forward on open.
 */
enum rv_status
store_open(const char *path, int flags, struct store **out, char **cause)
{
	struct store	*s;
	int		 fd, version;
	enum rv_status	 st;

	if (flags & STORE_CREATE) {
		if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		    0600)) == -1)
			return rv_fail(cause, errno == EEXIST ? RV_EINPUT :
			    RV_EENV, "%s: %s", path, errno == EEXIST ?
			    "already exists; refusing to overwrite it" :
			    strerror(errno));
		close(fd);
	} else if (access(path, F_OK) != 0)
		return rv_fail(cause, RV_EINPUT, "%s: no such database "
		    "(create it with init)", path);

	s = xcalloc(1, sizeof *s);
	s->path = xstrdup(path);
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOFOLLOW, NULL) != SQLITE_OK) {
		st = store_fail(s, cause, "open");
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, STORE_BUSY_TIMEOUT_MS);
	if ((st = store_identify(s, &version, cause)) != RV_OK)
		goto fail;
	/*
	 * A 32 MiB page cache: ingest and imports insert into several
	 * indexes in random key order, and with SQLite's default 2 MiB the
	 * pages spill to the WAL and are read back mid-transaction.
	 */
	if ((st = store_exec(s, "PRAGMA journal_mode = WAL; "
	    "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; "
	    "PRAGMA trusted_schema = OFF; PRAGMA cache_size = -32768",
	    cause)) != RV_OK)
		goto fail;
	if ((st = store_migrate(s, version, cause)) != RV_OK)
		goto fail;
	*out = s;
	return RV_OK;
fail:
	store_close(s);
	if (flags & STORE_CREATE)
		unlink(path);
	return st;
}

/*
 * Give back the page cache's unused pages (up to 32 MiB a store), as
 * after a one-off bulk load into a store that stays open beside many
 * others: the city's, one per office.  Later reads fill it again.
 */
void
store_release_memory(struct store *s)
{
	sqlite3_db_release_memory(s->db);
}

/* Close the database; NULL is fine. */
void
store_close(struct store *s)
{
	if (s == NULL)
		return;
	if (s->in_txn)
		store_rollback(s);
	sqlite3_close(s->db);
	free(s->path);
	free(s->head_device);
	free(s);
}

/* The file the store was opened from. */
const char *
store_path(const struct store *s)
{
	return s->path;
}

/* The schema version this program migrates to (store-backup.c). */
int
store_version_known(void)
{
	return STORE_VERSION;
}

/*
 * Start the command's one transaction.  IMMEDIATE takes the write lock
 * now, so a concurrent writer is reported as "locked" before any work.
 */
enum rv_status
store_begin(struct store *s, char **cause)
{
	enum rv_status	 st;

	if ((st = store_exec(s, "BEGIN IMMEDIATE", cause)) == RV_OK)
		s->in_txn = 1;
	return st;
}

/*
 * Start a read transaction: every query until store_rollback sees one
 * snapshot of the database, whatever other programs commit meanwhile.
 */
enum rv_status
store_begin_read(struct store *s, char **cause)
{
	enum rv_status	 st;

	if ((st = store_exec(s, "BEGIN DEFERRED", cause)) == RV_OK)
		s->in_txn = 1;
	return st;
}

/*
 * Commit the transaction; on failure it is rolled back.  On a kiosk whose
 * head file is open, the file then follows the chain; failing to write
 * it fails the call though the data is committed.
 */
enum rv_status
store_commit(struct store *s, char **cause)
{
	enum rv_status	 st;

	if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		st = store_fail(s, cause, "commit");
		store_rollback(s);
		return st;
	}
	s->in_txn = 0;
	/* A kiosk's head file follows its chain (store-trust.c). */
	return store_head_file_sync(s, cause);
}

/* Abandon the transaction, leaving the data as it was. */
void
store_rollback(struct store *s)
{
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	s->in_txn = 0;
}

/* Read a meta value; *value is NULL when the key is absent. */
enum rv_status
store_meta_get(struct store *s, const char *key, char **value, char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;
	int		 rc;

	*value = NULL;
	if ((st = store_prepare(s, "SELECT value FROM meta WHERE key = ?",
	    &stmt, cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, key);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		*value = store_column_strdup(stmt, 0);
	else if (rc != SQLITE_DONE)
		st = store_fail(s, cause, "read settings");
	sqlite3_finalize(stmt);
	return st;
}

/* Set a meta value. */
enum rv_status
store_meta_put(struct store *s, const char *key, const char *value,
    char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;

	if ((st = store_prepare(s, "INSERT INTO meta (key, value) VALUES "
	    "(?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
	    &stmt, cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, key);
	store_bind_text(stmt, 2, value);
	st = store_step_done(s, stmt, "write settings", cause);
	sqlite3_finalize(stmt);
	return st;
}
