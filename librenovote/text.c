/*
 * Locale-keyed texts.  Plans carry every text as an object keyed by
 * locale; zh_CN is required and the others fall back to it.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "renovote.h"

static const char *locale_names[RV_NLOCALES] = { "zh_CN", "zh_TW", "en" };

/* The text in locale loc, or its zh_CN text when loc has none. */
const char *
text_get(const struct rv_text *t, enum rv_locale loc)
{
	if ((unsigned)loc < RV_NLOCALES && t->loc[loc] != NULL)
		return t->loc[loc];
	return t->loc[RV_ZH_CN] != NULL ? t->loc[RV_ZH_CN] : "";
}

/* The name of a locale as plans and the command line spell it. */
const char *
locale_name(enum rv_locale loc)
{
	return (unsigned)loc < RV_NLOCALES ? locale_names[loc] : "zh_CN";
}

/* Look a locale up by name; returns 0 on success, -1 if unknown. */
int
locale_from_name(const char *name, enum rv_locale *loc)
{
	int	 i;

	for (i = 0; i < RV_NLOCALES; i++) {
		if (strcmp(name, locale_names[i]) == 0) {
			*loc = (enum rv_locale)i;
			return 0;
		}
	}
	return -1;
}

/* Free every string of a text and leave it empty. */
void
text_clear(struct rv_text *t)
{
	int	 i;

	for (i = 0; i < RV_NLOCALES; i++) {
		free(t->loc[i]);
		t->loc[i] = NULL;
	}
}
