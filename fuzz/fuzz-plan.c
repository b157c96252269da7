/*
 * libFuzzer harness: plan JSON (plan_parse).
 *
 * Plans come from the street office's own files, and again from every
 * package a kiosk loads.  On success each question's choices are walked
 * as the kiosk and the tally walk them: question_nchoices choices, each
 * with an id that question_choice_parse maps back to the same number, the
 * last one "abstain", and nothing past them.  A broken promise aborts.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "renovote.h"
#include "store.h"

#define FUZZ_INPUT_MAX	(1024 * 1024)

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_text(const struct rv_text *t)
{
	int	 loc;

	if (t->loc[RV_ZH_CN] == NULL)
		abort();
	for (loc = 0; loc < RV_NLOCALES; loc++) {
		if (text_get(t, (enum rv_locale)loc) == NULL)
			abort();
	}
}

static void
check_question(const struct rv_plan *plan, const struct rv_question *q)
{
	const char	*id;
	size_t		 n, i;
	uint32_t	 c, back;

	if (!id_valid(q->id) || plan_question(plan, q->id) != q)
		abort();
	check_text(&q->title);
	if (q->closes <= q->opens)
		abort();
	if (q->kind == RV_APPROVE ? q->noptions != 0 :
	    q->noptions < 2 || q->noptions > RV_OPTIONS_MAX)
		abort();
	if (q->scope_entrance != NULL && q->scope_building == NULL)
		abort();
	if (!question_same_terms(q, q))
		abort();

	n = question_nchoices(q);
	if (n < 3 || n > RV_OPTIONS_MAX + 1)
		abort();
	for (c = 0; c < n; c++) {
		if ((id = question_choice_id(q, c)) == NULL)
			abort();
		if (question_choice_parse(q, id, &back) != 0 || back != c)
			abort();
		if (c + 1 == n && strcmp(id, "abstain") != 0)
			abort();
	}
	if (question_choice_id(q, (uint32_t)n) != NULL ||
	    question_choice_id(q, UINT32_MAX) != NULL)
		abort();
	if (question_choice_parse(q, "", &back) == 0)
		abort();
	for (i = 0; i < q->nitems; i++) {
		if (!id_valid(q->items[i]))
			abort();
	}
	for (i = 0; i < q->noptions; i++)
		check_text(&q->options[i].title);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rv_plan	*plan = NULL;
	char		*cause = NULL;
	size_t		 i;

	if (size > FUZZ_INPUT_MAX)
		return 0;
	if (plan_parse("plan.json", (const char *)data, size, &plan,
	    &cause) == RV_OK) {
		if (plan == NULL || cause != NULL || !id_valid(plan->estate_id))
			abort();
		check_text(&plan->title);
		for (i = 0; i < plan->nitems; i++) {
			check_text(&plan->items[i].title);
			/* The largest flat must not overflow its share. */
			if (plan_item_contribution_fen(&plan->items[i],
			    RV_AREA_MAX) < 0)
				abort();
		}
		for (i = 0; i < plan->nquestions; i++)
			check_question(plan, &plan->questions[i]);
		for (i = 0; i < plan->npledges; i++) {
			const struct rv_pledge *p = &plan->pledges[i];

			if (plan_pledge(plan, p->id) != p)
				abort();
			check_text(&p->text);
			if (p->threshold_num == 0 ||
			    p->threshold_num > p->threshold_den)
				abort();
		}
		plan_free(plan);
	} else if (plan != NULL || cause == NULL)
		abort();
	free(cause);
	return 0;
}
