/*
 * The evaluation report (考评) of the cluster for the district: for every
 * estate of the office database, what the province checks (see
 * ../shared/seeds/zhejiang-evaluation-news-2021.txt: were residents
 * consulted before the renovation, was the plan published): when the
 * residents were asked what they need (the needs survey, 征求意见) and
 * how many flats answered, when the vote ran (question windows, first
 * and last answer), how many owners took part, the questions decided,
 * the pledge rate, when the results were published, the objections and
 * how they were answered, and the residents' ratings of the works and
 * of the property service.  The same figures as HTML for reading and CSV
 * for the district's sheets.
 *
 * Definitions.  owners_answered counts the distinct roster owners with
 * at least one answer row to any question (kept rows only: superseded
 * codes and voided kiosks are out); the pledge figures are those of the
 * estate's first pledge; approved counts approved and adopted questions,
 * rejected counts rejected and no-option ones, of the questions put to
 * the vote (stage vote, which decide).  The survey's flats answered are
 * those of its question answered by the most flats (the tally's
 * participating flats); its most wanted items are the first three of its
 * first question that picks options, in the order of the demand.  The
 * acceptance figure is that of the rating of the whole works (the
 * acceptance question naming no item); the service figure that of the
 * latest period, beside the one before.
 */

#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "office.h"
#include "web-int.h"

/* One estate's row of the report. */
struct eval_row {
	const struct rv_estate		*estate;
	size_t				 questions;
	rv_ms				 opens, closes;
	struct rv_answer_span		 span;
	size_t				 approved, rejected, not_quorate, open;
	const struct rv_report_pledge	*pledge;
	rv_ms				 preliminary, objections_until, final;
	size_t				 objections, resolved;
	struct rv_report_extra		 x;	/* the objections' words */
	size_t				 survey;	/* survey questions */
	rv_ms				 survey_opens, survey_closes;
	int64_t				 survey_flats, survey_answered;
	const struct rv_report_question	*survey_picks;	/* its first */
	const struct rv_report_question	*accept_all;	/* the whole works */
	const struct rv_report_question	**service;	/* in plan order */
	size_t				 nservice;
};

/* Most wanted items the comparison names. */
#define EVAL_WANTED	3

static void	 eval_putf(FILE *, const char *, ...) RV_PRINTF(2, 3);

static const char *eval_cols[] = {
	"estate_id", "estate_name", "flats", "owners", "questions",
	"first_opens", "last_closes", "first_answer", "last_answer",
	"answers", "owners_answered", "owner_participation_pct",
	"questions_approved", "questions_rejected", "questions_not_quorate",
	"questions_open", "pledge_id", "pledge_signed_flats", "pledge_flats",
	"pledge_rate_pct", "pledge_met", "preliminary_published",
	"objections_until", "final_published", "objections",
	"objections_resolved", "property_management", "maintenance_fund",
	"needs_survey_opens", "needs_survey_closes", "needs_flats",
	"needs_flats_answered", "needs_most_wanted", "acceptance_mean",
	"acceptance_answers", "service_period", "service_mean",
	"service_previous_mean"
};

/*
 * Count rq, a question of the cycle around the vote (survey, acceptance,
 * service), into its estate's row.
 */
static void
eval_gather_cycle(const struct rv_report_question *rq, struct eval_row *row)
{
	const struct rv_question	*q = rq->question;
	const struct rv_opinion		*op = &rq->result.opinion;

	switch (q->stage) {
	case RV_STAGE_SURVEY:
		if (row->survey++ == 0 || q->opens < row->survey_opens)
			row->survey_opens = q->opens;
		if (q->closes > row->survey_closes)
			row->survey_closes = q->closes;
		if (op->participating.flats >= row->survey_answered) {
			row->survey_answered = op->participating.flats;
			row->survey_flats = op->eligible.flats;
		}
		if (row->survey_picks == NULL && q->kind != RV_RATING)
			row->survey_picks = rq;
		break;
	case RV_STAGE_ACCEPTANCE:
		if (row->accept_all == NULL && q->nitems == 0)
			row->accept_all = rq;
		break;
	case RV_STAGE_SERVICE:
		row->service[row->nservice++] = rq;
		break;
	case RV_STAGE_VOTE:
		break;
	}
}

/* Gather one estate's row from the report and the store. */
static enum rv_status
eval_gather(struct store *s, const struct rv_report *r, size_t ei,
    struct eval_row *row, char **cause)
{
	const struct rv_estate	*e = r->estates[ei];
	struct rv_report_extra	 x;
	size_t			 i;
	enum rv_status		 st;

	memset(row, 0, sizeof *row);
	row->estate = e;
	row->service = xcalloc(r->nquestions + 1, sizeof *row->service);
	for (i = 0; i < r->nquestions; i++) {
		const struct rv_report_question *rq = &r->questions[i];

		if (rq->estate != e)
			continue;
		if (rq->question->stage != RV_STAGE_VOTE) {
			eval_gather_cycle(rq, row);
			continue;
		}
		if (row->questions++ == 0 || rq->question->opens < row->opens)
			row->opens = rq->question->opens;
		if (rq->question->closes > row->closes)
			row->closes = rq->question->closes;
		switch (rq->result.outcome) {
		case RV_OUT_APPROVED:
		case RV_OUT_ADOPTED:
			row->approved++;
			break;
		case RV_OUT_REJECTED:
		case RV_OUT_NO_OPTION:
			row->rejected++;
			break;
		case RV_OUT_NOT_QUORATE:
			row->not_quorate++;
			break;
		case RV_OUT_CLOSED:
			/* an opinion asked and closed decides nothing */
			break;
		default:
			row->open++;
		}
	}
	for (i = 0; i < r->npledges && row->pledge == NULL; i++) {
		if (r->pledges[i].estate == e)
			row->pledge = &r->pledges[i];
	}
	if ((st = report_extra_read(s, e->id, &x, cause)) != RV_OK)
		return st;
	row->span = x.span;
	for (i = 0; i < x.npubs; i++) {
		if (x.pubs[i].final)
			row->final = x.pubs[i].published_at;
		else {
			row->preliminary = x.pubs[i].published_at;
			row->objections_until = x.pubs[i].objections_until;
		}
	}
	row->objections = x.nobjections;
	for (i = 0; i < x.nobjections; i++)
		row->resolved += x.objections[i].resolved_at != 0;
	row->x = x;
	return st;
}

/* Free what eval_gather kept in row. */
static void
eval_row_clear(struct eval_row *row)
{
	report_extra_clear(&row->x);
	free(row->service);
}

/*
 * The question of topic t among e's questions in r, or NULL: the plan
 * has at most one (plan.c).
 */
static const struct rv_report_question *
eval_topic(const struct rv_report *r, const struct rv_estate *e,
    enum rv_topic t)
{
	size_t	 i;

	for (i = 0; i < r->nquestions; i++) {
		if (r->questions[i].estate == e &&
		    r->questions[i].question->topic == t)
			return &r->questions[i];
	}
	return NULL;
}

/* The option the tally adopted for rq, or NULL (none, or not a choice). */
static const struct rv_option *
eval_adopted(const struct rv_report_question *rq)
{
	const struct rv_question *q = rq->question;

	if (rq->result.outcome != RV_OUT_ADOPTED || rq->result.adopted < 0 ||
	    (size_t)rq->result.adopted >= q->noptions)
		return NULL;
	return &q->options[rq->result.adopted];
}

/*
 * What the topic question rq decided, in words: the option adopted (the
 * property-management mode), else the outcome; "-" for a plan without
 * one.
 */
static void
eval_put_topic(FILE *h, const struct rv_report_question *rq,
    enum rv_locale loc)
{
	const struct rv_option	*o;

	if (rq == NULL)
		html_put(h, _("not in the plan"));
	else if ((o = eval_adopted(rq)) != NULL)
		html_put(h, text_get(&o->title, loc));
	else
		html_put(h, present_outcome_label(rq->result.outcome));
}

/* The machine word of a topic question's result for the CSV. */
static char *
eval_topic_csv(const struct rv_report_question *rq)
{
	const struct rv_option	*o;

	if (rq == NULL)
		return xstrdup("");
	if ((o = eval_adopted(rq)) != NULL)
		return xstrdup(o->id);
	return xstrdup(tally_outcome_name(rq->result.outcome));
}

/* A time for the report: ISO 8601 in CST, or "" when there is none. */
static void
eval_time(char *buf, size_t len, rv_ms t)
{
	if (t == 0)
		buf[0] = '\0';
	else
		web_time(buf, len, t);
}

/* The title of item id of e's plan in r, or id itself. */
static const char *
eval_item_title(const struct rv_report *r, const struct rv_estate *e,
    const char *id, enum rv_locale loc)
{
	const struct rv_plan	*p;
	size_t			 i, k;

	for (i = 0; i < r->nestates; i++) {
		if (r->estates[i] != e || (p = r->plans[i]) == NULL)
			continue;
		for (k = 0; k < p->nitems; k++) {
			if (strcmp(p->items[k].id, id) == 0)
				return text_get(&p->items[k].title, loc);
		}
	}
	return id;
}

/*
 * The first EVAL_WANTED options of the survey question rq that owners
 * picked, most wanted first (demand_order), into want[]; their number.
 */
static size_t
eval_wanted(const struct rv_report_question *rq, size_t *want)
{
	size_t	 order[RV_OPTIONS_MAX], i, n = 0;

	demand_order(rq->question, &rq->result.opinion, order);
	for (i = 0; i < rq->question->noptions && n < EVAL_WANTED; i++) {
		if (rq->result.opinion.options[order[i]].owners > 0)
			want[n++] = order[i];
	}
	return n;
}

/*
 * The needs survey in words: its window, how many flats answered of how
 * many, and the items most wanted; "not held" without one.
 */
static void
eval_put_survey(FILE *h, const struct eval_row *w, enum rv_locale loc)
{
	size_t	 want[EVAL_WANTED], n, i;
	char	 p[16];

	if (w->survey == 0) {
		html_put(h, _("not held"));
		return;
	}
	web_put_time(h, w->survey_opens);
	html_put(h, _(" to "));
	web_put_time(h, w->survey_closes);
	percent_format(w->survey_answered, w->survey_flats, p, sizeof p);
	fputs("<br>", h);
	eval_putf(h, _("%lld of %lld flats answered (%s)"),
	    (long long)w->survey_answered, (long long)w->survey_flats, p);
	if (w->survey_picks == NULL ||
	    (n = eval_wanted(w->survey_picks, want)) == 0)
		return;
	fputs("<br>", h);
	html_put(h, _("most wanted: "));
	for (i = 0; i < n; i++) {
		if (i > 0)
			html_put(h, _(", "));
		html_put(h, text_get(&w->survey_picks->question->options[
		    want[i]].title, loc));
	}
}

/*
 * A rating in words: its mean and how many gave a step, how many said
 * it is not used, and whether it is still open.
 */
static void
eval_put_rating(FILE *h, const struct rv_report_question *rq)
{
	const struct rv_opinion	*op = &rq->result.opinion;
	char			 m[RV_MEAN_TEXT];

	if (tally_mean_format(op, m, sizeof m) != 0)
		html_put(h, _("no rating yet"));
	else
		eval_putf(h, P_("mean %s of %lld rating", "mean %s of %lld "
		    "ratings", op->answers), m, (long long)op->answers);
	if (op->none.owners > 0) {
		html_put(h, _("; "));
		eval_putf(h, P_("%lld not used", "%lld not used",
		    op->none.owners), (long long)op->none.owners);
	}
	if (rq->result.outcome == RV_OUT_OPEN)
		html_put(h, _(" (still open)"));
}

/* The service rating before w->service[i] (opinion_previous), or NULL. */
static const struct rv_report_question *
eval_service_prev(const struct eval_row *w, size_t i)
{
	const struct rv_question	**qs;
	size_t				 j;

	qs = xcalloc(w->nservice + 1, sizeof *qs);
	for (j = 0; j < w->nservice; j++)
		qs[j] = w->service[j]->question;
	j = opinion_previous(qs, w->nservice, i);
	free(qs);
	return j == SIZE_MAX ? NULL : w->service[j];
}

/*
 * The property-service ratings, one line per period with the mean
 * beside the period before and the change; "none yet" without any.
 */
static void
eval_put_service(FILE *h, const struct eval_row *w)
{
	const struct rv_report_question	*prev;
	char				 m[RV_MEAN_TEXT], ch[RV_MEAN_TEXT];
	size_t				 i;

	if (w->nservice == 0) {
		html_put(h, _("none yet"));
		return;
	}
	for (i = 0; i < w->nservice; i++) {
		if (i > 0)
			fputs("<br>", h);
		html_put_nw(h, w->service[i]->question->period);
		html_put(h, _(": "));
		eval_put_rating(h, w->service[i]);
		prev = eval_service_prev(w, i);
		if (prev == NULL || tally_mean_format(&prev->result.opinion,
		    m, sizeof m) != 0)
			continue;
		html_put(h, _("; "));
		if (opinion_change_format(&prev->result.opinion,
		    &w->service[i]->result.opinion, ch, sizeof ch) == 0)
			eval_putf(h, _("%s before (%s), %s"),
			    prev->question->period, m, ch);
	}
}

/* The acceptance ratings of e's works, one line per question. */
static void
eval_put_acceptance(FILE *h, const struct rv_report *r,
    const struct rv_estate *e, enum rv_locale loc)
{
	const struct rv_report_question	*rq;
	size_t				 i, n = 0;

	for (i = 0; i < r->nquestions; i++) {
		rq = &r->questions[i];
		if (rq->estate != e ||
		    rq->question->stage != RV_STAGE_ACCEPTANCE)
			continue;
		if (n++ > 0)
			fputs("<br>", h);
		html_put(h, text_get(&rq->question->title, loc));
		html_put(h, _(" ("));
		html_put(h, rq->question->nitems == 0 ? _("the whole works") :
		    eval_item_title(r, e, rq->question->items[0], loc));
		html_put(h, _("): "));
		eval_put_rating(h, rq);
	}
	if (n == 0)
		html_put(h, _("not asked yet"));
}

/*
 * The objections and how they were answered, without their authors'
 * names (as on the final notice); "none" without any.
 */
static void
eval_put_objections(FILE *h, const struct eval_row *w)
{
	const struct rv_objection	*o;
	size_t				 i;

	eval_putf(h, _("%zu raised, %zu answered"), w->objections,
	    w->resolved);
	for (i = 0; i < w->x.nobjections; i++) {
		o = &w->x.objections[i];
		fputs("<br>", h);
		web_put_time(h, o->received_at);
		html_put(h, _(": "));
		html_put(h, o->text);
		html_put(h, _(" — "));
		if (o->resolved_at == 0) {
			html_put(h, _("not yet answered"));
			continue;
		}
		html_put(h, _("answered "));
		web_put_time(h, o->resolved_at);
		html_put(h, _(": "));
		html_put(h, o->resolution != NULL ? o->resolution : "");
	}
}

/* A rating's mean for the CSV, or "" when there is none. */
static char *
eval_mean_csv(const struct rv_report_question *rq)
{
	char	 m[RV_MEAN_TEXT];

	if (rq == NULL || tally_mean_format(&rq->result.opinion, m,
	    sizeof m) != 0)
		return xstrdup("");
	return xstrdup(m);
}

/*
 * The row's fields of the cycle around the vote (from needs_survey_opens
 * on, in eval_cols order) into v; each is freed by the caller.
 */
static void
eval_cycle_fields(const struct eval_row *w, char **v)
{
	size_t	 want[EVAL_WANTED], n = 0, i, last = SIZE_MAX;
	char	 t[RV_TIME_MAX], *ids, *more;

	eval_time(t, sizeof t, w->survey_opens);
	v[0] = xstrdup(t);
	eval_time(t, sizeof t, w->survey_closes);
	v[1] = xstrdup(t);
	if (w->survey > 0) {
		xasprintf(&v[2], "%lld", (long long)w->survey_flats);
		xasprintf(&v[3], "%lld", (long long)w->survey_answered);
	} else {
		v[2] = xstrdup("");
		v[3] = xstrdup("");
	}
	/* The most wanted option ids, most wanted first, space apart. */
	ids = xstrdup("");
	if (w->survey_picks != NULL)
		n = eval_wanted(w->survey_picks, want);
	for (i = 0; i < n; i++) {
		xasprintf(&more, "%s%s%s", ids, i > 0 ? " " : "",
		    w->survey_picks->question->options[want[i]].id);
		free(ids);
		ids = more;
	}
	v[4] = ids;
	v[5] = eval_mean_csv(w->accept_all);
	if (w->accept_all != NULL)
		xasprintf(&v[6], "%lld",
		    (long long)w->accept_all->result.opinion.answers);
	else
		v[6] = xstrdup("");
	for (i = 0; i < w->nservice; i++) {
		if (last == SIZE_MAX || strcmp(w->service[i]->question->period,
		    w->service[last]->question->period) > 0)
			last = i;
	}
	v[7] = xstrdup(last != SIZE_MAX ?
	    w->service[last]->question->period : "");
	v[8] = eval_mean_csv(last != SIZE_MAX ? w->service[last] : NULL);
	v[9] = eval_mean_csv(last != SIZE_MAX ? eval_service_prev(w, last) :
	    NULL);
}

/*
 * The report's fields of one row as strings, in eval_cols order; each
 * is freed by the caller.
 */
static void
eval_fields(const struct rv_report *r, const struct eval_row *w, char **v)
{
	const struct rv_estate	*e = w->estate;
	char			 t[RV_TIME_MAX], p[16];
	size_t			 i = 0;

	v[i++] = xstrdup(e->id);
	v[i++] = xstrdup(e->name);
	xasprintf(&v[i++], "%zu", e->nflats);
	xasprintf(&v[i++], "%zu", e->nowners);
	xasprintf(&v[i++], "%zu", w->questions);
	eval_time(t, sizeof t, w->opens);
	v[i++] = xstrdup(t);
	eval_time(t, sizeof t, w->closes);
	v[i++] = xstrdup(t);
	eval_time(t, sizeof t, w->span.first);
	v[i++] = xstrdup(t);
	eval_time(t, sizeof t, w->span.last);
	v[i++] = xstrdup(t);
	xasprintf(&v[i++], "%lld", (long long)w->span.answers);
	xasprintf(&v[i++], "%lld", (long long)w->span.owners);
	percent_format(w->span.owners, (int64_t)e->nowners, p, sizeof p);
	p[strcspn(p, "%")] = '\0';
	v[i++] = xstrdup(p);
	xasprintf(&v[i++], "%zu", w->approved);
	xasprintf(&v[i++], "%zu", w->rejected);
	xasprintf(&v[i++], "%zu", w->not_quorate);
	xasprintf(&v[i++], "%zu", w->open);
	if (w->pledge != NULL) {
		const struct rv_presult *pr = &w->pledge->result;

		v[i++] = xstrdup(w->pledge->pledge->id);
		xasprintf(&v[i++], "%lld", (long long)pr->signed_flats);
		xasprintf(&v[i++], "%lld", (long long)pr->flats);
		percent_format(pr->signed_flats, pr->flats, p, sizeof p);
		p[strcspn(p, "%")] = '\0';
		v[i++] = xstrdup(p);
		v[i++] = xstrdup(pr->met ? "yes" : "no");
	} else {
		v[i++] = xstrdup("");
		v[i++] = xstrdup("");
		v[i++] = xstrdup("");
		v[i++] = xstrdup("");
		v[i++] = xstrdup("");
	}
	eval_time(t, sizeof t, w->preliminary);
	v[i++] = xstrdup(t);
	eval_time(t, sizeof t, w->objections_until);
	v[i++] = xstrdup(t);
	eval_time(t, sizeof t, w->final);
	v[i++] = xstrdup(t);
	xasprintf(&v[i++], "%zu", w->objections);
	xasprintf(&v[i++], "%zu", w->resolved);
	v[i++] = eval_topic_csv(eval_topic(r, e, RV_TOPIC_PROPERTY));
	v[i++] = eval_topic_csv(eval_topic(r, e, RV_TOPIC_FUND));
	eval_cycle_fields(w, v + i);
}

/* The question table of one estate in the HTML report. */
static void
eval_questions(FILE *h, const struct rv_report *r, const struct rv_estate *e,
    enum rv_locale loc)
{
	char	 po[16], pa[16];
	size_t	 i;

	fprintf(h, "<table>\n<thead><tr><th>%s</th><th>%s</th><th>%s</th>"
	    "<th>%s</th></tr></thead>\n<tbody>\n", _("question"),
	    _("Participation by owners"), _("Participation by area"),
	    _("result"));
	for (i = 0; i < r->nquestions; i++) {
		const struct rv_report_question *rq = &r->questions[i];

		if (rq->estate != e)
			continue;
		percent_format(rq->result.participating.owners,
		    rq->result.eligible.owners, po, sizeof po);
		percent_format(rq->result.participating.area,
		    rq->result.eligible.area, pa, sizeof pa);
		fputs("<tr><td>", h);
		html_put(h, text_get(&rq->question->title, loc));
		fprintf(h, "</td><td>%s</td><td>%s</td><td>", po, pa);
		html_put(h, present_outcome_label(rq->result.outcome));
		fputs("</td></tr>\n", h);
	}
	fputs("</tbody>\n</table>\n", h);
}

/*
 * Write the text fmt makes, escaped, its numbers and fixed phrases kept
 * on one line (html_put_nw): fmt is a translated message.
 */
static void
eval_putf(FILE *h, const char *fmt, ...)
{
	va_list	 ap;
	char	*text;

	va_start(ap, fmt);
	xvasprintf(&text, fmt, ap);
	va_end(ap);
	html_put_nw(h, text);
	free(text);
}

/* "2026-12-01 08:00" as a <time>, or the word for none. */
static void
eval_put_when(FILE *h, rv_ms t, const char *none)
{
	if (t == 0)
		html_put(h, none);
	else
		web_put_time(h, t);
}

/*
 * The consultation in words: its window, and how many owners answered
 * of how many; "not held" before any question.
 */
static void
eval_put_consulted(FILE *h, const struct eval_row *w)
{
	char	 p[16];

	if (w->questions == 0) {
		html_put(h, _("not held"));
		return;
	}
	web_put_time(h, w->opens);
	html_put(h, _(" to "));
	web_put_time(h, w->closes);
	percent_format(w->span.owners, (int64_t)w->estate->nowners, p,
	    sizeof p);
	fputs("<br>", h);
	eval_putf(h, _("%lld of %zu owners answered (%s)"),
	    (long long)w->span.owners, w->estate->nowners, p);
}

/*
 * The residents' pledge in words: flats signed of all, the share, and
 * whether its threshold is met; "no pledge" for a plan without one.
 */
static void
eval_put_pledge(FILE *h, const struct eval_row *w)
{
	const struct rv_presult	*pr;
	char			 p[16], need[32];

	if (w->pledge == NULL) {
		html_put(h, _("no pledge"));
		return;
	}
	pr = &w->pledge->result;
	percent_format(pr->signed_flats, pr->flats, p, sizeof p);
	present_threshold(&pr->bar, need, sizeof need);
	eval_putf(h, _("%lld of %lld flats signed (%s); %s needed: %s"),
	    (long long)pr->signed_flats, (long long)pr->flats, p, need,
	    pr->met ? _("met") : _("not yet met"));
}

/* The questions decided so far, counted in words. */
static void
eval_put_votes(FILE *h, const struct eval_row *w)
{
	eval_putf(h, _("%zu questions: %zu approved or adopted, %zu rejected, "
	    "%zu not quorate, %zu still open"), w->questions, w->approved,
	    w->rejected, w->not_quorate, w->open);
}

/* Estate w's row of the comparison across estates (eval_compare_open). */
static void
eval_compare_row(FILE *h, const struct rv_report *r, const struct eval_row *w,
    enum rv_locale loc)
{
	fprintf(h, "<tr id=\"c-%s\"><th scope=\"row\">", w->estate->id);
	html_put(h, estate_name(w->estate, loc));
	fputs("</th><td>", h);
	eval_put_survey(h, w, loc);
	fputs("</td><td>", h);
	eval_put_consulted(h, w);
	fputs("</td><td>", h);
	eval_put_when(h, w->preliminary, _("not published"));
	fputs("</td><td>", h);
	eval_put_when(h, w->final, _("not published"));
	fputs("</td><td>", h);
	eval_put_pledge(h, w);
	fputs("</td><td>", h);
	eval_put_topic(h, eval_topic(r, w->estate, RV_TOPIC_PROPERTY), loc);
	fputs("</td><td>", h);
	eval_put_topic(h, eval_topic(r, w->estate, RV_TOPIC_FUND), loc);
	fputs("</td></tr>\n", h);
}

/*
 * The comparison across estates (互看、互比) that opens the report, up
 * to its first row: the estates' rows follow, then eval_compare_close.
 */
static void
eval_compare_open(FILE *h)
{
	fprintf(h, "<section class=\"compare\">\n<h2>%s</h2>\n<table>\n"
	    "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	    "</tr></thead>\n<tbody>\n",
	    _("The estates side by side"), _("estate"),
	    _("needs asked before the plan"),
	    _("residents consulted"), _("plan published"),
	    _("final notice"), _("residents' pledge"),
	    _("property management"), _("maintenance fund"));
}

/* The end of the comparison across estates. */
static void
eval_compare_close(FILE *h)
{
	fputs("</tbody>\n</table>\n</section>\n", h);
}

/* One estate's account: the consultation, vote, pledge, notices. */
static void
eval_estate(FILE *h, const struct rv_report *r, const struct eval_row *w,
    enum rv_locale loc)
{
	fprintf(h, "<section id=\"e-%s\">\n<h2>", w->estate->id);
	html_put(h, estate_name(w->estate, loc));
	fputs(" <small>", h);
	html_put(h, w->estate->id);
	fputs("</small></h2>\n<dl>\n<dt>", h);
	html_put(h, _("Residents"));
	fputs("</dt><dd>", h);
	eval_putf(h, _("%zu flats, %zu owners"), w->estate->nflats,
	    w->estate->nowners);
	fputs("</dd>\n<dt>", h);
	html_put(h, _("Needs survey"));
	fputs("</dt><dd>", h);
	eval_put_survey(h, w, loc);
	fputs("</dd>\n<dt>", h);
	html_put(h, _("Consultation"));
	fputs("</dt><dd>", h);
	eval_put_consulted(h, w);
	if (w->span.answers > 0) {
		fputs("<br>", h);
		eval_putf(h, _("%lld answers, the first "), (long long)
		    w->span.answers);
		web_put_time(h, w->span.first);
		html_put(h, _(", the last "));
		web_put_time(h, w->span.last);
	}
	fputs("</dd>\n<dt>", h);
	html_put(h, _("The vote"));
	fputs("</dt><dd>", h);
	eval_put_votes(h, w);
	fputs("</dd>\n<dt>", h);
	html_put(h, _("Residents' pledge"));
	fputs("</dt><dd>", h);
	if (w->pledge != NULL) {
		html_put(h, text_get(&w->pledge->pledge->text, loc));
		fputs("<br>", h);
	}
	eval_put_pledge(h, w);
	fputs("</dd>\n<dt>", h);
	html_put(h, _("Property management"));
	fputs("</dt><dd>", h);
	eval_put_topic(h, eval_topic(r, w->estate, RV_TOPIC_PROPERTY), loc);
	fputs("</dd>\n<dt>", h);
	html_put(h, _("Maintenance fund"));
	fputs("</dt><dd>", h);
	eval_put_topic(h, eval_topic(r, w->estate, RV_TOPIC_FUND), loc);
	fputs("</dd>\n<dt>", h);
	html_put(h, _("Notices"));
	fputs("</dt><dd>", h);
	html_put(h, _("plan published: "));
	eval_put_when(h, w->preliminary, _("not published"));
	if (w->objections_until != 0) {
		html_put(h, _("; objections until "));
		web_put_time(h, w->objections_until);
	}
	html_put(h, _("; final notice: "));
	eval_put_when(h, w->final, _("not published"));
	fputs("</dd>\n<dt>", h);
	html_put(h, _("Objections"));
	fputs("</dt><dd>", h);
	eval_put_objections(h, w);
	fputs("</dd>\n<dt>", h);
	html_put(h, _("Acceptance of the works"));
	fputs("</dt><dd>", h);
	eval_put_acceptance(h, r, w->estate, loc);
	fputs("</dd>\n<dt>", h);
	html_put(h, _("Property service"));
	fputs("</dt><dd>", h);
	eval_put_service(h, w);
	fputs("</dd>\n</dl>\n", h);
	eval_questions(h, r, w->estate, loc);
	fputs("</section>\n", h);
}

/* The CSV row of w (eval_cols), CRLF-ended. */
static void
eval_csv_row(FILE *csv, const struct rv_report *r, const struct eval_row *w)
{
	char		*v[nitems(eval_cols)];
	size_t		 c;

	eval_fields(r, w, v);
	for (c = 0; c < nitems(eval_cols); c++) {
		if (c > 0)
			fputc(',', csv);
		csv_write_cell(csv, v[c]);
		free(v[c]);
	}
	fputs("\r\n", csv);
}

/*
 * Estate ei of r's part of the report in language loc: its CSV row, its
 * row of the comparison and its account in words, read from s inside
 * the caller's transaction (its publications, objections and answers).
 * Free it with evaluation_part_clear.
 */
enum rv_status
evaluation_part(struct store *s, const struct rv_report *r, size_t ei,
    enum rv_locale loc, struct eval_part *part, char **cause)
{
	struct rv_report one;
	struct eval_row	 row;
	size_t		 len;
	FILE		*f;
	enum rv_status	 st;

	memset(part, 0, sizeof *part);
	/* Its own questions only: a city's report is not scanned per row. */
	report_slice(r, ei, &one);
	if ((st = eval_gather(s, &one, 0, &row, cause)) != RV_OK) {
		eval_row_clear(&row);
		return st;
	}
	if ((f = open_memstream(&part->csv, &len)) == NULL)
		fatal("open_memstream failed");
	eval_csv_row(f, &one, &row);
	fclose(f);
	if ((f = open_memstream(&part->compare, &len)) == NULL)
		fatal("open_memstream failed");
	eval_compare_row(f, &one, &row, loc);
	fclose(f);
	if ((f = open_memstream(&part->section, &len)) == NULL)
		fatal("open_memstream failed");
	eval_estate(f, &one, &row, loc);
	fclose(f);
	eval_row_clear(&row);
	return RV_OK;
}

/* Free what an estate's part of the report holds, and zero it. */
void
evaluation_part_clear(struct eval_part *part)
{
	free(part->csv);
	free(part->compare);
	free(part->section);
	memset(part, 0, sizeof *part);
}

/*
 * Write the report from the n estates' parts (evaluation_part, in the
 * report's estate order), tallied as of at, as HTML to h and CSV to csv:
 * the comparison across estates first, then each estate in words.
 */
void
evaluation_put(const struct eval_part *const *parts, size_t n, rv_ms at,
    enum rv_locale loc, FILE *h, FILE *csv)
{
	size_t		 i, c;

	for (c = 0; c < nitems(eval_cols); c++) {
		if (c > 0)
			fputc(',', csv);
		csv_write_field(csv, eval_cols[c]);
	}
	fputs("\r\n", csv);
	for (i = 0; i < n; i++)
		fputs(parts[i]->csv, csv);
	fprintf(h, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta "
	    "charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width="
	    "device-width, initial-scale=1\">\n<title>%s</title>\n<link "
	    "rel=\"stylesheet\" href=\"../style.css\">\n</head>\n<body "
	    "class=\"report\">\n<header>\n<h1>%s</h1>\n<p>%s</p>\n"
	    "<p class=\"at\">%s ", web_lang_tag(loc),
	    _("Evaluation report of the cluster"),
	    _("Evaluation report of the cluster"),
	    _("For the district's evaluation of the renovation: were the "
	    "residents consulted before the renovation, how many took part, "
	    "were the results published and the objections answered."),
	    _("Tally as of"));
	web_put_time(h, at);
	fputs("</p>\n</header>\n<main>\n", h);
	eval_compare_open(h);
	for (i = 0; i < n; i++)
		fputs(parts[i]->compare, h);
	eval_compare_close(h);
	for (i = 0; i < n; i++)
		fputs(parts[i]->section, h);
	fprintf(h, "<p><a href=\"report.csv\">report.csv</a></p>\n</main>\n"
	    "</body>\n</html>\n");
}

/*
 * Write the report of every estate of r (a report of all estates) as
 * HTML to h and CSV to csv: the comparison across estates first, then
 * each estate in words.  Estate i is read from stores[i] (a city's
 * report over offices), or from s when stores is NULL, inside the
 * caller's transaction.
 */
enum rv_status
evaluation_write(struct store *s, struct store *const *stores,
    const struct rv_report *r, enum rv_locale loc, FILE *h, FILE *csv,
    char **cause)
{
	struct eval_part	*parts;
	const struct eval_part	**v;
	size_t			 i;
	enum rv_status		 st = RV_OK;

	parts = xcalloc(r->nestates + 1, sizeof *parts);
	v = xcalloc(r->nestates + 1, sizeof *v);
	for (i = 0; i < r->nestates && st == RV_OK; i++) {
		st = evaluation_part(stores != NULL ? stores[i] : s, r, i, loc,
		    &parts[i], cause);
		v[i] = &parts[i];
	}
	if (st == RV_OK)
		evaluation_put(v, r->nestates, r->at, loc, h, csv);
	for (i = 0; i < r->nestates; i++)
		evaluation_part_clear(&parts[i]);
	free(parts);
	free(v);
	return st;
}
