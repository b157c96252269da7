/*
 * Trust that cannot be sidestepped: the office's memory of sync nonces
 * (a replayed request is refused) and of the furthest head each kiosk
 * reported (a head going backwards is flagged), when a kiosk was
 * revoked; and on a kiosk its head file, "<db>.head", the (seq, hash) of
 * its chain written durably after every commit that moved it, so a
 * database restored from an old copy is refused at start.
 *
 * The head file is one line: "renovote-head-v1 DEVICE SEQ HASH\n" (HASH
 * 64 hex digits; SEQ 0 and a zero hash before the first record).  The
 * database is committed first and the file written after, so a crash
 * between the two leaves the database ahead of the file, which is
 * allowed; only a database behind the file (or off its chain) is refused.
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store.h"
#include "store-int.h"

#define HEAD_FILE_MAGIC	"renovote-head-v1"
#define HEAD_FILE_MAX	512	/* bytes of a head file */

/*
 * Remember nonce of device, sent at time at, inside the caller's
 * transaction: *used is 1 when the device used it before (nothing is
 * stored then).  Nonces of requests older than forget_before go first.
 */
enum rv_status
store_sync_nonce_put(struct store *s, const char *device,
    const uint8_t *nonce, size_t len, rv_ms at, rv_ms forget_before,
    int *used, char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;
	int		 rc;

	*used = 0;
	if ((st = store_prepare(s, "DELETE FROM sync_nonce WHERE at < ?",
	    &stmt, cause)) != RV_OK)
		return st;
	sqlite3_bind_int64(stmt, 1, forget_before);
	st = store_step_done(s, stmt, "forget old nonces", cause);
	sqlite3_finalize(stmt);
	if (st != RV_OK)
		return st;
	if ((st = store_prepare(s, "INSERT INTO sync_nonce (device, nonce, "
	    "at) VALUES (?, ?, ?)", &stmt, cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, device);
	sqlite3_bind_blob(stmt, 2, nonce, (int)len, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, at);
	if ((rc = sqlite3_step(stmt)) == SQLITE_CONSTRAINT_PRIMARYKEY)
		*used = 1;
	else if (rc != SQLITE_DONE)
		st = store_fail(s, cause, "remember a sync nonce");
	sqlite3_finalize(stmt);
	return st;
}

/* When device was revoked: *at is 0 if it is not (or not enrolled). */
enum rv_status
store_device_revoked_at(struct store *s, const char *device, rv_ms *at,
    char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;
	int		 rc;

	*at = 0;
	if ((st = store_prepare(s, "SELECT coalesce(revoked_at, 0) FROM "
	    "device WHERE name = ?", &stmt, cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, device);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		*at = sqlite3_column_int64(stmt, 0);
	else if (rc != SQLITE_DONE)
		st = store_fail(s, cause, "read kiosks");
	sqlite3_finalize(stmt);
	return st;
}

/*
 * The furthest head device reported at sync: h->seq 0 when none yet.
 */
enum rv_status
store_device_reported_get(struct store *s, const char *device,
    struct rv_head *h, char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;
	int		 rc;

	memset(h, 0, sizeof *h);
	if ((st = store_prepare(s, "SELECT reported_seq, reported_hash FROM "
	    "device WHERE name = ? AND reported_seq IS NOT NULL", &stmt,
	    cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, device);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW &&
	    sqlite3_column_bytes(stmt, 1) == RV_HASH_LEN) {
		h->seq = (uint64_t)sqlite3_column_int64(stmt, 0);
		memcpy(h->hash, sqlite3_column_blob(stmt, 1), RV_HASH_LEN);
	} else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		st = store_fail(s, cause, "read kiosks");
	sqlite3_finalize(stmt);
	return st;
}

/* Keep h as the furthest head device reported. */
enum rv_status
store_device_reported_put(struct store *s, const char *device,
    const struct rv_head *h, char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;

	if ((st = store_prepare(s, "UPDATE device SET reported_seq = ?, "
	    "reported_hash = ? WHERE name = ?", &stmt, cause)) != RV_OK)
		return st;
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)h->seq);
	sqlite3_bind_blob(stmt, 2, h->hash, RV_HASH_LEN, SQLITE_STATIC);
	store_bind_text(stmt, 3, device);
	st = store_step_done(s, stmt, "note the kiosk's head", cause);
	sqlite3_finalize(stmt);
	return st;
}

/* The head file's path, "<db>.head"; allocated. */
static char *
head_file_path(const struct store *s)
{
	char	*path;

	xasprintf(&path, "%s.head", s->path);
	return path;
}

/* Write h as the head file, durably (temporary file, fsync, rename). */
static enum rv_status
head_file_write(struct store *s, const struct rv_head *h, char **cause)
{
	char		 hex[2 * RV_HASH_LEN + 1], *path, *line;
	enum rv_status	 st;

	ledger_hash_hex(h->hash, hex, sizeof hex);
	path = head_file_path(s);
	xasprintf(&line, "%s %s %llu %s\n", HEAD_FILE_MAGIC, s->head_device,
	    (unsigned long long)h->seq, hex);
	st = file_write_durable(path, line, strlen(line), 0600, cause);
	if (st == RV_OK)
		s->head_written = *h;
	free(line);
	free(path);
	return st;
}

/*
 * After a commit: write the head file if the chain's head moved since it
 * was last written.  Only on a store whose head file is open.
 */
enum rv_status
store_head_file_sync(struct store *s, char **cause)
{
	struct rv_head	 h;
	enum rv_status	 st;

	if (s->head_device == NULL)
		return RV_OK;
	if ((st = store_ledger_head(s, s->head_device, &h, cause)) != RV_OK)
		return st;
	if (h.seq == s->head_written.seq &&
	    memcmp(h.hash, s->head_written.hash, RV_HASH_LEN) == 0)
		return RV_OK;
	return head_file_write(s, &h, cause);
}

/*
 * Parse a head file's text into *h, checking it names device; a bad file
 * is refused naming it.
 */
static enum rv_status
head_file_parse(const char *path, const char *text, const char *device,
    struct rv_head *h, char **cause)
{
	char			 magic[32], dev[RV_NAME_MAX + 1], hex[80];
	unsigned long long	 seq;
	int			 end = 0;

	if (sscanf(text, "%31s %256s %llu %79s%n", magic, dev, &seq, hex,
	    &end) != 4 || strcmp(magic, HEAD_FILE_MAGIC) != 0 ||
	    strcmp(text + end, "\n") != 0 ||
	    ledger_hash_from_hex(hex, h->hash) != 0)
		return rv_fail(cause, RV_EINPUT, "%s: line 1: not a kiosk head "
		    "file", path);
	if (strcmp(dev, device) != 0)
		return rv_fail(cause, RV_EINPUT, "%s: line 1: the head of "
		    "kiosk '%s', not of '%s' (a database from another kiosk?)",
		    path, dev, device);
	h->seq = seq;
	return RV_OK;
}

/*
 * Read the head file beside the database at dbpath, written for device,
 * into *h; *present is 0 (and *h zero) when there is none.  For restore,
 * which must not roll a kiosk back behind what it has handed out.
 */
enum rv_status
store_head_file_peek(const char *dbpath, const char *device,
    struct rv_head *h, int *present, char **cause)
{
	char		*path, *text = NULL;
	size_t		 len;
	enum rv_status	 st = RV_OK;

	memset(h, 0, sizeof *h);
	*present = 0;
	xasprintf(&path, "%s.head", dbpath);
	if (access(path, F_OK) == -1 && errno == ENOENT)
		goto out;
	if ((st = file_read(path, HEAD_FILE_MAX, &text, &len,
	    cause)) != RV_OK ||
	    (st = head_file_parse(path, text, device, h, cause)) != RV_OK)
		goto out;
	*present = 1;
out:
	free(text);
	free(path);
	return st;
}

/*
 * After a restore: write the head file afresh from the database's own
 * chain for device (the backup's head, which a restore means to go back
 * to), and note that the database has one.
 */
enum rv_status
store_head_file_reset(struct store *s, const char *device, char **cause)
{
	struct rv_head	 db;
	enum rv_status	 st;

	free(s->head_device);
	s->head_device = xstrdup(device);
	if ((st = store_ledger_head(s, device, &db, cause)) != RV_OK ||
	    (st = head_file_write(s, &db, cause)) != RV_OK ||
	    (st = store_begin(s, cause)) != RV_OK)
		return st;
	if ((st = store_meta_put(s, "head_file", "1", cause)) != RV_OK) {
		store_rollback(s);
		return st;
	}
	return store_commit(s, cause);
}

/*
 * Open the head file of a kiosk's store for device: check the database
 * is not behind it (its head's seq at least the file's, and its record
 * at the file's seq the file's hash), then keep it up to date after
 * every commit.  A database that never had a head file gets one (meta
 * head_file notes it); once it has, a missing file is refused.
 */
enum rv_status
store_head_file_open(struct store *s, const char *device, char **cause)
{
	struct rv_head	 db, file;
	uint8_t		 at[RV_HASH_LEN];
	char		*path, *text = NULL, *had = NULL;
	char		 dhex[2 * RV_HASH_LEN + 1], fhex[2 * RV_HASH_LEN + 1];
	size_t		 len;
	int		 found;
	enum rv_status	 st;

	path = head_file_path(s);
	if ((st = store_ledger_head(s, device, &db, cause)) != RV_OK ||
	    (st = store_meta_get(s, "head_file", &had, cause)) != RV_OK)
		goto out;
	if (access(path, F_OK) == -1 && errno == ENOENT) {
		if (had != NULL) {
			st = rv_fail(cause, RV_EINPUT, "%s: missing: this "
			    "kiosk's head file is gone (database at record "
			    "%llu); restore it or call the office",
			    path, (unsigned long long)db.seq);
			goto out;
		}
		s->head_device = xstrdup(device);
		if ((st = head_file_write(s, &db, cause)) != RV_OK ||
		    (st = store_begin(s, cause)) != RV_OK)
			goto out;
		if ((st = store_meta_put(s, "head_file", "1", cause)) != RV_OK) {
			store_rollback(s);
			goto out;
		}
		st = store_commit(s, cause);
		goto out;
	}
	if ((st = file_read(path, HEAD_FILE_MAX, &text, &len,
	    cause)) != RV_OK)
		goto out;
	if ((st = head_file_parse(path, text, device, &file, cause)) != RV_OK)
		goto out;
	found = 0;
	if (file.seq == 0)
		found = 1;
	else if (file.seq <= db.seq) {
		if ((st = store_ledger_hash(s, device, file.seq, at, &found,
		    cause)) != RV_OK)
			goto out;
		found = found && memcmp(at, file.hash, RV_HASH_LEN) == 0;
	}
	if (!found) {
		ledger_hash_hex(db.hash, dhex, sizeof dhex);
		ledger_hash_hex(file.hash, fhex, sizeof fhex);
		st = rv_fail(cause, RV_EINPUT, "%s: the database is behind "
		    "its head file: database head record %llu (%.8s), head "
		    "file record %llu (%.8s); restored from an old copy? The "
		    "kiosk will not run: call the office", s->path,
		    (unsigned long long)db.seq, dhex,
		    (unsigned long long)file.seq, fhex);
		goto out;
	}
	s->head_device = xstrdup(device);
	s->head_written = file;
	if (had == NULL) {
		if ((st = store_begin(s, cause)) != RV_OK)
			goto out;
		if ((st = store_meta_put(s, "head_file", "1", cause)) != RV_OK) {
			store_rollback(s);
			goto out;
		}
		if ((st = store_commit(s, cause)) != RV_OK)
			goto out;
	}
	st = store_head_file_sync(s, cause);
out:
	if (st != RV_OK) {
		free(s->head_device);
		s->head_device = NULL;
	}
	free(had);
	free(text);
	free(path);
	return st;
}
