/*
 * What the street office makes public, read from and written to the
 * store: a record found by its receipt, when each kiosk last synced,
 * the notices published (公示) and the objections raised against them.
 * The results pages, the notices and the evaluation report read these;
 * the objection commands write them, one transaction each.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "store-int.h"

/*
 * Find the record whose receipt is receipt (a normalised receipt, the
 * dash optional).  *found is 0 when the office holds no such record.
 * Otherwise out holds the decoded record (the caller frees it with
 * store_receipt_clear), counted_row whether an answer or signature row derives
 * from it (0 when it was kept but set aside: made with superseded voting
 * codes, or its kiosk was revoked with --void) and voided whether its
 * kiosk was voided.  A receipt shared by two records (2^-50 per pair)
 * yields the first recorded.
 */
enum rv_status
store_receipt_find(struct store *s, const char *receipt,
    struct rv_receipt *out, int *found, char **cause)
{
	sqlite3_stmt	*stmt = NULL;
	char		 norm[RV_RECEIPT_LEN + 1], dashed[RV_RECEIPT_TEXT];
	enum rv_status	 st;
	int		 rc;

	memset(out, 0, sizeof *out);
	*found = 0;
	if (ledger_receipt_normalise(receipt, norm, sizeof norm) != 0)
		return RV_OK;
	snprintf(dashed, sizeof dashed, "%.5s-%s", norm, norm + 5);
	if ((st = store_prepare(s, "SELECT l.body, l.time, "
	    "EXISTS (SELECT 1 FROM answer a WHERE a.device = l.device AND "
	    "a.seq = l.seq) OR EXISTS (SELECT 1 FROM signature g WHERE "
	    "g.device = l.device AND g.seq = l.seq), "
	    "coalesce((SELECT voided FROM device d WHERE d.name = l.device), 0) "
	    "FROM ledger l WHERE l.receipt = ? ORDER BY l.time, l.device, "
	    "l.seq LIMIT 1", &stmt, cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, dashed);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		st = ledger_record_decode(sqlite3_column_blob(stmt, 0),
		    (size_t)sqlite3_column_bytes(stmt, 0), &out->record, cause);
		if (st == RV_OK) {
			*found = 1;
			out->counted_row = sqlite3_column_int(stmt, 2);
			out->voided = sqlite3_column_int(stmt, 3);
			memcpy(out->receipt, dashed, sizeof out->receipt);
		}
	} else if (rc != SQLITE_DONE)
		st = store_fail(s, cause, "read ledger");
	sqlite3_finalize(stmt);
	return st;
}

/* Free what store_receipt_find put in a caller-owned receipt and zero it. */
void
store_receipt_clear(struct rv_receipt *r)
{
	ledger_record_clear(&r->record);
	memset(r, 0, sizeof *r);
}

/*
 * The enrolled kiosks with their last synchronisation: the later of the
 * last sync over the network (device.last_sync_at) and the last head
 * stored from a bundle (head.received_at), 0 when never.  With estate_id,
 * only the kiosks that have loaded a package of that estate.
 */
enum rv_status
store_kiosk_syncs(struct store *s, const char *estate_id,
    struct rv_kiosk_sync **out, size_t *n, char **cause)
{
	sqlite3_stmt		*stmt;
	struct rv_kiosk_sync	*v = NULL;
	size_t			 len = 0;
	enum rv_status		 st;
	int			 rc;

	*out = NULL;
	*n = 0;
	if ((st = store_prepare(s, "SELECT d.name, max(coalesce("
	    "d.last_sync_at, 0), coalesce(h.received_at, 0)), "
	    "coalesce(h.seq, 0), d.revoked_at IS NOT NULL FROM device d "
	    "LEFT JOIN head h ON h.device = d.name WHERE ?1 IS NULL OR "
	    "d.name IN (SELECT device FROM kiosk_package WHERE estate_id = ?1) "
	    "ORDER BY d.name", &stmt, cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, estate_id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		v = xreallocarray(v, len + 1, sizeof *v);
		v[len].device = store_column_strdup(stmt, 0);
		v[len].last_sync = sqlite3_column_int64(stmt, 1);
		v[len].seq = (uint64_t)sqlite3_column_int64(stmt, 2);
		v[len].revoked = sqlite3_column_int(stmt, 3);
		len++;
	}
	if (rc != SQLITE_DONE) {
		st = store_fail(s, cause, "read kiosks");
		store_kiosk_syncs_free(v, len);
		sqlite3_finalize(stmt);
		return st;
	}
	sqlite3_finalize(stmt);
	*out = v;
	*n = len;
	return RV_OK;
}

/* Free a list of kiosk sync times. */
void
store_kiosk_syncs_free(struct rv_kiosk_sync *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(v[i].device);
	free(v);
}

/* The publications of one estate, oldest first. */
enum rv_status
store_publications_load(struct store *s, const char *estate_id,
    struct rv_publication **out, size_t *n, char **cause)
{
	sqlite3_stmt		*stmt;
	struct rv_publication	*v = NULL;
	size_t			 len = 0;
	enum rv_status		 st;
	int			 rc;

	*out = NULL;
	*n = 0;
	if ((st = store_prepare(s, "SELECT id, kind = 'final', published_at, "
	    "tally_at, coalesce(objections_until, 0) FROM publication WHERE "
	    "estate_id = ? ORDER BY published_at, id", &stmt, cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, estate_id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		v = xreallocarray(v, len + 1, sizeof *v);
		v[len].id = sqlite3_column_int64(stmt, 0);
		v[len].final = sqlite3_column_int(stmt, 1);
		v[len].published_at = sqlite3_column_int64(stmt, 2);
		v[len].tally_at = sqlite3_column_int64(stmt, 3);
		v[len].objections_until = sqlite3_column_int64(stmt, 4);
		len++;
	}
	if (rc != SQLITE_DONE) {
		st = store_fail(s, cause, "read publications");
		free(v);
		sqlite3_finalize(stmt);
		return st;
	}
	sqlite3_finalize(stmt);
	*out = v;
	*n = len;
	return RV_OK;
}

/*
 * Record a publication of estate_id; objections_until is 0 for a final
 * one.  Runs inside the caller's transaction.
 */
enum rv_status
store_publication_add(struct store *s, const char *estate_id, int final,
    rv_ms published_at, rv_ms tally_at, rv_ms objections_until, char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;

	if ((st = store_prepare(s, "INSERT INTO publication (estate_id, kind, "
	    "published_at, tally_at, objections_until) VALUES (?, ?, ?, ?, ?)",
	    &stmt, cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, estate_id);
	store_bind_text(stmt, 2, final ? "final" : "preliminary");
	sqlite3_bind_int64(stmt, 3, published_at);
	sqlite3_bind_int64(stmt, 4, tally_at);
	if (final)
		sqlite3_bind_null(stmt, 5);
	else
		sqlite3_bind_int64(stmt, 5, objections_until);
	st = store_step_done(s, stmt, "store publication", cause);
	sqlite3_finalize(stmt);
	return st;
}

/* The objections of one estate (or of all, when NULL), oldest first. */
enum rv_status
store_objections_load(struct store *s, const char *estate_id,
    struct rv_objection **out, size_t *n, char **cause)
{
	sqlite3_stmt		*stmt;
	struct rv_objection	*v = NULL;
	size_t			 len = 0;
	enum rv_status		 st;
	int			 rc;

	*out = NULL;
	*n = 0;
	if ((st = store_prepare(s, "SELECT id, estate_id, received_at, author, "
	    "text, coalesce(resolved_at, 0), resolution FROM objection WHERE "
	    "?1 IS NULL OR estate_id = ?1 ORDER BY received_at, id", &stmt,
	    cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, estate_id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		v = xreallocarray(v, len + 1, sizeof *v);
		v[len].id = sqlite3_column_int64(stmt, 0);
		v[len].estate_id = store_column_strdup(stmt, 1);
		v[len].received_at = sqlite3_column_int64(stmt, 2);
		v[len].author = store_column_strdup(stmt, 3);
		v[len].text = store_column_strdup(stmt, 4);
		v[len].resolved_at = sqlite3_column_int64(stmt, 5);
		v[len].resolution = store_column_strdup(stmt, 6);
		len++;
	}
	if (rc != SQLITE_DONE) {
		st = store_fail(s, cause, "read objections");
		store_objections_free(v, len);
		sqlite3_finalize(stmt);
		return st;
	}
	sqlite3_finalize(stmt);
	*out = v;
	*n = len;
	return RV_OK;
}

/* Free a list of objections. */
void
store_objections_free(struct rv_objection *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].estate_id);
		free(v[i].author);
		free(v[i].text);
		free(v[i].resolution);
	}
	free(v);
}

/* Store a new objection inside the caller's transaction; *id is its id. */
enum rv_status
store_objection_add(struct store *s, const char *estate_id, rv_ms at,
    const char *author, const char *text, int64_t *id, char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;

	if ((st = store_prepare(s, "INSERT INTO objection (estate_id, "
	    "received_at, author, text) VALUES (?, ?, ?, ?)", &stmt,
	    cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, estate_id);
	sqlite3_bind_int64(stmt, 2, at);
	store_bind_text(stmt, 3, author);
	store_bind_text(stmt, 4, text);
	if ((st = store_step_done(s, stmt, "store objection", cause)) ==
	    RV_OK)
		*id = sqlite3_last_insert_rowid(s->db);
	sqlite3_finalize(stmt);
	return st;
}

/*
 * Resolve objection id inside the caller's transaction.  An unknown or
 * already resolved objection is refused (RV_EINPUT): a resolution once
 * published is not rewritten.
 */
enum rv_status
store_objection_resolve(struct store *s, int64_t id, rv_ms at,
    const char *resolution, char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;

	if ((st = store_prepare(s, "UPDATE objection SET resolved_at = ?, "
	    "resolution = ? WHERE id = ? AND resolved_at IS NULL", &stmt,
	    cause)) != RV_OK)
		return st;
	sqlite3_bind_int64(stmt, 1, at);
	store_bind_text(stmt, 2, resolution);
	sqlite3_bind_int64(stmt, 3, id);
	st = store_step_done(s, stmt, "resolve objection", cause);
	if (st == RV_OK && sqlite3_changes(s->db) == 0)
		st = rv_fail(cause, RV_EINPUT, "--id: objection %lld does not "
		    "exist or is already resolved", (long long)id);
	sqlite3_finalize(stmt);
	return st;
}

/*
 * When the answers to an estate were cast and by how many: the first and
 * last cast_at of its answer rows (0 when there is none), how many rows,
 * how many distinct owners (roster owner ids) answered anything, and how
 * many rows are paper ballots (the office's own chain).
 */
enum rv_status
store_answer_span(struct store *s, const char *estate_id,
    struct rv_answer_span *out, char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;

	memset(out, 0, sizeof *out);
	if ((st = store_prepare(s, "SELECT coalesce(min(a.cast_at), 0), "
	    "coalesce(max(a.cast_at), 0), count(*), count(DISTINCT "
	    "f.owner_id), coalesce(sum(a.device = ?), 0) FROM answer a "
	    "LEFT JOIN flat f ON f.estate_id = a.estate_id AND f.flat_id = "
	    "a.flat_id WHERE a.estate_id = ?", &stmt, cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, RV_OFFICE_DEVICE);
	store_bind_text(stmt, 2, estate_id);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		out->first = sqlite3_column_int64(stmt, 0);
		out->last = sqlite3_column_int64(stmt, 1);
		out->answers = sqlite3_column_int64(stmt, 2);
		out->owners = sqlite3_column_int64(stmt, 3);
		out->paper = sqlite3_column_int64(stmt, 4);
	} else
		st = store_fail(s, cause, "read answers");
	sqlite3_finalize(stmt);
	return st;
}

/*
 * Store publication number of estate, at at_ms with its signed root and
 * its n leaves in order, inside the caller's write transaction.  Stored
 * publications numbered number or later are replaced: publish numbers
 * from the site it writes, which may have been started afresh.
 */
enum rv_status
store_pub_tree_put(struct store *s, const char *estate, long number,
    rv_ms at, const char *root, const struct rv_leaf *leaves, size_t n,
    char **cause)
{
	sqlite3_stmt	*stmt = NULL;
	const char	*del[] = { "DELETE FROM publication_tree WHERE "
	    "estate_id = ? AND number >= ?", "DELETE FROM publication_leaf "
	    "WHERE estate_id = ? AND number >= ?" };
	size_t		 i;
	enum rv_status	 st = RV_OK;

	for (i = 0; i < nitems(del) && st == RV_OK; i++) {
		if ((st = store_prepare(s, del[i], &stmt, cause)) != RV_OK)
			return st;
		store_bind_text(stmt, 1, estate);
		sqlite3_bind_int64(stmt, 2, number);
		st = store_step_done(s, stmt, "replace publication tree",
		    cause);
		sqlite3_finalize(stmt);
	}
	if (st != RV_OK || (st = store_prepare(s, "INSERT INTO "
	    "publication_tree (estate_id, number, at_ms, root) VALUES "
	    "(?, ?, ?, ?)", &stmt, cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, estate);
	sqlite3_bind_int64(stmt, 2, number);
	sqlite3_bind_int64(stmt, 3, at);
	store_bind_text(stmt, 4, root);
	st = store_step_done(s, stmt, "store publication tree", cause);
	sqlite3_finalize(stmt);
	if (st != RV_OK || (st = store_prepare(s, "INSERT INTO "
	    "publication_leaf (estate_id, number, idx, kind, subject, choice, "
	    "owner, area, scope, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    &stmt, cause)) != RV_OK)
		return st;
	for (i = 0; i < n && st == RV_OK; i++) {
		sqlite3_reset(stmt);
		store_bind_text(stmt, 1, estate);
		sqlite3_bind_int64(stmt, 2, number);
		sqlite3_bind_int64(stmt, 3, (sqlite3_int64)i);
		store_bind_text(stmt, 4, leaves[i].kind);
		store_bind_text(stmt, 5, leaves[i].subject);
		store_bind_text(stmt, 6, leaves[i].choice);
		store_bind_text(stmt, 7, leaves[i].owner);
		store_bind_text(stmt, 8, leaves[i].area);
		store_bind_text(stmt, 9, leaves[i].scope);
		store_bind_text(stmt, 10, leaves[i].record);
		st = store_step_done(s, stmt, "store publication leaf", cause);
	}
	sqlite3_finalize(stmt);
	return st;
}

/*
 * Set *is to whether the estate's latest stored publication is number,
 * at at_ms with root: then its leaves are stored too (store_pub_tree_put
 * writes both in one transaction), and putting it again would change
 * nothing.
 */
enum rv_status
store_pub_tree_is(struct store *s, const char *estate, long number,
    rv_ms at, const char *root, int *is, char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;
	int		 rc;

	*is = 0;
	if ((st = store_prepare(s, "SELECT number = ?2 AND at_ms = ?3 AND "
	    "root = ?4 FROM publication_tree WHERE estate_id = ?1 ORDER BY "
	    "number DESC LIMIT 1", &stmt, cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, estate);
	sqlite3_bind_int64(stmt, 2, number);
	sqlite3_bind_int64(stmt, 3, at);
	store_bind_text(stmt, 4, root);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		*is = sqlite3_column_int(stmt, 0) == 1;
	else if (rc != SQLITE_DONE)
		st = store_fail(s, cause, "read publication tree");
	sqlite3_finalize(stmt);
	return st;
}

/*
 * The latest stored publication of estate whose leaves hold record (the
 * ledger hash in lowercase hex), with all its leaves, into *t; t->number
 * is 0 when none does.  t->latest is the estate's latest in any case.
 * Free *t with store_pub_tree_clear whatever the outcome.
 */
enum rv_status
store_pub_tree_find(struct store *s, const char *estate, const char *record,
    struct rv_pub_tree *t, char **cause)
{
	sqlite3_stmt	*stmt;
	struct rv_leaf	*l;
	enum rv_status	 st;
	int		 rc;

	memset(t, 0, sizeof *t);
	if ((st = store_prepare(s, "SELECT (SELECT max(number) FROM "
	    "publication_tree WHERE estate_id = ?1), (SELECT max(number) FROM "
	    "publication_leaf WHERE record = ?2 AND estate_id = ?1)", &stmt,
	    cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, estate);
	store_bind_text(stmt, 2, record);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		t->latest = (long)sqlite3_column_int64(stmt, 0);
		t->number = (long)sqlite3_column_int64(stmt, 1);
	} else
		st = store_fail(s, cause, "read publication tree");
	sqlite3_finalize(stmt);
	if (st != RV_OK || t->number == 0)
		return st;
	if ((st = store_prepare(s, "SELECT at_ms, root FROM publication_tree "
	    "WHERE estate_id = ? AND number = ?", &stmt, cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, estate);
	sqlite3_bind_int64(stmt, 2, t->number);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		t->at = sqlite3_column_int64(stmt, 0);
		snprintf(t->root, sizeof t->root, "%s",
		    (const char *)sqlite3_column_text(stmt, 1));
	} else if (rc == SQLITE_DONE)
		t->number = 0;	/* leaves without their tree: none */
	else
		st = store_fail(s, cause, "read publication tree");
	sqlite3_finalize(stmt);
	if (st != RV_OK || t->number == 0)
		return st;
	if ((st = store_prepare(s, "SELECT kind, subject, choice, owner, area, "
	    "scope, record FROM publication_leaf WHERE estate_id = ? AND "
	    "number = ? ORDER BY idx", &stmt, cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, estate);
	sqlite3_bind_int64(stmt, 2, t->number);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		t->leaves = xreallocarray(t->leaves, t->nleaves + 1,
		    sizeof *t->leaves);
		l = &t->leaves[t->nleaves++];
		l->kind = store_column_strdup(stmt, 0);
		l->subject = store_column_strdup(stmt, 1);
		l->choice = store_column_strdup(stmt, 2);
		l->owner = store_column_strdup(stmt, 3);
		l->area = store_column_strdup(stmt, 4);
		l->scope = store_column_strdup(stmt, 5);
		l->record = store_column_strdup(stmt, 6);
	}
	if (rc != SQLITE_DONE)
		st = store_fail(s, cause, "read publication leaves");
	sqlite3_finalize(stmt);
	return st;
}

/* Free what store_pub_tree_find loaded into t. */
void
store_pub_tree_clear(struct rv_pub_tree *t)
{
	size_t	 i;

	for (i = 0; i < t->nleaves; i++) {
		free((char *)t->leaves[i].kind);
		free((char *)t->leaves[i].subject);
		free((char *)t->leaves[i].choice);
		free((char *)t->leaves[i].owner);
		free((char *)t->leaves[i].area);
		free((char *)t->leaves[i].scope);
		free((char *)t->leaves[i].record);
	}
	free(t->leaves);
	memset(t, 0, sizeof *t);
}
