/*
 * Voting-code hashes in the store.  Only salted slow hashes are kept;
 * the codes themselves exist only on the printed slips.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "store-int.h"

/*
 * Make rows the estate's only codes: every earlier code of the estate
 * stops working.  Runs inside the caller's transaction.
 */
enum rv_status
store_codes_replace(struct store *s, const char *estate_id,
    const struct rv_code_row *rows, size_t n, char **cause)
{
	sqlite3_stmt	*stmt = NULL;
	enum rv_status	 st;
	rv_ms		 now = time_now();
	size_t		 i;

	if ((st = store_prepare(s, "DELETE FROM code WHERE estate_id = ?",
	    &stmt, cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, estate_id);
	if ((st = store_step_done(s, stmt, "remove earlier codes",
	    cause)) != RV_OK)
		goto out;
	sqlite3_finalize(stmt);
	stmt = NULL;
	if ((st = store_prepare(s, "INSERT INTO code (estate_id, flat_id, "
	    "hash, issued_at) VALUES (?, ?, ?, ?)", &stmt, cause)) != RV_OK)
		goto out;
	store_bind_text(stmt, 1, estate_id);
	sqlite3_bind_int64(stmt, 4, now);
	for (i = 0; i < n; i++) {
		store_bind_text(stmt, 2, rows[i].flat_id);
		store_bind_text(stmt, 3, rows[i].hash);
		if ((st = store_step_done(s, stmt, "store code",
		    cause)) != RV_OK)
			goto out;
		sqlite3_reset(stmt);
	}
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * Copy the stored hash of a flat's code into buf.  A flat without a code
 * is RV_EINPUT.
 */
enum rv_status
store_code_hash(struct store *s, const char *estate_id, const char *flat_id,
    char *buf, size_t len, char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;
	int		 rc;

	if ((st = store_prepare(s, "SELECT hash FROM code WHERE "
	    "estate_id = ? AND flat_id = ?", &stmt, cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, estate_id);
	store_bind_text(stmt, 2, flat_id);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *h = (const char *)sqlite3_column_text(stmt, 0);
		if (h == NULL || strlen(h) >= len)
			st = rv_fail(cause, RV_EENV, "%s: flat %s: stored "
			    "code hash is malformed", s->path, flat_id);
		else
			memcpy(buf, h, strlen(h) + 1);
	} else if (rc == SQLITE_DONE)
		st = rv_fail(cause, RV_EINPUT, "flat %s of estate %s has no "
		    "voting code (issue codes first)", flat_id, estate_id);
	else
		st = store_fail(s, cause, "read code");
	sqlite3_finalize(stmt);
	return st;
}

/* Every code hash of an estate, sorted by flat id. */
enum rv_status
store_codes_load(struct store *s, const char *estate_id,
    struct rv_code_row **out, size_t *n, char **cause)
{
	sqlite3_stmt	*stmt;
	struct rv_code_row *v = NULL;
	size_t		 len = 0, cap = 0;
	enum rv_status	 st;
	int		 rc;

	if ((st = store_prepare(s, "SELECT flat_id, hash FROM code WHERE "
	    "estate_id = ? ORDER BY flat_id", &stmt, cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, estate_id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *h = (const char *)sqlite3_column_text(stmt, 1);

		if (h == NULL || strlen(h) >= RV_CODE_HASH_MAX)
			continue;
		if (len == cap) {
			cap = cap == 0 ? 256 : cap * 2;
			v = xreallocarray(v, cap, sizeof *v);
		}
		v[len].flat_id = store_column_strdup(stmt, 0);
		memcpy(v[len].hash, h, strlen(h) + 1);
		len++;
	}
	if (rc != SQLITE_DONE) {
		st = store_fail(s, cause, "read codes");
		store_code_rows_free(v, len);
		v = NULL;
		len = 0;
	}
	sqlite3_finalize(stmt);
	*out = v;
	*n = len;
	return st;
}

/* Free loaded code rows. */
void
store_code_rows_free(struct rv_code_row *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(v[i].flat_id);
	free(v);
}
