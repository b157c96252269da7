/*
 * The readable consent tally: per estate, per question, the eligible and
 * participating owners and area, each choice, the rule applied, whether
 * each bar is met, and what is still needed.  Labels follow the locale
 * (gettext); columns are aligned in display columns, so Chinese labels
 * line up.
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "office.h"

#define LABEL_COLS	16	/* display columns of the label column */



/*
 * One row: label, owners with their share of base owners, area with its
 * share of base area, and an optional mark.
 */
static void
print_row(FILE *f, const char *label, const struct rv_count *c,
    const struct rv_count *base, const char *mark)
{
	char	 area[32], po[16] = "", pa[16] = "";

	area_format(c->area, area, sizeof area);
	if (base != NULL) {
		percent_format(c->owners, base->owners, po, sizeof po);
		percent_format(c->area, base->area, pa, sizeof pa);
	}
	fputs("    ", f);
	fput_padded(f, label, LABEL_COLS);
	fprintf(f, "%6lld %-8s %12s", (long long)c->owners, po, area);
	if (mark != NULL)
		fprintf(f, " %-8s %s", pa, mark);
	else if (*pa != '\0')
		fprintf(f, " %s", pa);
	fputc('\n', f);
}



/* Print what is still needed for one bar, when the tally says it is worth showing. */
static void
print_need(FILE *f, const char *what, const struct rv_count *need, int shown)
{
	if (!shown)
		return;
	fputs("    ", f);
	present_need_line(f, what, need);
}

/* One row of a question that decides nothing: owners, flats, area. */
static void
print_tcount(FILE *f, const char *label, const struct rv_tcount *c,
    int64_t points)
{
	char	 area[32];

	area_format(c->area, area, sizeof area);
	fputs("    ", f);
	fput_padded(f, label, LABEL_COLS);
	fprintf(f, "%6lld %6lld %12s", (long long)c->owners,
	    (long long)c->flats, area);
	if (points >= 0)
		fprintf(f, " %6lld", (long long)points);
	fputc('\n', f);
}

/*
 * Print the rest of the tally of a question that decides nothing, once
 * print_question has begun its table: its figures as
 * present_opinion_rows lists them, open or closed, no mark of a bar.
 */
static void
print_opinion(FILE *f, const struct rv_report_question *rq)
{
	const struct rv_question	*q = rq->question;
	const struct rv_qresult		*r = &rq->result;
	struct present_row		 rows[PRESENT_ROWS_MAX];
	char				 mean[PRESENT_MEAN_MAX];
	size_t				 i, n;

	fputc(' ', f);
	fput_right(f, _("flats"), 6);
	fputc(' ', f);
	fput_right(f, _("area m2"), 12);
	if (q->kind == RV_RANK) {
		fputc(' ', f);
		fput_right(f, _("points"), 6);
	}
	fputc('\n', f);
	print_tcount(f, _("eligible"), &r->opinion.eligible, -1);
	print_tcount(f, _("taking part"), &r->opinion.participating, -1);
	n = present_opinion_rows(q, r, present_text_locale(), rows);
	for (i = 0; i < n; i++)
		print_tcount(f, rows[i].label, rows[i].count, rows[i].points);
	if (q->kind == RV_RATING) {
		present_mean_line(&r->opinion, mean, sizeof mean);
		fprintf(f, "    %s\n", mean);
	}
	fprintf(f, "    %s %s\n\n", _("result:"),
	    present_outcome_label(r->outcome));
}

/* Print one question's tally. */
static void
print_question(FILE *f, const struct rv_report_question *rq)
{
	const struct rv_question	*q = rq->question;
	const struct rv_qresult		*r = &rq->result;
	const char			*met = _("[met]");
	const char			*short_ = _("[not met]");
	char				 closes[RV_TIME_MAX];
	uint32_t			 c, n = (uint32_t)question_nchoices(q);

	time_format(q->closes, RV_CST_OFFSET, closes, sizeof closes);
	fprintf(f, "  %s  %s\n", q->id,
	    text_get(&q->title, present_text_locale()));
	fprintf(f, "    %s\n", present_rule_text(q));
	fprintf(f, "    %s %s\n", _("closes:"), closes);
	fputs("    ", f);
	fput_padded(f, "", LABEL_COLS);
	fput_right(f, _("owners"), 6);
	if (!question_decides(q)) {
		print_opinion(f, rq);
		return;
	}
	fputs("          ", f);
	fput_right(f, _("area m2"), 12);
	fputc('\n', f);
	print_row(f, _("eligible"), &r->eligible, NULL, NULL);
	print_row(f, _("taking part"), &r->participating, &r->eligible,
	    r->participation_met ? met : short_);
	/*
	 * Options by id, as in the tally JSON, so the table stays narrow;
	 * the approval mark goes on the choice the tally judged.
	 */
	for (c = 0; c < n; c++)
		print_row(f, q->kind == RV_CHOOSE_ONE && c < q->noptions ?
		    question_choice_id(q, c) : question_choice_label(q, c,
		    present_text_locale()), &r->choices[c],
		    &r->participating, (int)c == r->judged ?
		    (r->approval_met ? met : short_) : NULL);
	fprintf(f, "    %s %s", _("result:"), present_outcome_label(r->outcome));
	if (r->outcome == RV_OUT_ADOPTED)
		fprintf(f, " (%s)", q->options[r->adopted].id);
	if (present_early_label(r->early) != NULL)
		fprintf(f, " (%s)", present_early_label(r->early));
	fputc('\n', f);
	print_need(f, _("participation"), &r->need_participation,
	    r->show_need_participation);
	print_need(f, _("approval"), &r->need_approval, r->show_need_approval);
	fputc('\n', f);
}

/* Print one pledge's tally. */
static void
print_pledge(FILE *f, const struct rv_report_pledge *rp)
{
	const struct rv_presult	*r = &rp->result;
	char			 area[32], sarea[32], pf[16], pa[16];

	area_format(r->area, area, sizeof area);
	area_format(r->signed_area, sarea, sizeof sarea);
	percent_format(r->signed_flats, r->flats, pf, sizeof pf);
	percent_format(r->signed_area, r->area, pa, sizeof pa);
	fprintf(f, "  %s  %s\n", rp->pledge->id,
	    text_get(&rp->pledge->text, present_text_locale()));
	fprintf(f, _("    signed by %lld of %lld flats (%s), %s of %s m2 (%s); "
	    "threshold %u/%u of flats: %s\n\n"), (long long)r->signed_flats,
	    (long long)r->flats, pf, sarea, area, pa,
	    r->bar.num, r->bar.den, r->bar.met ? _("[met]") : _("[not met]"));
}

/* Print the whole report, estate by estate. */
void
tally_print_text(FILE *f, const struct rv_report *r)
{
	char	 at[RV_TIME_MAX];
	size_t	 i, j;

	time_format(r->at, r->offset, at, sizeof at);
	fprintf(f, _("Consent tally as of %s\n\n"), at);
	for (i = 0; i < r->nestates; i++) {
		const struct rv_estate *e = r->estates[i];

		fprintf(f, "%s  %s\n", estate_name(e, present_text_locale()),
		    e->id);
		if (r->plans[i] == NULL) {
			fprintf(f, _("  no plan imported yet\n\n"));
			continue;
		}
		for (j = 0; j < r->nquestions; j++) {
			if (r->questions[j].estate == e)
				print_question(f, &r->questions[j]);
		}
		for (j = 0; j < r->npledges; j++) {
			if (r->pledges[j].estate == e)
				print_pledge(f, &r->pledges[j]);
		}
	}
	if (r->nflags > 0)
		fprintf(f, _("Kiosks flagged for the committee:\n"));
	for (i = 0; i < r->nflags; i++) {
		time_format(r->flags[i].at, r->offset, at, sizeof at);
		fprintf(f, "  %s  %s  %s\n", r->flags[i].device, at,
		    r->flags[i].reason);
	}
}
