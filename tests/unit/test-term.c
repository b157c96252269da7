/*
 * The terminal layer's width-aware clipping: whole characters only, a
 * Chinese character counted as two columns, never split at the edge.
 */

#include "config.h"

#include "term.h"
#include "test.h"

/* Clip s to width; check the bytes kept and the columns they take. */
static void
clip(const char *s, int width, size_t want_bytes, int want_cols)
{
	int	 used;

	CHECK_INT_EQ(term_clip(s, width, &used), want_bytes);
	CHECK_INT_EQ(used, want_cols);
}

/* term_clip on Latin, Chinese and mixed text. */
static void
test_clip(void)
{
	TEST_BEGIN("clip");
	clip("", 10, 0, 0);
	clip("hello", 10, 5, 5);
	clip("hello", 3, 3, 3);
	clip("春晖小区", 8, 12, 8);
	clip("春晖小区", 7, 9, 6);	/* the fourth would straddle the edge */
	clip("春晖小区", 1, 0, 0);
	clip("3号楼1单元", 5, 7, 5);
	clip("3号楼1单元", 4, 4, 3);
	clip("★1 ╔═╗", 4, 8, 4);	/* box drawing and symbols are narrow */
	clip("第一行\n第二行", 20, 9, 6);	/* stops at a newline */
	clip("业主：史**", 10, 14, 10);
	clip("业主：史**", 9, 13, 9);
}

/* Does the line start with a closing punctuation mark? */
static int
starts_closing(const char *line)
{
	static const char *const marks[] = { "，", "。", "、", "；", "：",
	    "！", "？", "）", "」", "』", "》", "％", "…", ",", ".", ";",
	    ":", "!", "?", ")", "%" };
	size_t	 i;

	for (i = 0; i < sizeof marks / sizeof marks[0]; i++)
		if (strncmp(line, marks[i], strlen(marks[i])) == 0)
			return 1;
	return 0;
}

/*
 * Wrap s at width, check every line against the line-breaking rules
 * (fits, no edge space, no closing punctuation first, no number cut,
 * no lone last character) and return the lines joined with '|'.
 */
static char *
wrapped(const char *s, size_t width)
{
	size_t	*st, *ln, n, i;
	char	*out, *p, *line;

	n = text_wrap(s, width, &st, &ln);
	out = p = xmalloc(strlen(s) + n + 1);
	for (i = 0; i < n; i++) {
		line = xstrndup(s + st[i], ln[i]);
		CHECK(utf8_width(line) <= width);
		CHECK(ln[i] == 0 || (line[0] != ' ' && line[ln[i] - 1] != ' '));
		if (i > 0 && ln[i] > 0) {
			/* No line starts with closing punctuation. */
			CHECK(!starts_closing(line));
			/* No line starts with a digit after a digit. */
			CHECK(!(line[0] >= '0' && line[0] <= '9' &&
			    ln[i - 1] > 0 && s[st[i - 1] + ln[i - 1] - 1] >=
			    '0' && s[st[i - 1] + ln[i - 1] - 1] <= '9' &&
			    st[i - 1] + ln[i - 1] == st[i]));
		}
		p += sprintf(p, "%s%s", i > 0 ? "|" : "", line);
		free(line);
	}
	free(st);
	free(ln);
	return out;
}

/*
 * Line breaking of Chinese and mixed text: numbers with their units
 * stay whole, no line starts with closing punctuation, no character
 * is left alone on the last line, Latin words break at spaces.
 */
static void
test_wrap(void)
{
	char	*w, *q;
	size_t	 width;
	uint32_t cp;

	TEST_BEGIN("wrap");
#define WRAP(s, width, want) do {					\
	w = wrapped((s), (width));					\
	CHECK_STR_EQ(w, (want));					\
	free(w);							\
} while (0)
	/* A number and its unit stay together, and so does the comma. */
	WRAP("本户应出资约 39,298.00 元，由住宅专项维修资金支付", 20,
	    "本户应出资约|39,298.00 元，由住宅|专项维修资金支付");
	WRAP("本户应出资约 39,298.00 元，由住宅专项维修资金支付", 40,
	    "本户应出资约 39,298.00 元，由住宅专项维|修资金支付");
	WRAP("本户应出资约 39,298.00 元，由住宅专项维修资金支付", 80,
	    "本户应出资约 39,298.00 元，由住宅专项维修资金支付");
	WRAP("每户约 755.00 元", 9, "每户约|755.00 元");
	WRAP("合计约39,298.00元。", 14, "合计约|39,298.00元。");
	WRAP("合计约39,298.00元。", 12, "合计约|39,298.00|元。");
	WRAP("面积 98.50 m²，分摊 12.5%", 15, "面积 98.50 m²，|分摊 12.5%");
	WRAP("同意比例 66.74 %，已过", 16, "同意比例|66.74 %，已过");
	WRAP("窗口 2026-12-04 22:54 关闭", 12, "窗口|2026-12-04|22:54 关闭");
	WRAP("第1/2页", 6, "第|1/2页");
	/* Kinsoku: the character before a closing mark goes down with it. */
	WRAP("一二三四五，六七", 10, "一二三四|五，六七");
	WRAP("一二三四。", 8, "一二三|四。");
	WRAP("请按（1）同意", 8, "请按|（1）|同意");
	WRAP("他说“同意”。", 8, "他说“同|意”。");
	/* No single character alone on the last line. */
	WRAP("春晖小区改造方案", 14, "春晖小区改造|方案");
	WRAP("春晖小区改造方案", 7, "春晖小|区改造|方案");
	WRAP("1号楼1单元是否加装电梯", 20, "1号楼1单元是否加装|电梯");
	/* Latin words break at spaces; a long word only as a last resort. */
	WRAP("hello world", 10, "hello|world");
	WRAP("Spring Garden estate renovation", 40,
	    "Spring Garden estate renovation");
	WRAP("Spring Garden estate renovation plan", 20,
	    "Spring Garden estate|renovation plan");
	WRAP("abcdefghij", 4, "abcd|efgh|ij");
	WRAP("see https://office.example/e/chunhui now", 20,
	    "see|https://office.examp|le/e/chunhui now");
	WRAP("", 10, "");
	WRAP("一\n\n二", 10, "一||二");
#undef WRAP
	/* Every width of a long mixed paragraph keeps the rules. */
	q = "本户专有部分面积 98.50 m²，加装电梯分摊约 39,298.00 元（补贴 "
	    "12,000 元），其余由住宅专项维修资金支付。Lift for building 1: "
	    "about 39,298.00 yuan; 66.74% agreed.";
	for (width = 6; width <= 80; width++) {
		size_t	*st, *ln, n, i;
		char	*line;

		n = text_wrap(q, width, &st, &ln);
		for (i = 0; i < n; i++) {
			line = xstrndup(q + st[i], ln[i]);
			CHECK(utf8_width(line) <= width);
			CHECK(i == 0 || !starts_closing(line));
			free(line);
		}
		/* The last line is never one character. */
		line = xstrndup(q + st[n - 1], ln[n - 1]);
		CHECK(utf8_decode(line, &cp) < strlen(line));
		free(line);
		free(st);
		free(ln);
	}
}

int
main(void)
{
	test_clip();
	test_wrap();
	return test_done("test-term");
}
