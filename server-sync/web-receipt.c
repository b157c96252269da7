/*
 * /r/<receipt> and /api/r/<receipt>: a resident checks that their answer
 * or pledge is recorded as cast and whether it is the one counted.  The
 * page names the estate, the flat (never the owner), the question and
 * the choice, when and where it was cast, and one verdict:
 *
 *   counted        the answer that stands for its owner (or a pledge
 *                  signature, which counts its flat)
 *   superseded     a later answer of the same owner stands instead
 *   window         cast outside the question's window: kept, not counted
 *   codes          made with voting codes re-issued since: kept, not counted
 *   voided         its kiosk was revoked with --void
 *   gone           its flat, question or pledge is no longer in the roster
 *                  or plan
 *   scope          its flat is outside the question's scope
 *   later          cast after the instant of the tally
 *
 * "Stands" is the consent engine's rule (tally.c, domain.md): among the
 * owner's counted answers the greatest cast_at, then device name, then
 * seq.  Everything is read in one snapshot.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "office.h"
#include "web-int.h"

enum verdict {
	V_COUNTED,
	V_SUPERSEDED,
	V_WINDOW,
	V_CODES,
	V_VOIDED,
	V_GONE,
	V_SCOPE,
	V_LATER
};

static const char *verdict_names[] = { "counted", "superseded",
    "outside-window", "superseded-codes", "voided", "not-in-plan",
    "out-of-scope", "after-tally" };

/* What the snapshot says about one receipt. */
struct check {
	struct rv_receipt	 rc;
	struct rv_estate	*estate;
	struct rv_plan		*plan;
	const struct rv_question *question;
	const struct rv_pledge	*pledge;
	ssize_t			 flat;
	rv_ms			 cast_at;
	enum verdict		 verdict;
	struct rv_answer	 standing;	/* V_SUPERSEDED: what stands */
	char			*standing_device;
};

/* Does answer a stand over b?  The order of tally.c's answer_later. */
static int
stands_over(const struct rv_answer *a, const struct rv_answer *b)
{
	int	 c;

	if (a->cast_at != b->cast_at)
		return a->cast_at > b->cast_at;
	if ((c = strcmp(a->device, b->device)) != 0)
		return c > 0;
	return a->seq > b->seq;
}

/*
 * The answer that stands for the owner of flat fi among answers, NULL
 * when none counts: same owner, flat in scope, choice valid, inside the
 * window, cast by now.
 */
static const struct rv_answer *
standing_answer(const struct check *k, const struct rv_answers *all,
    rv_ms now)
{
	const struct rv_estate		*e = k->estate;
	const struct rv_question	*q = k->question;
	const struct rv_answer		*a, *best = NULL;
	uint32_t			 owner = e->flats[k->flat].owner;
	size_t				 i;

	for (i = 0; i < all->n; i++) {
		a = &all->v[i];
		if (a->flat >= e->nflats || e->flats[a->flat].owner != owner ||
		    !flat_in_scope(&e->flats[a->flat], q) ||
		    a->choice >= question_nchoices(q) ||
		    a->cast_at < q->opens || a->cast_at > q->closes ||
		    a->cast_at > now)
			continue;
		if (best == NULL || stands_over(a, best))
			best = a;
	}
	return best;
}

/* Decide an answer's verdict, loading the question's answers. */
static enum rv_status
judge_answer(struct store *s, struct check *k, rv_ms now, char **cause)
{
	const struct rv_record	*rec = &k->rc.record;
	const struct rv_answer	*best;
	struct rv_answers	 all;
	uint32_t		 choice;
	enum rv_status		 st;

	if (k->plan == NULL || (k->question = plan_question(k->plan,
	    rec->subject_id)) == NULL || k->flat < 0 ||
	    question_choice_parse(k->question, rec->choice, &choice) != 0) {
		k->verdict = V_GONE;
		return RV_OK;
	}
	if (!flat_in_scope(&k->estate->flats[k->flat], k->question)) {
		k->verdict = V_SCOPE;
		return RV_OK;
	}
	if (k->cast_at < k->question->opens ||
	    k->cast_at > k->question->closes) {
		k->verdict = V_WINDOW;
		return RV_OK;
	}
	if (k->cast_at > now) {
		k->verdict = V_LATER;
		return RV_OK;
	}
	if ((st = store_answers_load(s, k->estate, k->question, &all,
	    cause)) != RV_OK)
		return st;
	best = standing_answer(k, &all, now);
	if (best != NULL && strcmp(best->device, rec->device) == 0 &&
	    best->seq == rec->seq)
		k->verdict = V_COUNTED;
	else if (best != NULL) {
		k->verdict = V_SUPERSEDED;
		k->standing = *best;
		k->standing_device = xstrdup(best->device);
		k->standing.device = k->standing_device;
	} else
		k->verdict = V_GONE;
	answers_clear(&all);
	return RV_OK;
}

/*
 * Look the receipt up and judge it, all in one read transaction.
 * *found is 0 for an unknown receipt or a record that is not a
 * resident's (a package load, a lockout).
 */
static enum rv_status
check_load(struct store *s, const char *receipt, rv_ms now, struct check *k,
    int *found, char **cause)
{
	const struct rv_record	*rec = &k->rc.record;
	enum rv_status		 st;

	if ((st = store_begin_read(s, cause)) != RV_OK)
		return st;
	if ((st = store_receipt_find(s, receipt, &k->rc, found, cause)) != RV_OK ||
	    !*found)
		goto out;
	if (rec->type != RV_REC_ANSWER && rec->type != RV_REC_BALLOT &&
	    rec->type != RV_REC_PLEDGE) {
		*found = 0;
		goto out;
	}
	k->cast_at = rec->type == RV_REC_BALLOT ? rec->cast_at : rec->time;
	k->flat = -1;
	if ((st = store_estate_load(s, rec->estate_id, &k->estate,
	    cause)) == RV_EINPUT) {
		/* The estate is gone from the roster. */
		free(*cause);
		*cause = NULL;
		k->verdict = V_GONE;
		st = RV_OK;
		goto out;
	}
	if (st != RV_OK ||
	    (st = store_plan_load(s, rec->estate_id, &k->plan, cause)) != RV_OK)
		goto out;
	k->flat = estate_flat_index(k->estate, rec->flat_id);
	if (k->rc.voided)
		k->verdict = V_VOIDED;
	else if (!k->rc.counted_row)
		k->verdict = V_CODES;
	else if (rec->type != RV_REC_PLEDGE)
		st = judge_answer(s, k, now, cause);
	else if (k->plan == NULL || (k->pledge = plan_pledge(k->plan,
	    rec->subject_id)) == NULL || k->flat < 0)
		k->verdict = V_GONE;
	else
		k->verdict = k->cast_at > now ? V_LATER : V_COUNTED;
	if (rec->type == RV_REC_PLEDGE && k->plan != NULL)
		k->pledge = plan_pledge(k->plan, rec->subject_id);
	else if (k->plan != NULL)
		k->question = plan_question(k->plan, rec->subject_id);
out:
	store_rollback(s);
	return st;
}

/* Free what check_load loaded; the struct itself is the caller's. */
static void
check_clear(struct check *k)
{
	receipt_clear(&k->rc);
	estate_free(k->estate);
	plan_free(k->plan);
	free(k->standing_device);
}

/* The verdict in words. */
static const char *
verdict_text(enum verdict v)
{
	switch (v) {
	case V_COUNTED:
		return _("Counted: this is the answer that stands for its "
		    "owner.");
	case V_SUPERSEDED:
		return _("Recorded but not counted: a later answer of the same "
		    "owner stands instead.");
	case V_WINDOW:
		return _("Recorded but not counted: it was cast outside the "
		    "question's voting period.");
	case V_CODES:
		return _("Recorded but not counted: it was made with voting "
		    "codes that have been re-issued since.");
	case V_VOIDED:
		return _("Recorded but not counted: the office voided its "
		    "kiosk.");
	case V_GONE:
		return _("Recorded but not counted: its flat, question or "
		    "pledge is no longer in the roster or plan.");
	case V_SCOPE:
		return _("Recorded but not counted: the flat is outside the "
		    "question's scope.");
	case V_LATER:
		return _("Recorded; it will count from its time of casting.");
	}
	return "";
}

/* The kind of record in words. */
static const char *
kind_text(enum rv_record_type t)
{
	if (t == RV_REC_BALLOT)
		return _("paper ballot entered at the office");
	if (t == RV_REC_PLEDGE)
		return _("willingness pledge");
	return _("answer at a kiosk");
}

/* One term of the record's description list, the value escaped. */
static void
put_dd(FILE *f, const char *term, const char *value)
{
	fprintf(f, "<dt>%s</dt><dd>", term);
	html_put(f, value);
	fputs("</dd>\n", f);
}

/* The receipt page for a record found. */
static void
receipt_html(struct web_page *p, const struct check *k)
{
	const struct rv_record	*rec = &k->rc.record;
	FILE			*f = p->f;
	char			 m[32];
	uint32_t		 c;

	web_head(p, k->rc.receipt);
	fprintf(f, "<header>\n<h1>%s <small>%s</small></h1>\n</header>\n"
	    "<main>\n<p class=\"verdict %s\">%s</p>\n<dl class=\"record\">\n",
	    _("Receipt"), k->rc.receipt, k->verdict == V_COUNTED ?
	    "counted" : "not-counted", verdict_text(k->verdict));
	put_dd(f, _("recorded as"), kind_text(rec->type));
	fprintf(f, "<dt>%s</dt><dd>", _("estate"));
	if (k->estate != NULL) {
		html_put(f, k->estate->name);
		fputs(" ", f);
	}
	html_put(f, rec->estate_id);
	fputs("</dd>\n", f);
	put_dd(f, _("flat"), rec->flat_id);
	if (rec->type == RV_REC_PLEDGE) {
		fprintf(f, "<dt>%s</dt><dd>", _("pledge"));
		if (k->pledge != NULL) {
			html_put(f, text_get(&k->pledge->text, p->loc));
			fputs(" ", f);
		}
		html_put(f, rec->subject_id);
		fputs("</dd>\n", f);
		if (rec->amount_fen >= 0) {
			money_format(rec->amount_fen, m, sizeof m);
			fprintf(f, "<dt>%s</dt><dd>%s</dd>\n",
			    _("contribution (yuan)"), m);
		}
	} else {
		fprintf(f, "<dt>%s</dt><dd>", _("question"));
		if (k->question != NULL) {
			html_put(f, text_get(&k->question->title, p->loc));
			fputs(" ", f);
		}
		html_put(f, rec->subject_id);
		fprintf(f, "</dd>\n<dt>%s</dt><dd>", _("choice"));
		if (k->question != NULL && question_choice_parse(k->question,
		    rec->choice, &c) == 0)
			html_put(f, web_choice_label(k->question, c, p->loc));
		else
			html_put(f, rec->choice);
		fputs("</dd>\n", f);
	}
	fprintf(f, "<dt>%s</dt><dd>", _("cast at"));
	web_put_time(f, k->cast_at);
	fputs("</dd>\n", f);
	put_dd(f, rec->type == RV_REC_BALLOT ? _("entered by") : _("kiosk"),
	    rec->type == RV_REC_BALLOT && rec->actor != NULL ? rec->actor :
	    rec->device);
	if (k->verdict == V_SUPERSEDED) {
		fprintf(f, "<dt>%s</dt><dd>", _("the answer that stands was "
		    "cast at"));
		web_put_time(f, k->standing.cast_at);
		fputs(" (", f);
		html_put(f, k->standing.device);
		fputs(")</dd>\n", f);
	}
	fputs("</dl>\n</main>\n", f);
	web_foot(p, p->now);
}

/* The receipt as JSON. */
static void
receipt_json(FILE *f, const struct check *k)
{
	const struct rv_record	*rec = &k->rc.record;
	char			 t[RV_TIME_MAX], m[32];

	fprintf(f, "{\"receipt\": \"%s\", \"type\": \"%s\", \"estate_id\": ",
	    k->rc.receipt, rec->type == RV_REC_PLEDGE ? "pledge" :
	    rec->type == RV_REC_BALLOT ? "ballot" : "answer");
	json_put_string(f, rec->estate_id);
	fputs(", \"flat_id\": ", f);
	json_put_string(f, rec->flat_id);
	fprintf(f, ", \"%s\": ", rec->type == RV_REC_PLEDGE ? "pledge_id" :
	    "question_id");
	json_put_string(f, rec->subject_id);
	if (rec->type == RV_REC_PLEDGE) {
		money_format(rec->amount_fen, m, sizeof m);
		fprintf(f, ", \"amount_yuan\": %s", rec->amount_fen >= 0 ? m :
		    "null");
	} else {
		fputs(", \"choice\": ", f);
		json_put_string(f, rec->choice);
	}
	web_time(t, sizeof t, k->cast_at);
	fprintf(f, ", \"cast_at\": \"%s\", \"device\": ", t);
	json_put_string(f, rec->device);
	fprintf(f, ", \"counted\": %s, \"status\": \"%s\"",
	    k->verdict == V_COUNTED ? "true" : "false",
	    verdict_names[k->verdict]);
	if (k->verdict == V_SUPERSEDED) {
		web_time(t, sizeof t, k->standing.cast_at);
		fprintf(f, ", \"standing\": {\"cast_at\": \"%s\", \"device\": ",
		    t);
		json_put_string(f, k->standing.device);
		fputc('}', f);
	}
	fputs("}\n", f);
}

/*
 * Write the receipt page (or JSON) for receipt into p; *found is 0 when
 * the office holds no resident's record with it, and the page then says
 * so (the caller answers 404).
 */
enum rv_status
web_receipt(struct store *s, const char *receipt, rv_ms now,
    struct web_page *p, int json, int *found, char **cause)
{
	struct check	 k;
	enum rv_status	 st;
	const char	*msg;

	memset(&k, 0, sizeof k);
	if ((st = check_load(s, receipt, now, &k, found, cause)) != RV_OK)
		goto out;
	if (*found) {
		if (json)
			receipt_json(p->f, &k);
		else
			receipt_html(p, &k);
		goto out;
	}
	msg = _("No answer or pledge with this receipt is recorded at the "
	    "office yet.  Kiosks send what they record when they sync: try "
	    "again later, or ask at the community hall.");
	if (json) {
		fputs("{\"error\": ", p->f);
		json_put_string(p->f, msg);
		fputs("}\n", p->f);
		goto out;
	}
	web_head(p, _("Receipt not found"));
	fprintf(p->f, "<header>\n<h1>%s</h1>\n</header>\n<main>\n"
	    "<p class=\"verdict not-counted\">", _("Receipt not found"));
	html_put(p->f, receipt);
	fprintf(p->f, "</p>\n<p>%s</p>\n</main>\n", msg);
	web_foot(p, now);
out:
	check_clear(&k);
	return st;
}
