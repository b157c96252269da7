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

int
main(void)
{
	test_clip();
	return test_done("test-term");
}
