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
	"objections_resolved"
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
eval_fields(const struct eval_row *w, char **v)
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
}

/* The localised heading of a column of the HTML report. */
static const char *
eval_label(size_t c)
{
	static const char *labels[nitems(eval_cols)] = {
		N_("estate"), N_("name"), N_("flats"), N_("owners"),
		N_("questions"), N_("first question opens"),
		N_("last question closes"), N_("first answer"),
		N_("last answer"), N_("answers recorded"),
		N_("owners who answered"), N_("owner participation %"),
		N_("questions approved"), N_("questions rejected"),
		N_("questions not quorate"), N_("questions still open"),
		N_("pledge"), N_("flats signed"), N_("flats"),
		N_("pledge rate %"), N_("pledge threshold met"),
		N_("preliminary notice published"), N_("objections until"),
		N_("final notice published"), N_("objections"),
		N_("objections resolved")
	};

	return _(labels[c]);
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
 * Write the report of every estate of r (a report of all estates) as
 * HTML to h and CSV to csv.  Reads the store inside the caller's
 * transaction.
 */
enum rv_status
evaluation_write(struct store *s, const struct rv_report *r,
    enum rv_locale loc, FILE *h, FILE *csv, char **cause)
{
	struct eval_row	 row;
	char		*v[nitems(eval_cols)], t[RV_TIME_MAX];
	size_t		 i, c;
	enum rv_status	 st;

	web_time(t, sizeof t, r->at);
	for (c = 0; c < nitems(eval_cols); c++) {
		if (c > 0)
			fputc(',', csv);
		csv_write_field(csv, eval_cols[c]);
	}
	fputs("\r\n", csv);
	fprintf(h, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta "
	    "charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width="
	    "device-width, initial-scale=1\">\n<title>%s</title>\n<link "
	    "rel=\"stylesheet\" href=\"../style.css\">\n</head>\n<body>\n"
	    "<header>\n<h1>%s</h1>\n<p>%s</p>\n<p class=\"at\">%s <time>%s"
	    "</time></p>\n</header>\n<main>\n", web_lang_tag(loc),
	    _("Evaluation report of the cluster"),
	    _("Evaluation report of the cluster"),
	    _("For the district's evaluation of the renovation: were the "
	    "residents consulted before the renovation, how many took part, "
	    "were the results published and the objections answered."),
	    _("Tally as of"), t);
	for (i = 0; i < r->nestates; i++) {
		if ((st = eval_gather(s, r, i, &row, cause)) != RV_OK)
			return st;
		eval_fields(&row, v);
		for (c = 0; c < nitems(eval_cols); c++) {
			if (c > 0)
				fputc(',', csv);
			csv_write_cell(csv, v[c]);
		}
		fputs("\r\n", csv);
		fputs("<section>\n<h2>", h);
		html_put(h, estate_name(row.estate, loc));
		fputs(" <small>", h);
		html_put(h, row.estate->id);
		fputs("</small></h2>\n<table>\n<tbody>\n", h);
		for (c = 2; c < nitems(eval_cols); c++) {
			fprintf(h, "<tr><th scope=\"row\">%s</th><td>",
			    eval_label(c));
			html_put_nw(h, *v[c] != '\0' ? v[c] : "-");
			fputs("</td></tr>\n", h);
		}
		fputs("</tbody>\n</table>\n", h);
		eval_questions(h, r, row.estate, loc);
		fputs("</section>\n", h);
		for (c = 0; c < nitems(eval_cols); c++)
			free(v[c]);
	}
	fprintf(h, "<p><a href=\"report.csv\">report.csv</a></p>\n</main>\n"
	    "</body>\n</html>\n");
	return RV_OK;
}
