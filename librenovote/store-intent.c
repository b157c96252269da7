/*
 * Intents in the store: what a command that renames files into place
 * after its commit meant to do (intent.c finishes or rolls them back).
 * An intent row is written in the same transaction as the change it
 * belongs to, and removed in the transaction that confirms its files are
 * in place or that rolls the change back.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "store-int.h"

/*
 * Record one file of a batch.  The estate's codes epoch before the
 * change (NULL when it had none) and the last publication id are kept
 * beside it: call this before store_codes_epoch_put or
 * store_publication_add.  Runs inside the caller's
 * transaction.
 */
enum rv_status
store_intent_add(struct store *s, const struct rv_intent *in, char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;

	if ((st = store_prepare(s, "INSERT INTO intent (batch, kind, "
	    "estate_id, path, tmp, sha256, old_epoch, old_pub, at) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, (SELECT from_version FROM codes_epoch "
	    "WHERE estate_id = ?3), (SELECT coalesce(max(id), 0) FROM "
	    "publication), ?7)", &stmt, cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, in->batch);
	store_bind_text(stmt, 2, in->kind);
	store_bind_text(stmt, 3, in->estate_id);
	store_bind_text(stmt, 4, in->path);
	store_bind_text(stmt, 5, in->tmp);
	store_bind_text(stmt, 6, in->sha256);
	sqlite3_bind_int64(stmt, 7, time_now());
	st = store_step_done(s, stmt, "record intent", cause);
	sqlite3_finalize(stmt);
	return st;
}

/* Set the SHA-256 of an intent recorded before its content was known. */
enum rv_status
store_intent_set_sha256(struct store *s, const struct rv_intent *in,
    char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;

	if ((st = store_prepare(s, "UPDATE intent SET sha256 = ? WHERE "
	    "batch = ? AND path = ?", &stmt, cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, in->sha256);
	store_bind_text(stmt, 2, in->batch);
	store_bind_text(stmt, 3, in->path);
	st = store_step_done(s, stmt, "record intent", cause);
	sqlite3_finalize(stmt);
	return st;
}

/*
 * Keep the estate's current code hashes beside the intent, so that an
 * unfinished codes issue can be rolled back: call this before
 * store_codes_replace, inside the same transaction.
 */
enum rv_status
store_intent_codes_keep(struct store *s, const char *estate_id, char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;

	if ((st = store_prepare(s, "INSERT INTO intent_code (estate_id, "
	    "flat_id, hash, issued_at) SELECT estate_id, flat_id, hash, "
	    "issued_at FROM code WHERE estate_id = ?", &stmt,
	    cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, estate_id);
	st = store_step_done(s, stmt, "keep earlier codes", cause);
	sqlite3_finalize(stmt);
	return st;
}

/* Every intent left, in batch order and, within a batch, as recorded. */
enum rv_status
store_intents_load(struct store *s, struct rv_intent **out, size_t *n,
    char **cause)
{
	sqlite3_stmt	*stmt;
	struct rv_intent *v = NULL;
	size_t		 len = 0, cap = 0;
	enum rv_status	 st;
	int		 rc;

	*out = NULL;
	*n = 0;
	if ((st = store_prepare(s, "SELECT batch, kind, estate_id, path, "
	    "tmp, sha256 FROM intent ORDER BY batch, id", &stmt,
	    cause)) != RV_OK)
		return st;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (len == cap) {
			cap = cap == 0 ? 4 : cap * 2;
			v = xreallocarray(v, cap, sizeof *v);
		}
		v[len].batch = store_column_strdup(stmt, 0);
		v[len].kind = store_column_strdup(stmt, 1);
		v[len].estate_id = sqlite3_column_type(stmt, 2) == SQLITE_NULL ?
		    NULL : store_column_strdup(stmt, 2);
		v[len].path = store_column_strdup(stmt, 3);
		v[len].tmp = store_column_strdup(stmt, 4);
		v[len].sha256 = store_column_strdup(stmt, 5);
		len++;
	}
	if (rc != SQLITE_DONE) {
		st = store_fail(s, cause, "read intents");
		store_intents_free(v, len);
		v = NULL;
		len = 0;
	}
	sqlite3_finalize(stmt);
	*out = v;
	*n = len;
	return st;
}

/* Free loaded intents. */
void
store_intents_free(struct rv_intent *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].batch);
		free(v[i].kind);
		free(v[i].estate_id);
		free(v[i].path);
		free(v[i].tmp);
		free(v[i].sha256);
	}
	free(v);
}

/*
 * Close a batch: drop its intents and the codes kept for it.  With
 * rollback, first put back the code hashes and the codes epoch its codes
 * issue replaced.  Runs inside the caller's transaction.
 */
enum rv_status
store_intent_finish(struct store *s, const char *batch, int rollback,
    char **cause)
{
#define IN_BATCH "(SELECT estate_id FROM intent WHERE batch = ?1 AND " \
	"kind = 'codes')"
	static const char *undo[] = {
		"DELETE FROM code WHERE estate_id IN " IN_BATCH,
		"INSERT INTO code (estate_id, flat_id, hash, issued_at) "
		"SELECT estate_id, flat_id, hash, issued_at FROM intent_code "
		"WHERE estate_id IN " IN_BATCH,
		"DELETE FROM codes_epoch WHERE estate_id IN " IN_BATCH,
		"INSERT INTO codes_epoch (estate_id, from_version) SELECT "
		"DISTINCT estate_id, old_epoch FROM intent WHERE batch = ?1 "
		"AND kind = 'codes' AND old_epoch IS NOT NULL",
		("DELETE FROM publication WHERE id > (SELECT min(old_pub) "
		"FROM intent WHERE batch = ?1 AND kind = 'site')"),
	};
	static const char *drop[] = {
		"DELETE FROM intent_code WHERE estate_id IN " IN_BATCH,
		"DELETE FROM intent WHERE batch = ?1",
	};
#undef IN_BATCH
	sqlite3_stmt	*stmt;
	enum rv_status	 st;
	size_t		 i;

	for (i = 0; rollback && i < nitems(undo); i++) {
		if ((st = store_prepare(s, undo[i], &stmt, cause)) != RV_OK)
			return st;
		store_bind_text(stmt, 1, batch);
		st = store_step_done(s, stmt, "roll back codes", cause);
		sqlite3_finalize(stmt);
		if (st != RV_OK)
			return st;
	}
	for (i = 0; i < nitems(drop); i++) {
		if ((st = store_prepare(s, drop[i], &stmt, cause)) != RV_OK)
			return st;
		store_bind_text(stmt, 1, batch);
		st = store_step_done(s, stmt, "drop intent", cause);
		sqlite3_finalize(stmt);
		if (st != RV_OK)
			return st;
	}
	return RV_OK;
}
