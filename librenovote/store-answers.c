/*
 * Answers and pledge signatures in the store, and their loading into the
 * consent engine's form.  Each row is keyed by the device that recorded it
 * and that device's sequence number, which the signed ledger makes unique.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "store-int.h"

#define ANSWERS_INITIAL	256

/* Store one answer; a (device, seq) already stored is refused. */
enum rv_status
store_answer_add(struct store *s, const struct rv_answer_in *a, char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;
	int		 rc;

	if ((st = store_prepare(s, STORE_ANSWER_INSERT, &stmt,
	    cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, a->device);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)a->seq);
	store_bind_text(stmt, 3, a->estate_id);
	store_bind_text(stmt, 4, a->question_id);
	store_bind_text(stmt, 5, a->flat_id);
	store_bind_text(stmt, 6, a->choice);
	sqlite3_bind_int64(stmt, 7, a->cast_at);
	if ((rc = sqlite3_step(stmt)) == SQLITE_CONSTRAINT_PRIMARYKEY)
		st = rv_fail(cause, RV_EINPUT, "answer %s/%llu is already "
		    "stored", a->device, (unsigned long long)a->seq);
	else if (rc != SQLITE_DONE)
		st = store_fail(s, cause, "store answer");
	sqlite3_finalize(stmt);
	return st;
}

/* Store one pledge signature; a (device, seq) already stored is refused. */
enum rv_status
store_signature_add(struct store *s, const struct rv_signature_in *g,
    char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;
	int		 rc;

	if ((st = store_prepare(s, STORE_SIGNATURE_INSERT, &stmt,
	    cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, g->device);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)g->seq);
	store_bind_text(stmt, 3, g->estate_id);
	store_bind_text(stmt, 4, g->pledge_id);
	store_bind_text(stmt, 5, g->flat_id);
	if (g->amount_fen < 0)
		sqlite3_bind_null(stmt, 6);
	else
		sqlite3_bind_int64(stmt, 6, g->amount_fen);
	sqlite3_bind_int64(stmt, 7, g->cast_at);
	if ((rc = sqlite3_step(stmt)) == SQLITE_CONSTRAINT_PRIMARYKEY)
		st = rv_fail(cause, RV_EINPUT, "pledge %s/%llu is already "
		    "stored", g->device, (unsigned long long)g->seq);
	else if (rc != SQLITE_DONE)
		st = store_fail(s, cause, "store pledge");
	sqlite3_finalize(stmt);
	return st;
}

/*
 * The interned copy of a device name: a city has few kiosks per estate,
 * so a linear search that first tries the last hit is enough.
 */
static const char *
intern_device(struct rv_answers *out, const char *name)
{
	size_t	 i;

	if (out->ndevices > 0 &&
	    strcmp(out->devices[out->ndevices - 1], name) == 0)
		return out->devices[out->ndevices - 1];
	for (i = 0; i < out->ndevices; i++) {
		if (strcmp(out->devices[i], name) == 0)
			return out->devices[i];
	}
	out->devices = xreallocarray(out->devices, out->ndevices + 1,
	    sizeof *out->devices);
	out->devices[out->ndevices] = xstrdup(name);
	return out->devices[out->ndevices++];
}

/*
 * Load every stored answer to question q of estate e.  Answers naming a
 * flat no longer in the roster, or a choice the question does not have,
 * are left out: the engine could not place them.
 */
enum rv_status
store_answers_load(struct store *s, const struct rv_estate *e,
    const struct rv_question *q, struct rv_answers *out, char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;
	size_t		 cap = 0;
	ssize_t		 flat;
	uint32_t	 choice;
	int		 rc;

	memset(out, 0, sizeof *out);
	if ((st = store_prepare(s, "SELECT flat_id, choice, cast_at, device, "
	    "seq FROM answer WHERE estate_id = ? AND question_id = ?", &stmt,
	    cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, e->id);
	store_bind_text(stmt, 2, q->id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct rv_answer *a;

		flat = estate_flat_index(e,
		    (const char *)sqlite3_column_text(stmt, 0));
		if (flat < 0 || question_choice_read(q,
		    (const char *)sqlite3_column_text(stmt, 1), &choice,
		    NULL) != 0)
			continue;
		if (out->n == cap) {
			cap = cap == 0 ? ANSWERS_INITIAL : cap * 2;
			out->v = xreallocarray(out->v, cap, sizeof *out->v);
		}
		a = &out->v[out->n++];
		a->flat = (uint32_t)flat;
		a->choice = choice;
		a->cast_at = sqlite3_column_int64(stmt, 2);
		a->device = intern_device(out,
		    (const char *)sqlite3_column_text(stmt, 3));
		a->seq = (uint64_t)sqlite3_column_int64(stmt, 4);
	}
	if (rc != SQLITE_DONE) {
		st = store_fail(s, cause, "read answers");
		store_answers_clear(out);
	}
	sqlite3_finalize(stmt);
	return st;
}

/* Load the signatures of one pledge of estate e. */
enum rv_status
store_signatures_load(struct store *s, const struct rv_estate *e,
    const char *pledge_id, struct rv_signature **out, size_t *n, char **cause)
{
	sqlite3_stmt	*stmt;
	struct rv_signature *v = NULL;
	enum rv_status	 st;
	size_t		 len = 0, cap = 0;
	ssize_t		 flat;
	int		 rc;

	if ((st = store_prepare(s, "SELECT flat_id, cast_at, amount_fen FROM "
	    "signature WHERE estate_id = ? AND pledge_id = ?", &stmt,
	    cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, e->id);
	store_bind_text(stmt, 2, pledge_id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		flat = estate_flat_index(e,
		    (const char *)sqlite3_column_text(stmt, 0));
		if (flat < 0)
			continue;
		if (len == cap) {
			cap = cap == 0 ? ANSWERS_INITIAL : cap * 2;
			v = xreallocarray(v, cap, sizeof *v);
		}
		v[len].flat = (uint32_t)flat;
		v[len].cast_at = sqlite3_column_int64(stmt, 1);
		v[len].amount_fen = sqlite3_column_type(stmt, 2) ==
		    SQLITE_NULL ? -1 : sqlite3_column_int64(stmt, 2);
		len++;
	}
	if (rc != SQLITE_DONE) {
		st = store_fail(s, cause, "read pledges");
		free(v);
		v = NULL;
		len = 0;
	}
	sqlite3_finalize(stmt);
	*out = v;
	*n = len;
	return st;
}

/* Free what store_answers_load put in a caller-owned struct and zero it. */
void
store_answers_clear(struct rv_answers *a)
{
	strv_free(a->devices, a->ndevices);
	free(a->v);
	memset(a, 0, sizeof *a);
}

/*
 * Load the signatures of one pledge of estate e with the device and seq
 * that name each one's ledger record, for a publication's leaves.  Rows
 * of flats no longer in the roster are left out, as the tally does.
 */
enum rv_status
store_signature_records(struct store *s, const struct rv_estate *e,
    const char *pledge_id, struct rv_signature_record **out, size_t *n,
    char **cause)
{
	sqlite3_stmt	*stmt;
	struct rv_signature_record *v = NULL;
	enum rv_status	 st;
	size_t		 len = 0, cap = 0;
	ssize_t		 flat;
	int		 rc;

	if ((st = store_prepare(s, "SELECT flat_id, cast_at, device, seq "
	    "FROM signature WHERE estate_id = ? AND pledge_id = ?", &stmt,
	    cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, e->id);
	store_bind_text(stmt, 2, pledge_id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		flat = estate_flat_index(e,
		    (const char *)sqlite3_column_text(stmt, 0));
		if (flat < 0)
			continue;
		if (len == cap) {
			cap = cap == 0 ? ANSWERS_INITIAL : cap * 2;
			v = xreallocarray(v, cap, sizeof *v);
		}
		v[len].flat = (uint32_t)flat;
		v[len].cast_at = sqlite3_column_int64(stmt, 1);
		v[len].device = store_column_strdup(stmt, 2);
		v[len].seq = (uint64_t)sqlite3_column_int64(stmt, 3);
		len++;
	}
	if (rc != SQLITE_DONE) {
		st = store_fail(s, cause, "read pledges");
		store_signature_records_free(v, len);
		v = NULL;
		len = 0;
	}
	sqlite3_finalize(stmt);
	*out = v;
	*n = len;
	return st;
}

/* Free what store_signature_records loaded. */
void
store_signature_records_free(struct rv_signature_record *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(v[i].device);
	free(v);
}
