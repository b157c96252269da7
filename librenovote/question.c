/*
 * Questions, their choices, and the names the interface spells enums with.
 */

#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
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

/*
 * The option of q whose id is the n bytes at id, or -1.  Ids in a list
 * are not NUL-terminated, hence the length.
 */
static int
option_find(const struct rv_question *q, const char *id, size_t n)
{
	size_t	 i;

	for (i = 0; i < q->noptions; i++) {
		if (strlen(q->options[i].id) == n &&
		    memcmp(q->options[i].id, id, n) == 0)
			return (int)i;
	}
	return -1;
}

/*
 * Parse a list of option ids separated by commas ("A,B,C") for a
 * choose-many or rank question into picks[] in the order written; at
 * most q->max of them, each known and named once.  Returns the count,
 * or -1 with *cause set.
 */
static int
picks_parse(const struct rv_question *q, const char *text,
    int picks[RV_OPTIONS_MAX], char **cause)
{
	const char	*p = text, *comma;
	size_t		 n;
	int		 npicks = 0, o, i;

	for (;;) {
		comma = strchr(p, ',');
		n = comma != NULL ? (size_t)(comma - p) : strlen(p);
		if ((o = option_find(q, p, n)) == -1) {
			xasprintf(cause, _("question %s: unknown option \"%.*s\""),
			    q->id, (int)(n > RV_ID_MAX ? RV_ID_MAX : n), p);
			return -1;
		}
		for (i = 0; i < npicks; i++) {
			if (picks[i] == o) {
				xasprintf(cause,
				    _("question %s: option %s named twice"),
				    q->id, q->options[o].id);
				return -1;
			}
		}
		if (npicks == q->max) {
			xasprintf(cause,
			    _("question %s: more than %d options picked"),
			    q->id, q->max);
			return -1;
		}
		picks[npicks++] = o;
		if (comma == NULL)
			return npicks;
		p = comma + 1;
	}
}

/*
 * Encode the choice text of an answer to q as the store keeps it.  The
 * kinds with one pick take a choice id (question_choice_parse); for the
 * others 0 is "abstain" (rank, choose-many) or "none" (rating, not
 * used), and otherwise:
 *   choose-many  "A,C"    bit i set for each option i picked;
 *   rank         "C,A"    option index + 1 of place k at bits
 *                         RV_RANK_BITS * k, first place lowest;
 *   rating       "4"      step - min + 1.
 * Every code is a pure function of the set, order or step, so equal
 * answers store equally whatever the spacing of the text.  Returns 0, or
 * -1 with *cause a one-line message.
 */
int
question_choice_encode(const struct rv_question *q, const char *text,
    uint32_t *code, char **cause)
{
	int		 picks[RV_OPTIONS_MAX], npicks, i;
	long		 v;
	char		*end;
	uint32_t	 c = 0;

	if (q->kind == RV_APPROVE || q->kind == RV_CHOOSE_ONE) {
		if (question_choice_parse(q, text, code) == 0)
			return 0;
		xasprintf(cause, _("question %s: unknown choice \"%.*s\""),
		    q->id, RV_ID_MAX, text);
		return -1;
	}
	if (q->kind == RV_RATING) {
		if (strcmp(text, "none") == 0) {
			*code = 0;
			return 0;
		}
		errno = 0;
		v = strtol(text, &end, 10);
		/* strtol takes spaces and a plus sign; one spelling each */
		if (!(isdigit((unsigned char)*text) || *text == '-') ||
		    *end != '\0' || errno != 0 ||
		    v < q->min || v > q->max) {
			xasprintf(cause, _("question %s: rating \"%.*s\" is not "
			    "a number from %d to %d or none"), q->id, RV_ID_MAX,
			    text, q->min, q->max);
			return -1;
		}
		*code = (uint32_t)(v - q->min + 1);
		return 0;
	}
	if (strcmp(text, "abstain") == 0) {
		*code = 0;
		return 0;
	}
	if ((npicks = picks_parse(q, text, picks, cause)) == -1)
		return -1;
	if (q->kind == RV_RANK && npicks > RV_RANK_PLACES_MAX) {
		/* plan_parse keeps max within; a guard for the packing */
		xasprintf(cause, _("question %s: more than %d options picked"),
		    q->id, RV_RANK_PLACES_MAX);
		return -1;
	}
	for (i = 0; i < npicks; i++) {
		if (q->kind == RV_CHOOSE_MANY)
			c |= (uint32_t)1 << picks[i];
		else
			c |= (uint32_t)(picks[i] + 1) << (RV_RANK_BITS * i);
	}
	*code = c;
	return 0;
}

/*
 * Write the canonical text of code, an answer to q, into buf of len
 * bytes: the inverse of question_choice_encode, options of choose-many
 * in plan order.  Returns 0, or -1 if code is not a valid answer to q or
 * buf is too short.
 */
int
question_choice_format(const struct rv_question *q, uint32_t code,
    char *buf, size_t len)
{
	const char	*id;
	size_t		 used = 0, n, k;
	uint32_t	 o, seen = 0;
	int		 w;

	if (q->kind == RV_APPROVE || q->kind == RV_CHOOSE_ONE) {
		if ((id = question_choice_id(q, code)) == NULL)
			return -1;
		w = snprintf(buf, len, "%s", id);
		return w < 0 || (size_t)w >= len ? -1 : 0;
	}
	if (q->kind == RV_RATING) {
		if (code > (uint32_t)(q->max - q->min + 1))
			return -1;
		if (code == 0)
			w = snprintf(buf, len, "none");
		else
			w = snprintf(buf, len, "%d", (int)code - 1 + q->min);
		return w < 0 || (size_t)w >= len ? -1 : 0;
	}
	if (code == 0) {
		w = snprintf(buf, len, "abstain");
		return w < 0 || (size_t)w >= len ? -1 : 0;
	}
	for (k = 0; code != 0; k++) {
		if (q->kind == RV_CHOOSE_MANY) {
			o = (uint32_t)k;
			if ((code & 1) == 0) {
				code >>= 1;
				continue;
			}
			code >>= 1;
		} else {
			if ((o = code & ((1u << RV_RANK_BITS) - 1)) == 0)
				return -1;	/* a gap between places */
			o--;
			code >>= RV_RANK_BITS;
		}
		if (o >= q->noptions || (seen & (uint32_t)1 << o) != 0)
			return -1;	/* no such option, or ranked twice */
		seen |= (uint32_t)1 << o;
		n = strlen(q->options[o].id);
		if (used + (used > 0) + n >= len)
			return -1;
		if (used > 0)
			buf[used++] = ',';
		memcpy(buf + used, q->options[o].id, n);
		used += n;
	}
	buf[used] = '\0';
	return 0;
}

/*
 * Is code a valid answer to q: a choice number below question_nchoices
 * for the kinds that decide, a code question_choice_format can write for
 * the others?
 */
int
question_choice_valid(const struct rv_question *q, uint32_t code)
{
	char	 buf[RV_CHOICE_TEXT_MAX];

	if (question_decides(q))
		return code < question_nchoices(q);
	return question_choice_format(q, code, buf, sizeof buf) == 0;
}

/*
 * Read a choice as records and the store keep it: 0 with *code set only
 * when text is the canonical text of a choice of q (a choice id; for the
 * kinds with several picks what question_choice_format writes), else -1
 * with *cause set when cause is not NULL.
 */
int
question_choice_read(const struct rv_question *q, const char *text,
    uint32_t *code, char **cause)
{
	char	 buf[RV_CHOICE_TEXT_MAX], *why = NULL;
	uint32_t c;

	/* A choice id has one spelling: no need to write it back. */
	if (question_decides(q) && question_choice_parse(q, text, code) == 0)
		return 0;
	if (question_choice_encode(q, text, &c, &why) != 0) {
		if (cause != NULL)
			*cause = why;
		else
			free(why);
		return -1;
	}
	if (question_choice_format(q, c, buf, sizeof buf) != 0 ||
	    strcmp(buf, text) != 0) {
		if (cause != NULL)
			xasprintf(cause, _("question %s: \"%.*s\" is not "
			    "written as \"%s\""), q->id, RV_ID_MAX, text, buf);
		return -1;
	}
	*code = c;
	return 0;
}

/*
 * The canonical text of the choice typed as text for q, into buf (len
 * bytes, RV_CHOICE_TEXT_MAX is always enough): "roof,lift" becomes
 * "lift,roof" when lift comes first in the plan.  Returns 0, or -1 with
 * *cause set.
 */
int
question_choice_canon(const struct rv_question *q, const char *text,
    char *buf, size_t len, char **cause)
{
	uint32_t c;

	if (question_choice_encode(q, text, &c, cause) != 0)
		return -1;
	if (question_choice_format(q, c, buf, len) != 0) {
		xasprintf(cause, _("question %s: the choice is too long"),
		    q->id);
		return -1;
	}
	return 0;
}

/*
 * A stored choice of q in words for people, in locale loc, into buf
 * (len bytes; RV_TEXT_MAX is plenty): the choice's label for the kinds
 * that decide (question_choice_label); for the others the option titles
 * in the order of text, a rating's step with its words ("4 满意"), or
 * the words for abstain or not used.  Returns 0, or -1 when text is no
 * canonical choice of q or the words do not fit (the caller shows text
 * as it is).  Receipts say it so.
 */
int
question_choice_words(const struct rv_question *q, const char *text,
    enum rv_locale loc, char *buf, size_t len)
{
	const char	*p = text, *comma;
	uint32_t	 code;
	size_t		 used = 0, n;
	int		 o, w;

	if (question_choice_read(q, text, &code, NULL) != 0)
		return -1;
	if (question_decides(q) || code == 0) {
		w = snprintf(buf, len, "%s", question_decides(q) ?
		    question_choice_label(q, code, loc) : q->kind ==
		    RV_RATING ? _("not used") : _("abstain"));
		return w < 0 || (size_t)w >= len ? -1 : 0;
	}
	if (q->kind == RV_RATING) {
		n = code - 1;
		w = snprintf(buf, len, "%d %s", q->min + (int)n,
		    n < q->nlabels ? text_get(&q->labels[n], loc) : "");
		return w < 0 || (size_t)w >= len ? -1 : 0;
	}
	for (;;) {
		comma = strchr(p, ',');
		n = comma != NULL ? (size_t)(comma - p) : strlen(p);
		if ((o = option_find(q, p, n)) == -1)
			return -1;	/* question_choice_read said it is one */
		/* TRANSLATORS: between the options of one answer. */
		w = snprintf(buf + used, len - used, "%s%s", used > 0 ?
		    _(", ") : "", text_get(&q->options[o].title, loc));
		if (w < 0 || (size_t)w >= len - used)
			return -1;
		used += (size_t)w;
		if (comma == NULL)
			return 0;
		p = comma + 1;
	}
}

/* "approve", "choose-one", "choose-many", "rank" or "rating". */
const char *
question_kind_name(enum rv_kind k)
{
	switch (k) {
	case RV_APPROVE:
		return "approve";
	case RV_CHOOSE_ONE:
		return "choose-one";
	case RV_CHOOSE_MANY:
		return "choose-many";
	case RV_RANK:
		return "rank";
	case RV_RATING:
		return "rating";
	}
	return "choose-one";
}

/*
 * Whether q is a decision of the owners (art. 278): approve and
 * choose-one questions are; choose-many, rank and rating ask for
 * opinions and never pass or fail.
 */
int
question_decides(const struct rv_question *q)
{
	return q->kind == RV_APPROVE || q->kind == RV_CHOOSE_ONE;
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

/* "vote", "survey", "acceptance" or "service", as plans spell it. */
const char *
question_stage_name(enum rv_stage st)
{
	switch (st) {
	case RV_STAGE_SURVEY:
		return "survey";
	case RV_STAGE_ACCEPTANCE:
		return "acceptance";
	case RV_STAGE_SERVICE:
		return "service";
	case RV_STAGE_VOTE:
		break;
	}
	return "vote";
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
 * kind, matter, stage and period, scale or maximum, scope and option ids
 * in order?  Titles, words, times and items may change.
 */
int
question_same_terms(const struct rv_question *a, const struct rv_question *b)
{
	size_t	 i;

	if (a->kind != b->kind || a->matter != b->matter ||
	    a->stage != b->stage || strcmp(a->period, b->period) != 0 ||
	    a->min != b->min || a->max != b->max ||
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
