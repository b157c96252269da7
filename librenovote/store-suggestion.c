/*
 * Residents' suggestions (征求意见) in the store: a row per record of
 * type suggestion, written when the record is stored (at the kiosk that
 * took it, and at the office that ingests or enters it) and read by the
 * committee's listing.  Nothing that publishes reads this table.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "store-int.h"

#define SUGGESTIONS_INITIAL	16

/*
 * Store the row of a suggestion record, refusing one whose estate or flat
 * the store does not hold: a suggestion is only worth keeping if the
 * committee can tell whose it is.  Few and rare: one statement each.
 */
enum rv_status
store_suggestion_put(struct store *s, const struct rv_record *rec,
    char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;

	if ((st = store_prepare(s, "INSERT INTO suggestion (device, seq, "
	    "estate_id, flat_id, text, taken_by, at, ref) SELECT ?1, ?2, ?3, "
	    "?4, ?5, ?6, ?7, ?8 WHERE EXISTS (SELECT 1 FROM flat WHERE estate_id = ?3 "
	    "AND flat_id = ?4)", &stmt, cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, rec->device);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)rec->seq);
	store_bind_text(stmt, 3, rec->estate_id);
	store_bind_text(stmt, 4, rec->flat_id);
	store_bind_text(stmt, 5, rec->text);
	store_bind_text(stmt, 6, rec->actor);
	sqlite3_bind_int64(stmt, 7, rec->cast_at);
	store_bind_text(stmt, 8, rec->ref);
	st = store_step_done(s, stmt, "store suggestion", cause);
	if (st == RV_OK && sqlite3_changes(s->db) == 0)
		st = rv_fail(cause, RV_EINPUT, "record %s/%llu: a suggestion "
		    "for flat '%s' of estate '%s', which this database does "
		    "not hold", rec->device, (unsigned long long)rec->seq,
		    rec->flat_id, rec->estate_id);
	sqlite3_finalize(stmt);
	return st;
}

/*
 * Every suggestion of an estate, oldest first (then by device and seq),
 * into a new array (*out, *n) to free with store_suggestions_free.
 */
enum rv_status
store_suggestions_load(struct store *s, const char *estate_id,
    struct rv_suggestion **out, size_t *n, char **cause)
{
	struct rv_suggestion *v = NULL;
	sqlite3_stmt	*stmt;
	size_t		 cap = 0;
	enum rv_status	 st;
	int		 rc;

	*out = NULL;
	*n = 0;
	if ((st = store_prepare(s, "SELECT device, seq, flat_id, text, "
	    "taken_by, at, ref FROM suggestion WHERE estate_id = ? ORDER BY at, "
	    "device, seq", &stmt, cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, estate_id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap == 0 ? SUGGESTIONS_INITIAL : cap * 2;
			v = xreallocarray(v, cap, sizeof *v);
		}
		v[*n].device = store_column_strdup(stmt, 0);
		v[*n].seq = (uint64_t)sqlite3_column_int64(stmt, 1);
		v[*n].flat_id = store_column_strdup(stmt, 2);
		v[*n].text = store_column_strdup(stmt, 3);
		v[*n].taken_by = store_column_strdup(stmt, 4);
		v[*n].at = sqlite3_column_int64(stmt, 5);
		v[*n].ref = store_column_strdup(stmt, 6);
		(*n)++;
	}
	if (rc != SQLITE_DONE) {
		st = store_fail(s, cause, "read suggestions");
		store_suggestions_free(v, *n);
		*n = 0;
	} else
		*out = v;
	sqlite3_finalize(stmt);
	return st;
}

/* Free n suggestions and the array. */
void
store_suggestions_free(struct rv_suggestion *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].device);
		free(v[i].flat_id);
		free(v[i].text);
		free(v[i].taken_by);
		free(v[i].ref);
	}
	free(v);
}
