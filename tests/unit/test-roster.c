/*
 * Unit tests for csv.c and roster.c: the CSV edge cases a Chinese Excel
 * export brings (BOM, CRLF, quotes, embedded newlines, blank lines), each
 * CSV refusal with its line, each roster refusal of docs/interface.md
 * with its line and field, a valid multi-estate roster checked field by
 * field, and a generated city roster of 200,000 rows.
 */

#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "renovote.h"
#include "test.h"

#define NAME		"roster.csv"
#define HEADER		"estate_id,estate_name,building,entrance,room," \
			"flat_id,owner_id,area_m2\n"
#define ROW(flat, room, owner, area) \
			"LC-XNY-03,春晖小区,3,1," room "," flat "," owner \
			"," area "\n"
#define CITY_ROWS	200000	/* rows of the generated city roster */
#define CITY_ESTATES	100
#define CITY_NONE	SIZE_MAX	/* no developer seen yet */

/* csv_refused on a string literal, which may hold NUL bytes. */
#define CSV_REFUSED(name, lit, ...) \
	csv_refused(name, lit, sizeof(lit) - 1, __VA_ARGS__, NULL)

/*
 * Append to a growing string (allocated, or NULL to start one).  Used to
 * build expected dumps and generated files.
 */
static char * RV_PRINTF(2, 3)
cat(char *s, const char *fmt, ...)
{
	va_list	 ap;
	char	*add, *out;

	va_start(ap, fmt);
	xvasprintf(&add, fmt, ap);
	va_end(ap);
	xasprintf(&out, "%s%s", s == NULL ? "" : s, add);
	free(s);
	free(add);
	return out;
}

/*
 * Read every record of buf[0..len) and render them as "LINE:f1|f2;" each,
 * or as "error: CAUSE" after the records read before an error.  Allocated.
 */
static char *
csv_dump(const char *buf, size_t len)
{
	struct csv	*c = csv_open(NAME, buf, len);
	char		**fields, *cause = NULL, *out = xstrdup("");
	size_t		 nfields, i;
	int		 n;

	while ((n = csv_next(c, &fields, &nfields, &cause)) == 1) {
		out = cat(out, "%zu:", csv_line(c));
		for (i = 0; i < nfields; i++)
			out = cat(out, "%s%s", i == 0 ? "" : "|", fields[i]);
		out = cat(out, ";");
	}
	if (n == -1) {
		out = cat(out, "error: %s", cause);
		free(cause);
	}
	csv_free(c);
	return out;
}

/* Check that the dump of a NUL-terminated text is as expected. */
static void
csv_expect(const char *name, const char *text, const char *want)
{
	char	*got;

	TEST_BEGIN(name);
	got = csv_dump(text, strlen(text));
	CHECK_STR_EQ(got, want);
	free(got);
}

/*
 * Check that reading buf[0..len) fails with a one-line cause containing
 * each of the wanted strings (NULL ends the list).
 */
static void
csv_refused(const char *name, const char *buf, size_t len, ...)
{
	struct csv	*c = csv_open(NAME, buf, len);
	char		**fields, *cause = NULL;
	const char	*want;
	size_t		 nfields;
	va_list		 ap;
	int		 n;

	TEST_BEGIN(name);
	while ((n = csv_next(c, &fields, &nfields, &cause)) == 1)
		/* read on */;
	CHECK_INT_EQ(n, -1);
	CHECK(cause != NULL && strchr(cause, '\n') == NULL);
	va_start(ap, len);
	while ((want = va_arg(ap, const char *)) != NULL) {
		CHECK(cause != NULL && strstr(cause, want) != NULL);
		if (cause == NULL || strstr(cause, want) == NULL)
			fprintf(stderr, "  wanted '%s' in '%s'\n", want,
			    cause == NULL ? "(null)" : cause);
	}
	va_end(ap);
	free(cause);
	csv_free(c);
}

/* What a well-formed CSV reads as. */
static void
test_csv_accepts(void)
{
	csv_expect("csv plain", "a,b\nc,d\n", "1:a|b;2:c|d;");
	csv_expect("csv no final newline", "a,b\nc,d", "1:a|b;2:c|d;");
	csv_expect("csv bom crlf", "\xef\xbb\xbf" "a,b\r\nc,d\r\n",
	    "1:a|b;2:c|d;");
	csv_expect("csv bom only", "\xef\xbb\xbf", "");
	csv_expect("csv empty", "", "");
	csv_expect("csv only empty lines", "\n\r\n\n", "");
	csv_expect("csv quotes", "\"a,b\",\"say \"\"hi\"\"\",\"\"\n",
	    "1:a,b|say \"hi\"|;");
	csv_expect("csv embedded newline",
	    "x,\"line1\nline2\",y\nz\n", "1:x|line1\nline2|y;3:z;");
	csv_expect("csv embedded crlf kept",
	    "\"a\r\nb\"\r\nc\r\n", "1:a\r\nb;3:c;");
	csv_expect("csv empty lines skipped",
	    "\n\r\na\n\n\nb\n\r\n", "3:a;6:b;");
	csv_expect("csv empty fields", "a,\n,\n,,x\n", "1:a|;2:|;3:||x;");
	csv_expect("csv spaces kept", " , a \n", "1: | a ;");
	csv_expect("csv utf8", "春晖小区,张三\n", "1:春晖小区|张三;");
	csv_expect("csv quoted at eof", "a,\"b\"", "1:a|b;");
	csv_expect("csv quoted then crlf", "\"a\"\r\n\"b\",\"c\"\r\n",
	    "1:a;2:b|c;");
	csv_expect("csv many fields", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,"
	    "17,18\n", "1:1|2|3|4|5|6|7|8|9|10|11|12|13|14|15|16|17|18;");

	TEST_BEGIN("csv null buffer");
	{
		struct csv	*c = csv_open(NAME, NULL, 0);
		char		**f;
		size_t		 n;

		CHECK_INT_EQ(csv_next(c, &f, &n, NULL), 0);
		csv_free(c);
	}
}

/* Records at RV_LINE_MAX bytes pass; one more byte is refused. */
static void
test_csv_limit(void)
{
	char	*buf = xmalloc(RV_LINE_MAX + 16), *got;
	size_t	 i;

	memset(buf, 'z', RV_LINE_MAX);
	memcpy(buf + RV_LINE_MAX, "\r\ny\n", 4);
	TEST_BEGIN("csv record at limit");
	got = csv_dump(buf, RV_LINE_MAX + 4);
	CHECK(strncmp(got, "1:zzz", 5) == 0 && strstr(got, ";2:y;") != NULL);
	free(got);

	/* The same, quoted: the closing quote is the limit's last byte. */
	buf[0] = buf[RV_LINE_MAX - 1] = '"';
	TEST_BEGIN("csv quoted record at limit");
	got = csv_dump(buf, RV_LINE_MAX + 4);
	CHECK(strncmp(got, "1:zzz", 5) == 0 && strstr(got, ";2:y;") != NULL);
	free(got);

	memset(buf, 'x', RV_LINE_MAX + 1);
	memcpy(buf + RV_LINE_MAX + 1, "\n", 1);
	csv_refused("csv record over limit", buf, RV_LINE_MAX + 2, ":1: ",
	    "longer than 65536 bytes", NULL);
	csv_refused("csv record over limit at eof", buf, RV_LINE_MAX + 1,
	    ":1: ", "longer than 65536 bytes", NULL);
	buf[0] = buf[RV_LINE_MAX] = '"';
	csv_refused("csv quoted record over limit", buf, RV_LINE_MAX + 2,
	    ":1: ", "longer than 65536 bytes", NULL);
	/* A comma as the limit's last byte starts one field too many. */
	memset(buf, 'z', RV_LINE_MAX);
	memcpy(buf + RV_LINE_MAX, ",\n", 2);
	csv_refused("csv comma at limit", buf, RV_LINE_MAX + 2, ":1: ",
	    "longer than 65536 bytes", NULL);

	/* An unclosed quote in a big file is named where it opened. */
	memcpy(buf, "a\nb\n\"", 5);
	memset(buf + 5, 'x', RV_LINE_MAX);
	csv_refused("csv unclosed quote in big file", buf, RV_LINE_MAX + 5,
	    ":3: ", "quoted field opened here", NULL);

	/* Many short fields also count towards the limit. */
	for (i = 0; i + 1 < RV_LINE_MAX + 2; i += 2)
		memcpy(buf + i, "1,", 2);
	csv_refused("csv many fields over limit", buf, RV_LINE_MAX + 2,
	    ":1: ", "longer than", NULL);
	free(buf);
}

/* Every CSV refusal, with the physical line it names. */
static void
test_csv_refuses(void)
{
	CSV_REFUSED("csv quote in unquoted field", "a,b\nc,d\"e\n",
	    NAME ":2: ", "quote inside a field");
	CSV_REFUSED("csv text after closing quote", "a\n\"ab\"c,d\n",
	    NAME ":2: ", "text after the closing quote");
	CSV_REFUSED("csv space after closing quote", "\"ab\" ,d\n",
	    ":1: ", "text after the closing quote");
	CSV_REFUSED("csv unterminated", "a\nb,\"open\nmore\nstill\n",
	    NAME ":2: ", "quoted field is never closed");
	CSV_REFUSED("csv unterminated at eof", "\"", ":1: ",
	    "never closed");
	CSV_REFUSED("csv nul", "a\nb\0c\n", NAME ":2: ", "NUL byte");
	CSV_REFUSED("csv nul in quoted field", "a\n\"x\ny\0\"\n",
	    NAME ":3: ", "NUL byte");
	CSV_REFUSED("csv gbk", "\xb4\xba\xbb\xd4\n", NAME ":1: ",
	    "not valid UTF-8");
	CSV_REFUSED("csv bad utf8 in multi-line record",
	    "ok\n\"a\nb\nc\xff\"\n", NAME ":4: ", "not valid UTF-8");
	CSV_REFUSED("csv truncated utf8", "a\n\xe6\x98", ":2: ",
	    "not valid UTF-8");
	CSV_REFUSED("csv overlong utf8", "\xc0\xaf\n", ":1: ",
	    "not valid UTF-8");
	CSV_REFUSED("csv bare cr", "a\rb\n", ":1: ", "carriage return");
	CSV_REFUSED("csv cr at eof", "a\nb\r", ":2: ", "carriage return");
	CSV_REFUSED("csv mac line ends", "a,b\rc,d\r", ":1: ",
	    "carriage return");
	CSV_REFUSED("csv bare cr after quote", "\"a\"\rb\n", ":1: ",
	    "carriage return");
}

/* A record's line is where it starts, even across quoted newlines. */
static void
test_csv_line(void)
{
	static const char	 text[] = "h\n\"a\nb\nc\",d\n\ne\n";
	struct csv		*c = csv_open(NAME, text, sizeof text - 1);
	char			**f;
	size_t			 n;

	TEST_BEGIN("csv_line");
	CHECK_INT_EQ(csv_next(c, &f, &n, NULL), 1);
	CHECK_INT_EQ(csv_line(c), 1);
	CHECK_INT_EQ(csv_next(c, &f, &n, NULL), 1);
	CHECK_INT_EQ(csv_line(c), 2);
	CHECK_INT_EQ(n, 2);
	CHECK_STR_EQ(f[0], "a\nb\nc");
	CHECK_INT_EQ(csv_next(c, &f, &n, NULL), 1);
	CHECK_INT_EQ(csv_line(c), 6);
	CHECK_STR_EQ(f[0], "e");
	CHECK_INT_EQ(csv_next(c, &f, &n, NULL), 0);
	csv_free(c);
}

/* csv_write_field quotes only when needed, and reads back unchanged. */
static void
test_csv_write(void)
{
	static const char	*fields[] = { "plain", "a,b", "say \"hi\"",
				    "x\ny", "", "春晖", "cr\r", " sp " };
	const size_t		 nfields = sizeof fields / sizeof fields[0];
	struct csv		*c;
	char			*buf = NULL, **got;
	size_t			 len = 0, ngot, i;
	FILE			*f;
	int			 rc = 0;

	TEST_BEGIN("csv_write_field");
	f = open_memstream(&buf, &len);
	CHECK(f != NULL);
	if (f == NULL)
		return;
	for (i = 0; i < nfields; i++) {
		if (i > 0)
			fputc(',', f);
		rc |= csv_write_field(f, fields[i]);
	}
	fputc('\n', f);
	fclose(f);
	CHECK_INT_EQ(rc, 0);
	CHECK_STR_EQ(buf, "plain,\"a,b\",\"say \"\"hi\"\"\",\"x\ny\",,春晖,"
	    "\"cr\r\", sp \n");

	c = csv_open(NAME, buf, len);
	CHECK_INT_EQ(csv_next(c, &got, &ngot, NULL), 1);
	CHECK_INT_EQ(ngot, nfields);
	for (i = 0; i < nfields && i < ngot; i++)
		CHECK_STR_EQ(got[i], fields[i]);
	CHECK_INT_EQ(csv_next(c, &got, &ngot, NULL), 0);
	csv_free(c);
	free(buf);

	TEST_BEGIN("csv_write_field error");
	if ((f = fopen("/dev/full", "w")) != NULL) {
		setvbuf(f, NULL, _IONBF, 0);
		CHECK_INT_EQ(csv_write_field(f, "plain"), -1);
		CHECK_INT_EQ(csv_write_field(f, "a,b"), -1);
		fclose(f);
	}
}

/* Parse a NUL-terminated roster. */
static enum rv_status
parse(const char *text, struct rv_estate **es, size_t *n, char **cause)
{
	return roster_parse(NAME, text, strlen(text), es, n, cause);
}

/*
 * Check that a roster of len bytes is refused with RV_EINPUT, that
 * nothing is returned, and that the one-line cause holds both wanted
 * strings (the second may be NULL).
 */
static void
refused_len(const char *name, const char *text, size_t len, const char *want,
    const char *want2)
{
	struct rv_estate	 sentinel, *es = &sentinel;
	size_t			 n = 99;
	char			*cause = NULL;
	enum rv_status		 st;

	TEST_BEGIN(name);
	st = roster_parse(NAME, text, len, &es, &n, &cause);
	CHECK_INT_EQ(st, RV_EINPUT);
	CHECK(es == NULL);
	CHECK_INT_EQ(n, 0);
	CHECK(cause != NULL && strchr(cause, '\n') == NULL);
	CHECK(cause != NULL && strstr(cause, want) != NULL);
	CHECK(cause != NULL && (want2 == NULL || strstr(cause, want2) != NULL));
	if (cause == NULL || strstr(cause, want) == NULL ||
	    (want2 != NULL && strstr(cause, want2) == NULL))
		fprintf(stderr, "  wanted '%s' and '%s' in '%s'\n", want,
		    want2 == NULL ? "" : want2, cause == NULL ? "(null)" :
		    cause);
	if (st == RV_OK)
		estates_free(es, n);
	free(cause);
}

/* refused_len for a NUL-terminated roster. */
static void
refused(const char *name, const char *text, const char *want,
    const char *want2)
{
	refused_len(name, text, strlen(text), want, want2);
}

/* The header: exact names, no unknown, duplicate or missing column. */
static void
test_roster_header(void)
{
	refused("empty file", "", NAME ": empty file", "estate_id");
	refused("bom only", "\xef\xbb\xbf\n\n", NAME ": empty file", NULL);
	refused("header only", HEADER, NAME ": no flats", NULL);
	refused("header and blank lines", HEADER "\n\r\n\n", "no flats", NULL);
	refused("header and blank rows", HEADER ",,,,,,,\n,,,,,,,\n",
	    "no flats", NULL);
	refused("no header", ROW("3-1-101", "101", "A", "60"),
	    NAME ":1: no header row", "estate_id");
	refused("unknown column",
	    "estate_id,estate_name,building,entrance,room,flat_id,owner_id,"
	    "area_m2,foo\n" ROW("3-1-101", "101", "A", "60"),
	    NAME ":1: unknown column 'foo'", "columns are estate_id, ");
	refused("unknown column near miss case",
	    "Estate_ID,estate_name,building,entrance,room,flat_id,owner_id,"
	    "area_m2\n", NAME ":1: unknown column 'Estate_ID'",
	    "did you mean 'estate_id'?");
	refused("header in capitals",
	    "ESTATE_ID,ESTATE_NAME,BUILDING,ENTRANCE,ROOM,FLAT_ID,OWNER_ID,"
	    "AREA_M2\n" ROW("3-1-101", "101", "A", "60"),
	    NAME ":1: unknown column 'ESTATE_ID' (field 1)",
	    "did you mean 'estate_id'?");
	refused("unknown column near miss space",
	    "estate_id,estate_name,building,entrance,room,flat_id,owner_id,"
	    "area_m2 \n", NAME ":1: unknown column 'area_m2 '",
	    "did you mean 'area_m2'?");
	refused("unknown column near miss dash",
	    "estate_id,estate-name,building,entrance,room,flat_id,owner_id,"
	    "area_m2\n", ":1: unknown column 'estate-name' (field 2)",
	    "did you mean 'estate_name'?");
	refused("unknown empty column",
	    "estate_id,estate_name,building,entrance,room,flat_id,owner_id,"
	    "area_m2,\n", ":1: unknown column '' (field 9)", NULL);
	refused("duplicate column",
	    "estate_id,estate_name,building,entrance,room,flat_id,owner_id,"
	    "room,area_m2\n", NAME ":1: column 'room' appears twice",
	    "fields 5 and 8");
	refused("missing column",
	    "estate_id,estate_name,building,entrance,room,flat_id,owner_id\n"
	    "LC-XNY-03,春晖小区,3,1,101,3-1-101,A\n",
	    NAME ":1: missing required column: area_m2", NULL);
	refused("missing columns",
	    "area_m2,estate_name,building,entrance,room,flat_id\n",
	    NAME ":1: missing required columns: estate_id, owner_id", NULL);
	refused("header after blank line",
	    "\n\nfoo\n", NAME ":3: no header row", NULL);
}

/* Row shape: field count, the flat limit, CSV errors with their line. */
static void
test_roster_rows(void)
{
	char	*big;
	size_t	 i, len, size;

	refused("too few fields", HEADER ROW("3-1-101", "101", "A", "60")
	    "LC-XNY-03,春晖小区,3,1,102,3-1-102,B\n",
	    NAME ":3: 7 fields, but the header has 8 columns", NULL);
	refused("too many fields", HEADER ROW("3-1-101", "101", "A", "60,x"),
	    NAME ":2: 9 fields, but the header has 8 columns", NULL);
	refused("one field", HEADER "x\n", NAME ":2: 1 field, but", NULL);
	refused("csv error in roster", HEADER ROW("3-1-101", "101", "A", "60")
	    "LC-XNY-03,春晖\"小区,3,1,102,3-1-102,B,60\n",
	    NAME ":3: quote inside", NULL);
	refused("unclosed quote in roster", HEADER
	    ROW("3-1-101", "101", "A", "60")
	    "LC-XNY-03,\"春晖小区,3,1,102,3-1-102,B,60\n"
	    ROW("3-1-201", "201", "C", "75.5"),
	    NAME ":3: quoted field is never closed", NULL);
	refused("gbk roster", HEADER "LC-XNY-03,\xb4\xba\xbb\xd4,3,1,101,"
	    "3-1-101,A,60\n", NAME ":2: not valid UTF-8", NULL);

	/* RV_FLATS_MAX rows pass the limit; the one after is refused. */
	size = (size_t)(RV_FLATS_MAX + 1) * 32 + sizeof HEADER;
	big = xmalloc(size);
	len = (size_t)snprintf(big, size, "%s", HEADER);
	for (i = 0; i <= RV_FLATS_MAX; i++)
		len += (size_t)snprintf(big + len, size - len,
		    "E,N,1,1,%zu,%zu,o,1\n", i, i);
	refused_len("too many flats", big, len,
	    NAME ":2000002: more than 2000000 flats", NULL);
	free(big);
}

/*
 * Replace field col (0-based, HEADER order) of a valid row with value and
 * check the refusal names line 2, the field and the reason.
 */
static void
refused_field(const char *name, int col, const char *value, const char *want,
    const char *want2)
{
	static const char	*good[] = { "LC-XNY-03", "春晖小区", "3", "1",
				    "101", "3-1-101", "A", "60" };
	char			*text = xstrdup(HEADER);
	int			 i;

	for (i = 0; i < 8; i++)
		text = cat(text, "%s%s", i == 0 ? "" : ",",
		    i == col ? value : good[i]);
	text = cat(text, "\n");
	refused(name, text, want, want2);
	free(text);
}

/* Every field rule, each naming line 2 and the field. */
static void
test_roster_fields(void)
{
	static const char	*names[] = { "estate_id", "estate_name",
				    "building", "entrance", "room", "flat_id",
				    "owner_id", "area_m2" };
	char			 want[64], *long_name;
	int			 col;

	for (col = 0; col < 8; col++) {
		snprintf(want, sizeof want, NAME ":2: %s: empty", names[col]);
		refused_field("required field empty", col, "", want, NULL);
	}

	refused_field("flat_id slash", 5, "3/1/101",
	    NAME ":2: flat_id: '3/1/101' contains '/'", NULL);
	refused_field("estate_id comma", 0, "\"LC,XNY\"",
	    NAME ":2: estate_id: 'LC,XNY' contains ','", NULL);
	refused_field("estate_id newline", 0, "\"LC\nXNY\"",
	    NAME ":2: estate_id: 'LC?XNY' contains a control character", NULL);
	refused_field("building leading space", 2, " 3",
	    NAME ":2: building: ' 3' starts or ends with a space", NULL);
	refused_field("entrance trailing space", 3, "1 ",
	    NAME ":2: entrance: '1 ' starts or ends with a space", NULL);
	refused_field("entrance tab", 3, "1\t",
	    NAME ":2: entrance: '1?' contains a control character", NULL);
	refused_field("room hash", 4, "10#1",
	    NAME ":2: room: '10#1' contains '#'", NULL);
	refused_field("owner_id too long", 6,
	    "0123456789012345678901234567890123456789012345678901234567890123"
	    "4", NAME ":2: owner_id: '", "is longer than 64 bytes");
	refused_field("owner_id percent", 6, "a%20b",
	    NAME ":2: owner_id: 'a%20b' contains '%'", NULL);

	long_name = xmalloc(RV_NAME_MAX + 2);
	memset(long_name, 'n', RV_NAME_MAX + 1);
	long_name[RV_NAME_MAX + 1] = '\0';
	refused_field("estate_name too long", 1, long_name,
	    NAME ":2: estate_name: longer than 256 bytes", NULL);
	free(long_name);
	refused_field("estate_name control", 1, "春晖\x1b[2J",
	    NAME ":2: estate_name: '春晖?[2J' contains a control character",
	    NULL);
	refused_field("estate_name c1 control", 1, "春晖\xc2\x85",
	    NAME ":2: estate_name:", "control character");

	/* The exact message for docs/interface.md, "Roster CSV" (two decimals). */
	TEST_BEGIN("area more than two decimals");
	{
		struct rv_estate	*es;
		size_t			 n;
		char			*cause = NULL;

		CHECK_INT_EQ(parse(HEADER ROW("3-1-101", "101", "A", "60.123"),
		    &es, &n, &cause), RV_EINPUT);
		CHECK_STR_EQ(cause, NAME ":2: area_m2: '60.123' has more than "
		    "two decimals");
		free(cause);
	}
	refused_field("area zero", 7, "0.00",
	    NAME ":2: area_m2: '0.00' is not positive", NULL);
	refused_field("area negative", 7, "-60",
	    NAME ":2: area_m2: '-60' is not an area", NULL);
	refused_field("area text", 7, "sixty",
	    NAME ":2: area_m2: 'sixty' is not an area", NULL);
	refused_field("area exponent", 7, "6e1",
	    NAME ":2: area_m2: '6e1' is not an area", NULL);
	refused_field("area comma", 7, "\"1,060.5\"",
	    NAME ":2: area_m2: '1,060.5' is not an area", NULL);
	refused_field("area space", 7, " 60",
	    NAME ":2: area_m2: ' 60' is not an area", NULL);
	refused_field("area trailing dot", 7, "60.",
	    NAME ":2: area_m2: '60.' is not an area", NULL);
	refused_field("area huge", 7, "100000.01",
	    NAME ":2: area_m2: '100000.01' is larger than any flat", NULL);
	refused_field("area newline", 7, "\"6\n0\"",
	    NAME ":2: area_m2: '6?0' is not an area", NULL);

	refused("area_source unknown",
	    "estate_id,estate_name,building,entrance,room,flat_id,owner_id,"
	    "area_m2,area_source\n"
	    "LC-XNY-03,春晖小区,3,1,101,3-1-101,A,60,register\n"
	    "LC-XNY-03,春晖小区,3,1,102,3-1-102,B,60,Register\n",
	    NAME ":3: area_source: 'Register' is not one of register, survey, "
	    "contract", NULL);
	refused("owner_name control",
	    "estate_id,estate_name,building,entrance,room,flat_id,owner_id,"
	    "area_m2,owner_name\n"
	    "LC-XNY-03,春晖小区,3,1,101,3-1-101,A,60,\"张\n三\"\n",
	    NAME ":2: owner_name: '张?三' contains a control character", NULL);

	/* The leftmost bad field is the one reported. */
	refused("leftmost field first", HEADER
	    "LC-XNY-03,春晖小区,3 ,1,101,3/1/101,A,0\n",
	    NAME ":2: building:", NULL);
}

/* Rows that clash with earlier rows, naming both lines. */
static void
test_roster_clashes(void)
{
	refused("duplicate flat_id", HEADER
	    ROW("3-1-101", "101", "A", "60")
	    ROW("3-1-202", "202", "B", "60")
	    ROW("3-1-301", "301", "C", "60")
	    ROW("3-1-202", "302", "D", "60"),
	    NAME ":5: flat_id: '3-1-202' already on line 3", NULL);
	refused("duplicate room", HEADER
	    ROW("3-1-101", "101", "A", "60")
	    ROW("3-1-102", "102", "B", "60")
	    ROW("3-1-102b", "102", "C", "60"),
	    NAME ":4: building/entrance/room: '3/1/102' already on line 3",
	    "flat_id '3-1-102'");
	refused("estate name disagrees", HEADER
	    ROW("3-1-101", "101", "A", "60")
	    "HY-01,和园,1,1,101,1-1-101,X,50\n"
	    "LC-XNY-03,春晖花园,3,1,102,3-1-102,B,60\n",
	    NAME ":4: estate_name: '春晖花园' differs from '春晖小区' on line 2",
	    "estate_id 'LC-XNY-03'");
	/* Blank lines and a multi-line record do not upset line numbers. */
	refused("duplicate after blank lines", HEADER "\n"
	    ROW("3-1-101", "101", "A", "60") "\r\n\r\n"
	    ROW("3-1-101", "102", "B", "60"),
	    NAME ":6: flat_id: '3-1-101' already on line 3", NULL);
	/* The first problem in file order wins over a later one. */
	refused("first problem first", HEADER
	    ROW("3-1-101", "101", "A", "60")
	    ROW("3-1-101", "102", "B", "60")
	    ROW("3-1-103", "103", "C", "x"),
	    NAME ":3: flat_id:", NULL);

	TEST_BEGIN("refused without cause");
	{
		struct rv_estate	*es;
		size_t			 n;

		CHECK_INT_EQ(parse(HEADER ROW("3-1-101", "101", "A", "60")
		    ROW("3-1-101", "102", "B", "60"), &es, &n, NULL),
		    RV_EINPUT);
		CHECK(es == NULL);
		CHECK_INT_EQ(parse("", &es, &n, NULL), RV_EINPUT);
		CHECK_INT_EQ(parse(HEADER "a\"b\n", &es, &n, NULL), RV_EINPUT);
	}
}

/* Check every field of one flat. */
static void
check_flat(const struct rv_flat *f, const char *flat_id, const char *b,
    const char *e, const char *room, const char *owner_id,
    const char *owner_name, const char *source, rv_area area)
{
	CHECK_STR_EQ(f->flat_id, flat_id);
	CHECK_STR_EQ(f->building, b);
	CHECK_STR_EQ(f->entrance, e);
	CHECK_STR_EQ(f->room, room);
	CHECK_STR_EQ(f->owner_id, owner_id);
	if (owner_name == NULL)
		CHECK(f->owner_name == NULL);
	else
		CHECK_STR_EQ(f->owner_name, owner_name);
	if (source == NULL)
		CHECK(f->area_source == NULL);
	else
		CHECK_STR_EQ(f->area_source, source);
	CHECK_INT_EQ(f->area, area);
}

/*
 * A valid roster of two interleaved estates with shuffled columns, a BOM,
 * CRLF, quoted fields and a padded row: the worked example of
 * docs/consent-rules.md (entrance 3-1) and a second estate whose developer
 * holds three flats.
 */
static void
test_roster_valid(void)
{
	static const char	 text[] = "\xef\xbb\xbf"
	    "flat_id,owner_id,area_m2,room,entrance,building,estate_name,"
	    "estate_id,owner_name,area_source\r\n"
	    "3-1-302,developer,90,302,1,3,春晖小区,LC-XNY-03,,\r\n"
	    "3-1-101,A,60,101,1,3,春晖小区,LC-XNY-03,张三,register\r\n"
	    "1-1-201,developer,50,201,1,1,\"Hong, Yuan\",HY-01,,\r\n"
	    "3-1-102,B,60.00,102,1,3,春晖小区,LC-XNY-03,,\r\n"
	    "3-1-201,C,75.5,201,1,3,春晖小区,LC-XNY-03,\"王, 五\",survey\r\n"
	    "\r\n"
	    "1-1-101,X,50.25,101,1,1,\"Hong, Yuan\",HY-01,,contract\r\n"
	    "3-1-202,A,75.50,202,1,3,春晖小区,LC-XNY-03,张三,\r\n"
	    ",,,,,,,,,\r\n"
	    "3-1-301,D,90,301,1,3,春晖小区,LC-XNY-03,赵六,register\r\n"
	    "1-1-102,developer,50.25,102,1,1,\"Hong, Yuan\",HY-01,,\r\n"
	    "3-1-101,Y,40.1,101,1,3,\"Hong, Yuan\",HY-01,,\r\n";
	struct rv_estate	*es = NULL;
	struct rv_flat		*f;
	size_t			 n = 0, i;
	char			*cause = NULL;
	rv_area			 total = 0;

	TEST_BEGIN("valid roster");
	CHECK_INT_EQ(roster_parse(NAME, text, sizeof text - 1, &es, &n,
	    &cause), RV_OK);
	CHECK(cause == NULL);
	CHECK_INT_EQ(n, 2);
	if (n != 2) {
		fprintf(stderr, "  cause: %s\n", cause ? cause : "(null)");
		free(cause);
		return;
	}

	/* Estates in order of first appearance, flats in flat_id order. */
	CHECK_STR_EQ(es[0].id, "LC-XNY-03");
	CHECK_STR_EQ(es[0].name, "春晖小区");
	CHECK_INT_EQ(es[0].nflats, 6);
	CHECK_INT_EQ(es[0].nowners, 5);
	f = es[0].flats;
	check_flat(&f[0], "3-1-101", "3", "1", "101", "A", "张三", "register",
	    6000);
	check_flat(&f[1], "3-1-102", "3", "1", "102", "B", NULL, NULL, 6000);
	check_flat(&f[2], "3-1-201", "3", "1", "201", "C", "王, 五", "survey",
	    7550);
	check_flat(&f[3], "3-1-202", "3", "1", "202", "A", "张三", NULL, 7550);
	check_flat(&f[4], "3-1-301", "3", "1", "301", "D", "赵六", "register",
	    9000);
	check_flat(&f[5], "3-1-302", "3", "1", "302", "developer", NULL, NULL,
	    9000);
	for (i = 0; i < es[0].nflats; i++)
		total += f[i].area;
	CHECK_INT_EQ(total, 45100);
	/* A's two flats are one owner; everyone else is their own. */
	CHECK_INT_EQ(f[0].owner, f[3].owner);
	CHECK(f[0].owner != f[1].owner && f[1].owner != f[2].owner &&
	    f[2].owner != f[4].owner && f[4].owner != f[5].owner &&
	    f[0].owner != f[5].owner);
	for (i = 0; i < es[0].nflats; i++)
		CHECK(f[i].owner < es[0].nowners);

	CHECK_STR_EQ(es[1].id, "HY-01");
	CHECK_STR_EQ(es[1].name, "Hong, Yuan");
	CHECK_INT_EQ(es[1].nflats, 4);
	CHECK_INT_EQ(es[1].nowners, 3);
	f = es[1].flats;
	check_flat(&f[0], "1-1-101", "1", "1", "101", "X", NULL, "contract",
	    5025);
	check_flat(&f[1], "1-1-102", "1", "1", "102", "developer", NULL, NULL,
	    5025);
	check_flat(&f[2], "1-1-201", "1", "1", "201", "developer", NULL, NULL,
	    5000);
	/* The same flat id and room in another estate is another flat. */
	check_flat(&f[3], "3-1-101", "3", "1", "101", "Y", NULL, NULL, 4010);
	/* The developer's flats count as one owner. */
	CHECK_INT_EQ(f[1].owner, f[2].owner);
	CHECK(f[0].owner != f[1].owner && f[3].owner != f[1].owner &&
	    f[0].owner != f[3].owner);
	estates_free(es, n);

	/* Without the optional columns, and names at their limit. */
	TEST_BEGIN("valid roster, required columns only");
	{
		char	*name = xmalloc(RV_NAME_MAX + 1), *t;

		memset(name, 'n', RV_NAME_MAX);
		name[RV_NAME_MAX] = '\0';
		t = cat(NULL, "%sE-1,%s,3,1,101,"
		    "0123456789012345678901234567890123456789012345678901234567"
		    "890123,A,0.01\n", HEADER, name);
		CHECK_INT_EQ(parse(t, &es, &n, &cause), RV_OK);
		CHECK_INT_EQ(n, 1);
		if (n == 1) {
			CHECK_STR_EQ(es[0].name, name);
			CHECK_INT_EQ(es[0].nowners, 1);
			check_flat(&es[0].flats[0], "0123456789012345678901234"
			    "567890123456789012345678901234567890123", "3",
			    "1", "101", "A", NULL, NULL, 1);
			estates_free(es, n);
		}
		free(name);
		free(t);
	}
}

/*
 * A generated city roster: CITY_ESTATES estates of 2,000 flats each,
 * rows of the estates interleaved, every third flat the developer's and
 * the rest owned in pairs.  It must parse, and quickly (not timed here:
 * bench/ does that).
 */
static void
test_roster_city(void)
{
	char		*buf, *cause = NULL;
	size_t		 size = (size_t)CITY_ROWS * 96 + sizeof HEADER;
	size_t		 len, i, n = 0, nflats = 0, e, k, dev;
	struct rv_estate *es = NULL;
	struct rv_flat	*f;
	int		 ok = 1;

	TEST_BEGIN("city roster");
	buf = xmalloc(size);
	len = (size_t)snprintf(buf, size, "%s", HEADER);
	for (i = 0; i < CITY_ROWS; i++) {
		e = i % CITY_ESTATES;
		k = i / CITY_ESTATES;	/* flat number within the estate */
		len += (size_t)snprintf(buf + len, size - len,
		    "E-%03zu,小区%zu,%zu,%zu,%zu,%zu-%zu-%zu,%s%zu,%zu.%02zu\n",
		    e, e, k / 100, k / 20 % 5, k % 20 + 101, k / 100,
		    k / 20 % 5, k % 20 + 101, k % 3 == 0 ? "developer" : "o",
		    k % 3 == 0 ? (size_t)0 : k / 3, 40 + k % 60, k % 100);
	}
	CHECK_INT_EQ(roster_parse(NAME, buf, len, &es, &n, &cause), RV_OK);
	if (cause != NULL)
		fprintf(stderr, "  cause: %s\n", cause);
	free(cause);
	CHECK_INT_EQ(n, CITY_ESTATES);
	for (e = 0; e < n; e++) {
		char id[32];

		snprintf(id, sizeof id, "E-%03zu", e);
		ok &= strcmp(es[e].id, id) == 0;
		ok &= es[e].nflats == CITY_ROWS / CITY_ESTATES;
		nflats += es[e].nflats;
		f = es[e].flats;
		dev = CITY_NONE;
		for (k = 0; k < es[e].nflats; k++) {
			ok &= k == 0 || strcmp(f[k - 1].flat_id,
			    f[k].flat_id) < 0;
			if (strcmp(f[k].owner_id, "developer") != 0)
				continue;
			if (dev == CITY_NONE)
				dev = f[k].owner;
			ok &= f[k].owner == dev;
		}
		/* 667 developer flats are one owner, o0..o666 the rest. */
		ok &= es[e].nowners == 1 + 667;
	}
	CHECK(ok);
	CHECK_INT_EQ(nflats, CITY_ROWS);
	estates_free(es, n);
	free(buf);
}

/*
 * The optional estate names per locale: stored when given (NULL when
 * empty or absent), the same on every row of an estate, and estate_name
 * picks by locale, zh_TW falling back to the zh_CN name in traditional.
 */
static void
test_roster_names(void)
{
	static const char	 text[] =
	    "estate_id,estate_name,estate_name_zh_TW,estate_name_en,building,"
	    "entrance,room,flat_id,owner_id,area_m2\n"
	    "LC-XNY-03,春晖小区,春暉社區,Chunhui Estate,3,1,101,3-1-101,A,60\n"
	    "HY-01,和园,,Heyuan,1,1,101,1-1-101,X,50\n"
	    "LC-XNY-03,春晖小区,春暉社區,Chunhui Estate,3,1,102,3-1-102,B,60\n"
	    "HY-01,和园,,Heyuan,1,1,102,1-1-102,Y,50\n";
	struct rv_estate	*es = NULL;
	size_t			 n = 0;
	char			*cause = NULL;

	TEST_BEGIN("estate names per locale");
	CHECK_INT_EQ(roster_parse(NAME, text, sizeof text - 1, &es, &n,
	    &cause), RV_OK);
	CHECK_INT_EQ(n, 2);
	if (n == 2) {
		CHECK_STR_EQ(es[0].name, "春晖小区");
		CHECK_STR_EQ(es[0].name_zh_tw, "春暉社區");
		CHECK_STR_EQ(es[0].name_en, "Chunhui Estate");
		CHECK_STR_EQ(estate_name(&es[0], RV_ZH_CN), "春晖小区");
		CHECK_STR_EQ(estate_name(&es[0], RV_ZH_TW), "春暉社區");
		CHECK_STR_EQ(estate_name(&es[0], RV_EN), "Chunhui Estate");
		CHECK(es[1].name_zh_tw == NULL);
		CHECK_STR_EQ(es[1].name_en, "Heyuan");
		CHECK_STR_EQ(estate_name(&es[1], RV_ZH_TW), "和園");
		estates_free(es, n);
	} else {
		fprintf(stderr, "  cause: %s\n", cause ? cause : "(null)");
		free(cause);
	}

	/* Without the columns: English falls back to the zh_CN name. */
	TEST_BEGIN("estate names absent");
	CHECK_INT_EQ(parse(HEADER ROW("3-1-101", "101", "A", "60"), &es, &n,
	    NULL), RV_OK);
	if (n == 1) {
		CHECK(es[0].name_zh_tw == NULL && es[0].name_en == NULL);
		CHECK_STR_EQ(estate_name(&es[0], RV_EN), "春晖小区");
		CHECK_STR_EQ(estate_name(&es[0], RV_ZH_TW), "春暉小區");
		estates_free(es, n);
	}

	refused("estate_name_en disagrees",
	    "estate_id,estate_name,estate_name_en,building,entrance,room,"
	    "flat_id,owner_id,area_m2\n"
	    "LC-XNY-03,春晖小区,Chunhui Estate,3,1,101,3-1-101,A,60\n"
	    "LC-XNY-03,春晖小区,Chunhui Garden,3,1,102,3-1-102,B,60\n",
	    NAME ":3: estate_name_en: 'Chunhui Garden' differs from "
	    "'Chunhui Estate' on line 2", "estate_id 'LC-XNY-03'");
	refused("estate_name_zh_TW missing on one row",
	    "estate_id,estate_name,estate_name_zh_TW,building,entrance,room,"
	    "flat_id,owner_id,area_m2\n"
	    "LC-XNY-03,春晖小区,春暉社區,3,1,101,3-1-101,A,60\n"
	    "LC-XNY-03,春晖小区,,3,1,102,3-1-102,B,60\n",
	    NAME ":3: estate_name_zh_TW: '' differs from '春暉社區' on line 2",
	    NULL);
	refused("estate_name_en with a control character",
	    "estate_id,estate_name,estate_name_en,building,entrance,room,"
	    "flat_id,owner_id,area_m2\n"
	    "LC-XNY-03,春晖小区,\"Chun\nhui\",3,1,101,3-1-101,A,60\n",
	    NAME ":2: estate_name_en:", "control character");
	refused("estate_name_zh_tw: names are exact",
	    "estate_id,estate_name,estate_name_zh_tw,building,entrance,room,"
	    "flat_id,owner_id,area_m2\n",
	    "unknown column 'estate_name_zh_tw'", "did you mean "
	    "'estate_name_zh_TW'");
	refused("unknown estate_name_fr",
	    "estate_id,estate_name,estate_name_fr,building,entrance,room,"
	    "flat_id,owner_id,area_m2\n",
	    "unknown column 'estate_name_fr'", "estate_name_en");
}

/*
 * The optional street and community: stored when given (NULL when empty
 * or absent), the same on every row of an estate.
 */
static void
test_roster_place(void)
{
	static const char	 text[] =
	    "estate_id,estate_name,street,community,building,entrance,room,"
	    "flat_id,owner_id,area_m2\n"
	    "LC-XNY-03,春晖小区,东城街道,春晖社区,3,1,101,3-1-101,A,60\n"
	    "HY-01,和园,西城街道,,1,1,101,1-1-101,X,50\n"
	    "LC-XNY-03,春晖小区,东城街道,春晖社区,3,1,102,3-1-102,B,60\n"
	    "HY-02,乐园,,,1,1,101,1-1-101,Y,50\n";
	struct rv_estate	*es = NULL;
	size_t			 n = 0;
	char			*cause = NULL;

	TEST_BEGIN("street and community");
	CHECK_INT_EQ(roster_parse(NAME, text, sizeof text - 1, &es, &n,
	    &cause), RV_OK);
	CHECK_INT_EQ(n, 3);
	if (n == 3) {
		CHECK_STR_EQ(es[0].street, "东城街道");
		CHECK_STR_EQ(es[0].community, "春晖社区");
		CHECK_STR_EQ(es[1].street, "西城街道");
		CHECK(es[1].community == NULL);
		CHECK(es[2].street == NULL && es[2].community == NULL);
		estates_free(es, n);
	} else {
		fprintf(stderr, "  cause: %s\n", cause ? cause : "(null)");
		free(cause);
	}
	refused("community disagrees",
	    "estate_id,estate_name,street,community,building,entrance,room,"
	    "flat_id,owner_id,area_m2\n"
	    "LC-XNY-03,春晖小区,东城街道,春晖社区,3,1,101,3-1-101,A,60\n"
	    "LC-XNY-03,春晖小区,东城街道,,3,1,102,3-1-102,B,60\n",
	    NAME ":3: community: '' differs from '春晖社区' on line 2",
	    "estate_id 'LC-XNY-03'");
	refused("street with a control character",
	    "estate_id,estate_name,street,building,entrance,room,"
	    "flat_id,owner_id,area_m2\n"
	    "LC-XNY-03,春晖小区,\"东城\n街道\",3,1,101,3-1-101,A,60\n",
	    NAME ":2: street:", "control character");
}

/* Run every group; the exit status is automake's pass or fail. */
int
main(void)
{
	test_csv_accepts();
	test_csv_limit();
	test_csv_refuses();
	test_csv_line();
	test_csv_write();
	test_roster_header();
	test_roster_rows();
	test_roster_fields();
	test_roster_clashes();
	test_roster_valid();
	test_roster_names();
	test_roster_place();
	test_roster_city();
	return test_done("test-roster");
}
