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
