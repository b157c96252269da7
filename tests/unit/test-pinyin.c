/*
 * Pinyin initials by the GB2312 level-1 table (librenovote/pinyin.c):
 * each boundary of the 23 letters, level-2 and non-GB2312 hanzi as
 * PINYIN_UNKNOWN, ASCII kept, punctuation skipped, truncation, the
 * search match the city index uses, and its sort keys (pinyin order).
 */

#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "renovote.h"
#include "test.h"

/* The table's edges: the first code of each letter and the one before. */
static void
test_boundaries(void)
{
	static const struct {
		unsigned code;
		char	 letter;
	} t[] = {
		{ 0xB0A0, 0 }, { 0xB0A1, 'A' }, { 0xB0C4, 'A' }, { 0xB0C5, 'B' },
		{ 0xB2C0, 'B' }, { 0xB2C1, 'C' }, { 0xB4EE, 'D' }, { 0xB6EA, 'E' },
		{ 0xB7A2, 'F' }, { 0xB8C1, 'G' }, { 0xB9FE, 'H' }, { 0xBBF6, 'H' },
		{ 0xBBF7, 'J' }, { 0xBFA6, 'K' }, { 0xC0AC, 'L' }, { 0xC2E8, 'M' },
		{ 0xC4C3, 'N' }, { 0xC5B6, 'O' }, { 0xC5BD, 'O' }, { 0xC5BE, 'P' },
		{ 0xC6DA, 'Q' }, { 0xC8BB, 'R' }, { 0xC8F6, 'S' }, { 0xCBFA, 'T' },
		{ 0xCDDA, 'W' }, { 0xCEF4, 'X' }, { 0xD1B9, 'Y' }, { 0xD4D1, 'Z' },
		{ 0xD7F9, 'Z' }, { 0xD7FA, 0 }, { 0xD8A1, 0 }, { 0xF7FE, 0 },
	};
	size_t	 i;

	TEST_BEGIN("boundaries");
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		if (pinyin_initial_gb(t[i].code) != t[i].letter)
			fprintf(stderr, "code %04X\n", t[i].code);
		CHECK_INT_EQ(pinyin_initial_gb(t[i].code), t[i].letter);
	}
}

/* Names as the roster has them. */
static void
test_initials(void)
{
	char	 buf[PINYIN_INITIALS_MAX], small[3];

	TEST_BEGIN("initials");
	/* 阿 is the first level-1 hanzi (A), 座 the last (Z). */
	CHECK_INT_EQ(pinyin_initials("阿座", buf, sizeof buf), 2);
	CHECK_STR_EQ(buf, "AZ");
	pinyin_initials("东风印刷厂家属院", buf, sizeof buf);
	CHECK_STR_EQ(buf, "DFYSCJSY");
	pinyin_initials("槐荫小区", buf, sizeof buf);
	CHECK_STR_EQ(buf, "HYXQ");
	/* 晖 is level 2 (0xEACD): no initial, a wildcard. */
	pinyin_initials("春晖小区", buf, sizeof buf);
	CHECK_STR_EQ(buf, "C?XQ");
	/* 暉 is not in GB2312 at all. */
	pinyin_initials("春暉", buf, sizeof buf);
	CHECK_STR_EQ(buf, "C?");
	/* Polyphones read as GB2312 sorted them: 厦 under X. */
	pinyin_initials("厦门", buf, sizeof buf);
	CHECK_STR_EQ(buf, "XM");
	/* ASCII letters and digits kept, upper-cased; punctuation skipped. */
	pinyin_initials("金桂2期（B区）·a-1", buf, sizeof buf);
	CHECK_STR_EQ(buf, "JG2QBQA1");
	CHECK_INT_EQ(pinyin_initials("", buf, sizeof buf), 0);
	CHECK_STR_EQ(buf, "");
	CHECK_INT_EQ(pinyin_initials("春晖小区", small, sizeof small), 2);
	CHECK_STR_EQ(small, "C?");
	CHECK_INT_EQ(pinyin_initials("春", small, 0), 0);
}

/* What the index's search asks. */
static void
test_match(void)
{
	TEST_BEGIN("match");
	CHECK(pinyin_match("C?XQ", "CH"));
	CHECK(pinyin_match("C?XQ", "chxq"));
	CHECK(pinyin_match("C?XQ", "XQ"));
	CHECK(!pinyin_match("C?XQ", "CHXQX"));
	CHECK(!pinyin_match("C?XQ", "QC"));
	/* The wildcard stands for any letter: "QX" finds "?X". */
	CHECK(pinyin_match("C?XQ", "QX"));
	CHECK(!pinyin_match("C?XQ", ""));
	CHECK(!pinyin_match("C?XQ", "C?"));
	CHECK(!pinyin_match("C?XQ", "春"));
	CHECK(pinyin_match("JG2QBQA1", "2q"));
	/* A digit never matches an unknown initial. */
	CHECK(!pinyin_match("C?XQ", "C2"));
	CHECK(!pinyin_match("", "A"));
}

/* Sort keys put places in pinyin order. */
static void
test_sort_key(void)
{
	const char	*order[] = { "3号", "A区", "北关街道", "东城街道",
	    "东城街道二", "西城街道", "晖苑", "暉苑" };
	char		 a[PINYIN_SORT_KEY_MAX], b[PINYIN_SORT_KEY_MAX], tiny[4];
	size_t		 i;

	TEST_BEGIN("sort key");
	for (i = 0; i + 1 < sizeof order / sizeof order[0]; i++) {
		pinyin_sort_key(order[i], a, sizeof a);
		pinyin_sort_key(order[i + 1], b, sizeof b);
		if (strcmp(a, b) >= 0)
			fprintf(stderr, "%s !< %s\n", order[i], order[i + 1]);
		CHECK(strcmp(a, b) < 0);
	}
	pinyin_sort_key("东城", a, sizeof a);
	CHECK_STR_EQ(a, "\xb6\xab\xb3\xc7");
	/* Truncated at a whole character. */
	pinyin_sort_key("东城", tiny, sizeof tiny);
	CHECK_STR_EQ(tiny, "\xb6\xab");
}

int
main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	test_boundaries();
	test_initials();
	test_match();
	test_sort_key();
	return test_done("test-pinyin");
}
