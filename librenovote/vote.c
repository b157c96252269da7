/*
 * What a kiosk checks before it records an answer or a pledge, offline,
 * against the package it holds: the flat exists, the code matches its
 * hash, the question is open by the kiosk's clock, the flat is in the
 * question's scope and the choice is one the question has.  Messages are
 * written for the resident standing at the kiosk.
 *
 * Wrong codes are counted per flat in the store; the fifth in a row locks
 * the flat for RV_LOCKOUT_MS and appends a lockout record to the chain,
 * so the committee sees every lock.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store.h"



/*
 * May flat_id answer question_id with choice at time now?  The checks
 * need no secret, so they run before the code is tried.
 */
enum rv_status
vote_check_answer(const struct rv_estate *e, const struct rv_plan *p,
    const char *flat_id, const char *question_id, const char *choice,
    rv_ms now, char **cause)
{
	const struct rv_question *q;
	const struct rv_flat	*f;
	char			 t[RV_TIME_MAX];
	uint32_t		 c;
	size_t			 i, len;
	char			*list, *at, *why = NULL;

	if ((f = estate_find_flat(e, flat_id)) == NULL)
		return rv_fail(cause, RV_EINPUT, _("there is no flat %s in %s"),
		    flat_id, e->name);
	if ((q = plan_question(p, question_id)) == NULL)
		return rv_fail(cause, RV_EINPUT, _("there is no question %s in "
		    "the plan of %s"), question_id, e->name);
	if (now < q->opens) {
		time_format(q->opens, RV_CST_OFFSET, t, sizeof t);
		return rv_fail(cause, RV_EINPUT, _("question %s is not open "
		    "yet: voting starts %s"), q->id, t);
	}
	if (now > q->closes) {
		time_format(q->closes, RV_CST_OFFSET, t, sizeof t);
		return rv_fail(cause, RV_EINPUT, _("question %s closed at %s; "
		    "answers are no longer taken"), q->id, t);
	}
	if (!estate_flat_in_scope(f, q) && q->scope_entrance != NULL)
		return rv_fail(cause, RV_EINPUT, _("question %s is only for "
		    "building %s entrance %s; flat %s is not there"), q->id,
		    q->scope_building, q->scope_entrance, flat_id);
	if (!estate_flat_in_scope(f, q))
		return rv_fail(cause, RV_EINPUT, _("question %s is only for "
		    "building %s; flat %s is not there"), q->id,
		    q->scope_building, flat_id);
	if (!question_decides(q)) {
		/* several picks, or a step: the encoding says what is wrong */
		if (question_choice_encode(q, choice, &c, &why) == 0)
			return RV_OK;
		rv_fail(cause, RV_EINPUT, "%s", why);
		free(why);
		return RV_EINPUT;
	}
	if (question_choice_parse(q, choice, &c) == 0)
		return RV_OK;
	for (i = 0, len = 0; i < question_nchoices(q); i++)
		len += strlen(question_choice_id(q, (uint32_t)i)) + 2;
	list = at = xmalloc(len + 1);
	*at = '\0';
	for (i = 0; i < question_nchoices(q); i++)
		at += sprintf(at, "%s%s", i > 0 ? ", " : "",
		    question_choice_id(q, (uint32_t)i));
	rv_fail(cause, RV_EINPUT, _("'%s' is not a choice of question %s "
	    "(choose one of: %s)"), choice, q->id, list);
	free(list);
	return RV_EINPUT;
}

/* May flat_id sign pledge_id (with amount_fen, -1 for none)? */
enum rv_status
vote_check_pledge(const struct rv_estate *e, const struct rv_plan *p,
    const char *flat_id, const char *pledge_id, int64_t amount_fen,
    char **cause)
{
	const struct rv_pledge	*g;

	if (estate_find_flat(e, flat_id) == NULL)
		return rv_fail(cause, RV_EINPUT, _("there is no flat %s in %s"),
		    flat_id, e->name);
	if ((g = plan_pledge(p, pledge_id)) == NULL)
		return rv_fail(cause, RV_EINPUT, _("there is no pledge %s in "
		    "the plan of %s"), pledge_id, e->name);
	if (amount_fen >= 0 && !g->amount)
		return rv_fail(cause, RV_EINPUT, _("pledge %s does not take a "
		    "contribution amount"), pledge_id);
	return RV_OK;
}

/*
 * May flat_id leave the suggestion text (len bytes), written down by
 * taken_by (NULL: typed by the resident)?  The text follows the rules of
 * a plan text but is at most RV_SUGGESTION_MAX bytes; taken_by must be
 * one of the plan's committee, as a proxy's witness is (p may be NULL
 * when taken_by is: a paper form names no committee member).
 */
enum rv_status
vote_check_suggestion(const struct rv_estate *e, const struct rv_plan *p,
    const char *flat_id, const char *text, const char *taken_by,
    char **cause)
{
	size_t		 len = strlen(text), at, i;
	unsigned	 cp;

	if (estate_find_flat(e, flat_id) == NULL)
		return rv_fail(cause, RV_EINPUT, _("there is no flat %s in %s"),
		    flat_id, e->name);
	if (len == 0)
		return rv_fail(cause, RV_EINPUT, "%s", _("the suggestion is "
		    "empty"));
	if (len > RV_SUGGESTION_MAX)
		return rv_fail(cause, RV_EINPUT, _("the suggestion is %zu "
		    "bytes, longer than %d"), len, RV_SUGGESTION_MAX);
	if (!utf8_valid(text, len))
		return rv_fail(cause, RV_EINPUT, "%s", _("the suggestion is "
		    "not valid UTF-8"));
	if (text_control_find(text, len, &at, &cp))
		return rv_fail(cause, RV_EINPUT, _("the suggestion has control "
		    "character U+%04X at byte %zu (only newlines are "
		    "allowed)"), cp, at);
	if (taken_by == NULL)
		return RV_OK;
	for (i = 0; i < p->ncommittee; i++) {
		if (strcmp(p->committee[i], taken_by) == 0)
			return RV_OK;
	}
	return rv_fail(cause, RV_EINPUT, _("'%s' is not a committee member "
	    "in the plan of %s"), taken_by, e->name);
}

/*
 * Check the voting code typed for flat_id at time now, on device.  The
 * whole check runs in one write transaction, so parallel attempts on one
 * kiosk are serialised and every wrong code is counted: a locked flat is
 * refused without trying the code; a wrong code is counted, and the
 * RV_LOCKOUT_FAILURES-th locks the flat for RV_LOCKOUT_MS together with a
 * lockout record in the chain; a right code clears the count.
 *
 * On success the write transaction stays open: the caller records the
 * resident's answer in it and commits (or rolls back), so the cleared
 * count and the answer stand or fall together.
 */
enum rv_status
vote_identify(struct store *s, const struct rv_estate *e,
    const char *flat_id, const char *code, rv_ms now, const char *device,
    char **cause)
{
	struct store_appender *a = NULL;
	struct rv_record rec;
	struct rv_head	 head;
	char		 hash[RV_CODE_HASH_MAX], t[RV_TIME_MAX];
	int		 failures, ok;
	rv_ms		 until;
	enum rv_status	 st;

	if (estate_find_flat(e, flat_id) == NULL)
		return rv_fail(cause, RV_EINPUT, _("there is no flat %s in %s"),
		    flat_id, e->name);
	if ((st = store_begin(s, cause)) != RV_OK)
		return st;
	if ((st = store_lockout_get(s, e->id, flat_id, &failures, &until,
	    cause)) != RV_OK)
		goto fail;
	if (until > now) {
		time_format(until, RV_CST_OFFSET, t, sizeof t);
		st = rv_fail(cause, RV_EINPUT, _("flat %s is locked after %d "
		    "wrong voting codes until %s; please ask the committee "
		    "staff"), flat_id, RV_LOCKOUT_FAILURES, t);
		goto fail;
	}
	if ((st = store_code_hash(s, e->id, flat_id, hash, sizeof hash,
	    cause)) != RV_OK)
		goto fail;
	if ((ok = code_verify(code, hash)) < 0) {
		st = rv_fail(cause, RV_EENV, "the stored code of flat %s is "
		    "damaged", flat_id);
		goto fail;
	}
	if (ok) {
		/* The caller records in this transaction and commits. */
		if (failures != 0 && (st = store_lockout_put(s, e->id,
		    flat_id, 0, 0, cause)) != RV_OK)
			goto fail;
		return RV_OK;
	}

	failures++;
	until = failures >= RV_LOCKOUT_FAILURES ? now + RV_LOCKOUT_MS : 0;
	if ((st = store_lockout_put(s, e->id, flat_id, until != 0 ? 0 :
	    failures, until, cause)) != RV_OK)
		goto fail;
	if (until != 0) {
		memset(&rec, 0, sizeof rec);
		rec.type = RV_REC_LOCKOUT;
		rec.device = (char *)device;
		rec.time = now;
		rec.estate_id = e->id;
		rec.flat_id = (char *)flat_id;
		rec.until = until;
		if ((st = store_ledger_head(s, device, &head, cause)) != RV_OK ||
		    (st = store_appender_open(s, &a, cause)) != RV_OK ||
		    (st = chain_append(a, &head, &rec, cause)) != RV_OK)
			goto fail;
		store_appender_close(a);
		a = NULL;
	}
	if ((st = store_commit(s, cause)) != RV_OK)
		return st;
	if (until == 0)
		return rv_fail(cause, RV_EINPUT, _("wrong voting code for flat "
		    "%s (%d more tries before the flat is locked)"), flat_id,
		    RV_LOCKOUT_FAILURES - failures);
	time_format(until, RV_CST_OFFSET, t, sizeof t);
	return rv_fail(cause, RV_EINPUT, _("wrong voting code for flat %s; "
	    "after %d wrong codes the flat is locked until %s"), flat_id,
	    RV_LOCKOUT_FAILURES, t);
fail:
	store_appender_close(a);
	store_rollback(s);
	return st;
}
