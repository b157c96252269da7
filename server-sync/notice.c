/*
 * The printable notice (公示) of one estate's results, one A4 page for
 * the hall's notice board: the result table with the rule applied to
 * each question, the pledges, the QR code of the estate's results page,
 * and either the objection period (询异公示: from when to when, and how
 * to object) or, for the final notice, every objection recorded with how
 * it was resolved.  Objections are listed without their authors' names:
 * the notice hangs in public.  The page carries its own print CSS so it
 * prints the same from any directory.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "office.h"
#include "web-int.h"

static const char notice_css[] =
"@page { size: A4; margin: 12mm; }\n"
"* { box-sizing: border-box; }\n"
"body { margin: 0; font-family: \"Noto Serif CJK SC\", \"Noto Sans CJK SC\", "
"\"Noto Sans CJK TC\", \"PingFang SC\", \"Microsoft YaHei\", serif;\n"
"  font-size: 9.5pt; line-height: 1.35; color: #000; }\n"
"h1 { font-size: 16pt; text-align: center; margin: 0 0 2mm; }\n"
"p { margin: 1mm 0; }\n"
"table { border-collapse: collapse; width: 100%; margin: 2mm 0; }\n"
"th, td { border: 0.3mm solid #000; padding: 0.8mm 1.2mm; "
"vertical-align: top; text-align: left; }\n"
"td.n, td.r { white-space: nowrap; }\n"
"td.n { text-align: right; }\n"
".rule { font-size: 8pt; }\n"
".foot { display: flex; gap: 5mm; align-items: flex-start; "
"margin-top: 3mm; }\n"
".foot svg { width: 32mm; height: 32mm; flex: none; }\n"
".sign { text-align: right; margin-top: 3mm; }\n"
"@media screen { body { max-width: 210mm; margin: 0 auto; padding: 4mm; } "
".foot svg { width: 40mm; height: 40mm; } }\n";

/* The rule of a question in a few words, for the table. */
static const char *
short_rule(const struct rv_question *q)
{
	return q->matter == RV_MAJOR ? _("major matter") :
	    _("ordinary matter");
}

/*
 * One measure pair of a bar as the table shows it: "count/base (share)"
 * of owners, then of area, when whole; "count (share)" when not.
 */
static void
notice_bars(FILE *f, const struct rv_bars *b, int whole)
{
	char	 ca[32], ba[32], po[16], pa[16];

	area_format(b->area.count, ca, sizeof ca);
	area_format(b->area.base, ba, sizeof ba);
	percent_format(b->owners.count, b->owners.base, po, sizeof po);
	percent_format(b->area.count, b->area.base, pa, sizeof pa);
	if (whole)
		fprintf(f, "<td class=\"n\">%lld/%lld (%s)<br>%s/%s m² (%s)</td>",
		    (long long)b->owners.count, (long long)b->owners.base, po,
		    ca, ba, pa);
	else
		fprintf(f, "<td class=\"n\">%lld (%s)<br>%s m² (%s)</td>",
		    (long long)b->owners.count, po, ca, pa);
}

/*
 * One row of the result table: the tally's participation bars, its
 * approval bars when it judges a choice, and its outcome.
 */
static void
notice_row(FILE *f, const struct rv_report_question *rq, enum rv_locale loc)
{
	const struct rv_question	*q = rq->question;
	const struct rv_qresult		*r = &rq->result;

	fputs("<tr><td>", f);
	html_put(f, text_get(&q->title, loc));
	fputs("<div class=\"rule\">", f);
	html_put(f, short_rule(q));
	fputs("</div></td>", f);
	notice_bars(f, &r->participation, 1);
	if (r->judged >= 0)
		notice_bars(f, &r->approval, 0);
	else
		fputs("<td class=\"n\">-</td>", f);
	fputs("<td class=\"r\">", f);
	html_put(f, present_outcome_label(r->outcome));
	if (r->outcome == RV_OUT_ADOPTED) {
		fputs(": ", f);
		html_put(f, text_get(&q->options[r->adopted].title, loc));
	}
	fputs("</td></tr>\n", f);
}

/* The objections and their resolutions, for the final notice. */
static void
notice_objections(FILE *f, const struct rv_report_extra *x)
{
	char	 t[RV_TIME_MAX];
	size_t	 i;

	if (x->nobjections == 0) {
		fprintf(f, "<p>%s</p>\n", _("No objection was raised during "
		    "the objection period."));
		return;
	}
	fprintf(f, "<table>\n<tr><th>%s</th><th>%s</th><th>%s</th></tr>\n",
	    _("received"), _("objection"), _("how it was resolved"));
	for (i = 0; i < x->nobjections; i++) {
		const struct rv_objection *o = &x->objections[i];

		web_time_short(t, sizeof t, o->received_at);
		fprintf(f, "<tr><td>%.10s</td><td>", t);
		html_put(f, o->text);
		fputs("</td><td>", f);
		html_put(f, o->resolution);
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
}

/*
 * Write the notice of estate ei of report r for publication pub (the
 * latest), with the results page url and its QR code.
 */
void
notice_write(FILE *f, const struct rv_report *r, size_t ei,
    const struct rv_report_extra *x, const struct rv_publication *pub,
    const char *url, const struct rv_qr *qr, enum rv_locale loc)
{
	const struct rv_estate	*e = r->estates[ei];
	const struct rv_plan	*plan = r->plans[ei];
	char			 at[RV_TIME_MAX], t[RV_TIME_MAX], u[RV_TIME_MAX];
	size_t			 i;

	web_time_short(at, sizeof at, pub->tally_at);
	web_time_short(t, sizeof t, pub->published_at);
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta "
	    "charset=\"utf-8\">\n<title>", web_lang_tag(loc));
	html_put(f, estate_name(e, loc));
	fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>",
	    notice_css);
	html_put(f, estate_name(e, loc));
	fprintf(f, " %s</h1>\n", pub->final ?
	    _("final notice of the consultation results") :
	    _("notice of the consultation results (objection period)"));
	fputs("<p>", f);
	if (plan != NULL) {
		html_put(f, text_get(&plan->title, loc));
		fputs(" · ", f);
	}
	fprintf(f, "%s %s</p>\n<p>%s</p>\n", _("Tally as of"), at,
	    _("Each question needs both bars of the Civil Code (art. 278): "
	    "at least 2/3 of the owners and of the area take part; then, "
	    "among those taking part, at least 3/4 of owners and area agree "
	    "for a major matter, more than 1/2 for an ordinary one."));
	fprintf(f, "<table>\n<tr><th>%s</th><th>%s</th><th>%s</th>"
	    "<th>%s</th></tr>\n", _("question and rule"),
	    _("taking part (owners, area)"),
	    _("agree or leading option (share of those taking part)"),
	    _("result"));
	for (i = 0; i < r->nquestions; i++) {
		if (r->questions[i].estate == e)
			notice_row(f, &r->questions[i], loc);
	}
	fputs("</table>\n", f);
	for (i = 0; i < r->npledges; i++) {
		const struct rv_report_pledge *rp = &r->pledges[i];
		char pf[16];

		if (rp->estate != e)
			continue;
		percent_format(rp->result.signed_flats, rp->result.flats, pf,
		    sizeof pf);
		fputs("<p>", f);
		html_put(f, text_get(&rp->pledge->text, loc));
		fprintf(f, ": ");
		fprintf(f, _("signed by %lld of %lld flats (%s); threshold "
		    "%u/%u: %s"), (long long)rp->result.signed_flats,
		    (long long)rp->result.flats, pf,
		    rp->result.bar.num, rp->result.bar.den,
		    rp->result.bar.met ? _("met") : _("not met"));
		fputs("</p>\n", f);
	}
	if (pub->final) {
		fprintf(f, "<h2>%s</h2>\n", _("Objections and how they were "
		    "resolved"));
		notice_objections(f, x);
	} else {
		web_time_short(u, sizeof u, pub->objections_until);
		fputs("<p><strong>", f);
		fprintf(f, _("Objection period: from %s to %s.  An owner who "
		    "disagrees with this result may raise an objection in "
		    "writing, stating their flat, at the street office or with "
		    "the owners' committee during this period."), t, u);
		fputs("</strong></p>\n", f);
	}
	fputs("<div class=\"foot\">\n", f);
	qr_svg(f, qr, WEB_QR_PX);
	fputs("<div>\n<p>", f);
	fputs(_("Scan the code for the current figures of every "
	    "question:"), f);
	fputs("</p>\n<p>", f);
	html_put(f, url);
	fprintf(f, "</p>\n<p class=\"sign\">%s<br>%s</p>\n</div>\n</div>\n"
	    "</body>\n</html>\n", _("Street office"), t);
}
