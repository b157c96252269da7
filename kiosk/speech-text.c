/*
 * What the kiosk says, made from what it shows: a pure conversion of
 * screen text into text a speech voice reads well.
 *
 * In Chinese (both locales) numbers, dates, times and money become
 * Chinese words (2026-12-04 14:30 is 二零二六年十二月四日十四点三十分,
 * 39,298.27 元 is 三万九千二百九十八元二角七分), room numbers, flat ids
 * and bare digit strings of more than SPEECH_BARE_MAX digits (a code; a
 * count that large needs thousands commas) are read digit by digit,
 * "第 1/2 页" becomes "第一页，共两页", and Latin letters never reach the
 * voice: a few known words (PIN, QR, U 盘, m², Esc) become Chinese words,
 * any other Latin token (a receipt code, an id like Q-ROOF) is dropped,
 * so the Mandarin voice never switches to English.  In English digits stay (the English
 * voice reads them), dates get month names and "1/2" becomes "1 of 2".
 *
 * In every language masks (runs of '*'), URLs and marks such as ✔ ✖ ★ ◆
 * are not read; "·" is a pause, and "· 8 next page" becomes "Press 8:
 * next page".  Whitespace is collapsed; the result is one line.
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

#define SPEECH_CARDINAL_MAX	12	/* longer digit runs are spelt */
#define SPEECH_BARE_MAX		6	/* ... and longer bare ones (codes) */

/* The words a language reads numbers and marks with. */
struct speech_words {
	const char	*digit[10];
	const char	*ten, *hundred, *thousand, *wan, *yi;
	const char	*point, *yuan, *jiao, *fen;
	const char	*year, *month, *day, *hour, *minute, *second, *sharp;
	const char	*dash, *times, *of, *percent, *press, *pause;
	const char	*pin, *qr, *usb, *sqm, *esc;
	const char	*stop;		/* ends a sentence */
	const char	*two;		/* 2 counting things: 两次 */
};

static const struct speech_words speech_zh_cn = {
	{ "零", "一", "二", "三", "四", "五", "六", "七", "八", "九" },
	"十", "百", "千", "万", "亿",
	"点", "元", "角", "分",
	"年", "月", "日", "点", "分", "秒", "整",
	"杠", "乘", "共", "百分之", "按", "，",
	"密码", "二维码", "优盘", "平方米", "退出键",
	"。", "两"
};

static const struct speech_words speech_zh_tw = {
	{ "零", "一", "二", "三", "四", "五", "六", "七", "八", "九" },
	"十", "百", "千", "萬", "億",
	"點", "元", "角", "分",
	"年", "月", "日", "點", "分", "秒", "整",
	"槓", "乘", "共", "百分之", "按", "，",
	"密碼", "二維碼", "隨身碟", "平方米", "退出鍵",
	"。", "兩"
};

static const char *speech_months[12] = { "January", "February", "March",
    "April", "May", "June", "July", "August", "September", "October",
    "November", "December" };

/* A growing string. */
struct speech_buf {
	char	*s;
	size_t	 len, size;
};

/* Append n bytes of s. */
static void
sb_add(struct speech_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->size) {
		b->size = (b->len + n + 1) * 2;
		b->s = xreallocarray(b->s, b->size, 1);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/* Append a string. */
static void
sb_str(struct speech_buf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

/* Does the buffer end with the string s, spaces after it aside? */
static int
sb_ends(const struct speech_buf *b, const char *s)
{
	size_t	 n = strlen(s), len = b->len;

	while (len > 0 && (b->s[len - 1] == ' ' || b->s[len - 1] == '\t'))
		len--;
	return len >= n && memcmp(b->s + len - n, s, n) == 0;
}

/* Is c an ASCII digit? */
static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* Is c an ASCII letter? */
static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The value of the n digits at s (n small enough not to overflow). */
static uint64_t
digits_value(const char *s, size_t n)
{
	uint64_t	 v = 0;
	size_t		 i;

	for (i = 0; i < n; i++)
		v = v * 10 + (uint64_t)(s[i] - '0');
	return v;
}

/* How many digits start at s. */
static size_t
digits_len(const char *s)
{
	size_t	 n = 0;

	while (is_digit((unsigned char)s[n]))
		n++;
	return n;
}

/* Spell the n digits at s one by one: 101 is 一零一. */
static void
say_digits(struct speech_buf *b, const struct speech_words *w, const char *s,
    size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		sb_str(b, w->digit[s[i] - '0']);
}

/*
 * A section below 10000 in Chinese: 2026 is 二千零二十六.  lead says it
 * starts the number (10 to 19 then drop the 一: 十二).
 */
static void
say_section(struct speech_buf *b, const struct speech_words *w, unsigned n,
    int lead)
{
	static const unsigned	 place[4] = { 1000, 100, 10, 1 };
	const char		*unit[4] = { w->thousand, w->hundred, w->ten, "" };
	unsigned		 d;
	int			 zero = 0, said = 0;
	size_t			 i;

	for (i = 0; i < 4; i++) {
		d = n / place[i] % 10;
		if (d == 0) {
			zero = said;
			continue;
		}
		if (zero)
			sb_str(b, w->digit[0]);
		zero = 0;
		if (!(lead && !said && i == 2 && d == 1))
			sb_str(b, w->digit[d]);
		sb_str(b, unit[i]);
		said = 1;
	}
}

/* A whole number below 10^12 in Chinese words: 39298 is 三万九千二百九十八. */
static void
say_cardinal(struct speech_buf *b, const struct speech_words *w, uint64_t v)
{
	unsigned	 sec[3];
	const char	*unit[3];
	int		 said = 0, zero = 0, i;

	if (v == 0) {
		sb_str(b, w->digit[0]);
		return;
	}
	sec[0] = (unsigned)(v / 100000000);
	sec[1] = (unsigned)(v / 10000 % 10000);
	sec[2] = (unsigned)(v % 10000);
	unit[0] = w->yi;
	unit[1] = w->wan;
	unit[2] = "";
	for (i = 0; i < 3; i++) {
		if (sec[i] == 0) {
			zero = said;
			continue;
		}
		if (said && (zero || sec[i] < 1000))
			sb_str(b, w->digit[0]);
		say_section(b, w, sec[i], !said);
		sb_str(b, unit[i]);
		said = 1;
		zero = 0;
	}
}

/* An integer of n digits at s: in words, or spelt when long or 0-led. */
static void
say_integer(struct speech_buf *b, const struct speech_words *w, const char *s,
    size_t n)
{
	if (n > SPEECH_CARDINAL_MAX || (n > 1 && s[0] == '0'))
		say_digits(b, w, s, n);
	else
		say_cardinal(b, w, digits_value(s, n));
}

/*
 * Does s start with a measure word, after which 2 is 两 (两次, 两页)
 * unless it is an ordinal (第二页)?
 */
static int
is_measure(const char *s)
{
	static const char *const words[] = { "次", "个", "個", "项", "項",
	    "份", "张", "張", "户", "戶", "位", "名", "天", "页", "頁",
	    "题", "題", "步", "档", "檔", "条", "條", "年", "小时", "小時",
	    "分钟", "分鐘", "秒" };
	size_t	 i;

	for (i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strncmp(s, words[i], strlen(words[i])) == 0)
			return 1;
	return 0;
}

/* Skip spaces from s. */
static const char *
skip_spaces(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	return s;
}

/*
 * A date (YYYY-MM-DD, optionally followed by T or a space and HH:MM,
 * seconds, fraction and offset ignored) at s: said, and the length
 * consumed returned; 0 if s is no date.
 */
static size_t
say_date(struct speech_buf *b, const struct speech_words *w, const char *s)
{
	const char	*p = s, *t;
	unsigned	 mo, d, h = 0, mi = 0;
	int		 time = 0;
	char		 num[32];

	if (digits_len(p) != 4 || p[4] != '-')
		return 0;
	p += 5;
	if (digits_len(p) < 1 || digits_len(p) > 2)
		return 0;
	mo = (unsigned)digits_value(p, digits_len(p));
	p += digits_len(p);
	if (*p != '-' || digits_len(p + 1) < 1 || digits_len(p + 1) > 2)
		return 0;
	p++;
	d = (unsigned)digits_value(p, digits_len(p));
	p += digits_len(p);
	if (mo < 1 || mo > 12 || d < 1 || d > 31)
		return 0;
	t = p;
	if ((*t == 'T' || *t == ' ') && digits_len(t + 1) == 2 &&
	    t[3] == ':' && digits_len(t + 4) == 2) {
		h = (unsigned)digits_value(t + 1, 2);
		mi = (unsigned)digits_value(t + 4, 2);
		time = 1;
		p = t + 6;
		/* Seconds, their fraction and the offset are not said. */
		if (*p == ':' && digits_len(p + 1) == 2)
			p += 3;
		if (*p == '.' && digits_len(p + 1) > 0)
			p += 1 + digits_len(p + 1);
		if (*p == 'Z')
			p++;
		else if ((*p == '+' || *p == '-') && digits_len(p + 1) == 2 &&
		    p[3] == ':' && digits_len(p + 4) == 2)
			p += 6;
	}
	if (w == NULL) {
		snprintf(num, sizeof num, "%u %s %.4s", d,
		    speech_months[mo - 1], s);
		sb_str(b, num);
		if (time) {
			snprintf(num, sizeof num, ", %02u:%02u", h, mi);
			sb_str(b, num);
		}
		return (size_t)(p - s);
	}
	say_digits(b, w, s, 4);
	sb_str(b, w->year);
	say_cardinal(b, w, mo);
	sb_str(b, w->month);
	say_cardinal(b, w, d);
	sb_str(b, w->day);
	if (time) {
		say_cardinal(b, w, h);
		sb_str(b, w->hour);
		if (mi == 0)
			sb_str(b, w->sharp);
		else {
			say_cardinal(b, w, mi);
			sb_str(b, w->minute);
		}
	}
	return (size_t)(p - s);
}

/* A time HH:MM[:SS] at s in Chinese; returns the length, 0 if none. */
static size_t
say_time(struct speech_buf *b, const struct speech_words *w, const char *s)
{
	size_t	 n = digits_len(s), len;
	unsigned h, mi, sec = 0;
	int	 secs = 0;

	if (n < 1 || n > 2 || s[n] != ':' || digits_len(s + n + 1) != 2)
		return 0;
	h = (unsigned)digits_value(s, n);
	mi = (unsigned)digits_value(s + n + 1, 2);
	len = n + 3;
	if (s[len] == ':' && digits_len(s + len + 1) == 2) {
		sec = (unsigned)digits_value(s + len + 1, 2);
		secs = 1;
		len += 3;
	}
	if (h > 23 || mi > 59 || sec > 59 || digits_len(s + len) > 0)
		return 0;
	say_cardinal(b, w, h);
	sb_str(b, w->hour);
	if (mi == 0 && !secs)
		sb_str(b, w->sharp);
	else {
		say_cardinal(b, w, mi);
		sb_str(b, w->minute);
	}
	if (secs) {
		say_cardinal(b, w, sec);
		sb_str(b, w->second);
	}
	return len;
}

/*
 * A number at s in Chinese: flat ids (1-2-101) spelt with 杠, money
 * before 元 as 元 角 分, N/M, percentages, years before 年 and rooms
 * before 室 spelt, other numbers (with thousands commas and decimals)
 * in words.  Returns the length consumed.
 */
static size_t
say_number_zh(struct speech_buf *b, const struct speech_words *w,
    const char *s)
{
	char		 intg[64];
	const char	*p = s, *frac = NULL, *q, *r;
	size_t		 n, ni = 0, nf = 0, m;
	unsigned	 jiao, fen;

	/* 1-2-101: groups joined by hyphens, spelt. */
	n = digits_len(p);
	if (p[n] == '-' && is_digit((unsigned char)p[n + 1])) {
		while (1) {
			say_digits(b, w, p, n);
			p += n;
			if (*p != '-' || !is_digit((unsigned char)p[1]))
				break;
			sb_str(b, w->dash);
			p++;
			n = digits_len(p);
		}
		return (size_t)(p - s);
	}
	/* The integer part, without thousands commas. */
	while (1) {
		n = digits_len(p);
		if (ni + n >= sizeof intg)
			n = sizeof intg - 1 - ni;
		memcpy(intg + ni, p, n);
		ni += n;
		p += digits_len(p);
		if (*p == ',' && digits_len(p + 1) == 3 && ni <= 3 * 6) {
			p++;
			continue;
		}
		break;
	}
	intg[ni] = '\0';
	if (*p == '.' && digits_len(p + 1) > 0) {
		frac = p + 1;
		nf = digits_len(frac);
		p = frac + nf;
	}
	q = skip_spaces(p);
	/* Money: 元, then 角 and 分 that are not zero. */
	if (strncmp(q, "元", strlen("元")) == 0) {
		jiao = frac != NULL ? (unsigned)(frac[0] - '0') : 0;
		fen = frac != NULL && nf > 1 ? (unsigned)(frac[1] - '0') : 0;
		if (digits_value(intg, ni > 12 ? 12 : ni) > 0 ||
		    (jiao == 0 && fen == 0)) {
			say_integer(b, w, intg, ni);
			sb_str(b, w->yuan);
			if (jiao == 0 && fen > 0)
				sb_str(b, w->digit[0]);
		}
		if (jiao > 0) {
			sb_str(b, w->digit[jiao]);
			sb_str(b, w->jiao);
		}
		if (fen > 0) {
			sb_str(b, w->digit[fen]);
			sb_str(b, w->fen);
		}
		return (size_t)(q + strlen("元") - s);
	}
	/* N/M: "第 1/2 页" is 第一页，共二页; others 一，共二. */
	r = *q == '/' ? skip_spaces(q + 1) : q;
	if (frac == NULL && *q == '/' && (m = digits_len(r)) > 0) {
		say_integer(b, w, intg, ni);
		q = skip_spaces(r + m);
		if (strncmp(q, "页", strlen("页")) == 0 ||
		    strncmp(q, "頁", strlen("頁")) == 0) {
			sb_add(b, q, strlen("页"));
			sb_str(b, w->pause);
			sb_str(b, w->of);
			if (m == 1 && r[0] == '2')
				sb_str(b, w->two);
			else
				say_integer(b, w, r, m);
			sb_add(b, q, strlen("页"));
			return (size_t)(q + strlen("页") - s);
		}
		sb_str(b, w->pause);
		sb_str(b, w->of);
		say_integer(b, w, r, m);
		return (size_t)(r + m - s);
	}
	if (*q == '%') {
		sb_str(b, w->percent);
		say_integer(b, w, intg, ni);
	} else if (frac == NULL && (strncmp(q, "室", strlen("室")) == 0 ||
	    (ni == 4 && strncmp(q, "年", strlen("年")) == 0) ||
	    (ni > SPEECH_BARE_MAX && (size_t)(p - s) == ni &&
	    strncmp(q, "万", strlen("万")) != 0 &&
	    strncmp(q, "萬", strlen("萬")) != 0)))
		/* Rooms, years, and codes: digit by digit. */
		say_digits(b, w, intg, ni);
	else if (frac == NULL && ni == 1 && intg[0] == '2' && is_measure(q) &&
	    !sb_ends(b, "第"))
		sb_str(b, w->two);
	else
		say_integer(b, w, intg, ni);
	/* 48.90 is 四十八点九, 5.00 is 五. */
	while (frac != NULL && nf > 0 && frac[nf - 1] == '0')
		nf--;
	if (frac != NULL && nf > 0) {
		sb_str(b, w->point);
		say_digits(b, w, frac, nf);
	}
	if (*q == '%')
		return (size_t)(q + 1 - s);
	return (size_t)(p - s);
}

/*
 * A number at s in English: digits stay (the voice reads them), money
 * loses ".00", "N/M" becomes "N of M".  Returns the length consumed.
 */
static size_t
say_number_en(struct speech_buf *b, const char *s)
{
	const char	*p = s, *q;
	size_t		 n;

	while (1) {
		n = digits_len(p);
		sb_add(b, p, n);
		p += n;
		if (*p == ',' && digits_len(p + 1) == 3) {
			p++;
			continue;
		}
		break;
	}
	if (*p == '.' && digits_len(p + 1) > 0) {
		n = digits_len(p + 1);
		if (!(n == 2 && p[1] == '0' && p[2] == '0'))
			sb_add(b, p, n + 1);
		p += n + 1;
	}
	q = skip_spaces(p);
	if (*q == '/' && digits_len(skip_spaces(q + 1)) > 0) {
		q = skip_spaces(q + 1);
		n = digits_len(q);
		sb_str(b, " of ");
		sb_add(b, q, n);
		return (size_t)(q + n - s);
	}
	return (size_t)(p - s);
}

/* Is s (n bytes) the Latin word word? */
static int
word_is(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && memcmp(s, word, n) == 0;
}

/*
 * A Latin token at s in Chinese: a known word becomes Chinese (with the
 * 码 or 盘 after it), anything else is dropped.  Returns the length.
 */
static size_t
say_latin_zh(struct speech_buf *b, const struct speech_words *w,
    const char *s)
{
	const char	*p = s, *q;
	const char	*said = NULL, *after[] = { "码", "碼", "盘", "盤" };
	size_t		 n, i;

	while (is_alpha((unsigned char)*p) || is_digit((unsigned char)*p) ||
	    *p == '_' || *p == '-' || (*p == '.' &&
	    (is_alpha((unsigned char)p[1]) || is_digit((unsigned char)p[1]))))
		p++;
	n = (size_t)(p - s);
	if (word_is(s, n, "PIN"))
		said = w->pin;
	else if (word_is(s, n, "QR"))
		said = w->qr;
	else if (word_is(s, n, "U") || word_is(s, n, "USB"))
		said = w->usb;
	else if (word_is(s, n, "Esc"))
		said = w->esc;
	else if (word_is(s, n, "m") && strncmp(p, "²", strlen("²")) == 0) {
		sb_str(b, w->sqm);
		return n + strlen("²");
	}
	if (said == NULL)
		return n;
	sb_str(b, said);
	q = skip_spaces(p);
	for (i = 0; i < sizeof after / sizeof after[0]; i++) {
		if (strncmp(q, after[i], strlen(after[i])) == 0)
			return (size_t)(q + strlen(after[i]) - s);
	}
	return n;
}

/* Is the code point a mark that is not read (✔ ✖ ★ ◆ ○ ✎, emoji)? */
static int
is_mark(uint32_t cp)
{
	return (cp >= 0x2190 && cp <= 0x21ff) ||	/* arrows */
	    (cp >= 0x2500 && cp <= 0x27bf) ||	/* boxes ... dingbats */
	    (cp >= 0x2b00 && cp <= 0x2bff) ||
	    (cp >= 0x1f000 && cp <= 0x1faff) ||	/* emoji */
	    cp == 0x2022 || cp == 0xfe0f || cp == 0x00b2 || cp == 0x00b3;
}

/* Is the code point punctuation that ends or splits a phrase? */
static int
is_pause(uint32_t cp)
{
	return cp == 0x3002 || cp == 0xff0c || cp == 0xff1a ||
	    cp == 0xff1b || cp == 0xff01 || cp == 0xff1f || cp == 0x3001 ||
	    cp == '.' || cp == ',' || cp == ':' || cp == ';' || cp == '!' ||
	    cp == '?';
}

/* Collapse spaces; in Chinese drop those beside punctuation and Han. */
static char *
speech_tidy(const char *s, int zh)
{
	struct speech_buf	 b = { NULL, 0, 0 };
	uint32_t		 prev = 0, next;
	size_t			 n, last = 0;
	int			 wide;

	sb_add(&b, "", 0);
	while (*s != '\0') {
		if (*s == ' ' || *s == '\t') {
			for (wide = 0; *s == ' ' || *s == '\t'; s++)
				wide |= *s == '\t';
			if (*s == '\0')
				break;
			if (b.len == 0)
				continue;
			utf8_decode(s, &next);
			if (is_pause(next) || (zh && is_pause(prev)))
				continue;
			/* Columns apart (业主：许   面积): a pause. */
			if (zh && wide)
				sb_str(&b, "，");
			else if (!zh || (next < 0x80 && prev < 0x80))
				sb_add(&b, " ", 1);
			continue;
		}
		n = utf8_decode(s, &next);
		/* A pause after a pause (a code dropped: "：。"): the last. */
		if (is_pause(next) && is_pause(prev) && last > 0) {
			b.len = last;
			b.s[b.len] = '\0';
		}
		last = b.len;
		prev = next;
		sb_add(&b, s, n);
		s += n;
	}
	return b.s;
}

/*
 * The text to hand to the voice for screen text in language loc (see the
 * comment at the top).  Returns an allocated string.
 */
char *
speech_text(enum rv_locale loc, const char *text)
{
	const struct speech_words *w = NULL;
	struct speech_buf	 b = { NULL, 0, 0 };
	const char		*p = text, *q;
	uint32_t		 cp;
	size_t			 n;
	char			*tidy;

	if (loc == RV_ZH_CN)
		w = &speech_zh_cn;
	else if (loc == RV_ZH_TW)
		w = &speech_zh_tw;
	sb_add(&b, "", 0);
	while (*p != '\0') {
		if (strncmp(p, "http://", 7) == 0 ||
		    strncmp(p, "https://", 8) == 0 ||
		    strncmp(p, "www.", 4) == 0) {
			/* A URL: up to the next space or non-ASCII. */
			while (*p != '\0' && *p != ' ' && *p != '\n' &&
			    (unsigned char)*p < 0x80)
				p++;
			/* Its sentence's full stop stays. */
			if (p > text && (p[-1] == '.' || p[-1] == ','))
				p--;
			continue;
		}
		if (*p == '*') {
			while (*p == '*')
				p++;
			continue;
		}
		if (*p == ' ' || *p == '\n' || *p == '\t') {
			/* Columns apart or lines apart: a pause (a tab). */
			q = skip_spaces(p);
			sb_str(&b, q - p > 1 || *p != ' ' ? "\t" : " ");
			p = q;
			continue;
		}
		if (is_digit((unsigned char)*p)) {
			/* A token of digits and letters: a code, an id. */
			for (q = p; is_digit((unsigned char)*q) ||
			    is_alpha((unsigned char)*q) || *q == '-'; q++)
				;
			n = say_date(&b, w, p);
			if (n == 0) {
				for (n = 0; p + n < q; n++)
					if (is_alpha((unsigned char)p[n]))
						break;
				if (p + n < q && w != NULL) {
					p = q;
					continue;
				}
				if (p + n < q) {
					sb_add(&b, p, (size_t)(q - p));
					p = q;
					continue;
				}
				n = 0;
			}
			if (n == 0 && w != NULL)
				n = say_time(&b, w, p);
			if (n == 0)
				n = w != NULL ? say_number_zh(&b, w, p) :
				    say_number_en(&b, p);
			p += n;
			continue;
		}
		if (is_alpha((unsigned char)*p)) {
			if (w != NULL) {
				p += say_latin_zh(&b, w, p);
				continue;
			}
			if (strncmp(p, "m²", strlen("m²")) == 0 &&
			    !is_alpha((unsigned char)(p > text ? p[-1] : ' '))) {
				sb_str(&b, "square metres");
				p += strlen("m²");
				continue;
			}
			while (is_alpha((unsigned char)*p) ||
			    is_digit((unsigned char)*p) || *p == '-' ||
			    *p == '\'')
				sb_add(&b, p++, 1);
			continue;
		}
		n = utf8_decode(p, &cp);
		if (cp == 0x00b7) {	/* ·: a pause; "· 8 next page": a key */
			q = skip_spaces(p + n);
			if (is_digit((unsigned char)q[0]) && q[1] == ' ' &&
			    !is_digit((unsigned char)q[2])) {
				sb_str(&b, w != NULL ? w->stop : ". ");
				sb_str(&b, w != NULL ? w->press : "Press ");
				sb_str(&b, w != NULL ? w->digit[q[0] - '0'] :
				    (char[2]){ q[0], '\0' });
				sb_str(&b, w != NULL ? "：" : ": ");
				p = skip_spaces(q + 1);
			} else {
				if (!sb_ends(&b, w != NULL ? w->pause : ","))
					sb_str(&b, w != NULL ? w->pause : ", ");
				p += n;
			}
			continue;
		}
		if (cp == 0x00d7) {	/* × */
			sb_str(&b, w != NULL ? w->times : " times ");
			p += n;
			continue;
		}
		if (cp == 0x33a1) {	/* ㎡ */
			sb_str(&b, w != NULL ? w->sqm : " square metres");
			p += n;
			continue;
		}
		if (is_mark(cp) || (cp < 0x80 && strchr("#=_[]{}<>|\\^`~@$+",
		    (int)cp) != NULL)) {
			/* A mark starts a line (✎ in a list): a pause. */
			sb_str(&b, "\t");
			p += n;
			continue;
		}
		if (cp == '/' || (cp == '-' && (w != NULL || p[1] == ' ' ||
		    p == text || p[-1] == ' '))) {
			sb_str(&b, " ");
			p += n;
			continue;
		}
		if (w != NULL && (cp == '"' || cp == '\'' || cp == '&' ||
		    cp == '%')) {
			p += n;
			continue;
		}
		sb_add(&b, p, n);
		p += n;
	}
	tidy = speech_tidy(b.s, w != NULL);
	free(b.s);
	return tidy;
}
