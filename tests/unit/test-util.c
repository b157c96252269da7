/*
 * Exact conversions: areas, money, times, UTF-8, ids, display widths,
 * percentages, scrubbed text, base URLs and durable files.
 */

#include "config.h"

#include <sys/stat.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "renovote.h"
#include "test.h"

/* Areas parse exactly, with at most two decimals, and positive only. */
static void
test_area(void)
{
	rv_area	 a;
	char	*cause = NULL, buf[32];
	const char *bad[] = { "", "0", "0.00", "-1", "1e3", "60.123", " 60",
	    "60 ", "60.", ".5", "abc", "100000.01", "99999999999999999999" };
	size_t	 i;

	TEST_BEGIN("area");
	CHECK(area_parse("60", &a, NULL) == RV_OK);
	CHECK_INT_EQ(a, 6000);
	CHECK(area_parse("75.5", &a, NULL) == RV_OK);
	CHECK_INT_EQ(a, 7550);
	CHECK(area_parse("75.05", &a, NULL) == RV_OK);
	CHECK_INT_EQ(a, 7505);
	CHECK(area_parse("0.01", &a, NULL) == RV_OK);
	CHECK_INT_EQ(a, 1);
	CHECK(area_parse("100000.00", &a, NULL) == RV_OK);
	CHECK_INT_EQ(a, RV_AREA_MAX);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		CHECK(area_parse(bad[i], &a, &cause) == RV_EINPUT);
		CHECK(cause != NULL && strstr(cause, bad[i]) != NULL);
		free(cause);
		cause = NULL;
	}
	area_format(45100, buf, sizeof buf);
	CHECK_STR_EQ(buf, "451.00");
	area_format(7, buf, sizeof buf);
	CHECK_STR_EQ(buf, "0.07");
	area_format(-5900, buf, sizeof buf);
	CHECK_STR_EQ(buf, "-59.00");
}

/* Money from JSON numbers must be whole fen. */
static void
test_money(void)
{
	int64_t	 fen;

	TEST_BEGIN("money");
	CHECK(money_from_json_number(420000, &fen) == 0);
	CHECK_INT_EQ(fen, 42000000);
	CHECK(money_from_json_number(10.5, &fen) == 0);
	CHECK_INT_EQ(fen, 1050);
	CHECK(money_from_json_number(0.07, &fen) == 0);
	CHECK_INT_EQ(fen, 7);
	CHECK(money_from_json_number(0.005, &fen) == -1);
	CHECK(money_from_json_number(-1, &fen) == -1);
	CHECK(money_parse("0", &fen, NULL) == RV_OK);
	CHECK_INT_EQ(fen, 0);
	CHECK(money_parse("1200.5", &fen, NULL) == RV_OK);
	CHECK_INT_EQ(fen, 120050);
	CHECK(money_parse("250000", &fen, NULL) == RV_OK);
	CHECK_INT_EQ(fen, 25000000);
	CHECK(money_parse("100000000.00", &fen, NULL) == RV_OK);
	CHECK(money_parse("100000000.01", &fen, NULL) == RV_EINPUT);
	CHECK(money_parse("99999999999999999999", &fen, NULL) == RV_EINPUT);
	CHECK(money_parse("-5", &fen, NULL) == RV_EINPUT);
	CHECK(money_parse("1.234", &fen, NULL) == RV_EINPUT);
	CHECK(money_parse("1.", &fen, NULL) == RV_EINPUT);
	CHECK(money_parse("", &fen, NULL) == RV_EINPUT);
}

/* ISO 8601 with offsets, both ways. */
static void
test_time(void)
{
	rv_ms	 t, u;
	int	 off;
	char	 buf[RV_TIME_MAX], *cause = NULL;

	TEST_BEGIN("time");
	CHECK(time_parse("1970-01-01T00:00:00Z", &t, &off, NULL) == RV_OK);
	CHECK_INT_EQ(t, 0);
	CHECK_INT_EQ(off, 0);
	CHECK(time_parse("2026-12-01T08:00:00+08:00", &t, &off, NULL) ==
	    RV_OK);
	CHECK_INT_EQ(t, 1796083200000LL);
	CHECK_INT_EQ(off, 480);
	CHECK(time_parse("2026-12-01T00:00:00Z", &u, NULL, NULL) == RV_OK);
	CHECK_INT_EQ(t, u);
	CHECK(time_parse("2026-12-01T00:00:00.250Z", &u, NULL, NULL) ==
	    RV_OK);
	CHECK_INT_EQ(u - t, 250);
	time_format(t, 480, buf, sizeof buf);
	CHECK_STR_EQ(buf, "2026-12-01T08:00:00+08:00");
	time_format(u, -330, buf, sizeof buf);
	CHECK_STR_EQ(buf, "2026-11-30T18:30:00.250-05:30");
	CHECK(time_parse("2028-02-29T12:00:00+08:00", &t, NULL, NULL) ==
	    RV_OK);
	CHECK(time_parse("2027-02-29T12:00:00+08:00", &t, NULL, &cause) ==
	    RV_EINPUT);
	free(cause);
	cause = NULL;
	CHECK(time_parse("2026-12-01T08:00:00", &t, NULL, &cause) ==
	    RV_EINPUT);
	CHECK(cause != NULL && strstr(cause, "offset") != NULL);
	free(cause);
	cause = NULL;
	CHECK(time_parse("2026-12-01 08:00:00+08:00", &t, NULL, &cause) ==
	    RV_EINPUT);
	free(cause);

	/* The short form: CST to the minute, whatever the instant's zone. */
	CHECK(time_parse("2026-12-01T00:00:59.999Z", &t, NULL, NULL) ==
	    RV_OK);
	time_format_short(t, buf, sizeof buf);
	CHECK_STR_EQ(buf, "2026-12-01 08:00");
	CHECK(time_parse("2026-12-31T23:59:00+08:00", &t, NULL, NULL) ==
	    RV_OK);
	time_format_short(t, buf, sizeof buf);
	CHECK_STR_EQ(buf, "2026-12-31 23:59");
	CHECK(time_parse("2026-12-31T16:00:00Z", &t, NULL, NULL) == RV_OK);
	time_format_short(t, buf, sizeof buf);
	CHECK_STR_EQ(buf, "2027-01-01 00:00");
	time_format_short(0, buf, sizeof buf);
	CHECK_STR_EQ(buf, "1970-01-01 08:00");
	time_format_short(t, buf, 11);
	CHECK_STR_EQ(buf, "2027-01-01");
}

/* UTF-8 validity, ids, display widths. */
static void
test_text(void)
{
	char	 buf[16];

	TEST_BEGIN("text");
	CHECK(utf8_valid("春晖小区", strlen("春晖小区")));
	CHECK(!utf8_valid("\xc0\xaf", 2));
	CHECK(!utf8_valid("\xed\xa0\x80", 3));
	CHECK(!utf8_valid("\xe6\x98", 2));
	CHECK(id_valid("LC-XNY-03"));
	CHECK(id_valid("3-1-202"));
	CHECK(!id_valid(""));
	CHECK(!id_valid("a,b"));
	CHECK(!id_valid("a/b"));
	CHECK(!id_valid(" a"));
	CHECK(!id_valid("a\tb"));
	CHECK(!id_valid("a b"));
	CHECK(!id_valid("3号楼\xe3\x80\x80"));
	CHECK(!id_valid("a\xc2\x85"));
	CHECK(!id_valid("=HYPERLINK(1)"));
	CHECK(!id_valid("@x"));
	CHECK(id_valid("3号楼"));
	CHECK_INT_EQ(utf8_width("abc"), 3);
	CHECK_INT_EQ(utf8_width("春晖小区"), 8);
	CHECK_INT_EQ(utf8_width("3号楼"), 5);
	CHECK_INT_EQ(utf8_width("（全角）"), 8);
	percent_format(2, 3, buf, sizeof buf);
	CHECK_STR_EQ(buf, "66.66%");
	percent_format(30100, 45100, buf, sizeof buf);
	CHECK_STR_EQ(buf, "66.74%");
	percent_format(1, 0, buf, sizeof buf);
	CHECK_STR_EQ(buf, "-");
}

/* A durable write leaves the file whole with the mode asked for. */
static void
test_file(void)
{
	char		 dir[] = "/tmp/rv-test-XXXXXX", *path, *buf;
	size_t		 len;
	struct stat	 sb;

	TEST_BEGIN("file");
	CHECK(mkdtemp(dir) != NULL);
	xasprintf(&path, "%s/x.csv", dir);
	CHECK(file_write_durable(path, "secret\n", 7, 0600, NULL) == RV_OK);
	CHECK(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600);
	CHECK(file_read(path, 100, &buf, &len, NULL) == RV_OK);
	CHECK_INT_EQ(len, 7);
	CHECK_STR_EQ(buf, "secret\n");
	free(buf);
	CHECK(file_read(path, 3, &buf, &len, NULL) == RV_EINPUT);
	unlink(path);
	CHECK(file_read(path, 100, &buf, &len, NULL) == RV_EINPUT);
	rmdir(dir);
	free(path);
}

/* Wrap s at width and join the lines with '|' for comparison. */
static char *
wrapped(const char *s, size_t width)
{
	size_t	*st, *ln, n, i, w;
	char	*out, *p;

	n = text_wrap(s, width, &st, &ln);
	out = p = xmalloc(strlen(s) + n + 1);
	for (i = 0; i < n; i++) {
		char *line = xstrndup(s + st[i], ln[i]);

		w = utf8_width(line);
		CHECK(w <= width || (ln[i] > 0 && utf8_width(line) == 2));
		CHECK(utf8_valid(line, strlen(line)));
		p += sprintf(p, "%s%s", i > 0 ? "|" : "", line);
		free(line);
	}
	free(st);
	free(ln);
	return out;
}

/* Width-aware wrapping of mixed Chinese and Latin text. */
static void
test_wrap(void)
{
	char	*w;

	TEST_BEGIN("wrap");
#define WRAP(s, width, want) do {					\
	w = wrapped((s), (width));					\
	CHECK_STR_EQ(w, (want));					\
	free(w);							\
} while (0)
	WRAP("", 10, "");
	WRAP("hello world", 11, "hello world");
	WRAP("hello world", 10, "hello|world");
	WRAP("hello   world", 7, "hello|world");
	WRAP("abcdefghij", 4, "abcd|efgh|ij");
	WRAP("春晖小区改造方案", 8, "春晖小区|改造方案");
	WRAP("春晖小区改造方案", 7, "春晖小|区改造|方案");
	WRAP("3号楼1单元", 5, "3号楼|1单元");
	WRAP("加装电梯 lift for entrance 3-1", 10, "加装电梯|lift for|entrance|3-1");
	WRAP("每户约 755.00 元", 9, "每户约|755.00 元");
	WRAP("每户约 755.00 元", 8, "每户约|755.00|元");
	WRAP("一\n二", 10, "一|二");
	WRAP("a\n\nb", 10, "a||b");
	WRAP("中", 1, "中");
#undef WRAP
}

/* The one table of locales: names, tags and titles agree. */
static void
test_locales(void)
{
	enum rv_locale	 loc;
	int		 i;

	TEST_BEGIN("locales");
	for (i = 0; i < RV_NLOCALES; i++) {
		CHECK(locale_from_name(locale_name((enum rv_locale)i),
		    &loc) == 0);
		CHECK_INT_EQ(loc, i);
	}
	CHECK_STR_EQ(locale_tag(RV_ZH_CN), "zh-CN");
	CHECK_STR_EQ(locale_tag(RV_ZH_TW), "zh-TW");
	CHECK_STR_EQ(locale_tag(RV_EN), "en");
	CHECK_STR_EQ(locale_title(RV_ZH_CN), "简体中文");
	CHECK_STR_EQ(locale_title(RV_ZH_TW), "繁體中文");
	CHECK_STR_EQ(locale_title(RV_EN), "English");
	CHECK_STR_EQ(locale_name(RV_ZH_TW), "zh_TW");
	/* Anything out of range is zh_CN, the locale every plan has. */
	CHECK_STR_EQ(locale_name((enum rv_locale)RV_NLOCALES), "zh_CN");
	CHECK_STR_EQ(locale_tag((enum rv_locale)-1), "zh-CN");
	CHECK_STR_EQ(locale_title((enum rv_locale)RV_NLOCALES), "简体中文");
	CHECK(locale_from_name("zh-CN", &loc) == -1);
}

/* Control characters become '?': C0 and DEL one each, C1 two. */
static void
test_scrub(void)
{
	char	 buf[64];

#define SCRUB(in, want) do {						\
	snprintf(buf, sizeof buf, "%s", (in));				\
	CHECK(text_scrub(buf) == buf);					\
	CHECK_STR_EQ(buf, (want));					\
} while (0)
	TEST_BEGIN("scrub");
	SCRUB("", "");
	SCRUB("plain 春晖小区 3-1-202", "plain 春晖小区 3-1-202");
	SCRUB("line\nbreak\ttab\r", "line?break?tab?");
	SCRUB("\x1b[31mred\x7f", "?[31mred?");
	SCRUB("a\xc2\x85" "b\xc2\x9b" "c", "a??b??c");
	/* U+00A0 and U+00BF are not control characters. */
	SCRUB("\xc2\xa0\xc2\xbf", "\xc2\xa0\xc2\xbf");
	SCRUB("\x01\x02", "??");
	SCRUB("\xc2", "\xc2");
#undef SCRUB
}

/* Does url_base_check refuse url with a one-line cause holding what? */
static int
url_refused(const char *url, const char *what)
{
	char	*out = NULL, *cause = NULL;
	int	 ok;

	if (url_base_check(url, "--base-url", &out, &cause) == RV_OK) {
		fprintf(stderr, "accepted: %s\n", url);
		free(out);
		return 0;
	}
	ok = out == NULL && cause != NULL &&
	    strncmp(cause, "--base-url: ", 12) == 0 &&
	    strchr(cause, '\n') == NULL && strstr(cause, what) != NULL;
	if (!ok)
		fprintf(stderr, "unexpected cause: %s\n", cause ? cause : "-");
	free(cause);
	return ok;
}

/* The one rule set of base URLs, and the trailing slash dropped. */
static void
test_url(void)
{
	char	 longurl[URL_BASE_MAX + 2];
	char	*out = NULL;

	TEST_BEGIN("url");
#define URL_OK(in, want) do {						\
	CHECK(url_base_check((in), "--office", &out, NULL) == RV_OK);	\
	CHECK_STR_EQ(out, (want));					\
	free(out);							\
	out = NULL;							\
} while (0)
	URL_OK("https://office.example.cn", "https://office.example.cn");
	URL_OK("https://office.example.cn/", "https://office.example.cn");
	URL_OK("https://office.example:8443//", "https://office.example:8443");
	URL_OK("https://localhost:1/renovote/", "https://localhost:1/renovote");
	URL_OK("https://[::1]:8443", "https://[::1]:8443");
	URL_OK("https://街道办.中国/投票", "https://街道办.中国/投票");
	URL_OK("https://a/%E6%8A%95", "https://a/%E6%8A%95");
#undef URL_OK
	CHECK(url_base_check("https://a", "--office", NULL, NULL) == RV_OK);

	CHECK(url_refused("ftp://x", "'ftp://x' is not an http or https URL"));
	CHECK(url_refused("http://localhost",
	    "'http://localhost' is not an https:// URL"));
	CHECK(url_refused("HTTPS://a", "is not an http or https URL"));
	CHECK(url_refused("", "0 bytes"));
	memset(longurl, 'a', sizeof longurl - 1);
	memcpy(longurl, "https://", 8);
	longurl[sizeof longurl - 1] = '\0';
	CHECK(url_refused(longurl, "513 bytes, expected a URL of 1 to 512"));
	longurl[URL_BASE_MAX] = '\0';
	CHECK(url_base_check(longurl, "--office", NULL, NULL) == RV_OK);
	CHECK(url_refused("https://a\xff", "not valid UTF-8"));
	CHECK(url_refused("https://user:pw@office", "user name or password"));
	CHECK(url_refused("https://office/?x=1", "query or fragment ('?')"));
	CHECK(url_refused("https://office/#top", "query or fragment ('#')"));
	CHECK(url_refused("https://off ice", "a space or a control"));
	CHECK(url_refused("https://office/\x1b[2J", "'https://office/?[2J' "
	    "contains a space or a control"));
	CHECK(url_refused("https://office/\nx", "a space or a control"));
	CHECK(url_refused("https://office/\xc2\x85", "a space or a control"));
	CHECK(url_refused("https://office/\"><script>", "contains '\"'"));
	CHECK(url_refused("https://office/a'b", "contains '''"));
	CHECK(url_refused("https://", "does not start with a host"));
	CHECK(url_refused("https:///path", "does not start with a host"));
	CHECK(url_refused("https://:8443", "does not start with a host"));
	CHECK(url_refused("https://office:", "does not start with a host"));
	CHECK(url_refused("https://office:0", "does not start with a host"));
	CHECK(url_refused("https://office:65536", "does not start with a host"));
	CHECK(url_refused("https://office:123456", "does not start with a host"));
	CHECK(url_refused("https://office:8x", "does not start with a host"));
	CHECK(url_refused("https://off_ice", "does not start with a host"));
	CHECK(url_refused("https://[::1", "does not start with a host"));
	CHECK(url_refused("https://[]", "does not start with a host"));
	CHECK(url_refused("https://[::1]x", "does not start with a host"));
}

/*
 * Locale fallback: zh_TW without its own text converts the zh_CN text
 * to traditional characters (OpenCC, once per string); English falls
 * back to the zh_CN text unchanged; a text of its own always wins.
 */
static void
test_text_fallback(void)
{
	struct rv_text	 t = { { NULL } };
	const char	*a, *b;

	TEST_BEGIN("text fallback");
	t.loc[RV_ZH_CN] = xstrdup("春晖小区");
	a = text_get(&t, RV_ZH_TW);
	CHECK_STR_EQ(a, "春暉小區");
	b = text_get(&t, RV_ZH_TW);
	CHECK(a == b);		/* converted once, from the cache */
	CHECK_STR_EQ(text_get(&t, RV_EN), "春晖小区");
	CHECK_STR_EQ(text_get(&t, RV_ZH_CN), "春晖小区");
	CHECK_STR_EQ(text_traditional("1号楼1单元是否加装电梯"),
	    "1號樓1單元是否加裝電梯");
	CHECK_STR_EQ(text_traditional("本户应出资约 39,298.00 元"),
	    "本戶應出資約 39,298.00 元");
	/* Characters only, no Taiwan phrases: 社区 stays a neighbourhood. */
	CHECK_STR_EQ(text_traditional("社区保障性物业管理"),
	    "社區保障性物業管理");
	CHECK_STR_EQ(text_traditional(""), "");
	t.loc[RV_ZH_TW] = xstrdup("春暉社區");
	CHECK_STR_EQ(text_get(&t, RV_ZH_TW), "春暉社區");
	t.loc[RV_EN] = xstrdup("Chunhui Estate");
	CHECK_STR_EQ(text_get(&t, RV_EN), "Chunhui Estate");
	text_clear(&t);
	CHECK(text_get(&t, RV_ZH_TW)[0] == '\0');
}

int
main(void)
{
	test_area();
	test_money();
	test_time();
	test_text();
	test_locales();
	test_text_fallback();
	test_scrub();
	test_url();
	test_file();
	test_wrap();
	return test_done("test-util");
}
