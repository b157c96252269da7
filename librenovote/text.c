/*
 * Locale-keyed texts.  Plans carry every text as an object keyed by
 * locale; zh_CN is required.  English falls back to the zh_CN text;
 * zh_TW falls back to the zh_CN text converted to traditional
 * characters with OpenCC, so a zh_TW screen never mixes scripts.
 */

#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <opencc.h>

#include "renovote.h"

/*
 * OpenCC's simplified to Taiwan standard characters, character by
 * character (小区 -> 小區, 社区 -> 社區).  Not s2twp.json: its Taiwan
 * phrases turn 社区 (a neighbourhood, 社區 in Taiwan too) into 社群 (an
 * online community), wrong in every plan; neither has 小区 -> 社區.
 */
#define TEXT_TW_CONFIG		"s2tw.json"
#define TEXT_TW_CACHE_MAX	4096	/* distinct texts converted */
#define TEXT_TW_SLOTS		(2 * TEXT_TW_CACHE_MAX)	/* open addressing */

/* Each zh_CN text converted once: the cache owns both strings. */
static struct {
	char	*src;
	char	*tw;
}		 tw_cache[TEXT_TW_SLOTS];
static size_t	 tw_count;
static opencc_t	 tw_cc = (opencc_t)-1;
static int	 tw_broken;	/* OpenCC could not open its config */
static pthread_mutex_t tw_lock = PTHREAD_MUTEX_INITIALIZER;

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

/* FNV-1a of s, to find its slot in the cache. */
static uint32_t
text_hash(const char *s)
{
	uint32_t	 h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/*
 * The zh_CN text s in traditional characters (Taiwan), converted by
 * OpenCC once and kept for the life of the process.  Should OpenCC fail
 * or the cache be full, s itself: a text shown beats none.
 */
const char *
text_traditional(const char *s)
{
	const char	*out = s;
	char		*tw;
	size_t		 i;

	if (*s == '\0')
		return s;
	pthread_mutex_lock(&tw_lock);
	for (i = text_hash(s) % TEXT_TW_SLOTS; tw_cache[i].src != NULL;
	    i = (i + 1) % TEXT_TW_SLOTS) {
		if (strcmp(tw_cache[i].src, s) == 0) {
			out = tw_cache[i].tw;
			goto out;
		}
	}
	if (tw_count >= TEXT_TW_CACHE_MAX || tw_broken)
		goto out;
	if (tw_cc == (opencc_t)-1 &&
	    (tw_cc = opencc_open(TEXT_TW_CONFIG)) == (opencc_t)-1) {
		tw_broken = 1;
		goto out;
	}
	if ((tw = opencc_convert_utf8(tw_cc, s, strlen(s))) == NULL)
		goto out;
	tw_cache[i].src = xstrdup(s);
	tw_cache[i].tw = xstrdup(tw);
	opencc_convert_utf8_free(tw);
	tw_count++;
	out = tw_cache[i].tw;
out:
	pthread_mutex_unlock(&tw_lock);
	return out;
}

/*
 * The text in locale loc.  Without one: zh_TW gets the zh_CN text in
 * traditional characters, anything else the zh_CN text.  The string
 * lives as long as t (or, converted, the process).
 */
const char *
text_get(const struct rv_text *t, enum rv_locale loc)
{
	const char	*cn;

	if ((unsigned)loc < RV_NLOCALES && t->loc[loc] != NULL)
		return t->loc[loc];
	cn = t->loc[RV_ZH_CN] != NULL ? t->loc[RV_ZH_CN] : "";
	return loc == RV_ZH_TW ? text_traditional(cn) : cn;
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

/*
 * Find the first control character of s (len bytes) other than newline:
 * C0, DEL, or C1 (U+0080..U+009F, 0xC2 0x80..0x9F in UTF-8).  Plan texts
 * and residents' suggestions are drawn on terminals, where a stray
 * escape sequence would repaint the screen; newlines make paragraphs.
 * Returns 1 with *at (the byte offset) and *cp (the code point) set, or
 * 0 when there is none.
 */
int
text_control_find(const char *s, size_t len, size_t *at, unsigned *cp)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i;

	for (i = 0; i < len; i++) {
		if ((p[i] < 0x20 && p[i] != '\n') || p[i] == 0x7f ||
		    (p[i] == 0xc2 && i + 1 < len && p[i + 1] >= 0x80 &&
		    p[i + 1] <= 0x9f)) {
			*at = i;
			*cp = p[i] == 0xc2 ? p[i + 1] : p[i];
			return 1;
		}
	}
	return 0;
}
