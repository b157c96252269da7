/*
 * Estates and flats in the store.  A roster import replaces an estate's
 * flats: flats still listed are updated in place (so their voting codes
 * stay valid), flats no longer listed are removed with their codes, and
 * answers are never touched: the ledger is append-only and the tally
 * simply finds no flat for an answer whose flat is gone.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "store-int.h"

#define FLATS_INITIAL	64

/*
 * Delete the estate's stored flats whose ids are not in e (whose flats are
 * sorted by id, as estate_prepare leaves them).  SQLite's BINARY collation
 * orders like strcmp, so one merge pass finds them.
 */
static enum rv_status
roster_delete_missing(struct store *s, const struct rv_estate *e,
    char **cause)
{
	sqlite3_stmt	*sel = NULL, *del = NULL;
	enum rv_status	 st;
	size_t		 i = 0;
	int		 rc, c;

	if ((st = store_prepare(s, "SELECT flat_id FROM flat WHERE "
	    "estate_id = ? ORDER BY flat_id", &sel, cause)) != RV_OK ||
	    (st = store_prepare(s, "DELETE FROM flat WHERE estate_id = ? AND "
	    "flat_id = ?", &del, cause)) != RV_OK)
		goto out;
	store_bind_text(sel, 1, e->id);
	store_bind_text(del, 1, e->id);
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
		const char *old = (const char *)sqlite3_column_text(sel, 0);

		c = 1;
		while (i < e->nflats &&
		    (c = strcmp(e->flats[i].flat_id, old)) < 0)
			i++;
		if (c == 0)
			continue;
		sqlite3_bind_text(del, 2, old, -1, SQLITE_TRANSIENT);
		if ((st = store_step_done(s, del, "remove flat",
		    cause)) != RV_OK)
			goto out;
		sqlite3_reset(del);
	}
	if (rc != SQLITE_DONE)
		st = store_fail(s, cause, "read flats");
out:
	sqlite3_finalize(sel);
	sqlite3_finalize(del);
	return st;
}

/*
 * Store estate e and make its flats exactly e's flats.  Runs inside the
 * caller's transaction; e has been validated and prepared.
 */
enum rv_status
store_roster_put(struct store *s, const struct rv_estate *e, char **cause)
{
	sqlite3_stmt	*stmt = NULL;
	enum rv_status	 st;
	size_t		 i;

	if ((st = store_prepare(s, "INSERT INTO estate (id, name, roster_at, "
	    "name_zh_TW, name_en, street, community) VALUES (?, ?, ?, ?, ?, "
	    "?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
	    "roster_at = excluded.roster_at, name_zh_TW = excluded.name_zh_TW, "
	    "name_en = excluded.name_en, street = excluded.street, "
	    "community = excluded.community", &stmt, cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, e->id);
	store_bind_text(stmt, 2, e->name);
	sqlite3_bind_int64(stmt, 3, time_now());
	store_bind_text(stmt, 4, e->name_zh_tw);
	store_bind_text(stmt, 5, e->name_en);
	store_bind_text(stmt, 6, e->street);
	store_bind_text(stmt, 7, e->community);
	if ((st = store_step_done(s, stmt, "store estate", cause)) != RV_OK)
		goto out;
	sqlite3_finalize(stmt);
	stmt = NULL;

	if ((st = roster_delete_missing(s, e, cause)) != RV_OK)
		goto out;
	if ((st = store_prepare(s, "INSERT INTO flat (estate_id, flat_id, "
	    "building, entrance, room, owner_id, owner_name, area_source, "
	    "area) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
	    "ON CONFLICT (estate_id, flat_id) DO UPDATE SET "
	    "building = excluded.building, entrance = excluded.entrance, "
	    "room = excluded.room, owner_id = excluded.owner_id, "
	    "owner_name = excluded.owner_name, "
	    "area_source = excluded.area_source, area = excluded.area",
	    &stmt, cause)) != RV_OK)
		goto out;
	store_bind_text(stmt, 1, e->id);
	for (i = 0; i < e->nflats; i++) {
		const struct rv_flat *f = &e->flats[i];

		store_bind_text(stmt, 2, f->flat_id);
		store_bind_text(stmt, 3, f->building);
		store_bind_text(stmt, 4, f->entrance);
		store_bind_text(stmt, 5, f->room);
		store_bind_text(stmt, 6, f->owner_id);
		store_bind_text(stmt, 7, f->owner_name);
		store_bind_text(stmt, 8, f->area_source);
		sqlite3_bind_int64(stmt, 9, f->area);
		if ((st = store_step_done(s, stmt, "store flat",
		    cause)) != RV_OK)
			goto out;
		sqlite3_reset(stmt);
	}
out:
	sqlite3_finalize(stmt);
	return st;
}

/*
 * Set each flat's owner_since: the time of its latest confirmed change of
 * owner (a roster record of the office), from which on its earlier
 * answers no longer stand.  Flats never changed keep 0.
 */
static enum rv_status
roster_owner_since(struct store *s, struct rv_estate *e, char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;
	ssize_t		 i;
	int		 rc;

	if ((st = store_prepare(s, "SELECT flat_id, max(at) FROM "
	    "roster_change WHERE estate_id = ? AND field = 'owner_id' AND "
	    "flat_id IS NOT NULL GROUP BY flat_id", &stmt, cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, e->id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		i = estate_flat_index(e, (const char *)sqlite3_column_text(stmt,
		    0));
		if (i >= 0)
			e->flats[i].owner_since = sqlite3_column_int64(stmt, 1);
	}
	if (rc != SQLITE_DONE)
		st = store_fail(s, cause, "read roster changes");
	sqlite3_finalize(stmt);
	return st;
}

/*
 * Load estate id with its flats sorted by id and its owners indexed.  An
 * unknown estate is RV_EINPUT.
 */
enum rv_status
store_estate_load(struct store *s, const char *id, struct rv_estate **out,
    char **cause)
{
	sqlite3_stmt	*stmt = NULL;
	struct rv_estate *e;
	size_t		 cap = 0;
	enum rv_status	 st;
	int		 rc;

	e = xcalloc(1, sizeof *e);
	if ((st = store_prepare(s, "SELECT name, name_zh_TW, name_en, street, "
	    "community FROM estate WHERE id = ?", &stmt, cause)) != RV_OK)
		goto fail;
	store_bind_text(stmt, 1, id);
	if ((rc = sqlite3_step(stmt)) != SQLITE_ROW) {
		st = rc == SQLITE_DONE ? rv_fail(cause, RV_EINPUT,
		    "%s: no estate '%s' (import its roster first)", s->path,
		    id) : store_fail(s, cause, "read estate");
		goto fail;
	}
	e->id = xstrdup(id);
	e->name = store_column_strdup(stmt, 0);
	e->name_zh_tw = store_column_strdup(stmt, 1);
	e->name_en = store_column_strdup(stmt, 2);
	e->street = store_column_strdup(stmt, 3);
	e->community = store_column_strdup(stmt, 4);
	sqlite3_finalize(stmt);
	stmt = NULL;

	if ((st = store_prepare(s, "SELECT flat_id, building, entrance, room, "
	    "owner_id, owner_name, area_source, area FROM flat WHERE "
	    "estate_id = ? ORDER BY flat_id", &stmt, cause)) != RV_OK)
		goto fail;
	store_bind_text(stmt, 1, id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct rv_flat *f;

		if (e->nflats == cap) {
			cap = cap == 0 ? FLATS_INITIAL : cap * 2;
			e->flats = xreallocarray(e->flats, cap,
			    sizeof *e->flats);
		}
		f = &e->flats[e->nflats++];
		memset(f, 0, sizeof *f);
		f->flat_id = store_column_strdup(stmt, 0);
		f->building = store_column_strdup(stmt, 1);
		f->entrance = store_column_strdup(stmt, 2);
		f->room = store_column_strdup(stmt, 3);
		f->owner_id = store_column_strdup(stmt, 4);
		f->owner_name = store_column_strdup(stmt, 5);
		f->area_source = store_column_strdup(stmt, 6);
		f->area = sqlite3_column_int64(stmt, 7);
	}
	if (rc != SQLITE_DONE) {
		st = store_fail(s, cause, "read flats");
		goto fail;
	}
	sqlite3_finalize(stmt);
	stmt = NULL;
	if ((st = roster_owner_since(s, e, cause)) != RV_OK)
		goto fail;
	estate_index_owners(e);
	*out = e;
	return RV_OK;
fail:
	sqlite3_finalize(stmt);
	estate_free(e);
	return st;
}

/* The ids of every stored estate, in id order. */
enum rv_status
store_estate_ids(struct store *s, char ***out, size_t *n, char **cause)
{
	sqlite3_stmt	*stmt;
	char		**v = NULL;
	size_t		 len = 0, cap = 0;
	enum rv_status	 st;
	int		 rc;

	if ((st = store_prepare(s, "SELECT id FROM estate ORDER BY id", &stmt,
	    cause)) != RV_OK)
		return st;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (len == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			v = xreallocarray(v, cap, sizeof *v);
		}
		v[len++] = store_column_strdup(stmt, 0);
	}
	if (rc != SQLITE_DONE) {
		st = store_fail(s, cause, "read estates");
		sqlite3_finalize(stmt);
		strv_free(v, len);
		return st;
	}
	sqlite3_finalize(stmt);
	*out = v;
	*n = len;
	return RV_OK;
}

/*
 * Count what makes estate id evidence: answers and paper ballots, pledge
 * signatures, publications and confirmed roster changes.  Zero counts for an unknown estate.
 */
enum rv_status
store_estate_activity(struct store *s, const char *id,
    struct store_activity *act, char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;
	int		 rc;

	memset(act, 0, sizeof *act);
	if ((st = store_prepare(s, "SELECT "
	    "(SELECT count(*) FROM answer WHERE estate_id = ?1), "
	    "(SELECT count(*) FROM signature WHERE estate_id = ?1), "
	    "(SELECT count(*) FROM publication WHERE estate_id = ?1), "
	    "(SELECT count(*) FROM roster_change WHERE estate_id = ?1)",
	    &stmt, cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, id);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		act->answers = sqlite3_column_int64(stmt, 0);
		act->signatures = sqlite3_column_int64(stmt, 1);
		act->publications = sqlite3_column_int64(stmt, 2);
		act->changes = sqlite3_column_int64(stmt, 3);
	} else
		st = store_fail(s, cause, "count the estate's answers");
	sqlite3_finalize(stmt);
	return st;
}

/*
 * The id of another estate than id named name, into *other (allocated;
 * NULL when there is none).
 */
enum rv_status
store_estate_named(struct store *s, const char *name, const char *id,
    char **other, char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;
	int		 rc;

	*other = NULL;
	if ((st = store_prepare(s, "SELECT id FROM estate WHERE name = ? AND "
	    "id != ? ORDER BY id LIMIT 1", &stmt, cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, name);
	store_bind_text(stmt, 2, id);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		*other = store_column_strdup(stmt, 0);
	else if (rc != SQLITE_DONE)
		st = store_fail(s, cause, "read estates");
	sqlite3_finalize(stmt);
	return st;
}

/*
 * Remove estate id and everything the office derived for it: flats (and
 * with them their codes), plan, packages, codes epoch, lockouts and
 * objections.  Runs inside the caller's transaction; the caller has
 * checked that nothing of the ledger or a publication names it.
 */
enum rv_status
store_estate_remove(struct store *s, const char *id, char **cause)
{
	static const char *const sql[] = {
		"DELETE FROM code WHERE estate_id = ?",
		"DELETE FROM flat WHERE estate_id = ?",
		"DELETE FROM plan WHERE estate_id = ?",
		"DELETE FROM package WHERE estate_id = ?",
		"DELETE FROM package_body WHERE estate_id = ?",
		"DELETE FROM codes_epoch WHERE estate_id = ?",
		"DELETE FROM lockout WHERE estate_id = ?",
		"DELETE FROM objection WHERE estate_id = ?",
		"DELETE FROM estate WHERE id = ?",
	};
	sqlite3_stmt	*stmt;
	enum rv_status	 st;
	size_t		 i;

	for (i = 0; i < nitems(sql); i++) {
		if ((st = store_prepare(s, sql[i], &stmt, cause)) != RV_OK)
			return st;
		store_bind_text(stmt, 1, id);
		st = store_step_done(s, stmt, "remove estate", cause);
		sqlite3_finalize(stmt);
		if (st != RV_OK)
			return st;
	}
	return RV_OK;
}

/*
 * The confirmed roster changes of estate id, oldest first, into *out
 * (*n of them; free with store_roster_changes_free).
 */
enum rv_status
store_roster_changes_load(struct store *s, const char *id,
    struct rv_roster_change **out, size_t *n, char **cause)
{
	sqlite3_stmt		*stmt;
	struct rv_roster_change	*v = NULL, *c;
	size_t			 len = 0, cap = 0;
	enum rv_status		 st;
	int			 rc;

	*out = NULL;
	*n = 0;
	if ((st = store_prepare(s, "SELECT flat_id, field, before, after, "
	    "clerk, at, device, seq, owner_id FROM roster_change WHERE "
	    "estate_id = ? "
	    "ORDER BY at, device, seq", &stmt, cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (len == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			v = xreallocarray(v, cap, sizeof *v);
		}
		c = &v[len++];
		c->flat_id = store_column_strdup(stmt, 0);
		c->field = store_column_strdup(stmt, 1);
		c->before = store_column_strdup(stmt, 2);
		c->after = store_column_strdup(stmt, 3);
		c->clerk = store_column_strdup(stmt, 4);
		c->at = sqlite3_column_int64(stmt, 5);
		c->device = store_column_strdup(stmt, 6);
		c->seq = (uint64_t)sqlite3_column_int64(stmt, 7);
		c->owner_id = store_column_strdup(stmt, 8);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		store_roster_changes_free(v, len);
		return store_fail(s, cause, "read roster changes");
	}
	*out = v;
	*n = len;
	return RV_OK;
}

/* Free what store_roster_changes_load gave. */
void
store_roster_changes_free(struct rv_roster_change *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].flat_id);
		free(v[i].field);
		free(v[i].before);
		free(v[i].after);
		free(v[i].clerk);
		free(v[i].device);
		free(v[i].owner_id);
	}
	free(v);
}
