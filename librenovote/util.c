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
#include <stdlib.h>
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
 * Is s acceptable as an id: 1 to RV_ID_MAX bytes of UTF-8; no control
 * characters (C0 or C1); no white space at all, ASCII or Unicode (an
 * input method's full-width space U+3000 would otherwise make "3号楼 "
 * silently differ from "3号楼"); no comma, slash, quote, backslash, '?',
 * '#' or '%' (ids appear in CSV files, URLs and file names); and no
 * leading '=', '+', '-' or '@', which spreadsheets run as formulas when a
 * print shop opens a slips file.
 */
int
id_valid(const char *s)
{
	size_t		 len = strlen(s), i = 0;
	uint32_t	 cp;

	if (len == 0 || len > RV_ID_MAX || !utf8_valid(s, len) ||
	    strchr("=+-@", s[0]) != NULL)
		return 0;
	while (i < len) {
		i += utf8_decode(s + i, &cp);
		if (cp <= 0x20 || (cp >= 0x7f && cp <= 0xa0) ||
		    cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200f) ||
		    cp == 0x2028 || cp == 0x2029 || cp == 0x202f ||
		    cp == 0x205f || cp == 0x3000 || cp == 0xfeff ||
		    (cp < 0x80 && strchr(",/\"\\?#%", (int)cp) != NULL))
			return 0;
	}
	return 1;
}

/*
 * Is s acceptable as the choice of an answer or a ballot: one id, or
 * ids joined by single commas ("lift,roof"), at most RV_NAME_MAX bytes
 * (docs/protocol.md, "Records")?  Ids contain no comma, so the split is
 * exact.
 */
int
choice_text_valid(const char *s)
{
	char		 part[RV_ID_MAX + 1];
	const char	*comma;
	size_t		 n;

	if (strlen(s) > RV_NAME_MAX)
		return 0;
	for (;;) {
		comma = strchr(s, ',');
		n = comma != NULL ? (size_t)(comma - s) : strlen(s);
		if (n == 0 || n > RV_ID_MAX)
			return 0;
		memcpy(part, s, n);
		part[n] = '\0';
		if (!id_valid(part))
			return 0;
		if (comma == NULL)
			return 1;
		s = comma + 1;
	}
}

/*
 * Is s acceptable as a name (of an estate, an owner, a clerk): valid
 * UTF-8, at most RV_NAME_MAX bytes, no control characters (they would
 * reach terminals and printed notices)?
 */
int
name_valid(const char *s)
{
	size_t		 len = strlen(s), i = 0;
	uint32_t	 cp;

	if (len > RV_NAME_MAX || !utf8_valid(s, len))
		return 0;
	while (i < len) {
		i += utf8_decode(s + i, &cp);
		if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
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

/*
 * Parse a sum of money in yuan with up to two decimals ("1200", "35.5",
 * "0") into fen, at most RV_MONEY_MAX fen; negative amounts are refused.
 */
enum rv_status
money_parse(const char *s, int64_t *fen, char **cause)
{
	const char	*p = s;
	int64_t		 v = 0;
	int		 nint = 0, nfrac = 0;

	for (; *p >= '0' && *p <= '9'; p++, nint++) {
		if (v > RV_MONEY_MAX / 10)
			goto big;
		v = v * 10 + (*p - '0');
	}
	if (nint == 0)
		goto bad;
	v *= 100;
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++) {
			if (++nfrac > 2)
				goto bad;
			v += (*p - '0') * (nfrac == 1 ? 10 : 1);
		}
		if (nfrac == 0)
			goto bad;
	}
	if (*p != '\0')
		goto bad;
	if (v > RV_MONEY_MAX)
		goto big;
	*fen = v;
	return RV_OK;
bad:
	return rv_fail(cause, RV_EINPUT, "'%s' is not an amount in yuan "
	    "(e.g. 1200 or 35.50)", s);
big:
	return rv_fail(cause, RV_EINPUT, "'%s' is more than %lld yuan", s,
	    (long long)(RV_MONEY_MAX / 100));
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

/* Write len bytes as lower-case hex into out (2 * len + 1 bytes). */
void
hex_encode(const uint8_t *in, size_t len, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t	 i;

	for (i = 0; i < len; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 0xf];
	}
	out[2 * len] = '\0';
}

/* A hex digit's value (either case), or -1. */
static int
hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Decode exactly len bytes from the inlen hex digits at in (either case).
 * Returns 0, or -1 (out may then be partly written).
 */
int
hex_decode(const char *in, size_t inlen, uint8_t *out, size_t len)
{
	size_t	 i;
	int	 hi, lo;

	if (inlen != 2 * len)
		return -1;
	for (i = 0; i < len; i++) {
		if ((hi = hex_digit(in[2 * i])) < 0 ||
		    (lo = hex_digit(in[2 * i + 1])) < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

/* Store v in n bytes at p, most significant first (n <= 8). */
void
be_put(uint8_t *p, uint64_t v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
}

/* Read an n-byte big-endian unsigned integer at p (n <= 8). */
uint64_t
be_get(const uint8_t *p, size_t n)
{
	uint64_t v = 0;
	size_t	 i;

	for (i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

/* Ceiling of a / b for a >= 0, b > 0. */
int64_t
ceil_div(int64_t a, int64_t b)
{
	return (a + b - 1) / b;
}

/*
 * Display columns of one code point: 0 for combining marks and zero-width
 * characters, 2 for East Asian wide and full-width ranges (Han, kana,
 * Hangul, full-width forms, CJK punctuation), 1 otherwise.  The table is
 * ours, not the C library's, so layout never depends on the machine's
 * locale data.
 */
int
codepoint_width(uint32_t cp)
{
	static const uint32_t wide[][2] = {
		{ 0x1100, 0x115f }, { 0x2e80, 0x303e }, { 0x3041, 0x33ff },
		{ 0x3400, 0x4dbf }, { 0x4e00, 0x9fff }, { 0xa000, 0xa4cf },
		{ 0xac00, 0xd7a3 }, { 0xf900, 0xfaff }, { 0xfe10, 0xfe19 },
		{ 0xfe30, 0xfe6f }, { 0xff00, 0xff60 }, { 0xffe0, 0xffe6 },
		{ 0x1f300, 0x1f64f }, { 0x1f900, 0x1f9ff },
		{ 0x20000, 0x2fffd }, { 0x30000, 0x3fffd },
	};
	size_t	 i;

	if (cp == 0 || (cp >= 0x300 && cp <= 0x36f) ||
	    (cp >= 0x200b && cp <= 0x200f) || cp == 0xfeff)
		return 0;
	for (i = 0; i < sizeof wide / sizeof wide[0]; i++) {
		if (cp >= wide[i][0] && cp <= wide[i][1])
			return 2;
	}
	return 1;
}

/*
 * Decode the code point at s (valid UTF-8 assumed; a stray byte decodes
 * as itself) and return its length in bytes.
 */
size_t
utf8_decode(const char *s, uint32_t *cp)
{
	const unsigned char	*p = (const unsigned char *)s;

	if (p[0] < 0x80 || (p[0] & 0xc0) == 0x80) {
		*cp = p[0];
		return 1;
	}
	if ((p[0] & 0xe0) == 0xc0 && (p[1] & 0xc0) == 0x80) {
		*cp = (uint32_t)(p[0] & 0x1f) << 6 | (p[1] & 0x3f);
		return 2;
	}
	if ((p[0] & 0xf0) == 0xe0 && (p[1] & 0xc0) == 0x80 &&
	    (p[2] & 0xc0) == 0x80) {
		*cp = (uint32_t)(p[0] & 0x0f) << 12 |
		    (uint32_t)(p[1] & 0x3f) << 6 | (p[2] & 0x3f);
		return 3;
	}
	if ((p[0] & 0xf8) == 0xf0 && (p[1] & 0xc0) == 0x80 &&
	    (p[2] & 0xc0) == 0x80 && (p[3] & 0xc0) == 0x80) {
		*cp = (uint32_t)(p[0] & 0x07) << 18 |
		    (uint32_t)(p[1] & 0x3f) << 12 |
		    (uint32_t)(p[2] & 0x3f) << 6 | (p[3] & 0x3f);
		return 4;
	}
	*cp = p[0];
	return 1;
}

/* Display columns of a UTF-8 string. */
size_t
utf8_width(const char *s)
{
	size_t		 w = 0;
	uint32_t	 cp;

	while (*s != '\0') {
		s += utf8_decode(s, &cp);
		w += (size_t)codepoint_width(cp);
	}
	return w;
}

/* Print s then spaces up to width display columns. */
void
fput_padded(FILE *f, const char *s, size_t width)
{
	size_t	 w = utf8_width(s);

	fputs(s, f);
	for (; w < width; w++)
		fputc(' ', f);
}

/* Print spaces up to width display columns, then s. */
void
fput_right(FILE *f, const char *s, size_t width)
{
	size_t	 w = utf8_width(s);

	for (; w < width; w++)
		fputc(' ', f);
	fputs(s, f);
}

/*
 * Format part/whole as a percentage with two places ("66.74%"), exactly,
 * truncating; "-" when whole is 0.
 */
void
percent_format(int64_t part, int64_t whole, char *buf, size_t len)
{
	int64_t	 bp;

	if (whole <= 0) {
		snprintf(buf, len, "-");
		return;
	}
	bp = part * 10000 / whole;
	snprintf(buf, len, "%lld.%02lld%%", (long long)(bp / 100),
	    (long long)(bp % 100));
}

/*
 * Line breaking (text_wrap).  A paragraph is cut into units: a run of
 * narrow characters between spaces (a Latin word, a number such as
 * "39,298.00", "m²"), or one wide character (Han, full-width
 * punctuation).  Units are then glued where no line may break:
 *
 *   - before closing punctuation (，。、；：！？）」』》% ...: kinsoku, so
 *     no line starts with one; the character before goes down with it);
 *   - after opening punctuation (（「『《“ ￥ ...);
 *   - between a number and its unit ("39,298.00 元", "75 %", "3号"),
 *     across at most one space.
 *
 * The glued runs (segments) are laid out greedily; a segment wider than
 * the line is cut between characters, only as a last resort.  Last, a
 * paragraph's last line of a single character takes the segment before
 * it down too, so no character stands alone.
 */

#define WRAP_UNIT_GAP	1	/* spaces a number and its unit may have */

/* Units that stay with the number before them, longest first. */
static const char *const wrap_units[] = {
	"平方公尺", "平方米", "万元", "萬元", "亿元", "億元", "平米",
	"m²", "m2", "㎡", "%", "％", "‰", "元", "万", "萬", "亿", "億", "角",
	"户", "戶", "人", "票", "年", "月", "日", "时", "時", "分", "秒",
	"号", "號", "步", "页", "頁", "项", "項", "栋", "棟", "层", "層",
	"楼", "樓", "岁", "歲", "个", "個", "次", "位",
};

/* May no line start with cp (closing punctuation, kinsoku)? */
static int
wrap_closing(uint32_t cp)
{
	static const uint32_t closing[] = {
		',', '.', ';', ':', '!', '?', ')', ']', '}', '%', '/',
		0x00b7, 0x2019, 0x201d, 0x2026, 0x2030, 0x3001, 0x3002,
		0x3009, 0x300b, 0x300d, 0x300f, 0x3011, 0x3015, 0x3017,
		0x30fb, 0xff01, 0xff05, 0xff09, 0xff0c, 0xff0e, 0xff1a,
		0xff1b, 0xff1f, 0xff3d, 0xff5d, 0xff64, 0xff61,
	};
	size_t	 i;

	for (i = 0; i < sizeof closing / sizeof closing[0]; i++)
		if (cp == closing[i])
			return 1;
	return 0;
}

/* May no line end with cp (opening punctuation, a currency sign)? */
static int
wrap_opening(uint32_t cp)
{
	static const uint32_t opening[] = {
		'(', '[', '{', 0x00a5, 0x2018, 0x201c, 0x3008, 0x300a,
		0x300c, 0x300e, 0x3010, 0x3014, 0x3016, 0xff08, 0xff3b,
		0xff5b, 0xffe5,
	};
	size_t	 i;

	for (i = 0; i < sizeof opening / sizeof opening[0]; i++)
		if (cp == opening[i])
			return 1;
	return 0;
}

/* A unit of a paragraph: bytes [start, end), its columns and gap. */
struct wrap_unit {
	size_t	 start, end;
	size_t	 width;
	size_t	 gap;		/* spaces before it */
	int	 glued;		/* no break between it and the one before */
	int	 numeric;	/* a number: has a digit, ends in one or % */
	uint32_t first, last;	/* its first and last code points */
};

/* Does s (a paragraph ending at end) start with a unit after a number? */
static size_t
wrap_unit_after(const char *s, size_t end)
{
	size_t	 i, n;

	for (i = 0; i < sizeof wrap_units / sizeof wrap_units[0]; i++) {
		n = strlen(wrap_units[i]);
		if (n <= end && strncmp(s, wrap_units[i], n) == 0)
			return n;
	}
	return 0;
}

/*
 * Cut the paragraph s[0, end) into units and glue them; returns the
 * count, *out receives them (allocated).
 */
static size_t
wrap_units_of(const char *s, size_t end, struct wrap_unit **out)
{
	struct wrap_unit *u = NULL, *cur;
	size_t		 n = 0, cap = 0, pos = 0, gap, len, k, until = 0;
	uint32_t	 cp;
	int		 digit;

	while (pos < end) {
		for (gap = 0; pos < end && s[pos] == ' '; pos++)
			gap++;
		if (pos == end)
			break;
		if (n == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			u = xreallocarray(u, cap, sizeof *u);
		}
		cur = &u[n];
		memset(cur, 0, sizeof *cur);
		cur->start = pos;
		cur->gap = gap;
		len = utf8_decode(s + pos, &cp);
		cur->first = cp;
		digit = 0;
		if (codepoint_width(cp) == 2) {
			pos += len;
			cur->width = 2;
			cur->last = cp;
		} else {
			while (pos < end && s[pos] != ' ') {
				len = utf8_decode(s + pos, &cp);
				if (codepoint_width(cp) == 2)
					break;
				if (cp >= '0' && cp <= '9')
					digit = 1;
				cur->width += (size_t)codepoint_width(cp);
				cur->last = cp;
				pos += len;
			}
		}
		cur->end = pos;
		cur->numeric = digit && ((cur->last >= '0' &&
		    cur->last <= '9') || cur->last == '%');
		if (n > 0) {
			struct wrap_unit *prev = &u[n - 1];

			if (wrap_closing(cur->first) ||
			    (gap == 0 && wrap_opening(prev->last)) ||
			    cur->start < until)
				cur->glued = 1;
			else if (prev->numeric && gap <= WRAP_UNIT_GAP &&
			    (k = wrap_unit_after(s + cur->start,
			    end - cur->start)) != 0) {
				cur->glued = 1;
				until = cur->start + k;
			}
		}
		n++;
	}
	*out = u;
	return n;
}

/* A piece laid out on a line: bytes [start, end), columns, gap. */
struct wrap_piece {
	size_t	 start, end;
	size_t	 width;
	size_t	 gap;
	int	 one;		/* a single code point */
};

/* Append a piece [start, end) of width w after gap spaces. */
static void
wrap_piece_add(const char *s, struct wrap_piece **p, size_t *n,
    size_t *cap, size_t start, size_t end, size_t w, size_t gap)
{
	uint32_t	 cp;

	if (*n == *cap) {
		*cap = *cap == 0 ? 16 : *cap * 2;
		*p = xreallocarray(*p, *cap, sizeof **p);
	}
	(*p)[*n].start = start;
	(*p)[*n].end = end;
	(*p)[*n].width = w;
	(*p)[*n].gap = gap;
	(*p)[*n].one = utf8_decode(s + start, &cp) == end - start;
	(*n)++;
}

/*
 * Turn units into pieces: each glued run one piece.  A run wider than
 * width is cut, as a last resort: at unit boundaries where it can (not
 * before closing punctuation), and a unit wider than the line between
 * characters.  Returns the count; *out receives them (allocated).
 */
static size_t
wrap_pieces(const char *s, const struct wrap_unit *u, size_t nu,
    size_t width, struct wrap_piece **out)
{
	struct wrap_piece *p = NULL;
	size_t		 n = 0, cap = 0, i, j, k, w, pos, len, cw, gap, last;
	uint32_t	 cp;

	for (i = 0; i < nu; i = j) {
		w = u[i].width;
		for (j = i + 1; j < nu && u[j].glued; j++)
			w += u[j].gap + u[j].width;
		if (w <= width) {
			wrap_piece_add(s, &p, &n, &cap, u[i].start,
			    u[j - 1].end, w, u[i].gap);
			continue;
		}
		pos = u[i].start;
		gap = u[i].gap;
		for (k = i; k < j;) {
			if (pos == u[k].start && u[k].width <= width) {
				/* Whole units while they fit. */
				size_t	 first = k;

				w = u[k++].width;
				while (k < j && w + u[k].gap + u[k].width <=
				    width) {
					w += u[k].gap + u[k].width;
					k++;
				}
				while (k < j && k - first >= 2 &&
				    wrap_closing(u[k].first)) {
					k--;
					w -= u[k].gap + u[k].width;
				}
				wrap_piece_add(s, &p, &n, &cap, pos,
				    u[k - 1].end, w, gap);
				if (k < j) {
					pos = u[k].start;
					gap = u[k].gap;
				}
				continue;
			}
			/* A unit wider than the line: characters that fit. */
			w = 0;
			len = last = pos;
			while (len < u[k].end) {
				cw = utf8_decode(s + len, &cp);
				if (w + (size_t)codepoint_width(cp) > width &&
				    len > pos)
					break;
				w += (size_t)codepoint_width(cp);
				last = len;
				len += cw;
			}
			/* Not before a closing mark, if a character is left. */
			if (len < u[k].end && last > pos &&
			    (utf8_decode(s + len, &cp), wrap_closing(cp))) {
				w -= (size_t)codepoint_width((utf8_decode(s +
				    last, &cp), cp));
				len = last;
			}
			wrap_piece_add(s, &p, &n, &cap, pos, len, w, gap);
			gap = 0;
			pos = len;
			if (pos == u[k].end && ++k < j) {
				pos = u[k].start;
				gap = u[k].gap;
			}
		}
	}
	*out = p;
	return n;
}

/* Add the line [start, end) of s, without its edge spaces, to the lists. */
static void
wrap_add(const char *s, size_t start, size_t end, size_t *n, size_t *cap,
    size_t **starts, size_t **lens)
{
	while (start < end && s[start] == ' ')
		start++;
	while (end > start && s[end - 1] == ' ')
		end--;
	if (*n == *cap) {
		*cap *= 2;
		*starts = xreallocarray(*starts, *cap, sizeof **starts);
		*lens = xreallocarray(*lens, *cap, sizeof **lens);
	}
	(*starts)[*n] = start;
	(*lens)[(*n)++] = end - start;
}

/*
 * Split s into lines of at most width display columns, by the rules
 * above; a newline always breaks.  A character is never split, and a
 * line neither starts nor ends with a space.  Returns the number of
 * lines; *starts and *lens receive each line's byte offset and length
 * (allocated; the caller frees both).  width >= 2.
 */
size_t
text_wrap(const char *s, size_t width, size_t **starts, size_t **lens)
{
	struct wrap_unit *u;
	struct wrap_piece *p;
	size_t		 n = 0, cap = 8, pos = 0, end, nu, np, i, col;
	size_t		*brk, nb, last;

	*starts = xcalloc(cap, sizeof **starts);
	*lens = xcalloc(cap, sizeof **lens);
	for (;;) {
		end = pos + strcspn(s + pos, "\n");
		nu = wrap_units_of(s + pos, end - pos, &u);
		np = wrap_pieces(s + pos, u, nu, width, &p);
		free(u);
		/* Greedy: each line takes pieces while they fit. */
		/* Line starts, at most one per piece, then the end. */
		brk = xcalloc(np + 2, sizeof *brk);
		nb = 1;
		col = np > 0 ? p[0].width : 0;
		for (i = 1; i < np; i++) {
			if (col + p[i].gap + p[i].width > width) {
				brk[nb++] = i;
				col = p[i].width;
			} else
				col += p[i].gap + p[i].width;
		}
		/* A last line of one character takes one more piece down. */
		last = brk[nb - 1];
		if (nb > 1 && np - last == 1 && p[last].one &&
		    last - brk[nb - 2] >= 2 && p[last - 1].width +
		    p[last].gap + p[last].width <= width)
			brk[nb - 1]--;
		brk[nb] = np;
		for (i = 0; i < nb; i++) {
			if (np == 0)
				wrap_add(s, pos, pos, &n, &cap, starts, lens);
			else
				wrap_add(s, pos + p[brk[i]].start,
				    pos + p[brk[i + 1] - 1].end, &n, &cap,
				    starts, lens);
		}
		free(brk);
		free(p);
		if (s[end] == '\0')
			break;
		pos = end + 1;
	}
	return n;
}

/*
 * Make s safe to show on one line of a terminal, an error or a log, in
 * place: every control character, C0 (a newline, a tab, an escape) or
 * DEL, becomes '?', and a C1 one (U+0080..U+009F, two bytes in UTF-8,
 * which some terminals obey as escapes) "??", so the length stays and
 * the rest stays valid UTF-8.  Returns s.
 */
char *
text_scrub(char *s)
{
	unsigned char	*p;

	for (p = (unsigned char *)s; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			*p = '?';
		else if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			p[0] = p[1] = '?';
			p++;
		}
	}
	return s;
}

/* Is c an ASCII letter or digit, whatever the locale? */
static int
ascii_alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

/*
 * Check url as the base address given to option field ("--base-url"),
 * where the office's pages or sync API live, and put it in *out
 * (allocated; NULL to check only) without trailing slashes, ready for
 * "BASE/path".  One rule set for every such option:
 *
 *   - https only: kiosks sync over verified TLS and residents' phones
 *     open these addresses from QR codes, so plain http is refused;
 *   - 1 to URL_BASE_MAX bytes of valid UTF-8;
 *   - no space, no control character and none of " ' < > \ ^ ` { | }
 *     (the address goes into HTML attributes, QR codes and messages);
 *   - a host: letters, digits, '-', '.' or non-ASCII (an IDN), or an
 *     IPv6 literal in brackets; then an optional port, 1 to 65535;
 *   - no user name or password (@), no query (?) and no fragment (#):
 *     paths are appended to the base;
 *   - any path after the host.
 *
 * A refusal is one line naming field, the URL quoted scrubbed.
 */
enum rv_status
url_base_check(const char *url, const char *field, char **out,
    char **cause)
{
	const char	*host, *end, *p, *port;
	char		*shown = NULL;
	size_t		 len = strlen(url);
	unsigned long	 n;
	enum rv_status	 st = RV_EUSAGE;

	if (out != NULL)
		*out = NULL;
	if (len == 0 || len > URL_BASE_MAX)
		return rv_fail(cause, RV_EUSAGE, "%s: %zu bytes, expected a "
		    "URL of 1 to %d bytes", field, len, URL_BASE_MAX);
	if (!utf8_valid(url, len))
		return rv_fail(cause, RV_EUSAGE, "%s: the URL is not valid "
		    "UTF-8", field);
	shown = text_scrub(xstrdup(url));
	if (strncmp(url, "http://", 7) == 0) {
		rv_fail(cause, st, "%s: '%s' is not an https:// URL (plain "
		    "http is refused)", field, shown);
		goto out;
	}
	if (strncmp(url, "https://", 8) != 0) {
		rv_fail(cause, st, "%s: '%s' is not an http or https URL: give "
		    "https://HOST[:PORT][/PATH]", field, shown);
		goto out;
	}
	for (p = url; *p != '\0'; p++) {
		if ((unsigned char)*p <= ' ' || *p == 0x7f ||
		    ((unsigned char)p[0] == 0xc2 &&
		    (unsigned char)p[1] >= 0x80 &&
		    (unsigned char)p[1] <= 0x9f)) {
			rv_fail(cause, st, "%s: '%s' contains a space or a "
			    "control character", field, shown);
			goto out;
		}
		if (strchr("\"'<>\\^`{|}", *p) != NULL) {
			rv_fail(cause, st, "%s: '%s' contains '%c', which a "
			    "base URL may not contain", field, shown, *p);
			goto out;
		}
		if (*p == '?' || *p == '#') {
			rv_fail(cause, st, "%s: '%s' has a query or fragment "
			    "('%c'); give only the base", field, shown, *p);
			goto out;
		}
	}

	/* The authority: [host] or host, then :port. */
	host = url + 8;
	end = host + strcspn(host, "/");
	if (memchr(host, '@', (size_t)(end - host)) != NULL) {
		rv_fail(cause, st, "%s: '%s' carries a user name or password "
		    "('@'); give only the host", field, shown);
		goto out;
	}
	if (*host == '[') {
		for (p = host + 1; p < end && (hex_digit(*p) >= 0 ||
		    *p == ':' || *p == '.'); p++)
			;
		if (p == host + 1 || p >= end || *p != ']')
			goto bad_host;
		port = p + 1;
	} else {
		for (p = host; p < end && (ascii_alnum(*p) || *p == '-' ||
		    *p == '.' || (unsigned char)*p >= 0x80); p++)
			;
		if (p == host)
			goto bad_host;
		port = p;
	}
	if (port < end) {
		if (*port != ':' || port + 1 == end || end - port > 6)
			goto bad_host;
		for (n = 0, p = port + 1; p < end; p++) {
			if (*p < '0' || *p > '9')
				goto bad_host;
			n = n * 10 + (unsigned long)(*p - '0');
		}
		if (n == 0 || n > 65535)
			goto bad_host;
	}
	if (out != NULL) {
		while (len > 0 && url[len - 1] == '/')
			len--;
		*out = xstrndup(url, len);
	}
	st = RV_OK;
	goto out;

bad_host:
	rv_fail(cause, st, "%s: '%s' does not start with a host (and a port "
	    "from 1 to 65535): give https://HOST[:PORT][/PATH]", field, shown);
out:
	free(shown);
	return st;
}

/* Free a string vector: its n strings (NULL ones too), then the array. */
void
strv_free(char **v, size_t n)
{
	size_t	 i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}
