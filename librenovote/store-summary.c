/*
 * What a cache of pages asks the store to learn cheaply whether, and
 * where, the data changed: SQLite's data_version, a stamp of what the
 * office's own commands write, the chain heads, the estates whose rows
 * came with a chain's records after a given one, and the next instant an
 * estate's stored answers start to count.  Read only; each function runs
 * inside the caller's transaction, or alone.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "store-int.h"

/*
 * Set *v to SQLite's data_version: it changes when another connection
 * commits to the database, never for this connection's own writes.
 */
enum rv_status
store_data_version(struct store *s, int64_t *v, char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;

	if ((st = store_prepare(s, "PRAGMA data_version", &stmt,
	    cause)) != RV_OK)
		return st;
	if (sqlite3_step(stmt) != SQLITE_ROW)
		st = store_fail(s, cause, "read data_version");
	else
		*v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return st;
}

/*
 * A stamp (allocated text) of what the office's commands change in the
 * kiosks: their number, revocations and voided chains (a void deletes
 * their answers).  Equal stamps, equal estate stamps and equal chain
 * heads mean no tally changed.
 */
enum rv_status
store_device_stamp(struct store *s, char **stamp, char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;

	*stamp = NULL;
	if ((st = store_prepare(s, "SELECT count(*) || '.' || "
	    "coalesce(sum(revoked_at), 0) || '.' || coalesce(sum(voided), 0) "
	    "FROM device", &stmt, cause)) != RV_OK)
		return st;
	if (sqlite3_step(stmt) != SQLITE_ROW || (*stamp =
	    store_column_strdup(stmt, 0)) == NULL)
		st = store_fail(s, cause, "read the kiosks' stamp");
	sqlite3_finalize(stmt);
	return st;
}

/*
 * Run sql, which selects an estate id and a text per row, into two
 * allocated lists (in the query's order); what names the data for an
 * error.
 */
static enum rv_status
estate_texts(struct store *s, const char *sql, const char *what,
    char ***ids, char ***texts, size_t *n, char **cause)
{
	sqlite3_stmt	*stmt;
	char		**v = NULL, **w = NULL;
	size_t		 len = 0, cap = 0;
	enum rv_status	 st;
	int		 rc;

	if ((st = store_prepare(s, sql, &stmt, cause)) != RV_OK)
		return st;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (len == cap) {
			cap = cap == 0 ? 64 : cap * 2;
			v = xreallocarray(v, cap, sizeof *v);
			w = xreallocarray(w, cap, sizeof *w);
		}
		v[len] = store_column_strdup(stmt, 0);
		w[len++] = store_column_strdup(stmt, 1);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		strv_free(v, len);
		strv_free(w, len);
		return store_fail(s, cause, what);
	}
	*ids = v;
	*texts = w;
	*n = len;
	return RV_OK;
}

/*
 * Every estate's id and a stamp of what the office's commands change in
 * it (allocated, in id order): its roster (roster_at moves with every
 * import, names and places with it), its plan's version and its codes
 * epoch.  An estate whose stamp and chains' rows are unchanged tallies
 * as before.
 */
enum rv_status
store_estate_stamps(struct store *s, char ***ids, char ***stamps, size_t *n,
    char **cause)
{
	return estate_texts(s, "SELECT e.id, e.roster_at || '.' || "
	    "coalesce(p.version, '') || '.' || coalesce(p.imported_at, '') || "
	    "'.' || coalesce(c.from_version, '') FROM estate e LEFT JOIN plan "
	    "p ON p.estate_id = e.id LEFT JOIN codes_epoch c ON c.estate_id = "
	    "e.id ORDER BY e.id", "read the estates' stamps", ids, stamps, n,
	    cause);
}

/*
 * Every estate's id and a stamp (allocated, in id order) of what its
 * public pages and notice show besides the tally and the rows its chain
 * records bring: its publications, their stored trees (the receipt page
 * needs them), its objections and their resolutions (text quoted, so
 * no two lists share a stamp), its package and the kiosks holding it
 * with their last sync and head.  Rows listed in another order only
 * make a stamp differ, which costs a page made again, never a stale one.
 */
enum rv_status
store_estate_page_stamps(struct store *s, char ***ids, char ***stamps,
    size_t *n, char **cause)
{
	return estate_texts(s, "SELECT e.id, 'p' || coalesce((SELECT "
	    "group_concat(id || ',' || kind || ',' || published_at || ',' || "
	    "tally_at || ',' || coalesce(objections_until, ''), ';') FROM "
	    "publication WHERE estate_id = e.id), '') || '|t' || coalesce(("
	    "SELECT group_concat(number || ',' || at_ms || ',' || quote(root), "
	    "';') FROM publication_tree WHERE estate_id = e.id), '') || '|o' "
	    "|| coalesce((SELECT group_concat(id || ',' || received_at || ',' "
	    "|| quote(author) || ',' || quote(text) || ',' || "
	    "coalesce(resolved_at, '') || ',' || quote(resolution), ';') FROM "
	    "objection WHERE estate_id = e.id), '') || '|k' || coalesce(("
	    "SELECT version || ',' || at FROM package WHERE estate_id = e.id), "
	    "'') || '|d' || coalesce((SELECT group_concat(quote(d.name) || ',' "
	    "|| coalesce(d.last_sync_at, 0) || ',' || coalesce(h.received_at, "
	    "0) || ',' || coalesce(h.seq, 0) || ',' || coalesce(d.revoked_at, "
	    "''), ';') FROM device d LEFT JOIN head h ON h.device = d.name "
	    "WHERE d.name IN (SELECT device FROM kiosk_package WHERE estate_id "
	    "= e.id)), '') FROM estate e ORDER BY e.id",
	    "read the estates' page stamps", ids, stamps, n, cause);
}

/* Every chain head the store holds: device names and their last seq. */
enum rv_status
store_head_seqs(struct store *s, char ***devices, uint64_t **seqs,
    size_t *n, char **cause)
{
	sqlite3_stmt	*stmt;
	char		**d = NULL;
	uint64_t	*q = NULL;
	size_t		 len = 0, cap = 0;
	enum rv_status	 st;
	int		 rc;

	if ((st = store_prepare(s, "SELECT device, seq FROM head ORDER BY "
	    "device", &stmt, cause)) != RV_OK)
		return st;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (len == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			d = xreallocarray(d, cap, sizeof *d);
			q = xreallocarray(q, cap, sizeof *q);
		}
		d[len] = store_column_strdup(stmt, 0);
		q[len++] = (uint64_t)sqlite3_column_int64(stmt, 1);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		strv_free(d, len);
		free(q);
		return store_fail(s, cause, "read chain heads");
	}
	*devices = d;
	*seqs = q;
	*n = len;
	return RV_OK;
}

/*
 * The estates (allocated ids, each once) whose answers, signatures,
 * packages held or roster changes came from device's records after seq.
 */
enum rv_status
store_estates_since(struct store *s, const char *device, uint64_t seq,
    char ***ids, size_t *n, char **cause)
{
	sqlite3_stmt	*stmt;
	char		**v = NULL;
	size_t		 len = 0, cap = 0;
	enum rv_status	 st;
	int		 rc;

	if ((st = store_prepare(s, "SELECT estate_id FROM answer WHERE "
	    "device = ?1 AND seq > ?2 UNION SELECT estate_id FROM signature "
	    "WHERE device = ?1 AND seq > ?2 UNION SELECT estate_id FROM "
	    "kiosk_package WHERE device = ?1 AND seq > ?2 UNION SELECT "
	    "estate_id FROM roster_change WHERE device = ?1 AND seq > ?2",
	    &stmt, cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, device);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)seq);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (len == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			v = xreallocarray(v, cap, sizeof *v);
		}
		v[len++] = store_column_strdup(stmt, 0);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		strv_free(v, len);
		return store_fail(s, cause, "read changed estates");
	}
	*ids = v;
	*n = len;
	return RV_OK;
}

/*
 * The earliest cast_at after `after' among an estate's stored answers
 * and signatures (a kiosk's clock ahead of the office's), or 0 when
 * none: a tally taken at `after' changes when that instant comes.
 */
enum rv_status
store_estate_next_cast(struct store *s, const char *estate_id, rv_ms after,
    rv_ms *next, char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;

	*next = 0;
	if ((st = store_prepare(s, "SELECT min(c) FROM (SELECT min(cast_at) "
	    "AS c FROM answer WHERE estate_id = ?1 AND cast_at > ?2 UNION ALL "
	    "SELECT min(cast_at) FROM signature WHERE estate_id = ?1 AND "
	    "cast_at > ?2)", &stmt, cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, estate_id);
	sqlite3_bind_int64(stmt, 2, after);
	if (sqlite3_step(stmt) != SQLITE_ROW)
		st = store_fail(s, cause, "read the next answer");
	else if (sqlite3_column_type(stmt, 0) != SQLITE_NULL)
		*next = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return st;
}
