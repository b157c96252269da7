/*
 * Locale-keyed texts.  Plans carry every text as an object keyed by
 * locale; zh_CN is required and the others fall back to it.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "renovote.h"

/* Every way a locale is written, in enum rv_locale's order. */
static const struct {
	const char	*name;	/* plans, the command line, ?lang= */
	const char	*tag;	/* BCP 47: HTML lang= and Content-Language */
	const char	*title;	/* named in itself, so anybody finds theirs */
} locales[RV_NLOCALES] = {
	{ "zh_CN", "zh-CN", "简体中文" },
	{ "zh_TW", "zh-TW", "繁體中文" },
	{ "en", "en", "English" }
};

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
	return locales[(unsigned)loc < RV_NLOCALES ? loc : RV_ZH_CN].name;
}

/* The BCP 47 tag of a locale ("zh-CN"), for lang= and Content-Language. */
const char *
locale_tag(enum rv_locale loc)
{
	return locales[(unsigned)loc < RV_NLOCALES ? loc : RV_ZH_CN].tag;
}

/* A locale's language named in itself ("繁體中文"), for a language menu. */
const char *
locale_title(enum rv_locale loc)
{
	return locales[(unsigned)loc < RV_NLOCALES ? loc : RV_ZH_CN].title;
}

/* Look a locale up by name; returns 0 on success, -1 if unknown. */
int
locale_from_name(const char *name, enum rv_locale *loc)
{
	int	 i;

	for (i = 0; i < RV_NLOCALES; i++) {
		if (strcmp(name, locales[i].name) == 0) {
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
