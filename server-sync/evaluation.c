/*
 * The evaluation report (考评) of the cluster for the district: for every
 * estate of the office database, what the province checks (see
 * ../shared/seeds/zhejiang-evaluation-news-2021.txt: were residents
 * consulted before the renovation, was the plan published): when the
 * consultation ran (question windows, first and last answer), how many
 * owners took part, the questions decided, the pledge rate, when the
 * results were published and the objections raised and resolved.  The
 * same figures as HTML for reading and CSV for the district's sheets.
 *
 * Definitions.  owners_answered counts the distinct roster owners with
 * at least one answer row to any question (kept rows only: superseded
 * codes and voided kiosks are out); the pledge figures are those of the
 * estate's first pledge; approved counts approved and adopted questions,
 * rejected counts rejected and no-option ones.
 */

#include "config.h"

#include <stdarg.h>
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
};

static const char *eval_cols[] = {
	"estate_id", "estate_name", "flats", "owners", "questions",
	"first_opens", "last_closes", "first_answer", "last_answer",
	"answers", "owners_answered", "owner_participation_pct",
	"questions_approved", "questions_rejected", "questions_not_quorate",
	"questions_open", "pledge_id", "pledge_signed_flats", "pledge_flats",
	"pledge_rate_pct", "pledge_met", "preliminary_published",
	"objections_until", "final_published", "objections",
	"objections_resolved", "property_management", "maintenance_fund"
};

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
	for (i = 0; i < r->nquestions; i++) {
		const struct rv_report_question *rq = &r->questions[i];

		if (rq->estate != e)
			continue;
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
	report_extra_clear(&x);
	return st;
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

static void	 eval_putf(FILE *, const char *, ...) RV_PRINTF(2, 3);

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

/* The comparison across estates (互看、互比) that opens the report. */
static void
eval_compare(FILE *h, const struct rv_report *r, struct eval_row *rows,
    enum rv_locale loc)
{
	size_t	 i;

	fprintf(h, "<section class=\"compare\">\n<h2>%s</h2>\n<table>\n"
	    "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	    "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
	    _("The estates side by side"), _("estate"),
	    _("residents consulted"), _("plan published"),
	    _("final notice"), _("residents' pledge"),
	    _("property management"), _("maintenance fund"));
	for (i = 0; i < r->nestates; i++) {
		const struct eval_row *w = &rows[i];

		fprintf(h, "<tr id=\"c-%s\"><th scope=\"row\">", w->estate->id);
		html_put(h, estate_name(w->estate, loc));
		fputs("</th><td>", h);
		eval_put_consulted(h, w);
		fputs("</td><td>", h);
		eval_put_when(h, w->preliminary, _("not published"));
		fputs("</td><td>", h);
		eval_put_when(h, w->final, _("not published"));
		fputs("</td><td>", h);
		eval_put_pledge(h, w);
		fputs("</td><td>", h);
		eval_put_topic(h, eval_topic(r, w->estate, RV_TOPIC_PROPERTY),
		    loc);
		fputs("</td><td>", h);
		eval_put_topic(h, eval_topic(r, w->estate, RV_TOPIC_FUND), loc);
		fputs("</td></tr>\n", h);
	}
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
	eval_putf(h, _("%zu raised, %zu answered"), w->objections, w->resolved);
	fputs("</dd>\n</dl>\n", h);
	eval_questions(h, r, w->estate, loc);
	fputs("</section>\n", h);
}

/*
 * Write the report of every estate of r (a report of all estates) as
 * HTML to h and CSV to csv: the comparison across estates first, then
 * each estate in words.  Reads the store inside the caller's
 * transaction.
 */
enum rv_status
evaluation_write(struct store *s, const struct rv_report *r,
    enum rv_locale loc, FILE *h, FILE *csv, char **cause)
{
	struct eval_row	*rows;
	char		*v[nitems(eval_cols)];
	size_t		 i, c;
	enum rv_status	 st = RV_OK;

	rows = xcalloc(r->nestates > 0 ? r->nestates : 1, sizeof *rows);
	for (i = 0; i < r->nestates; i++) {
		if ((st = eval_gather(s, r, i, &rows[i], cause)) != RV_OK)
			goto out;
	}
	for (c = 0; c < nitems(eval_cols); c++) {
		if (c > 0)
			fputc(',', csv);
		csv_write_field(csv, eval_cols[c]);
	}
	fputs("\r\n", csv);
	for (i = 0; i < r->nestates; i++) {
		eval_fields(r, &rows[i], v);
		for (c = 0; c < nitems(eval_cols); c++) {
			if (c > 0)
				fputc(',', csv);
			csv_write_cell(csv, v[c]);
			free(v[c]);
		}
		fputs("\r\n", csv);
	}
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
	web_put_time(h, r->at);
	fputs("</p>\n</header>\n<main>\n", h);
	eval_compare(h, r, rows, loc);
	for (i = 0; i < r->nestates; i++)
		eval_estate(h, r, &rows[i], loc);
	fprintf(h, "<p><a href=\"report.csv\">report.csv</a></p>\n</main>\n"
	    "</body>\n</html>\n");
out:
	free(rows);
	return st;
}
