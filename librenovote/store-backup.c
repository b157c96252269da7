/*
 * Online backup and restore with SQLite's backup API (docs/reliability.md,
 * "Backups").  The API copies the database page by page through SQLite's
 * own locking, so a copy taken while "serve" answers kiosks and an ingest
 * commits is one consistent snapshot, and a restore into a database that
 * "serve" holds open is one write transaction that the server's
 * connection simply sees at its next read.  A copy of the files with cp
 * could catch the database and its WAL at different instants.
 *
 * The copy is a single file in rollback-journal mode (no -wal beside it),
 * checked with PRAGMA integrity_check before the caller renames it into
 * place; restoring it into a database turns that into WAL mode again on
 * the next store_open, which also migrates an older schema.
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

#define BACKUP_TRIES	50	/* sqlite3_backup_step attempts while locked */
#define BACKUP_WAIT_MS	100	/* between two attempts */
#define BACKUP_BUSY_MS	5000	/* busy timeout of the copy's connections */

/* The files SQLite may keep beside a database. */
static const char *backup_suffixes[] = { "-journal", "-wal", "-shm" };
#define BACKUP_NSUFFIXES \
	(sizeof backup_suffixes / sizeof backup_suffixes[0])

/*
 * Turn the last error of db (a connection to path) into a cause.  A file
 * that is not a database or is damaged is the input's fault (RV_EINPUT);
 * anything else is the environment's.
 */
static enum rv_status
backup_fail(sqlite3 *db, const char *path, const char *what, char **cause)
{
	int	 rc = db != NULL ? sqlite3_extended_errcode(db) : SQLITE_NOMEM;

	switch (rc & 0xff) {
	case SQLITE_NOTADB:
		return rv_fail(cause, RV_EINPUT, _("%s: not a SQLite "
		    "database"), path);
	case SQLITE_CORRUPT:
		return rv_fail(cause, RV_EINPUT, _("%s: damaged: %s"), path,
		    sqlite3_errmsg(db));
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return rv_fail(cause, RV_EENV, "%s: %s: the database is "
		    "locked by another program; try again", path, what);
	}
	return rv_fail(cause, RV_EENV, "%s: %s: %s", path, what, db != NULL ?
	    sqlite3_errmsg(db) : "out of memory");
}

/* Open path with flags, extended errors and a busy timeout. */
static enum rv_status
backup_open(const char *path, int flags, sqlite3 **db, char **cause)
{
	if (sqlite3_open_v2(path, db, flags | SQLITE_OPEN_NOFOLLOW,
	    NULL) != SQLITE_OK) {
		backup_fail(*db, path, "open", cause);
		sqlite3_close(*db);
		*db = NULL;
		return RV_EENV;
	}
	sqlite3_extended_result_codes(*db, 1);
	sqlite3_busy_timeout(*db, BACKUP_BUSY_MS);
	return RV_OK;
}

/*
 * Run one query whose first column of its first row is wanted: as an
 * integer in *num (if num) or a copy of the text in *text (if text; NULL
 * for no row or an SQL NULL).
 */
static enum rv_status
backup_query(sqlite3 *db, const char *path, const char *sql, int64_t *num,
    char **text, char **cause)
{
	sqlite3_stmt	*stmt = NULL;
	int		 rc;
	enum rv_status	 st = RV_OK;

	if (text != NULL)
		*text = NULL;
	if (num != NULL)
		*num = 0;
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return backup_fail(db, path, "read", cause);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (num != NULL)
			*num = sqlite3_column_int64(stmt, 0);
		if (text != NULL)
			*text = store_column_strdup(stmt, 0);
	} else if (rc != SQLITE_DONE)
		st = backup_fail(db, path, "read", cause);
	sqlite3_finalize(stmt);
	return st;
}

/*
 * Describe the database open as db (from path) in info: with integrity,
 * first run PRAGMA integrity_check and refuse anything but "ok".  A file
 * that is not a renovote database is refused; a newer schema is left to
 * the caller (info->version).
 */
static enum rv_status
backup_inspect(sqlite3 *db, const char *path, int integrity,
    struct store_backup_info *info, char **cause)
{
	char		*verdict = NULL;
	int64_t		 appid, version, tables, ledger;
	enum rv_status	 st;

	memset(info, 0, sizeof *info);
	if (integrity) {
		if ((st = backup_query(db, path, "PRAGMA integrity_check",
		    NULL, &verdict, cause)) != RV_OK)
			return st;
		if (verdict == NULL || strcmp(verdict, "ok") != 0) {
			st = rv_fail(cause, RV_EINPUT, _("%s: damaged: "
			    "integrity check says %s"), path, verdict != NULL ?
			    verdict : "nothing");
			free(verdict);
			return st;
		}
		free(verdict);
	}
	if ((st = backup_query(db, path, "PRAGMA application_id", &appid,
	    NULL, cause)) != RV_OK ||
	    (st = backup_query(db, path, "PRAGMA user_version", &version,
	    NULL, cause)) != RV_OK ||
	    (st = backup_query(db, path, "SELECT count(*) FROM sqlite_schema "
	    "WHERE type = 'table' AND name = 'meta'", &tables, NULL,
	    cause)) != RV_OK)
		return st;
	if (appid != STORE_APPLICATION_ID || version < 1 || tables != 1)
		return rv_fail(cause, RV_EINPUT, _("%s: not a renovote "
		    "database"), path);
	info->version = (int)version;
	if ((st = backup_query(db, path, "SELECT value FROM meta WHERE "
	    "key = 'role'", NULL, &info->role, cause)) != RV_OK ||
	    (st = backup_query(db, path, "SELECT value FROM meta WHERE "
	    "key = 'pubkey'", NULL, &info->pubkey, cause)) != RV_OK ||
	    (st = backup_query(db, path, "SELECT count(*) FROM sqlite_schema "
	    "WHERE type = 'table' AND name = 'ledger'", &ledger, NULL,
	    cause)) != RV_OK)
		goto fail;
	if (ledger == 1 && (st = backup_query(db, path, "SELECT count(*) "
	    "FROM ledger", &info->records, NULL, cause)) != RV_OK)
		goto fail;
	/* A kiosk's own chain: restore weighs it against the head file. */
	if ((st = backup_query(db, path, "SELECT value FROM meta WHERE "
	    "key = 'device'", NULL, &info->device, cause)) != RV_OK)
		goto fail;
	if (ledger == 1 && info->device != NULL && (st = backup_query(db,
	    path, "SELECT coalesce(max(seq), 0) FROM ledger WHERE device = "
	    "(SELECT value FROM meta WHERE key = 'device')", &info->head_seq,
	    NULL, cause)) != RV_OK)
		goto fail;
	return RV_OK;
fail:
	store_backup_info_clear(info);
	return st;
}

/* Free what an info holds. */
void
store_backup_info_clear(struct store_backup_info *info)
{
	free(info->role);
	free(info->pubkey);
	free(info->device);
	memset(info, 0, sizeof *info);
}

/*
 * Copy everything from src to dst with the backup API in one step (one
 * read transaction on src, one write transaction on dst), retrying a
 * bounded number of times while either is locked.  Returns SQLite's code;
 * the error, if any, is dst's.
 */
static int
backup_copy(sqlite3 *dst, sqlite3 *src)
{
	sqlite3_backup	*b;
	int		 rc, rc_finish, tries;

	if ((b = sqlite3_backup_init(dst, "main", src, "main")) == NULL)
		return sqlite3_errcode(dst);
	for (tries = 0;; tries++) {
		rc = sqlite3_backup_step(b, -1);
		if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) &&
		    tries < BACKUP_TRIES) {
			sqlite3_sleep(BACKUP_WAIT_MS);
			continue;
		}
		break;
	}
	rc_finish = sqlite3_backup_finish(b);
	return rc == SQLITE_DONE ? rc_finish : rc;
}

/* Remove a staged copy and whatever SQLite kept beside it. */
void
store_backup_discard(const char *tmp)
{
	char	*side;
	size_t	 i;

	if (tmp == NULL)
		return;
	unlink(tmp);
	for (i = 0; i < BACKUP_NSUFFIXES; i++) {
		xasprintf(&side, "%s%s", tmp, backup_suffixes[i]);
		unlink(side);
		free(side);
	}
}

/*
 * Copy the open store s (outside any transaction) to a new temporary file
 * beside out, mode 0600: a consistent snapshot even while other programs
 * write s.  The copy is put in rollback-journal mode, must pass
 * integrity_check, and is fsynced; *tmp receives its path for the caller
 * to rename over out, info what it holds.  On failure nothing is left.
 */
enum rv_status
store_backup_stage(struct store *s, const char *out, char **tmp,
    struct store_backup_info *info, char **cause)
{
	sqlite3		*dst = NULL;
	int		 fd, rc;
	enum rv_status	 st;

	memset(info, 0, sizeof *info);
	xasprintf(tmp, "%s.tmp.XXXXXX", out);
	if ((fd = mkstemp(*tmp)) == -1) {
		st = rv_fail(cause, RV_EENV, "%s: cannot create: %s", out,
		    strerror(errno));
		free(*tmp);
		*tmp = NULL;
		return st;
	}
	close(fd);
	if ((st = backup_open(*tmp, SQLITE_OPEN_READWRITE, &dst,
	    cause)) != RV_OK)
		goto fail;
	if ((rc = backup_copy(dst, s->db)) != SQLITE_OK) {
		if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
			st = store_fail(s, cause, "backup");
		else
			st = backup_fail(dst, out, "write", cause);
		goto fail;
	}
	/* The source is in WAL mode; the copy is one self-contained file. */
	if (sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL,
	    NULL) != SQLITE_OK) {
		st = backup_fail(dst, out, "write", cause);
		goto fail;
	}
	if ((st = backup_inspect(dst, out, 1, info, cause)) != RV_OK)
		goto fail;
	if (sqlite3_close(dst) != SQLITE_OK) {
		st = backup_fail(dst, out, "close", cause);
		goto fail;
	}
	dst = NULL;
	if ((fd = open(*tmp, O_RDONLY | O_CLOEXEC)) == -1 || fsync(fd) != 0) {
		st = rv_fail(cause, RV_EENV, "%s: cannot write: %s", out,
		    strerror(errno));
		if (fd != -1)
			close(fd);
		goto fail;
	}
	close(fd);
	return RV_OK;
fail:
	store_backup_info_clear(info);
	sqlite3_close(dst);
	store_backup_discard(*tmp);
	free(*tmp);
	*tmp = NULL;
	return st;
}

/*
 * Check that path is a sound renovote database (integrity_check ok, our
 * application_id, a meta table) without changing it, and describe it in
 * info.  Whether its role, key and schema version suit is the caller's
 * decision.
 */
enum rv_status
store_backup_check(const char *path, struct store_backup_info *info,
    char **cause)
{
	sqlite3		*db = NULL;
	int		 fd;
	unsigned	 mode;
	size_t		 size;
	enum rv_status	 st;

	memset(info, 0, sizeof *info);
	if ((st = file_open_regular(path, &fd, &mode, &size, cause)) != RV_OK)
		return st;
	close(fd);
	if (size == 0)
		return rv_fail(cause, RV_EINPUT, _("%s: empty, not a "
		    "backup"), path);
	if ((st = backup_open(path, SQLITE_OPEN_READONLY, &db,
	    cause)) != RV_OK)
		return st;
	st = backup_inspect(db, path, 1, info, cause);
	sqlite3_close(db);
	return st;
}

/*
 * Describe the existing database path (a live one, perhaps held open by
 * "serve") without an integrity check and without changing it.
 */
enum rv_status
store_backup_peek(const char *path, struct store_backup_info *info,
    char **cause)
{
	sqlite3		*db = NULL;
	enum rv_status	 st;

	memset(info, 0, sizeof *info);
	if ((st = backup_open(path, SQLITE_OPEN_READWRITE, &db,
	    cause)) != RV_OK)
		return st;
	st = backup_inspect(db, path, 0, info, cause);
	sqlite3_close(db);
	return st;
}

/*
 * Replace the content of the database dst with that of src in one write
 * transaction, through the backup API: a program holding dst open (serve)
 * keeps its connection and reads the new content next.  A dst that does
 * not exist is created (mode 0600) and removed again on failure.  With
 * STORE_RESTORE_REPLACE, for a dst SQLite cannot even open as a database,
 * the copy goes to a new file that is renamed over dst instead, its
 * stale journal and WAL removed first (no program may hold dst open).
 * The caller has checked src (store_backup_check); dst is not migrated
 * here.
 */
enum rv_status
store_restore(const char *src, const char *dst, int flags, char **cause)
{
	sqlite3		*sdb = NULL, *ddb = NULL;
	char		*tmp = NULL, *side;
	const char	*target = dst;
	int		 fd, rc, created = 0;
	size_t		 i;
	enum rv_status	 st;

	if (flags & STORE_RESTORE_REPLACE) {
		xasprintf(&tmp, "%s.tmp.XXXXXX", dst);
		if ((fd = mkstemp(tmp)) == -1) {
			st = rv_fail(cause, RV_EENV, "%s: cannot create: %s",
			    dst, strerror(errno));
			free(tmp);
			return st;
		}
		close(fd);
		target = tmp;
		created = 1;
	} else if (access(dst, F_OK) != 0) {
		if ((fd = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		    0600)) == -1)
			return rv_fail(cause, RV_EENV, "%s: cannot create: %s",
			    dst, strerror(errno));
		close(fd);
		created = 1;
	}
	if ((st = backup_open(src, SQLITE_OPEN_READONLY, &sdb,
	    cause)) != RV_OK ||
	    (st = backup_open(target, SQLITE_OPEN_READWRITE, &ddb,
	    cause)) != RV_OK)
		goto out;
	if ((rc = backup_copy(ddb, sdb)) != SQLITE_OK) {
		st = backup_fail(ddb, dst, "restore", cause);
		goto out;
	}
	if (tmp == NULL)
		goto out;
	sqlite3_close(ddb);
	ddb = NULL;
	if ((fd = open(tmp, O_RDONLY | O_CLOEXEC)) == -1 || fsync(fd) != 0) {
		st = rv_fail(cause, RV_EENV, "%s: cannot write: %s", dst,
		    strerror(errno));
		if (fd != -1)
			close(fd);
		goto out;
	}
	close(fd);
	/* A stale WAL would be replayed onto the new content. */
	for (i = 0; i < BACKUP_NSUFFIXES; i++) {
		xasprintf(&side, "%s%s", dst, backup_suffixes[i]);
		if (unlink(side) != 0 && errno != ENOENT)
			st = rv_fail(cause, RV_EENV, "%s: cannot remove: %s",
			    side, strerror(errno));
		free(side);
		if (st != RV_OK)
			goto out;
	}
	if (rename(tmp, dst) != 0) {
		st = rv_fail(cause, RV_EENV, "%s: cannot rename into place: "
		    "%s", dst, strerror(errno));
		goto out;
	}
	created = 0;
	st = file_sync_dir(dst, cause);
out:
	sqlite3_close(sdb);
	sqlite3_close(ddb);
	if (st != RV_OK && created)
		store_backup_discard(target);
	free(tmp);
	return st;
}
