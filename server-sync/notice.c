/*
 * The printable notice (公示) of one estate's results, one A4 page for
 * the hall's notice board: the result table with the rule applied to
 * each question, the pledges, the QR code of the estate's results page,
 * and either the objection period (询异公示: from when to when, and how
 * to object) or, for the final notice, every objection recorded with how
 * it was resolved; while voting is open, an interim notice (中期公示)
 * with the closing date and no objection period.  The issuing office,
 * the notice number, where and when to object, a seal and a signature
 * space make it a notice the board can carry.  Objections are listed without their authors' names:
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
"table { border-collapse: collapse; width: 100%; margin: 2mm 0; "
"table-layout: fixed; }\n"
"th, td { border: 0.3mm solid #000; padding: 0.8mm 1.2mm; "
"vertical-align: top; text-align: left; }\n"
"th:nth-child(1) { width: 34%; } th:nth-child(4) { width: 16%; }\n"
"td.n { text-align: right; }\n"
".rule { font-size: 8pt; }\n"
".foot { display: flex; gap: 5mm; align-items: flex-start; "
"margin-top: 3mm; }\n"
".foot svg { width: 28mm; height: 28mm; flex: none; }\n"
".sign { text-align: right; margin-top: 2mm; }\n"
".issuer { text-align: center; font-size: 11pt; margin: 0; }\n"
".number { text-align: center; margin: 0 0 1mm; }\n"
".legend, .where { font-size: 8.5pt; }\n"
".url { word-break: break-all; }\n"
".fp { font-size: 8.5pt; }\n"
".seal { margin-left: auto; width: 30mm; height: 30mm; flex: none; "
"border: 0.3mm dashed #000; border-radius: 50%; display: flex; "
"align-items: center; justify-content: center; color: #666; }\n"
".blank { display: inline-block; min-width: 30mm; border-bottom: "
"0.3mm solid #000; }\n"
"@media screen { body { max-width: 210mm; margin: 0 auto; padding: 4mm; } "
".foot svg { width: 40mm; height: 40mm; } }\n";

/* The rule of a question in a few words, for the table. */
static const char *
short_rule(const struct rv_question *q)
{
	if (!question_decides(q))
		return _("opinion, decides nothing");
	return q->matter == RV_MAJOR ? _("major matter") :
	    _("ordinary matter");
}

/* The mark of one threshold: met or not, as the tally judged it. */
#define NOTICE_MET	"✔"
#define NOTICE_SHORT	"✖"

/*
 * One measure pair of a bar as the table shows it, each with its
 * threshold met or not: "count/base (share) ✔" of owners, then of area,
 * when whole; "count (share) ✔" when not.  label, when not NULL, names
 * the choice judged (the option of a choose-one question).
 */
static void
notice_bars(FILE *f, const struct rv_bars *b, int whole, const char *label)
{
	char	 ca[32], ba[32], po[16], pa[16];
	const char *mo = b->owners.met ? NOTICE_MET : NOTICE_SHORT;
	const char *ma = b->area.met ? NOTICE_MET : NOTICE_SHORT;

	area_format(b->area.count, ca, sizeof ca);
	area_format(b->area.base, ba, sizeof ba);
	percent_format(b->owners.count, b->owners.base, po, sizeof po);
	percent_format(b->area.count, b->area.base, pa, sizeof pa);
	fputs("<td class=\"n\">", f);
	if (label != NULL) {
		html_put(f, label);
		fputs(_(": "), f);
	}
	if (whole)
		fprintf(f, "%lld/%lld (%s) %s<br>%s/%s m² (%s) %s</td>",
		    (long long)b->owners.count, (long long)b->owners.base, po,
		    mo, ca, ba, pa, ma);
	else
		fprintf(f, "%lld (%s) %s<br>%s m² (%s) %s</td>",
		    (long long)b->owners.count, po, mo, ca, pa, ma);
}

/*
 * The middle cells of the row of a question that decides nothing: who
 * took part among the eligible, then each option or step with its
 * owners (and points), and a rating's mean; no mark of a threshold.
 */
static void
notice_opinion(FILE *f, const struct rv_report_question *rq,
    enum rv_locale loc)
{
	const struct rv_opinion	*op = &rq->result.opinion;
	struct present_row	 rows[PRESENT_ROWS_MAX];
	char			 ca[32], ba[32], po[16], mean[PRESENT_MEAN_MAX];
	size_t			 i, n;

	area_format(op->participating.area, ca, sizeof ca);
	area_format(op->eligible.area, ba, sizeof ba);
	percent_format(op->participating.owners, op->eligible.owners, po,
	    sizeof po);
	fprintf(f, "<td class=\"n\">%lld/%lld (%s)<br>%s/%s m²</td>"
	    "<td class=\"n\">", (long long)op->participating.owners,
	    (long long)op->eligible.owners, po, ca, ba);
	n = present_opinion_rows(rq->question, &rq->result, loc, rows);
	for (i = 0; i < n; i++) {
		fputs(i > 0 ? "<br>" : "", f);
		html_put(f, rows[i].label);
		fprintf(f, "%s%lld", _(": "), (long long)rows[i].count->owners);
		if (rows[i].points >= 0)
			fprintf(f, _(" (%lld points)"),
			    (long long)rows[i].points);
	}
	if (rq->question->kind == RV_RATING) {
		present_mean_line(op, mean, sizeof mean);
		fputs("<br>", f);
		html_put(f, mean);
	}
	fputs("</td>", f);
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
	if (!question_decides(q))
		notice_opinion(f, rq, loc);
	else {
		notice_bars(f, &r->participation, 1, NULL);
		if (r->judged >= 0)
			notice_bars(f, &r->approval, 0,
			    question_choice_label(q, (uint32_t)r->judged,
			    loc));
		else
			fputs("<td class=\"n\">-</td>", f);
	}
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

/* A detail of the office, or a line to fill in by hand when not set. */
static void
put_field(FILE *f, const char *value)
{
	if (value != NULL)
		html_put(f, value);
	else
		fputs("<span class=\"blank\"></span>", f);
}

/*
 * The notice number: the year and estate, then the publication's number
 * in the office database, or "interim" and the date for an interim
 * notice, which records no publication.
 */
static void
put_number(FILE *f, const struct rv_estate *e,
    const struct rv_publication *pub, rv_ms at)
{
	char	 t[RV_TIME_MAX];

	web_time_short(t, sizeof t, pub != NULL ? pub->published_at : at);
	fprintf(f, "〔%.4s〕", t);
	html_put(f, e->id);
	fputc(' ', f);
	if (pub != NULL)
		fprintf(f, _("No. %lld"), (long long)pub->id);
	else
		fprintf(f, _("interim %.2s%.2s"), t + 5, t + 8);
}

/* The latest closing time of estate e's questions in r. */
static rv_ms
last_close(const struct rv_report *r, const struct rv_estate *e)
{
	rv_ms	 m = 0;
	size_t	 i;

	for (i = 0; i < r->nquestions; i++)
		if (r->questions[i].estate == e &&
		    r->questions[i].question->closes > m)
			m = r->questions[i].question->closes;
	return m;
}

/*
 * Write the notice of estate ei of report r: the results notice of
 * publication pub (the latest, final or with its objection period), or,
 * with pub NULL, the interim notice (中期公示) of an estate still voting,
 * which opens no objection period.  o names the issuing office and where
 * to object; url and qr lead to the live results page; fingerprint, when
 * not NULL, is the start of the signed publication's root.
 */
void
notice_write(FILE *f, const struct rv_report *r, size_t ei,
    const struct rv_report_extra *x, const struct rv_publication *pub,
    const struct notice_office *o, const char *url, const struct rv_qr *qr,
    enum rv_locale loc, const char *fingerprint)
{
	const struct rv_estate	*e = r->estates[ei];
	const struct rv_plan	*plan = r->plans[ei];
	char			 at[RV_TIME_MAX], t[RV_TIME_MAX], u[RV_TIME_MAX];
	size_t			 i;

	web_time_short(at, sizeof at, pub != NULL ? pub->tally_at : r->at);
	web_time_short(t, sizeof t, pub != NULL ? pub->published_at : r->at);
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta "
	    "charset=\"utf-8\">\n<title>", web_lang_tag(loc));
	html_put(f, estate_name(e, loc));
	fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n"
	    "<p class=\"issuer\">", notice_css);
	put_field(f, o->name);
	fputs("</p>\n<h1>", f);
	html_put(f, estate_name(e, loc));
	fprintf(f, " %s</h1>\n<p class=\"number\">", pub == NULL ?
	    _("interim notice of the voting (voting still open)") :
	    pub->final ? _("final notice of the consultation results") :
	    _("notice of the consultation results (objection period)"));
	put_number(f, e, pub, r->at);
	fputs("</p>\n<p>", f);
	if (plan != NULL) {
		html_put(f, text_get(&plan->title, loc));
		fputs(" · ", f);
	}
	fprintf(f, "%s %s</p>\n<p>%s</p>\n", _("Tally as of"), at,
	    _("Each question needs both bars of the Civil Code (art. 278): "
	    "at least 2/3 of the owners and of the area take part; then, "
	    "among those taking part, at least 3/4 of owners and area agree "
	    "for a major matter, more than 1/2 for an ordinary one."));
	if (pub == NULL) {
		web_time_short(u, sizeof u, last_close(r, e));
		fputs("<p><strong>", f);
		fprintf(f, _("Voting is open until %s.  These figures may "
		    "still change; the results notice, with its objection "
		    "period, follows the close."), u);
		fputs("</strong></p>\n", f);
	}
	fprintf(f, "<table>\n<tr><th>%s</th><th>%s</th><th>%s</th>"
	    "<th>%s</th></tr>\n", _("question and rule"),
	    _("taking part (owners, area)"),
	    _("agree or leading option (share of those taking part)"),
	    _("result"));
	for (i = 0; i < r->nquestions; i++) {
		if (r->questions[i].estate == e)
			notice_row(f, &r->questions[i], loc);
	}
	fputs("</table>\n<p class=\"legend\">", f);
	fprintf(f, _("%s threshold met  %s threshold not met"), NOTICE_MET,
	    NOTICE_SHORT);
	fputs(" · ", f);
	fprintf(f, _("counted answers include %lld paper ballots entered by "
	    "the office"), (long long)x->span.paper);
	fputs("</p>\n", f);
	for (i = 0; i < r->npledges; i++) {
		const struct rv_report_pledge *rp = &r->pledges[i];
		char pf[16];

		if (rp->estate != e)
			continue;
		percent_format(rp->result.signed_flats, rp->result.flats, pf,
		    sizeof pf);
		fputs("<p>", f);
		html_put(f, text_get(&rp->pledge->text, loc));
		fputs("<br>", f);
		fprintf(f, _("signed by %lld of %lld flats (%s); threshold "
		    "%u/%u: %s"), (long long)rp->result.signed_flats,
		    (long long)rp->result.flats, pf,
		    rp->result.bar.num, rp->result.bar.den,
		    rp->result.bar.met ? _("met") : _("not met"));
		fputs("</p>\n", f);
	}
	web_roster_changes(f, x);
	if (pub != NULL && pub->final) {
		fprintf(f, "<h2>%s</h2>\n", _("Objections and how they were "
		    "resolved"));
		notice_objections(f, x);
	} else if (pub != NULL) {
		web_time_short(u, sizeof u, pub->objections_until);
		fputs("<p><strong>", f);
		fprintf(f, _("Objection period: from %s to %s.  An owner who "
		    "disagrees with this result may raise an objection in "
		    "writing, stating their flat, at the street office or with "
		    "the owners' committee during this period."), t, u);
		fputs("</strong></p>\n", f);
	}
	fprintf(f, "<p class=\"where\">%s ", _("Objections and questions:"));
	put_field(f, o->place);
	fputs(" · ", f);
	put_field(f, o->hours);
	fprintf(f, " · %s ", _("telephone"));
	put_field(f, o->phone);
	fprintf(f, " · %s ", _("address"));
	put_field(f, o->address);
	fputs("</p>\n<div class=\"foot\">\n", f);
	qr_svg(f, qr, WEB_QR_PX);
	fputs("<div>\n<p>", f);
	fputs(_("Scan the code for the current figures of every "
	    "question:"), f);
	fputs("</p>\n<p class=\"url\">", f);
	html_put(f, url);
	if (fingerprint != NULL) {
		fputs("</p>\n<p class=\"fp\">", f);
		fprintf(f, _("Fingerprint of the signed list of counted "
		    "records: %s"), fingerprint);
	}
	fputs("</p>\n<p class=\"sign\">", f);
	put_field(f, o->name);
	fprintf(f, "<br>%s <span class=\"blank\"></span><br>%s</p>\n</div>\n"
	    "<div class=\"seal\">%s</div>\n</div>\n</body>\n</html>\n",
	    _("Person in charge (signature):"), t, _("(seal)"));
}
