/*
 * The answers of the kinds with several picks as people make them: the
 * picks of a choose-many or rank code in order, a pick added or taken
 * back (question_choice_words says an answer in words).  The codes are
 * question_choice_encode's (question.c): choose-many a set of option
 * bits, rank option index + 1 in RV_RANK_BITS per place, rating step -
 * min + 1, and 0 for abstain or "not used".
 */

#include "config.h"

#include <stddef.h>

#include "renovote.h"

#define RANK_MASK	((1u << RV_RANK_BITS) - 1)

/*
 * The options picked in code, an answer to the choose-many or rank
 * question q, into picks[]: in plan order for choose-many, first place
 * first for rank.  Returns how many; bits naming no option are ignored.
 */
int
choice_picks(const struct rv_question *q, uint32_t code,
    int picks[RV_OPTIONS_MAX])
{
	size_t	 i;
	int	 n = 0;
	uint32_t o;

	if (q->kind == RV_CHOOSE_MANY) {
		for (i = 0; i < q->noptions; i++) {
			if ((code & (uint32_t)1 << i) != 0)
				picks[n++] = (int)i;
		}
		return n;
	}
	for (i = 0; i < RV_RANK_PLACES_MAX && n < RV_OPTIONS_MAX; i++) {
		o = code >> (RV_RANK_BITS * i) & RANK_MASK;
		if (o == 0 || o > q->noptions)
			break;
		picks[n++] = (int)o - 1;
	}
	return n;
}

/*
 * The place (from 1) option o has in code, an answer to the choose-many
 * or rank question q, or 0 when it is not picked.  Choose-many answers
 * have no order: every pick is place 1.
 */
int
choice_place(const struct rv_question *q, uint32_t code, int o)
{
	int	 picks[RV_OPTIONS_MAX], n, i;

	n = choice_picks(q, code, picks);
	for (i = 0; i < n; i++) {
		if (picks[i] == o)
			return q->kind == RV_RANK ? i + 1 : 1;
	}
	return 0;
}

/*
 * Code with option o added: for choose-many a set, for rank the next
 * place.  The caller checks o is not picked yet and a place is left
 * (choice_picks below q->max).
 */
uint32_t
choice_add(const struct rv_question *q, uint32_t code, int o)
{
	int	 picks[RV_OPTIONS_MAX];

	if (q->kind == RV_CHOOSE_MANY)
		return code | (uint32_t)1 << o;
	return code | (uint32_t)(o + 1) << (RV_RANK_BITS *
	    choice_picks(q, code, picks));
}

/*
 * Code without option o: for choose-many o taken off the set, for rank
 * o and every place after it (o is then the last pick to take back).
 */
uint32_t
choice_remove(const struct rv_question *q, uint32_t code, int o)
{
	int	 place;

	if (q->kind == RV_CHOOSE_MANY)
		return code & ~((uint32_t)1 << o);
	if ((place = choice_place(q, code, o)) == 0)
		return code;
	return code & (((uint32_t)1 << (RV_RANK_BITS * (place - 1))) - 1);
}
