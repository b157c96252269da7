/*
 * The picks of choose-many and rank answers (choice.c): none in an
 * empty answer, read in order, added and taken back, and always the code
 * question_choice_encode gives the same answer written as text.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "renovote.h"
#include "test.h"

static struct rv_option options[] = {
	{ "lift", { { NULL } } }, { "roof", { { NULL } } },
	{ "park", { { NULL } } }, { "light", { { NULL } } },
};

/* A question of kind k over the four options, at most max picks. */
static struct rv_question
question(enum rv_kind k, int max)
{
	struct rv_question	 q;

	memset(&q, 0, sizeof q);
	q.id = "S";
	q.kind = k;
	q.options = options;
	q.noptions = nitems(options);
	q.max = max;
	return q;
}

/* The code question_choice_encode gives text, or ~0 if it refuses. */
static uint32_t
encoded(const struct rv_question *q, const char *text)
{
	uint32_t	 c;
	char		*cause = NULL;

	if (question_choice_encode(q, text, &c, &cause) != 0) {
		free(cause);
		return ~0u;
	}
	return c;
}

/* Nothing is picked in the empty answer, of either kind. */
static void
test_empty(void)
{
	struct rv_question	 many = question(RV_CHOOSE_MANY, 2);
	struct rv_question	 rank = question(RV_RANK, 3);
	int			 picks[RV_OPTIONS_MAX];

	TEST_BEGIN("empty");
	CHECK_INT_EQ(choice_picks(&many, 0, picks), 0);
	CHECK_INT_EQ(choice_picks(&rank, 0, picks), 0);
	CHECK_INT_EQ(choice_place(&many, 0, 0), 0);
	CHECK_INT_EQ(choice_place(&rank, 0, 3), 0);
	CHECK_INT_EQ(choice_remove(&rank, 0, 1), 0);
}

/* Choose-many: a set in plan order, whatever the order of the keys. */
static void
test_many(void)
{
	struct rv_question	 q = question(RV_CHOOSE_MANY, 2);
	int			 picks[RV_OPTIONS_MAX];
	uint32_t		 c;

	TEST_BEGIN("choose-many");
	c = choice_add(&q, choice_add(&q, 0, 2), 0);
	CHECK_INT_EQ(c, encoded(&q, "lift,park"));
	CHECK_INT_EQ(choice_picks(&q, c, picks), 2);
	CHECK_INT_EQ(picks[0], 0);
	CHECK_INT_EQ(picks[1], 2);
	CHECK_INT_EQ(choice_place(&q, c, 2), 1);
	CHECK_INT_EQ(choice_place(&q, c, 1), 0);
	CHECK_INT_EQ(choice_remove(&q, c, 0), encoded(&q, "park"));
	CHECK_INT_EQ(choice_remove(&q, choice_remove(&q, c, 0), 2), 0);
}

/*
 * Rank: places in the order picked; taking one back drops the places
 * after it; bits naming no option end the ranking.
 */
static void
test_rank(void)
{
	struct rv_question	 q = question(RV_RANK, 3);
	int			 picks[RV_OPTIONS_MAX];
	uint32_t		 c;

	TEST_BEGIN("rank");
	c = choice_add(&q, choice_add(&q, choice_add(&q, 0, 1), 3), 0);
	CHECK_INT_EQ(c, encoded(&q, "roof,light,lift"));
	CHECK_INT_EQ(choice_picks(&q, c, picks), 3);
	CHECK_INT_EQ(picks[0], 1);
	CHECK_INT_EQ(picks[1], 3);
	CHECK_INT_EQ(picks[2], 0);
	CHECK_INT_EQ(choice_place(&q, c, 3), 2);
	CHECK_INT_EQ(choice_place(&q, c, 2), 0);
	CHECK_INT_EQ(choice_remove(&q, c, 0), encoded(&q, "roof,light"));
	CHECK_INT_EQ(choice_remove(&q, c, 1), 0);
	/* option index + 1 = 9: no such option */
	CHECK_INT_EQ(choice_picks(&q, 2 | 9u << RV_RANK_BITS, picks), 1);
}

int
main(void)
{
	test_empty();
	test_many();
	test_rank();
	return test_done("test-choice");
}
