/*
 * Pinyin initials of a name ("槐荫小区" -> "HYXQ"), for searching the city
 * index without a Chinese keyboard and without a pinyin library, and a
 * key that sorts names in pinyin order (GB2312 order) for its groups.
 *
 * The classic method: GB2312 orders its level-1 hanzi (区 16-55, codes
 * 0xB0A1-0xD7F9) by pinyin, so the initial of such a character is the
 * letter whose first code is the last one not above the character's
 * code.  Each character is converted to GB2312 with iconv(3).  Limits
 * (docs/publication.md): level-2 hanzi (0xD8A1 on, ordered by radical,
 * e.g. 晖) and hanzi outside GB2312 get no initial: they are written as
 * PINYIN_UNKNOWN, which pinyin_match lets stand for any letter, so
 * "CHXQ" still finds 春晖小区 ("C?XQ"); a polyphonic character gets the
 * initial of the reading GB2312 sorted it under (厦 is X, not S).
 * Digits and ASCII letters are kept (letters upper-cased); anything
 * else (punctuation, symbols) is skipped.
 */

#include "config.h"

#include <iconv.h>
#include <pthread.h>
#include <string.h>

#include "renovote.h"

#define PINYIN_LEVEL1_END	0xD7F9	/* last level-1 hanzi in GB2312 */
#define PINYIN_GB_HANZI		0xB0A1	/* first hanzi in GB2312 */

/* The first GB2312 code of each initial; no hanzi reads with I, U or V. */
static const struct {
	unsigned	 code;
	char		 letter;
} pinyin_first[] = {
	{ 0xB0A1, 'A' }, { 0xB0C5, 'B' }, { 0xB2C1, 'C' }, { 0xB4EE, 'D' },
	{ 0xB6EA, 'E' }, { 0xB7A2, 'F' }, { 0xB8C1, 'G' }, { 0xB9FE, 'H' },
	{ 0xBBF7, 'J' }, { 0xBFA6, 'K' }, { 0xC0AC, 'L' }, { 0xC2E8, 'M' },
	{ 0xC4C3, 'N' }, { 0xC5B6, 'O' }, { 0xC5BE, 'P' }, { 0xC6DA, 'Q' },
	{ 0xC8BB, 'R' }, { 0xC8F6, 'S' }, { 0xCBFA, 'T' }, { 0xCDDA, 'W' },
	{ 0xCEF4, 'X' }, { 0xD1B9, 'Y' }, { 0xD4D1, 'Z' },
};
#define PINYIN_NFIRST	(sizeof pinyin_first / sizeof pinyin_first[0])

/* The conversion, opened once for the life of the process. */
static pthread_mutex_t	 gb_lock = PTHREAD_MUTEX_INITIALIZER;
static iconv_t		 gb_cd = (iconv_t)-1;
static int		 gb_tried;

/*
 * The GB2312 code of the one UTF-8 character of k bytes at s, or 0 when
 * GB2312 has none (or iconv has no GB2312).
 */
static unsigned
pinyin_gb(const char *s, size_t k)
{
	char		 in[4], gb[4], *ip, *op;
	size_t		 inleft, outleft;
	unsigned	 code = 0;

	if (k > sizeof in)
		return 0;
	pthread_mutex_lock(&gb_lock);
	if (!gb_tried) {
		gb_cd = iconv_open("GB2312", "UTF-8");
		gb_tried = 1;
	}
	if (gb_cd != (iconv_t)-1) {
		memcpy(in, s, k);
		ip = in;
		op = gb;
		inleft = k;
		outleft = sizeof gb;
		if (iconv(gb_cd, &ip, &inleft, &op, &outleft) != (size_t)-1 &&
		    op - gb == 2)
			code = (unsigned)(unsigned char)gb[0] << 8 |
			    (unsigned char)gb[1];
		iconv(gb_cd, NULL, NULL, NULL, NULL);
	}
	pthread_mutex_unlock(&gb_lock);
	return code;
}

/* Is code point cp a CJK unified ideograph (the base block or ext. A)? */
static int
pinyin_hanzi(uint32_t cp)
{
	return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF);
}

/* The initial of a GB2312 code, or 0 when it is no level-1 hanzi. */
char
pinyin_initial_gb(unsigned code)
{
	size_t	 i;

	if (code < pinyin_first[0].code || code > PINYIN_LEVEL1_END)
		return 0;
	for (i = PINYIN_NFIRST; i > 0; i--) {
		if (code >= pinyin_first[i - 1].code)
			return pinyin_first[i - 1].letter;
	}
	return 0;
}

/*
 * Write the initials of UTF-8 string s into out (len bytes, NUL included,
 * truncated to fit); return their number.  A hanzi without an initial
 * is PINYIN_UNKNOWN (without an iconv conversion to GB2312, every one).
 * The conversion is opened once and shared under a lock.
 */
size_t
pinyin_initials(const char *s, char *out, size_t len)
{
	uint32_t	 cp;
	size_t		 n = 0, k;
	unsigned	 code;
	char		 c;

	if (len == 0)
		return 0;
	for (; s != NULL && *s != '\0' && n + 1 < len; s += k) {
		k = utf8_decode(s, &cp);
		c = 0;
		if (cp < 0x80) {
			if (cp >= 'a' && cp <= 'z')
				c = (char)(cp - 'a' + 'A');
			else if ((cp >= 'A' && cp <= 'Z') ||
			    (cp >= '0' && cp <= '9'))
				c = (char)cp;
		} else if (pinyin_hanzi(cp)) {
			code = pinyin_gb(s, k);
			c = pinyin_initial_gb(code);
			if (code < PINYIN_GB_HANZI || c == 0)
				c = PINYIN_UNKNOWN;
		}
		if (c != 0)
			out[n++] = c;
	}
	out[n] = '\0';
	return n;
}

/*
 * Write a key for sorting UTF-8 string s in pinyin order into out (len
 * bytes, NUL included, truncated to fit): each character as its two
 * GB2312 bytes (level-1 hanzi are in pinyin order, level-2 after them),
 * ASCII as itself (before every hanzi), anything else as 0xFF and its
 * UTF-8 bytes (after them).  Keys compare with strcmp.
 */
void
pinyin_sort_key(const char *s, char *out, size_t len)
{
	uint32_t	 cp;
	size_t		 n = 0, k;
	unsigned	 code;

	if (len == 0)
		return;
	for (; s != NULL && *s != '\0'; s += k) {
		k = utf8_decode(s, &cp);
		if (cp < 0x80) {
			if (n + 2 > len)
				break;
			out[n++] = *s;
		} else if ((code = pinyin_gb(s, k)) != 0) {
			if (n + 3 > len)
				break;
			out[n++] = (char)(code >> 8);
			out[n++] = (char)(code & 0xff);
		} else {
			if (n + 2 + k > len)
				break;
			out[n++] = (char)0xff;
			memcpy(out + n, s, k);
			n += k;
		}
	}
	out[n] = '\0';
}

/*
 * Does query q occur in initials (as pinyin_initials writes them), ASCII
 * case ignored, PINYIN_UNKNOWN matching any letter?  An empty query, or
 * one with anything but ASCII letters and digits, matches nothing.
 */
int
pinyin_match(const char *initials, const char *q)
{
	size_t	 n = strlen(initials), m = strlen(q), i, j;
	char	 c;

	if (m == 0 || m > n)
		return 0;
	for (j = 0; j < m; j++) {
		if (!((q[j] >= 'a' && q[j] <= 'z') ||
		    (q[j] >= 'A' && q[j] <= 'Z') || (q[j] >= '0' && q[j] <= '9')))
			return 0;
	}
	for (i = 0; i + m <= n; i++) {
		for (j = 0; j < m; j++) {
			c = q[j] >= 'a' && q[j] <= 'z' ? (char)(q[j] - 'a' + 'A') :
			    q[j];
			if (initials[i + j] == c || (initials[i + j] ==
			    PINYIN_UNKNOWN && c >= 'A' && c <= 'Z'))
				continue;
			break;
		}
		if (j == m)
			return 1;
	}
	return 0;
}
