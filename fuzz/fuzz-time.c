/*
 * libFuzzer harness: the small text parsers of typed and imported values,
 * each on a NUL-terminated copy of the input: time_parse (plans, ballots,
 * the command line), area_parse and money_parse (rosters, packages,
 * pledges), code_normalise and code_numeric (voting codes typed at a
 * kiosk, in either form), ledger_receipt_normalise (receipts typed back),
 * id_valid, utf8_valid, ledger_hash_from_hex and locale_from_name.
 *
 * Where a value has a formatter, parse -> format -> parse must give the
 * same value; normalising twice must give what normalising once gave; and
 * utf8_valid must agree with a plain reading of RFC 3629.  A disagreement
 * aborts.
 */

#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "renovote.h"
#include "store.h"

#define FUZZ_INPUT_MAX	4096

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* RFC 3629 UTF-8, written out independently of util.c. */
static int
ref_utf8_valid(const unsigned char *p, size_t len)
{
	size_t		 i = 0, n, k;
	uint32_t	 cp, min;

	while (i < len) {
		if (p[i] <= 0x7f) {
			i++;
			continue;
		} else if (p[i] >= 0xc2 && p[i] <= 0xdf) {
			n = 1, cp = p[i] & 0x1f, min = 0x80;
		} else if (p[i] >= 0xe0 && p[i] <= 0xef) {
			n = 2, cp = p[i] & 0x0f, min = 0x800;
		} else if (p[i] >= 0xf0 && p[i] <= 0xf4) {
			n = 3, cp = p[i] & 0x07, min = 0x10000;
		} else
			return 0;
		if (len - i < n + 1)
			return 0;
		for (k = 1; k <= n; k++) {
			if (p[i + k] < 0x80 || p[i + k] > 0xbf)
				return 0;
			cp = cp << 6 | (p[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += n + 1;
	}
	return 1;
}

static void
fuzz_utf8(const uint8_t *data, size_t size, const char *s)
{
	size_t		 len = strlen(s), i, n;
	uint32_t	 cp;

	if (utf8_valid((const char *)data, size) != ref_utf8_valid(data, size))
		abort();
	if (!utf8_valid(s, len))
		return;
	/* Valid text decodes in whole characters to its very end. */
	for (i = 0; i < len; i += n) {
		n = utf8_decode(s + i, &cp);
		if (n == 0 || n > 4 || i + n > len || cp == 0 || cp > 0x10ffff)
			abort();
	}
	(void)utf8_width(s);
}

static void
fuzz_id(const char *s)
{
	size_t	 len = strlen(s);

	if (!id_valid(s))
		return;
	if (len == 0 || len > RV_ID_MAX || !utf8_valid(s, len) ||
	    strpbrk(s, " \t\r\n,/\"\\?#%") != NULL ||
	    strchr("=+-@", s[0]) != NULL)
		abort();
}

static void
fuzz_time(const char *s)
{
	char	 buf[RV_TIME_MAX], *cause = NULL;
	rv_ms	 t, again;
	int	 off, offagain;

	if (time_parse(s, &t, &off, &cause) != RV_OK) {
		if (cause == NULL)
			abort();
		free(cause);
		return;
	}
	if (cause != NULL || off < -(14 * 60 + 59) || off > 14 * 60 + 59)
		abort();
	time_format(t, off, buf, sizeof buf);
	if (time_parse(buf, &again, &offagain, &cause) != RV_OK)
		abort();
	if (again != t || offagain != off)
		abort();
	/* Without the offset argument the instant is the same. */
	if (time_parse(s, &again, NULL, NULL) != RV_OK || again != t)
		abort();
	/*
	 * Shown in China Standard Time, as the office shows times, it reads
	 * back: time_parse bounds the instant (1970 to 9998 UTC), so every
	 * offset shows a four-digit year (regress-pre-epoch,
	 * regress-year-10000 in the corpus).
	 */
	time_format(t, RV_CST_OFFSET, buf, sizeof buf);
	if (time_parse(buf, &again, NULL, NULL) != RV_OK || again != t)
		abort();
}

static void
fuzz_area_money(const char *s)
{
	char	 buf[64], *cause = NULL;
	rv_area	 a, again;
	int64_t	 fen, fagain;

	if (area_parse(s, &a, &cause) == RV_OK) {
		if (cause != NULL || a <= 0 || a > RV_AREA_MAX)
			abort();
		area_format(a, buf, sizeof buf);
		if (area_parse(buf, &again, NULL) != RV_OK || again != a)
			abort();
	} else if (cause == NULL)
		abort();
	free(cause);
	cause = NULL;

	if (money_parse(s, &fen, &cause) == RV_OK) {
		if (cause != NULL || fen < 0)
			abort();
#ifdef RV_MONEY_MAX
		if (fen > RV_MONEY_MAX)
			abort();
#endif
		money_format(fen, buf, sizeof buf);
		if (money_parse(buf, &fagain, NULL) != RV_OK || fagain != fen)
			abort();
	} else if (cause == NULL)
		abort();
	free(cause);
}

static void
fuzz_code_receipt(const char *s)
{
	char	 code[RV_CODE_TEXT], again[RV_CODE_TEXT];
	char	 num[RV_CODE_NUM_TEXT];
	char	 rc[RV_RECEIPT_LEN + 1], ragain[RV_RECEIPT_LEN + 1];

	if (code_normalise(s, code, sizeof code) == 0) {
		if (strlen(code) != RV_CODE_LEN ||
		    code_normalise(code, again, sizeof again) != 0 ||
		    strcmp(code, again) != 0)
			abort();
		/* Its numeric form names the same code. */
		if (code_numeric(s, num, sizeof num) != 0 ||
		    strlen(num) != RV_CODE_NUM_TEXT - 1 ||
		    code_normalise(num, again, sizeof again) != 0 ||
		    strcmp(code, again) != 0)
			abort();
	} else if (code_numeric(s, num, sizeof num) != -1)
		abort();
	/* Too small an output buffer is refused, not overrun. */
	if (code_normalise(s, code, RV_CODE_LEN) != -1)
		abort();

	if (ledger_receipt_normalise(s, rc, sizeof rc) == 0) {
		if (strlen(rc) != RV_RECEIPT_LEN ||
		    ledger_receipt_normalise(rc, ragain, sizeof ragain) != 0 ||
		    strcmp(rc, ragain) != 0)
			abort();
	}
	if (ledger_receipt_normalise(s, rc, RV_RECEIPT_LEN) != -1)
		abort();
}

static void
fuzz_hex_locale(const char *s)
{
	uint8_t		 hash[RV_HASH_LEN];
	char		 hex[2 * RV_HASH_LEN + 1];
	enum rv_locale	 loc;
	size_t		 i;

	if (ledger_hash_from_hex(s, hash) == 0) {
		ledger_hash_hex(hash, hex, sizeof hex);
		for (i = 0; i < sizeof hex - 1; i++) {
			if (tolower((unsigned char)s[i]) != hex[i])
				abort();
		}
		if (s[i] != '\0')
			abort();
	}
	if (locale_from_name(s, &loc) == 0 &&
	    strcmp(locale_name(loc), s) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*s;

	if (size > FUZZ_INPUT_MAX)
		return 0;
	s = xmalloc(size + 1);
	if (size > 0)
		memcpy(s, data, size);
	s[size] = '\0';

	fuzz_utf8(data, size, s);
	fuzz_id(s);
	fuzz_time(s);
	fuzz_area_money(s);
	fuzz_code_receipt(s);
	fuzz_hex_locale(s);

	free(s);
	return 0;
}
