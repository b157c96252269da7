/*
 * Presentation helpers shared by pages and terminals.  They format what
 * the tally decided; they never compare a count with a threshold.
 */

#include "config.h"

#include <stdio.h>

#include "present.h"

/*
 * The threshold of bar b in short: "≥2/3" for "at least", ">1/2" for
 * "more than", as the dashboard and the kiosk's tally show it.
 */
void
present_threshold(const struct rv_bar *b, char *buf, size_t len)
{
	snprintf(buf, len, "%s%u/%u", b->strict ? ">" : "≥", b->num, b->den);
}

/*
 * The locale plan texts are shown in: the one whose catalogue is in use,
 * or English (falling back to zh_CN per text) when none is.
 */
enum rv_locale
present_text_locale(void)
{
	enum rv_locale	 loc;

	/* TRANSLATORS: the plan-text locale of this catalogue: zh_CN or zh_TW. */
	if (locale_from_name(_("en"), &loc) != 0)
		loc = RV_EN;
	return loc;
}

/* The localised word for an outcome (also on the results pages). */
const char *
present_outcome_label(enum rv_outcome o)
{
	switch (o) {
	case RV_OUT_OPEN:
		return _("open (voting continues)");
	case RV_OUT_NOT_QUORATE:
		return _("not quorate (too few took part)");
	case RV_OUT_APPROVED:
		return _("approved");
	case RV_OUT_REJECTED:
		return _("rejected");
	case RV_OUT_ADOPTED:
		return _("adopted");
	case RV_OUT_NO_OPTION:
		return _("no option adopted");
	case RV_OUT_CLOSED:
		return _("closed (answers are no longer taken)");
	}
	return "";
}

/* The rule applied to a question, in words (also on the results pages). */
const char *
present_rule_text(const struct rv_question *q)
{
	if (!question_decides(q))
		return _("an opinion, not a decision: each owner counts once, "
		    "with their flats and area; nothing passes or fails");
	if (q->matter == RV_MAJOR)
		return _("major matter: at least 2/3 of owners and of area "
		    "take part; at least 3/4 of those taking part agree, by "
		    "owners and by area");
	return _("ordinary matter: at least 2/3 of owners and of area take "
	    "part; more than 1/2 of those taking part agree, by owners and "
	    "by area");
}

/*
 * The line saying what is still needed for one bar (also on the results
 * pages): only the measures that still fall short, since "0 more owners"
 * reads as if owners were missing.  Assumes the tally asked for it to be
 * shown (show_need_*), so at least one measure is short.
 */
void
present_need_line(FILE *f, const char *what, const struct rv_count *need)
{
	char	 area[32];

	area_format(need->area, area, sizeof area);
	if (need->owners > 0 && need->area > 0)
		fprintf(f, _("still needed for %s: %lld more owners, %s m2 "
		    "more area\n"), what, (long long)need->owners, area);
	else if (need->owners > 0)
		fprintf(f, _("still needed for %s: %lld more owners\n"), what,
		    (long long)need->owners);
	else
		fprintf(f, _("still needed for %s: %s m2 more area\n"), what,
		    area);
}

/*
 * A few words for a result decided early, or NULL: shown beside an open
 * question's status, so a resident sees at once that the thresholds are
 * already reached or can no longer be.
 */
const char *
present_early_label(enum rv_early e)
{
	switch (e) {
	case RV_EARLY_PASSES:
		return _("thresholds already reached");
	case RV_EARLY_FAILS:
		return _("can no longer pass");
	case RV_EARLY_NONE:
		break;
	}
	return NULL;
}

/*
 * The rows of the figures of q, a question that decides nothing, as
 * tally.c counted them in r: each option (choose-many, rank, with its
 * points for rank) by title in locale loc, or each step of a rating
 * ("4 满意"), then abstain or "not used".  Fills rows (PRESENT_ROWS_MAX)
 * and returns how many.  Every presentation shows these, in this order.
 */
size_t
present_opinion_rows(const struct rv_question *q, const struct rv_qresult *r,
    enum rv_locale loc, struct present_row *rows)
{
	const struct rv_opinion	*op = &r->opinion;
	size_t			 i, n = 0;

	if (q->kind == RV_RATING) {
		for (i = 0; i < (size_t)(q->max - q->min + 1) &&
		    i < RV_STEPS_MAX; i++, n++) {
			snprintf(rows[n].label, sizeof rows[n].label, "%d %s",
			    q->min + (int)i, i < q->nlabels ?
			    text_get(&q->labels[i], loc) : "");
			rows[n].count = &op->steps[i];
			rows[n].points = -1;
		}
		/* TRANSLATORS: a rating answered "none": the item not used. */
		snprintf(rows[n].label, sizeof rows[n].label, "%s",
		    _("not used"));
	} else {
		for (i = 0; i < q->noptions && i < RV_OPTIONS_MAX; i++, n++) {
			snprintf(rows[n].label, sizeof rows[n].label, "%s",
			    text_get(&q->options[i].title, loc));
			rows[n].count = &op->options[i];
			rows[n].points = q->kind == RV_RANK ? op->points[i] :
			    -1;
		}
		snprintf(rows[n].label, sizeof rows[n].label, "%s",
		    _("abstain"));
	}
	rows[n].count = &op->none;
	rows[n].points = -1;
	return n + 1;
}

/*
 * The line under a rating's rows, "mean 4.33 (13/3), answers with a
 * step: 3", or that there is none yet, into buf (len bytes).
 */
void
present_mean_line(const struct rv_opinion *op, char *buf, size_t len)
{
	char	 m[RV_MEAN_TEXT];

	if (tally_mean_format(op, m, sizeof m) != 0) {
		snprintf(buf, len, "%s", _("mean: no answers with a step yet"));
		return;
	}
	snprintf(buf, len, _("mean %s (%lld/%lld), answers with a step: %lld"), m,
	    (long long)op->mean_num, (long long)op->mean_den,
	    (long long)op->answers);
}
