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
 * pages).
 */
void
present_need_line(FILE *f, const char *what, const struct rv_count *need)
{
	char	 area[32];

	area_format(need->area, area, sizeof area);
	fprintf(f, _("still needed for %s: %lld more owners, %s m2 more "
	    "area\n"), what, (long long)need->owners, area);
}
