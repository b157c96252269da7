/*
 * Questions, their choices, and the names the interface spells enums with.
 */

#include "config.h"

#include <string.h>

#include "renovote.h"

static const char *approve_choices[] = { "agree", "disagree", "abstain" };

/* How many choices a question has; the last is always abstain. */
size_t
question_nchoices(const struct rv_question *q)
{
	return q->kind == RV_APPROVE ? 3 : q->noptions + 1;
}

/* The id of choice c ("agree", an option id, "abstain"), or NULL. */
const char *
question_choice_id(const struct rv_question *q, uint32_t c)
{
	if (c >= question_nchoices(q))
		return NULL;
	if (q->kind == RV_APPROVE)
		return approve_choices[c];
	if (c == q->noptions)
		return "abstain";
	return q->options[c].id;
}

/*
 * The words for an approve question's choices and for abstaining, in
 * two forms: inside text and tables ("agree") and standing alone on a
 * button or after a colon ("Agree").  gettext msgids, indexed by
 * RV_CHOICE_AGREE, RV_CHOICE_DISAGREE, then abstain.
 */
static const char *const choice_words[2][3] = {
	{ N_("agree"), N_("disagree"), N_("abstain") },
	{ N_("Agree"), N_("Disagree"), N_("Abstain") }
};

/* Choice c's words in either form of choice_words; "" past the end. */
static const char *
choice_label(const struct rv_question *q, uint32_t c, enum rv_locale loc,
    int alone)
{
	size_t	 n = question_nchoices(q);

	if (c >= n)
		return "";
	if (c + 1 == n)
		return _(choice_words[alone][2]);
	if (q->kind == RV_APPROVE)
		return _(choice_words[alone][c]);
	return text_get(&q->options[c].title, loc);
}

/*
 * The label of choice c of q for people, inside text and tables: the
 * words for agree, disagree and abstain in the catalogue's language
 * (gettext), an option's title in locale loc.  Results pages, receipts
 * and the readable tally all say it so.
 */
const char *
question_choice_label(const struct rv_question *q, uint32_t c,
    enum rv_locale loc)
{
	return choice_label(q, c, loc, 0);
}

/*
 * The same label standing alone, as the kiosk's buttons and answers
 * show it: "Agree" where question_choice_label says "agree" (the same
 * in Chinese); option titles as they are.
 */
const char *
question_choice_title(const struct rv_question *q, uint32_t c,
    enum rv_locale loc)
{
	return choice_label(q, c, loc, 1);
}

/* Find a choice by id; returns 0 and sets *c, or -1 if there is none. */
int
question_choice_parse(const struct rv_question *q, const char *id,
    uint32_t *c)
{
	uint32_t	 i, n = (uint32_t)question_nchoices(q);

	for (i = 0; i < n; i++) {
		if (strcmp(question_choice_id(q, i), id) == 0) {
			*c = i;
			return 0;
		}
	}
	return -1;
}

/* "approve" or "choose-one". */
const char *
question_kind_name(enum rv_kind k)
{
	return k == RV_APPROVE ? "approve" : "choose-one";
}

/* "", "property-management" or "maintenance-fund", as plans spell it. */
const char *
question_topic_name(enum rv_topic t)
{
	switch (t) {
	case RV_TOPIC_PROPERTY:
		return "property-management";
	case RV_TOPIC_FUND:
		return "maintenance-fund";
	case RV_TOPIC_NONE:
		break;
	}
	return "";
}

/* "major" or "ordinary". */
const char *
question_matter_name(enum rv_matter m)
{
	return m == RV_MAJOR ? "major" : "ordinary";
}

/* "basic", "improvement" or "upgrade". */
const char *
question_class_name(enum rv_class c)
{
	switch (c) {
	case RV_BASIC:
		return "basic";
	case RV_IMPROVEMENT:
		return "improvement";
	case RV_UPGRADE:
		return "upgrade";
	}
	return "basic";
}


/* Are two optional strings equal (both NULL counts as equal)? */
static int
same_string(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/*
 * Do two versions of a question put the same thing to the same owners:
 * kind, matter, scope and option ids in order?  Titles, times and items
 * may change.
 */
int
question_same_terms(const struct rv_question *a, const struct rv_question *b)
{
	size_t	 i;

	if (a->kind != b->kind || a->matter != b->matter ||
	    !same_string(a->scope_building, b->scope_building) ||
	    !same_string(a->scope_entrance, b->scope_entrance) ||
	    a->noptions != b->noptions)
		return 0;
	for (i = 0; i < a->noptions; i++) {
		if (strcmp(a->options[i].id, b->options[i].id) != 0)
			return 0;
	}
	return 1;
}
