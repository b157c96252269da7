/*
 * Small exact conversions: UTF-8 checks, ids, areas in hundredths of a
 * square metre and money in fen.  Nothing here uses floating point to
 * decide anything; money_from_json_number only accepts a double that is
 * exactly a whole number of fen.
 */

#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "renovote.h"

/*
 * Is s[0..len) well-formed UTF-8 (no overlong forms, no surrogates, no
 * code points past U+10FFFF)?
 */
int
utf8_valid(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, n, k;
	uint32_t		 cp;

	while (i < len) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if ((p[i] & 0xe0) == 0xc0) {
			n = 1;
			cp = p[i] & 0x1f;
		} else if ((p[i] & 0xf0) == 0xe0) {
			n = 2;
			cp = p[i] & 0x0f;
		} else if ((p[i] & 0xf8) == 0xf0) {
			n = 3;
			cp = p[i] & 0x07;
		} else
			return 0;
		if (len - i <= n)
			return 0;
		for (k = 1; k <= n; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) ||
		    (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += n + 1;
	}
	return 1;
}

/*
 * Is s acceptable as an id: 1 to RV_ID_MAX bytes of UTF-8, no control
 * characters, no white space at either end, no comma, slash or quote (ids
 * appear in CSV files, URLs and file names)?
 */
int
id_valid(const char *s)
{
	size_t	 len = strlen(s), i;

	if (len == 0 || len > RV_ID_MAX || !utf8_valid(s, len))
		return 0;
	if (s[0] == ' ' || s[len - 1] == ' ')
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f || c == ',' || c == '/' ||
		    c == '"' || c == '\\' || c == '?' || c == '#' || c == '%')
			return 0;
	}
	return 1;
}

/*
 * Parse a positive area with up to two decimals ("60", "75.5", "75.50")
 * into hundredths of a square metre.  On failure *cause says why, without
 * naming the field: the caller knows where the text came from.
 */
enum rv_status
area_parse(const char *s, rv_area *out, char **cause)
{
	const char	*p = s;
	int64_t		 whole = 0, frac = 0;
	int		 ndig = 0, nfrac = 0;

	while (*p >= '0' && *p <= '9') {
		if (whole > RV_AREA_MAX)
			break;
		whole = whole * 10 + (*p++ - '0');
		ndig++;
	}
	if (ndig == 0)
		return rv_fail(cause, RV_EINPUT,
		    "'%s' is not an area in square metres", s);
	if (*p == '.') {
		p++;
		while (*p >= '0' && *p <= '9') {
			if (++nfrac > 2)
				return rv_fail(cause, RV_EINPUT,
				    "'%s' has more than two decimals", s);
			frac = frac * 10 + (*p++ - '0');
		}
		if (nfrac == 0)
			return rv_fail(cause, RV_EINPUT,
			    "'%s' is not an area in square metres", s);
		if (nfrac == 1)
			frac *= 10;
	}
	if (*p != '\0')
		return rv_fail(cause, RV_EINPUT,
		    "'%s' is not an area in square metres", s);
	if (whole > RV_AREA_MAX / 100 || whole * 100 + frac > RV_AREA_MAX)
		return rv_fail(cause, RV_EINPUT,
		    "'%s' is larger than any flat (%d m2)", s,
		    RV_AREA_MAX / 100);
	if (whole * 100 + frac <= 0)
		return rv_fail(cause, RV_EINPUT, "'%s' is not positive", s);
	*out = whole * 100 + frac;
	return RV_OK;
}

/* Format hundredths as a decimal with exactly two places ("451.00"). */
void
area_format(rv_area a, char *buf, size_t len)
{
	const char	*sign = a < 0 ? "-" : "";
	uint64_t	 u = a < 0 ? (uint64_t)0 - (uint64_t)a : (uint64_t)a;

	snprintf(buf, len, "%s%" PRIu64 ".%02" PRIu64, sign, u / 100, u % 100);
}

/* Money is formatted like areas: yuan with two places. */
void
money_format(int64_t fen, char *buf, size_t len)
{
	area_format(fen, buf, len);
}

/*
 * Convert a JSON number of yuan to fen.  Returns 0 on success, -1 when the
 * number is negative, too large, or not a whole number of fen.
 */
int
money_from_json_number(double yuan, int64_t *fen)
{
	double	 scaled = yuan * 100.0, r;

	if (!isfinite(yuan) || yuan < 0 || yuan > 1e13)
		return -1;
	r = nearbyint(scaled);
	if (fabs(scaled - r) > 1e-6 * (1.0 + fabs(r)))
		return -1;
	*fen = (int64_t)r;
	return 0;
}

/* Ceiling of a / b for a >= 0, b > 0. */
int64_t
ceil_div(int64_t a, int64_t b)
{
	return (a + b - 1) / b;
}
