/*
 * Plans in the store.  A plan is kept as the JSON text it was imported
 * from, which plan_parse() validated; loading parses it again.  Replacing
 * a plan may not change the terms of a question that already has answers
 * (its kind, matter, scope or options), nor narrow its voting window, nor
 * move the window of a question that has closed: those answers were
 * given to the question as it stood, and re-reading them under other
 * terms would fake the residents' consent.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "store-int.h"

/* Does question q of estate_id have any stored answer? */
static enum rv_status
question_answered(struct store *s, const char *estate_id, const char *q,
    int *answered, char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;
	int		 rc;

	if ((st = store_prepare(s, "SELECT 1 FROM answer WHERE estate_id = ? "
	    "AND question_id = ? LIMIT 1", &stmt, cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, estate_id);
	store_bind_text(stmt, 2, q);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		*answered = rc == SQLITE_ROW;
	else
		st = store_fail(s, cause, "read answers");
	sqlite3_finalize(stmt);
	return st;
}

/*
 * Refuse to replace old by new when a question with answers is gone from
 * new or has other terms there.
 */
static enum rv_status
plan_check_answered(struct store *s, const struct rv_plan *old,
    const struct rv_plan *new, char **cause)
{
	const struct rv_question *oq, *nq;
	enum rv_status	 st;
	size_t		 i, j;
	int		 answered = 0;

	for (i = 0; i < old->nquestions; i++) {
		oq = &old->questions[i];
		if ((st = question_answered(s, old->estate_id, oq->id,
		    &answered, cause)) != RV_OK)
			return st;
		if (!answered)
			continue;
		nq = NULL;
		for (j = 0; j < new->nquestions; j++) {
			if (strcmp(new->questions[j].id, oq->id) == 0)
				nq = &new->questions[j];
		}
		if (nq == NULL)
			return rv_fail(cause, RV_EINPUT, "plan of %s: question "
			    "'%s' already has answers and cannot be removed",
			    old->estate_id, oq->id);
		if (!question_same_terms(oq, nq))
			return rv_fail(cause, RV_EINPUT, "plan of %s: question "
			    "'%s' already has answers; its kind, matter, "
			    "scope and options cannot change", old->estate_id,
			    oq->id);
		/*
		 * Answers given inside the window must stay inside it, and
		 * a closed question's result is final.
		 */
		if (nq->opens > oq->opens || nq->closes < oq->closes ||
		    (oq->closes < time_now() && (nq->opens != oq->opens ||
		    nq->closes != oq->closes)))
			return rv_fail(cause, RV_EINPUT, "plan of %s: question "
			    "'%s' already has answers; its voting window can "
			    "only be widened, and not at all once it has "
			    "closed", old->estate_id, oq->id);
	}
	return RV_OK;
}

/*
 * Store plan (validated, and checked against the estate's roster) with
 * the JSON source it came from, replacing the estate's earlier plan.
 * Runs inside the caller's transaction.
 */
enum rv_status
store_plan_put(struct store *s, const struct rv_plan *plan, const char *src,
    size_t len, char **cause)
{
	sqlite3_stmt	*stmt;
	struct rv_plan	*old = NULL;
	enum rv_status	 st;

	if ((st = store_plan_load(s, plan->estate_id, &old, cause)) != RV_OK)
		return st;
	if (old != NULL) {
		st = plan_check_answered(s, old, plan, cause);
		plan_free(old);
		if (st != RV_OK)
			return st;
	}
	if ((st = store_prepare(s, "INSERT INTO plan (estate_id, source, "
	    "version, imported_at) VALUES (?1, ?2, 1, ?3) "
	    "ON CONFLICT (estate_id) DO UPDATE SET source = ?2, "
	    "version = version + 1, imported_at = ?3", &stmt,
	    cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, plan->estate_id);
	sqlite3_bind_text(stmt, 2, src, (int)len, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, time_now());
	st = store_step_done(s, stmt, "store plan", cause);
	sqlite3_finalize(stmt);
	return st;
}

/* Load the plan of an estate; *out is NULL when it has none. */
enum rv_status
store_plan_load(struct store *s, const char *estate_id, struct rv_plan **out,
    char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;
	char		*name;
	int		 rc;

	*out = NULL;
	if ((st = store_prepare(s, "SELECT source FROM plan WHERE "
	    "estate_id = ?", &stmt, cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, estate_id);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		xasprintf(&name, "%s: plan of %s", s->path, estate_id);
		st = plan_parse(name, (const char *)sqlite3_column_text(stmt,
		    0), (size_t)sqlite3_column_bytes(stmt, 0), out, cause);
		free(name);
	} else if (rc != SQLITE_DONE)
		st = store_fail(s, cause, "read plan");
	sqlite3_finalize(stmt);
	return st;
}

/* The JSON source of an estate's plan; *src is NULL when it has none. */
enum rv_status
store_plan_source(struct store *s, const char *estate_id, char **src,
    char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;
	int		 rc;

	*src = NULL;
	if ((st = store_prepare(s, "SELECT source FROM plan WHERE "
	    "estate_id = ?", &stmt, cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, estate_id);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		*src = store_column_strdup(stmt, 0);
	else if (rc != SQLITE_DONE)
		st = store_fail(s, cause, "read plan");
	sqlite3_finalize(stmt);
	return st;
}
