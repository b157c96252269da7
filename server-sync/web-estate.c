/*
 * The estates page and an estate's results page.  Every question shows
 * the rule in plain words, bars for participation and approval by
 * headcount and by area with the threshold marked on them and the same
 * figures as text (a bar's colour never carries meaning alone), its
 * status and what is still needed; every pledge its share of flats; the
 * page the kiosks' last sync and the time of the tally.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "office.h"
#include "web-int.h"

/*
 * How a bar's figures read: owners, areas (hundredths of m2) or flats.
 */
enum bar_unit {
	BAR_OWNERS,
	BAR_AREA,
	BAR_FLATS
};

/*
 * Bars are inline SVG in units of hundredths of a per cent, drawn with
 * presentation attributes only: the server's Content-Security-Policy
 * (style-src 'self') blocks every inline style="", so a bar sized by one
 * would show empty on the live pages while the static copy looked right.
 */
#define BAR_UNITS	10000	/* the SVG's width: 100.00% */
#define BAR_MARK_W	60	/* the threshold mark, in the same units */

/* part of whole in hundredths of a per cent, clamped to [0, BAR_UNITS]. */
static int64_t
bar_units(int64_t part, int64_t whole)
{
	int64_t	 bp = whole > 0 ? part * BAR_UNITS / whole : 0;

	return bp < 0 ? 0 : bp > BAR_UNITS ? BAR_UNITS : bp;
}

/*
 * One bar with its threshold mark, and below it the figures in words:
 * "3 of 5 owners (60.00%) · needs at least 2/3 · not met".  Everything
 * shown, met included, is the tally's (tally.c); nothing is judged here.
 */
static void
put_bar(FILE *f, const char *label, const struct rv_bar *b,
    enum bar_unit unit)
{
	char	 part[32], whole[32], pct[16];
	int64_t	 mark = bar_units(b->num, b->den) - BAR_MARK_W / 2;

	if (mark < 0)
		mark = 0;
	if (mark > BAR_UNITS - BAR_MARK_W)
		mark = BAR_UNITS - BAR_MARK_W;
	percent_format(b->count, b->base, pct, sizeof pct);
	fprintf(f, "<div class=\"meter\">\n<p class=\"label\">%s</p>\n"
	    "<svg class=\"bar\" viewBox=\"0 0 %d 100\" "
	    "preserveAspectRatio=\"none\" aria-hidden=\"true\">"
	    "<rect class=\"track\" width=\"%d\" height=\"100\" "
	    "fill=\"#e6e6e6\"/>"
	    "<rect class=\"fill %s\" width=\"%lld\" height=\"100\" "
	    "fill=\"%s\"/>"
	    "<rect class=\"mark\" x=\"%lld\" width=\"%d\" height=\"100\" "
	    "fill=\"#000\"/></svg>\n<p class=\"fig\">", label, BAR_UNITS,
	    BAR_UNITS, b->met ? "met" : "short",
	    (long long)bar_units(b->count, b->base),
	    b->met ? "#1f7a3a" : "#b26b00", (long long)mark, BAR_MARK_W);
	if (unit == BAR_AREA) {
		area_format(b->count, part, sizeof part);
		area_format(b->base, whole, sizeof whole);
		html_printf_nw(f, _("%s of %s m² (%s)"), part, whole, pct);
	} else if (unit == BAR_FLATS)
		html_printf_nw(f, _("%lld of %lld flats (%s)"),
		    (long long)b->count, (long long)b->base, pct);
	else
		html_printf_nw(f, _("%lld of %lld owners (%s)"),
		    (long long)b->count, (long long)b->base, pct);
	fputs(" · ", f);
	html_printf_nw(f, b->strict ? _("needs more than %u/%u") :
	    _("needs at least %u/%u"), b->num, b->den);
	fprintf(f, " · <strong class=\"%s nw\">%s</strong></p>\n</div>\n",
	    b->met ? "met" : "short", b->met ? _("met") : _("not met"));
}

/* A bar of art. 278 on its two measures, by headcount then by area. */
static void
put_bars(FILE *f, const char *by_owners, const char *by_area,
    const struct rv_bars *bars)
{
	put_bar(f, by_owners, &bars->owners, BAR_OWNERS);
	put_bar(f, by_area, &bars->area, BAR_AREA);
}

/* Where a question applies, in words. */
static void
put_scope(FILE *f, const struct rv_question *q)
{
	if (q->scope_building == NULL) {
		fputs(_("Scope: the whole estate"), f);
		return;
	}
	if (q->scope_entrance == NULL)
		html_printf(f, _("Scope: building %s"), q->scope_building);
	else
		html_printf(f, _("Scope: building %s, entrance %s"),
		    q->scope_building, q->scope_entrance);
}

/* The still-needed line of one bar, when the tally says it is worth showing. */
static void
put_need(FILE *f, const char *what, const struct rv_count *need, int shown)
{
	char	*line = NULL;
	size_t	 len;
	FILE	*m;

	if (!shown)
		return;
	if ((m = open_memstream(&line, &len)) == NULL)
		fatal("open_memstream failed");
	present_need_line(m, what, need);
	fclose(m);
	fputs("<p class=\"need\">", f);
	html_put_nw(f, line);
	fputs("</p>\n", f);
	free(line);
}

/* The table of each choice's owners and area among participants. */
static void
put_choices(FILE *f, const struct web_page *p, const struct rv_question *q,
    const struct rv_qresult *r)
{
	char	 area[32], po[16], pa[16];
	uint32_t c, n = (uint32_t)question_nchoices(q);

	fprintf(f, "<table class=\"choices\">\n<thead><tr><th></th><th>%s</th>"
	    "<th>%s</th></tr></thead>\n<tbody>\n", _("owners"), _("area m2"));
	for (c = 0; c < n; c++) {
		area_format(r->choices[c].area, area, sizeof area);
		percent_format(r->choices[c].owners, r->participating.owners,
		    po, sizeof po);
		percent_format(r->choices[c].area, r->participating.area, pa,
		    sizeof pa);
		fputs("<tr><th scope=\"row\">", f);
		html_put(f, question_choice_label(q, c, p->loc));
		fprintf(f, "</th><td>%lld <small>%s</small></td><td>%s "
		    "<small>%s</small></td></tr>\n",
		    (long long)r->choices[c].owners, po, area, pa);
	}
	fputs("</tbody>\n</table>\n", f);
}

/* One row of put_opinion's table. */
static void
put_tcount_row(FILE *f, const char *label, const struct rv_tcount *c,
    int64_t points)
{
	char	 area[32];

	area_format(c->area, area, sizeof area);
	fputs("<tr><th scope=\"row\">", f);
	html_put(f, label);
	fprintf(f, "</th><td>%lld</td><td>%lld</td><td>%s</td>",
	    (long long)c->owners, (long long)c->flats, area);
	if (points >= 0)
		fprintf(f, "<td>%lld</td>", (long long)points);
	fputs("</tr>\n", f);
}

/*
 * The figures of a question that decides nothing, as a table of owners,
 * flats and area (and points, for rank) per option or step, with the
 * mean of a rating: plain figures, no bar and no verdict.
 */
static void
put_opinion(FILE *f, const struct web_page *p, const struct rv_question *q,
    const struct rv_qresult *r)
{
	struct present_row	 rows[PRESENT_ROWS_MAX];
	char			 mean[PRESENT_MEAN_MAX];
	size_t			 i, n;

	fprintf(f, "<table class=\"choices opinion\">\n<thead><tr><th></th>"
	    "<th>%s</th><th>%s</th><th>%s</th>", _("owners"), _("flats"),
	    _("area m2"));
	if (q->kind == RV_RANK)
		fprintf(f, "<th>%s</th>", _("points"));
	fputs("</tr></thead>\n<tbody>\n", f);
	put_tcount_row(f, _("eligible"), &r->opinion.eligible, -1);
	put_tcount_row(f, _("taking part"), &r->opinion.participating, -1);
	n = present_opinion_rows(q, r, p->loc, rows);
	for (i = 0; i < n; i++)
		put_tcount_row(f, rows[i].label, rows[i].count,
		    rows[i].points);
	fputs("</tbody>\n</table>\n", f);
	if (q->kind == RV_RATING) {
		present_mean_line(&r->opinion, mean, sizeof mean);
		fputs("<p class=\"fig\">", f);
		html_put(f, mean);
		fputs("</p>\n", f);
	}
}

/*
 * One question: title, scope, window, rule, status, the four bars, the
 * choices and what is still needed.  h is the heading level.
 */
void
web_question(FILE *f, const struct web_page *p,
    const struct rv_report_question *rq, int h)
{
	const struct rv_question	*q = rq->question;
	const struct rv_qresult		*r = &rq->result;
	char				 opens[RV_TIME_MAX], closes[RV_TIME_MAX];

	web_time_short(opens, sizeof opens, q->opens);
	web_time_short(closes, sizeof closes, q->closes);
	fprintf(f, "<section class=\"question\" id=\"q-");
	html_put(f, q->id);
	fprintf(f, "\">\n<h%d>", h);
	html_put(f, text_get(&q->title, p->loc));
	fputs(" <small>", f);
	html_put(f, q->id);
	fprintf(f, "</small></h%d>\n<p class=\"scope\">", h);
	put_scope(f, q);
	fputs(" · ", f);
	html_printf_nw(f, _("voting from %s to %s"), opens, closes);
	fputs("</p>\n<p class=\"rule\">", f);
	html_put_nw(f, present_rule_text(q));
	fprintf(f, "</p>\n<p class=\"status s-%s\">%s <strong>",
	    tally_outcome_name(r->outcome), _("result:"));
	html_put_nw(f, present_outcome_label(r->outcome));
	if (r->outcome == RV_OUT_ADOPTED) {
		fputs(": ", f);
		html_put(f, text_get(&q->options[r->adopted].title, p->loc));
	}
	fputs("</strong>", f);
	if (present_early_label(r->early) != NULL) {
		fputs(" <span class=\"early\">(", f);
		html_put_nw(f, present_early_label(r->early));
		fputs(")</span>", f);
	}
	fputs("</p>\n", f);

	if (!question_decides(q)) {
		put_opinion(f, p, q, r);
		fputs("</section>\n", f);
		return;
	}
	put_bars(f, _("Participation by owners"), _("Participation by area"),
	    &r->participation);
	if (r->leading >= 0) {
		fputs("<p class=\"leading\">", f);
		html_printf(f, _("Leading option: %s"),
		    text_get(&q->options[r->leading].title, p->loc));
		fputs("</p>\n", f);
	}
	/* A choose-one question's bars measure the option, not "agree". */
	if (q->kind == RV_CHOOSE_ONE)
		put_bars(f, _("Support for that option by owners"),
		    _("Support for that option by area"), &r->approval);
	else
		put_bars(f, _("Approval by owners"), _("Approval by area"),
		    &r->approval);

	put_choices(f, p, q, r);
	put_need(f, _("participation"), &r->need_participation,
	    r->show_need_participation);
	put_need(f, _("approval"), &r->need_approval, r->show_need_approval);
	fputs("</section>\n", f);
}

/* One pledge: its text and the share of flats that signed. */
void
web_pledge(FILE *f, const struct web_page *p, const struct rv_report_pledge *rp)
{
	const struct rv_presult	*r = &rp->result;
	char			 sarea[32], area[32];

	fputs("<section class=\"pledge\">\n<h3>", f);
	html_put(f, text_get(&rp->pledge->text, p->loc));
	fputs(" <small>", f);
	html_put(f, rp->pledge->id);
	fputs("</small></h3>\n", f);
	put_bar(f, _("Flats that signed the pledge"), &r->bar, BAR_FLATS);
	area_format(r->signed_area, sarea, sizeof sarea);
	area_format(r->area, area, sizeof area);
	fputs("<p class=\"fig\">", f);
	html_printf_nw(f, _("their area: %s of %s m²"), sarea, area);
	fputs("</p>\n</section>\n", f);
}

/*
 * The estate's confirmed roster changes, on its page and its notice:
 * "roster changed after voting began:" and one item per change (when,
 * flat, field, old -> new, the clerk who confirmed it).  Nothing when
 * there is none.
 */
void
web_roster_changes(FILE *f, const struct rv_report_extra *x)
{
	const struct rv_roster_change	*c;
	char				 t[RV_TIME_MAX];
	size_t				 i;

	if (x->nchanges == 0)
		return;
	fprintf(f, "<section class=\"roster-changes\">\n<p>%s</p>\n<ul>\n",
	    _("Roster changed after voting began:"));
	for (i = 0; i < x->nchanges; i++) {
		c = &x->changes[i];
		web_time_short(t, sizeof t, c->at);
		fprintf(f, "<li>%s ", t);
		html_put(f, c->flat_id != NULL ? c->flat_id : "-");
		fputs(" ", f);
		html_put(f, c->field);
		fputs(": ", f);
		html_put(f, c->before != NULL ? c->before : _("(none)"));
		fputs(" \u2192 ", f);
		html_put(f, c->after != NULL ? c->after : _("(removed)"));
		fputs(" (", f);
		html_printf(f, _("confirmed by %s"), c->clerk);
		fputs(")</li>\n", f);
	}
	fputs("</ul>\n</section>\n", f);
}

/* The publications of an estate and its objection period, if any. */
static void
put_publications(const struct web_page *p, const struct rv_report_extra *x)
{
	char	 t[RV_TIME_MAX], u[RV_TIME_MAX];
	size_t	 i;

	if (x->npubs == 0)
		return;
	fprintf(p->f, "<section class=\"publications\">\n<h2>%s</h2>\n<ul>\n",
	    _("Notices published"));
	for (i = 0; i < x->npubs; i++) {
		web_time_short(t, sizeof t, x->pubs[i].published_at);
		fputs("<li>", p->f);
		if (x->pubs[i].final)
			html_printf_nw(p->f, _("Final result published %s"), t);
		else {
			web_time_short(u, sizeof u,
			    x->pubs[i].objections_until);
			html_printf_nw(p->f, _("Preliminary result published "
			    "%s; objections until %s"), t, u);
		}
		fputs("</li>\n", p->f);
	}
	fprintf(p->f, "</ul>\n<p>%s %zu</p>\n</section>\n",
	    _("Objections received:"), x->nobjections);
}

/*
 * The outcome of one question in a few words: the status, the option
 * adopted, and "decided early" beside an open one; all the tally's.
 */
static void
put_outcome(FILE *f, const struct web_page *p,
    const struct rv_report_question *rq)
{
	const struct rv_qresult	*r = &rq->result;

	fprintf(f, "<strong class=\"badge s-%s\">",
	    tally_outcome_name(r->outcome));
	html_put_nw(f, present_outcome_label(r->outcome));
	if (r->outcome == RV_OUT_ADOPTED) {
		fputs(": ", f);
		html_put(f, text_get(&rq->question->options[r->adopted].title,
		    p->loc));
	}
	fputs("</strong>", f);
	if (present_early_label(r->early) != NULL) {
		fputs(" <span class=\"early\">", f);
		html_put_nw(f, present_early_label(r->early));
		fputs("</span>", f);
	}
}

/*
 * The summary a resident reads first: one line per question with its
 * outcome, linking to the details below.
 */
static void
put_summary(const struct web_page *p, const struct rv_report *r)
{
	size_t	 i;

	fprintf(p->f, "<section class=\"summary\">\n<h2>%s</h2>\n"
	    "<ul class=\"outcomes\">\n", _("Results at a glance"));
	for (i = 0; i < r->nquestions; i++) {
		const struct rv_report_question *rq = &r->questions[i];

		fputs("<li><a href=\"#q-", p->f);
		html_put(p->f, rq->question->id);
		fputs("\">", p->f);
		html_put(p->f, text_get(&rq->question->title, p->loc));
		fputs("</a> ", p->f);
		put_outcome(p->f, p, rq);
		fputs("</li>\n", p->f);
	}
	fputs("</ul>\n</section>\n", p->f);
}

/*
 * An estate's results page: the summary first, then each question's
 * details folded (<details>, no script needed) so that a phone shows the
 * outcomes at once and the figures on request.
 */
void
web_estate_page(struct web_page *p, const struct rv_report *r,
    const struct rv_report_extra *x)
{
	const struct rv_estate	*e = r->estates[0];
	const struct rv_plan	*plan = r->plans[0];
	size_t			 i;

	web_head(p, estate_name(e, p->loc));
	fputs("<header>\n<h1>", p->f);
	html_put(p->f, estate_name(e, p->loc));
	fputs(" <small>", p->f);
	html_put(p->f, e->id);
	fputs("</small></h1>\n", p->f);
	if (plan != NULL) {
		fputs("<p class=\"plan\">", p->f);
		html_put(p->f, text_get(&plan->title, p->loc));
		fputs("</p>\n", p->f);
	}
	fprintf(p->f, "<p class=\"at\">%s ", _("Tally as of"));
	web_put_time(p->f, r->at);
	fputs("</p>\n</header>\n<main>\n", p->f);
	if (plan == NULL)
		fprintf(p->f, "<p>%s</p>\n", _("No plan has been imported for "
		    "this estate yet."));
	if (r->nquestions > 0) {
		put_summary(p, r);
		fprintf(p->f, "<h2>%s</h2>\n", _("Details"));
	}
	for (i = 0; i < r->nquestions; i++) {
		fputs("<details>\n<summary>", p->f);
		html_put(p->f, text_get(&r->questions[i].question->title,
		    p->loc));
		fputs(" ", p->f);
		put_outcome(p->f, p, &r->questions[i]);
		fputs("</summary>\n", p->f);
		web_question(p->f, p, &r->questions[i], 3);
		fputs("</details>\n", p->f);
	}
	if (r->npledges > 0)
		fprintf(p->f, "<h2>%s</h2>\n", _("Willingness pledges"));
	for (i = 0; i < r->npledges; i++) {
		fputs("<details>\n<summary>", p->f);
		html_put(p->f, text_get(&r->pledges[i].pledge->text, p->loc));
		fprintf(p->f, " <strong class=\"badge %s nw\">%s</strong>"
		    "</summary>\n", r->pledges[i].result.met ? "met" : "short",
		    r->pledges[i].result.met ? _("met") : _("not met"));
		web_pledge(p->f, p, &r->pledges[i]);
		fputs("</details>\n", p->f);
	}
	put_publications(p, x);
	web_roster_changes(p->f, x);
	web_kiosks(p, x->syncs, x->nsyncs, x->span.paper);
	fputs("</main>\n", p->f);
	web_foot(p, r->at);
}
