/*
 * Unit tests of the consent engine (tally.c): the worked example of
 * docs/consent-rules.md, every bar at, just below and just above its
 * bound, the headcount, scope, time-window and ordering rules, choose-one
 * questions, outcomes, pledges, and a randomized comparison against a
 * deliberately naive second implementation written here.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "renovote.h"
#include "test.h"
#include "store.h"

#define T_OPEN		1000	/* every fixed question opens here */
#define T_CLOSE		9000	/* and closes here */
#define NONE		(-1)	/* no answer from this flat */

#define CHECK_COUNT(c, o, a) do {					\
	CHECK_INT_EQ((c).owners, (o));					\
	CHECK_INT_EQ((c).area, (a));					\
} while (0)

/* Start an empty estate; flats are added with add_flat. */
static void
estate_init(struct rv_estate *e)
{
	memset(e, 0, sizeof *e);
	e->id = xstrdup("E-TEST");
	e->name = xstrdup("test estate");
}

/*
 * Append a flat to e and return its index.  Owners are numbered by
 * estate_index_owners once all flats are in.
 */
static uint32_t
add_flat(struct rv_estate *e, const char *flat_id, const char *building,
    const char *entrance, const char *owner_id, rv_area area)
{
	struct rv_flat	*f;

	e->flats = xreallocarray(e->flats, e->nflats + 1, sizeof *e->flats);
	f = &e->flats[e->nflats];
	memset(f, 0, sizeof *f);
	f->flat_id = xstrdup(flat_id);
	f->building = xstrdup(building);
	f->entrance = xstrdup(entrance);
	f->room = xstrdup(flat_id);
	f->owner_id = xstrdup(owner_id);
	f->area = area;
	return (uint32_t)e->nflats++;
}

/*
 * Set up a question open from T_OPEN to T_CLOSE.  building and entrance
 * may be NULL (no scope); choose-one questions get options opt0, opt1...
 */
static void
question_init(struct rv_question *q, enum rv_kind kind, enum rv_matter matter,
    const char *building, const char *entrance, size_t noptions)
{
	size_t	 i;

	memset(q, 0, sizeof *q);
	q->id = xstrdup("Q-TEST");
	q->kind = kind;
	q->matter = matter;
	q->scope_building = building != NULL ? xstrdup(building) : NULL;
	q->scope_entrance = entrance != NULL ? xstrdup(entrance) : NULL;
	q->opens = T_OPEN;
	q->closes = T_CLOSE;
	if (kind == RV_CHOOSE_ONE && noptions > 0) {
		q->options = xcalloc(noptions, sizeof *q->options);
		for (i = 0; i < noptions; i++)
			xasprintf(&q->options[i].id, "opt%zu", i);
		q->noptions = noptions;
	}
}

/* Free what question_init allocated. */
static void
question_clear(struct rv_question *q)
{
	size_t	 i;

	for (i = 0; i < q->noptions; i++)
		free(q->options[i].id);
	free(q->options);
	free(q->id);
	free(q->scope_building);
	free(q->scope_entrance);
	memset(q, 0, sizeof *q);
}

/* An answer value, for building answer arrays inline. */
static struct rv_answer
ans(uint32_t flat, uint32_t choice, rv_ms cast_at, const char *device,
    uint64_t seq)
{
	struct rv_answer	 a;

	a.flat = flat;
	a.choice = choice;
	a.cast_at = cast_at;
	a.device = device;
	a.seq = seq;
	return a;
}

/* Is every choices[] entry from index `from' on zero? */
static int
choices_zero_from(const struct rv_qresult *r, size_t from)
{
	size_t	 i;

	for (i = from; i < RV_OPTIONS_MAX + 1; i++)
		if (r->choices[i].owners != 0 || r->choices[i].area != 0)
			return 0;
	return 1;
}

/*
 * The worked example of docs/consent-rules.md: entrance 3-1, owner A
 * holding 101 and 202, the developer holding 302, an elevator (major)
 * question.  Flats elsewhere in the estate must not change anything.
 */
static void
test_worked_example(void)
{
	struct rv_estate	 e;
	struct rv_question	 q;
	struct rv_qresult	 r;
	struct rv_answer	 a[4];
	uint32_t		 f101, f102, f201, f301;

	TEST_BEGIN("worked example");
	estate_init(&e);
	f101 = add_flat(&e, "3-1-101", "3", "1", "A", 6000);
	f102 = add_flat(&e, "3-1-102", "3", "1", "B", 6000);
	f201 = add_flat(&e, "3-1-201", "3", "1", "C", 7550);
	add_flat(&e, "3-1-202", "3", "1", "A", 7550);
	f301 = add_flat(&e, "3-1-301", "3", "1", "D", 9000);
	add_flat(&e, "3-1-302", "3", "1", "developer", 9000);
	add_flat(&e, "3-2-101", "3", "2", "B", 8000);
	add_flat(&e, "4-1-101", "4", "1", "Z", 8000);
	estate_index_owners(&e);
	question_init(&q, RV_APPROVE, RV_MAJOR, "3", "1", 0);

	a[0] = ans(f101, RV_CHOICE_AGREE, 2000, "kiosk-1", 1);
	a[1] = ans(f201, RV_CHOICE_AGREE, 2100, "kiosk-1", 2);
	a[2] = ans(f301, RV_CHOICE_DISAGREE, 2200, "kiosk-1", 3);
	a[3] = ans(f102, RV_CHOICE_AGREE, 3000, "kiosk-2", 1);

	/* First state: A, C, D answered; one owner short. */
	tally_question(&e, &q, a, 3, T_CLOSE, &r);
	CHECK_COUNT(r.eligible, 5, 45100);
	CHECK_COUNT(r.participating, 3, 30100);
	CHECK_COUNT(r.choices[0], 2, 21100);	/* A (101 + 202), C */
	CHECK_COUNT(r.choices[1], 1, 9000);
	CHECK_COUNT(r.choices[2], 0, 0);
	CHECK(choices_zero_from(&r, 3));
	CHECK_INT_EQ(r.participation_met, 0);
	CHECK_INT_EQ(r.approval_met, 0);
	CHECK_INT_EQ(r.adopted, -1);
	CHECK_INT_EQ(r.leading, -1);
	/* ceil(2 * 5 / 3) = 4 owners; area 301.00 >= 300.67 already. */
	CHECK_COUNT(r.need_participation, 1, 0);
	/* 3 * 3 - 4 * 2 = 1 owner; 3 * 30100 - 4 * 21100 = 5900. */
	CHECK_COUNT(r.need_approval, 1, 5900);
	CHECK_INT_EQ(r.outcome, RV_OUT_NOT_QUORATE);

	/* Second state: B agrees too. */
	tally_question(&e, &q, a, 4, T_CLOSE, &r);
	CHECK_COUNT(r.eligible, 5, 45100);
	CHECK_COUNT(r.participating, 4, 36100);
	CHECK_COUNT(r.choices[0], 3, 27100);
	CHECK_COUNT(r.choices[1], 1, 9000);
	CHECK_COUNT(r.choices[2], 0, 0);
	CHECK_INT_EQ(r.participation_met, 1);
	CHECK_INT_EQ(r.approval_met, 1);
	CHECK_COUNT(r.need_participation, 0, 0);
	CHECK_COUNT(r.need_approval, 0, 0);
	CHECK_INT_EQ(r.outcome, RV_OUT_APPROVED);

	/* The same figures while the question is still open. */
	tally_question(&e, &q, a, 4, T_CLOSE - 1, &r);
	CHECK_INT_EQ(r.outcome, RV_OUT_OPEN);
	CHECK_COUNT(r.participating, 4, 36100);
	CHECK_INT_EQ(r.approval_met, 1);

	question_clear(&q);
	estate_clear(&e);
}

/*
 * One bar case: flats of one owner each, all in scope, answered at
 * T_OPEN with the choices given, tallied when closed.
 */
struct bar_case {
	const char	*name;
	enum rv_kind	 kind;
	enum rv_matter	 matter;
	size_t		 n;
	rv_area		 area[8];
	int		 choice[8];	/* NONE: no answer */
	int		 participation_met;
	int		 approval_met;
	int64_t		 needp_owners, needp_area;
	int64_t		 needa_owners, needa_area;
	enum rv_outcome	 outcome;
};

static const struct bar_case bar_cases[] = {
	/* Participation by owners: 3P = 2E, 2E - 1, 2E + 1; area ample. */
	{ "participation owners at 2/3", RV_APPROVE, RV_MAJOR, 3,
	    { 10000, 10000, 100 }, { 0, 0, NONE },
	    1, 1, 0, 0, 0, 0, RV_OUT_APPROVED },
	{ "participation owners just below", RV_APPROVE, RV_MAJOR, 5,
	    { 10000, 10000, 10000, 100, 100 }, { 0, 0, 0, NONE, NONE },
	    0, 1, 1, 0, 0, 0, RV_OUT_NOT_QUORATE },
	{ "participation owners just above", RV_APPROVE, RV_MAJOR, 4,
	    { 10000, 10000, 10000, 100 }, { 0, 0, 0, NONE },
	    1, 1, 0, 0, 0, 0, RV_OUT_APPROVED },
	/* Participation by area: 3P = 2E, 2E - 1, 2E + 1; 3 of 4 owners. */
	{ "participation area at 2/3", RV_APPROVE, RV_MAJOR, 4,
	    { 2000, 2000, 2000, 3000 }, { 0, 0, 0, NONE },
	    1, 1, 0, 0, 0, 0, RV_OUT_APPROVED },
	{ "participation area just below", RV_APPROVE, RV_MAJOR, 4,
	    { 2000, 2000, 2001, 3001 }, { 0, 0, 0, NONE },
	    0, 1, 0, 1, 0, 0, RV_OUT_NOT_QUORATE },
	{ "participation area just above", RV_APPROVE, RV_MAJOR, 4,
	    { 2000, 2000, 2001, 3000 }, { 0, 0, 0, NONE },
	    1, 1, 0, 0, 0, 0, RV_OUT_APPROVED },
	/* Major by owners: 4A = 3P, 3P - 1, 3P + 1; area ample. */
	{ "major owners at 3/4", RV_APPROVE, RV_MAJOR, 4,
	    { 10000, 10000, 10000, 100 }, { 0, 0, 0, 1 },
	    1, 1, 0, 0, 0, 0, RV_OUT_APPROVED },
	{ "major owners just below", RV_APPROVE, RV_MAJOR, 7,
	    { 10000, 10000, 10000, 10000, 10000, 100, 100 },
	    { 0, 0, 0, 0, 0, 1, 1 },
	    1, 0, 0, 0, 1, 0, RV_OUT_REJECTED },
	{ "major owners just above", RV_APPROVE, RV_MAJOR, 5,
	    { 10000, 10000, 10000, 10000, 100 }, { 0, 0, 0, 0, 1 },
	    1, 1, 0, 0, 0, 0, RV_OUT_APPROVED },
	/* Major by area: 4A = 3P, 3P - 1, 3P + 1; 4 of 5 owners agree. */
	{ "major area at 3/4", RV_APPROVE, RV_MAJOR, 5,
	    { 1500, 1500, 1500, 1500, 2000 }, { 0, 0, 0, 0, 1 },
	    1, 1, 0, 0, 0, 0, RV_OUT_APPROVED },
	{ "major area just below", RV_APPROVE, RV_MAJOR, 5,
	    { 1500, 1500, 1500, 1499, 2000 }, { 0, 0, 0, 0, 1 },
	    1, 0, 0, 0, 0, 1, RV_OUT_REJECTED },
	{ "major area just above", RV_APPROVE, RV_MAJOR, 5,
	    { 1500, 1500, 1500, 1501, 2000 }, { 0, 0, 0, 0, 1 },
	    1, 1, 0, 0, 0, 0, RV_OUT_APPROVED },
	/* Ordinary by owners: exactly half fails; area ample. */
	{ "ordinary owners below half", RV_APPROVE, RV_ORDINARY, 5,
	    { 10000, 10000, 100, 100, 100 }, { 0, 0, 1, 1, 1 },
	    1, 0, 0, 0, 2, 0, RV_OUT_REJECTED },
	{ "ordinary owners exactly half", RV_APPROVE, RV_ORDINARY, 4,
	    { 10000, 10000, 100, 100 }, { 0, 0, 1, 1 },
	    1, 0, 0, 0, 1, 0, RV_OUT_REJECTED },
	{ "ordinary owners just above half", RV_APPROVE, RV_ORDINARY, 5,
	    { 10000, 10000, 10000, 100, 100 }, { 0, 0, 0, 1, 1 },
	    1, 1, 0, 0, 0, 0, RV_OUT_APPROVED },
	/* Ordinary by area: 2A = P fails, 2A = P + 1 passes; 2 of 3. */
	{ "ordinary area exactly half", RV_APPROVE, RV_ORDINARY, 3,
	    { 2500, 2500, 5000 }, { 0, 0, 1 },
	    1, 0, 0, 0, 0, 1, RV_OUT_REJECTED },
	{ "ordinary area just above half", RV_APPROVE, RV_ORDINARY, 3,
	    { 2500, 2500, 4999 }, { 0, 0, 1 },
	    1, 1, 0, 0, 0, 0, RV_OUT_APPROVED },
	/* Abstaining takes part but does not agree. */
	{ "abstain participates", RV_APPROVE, RV_ORDINARY, 3,
	    { 100, 100, 100 }, { 0, 2, 2 },
	    1, 0, 0, 0, 2, 101, RV_OUT_REJECTED },
	{ "all abstain", RV_APPROVE, RV_MAJOR, 3,
	    { 100, 100, 100 }, { 2, 2, 2 },
	    1, 0, 0, 0, 9, 900, RV_OUT_REJECTED },
	/* Nobody answered: at least one owner and 0.01 m2 are needed. */
	{ "nobody, major", RV_APPROVE, RV_MAJOR, 3,
	    { 100, 100, 101 }, { NONE, NONE, NONE },
	    0, 0, 2, 201, 1, 1, RV_OUT_NOT_QUORATE },
	{ "nobody, ordinary", RV_APPROVE, RV_ORDINARY, 3,
	    { 100, 100, 101 }, { NONE, NONE, NONE },
	    0, 0, 2, 201, 1, 1, RV_OUT_NOT_QUORATE },
	{ "nobody, choose-one", RV_CHOOSE_ONE, RV_MAJOR, 3,
	    { 100, 100, 101 }, { NONE, NONE, NONE },
	    0, 0, 2, 201, 1, 1, RV_OUT_NOT_QUORATE },
	/* Choose-one: the bar applies to each option. */
	{ "choose-one major at 3/4", RV_CHOOSE_ONE, RV_MAJOR, 4,
	    { 100, 100, 100, 100 }, { 2, 2, 2, 0 },
	    1, 1, 0, 0, 0, 0, RV_OUT_ADOPTED },
	{ "choose-one major just below", RV_CHOOSE_ONE, RV_MAJOR, 4,
	    { 100, 100, 100, 101 }, { 2, 2, 2, 0 },
	    1, 0, 0, 0, 0, 3, RV_OUT_NO_OPTION },
};

/* Run one bar case and check every figure it names. */
static void
run_bar_case(const struct bar_case *c)
{
	struct rv_estate	 e;
	struct rv_question	 q;
	struct rv_qresult	 r;
	struct rv_answer	 a[8];
	char			 id[32];
	size_t			 i, na = 0;

	TEST_BEGIN(c->name);
	estate_init(&e);
	for (i = 0; i < c->n; i++) {
		snprintf(id, sizeof id, "1-1-%zu", 101 + i);
		add_flat(&e, id, "1", "1", id, c->area[i]);
	}
	estate_index_owners(&e);
	question_init(&q, c->kind, c->matter, NULL, NULL, 3);
	for (i = 0; i < c->n; i++)
		if (c->choice[i] != NONE)
			a[na++] = ans((uint32_t)i, (uint32_t)c->choice[i],
			    T_OPEN, "k", i);
	tally_question(&e, &q, a, na, T_CLOSE, &r);
	CHECK_INT_EQ(r.participation_met, c->participation_met);
	CHECK_INT_EQ(r.approval_met, c->approval_met);
	CHECK_COUNT(r.need_participation, c->needp_owners, c->needp_area);
	CHECK_COUNT(r.need_approval, c->needa_owners, c->needa_area);
	CHECK_INT_EQ(r.outcome, c->outcome);
	CHECK_INT_EQ(r.eligible.owners, (int64_t)c->n);
	question_clear(&q);
	estate_clear(&e);
}

/* Every bar at, just below and just above its bound. */
static void
test_bars(void)
{
	size_t	 i;

	for (i = 0; i < sizeof bar_cases / sizeof bar_cases[0]; i++)
		run_bar_case(&bar_cases[i]);
}

/*
 * An owner of several flats counts once, with all their area, and the
 * latest of their answers through any flat stands for all of them.  The
 * developer's flats count as one owner too.
 */
static void
test_one_owner_many_flats(void)
{
	struct rv_estate	 e;
	struct rv_question	 q;
	struct rv_qresult	 r;
	struct rv_answer	 a[5];
	uint32_t		 x1, x2, x3, y, d1, d2, d3;

	TEST_BEGIN("one owner, many flats");
	estate_init(&e);
	x1 = add_flat(&e, "1-1-101", "1", "1", "X", 5000);
	x2 = add_flat(&e, "1-1-102", "1", "1", "X", 6000);
	x3 = add_flat(&e, "1-1-201", "1", "1", "X", 7000);
	y = add_flat(&e, "1-1-202", "1", "1", "Y", 8000);
	estate_index_owners(&e);
	question_init(&q, RV_APPROVE, RV_ORDINARY, NULL, NULL, 0);

	a[0] = ans(x1, RV_CHOICE_AGREE, 2000, "k", 1);
	a[1] = ans(x2, RV_CHOICE_DISAGREE, 4000, "k", 2);
	a[2] = ans(x3, 2, 3000, "k", 3);
	a[3] = ans(y, RV_CHOICE_AGREE, 2500, "k", 4);
	a[4] = ans(x1, RV_CHOICE_AGREE, 5000, "k", 5);
	tally_question(&e, &q, a, 4, T_CLOSE, &r);
	CHECK_COUNT(r.eligible, 2, 26000);
	CHECK_COUNT(r.participating, 2, 26000);
	CHECK_COUNT(r.choices[0], 1, 8000);
	CHECK_COUNT(r.choices[1], 1, 18000);
	CHECK_COUNT(r.choices[2], 0, 0);
	/* X changes their mind through another flat. */
	tally_question(&e, &q, a, 5, T_CLOSE, &r);
	CHECK_COUNT(r.participating, 2, 26000);
	CHECK_COUNT(r.choices[0], 2, 26000);
	CHECK_COUNT(r.choices[1], 0, 0);
	CHECK_INT_EQ(r.outcome, RV_OUT_APPROVED);
	question_clear(&q);
	estate_clear(&e);

	TEST_BEGIN("developer counts as one");
	estate_init(&e);
	d1 = add_flat(&e, "1-1-101", "1", "1", "developer", 1000);
	d2 = add_flat(&e, "1-1-102", "1", "1", "developer", 1000);
	add_flat(&e, "1-1-201", "1", "1", "A", 1000);
	d3 = add_flat(&e, "1-1-202", "1", "1", "developer", 1000);
	add_flat(&e, "1-1-301", "1", "1", "B", 1000);
	estate_index_owners(&e);
	question_init(&q, RV_APPROVE, RV_MAJOR, NULL, NULL, 0);
	a[0] = ans(d2, RV_CHOICE_AGREE, 2000, "k", 1);
	tally_question(&e, &q, a, 1, T_CLOSE, &r);
	CHECK_COUNT(r.eligible, 3, 5000);
	CHECK_COUNT(r.participating, 1, 3000);
	CHECK_COUNT(r.choices[0], 1, 3000);
	CHECK_INT_EQ(r.participation_met, 0);	/* 1 of 3 owners */
	/* ceil(2 * 3 / 3) - 1 owners; ceil(2 * 5000 / 3) - 3000 area. */
	CHECK_COUNT(r.need_participation, 1, 334);
	a[1] = ans(d1, RV_CHOICE_DISAGREE, 1500, "k", 2);
	a[2] = ans(d3, 2, 2500, "k", 3);
	tally_question(&e, &q, a, 3, T_CLOSE, &r);
	CHECK_COUNT(r.participating, 1, 3000);
	CHECK_COUNT(r.choices[0], 0, 0);
	CHECK_COUNT(r.choices[1], 0, 0);
	CHECK_COUNT(r.choices[2], 1, 3000);
	question_clear(&q);
	estate_clear(&e);
}

/*
 * Scopes: only flats inside count, for eligibility, area and answers,
 * even for an owner who also holds flats outside.
 */
static void
test_scope(void)
{
	struct rv_estate	 e;
	struct rv_question	 q;
	struct rv_qresult	 r;
	struct rv_answer	 a[4];
	uint32_t		 a31, a32, c32, a41;

	estate_init(&e);
	a31 = add_flat(&e, "3-1-101", "3", "1", "A", 6000);
	add_flat(&e, "3-1-102", "3", "1", "B", 6000);
	a32 = add_flat(&e, "3-2-101", "3", "2", "A", 7000);
	c32 = add_flat(&e, "3-2-102", "3", "2", "C", 7000);
	a41 = add_flat(&e, "4-1-101", "4", "1", "A", 9000);
	add_flat(&e, "4-1-102", "4", "1", "D", 9000);
	estate_index_owners(&e);
	a[0] = ans(a31, RV_CHOICE_DISAGREE, 2000, "k", 1);
	a[1] = ans(a32, RV_CHOICE_AGREE, 3000, "k", 2);
	a[2] = ans(c32, RV_CHOICE_AGREE, 3000, "k", 3);
	a[3] = ans(a41, RV_CHOICE_AGREE, 5000, "k", 4);

	TEST_BEGIN("scope entrance");
	question_init(&q, RV_APPROVE, RV_MAJOR, "3", "1", 0);
	tally_question(&e, &q, a, 4, T_CLOSE, &r);
	CHECK_COUNT(r.eligible, 2, 12000);
	/* A's later answers came through flats outside the entrance. */
	CHECK_COUNT(r.participating, 1, 6000);
	CHECK_COUNT(r.choices[0], 0, 0);
	CHECK_COUNT(r.choices[1], 1, 6000);
	question_clear(&q);

	TEST_BEGIN("scope building");
	question_init(&q, RV_APPROVE, RV_MAJOR, "3", NULL, 0);
	tally_question(&e, &q, a, 4, T_CLOSE, &r);
	CHECK_COUNT(r.eligible, 3, 26000);
	CHECK_COUNT(r.participating, 2, 20000);
	CHECK_COUNT(r.choices[0], 2, 20000);	/* A via 3-2 with 3-1's area */
	CHECK_COUNT(r.choices[1], 0, 0);
	question_clear(&q);

	TEST_BEGIN("scope estate");
	question_init(&q, RV_APPROVE, RV_MAJOR, NULL, NULL, 0);
	tally_question(&e, &q, a, 4, T_CLOSE, &r);
	CHECK_COUNT(r.eligible, 4, 44000);
	CHECK_COUNT(r.participating, 2, 29000);
	CHECK_COUNT(r.choices[0], 2, 29000);
	question_clear(&q);

	TEST_BEGIN("scope with nobody inside");
	question_init(&q, RV_APPROVE, RV_MAJOR, "9", NULL, 0);
	tally_question(&e, &q, a, 4, T_CLOSE, &r);
	CHECK_COUNT(r.eligible, 0, 0);
	CHECK_COUNT(r.participating, 0, 0);
	CHECK_INT_EQ(r.participation_met, 0);
	CHECK_COUNT(r.need_participation, 0, 0);
	CHECK_COUNT(r.need_approval, 1, 1);
	CHECK_INT_EQ(r.outcome, RV_OUT_NOT_QUORATE);
	question_clear(&q);
	estate_clear(&e);
}

/*
 * Answers before opens, after closes, after the tally instant, for flats
 * outside the roster or with choices the question lacks are ignored; the
 * bounds themselves count.
 */
static void
test_time_window(void)
{
	struct rv_estate	 e;
	struct rv_question	 q;
	struct rv_qresult	 r;
	struct rv_answer	 a[9];
	char			 id[32];
	uint32_t		 i;

	TEST_BEGIN("time window");
	estate_init(&e);
	for (i = 0; i < 6; i++) {
		snprintf(id, sizeof id, "1-1-%u", 101 + i);
		add_flat(&e, id, "1", "1", id, 100);
	}
	estate_index_owners(&e);
	question_init(&q, RV_APPROVE, RV_ORDINARY, NULL, NULL, 0);
	a[0] = ans(0, RV_CHOICE_AGREE, T_OPEN - 1, "k", 1);
	a[1] = ans(1, RV_CHOICE_AGREE, T_OPEN, "k", 2);
	a[2] = ans(2, RV_CHOICE_AGREE, T_CLOSE, "k", 3);
	a[3] = ans(3, RV_CHOICE_AGREE, T_CLOSE + 1, "k", 4);
	a[4] = ans(4, RV_CHOICE_AGREE, 5000, "k", 5);
	a[5] = ans(4, RV_CHOICE_DISAGREE, T_CLOSE + 1, "k", 6);
	a[6] = ans(5, RV_CHOICE_DISAGREE, 6000, "k", 7);
	a[7] = ans(6, RV_CHOICE_DISAGREE, 6000, "k", 8);	/* no flat 6 */
	a[8] = ans(0, 3, 6000, "k", 9);			/* no choice 3 */

	tally_question(&e, &q, a, 9, T_CLOSE, &r);
	CHECK_COUNT(r.participating, 4, 400);
	CHECK_COUNT(r.choices[0], 3, 300);
	CHECK_COUNT(r.choices[1], 1, 100);
	CHECK(choices_zero_from(&r, 2));
	CHECK_INT_EQ(r.outcome, RV_OUT_APPROVED);

	/* Later in the day nothing changes: closes has passed. */
	tally_question(&e, &q, a, 9, T_CLOSE + 100000, &r);
	CHECK_COUNT(r.participating, 4, 400);
	CHECK_COUNT(r.choices[0], 3, 300);

	/* At 5500 the answers of 6000 and 9000 have not been cast yet. */
	tally_question(&e, &q, a, 9, 5500, &r);
	CHECK_COUNT(r.participating, 2, 200);
	CHECK_COUNT(r.choices[0], 2, 200);
	CHECK_COUNT(r.choices[1], 0, 0);
	CHECK_INT_EQ(r.outcome, RV_OUT_OPEN);

	/* The instant itself counts. */
	tally_question(&e, &q, a, 9, 5000, &r);
	CHECK_COUNT(r.participating, 2, 200);
	tally_question(&e, &q, a, 9, 4999, &r);
	CHECK_COUNT(r.participating, 1, 100);

	/* Before the question opens nothing counts. */
	tally_question(&e, &q, a, 9, T_OPEN - 1, &r);
	CHECK_COUNT(r.participating, 0, 0);
	CHECK_COUNT(r.eligible, 6, 600);
	CHECK_INT_EQ(r.outcome, RV_OUT_OPEN);
	question_clear(&q);
	estate_clear(&e);
}

/*
 * A confirmed change of owner (owner_since): answers cast for the flat
 * before it no longer stand, those cast at or after it do, and
 * tally_standing says why (docs/consent-rules.md, "Which answers count").
 */
static void
test_owner_change(void)
{
	struct rv_estate	 e;
	struct rv_question	 q;
	struct rv_qresult	 r;
	struct rv_answer	 a[4];

	TEST_BEGIN("owner change");
	estate_init(&e);
	add_flat(&e, "1-1-101", "1", "1", "A", 100);
	add_flat(&e, "1-1-102", "1", "1", "B", 100);
	add_flat(&e, "1-1-103", "1", "1", "C", 100);
	e.flats[1].owner_since = 5000;	/* 102 passed to B at 5000 */
	estate_index_owners(&e);
	question_init(&q, RV_APPROVE, RV_ORDINARY, NULL, NULL, 0);
	a[0] = ans(0, RV_CHOICE_AGREE, 4000, "k", 1);
	a[1] = ans(1, RV_CHOICE_AGREE, 4000, "k", 2);	/* the old owner */
	a[2] = ans(2, RV_CHOICE_AGREE, 4000, "k", 3);
	tally_question(&e, &q, a, 3, T_CLOSE, &r);
	CHECK_COUNT(r.participating, 2, 200);
	CHECK_COUNT(r.choices[0], 2, 200);
	CHECK_INT_EQ(tally_standing(&e, &q, a, 3, 1, T_CLOSE, NULL),
	    RV_STANDING_OWNER);
	CHECK_INT_EQ(tally_standing(&e, &q, a, 3, 0, T_CLOSE, NULL),
	    RV_STANDS);

	/* The new owner answers at the instant of the change: it counts. */
	a[3] = ans(1, RV_CHOICE_DISAGREE, 5000, "k", 4);
	tally_question(&e, &q, a, 4, T_CLOSE, &r);
	CHECK_COUNT(r.participating, 3, 300);
	CHECK_COUNT(r.choices[0], 2, 200);
	CHECK_COUNT(r.choices[1], 1, 100);
	CHECK_INT_EQ(tally_standing(&e, &q, a, 4, 3, T_CLOSE, NULL),
	    RV_STANDS);
	question_clear(&q);
	estate_clear(&e);
}

/*
 * The choice that stands when one owner sent x and y, tallied in the
 * order given; -1 if no single choice holds the owner.
 */
static int
standing_choice(const struct rv_estate *e, const struct rv_question *q,
    struct rv_answer x, struct rv_answer y)
{
	struct rv_answer	 a[2];
	struct rv_qresult	 r;
	int			 c, found = -1;

	a[0] = x;
	a[1] = y;
	tally_question(e, q, a, 2, T_CLOSE, &r);
	if (r.participating.owners != 1)
		return -1;
	for (c = 0; c < 3; c++) {
		if (r.choices[c].owners == 1) {
			if (found >= 0)
				return -1;
			found = c;
		}
	}
	return found;
}

/* Check that the same choice stands whichever order x and y come in. */
#define CHECK_STANDS(x, y, expect) do {					\
	CHECK_INT_EQ(standing_choice(&e, &q, (x), (y)), (expect));	\
	CHECK_INT_EQ(standing_choice(&e, &q, (y), (x)), (expect));	\
} while (0)

/* Equal cast_at: the greater device stands, then the greater seq. */
static void
test_ordering(void)
{
	struct rv_estate	 e;
	struct rv_question	 q;
	uint32_t		 f0, f1;
	const int		 agr = RV_CHOICE_AGREE, dis = RV_CHOICE_DISAGREE;

	TEST_BEGIN("ordering");
	estate_init(&e);
	f0 = add_flat(&e, "1-1-101", "1", "1", "X", 100);
	f1 = add_flat(&e, "1-1-102", "1", "1", "X", 100);
	estate_index_owners(&e);
	question_init(&q, RV_APPROVE, RV_MAJOR, NULL, NULL, 0);

	/* cast_at first, whatever device and seq say. */
	CHECK_STANDS(ans(f0, agr, 5001, "a", 0), ans(f1, dis, 5000, "z", 99),
	    agr);
	/* Then the device name. */
	CHECK_STANDS(ans(f0, agr, 5000, "kiosk-a", 9),
	    ans(f1, dis, 5000, "kiosk-b", 1), dis);
	/* Then seq. */
	CHECK_STANDS(ans(f0, agr, 5000, "k", 7), ans(f1, dis, 5000, "k", 3),
	    agr);
	/* A missing device name is the empty one: seq decides. */
	CHECK_STANDS(ans(f0, agr, 5000, NULL, 5), ans(f1, dis, 5000, "", 4),
	    agr);
	CHECK_STANDS(ans(f0, agr, 5000, NULL, 9), ans(f1, dis, 5000, "a", 1),
	    dis);
	/* Same flat too: the answer order must not matter. */
	CHECK_STANDS(ans(f0, agr, 5000, "k", 2), ans(f0, dis, 5000, "k", 1),
	    agr);
	/* Full ties are still independent of order. */
	CHECK_STANDS(ans(f0, agr, 5000, "k", 1), ans(f1, dis, 5000, "k", 1),
	    dis);
	CHECK_STANDS(ans(f0, agr, 5000, "k", 1), ans(f0, 2, 5000, "k", 1), 2);
	question_clear(&q);
	estate_clear(&e);
}

/*
 * Choose-one questions: adoption, no option, and the leading option with
 * its ties.
 */
static void
test_choose_one(void)
{
	struct rv_estate	 e;
	struct rv_question	 q;
	struct rv_qresult	 r;
	struct rv_answer	 a[5];
	char			 id[32];
	uint32_t		 i;
	/* The options (3 = abstain) of the five owners, case by case. */
	static const uint32_t	 adopt[5] = { 1, 1, 1, 0, 3 };
	static const uint32_t	 split[5] = { 0, 0, 1, 2, 2 };
	static const uint32_t	 many[5] = { 0, 0, 1, 1, 1 };

	estate_init(&e);
	for (i = 0; i < 5; i++) {
		snprintf(id, sizeof id, "1-1-%u", 101 + i);
		add_flat(&e, id, "1", "1", id, 100);
	}
	estate_index_owners(&e);
	question_init(&q, RV_CHOOSE_ONE, RV_ORDINARY, NULL, NULL, 3);

	TEST_BEGIN("choose-one adopted");
	for (i = 0; i < 5; i++)
		a[i] = ans(i, adopt[i], 2000, "k", i);
	tally_question(&e, &q, a, 5, T_CLOSE, &r);
	CHECK_COUNT(r.participating, 5, 500);
	CHECK_COUNT(r.choices[0], 1, 100);
	CHECK_COUNT(r.choices[1], 3, 300);
	CHECK_COUNT(r.choices[2], 0, 0);
	CHECK_COUNT(r.choices[3], 1, 100);
	CHECK(choices_zero_from(&r, 4));
	CHECK_INT_EQ(r.adopted, 1);
	CHECK_INT_EQ(r.leading, 1);
	CHECK_INT_EQ(r.approval_met, 1);
	CHECK_COUNT(r.need_approval, 0, 0);
	CHECK_INT_EQ(r.outcome, RV_OUT_ADOPTED);
	tally_question(&e, &q, a, 5, T_CLOSE - 1, &r);
	CHECK_INT_EQ(r.outcome, RV_OUT_OPEN);
	CHECK_INT_EQ(r.adopted, 1);

	TEST_BEGIN("choose-one no option, tie to lowest index");
	for (i = 0; i < 5; i++)
		a[i] = ans(i, split[i], 2000, "k", i);
	tally_question(&e, &q, a, 5, T_CLOSE, &r);
	CHECK_COUNT(r.choices[0], 2, 200);
	CHECK_COUNT(r.choices[2], 2, 200);
	CHECK_INT_EQ(r.adopted, -1);
	CHECK_INT_EQ(r.leading, 0);
	CHECK_INT_EQ(r.approval_met, 0);
	/* 5 - 2 * 2 + 1 owners, 500 - 2 * 200 + 1 area. */
	CHECK_COUNT(r.need_approval, 2, 101);
	CHECK_INT_EQ(r.outcome, RV_OUT_NO_OPTION);

	TEST_BEGIN("choose-one tie broken by area");
	e.flats[3].area = 101;	/* option 2 now has more area */
	tally_question(&e, &q, a, 5, T_CLOSE, &r);
	CHECK_INT_EQ(r.leading, 2);
	CHECK_COUNT(r.need_approval, 2, 501 - 2 * 201 + 1);

	TEST_BEGIN("choose-one leading by owners over area");
	e.flats[0].area = 1000;
	e.flats[1].area = 1000;
	e.flats[2].area = 10;
	e.flats[3].area = 10;
	e.flats[4].area = 10;
	for (i = 0; i < 5; i++)
		a[i] = ans(i, many[i], 2000, "k", i);
	tally_question(&e, &q, a, 5, T_CLOSE, &r);
	CHECK_COUNT(r.choices[1], 3, 30);
	CHECK_INT_EQ(r.adopted, -1);
	CHECK_INT_EQ(r.leading, 1);
	CHECK_COUNT(r.need_approval, 0, 2030 - 2 * 30 + 1);
	CHECK_INT_EQ(r.outcome, RV_OUT_NO_OPTION);

	TEST_BEGIN("choose-one not quorate");
	tally_question(&e, &q, a, 2, T_CLOSE, &r);
	CHECK_INT_EQ(r.participation_met, 0);
	CHECK_INT_EQ(r.outcome, RV_OUT_NOT_QUORATE);
	CHECK_INT_EQ(r.leading, 0);
	question_clear(&q);

	TEST_BEGIN("choose-one without options");
	question_init(&q, RV_CHOOSE_ONE, RV_ORDINARY, NULL, NULL, 0);
	for (i = 0; i < 5; i++)
		a[i] = ans(i, 0, 2000, "k", i);		/* all abstain */
	tally_question(&e, &q, a, 5, T_CLOSE, &r);
	CHECK_COUNT(r.choices[0], 5, 2030);
	CHECK_INT_EQ(r.adopted, -1);
	CHECK_INT_EQ(r.leading, -1);
	CHECK_COUNT(r.need_approval, 5 + 1, 2030 + 1);
	CHECK_INT_EQ(r.outcome, RV_OUT_NO_OPTION);
	question_clear(&q);
	estate_clear(&e);
}

/* An estate without flats tallies to zeros without allocating. */
static void
test_empty_estate(void)
{
	struct rv_estate	 e;
	struct rv_question	 q;
	struct rv_qresult	 r;
	struct rv_presult	 pr;
	struct rv_pledge	 p;
	struct rv_answer	 a = ans(0, 0, 2000, "k", 1);
	struct rv_signature	 s = { 0, 2000, -1 };

	TEST_BEGIN("empty estate");
	estate_init(&e);
	estate_index_owners(&e);
	question_init(&q, RV_CHOOSE_ONE, RV_MAJOR, NULL, NULL, 3);
	tally_question(&e, &q, &a, 1, T_CLOSE, &r);
	CHECK_COUNT(r.eligible, 0, 0);
	CHECK_COUNT(r.participating, 0, 0);
	CHECK(choices_zero_from(&r, 0));
	CHECK_INT_EQ(r.participation_met, 0);
	CHECK_INT_EQ(r.leading, 0);
	CHECK_INT_EQ(r.outcome, RV_OUT_NOT_QUORATE);
	tally_question(&e, &q, NULL, 0, T_CLOSE, &r);
	CHECK_COUNT(r.participating, 0, 0);
	memset(&p, 0, sizeof p);
	p.threshold_num = 2;
	p.threshold_den = 3;
	tally_pledge(&e, &p, &s, 1, T_CLOSE, &pr);
	CHECK_INT_EQ(pr.flats, 0);
	CHECK_INT_EQ(pr.signed_flats, 0);
	CHECK_INT_EQ(pr.met, 0);
	question_clear(&q);
	estate_clear(&e);
}

/*
 * Pledges count flats, not owners: at, below and above the threshold,
 * with duplicate, late and stray signatures ignored.
 */
static void
test_pledge(void)
{
	struct rv_estate	 e;
	struct rv_pledge	 p;
	struct rv_presult	 r;
	struct rv_signature	 s[8];
	static const rv_area	 area[6] = { 6000, 6000, 7550, 7550, 9000,
				    9000 };
	static const char	*owner[6] = { "A", "B", "C", "A", "D",
				    "developer" };
	char			 id[32];
	size_t			 i;

	TEST_BEGIN("pledge");
	estate_init(&e);
	for (i = 0; i < 6; i++) {
		snprintf(id, sizeof id, "3-1-%zu", 101 + i);
		add_flat(&e, id, "3", "1", owner[i], area[i]);
	}
	estate_index_owners(&e);
	memset(&p, 0, sizeof p);
	p.threshold_num = 2;
	p.threshold_den = 3;
	for (i = 0; i < 8; i++) {
		s[i].cast_at = 2000;
		s[i].amount_fen = -1;
	}
	s[0].flat = 0;
	s[1].flat = 2;
	s[2].flat = 3;
	s[3].flat = 0;			/* again */
	s[4].flat = 6;			/* no such flat */
	s[5].flat = 4;
	s[5].cast_at = 3000;
	s[6].flat = 1;
	s[6].cast_at = 4000;
	s[7].flat = 5;
	s[7].cast_at = 5000;

	/* 3 of 6 flats: below 2/3. */
	tally_pledge(&e, &p, s, 5, 9000, &r);
	CHECK_INT_EQ(r.flats, 6);
	CHECK_INT_EQ(r.area, 45100);
	CHECK_INT_EQ(r.signed_flats, 3);
	CHECK_INT_EQ(r.signed_area, 6000 + 7550 + 7550);
	CHECK_INT_EQ(r.met, 0);
	/* 4 of 6 (docs/interface.md's example): exactly 2/3 is met. */
	tally_pledge(&e, &p, s, 6, 9000, &r);
	CHECK_INT_EQ(r.signed_flats, 4);
	CHECK_INT_EQ(r.signed_area, 30100);
	CHECK_INT_EQ(r.met, 1);
	/* 5 of 6. */
	tally_pledge(&e, &p, s, 7, 9000, &r);
	CHECK_INT_EQ(r.signed_flats, 5);
	CHECK_INT_EQ(r.met, 1);
	/* At 2999 flat 4 had not signed yet; the instant itself counts. */
	tally_pledge(&e, &p, s, 8, 2999, &r);
	CHECK_INT_EQ(r.signed_flats, 3);
	CHECK_INT_EQ(r.met, 0);
	tally_pledge(&e, &p, s, 8, 3000, &r);
	CHECK_INT_EQ(r.signed_flats, 4);
	CHECK_INT_EQ(r.met, 1);
	/* 1/2: 3 of 6 is at the bound, 2 of 6 below. */
	p.threshold_num = 1;
	p.threshold_den = 2;
	tally_pledge(&e, &p, s, 5, 9000, &r);
	CHECK_INT_EQ(r.met, 1);
	tally_pledge(&e, &p, s, 2, 9000, &r);
	CHECK_INT_EQ(r.signed_flats, 2);
	CHECK_INT_EQ(r.met, 0);
	/* All flats: 1/1. */
	p.threshold_num = 1;
	p.threshold_den = 1;
	tally_pledge(&e, &p, s, 8, 9000, &r);
	CHECK_INT_EQ(r.signed_flats, 6);
	CHECK_INT_EQ(r.signed_area, 45100);
	CHECK_INT_EQ(r.met, 1);
	tally_pledge(&e, &p, s, 7, 9000, &r);
	CHECK_INT_EQ(r.met, 0);
	estate_clear(&e);
}

/*
 * The randomized comparison.  What follows is a second, deliberately
 * naive reading of docs/consent-rules.md: for each owner, scan every flat
 * and every answer; decide bars as generic fractions; find needs by
 * searching for the smallest sufficient number rather than by formula.
 */

/* xorshift64: small, fixed-seed, good enough to shake out cases. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

/* A pseudo-random number below n (n > 0). */
static uint64_t
rnd(uint64_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state % n;
}

/* Is flat f in the question's scope?  Written again, not estate_flat_in_scope. */
static int
ref_in_scope(const struct rv_flat *f, const struct rv_question *q)
{
	int	 b_ok, e_ok;

	b_ok = q->scope_building == NULL ||
	    strcmp(q->scope_building, f->building) == 0;
	e_ok = q->scope_entrance == NULL ||
	    strcmp(q->scope_entrance, f->entrance) == 0;
	return b_ok && e_ok;
}

/* Does answer a count at all for q at instant at? */
static int
ref_valid(const struct rv_estate *e, const struct rv_question *q,
    const struct rv_answer *a, rv_ms at)
{
	size_t	 nch = q->kind == RV_APPROVE ? 3 : q->noptions + 1;

	return a->flat < e->nflats && ref_in_scope(&e->flats[a->flat], q) &&
	    a->choice < nch && q->opens <= a->cast_at &&
	    a->cast_at <= q->closes && a->cast_at <= at;
}

/* Three-way comparison of two int64 values. */
static int
ref_cmp3(int64_t x, int64_t y)
{
	return (x > y) - (x < y);
}

/*
 * Order answers by (cast_at, device with NULL as "", seq, flat, choice);
 * the greatest stands.
 */
static int
ref_answer_cmp(const struct rv_answer *x, const struct rv_answer *y)
{
	const char	*dx = x->device ? x->device : "";
	const char	*dy = y->device ? y->device : "";
	int		 c;

	if ((c = ref_cmp3(x->cast_at, y->cast_at)) != 0)
		return c;
	c = strcmp(dx, dy);
	if (c != 0)
		return c < 0 ? -1 : 1;
	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	if ((c = ref_cmp3(x->flat, y->flat)) != 0)
		return c;
	return ref_cmp3(x->choice, y->choice);
}

/* part / whole >= num / den, for whole > 0, exactly. */
static int
ref_at_least(int64_t part, int64_t whole, int num, int den)
{
	return (__int128)part * den >= (__int128)whole * num;
}

/* part / whole > num / den, exactly. */
static int
ref_more_than(int64_t part, int64_t whole, int num, int den)
{
	return (__int128)part * den > (__int128)whole * num;
}

/* Does agree/part pass the matter's fraction, for one measure? */
static int
ref_measure_passes(enum rv_matter m, int64_t agree, int64_t part)
{
	if (m == RV_MAJOR)
		return ref_at_least(agree, part, 3, 4);
	return ref_more_than(agree, part, 1, 2);
}

/* Does count a pass the approval bar among participants p? */
static int
ref_passes(enum rv_matter m, struct rv_count a, struct rv_count p)
{
	if (p.owners == 0)
		return 0;
	return ref_measure_passes(m, a.owners, p.owners) &&
	    ref_measure_passes(m, a.area, p.area);
}

/*
 * The smallest k >= lo with 3 (p + k) >= 2 e, found by bisection over
 * [lo, e].
 */
static int64_t
ref_search_participation(int64_t p, int64_t e)
{
	int64_t	 lo = 0, hi = e, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (ref_at_least(p + mid, e, 2, 3))
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/*
 * The smallest k >= lo for which (agree + k) of (part + k) passes the
 * matter's fraction, found by bisection.
 */
static int64_t
ref_search_approval(enum rv_matter m, int64_t agree, int64_t part,
    int64_t lo)
{
	int64_t	 hi = 3 * part + 1 + lo, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (ref_measure_passes(m, agree + mid, part + mid))
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* One bar as the reference sees it, judged by ref_at_least/ref_more_than. */
static void
ref_bar(struct rv_bar *b, int64_t count, int64_t base, int num, int den,
    int strict)
{
	b->count = count;
	b->base = base;
	b->num = (unsigned)num;
	b->den = (unsigned)den;
	b->strict = strict;
	b->met = base > 0 && (strict ? ref_more_than(count, base, num, den) :
	    ref_at_least(count, base, num, den));
}

/*
 * The bars and the judged choice of a result whose counts are set:
 * participation 2/3 of eligible, approval of the judged count among
 * participants, 3/4 for a major matter and more than 1/2 otherwise.
 */
static void
ref_bars(struct rv_qresult *r, const struct rv_question *q,
    struct rv_count judged)
{
	int	 major = q->matter == RV_MAJOR;

	r->judged = q->kind == RV_APPROVE ? RV_CHOICE_AGREE : r->leading;
	r->judged_count = judged;
	ref_bar(&r->participation.owners, r->participating.owners,
	    r->eligible.owners, 2, 3, 0);
	ref_bar(&r->participation.area, r->participating.area,
	    r->eligible.area, 2, 3, 0);
	ref_bar(&r->approval.owners, judged.owners, r->participating.owners,
	    major ? 3 : 1, major ? 4 : 2, !major);
	ref_bar(&r->approval.area, judged.area, r->participating.area,
	    major ? 3 : 1, major ? 4 : 2, !major);
}

/* The naive tally.  See the comment above rng_state. */
static void
ref_tally(const struct rv_estate *e, const struct rv_question *q,
    const struct rv_answer *as, size_t nas, rv_ms at, struct rv_qresult *r)
{
	const struct rv_answer	*best;
	struct rv_count		 judged = { 0, 0 };
	size_t			 o, i, j, npass;
	int64_t			 area, lo;
	int			 elig, beaten;

	memset(r, 0, sizeof *r);
	for (o = 0; o < e->nowners; o++) {
		area = 0;
		elig = 0;
		for (i = 0; i < e->nflats; i++) {
			if (e->flats[i].owner == o &&
			    ref_in_scope(&e->flats[i], q)) {
				area += e->flats[i].area;
				elig = 1;
			}
		}
		if (!elig)
			continue;
		r->eligible.owners += 1;
		r->eligible.area += area;
		best = NULL;
		for (j = 0; j < nas; j++) {
			if (!ref_valid(e, q, &as[j], at) ||
			    e->flats[as[j].flat].owner != o)
				continue;
			if (best == NULL || ref_answer_cmp(&as[j], best) > 0)
				best = &as[j];
		}
		if (best == NULL)
			continue;
		r->participating.owners += 1;
		r->participating.area += area;
		r->choices[best->choice].owners += 1;
		r->choices[best->choice].area += area;
	}

	r->participation_met = r->eligible.owners > 0 &&
	    ref_at_least(r->participating.owners, r->eligible.owners, 2, 3) &&
	    ref_at_least(r->participating.area, r->eligible.area, 2, 3);
	r->need_participation.owners = ref_search_participation(
	    r->participating.owners, r->eligible.owners);
	r->need_participation.area = ref_search_participation(
	    r->participating.area, r->eligible.area);

	r->adopted = -1;
	r->leading = -1;
	if (q->kind == RV_APPROVE) {
		judged = r->choices[RV_CHOICE_AGREE];
		r->approval_met = ref_passes(q->matter, judged,
		    r->participating);
	} else {
		npass = 0;
		for (i = 0; i < q->noptions; i++) {
			if (ref_passes(q->matter, r->choices[i],
			    r->participating)) {
				npass++;
				r->adopted = (int)i;
			}
			/* Leading: no other option beats i. */
			beaten = 0;
			for (j = 0; j < q->noptions; j++) {
				if (r->choices[j].owners > r->choices[i].owners ||
				    (r->choices[j].owners == r->choices[i].owners &&
				    (r->choices[j].area > r->choices[i].area ||
				    (r->choices[j].area == r->choices[i].area &&
				    j < i))))
					beaten = 1;
			}
			if (!beaten)
				r->leading = (int)i;
		}
		if (npass != 1)
			r->adopted = -1;
		if (r->adopted >= 0)
			r->leading = r->adopted;
		r->approval_met = r->adopted >= 0;
		if (r->leading >= 0)
			judged = r->choices[r->leading];
	}
	if (!r->approval_met) {
		lo = r->participating.owners == 0 ? 1 : 0;
		r->need_approval.owners = ref_search_approval(q->matter,
		    judged.owners, r->participating.owners, lo);
		r->need_approval.area = ref_search_approval(q->matter,
		    judged.area, r->participating.area, lo);
	}

	ref_bars(r, q, judged);

	if (at < q->closes)
		r->outcome = RV_OUT_OPEN;
	else if (!r->participation_met)
		r->outcome = RV_OUT_NOT_QUORATE;
	else if (q->kind == RV_APPROVE)
		r->outcome = r->approval_met ? RV_OUT_APPROVED :
		    RV_OUT_REJECTED;
	else
		r->outcome = r->approval_met ? RV_OUT_ADOPTED :
		    RV_OUT_NO_OPTION;
}

/* The naive pledge tally: for each flat, look for a signature. */
static void
ref_pledge(const struct rv_estate *e, const struct rv_pledge *p,
    const struct rv_signature *s, size_t ns, rv_ms at, struct rv_presult *r)
{
	size_t	 i, j;

	memset(r, 0, sizeof *r);
	for (i = 0; i < e->nflats; i++) {
		r->flats++;
		r->area += e->flats[i].area;
		for (j = 0; j < ns; j++) {
			if (s[j].flat == i && s[j].cast_at <= at) {
				r->signed_flats++;
				r->signed_area += e->flats[i].area;
				break;
			}
		}
	}
	r->met = r->flats > 0 && ref_at_least(r->signed_flats, r->flats,
	    (int)p->threshold_num, (int)p->threshold_den);
}

/* Name the first field in which two question results differ, or NULL. */
static const char *
qresult_diff(const struct rv_qresult *x, const struct rv_qresult *y)
{
	size_t	 i;

#define DIFF(field) do {						\
	if (x->field != y->field)					\
		return #field;						\
} while (0)
	DIFF(outcome);
	DIFF(eligible.owners);
	DIFF(eligible.area);
	DIFF(participating.owners);
	DIFF(participating.area);
	for (i = 0; i < RV_OPTIONS_MAX + 1; i++) {
		DIFF(choices[i].owners);
		DIFF(choices[i].area);
	}
	DIFF(participation_met);
	DIFF(approval_met);
	DIFF(adopted);
	DIFF(leading);
	DIFF(need_participation.owners);
	DIFF(need_participation.area);
	DIFF(need_approval.owners);
	DIFF(need_approval.area);
	DIFF(judged);
	DIFF(judged_count.owners);
	DIFF(judged_count.area);
#define DIFF_BAR(bar) do {						\
	DIFF(bar.count);						\
	DIFF(bar.base);							\
	DIFF(bar.num);							\
	DIFF(bar.den);							\
	DIFF(bar.strict);						\
	DIFF(bar.met);							\
} while (0)
	DIFF_BAR(participation.owners);
	DIFF_BAR(participation.area);
	DIFF_BAR(approval.owners);
	DIFF_BAR(approval.area);
#undef DIFF_BAR
#undef DIFF
	return NULL;
}

/* Print a question result on one line, for a failure report. */
static void
qresult_print(const char *label, const struct rv_qresult *r)
{
	fprintf(stderr, "  %s: out %d E %" PRId64 "/%" PRId64 " P %" PRId64
	    "/%" PRId64 " ch0 %" PRId64 "/%" PRId64 " ch1 %" PRId64 "/%"
	    PRId64 " pm %d am %d ad %d ld %d np %" PRId64 "/%" PRId64
	    " na %" PRId64 "/%" PRId64 "\n", label, (int)r->outcome,
	    r->eligible.owners, r->eligible.area, r->participating.owners,
	    r->participating.area, r->choices[0].owners, r->choices[0].area,
	    r->choices[1].owners, r->choices[1].area, r->participation_met,
	    r->approval_met, r->adopted, r->leading,
	    r->need_participation.owners, r->need_participation.area,
	    r->need_approval.owners, r->need_approval.area);
}

#define RAND_CASES	4000
#define RAND_FLATS	12
#define RAND_ANSWERS	30

/*
 * A random area: a third of the estates have equal flats and a third a
 * few round sizes, so that shares often sit exactly on a bound; the rest
 * anything up to 6 m2.
 */
static rv_area
random_area(int style)
{
	static const rv_area	 tidy[] = { 100, 200, 300 };

	switch (style) {
	case 0:
		return 100;
	case 1:
		return tidy[rnd(3)];
	}
	return 1 + (rv_area)rnd(600);
}

/*
 * A random small estate: owners from a short list (the developer among
 * them) so that owners hold several flats, two buildings of two
 * entrances.
 */
static void
random_estate(struct rv_estate *e)
{
	static const char	*owners[] = { "A", "B", "C", "D", "E",
				    "developer" };
	static const char	*places[] = { "1", "2" };
	size_t			 i, n = rnd(RAND_FLATS + 1);
	int			 style = (int)rnd(3);
	char			 id[32];

	estate_init(e);
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof id, "f%02zu", i);
		add_flat(e, id, places[rnd(2)], places[rnd(2)],
		    owners[rnd(6)], random_area(style));
	}
	estate_index_owners(e);
}

/* A random question over random_estate's buildings and entrances. */
static void
random_question(struct rv_question *q)
{
	enum rv_kind	 kind = rnd(2) ? RV_APPROVE : RV_CHOOSE_ONE;
	enum rv_matter	 matter = rnd(2) ? RV_MAJOR : RV_ORDINARY;
	size_t		 nopt = rnd(8) == 0 ? RV_OPTIONS_MAX : 1 + rnd(4);
	const char	*b = NULL, *en = NULL;

	switch (rnd(3)) {
	case 1:
		b = rnd(2) ? "1" : "2";
		break;
	case 2:
		b = rnd(2) ? "1" : "2";
		en = rnd(2) ? "1" : "2";
		break;
	}
	question_init(q, kind, matter, b, en, nopt);
	q->opens = (rv_ms)rnd(20);
	q->closes = q->opens + (rv_ms)rnd(20);
}

/*
 * Random answers, some of them out of range or outside the question's
 * window, with many near-ties.
 */
static size_t
random_answers(const struct rv_estate *e, const struct rv_question *q,
    struct rv_answer *a)
{
	static const char	*devices[] = { NULL, "", "a", "b" };
	size_t			 i, n = rnd(RAND_ANSWERS + 1);
	uint64_t		 nch = question_nchoices(q);
	rv_ms			 t;

	for (i = 0; i < n; i++) {
		if (rnd(4) == 0)
			t = (rv_ms)rnd(45);
		else
			t = q->opens + (rv_ms)rnd((uint64_t)(q->closes -
			    q->opens + 1));
		/* Including one past the last flat and one past abstain. */
		a[i] = ans((uint32_t)rnd(e->nflats + 1),
		    (uint32_t)rnd(nch + 1), t, devices[rnd(4)], rnd(3));
		/* A few that would crowd the owners' choices if counted. */
		if (rnd(4) == 0)
			a[i].choice = (uint32_t)rnd(3);
	}
	return n;
}

/* Shuffle answers in place (Fisher-Yates). */
static void
shuffle(struct rv_answer *a, size_t n)
{
	struct rv_answer	 t;
	size_t			 i, j;

	for (i = n; i > 1; i--) {
		j = rnd(i);
		t = a[i - 1];
		a[i - 1] = a[j];
		a[j] = t;
	}
}

/*
 * Compare the engine with the naive tally over many random cases, and
 * with itself over the same answers shuffled.
 */
static void
test_random(void)
{
	struct rv_estate	 e;
	struct rv_question	 q;
	struct rv_qresult	 got, want, again;
	struct rv_presult	 pgot, pwant;
	struct rv_pledge	 p;
	struct rv_answer	 a[RAND_ANSWERS];
	struct rv_signature	 s[RAND_ANSWERS];
	const char		*d;
	size_t			 n, i, k, bad = 0, unstable = 0, pbad = 0;
	size_t			 seen[RV_OUT_NO_OPTION + 1] = { 0 };
	rv_ms			 at;

	TEST_BEGIN("random");
	memset(&p, 0, sizeof p);
	for (k = 0; k < RAND_CASES; k++) {
		random_estate(&e);
		random_question(&q);
		n = random_answers(&e, &q, a);
		/* Mostly after closing, where outcomes are decided. */
		at = rnd(3) == 0 ? (rv_ms)rnd(50) : q.closes + (rv_ms)rnd(5);
		tally_question(&e, &q, a, n, at, &got);
		ref_tally(&e, &q, a, n, at, &want);
		if ((d = qresult_diff(&got, &want)) != NULL && bad++ < 5) {
			fprintf(stderr, "random case %zu: %s differs\n", k, d);
			qresult_print("engine", &got);
			qresult_print("naive ", &want);
		}
		shuffle(a, n);
		tally_question(&e, &q, a, n, at, &again);
		if (qresult_diff(&got, &again) != NULL)
			unstable++;
		seen[got.outcome]++;

		for (i = 0; i < n; i++) {
			s[i].flat = a[i].flat;
			s[i].cast_at = a[i].cast_at;
			s[i].amount_fen = -1;
		}
		p.threshold_den = 1 + (uint32_t)rnd(4);
		p.threshold_num = 1 + (uint32_t)rnd(p.threshold_den);
		tally_pledge(&e, &p, s, n, at, &pgot);
		ref_pledge(&e, &p, s, n, at, &pwant);
		if (pgot.flats != pwant.flats || pgot.area != pwant.area ||
		    pgot.signed_flats != pwant.signed_flats ||
		    pgot.signed_area != pwant.signed_area ||
		    pgot.met != pwant.met || pgot.bar.met != pwant.met ||
		    pgot.bar.count != pwant.signed_flats ||
		    pgot.bar.base != pwant.flats ||
		    pgot.bar.num != p.threshold_num ||
		    pgot.bar.den != p.threshold_den || pgot.bar.strict)
			pbad++;
		question_clear(&q);
		estate_clear(&e);
	}
	CHECK_INT_EQ(bad, 0);
	CHECK_INT_EQ(unstable, 0);
	CHECK_INT_EQ(pbad, 0);
	/* The generator must reach every outcome, and not just barely. */
	for (i = 0; i <= RV_OUT_NO_OPTION; i++)
		CHECK(seen[i] > RAND_CASES / 50);
}

/*
 * Give every answer a seq of its own, as the store's primary key
 * (device, seq) does.  A missing device and "" compare equal in the
 * tally, so seqs are made unique across all devices; the drawn seq stays
 * the major part, so ties on cast_at and device still fall to it.
 */
static void
unique_records(struct rv_answer *a, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		a[i].seq = a[i].seq * RAND_ANSWERS + i;
}

/*
 * Why answer i should not stand, read from the rules again: GONE, SCOPE,
 * WINDOW or LATER in that order, or -1 when it counts.
 */
static int
ref_reason(const struct rv_estate *e, const struct rv_question *q,
    const struct rv_answer *a, rv_ms at)
{
	size_t	 nch = q->kind == RV_APPROVE ? 3 : q->noptions + 1;

	if (a->flat >= e->nflats || a->choice >= nch)
		return RV_STANDING_GONE;
	if (!ref_in_scope(&e->flats[a->flat], q))
		return RV_STANDING_SCOPE;
	if (a->cast_at < q->opens || a->cast_at > q->closes)
		return RV_STANDING_WINDOW;
	if (a->cast_at > at)
		return RV_STANDING_LATER;
	return -1;
}

/*
 * tally_standing against tally_question over random cases: every answer
 * that does not count gets its reason; of each owner's counted answers
 * exactly one stands, the latest, and every other one names a standing
 * answer of the same owner that beats it; the standing answers, each
 * weighing its owner's area in scope, add up to the result's
 * participation and choices.
 */
static void
test_standing_random(void)
{
	struct rv_estate	 e;
	struct rv_question	 q;
	struct rv_qresult	 r;
	struct rv_answer	 a[RAND_ANSWERS];
	struct rv_count		 part, choices[RV_OPTIONS_MAX + 1];
	enum rv_standing	 v;
	size_t			 n, i, j, k, o, beaten;
	size_t			 bad_reason = 0, bad_latest = 0, bad_beaten = 0;
	size_t			 bad_owner = 0, bad_sum = 0;
	size_t			 seen[RV_STANDING_LATER + 1] = { 0 };
	size_t			 stands[RAND_FLATS + 1], bad_all = 0;
	unsigned char		 all[RAND_ANSWERS];
	int			 counts[RAND_FLATS + 1], want;
	rv_area			 area[RAND_FLATS + 1];
	rv_ms			 at;

	TEST_BEGIN("standing random");
	for (k = 0; k < RAND_CASES / 2; k++) {
		random_estate(&e);
		random_question(&q);
		n = random_answers(&e, &q, a);
		unique_records(a, n);
		at = rnd(3) == 0 ? (rv_ms)rnd(50) : q.closes + (rv_ms)rnd(5);
		tally_question(&e, &q, a, n, at, &r);
		tally_standing_all(&e, &q, a, n, at, all);

		/* Owner indices are below the flat count (at most one each). */
		memset(stands, 0, sizeof stands);
		memset(counts, 0, sizeof counts);
		memset(area, 0, sizeof area);
		for (i = 0; i < e.nflats; i++) {
			if (ref_in_scope(&e.flats[i], &q))
				area[e.flats[i].owner] += e.flats[i].area;
		}
		memset(&part, 0, sizeof part);
		memset(choices, 0, sizeof choices);
		for (i = 0; i < n; i++) {
			beaten = n;
			v = tally_standing(&e, &q, a, n, i, at, &beaten);
			seen[v]++;
			if ((all[i] != 0) != (v == RV_STANDS))
				bad_all++;
			want = ref_reason(&e, &q, &a[i], at);
			if (want >= 0) {
				if ((int)v != want)
					bad_reason++;
				continue;
			}
			o = e.flats[a[i].flat].owner;
			counts[o] = 1;
			if (v == RV_STANDS) {
				/* No counted answer of the owner is later. */
				for (j = 0; j < n; j++) {
					if (j != i && ref_reason(&e, &q, &a[j],
					    at) < 0 && e.flats[a[j].flat].owner ==
					    o && ref_answer_cmp(&a[j], &a[i]) > 0)
						bad_latest++;
				}
				stands[o]++;
				part.owners++;
				part.area += area[o];
				choices[a[i].choice].owners++;
				choices[a[i].choice].area += area[o];
			} else if (v == RV_SUPERSEDED) {
				/* Beaten by a standing answer of the owner. */
				if (beaten >= n || ref_reason(&e, &q, &a[beaten],
				    at) >= 0 || e.flats[a[beaten].flat].owner !=
				    o || ref_answer_cmp(&a[beaten], &a[i]) <= 0 ||
				    tally_standing(&e, &q, a, n, beaten, at,
				    NULL) != RV_STANDS)
					bad_beaten++;
			} else
				bad_reason++;
		}
		/* Exactly one standing answer per owner taking part. */
		for (o = 0; o < e.nowners; o++) {
			if (stands[o] != (size_t)counts[o])
				bad_owner++;
		}
		if (part.owners != r.participating.owners ||
		    part.area != r.participating.area)
			bad_sum++;
		for (i = 0; i < RV_OPTIONS_MAX + 1; i++) {
			if (choices[i].owners != r.choices[i].owners ||
			    choices[i].area != r.choices[i].area)
				bad_sum++;
		}
		question_clear(&q);
		estate_clear(&e);
	}
	CHECK_INT_EQ(bad_all, 0);
	CHECK_INT_EQ(bad_reason, 0);
	CHECK_INT_EQ(bad_latest, 0);
	CHECK_INT_EQ(bad_beaten, 0);
	CHECK_INT_EQ(bad_owner, 0);
	CHECK_INT_EQ(bad_sum, 0);
	/* The generator must reach every verdict. */
	for (i = 0; i <= RV_STANDING_LATER; i++)
		CHECK(seen[i] > RAND_CASES / 50);
}

/*
 * Two rows equal on every field (a replayed record) stand once, as the
 * tally counts the owner once: the first stands, the second is beaten by
 * it.
 */
static void
test_standing_duplicate(void)
{
	struct rv_estate	 e;
	struct rv_question	 q;
	struct rv_answer	 a[2];
	struct rv_qresult	 r;
	size_t			 beaten = 99;

	TEST_BEGIN("standing duplicate");
	estate_init(&e);
	add_flat(&e, "1-1-101", "1", "1", "A", 100);
	estate_index_owners(&e);
	question_init(&q, RV_APPROVE, RV_MAJOR, NULL, NULL, 0);
	a[0] = ans(0, RV_CHOICE_AGREE, T_OPEN + 1, "k1", 7);
	a[1] = a[0];
	tally_question(&e, &q, a, 2, T_CLOSE, &r);
	CHECK_INT_EQ(r.participating.owners, 1);
	CHECK_INT_EQ(tally_standing(&e, &q, a, 2, 0, T_CLOSE, &beaten),
	    RV_STANDS);
	CHECK_INT_EQ(tally_standing(&e, &q, a, 2, 1, T_CLOSE, &beaten),
	    RV_SUPERSEDED);
	CHECK_INT_EQ(beaten, 0);
	question_clear(&q);
	estate_clear(&e);
}

/*
 * Decided early, the issue's own case: a major matter among 5 owners of
 * 12 m2 each, 1 agree and 3 disagree with one owner left, can no longer
 * pass and shows no need; 4 agree of 5 already passes; after the close
 * nothing is early and no need is shown; with nobody answered only the
 * participation need is worth showing.
 */
static void
test_early_fixed(void)
{
	struct rv_estate	 e;
	struct rv_question	 q;
	struct rv_qresult	 r;
	struct rv_answer	 a[4];
	char			 id[16];
	int			 i;

	TEST_BEGIN("decided early: fixed cases");
	estate_init(&e);
	for (i = 0; i < 5; i++) {
		snprintf(id, sizeof id, "f%d", i);
		add_flat(&e, id, "1", "1", id, 1200);
	}
	estate_index_owners(&e);
	question_init(&q, RV_APPROVE, RV_MAJOR, NULL, NULL, 0);

	tally_question(&e, &q, NULL, 0, 2000, &r);
	CHECK_INT_EQ(r.early, RV_EARLY_NONE);
	CHECK_INT_EQ(r.show_need_participation, 1);
	CHECK_INT_EQ(r.show_need_approval, 0);

	a[0] = ans(0, RV_CHOICE_AGREE, 2000, "k", 1);
	for (i = 1; i < 4; i++)
		a[i] = ans((uint32_t)i, RV_CHOICE_DISAGREE, 2000, "k",
		    (uint64_t)i + 1);
	tally_question(&e, &q, a, 4, 3000, &r);
	CHECK_INT_EQ(r.outcome, RV_OUT_OPEN);
	CHECK_INT_EQ(r.early, RV_EARLY_FAILS);
	CHECK_INT_EQ(r.show_need_participation, 0);
	CHECK_INT_EQ(r.show_need_approval, 0);
	CHECK(tally_early_name(r.early) != NULL &&
	    strcmp(tally_early_name(r.early), "fails") == 0);

	for (i = 0; i < 4; i++)
		a[i] = ans((uint32_t)i, RV_CHOICE_AGREE, 2000, "k",
		    (uint64_t)i + 1);
	tally_question(&e, &q, a, 4, 3000, &r);
	CHECK_INT_EQ(r.early, RV_EARLY_PASSES);
	CHECK_INT_EQ(r.show_need_approval, 0);
	/* 3 agree of 5: a fifth against would leave 3/5 < 3/4. */
	tally_question(&e, &q, a, 3, 3000, &r);
	CHECK_INT_EQ(r.early, RV_EARLY_NONE);
	CHECK_INT_EQ(r.participation_met, 0);	/* 3 of 5 < 2/3 */
	CHECK_INT_EQ(r.show_need_participation, 1);
	CHECK_COUNT(r.need_participation, 1, 400);
	CHECK_INT_EQ(r.show_need_approval, 0);	/* approval is met */

	tally_question(&e, &q, a, 4, T_CLOSE, &r);
	CHECK_INT_EQ(r.outcome, RV_OUT_APPROVED);
	CHECK_INT_EQ(r.early, RV_EARLY_NONE);
	CHECK(tally_early_name(r.early) == NULL);
	CHECK_INT_EQ(r.show_need_participation, 0);
	CHECK_INT_EQ(r.show_need_approval, 0);
	question_clear(&q);
	estate_clear(&e);
}

#define EARLY_OWNERS_MAX	6	/* owners of a brute-forced estate */
#define EARLY_RUNS		400

/*
 * Decided early against brute force: for small random estates, try every
 * way the owners who have not answered could still answer (or not) before
 * the close and tally each at the close.  PASSES must mean every way ends
 * approved (or the same option adopted), FAILS that no way does, NONE
 * that some ways do and some do not.
 */
static void
test_early_brute(void)
{
	struct rv_estate	 e;
	struct rv_question	 q;
	struct rv_qresult	 r, fin;
	struct rv_answer	 a[2 * EARLY_OWNERS_MAX];
	uint32_t		 first[EARLY_OWNERS_MAX], rest[EARLY_OWNERS_MAX];
	char			 id[32], owner[32];
	size_t			 nowners, nflats, na, nrest, nch, i, run;
	unsigned long		 way, ways, w;
	int			 any_pass, all_pass, adopted, same, ok;
	size_t			 seen[3] = { 0, 0, 0 };

	TEST_BEGIN("decided early: brute force");
	for (run = 0; run < EARLY_RUNS; run++) {
		estate_init(&e);
		nowners = 1 + rnd(EARLY_OWNERS_MAX);
		nflats = 0;
		for (i = 0; i < nowners; i++) {
			snprintf(owner, sizeof owner, "o%zu", i);
			snprintf(id, sizeof id, "f%zu", nflats++);
			first[i] = add_flat(&e, id, "1", "1", owner,
			    (rv_area)(100 + rnd(9000)));
			if (rnd(3) == 0) {
				snprintf(id, sizeof id, "f%zu", nflats++);
				add_flat(&e, id, "1", "1", owner,
				    (rv_area)(100 + rnd(9000)));
			}
		}
		estate_index_owners(&e);
		question_init(&q, rnd(2) ? RV_APPROVE : RV_CHOOSE_ONE,
		    rnd(2) ? RV_MAJOR : RV_ORDINARY, NULL, NULL, 2);
		nch = question_nchoices(&q);
		na = nrest = 0;
		for (i = 0; i < nowners; i++) {
			if (rnd(2)) {
				a[na] = ans(first[i], (uint32_t)rnd(nch),
				    2000, "k", na + 1);
				na++;
			} else
				rest[nrest++] = first[i];
		}
		tally_question(&e, &q, a, na, 3000, &r);
		ways = 1;
		for (i = 0; i < nrest; i++)
			ways *= nch + 1;	/* no answer, or each choice */
		any_pass = 0;
		all_pass = 1;
		same = 1;
		adopted = -2;
		for (way = 0; way < ways; way++) {
			size_t	 n = na;

			for (w = way, i = 0; i < nrest; i++, w /= nch + 1)
				if (w % (nch + 1) != 0) {
					a[n] = ans(rest[i],
					    (uint32_t)(w % (nch + 1) - 1),
					    4000, "k", n + 1);
					n++;
				}
			tally_question(&e, &q, a, n, T_CLOSE, &fin);
			if (fin.outcome == RV_OUT_APPROVED ||
			    fin.outcome == RV_OUT_ADOPTED) {
				any_pass = 1;
				if (adopted != -2 && adopted != fin.adopted)
					same = 0;
				adopted = fin.adopted;
			} else
				all_pass = 0;
		}
		ok = r.early == (all_pass && same ? RV_EARLY_PASSES :
		    !any_pass ? RV_EARLY_FAILS : RV_EARLY_NONE);
		CHECK(ok);
		seen[r.early]++;
		if (!ok)
			fprintf(stderr, "run %zu: early %d, all %d same %d "
			    "any %d\n", run, (int)r.early, all_pass, same,
			    any_pass);
		question_clear(&q);
		estate_clear(&e);
	}
	/* The runs must reach all three answers, or they prove little. */
	CHECK(seen[RV_EARLY_NONE] > 0 && seen[RV_EARLY_PASSES] > 0 &&
	    seen[RV_EARLY_FAILS] > 0);
}


/*
 * Give q, set up by question_init, the options opt0... and the scale of
 * a question that decides nothing: picks for choose-many and rank, the
 * steps min..max for rating.
 */
static void
question_kind(struct rv_question *q, enum rv_kind kind, size_t noptions,
    int min, int max)
{
	size_t	 i;

	q->kind = kind;
	q->min = min;
	q->max = max;
	if (kind == RV_RATING)
		return;
	q->options = xcalloc(noptions, sizeof *q->options);
	for (i = 0; i < noptions; i++)
		xasprintf(&q->options[i].id, "opt%zu", i);
	q->noptions = noptions;
}

/* The code of the choice text t for q; fails the test when refused. */
static uint32_t
code_of(const struct rv_question *q, const char *t)
{
	uint32_t c = 0;
	char	*cause = NULL;

	if (question_choice_encode(q, t, &c, &cause) != 0) {
		fprintf(stderr, "%s: %s\n", t, cause);
		CHECK(0);
	}
	free(cause);
	return c;
}

#define CHECK_TCOUNT(c, o, f, a) do {					\
	CHECK_INT_EQ((c).owners, (o));					\
	CHECK_INT_EQ((c).flats, (f));					\
	CHECK_INT_EQ((c).area, (a));					\
} while (0)

/*
 * The three kinds that decide nothing on one small estate: owner A with
 * two flats (changing their answer through the second), B, C and D with
 * one each, and E's flat out of scope.  Every figure worked by hand.
 */
static void
test_opinion_fixed(void)
{
	struct rv_estate	 e;
	struct rv_question	 q;
	struct rv_qresult	 r;
	struct rv_answer	 a[8];
	char			 m[RV_MEAN_TEXT];
	uint32_t		 a1, a2, b, c, d, x;

	TEST_BEGIN("choose-many, rank and rating: worked figures");
	estate_init(&e);
	a1 = add_flat(&e, "1-1-101", "1", "1", "A", 5000);
	a2 = add_flat(&e, "1-1-102", "1", "1", "A", 6000);
	b = add_flat(&e, "1-1-201", "1", "1", "B", 7000);
	c = add_flat(&e, "1-1-202", "1", "1", "C", 8000);
	d = add_flat(&e, "1-1-301", "1", "1", "D", 9000);
	x = add_flat(&e, "2-1-101", "2", "1", "E", 9900);
	estate_index_owners(&e);

	/* choose-many, at most 2 of 3 */
	question_init(&q, RV_APPROVE, RV_ORDINARY, "1", NULL, 0);
	question_kind(&q, RV_CHOOSE_MANY, 3, 0, 2);
	a[0] = ans(a1, code_of(&q, "opt0,opt2"), 2000, "k", 1);
	a[1] = ans(a2, code_of(&q, "opt1"), 3000, "k", 2);
	a[2] = ans(b, code_of(&q, "opt1,opt0"), 2000, "k", 3);
	a[3] = ans(c, code_of(&q, "abstain"), 2000, "k", 4);
	a[4] = ans(x, code_of(&q, "opt2"), 2000, "k", 5);	/* out of scope */
	a[5] = ans(d, 1u << 3, 2000, "k", 6);	/* no option 3: not counted */
	tally_question(&e, &q, a, 6, 5000, &r);
	CHECK_INT_EQ(r.outcome, RV_OUT_OPEN);
	CHECK_STR_EQ(tally_outcome_name(r.outcome), "open");
	CHECK_TCOUNT(r.opinion.eligible, 4, 5, 35000);
	CHECK_TCOUNT(r.opinion.participating, 3, 4, 26000);
	CHECK_TCOUNT(r.opinion.options[0], 1, 1, 7000);
	CHECK_TCOUNT(r.opinion.options[1], 2, 3, 18000);
	CHECK_TCOUNT(r.opinion.options[2], 0, 0, 0);
	CHECK_TCOUNT(r.opinion.none, 1, 1, 8000);
	CHECK(choices_zero_from(&r, 0));
	CHECK_INT_EQ(r.adopted, -1);
	CHECK(!r.approval_met && !r.participation_met);
	tally_question(&e, &q, a, 6, T_CLOSE, &r);
	CHECK_INT_EQ(r.outcome, RV_OUT_CLOSED);
	CHECK_STR_EQ(tally_outcome_name(r.outcome), "closed");
	/* A plan re-imported with another maximum changes the terms. */
	CHECK(question_same_terms(&q, &q));
	q.max = 3;
	CHECK(!question_same_terms(&q, &(struct rv_question){ .id = q.id,
	    .kind = q.kind, .matter = q.matter, .scope_building =
	    q.scope_building, .options = q.options, .noptions = q.noptions,
	    .max = 2 }));
	question_clear(&q);

	/* rank, 3 places: place 1 gives 3 points, place 2 2, place 3 1 */
	question_init(&q, RV_APPROVE, RV_ORDINARY, "1", NULL, 0);
	question_kind(&q, RV_RANK, 3, 0, 3);
	a[0] = ans(a1, code_of(&q, "opt2,opt0"), 2000, "k", 1);
	a[1] = ans(b, code_of(&q, "opt0,opt1,opt2"), 2000, "k", 2);
	a[2] = ans(c, code_of(&q, "opt1"), 2000, "k", 3);
	a[3] = ans(d, 2u | 2u << RV_RANK_BITS, 2000, "k", 4);	/* twice */
	tally_question(&e, &q, a, 4, 5000, &r);
	CHECK_TCOUNT(r.opinion.participating, 3, 4, 26000);
	CHECK_TCOUNT(r.opinion.options[0], 2, 3, 18000);
	CHECK_TCOUNT(r.opinion.options[1], 2, 2, 15000);
	CHECK_TCOUNT(r.opinion.options[2], 2, 3, 18000);
	CHECK_INT_EQ(r.opinion.points[0], 2 + 3);
	CHECK_INT_EQ(r.opinion.points[1], 2 + 3);
	CHECK_INT_EQ(r.opinion.points[2], 3 + 1);
	CHECK_TCOUNT(r.opinion.none, 0, 0, 0);
	question_clear(&q);

	/* rating 1..5: A 4, B 5, C none, D 4; mean 13/3 */
	question_init(&q, RV_APPROVE, RV_ORDINARY, "1", NULL, 0);
	question_kind(&q, RV_RATING, 0, 1, 5);
	a[0] = ans(a2, code_of(&q, "4"), 2000, "k", 1);
	a[1] = ans(b, code_of(&q, "5"), 2000, "k", 2);
	a[2] = ans(c, code_of(&q, "none"), 2000, "k", 3);
	a[3] = ans(d, code_of(&q, "4"), 2000, "k", 4);
	a[4] = ans(d, 6, 2500, "k", 5);		/* past the scale: ignored */
	tally_question(&e, &q, a, 5, T_CLOSE, &r);
	CHECK_INT_EQ(r.outcome, RV_OUT_CLOSED);
	CHECK_TCOUNT(r.opinion.participating, 4, 5, 35000);
	CHECK_TCOUNT(r.opinion.steps[0], 0, 0, 0);
	CHECK_TCOUNT(r.opinion.steps[3], 2, 3, 20000);
	CHECK_TCOUNT(r.opinion.steps[4], 1, 1, 7000);
	CHECK_TCOUNT(r.opinion.none, 1, 1, 8000);
	CHECK_INT_EQ(r.opinion.answers, 3);
	CHECK_INT_EQ(r.opinion.mean_num, 13);
	CHECK_INT_EQ(r.opinion.mean_den, 3);
	CHECK(tally_mean_format(&r.opinion, m, sizeof m) == 0);
	CHECK_STR_EQ(m, "4.33");
	/* nobody gave a step: no mean */
	tally_question(&e, &q, a + 2, 1, T_CLOSE, &r);
	CHECK_INT_EQ(r.opinion.mean_den, 0);
	CHECK(tally_mean_format(&r.opinion, m, sizeof m) == -1);
	question_clear(&q);
	estate_clear(&e);
}

/* The mean's decimal: half up to two places, from the exact fraction. */
static void
test_opinion_mean(void)
{
	static const struct {
		int64_t		 num, den;
		const char	*text;
	} cases[] = {
		{ 11, 3, "3.67" }, { 10, 3, "3.33" }, { 1, 8, "0.13" },
		{ 7, 2, "3.50" }, { 0, 1, "0.00" }, { 10, 1, "10.00" },
		{ 1, 200, "0.01" }, { 1, 201, "0.00" }, { 29, 8, "3.63" }
	};
	struct rv_opinion	 op;
	char			 m[RV_MEAN_TEXT];
	size_t			 i;

	TEST_BEGIN("rating mean: exact fraction, decimal half up");
	for (i = 0; i < nitems(cases); i++) {
		memset(&op, 0, sizeof op);
		op.mean_num = cases[i].num;
		op.mean_den = cases[i].den;
		CHECK(tally_mean_format(&op, m, sizeof m) == 0);
		CHECK_STR_EQ(m, cases[i].text);
	}
	CHECK(tally_mean_format(&op, m, 4) == -1);	/* "0.00" needs 5 */
}

#define OPINION_RUNS	300
#define OPINION_FLATS	12

/*
 * The opinion figures against a second computation written from the
 * rules, over random estates and answers: each answer is drawn as picks
 * (or a step), written as text, encoded by question_choice_encode, and
 * the reference counts the picks of each owner's latest answer.
 */
static void
test_opinion_random(void)
{
	struct rv_estate	 e;
	struct rv_question	 q;
	struct rv_qresult	 r;
	struct rv_answer	 a[3 * OPINION_FLATS];
	int			 picks[3 * OPINION_FLATS][RV_OPTIONS_MAX];
	int			 npicks[3 * OPINION_FLATS];
	struct rv_tcount	 opt[RV_OPTIONS_MAX], step[RV_STEPS_MAX];
	struct rv_tcount	 part, none;
	int64_t			 points[RV_OPTIONS_MAX], sum, n, flats;
	rv_area			 area;
	const struct rv_answer	*best;
	size_t			 run, i, j, k, na, nopt, o;
	char			 text[RV_CHOICE_TEXT_MAX], id[16], owner[16];
	enum rv_kind		 kind;
	int			 used[RV_OPTIONS_MAX], p, ok = 1;

	TEST_BEGIN("choose-many, rank, rating: random against a reference");
	for (run = 0; run < OPINION_RUNS && ok; run++) {
		estate_init(&e);
		for (i = 0; i < OPINION_FLATS; i++) {
			snprintf(id, sizeof id, "f%zu", i);
			snprintf(owner, sizeof owner, "o%u",
			    (unsigned)rnd(OPINION_FLATS / 2));
			add_flat(&e, id, rnd(4) ? "1" : "2", "1", owner,
			    (rv_area)(100 + rnd(9000)));
		}
		estate_index_owners(&e);
		kind = (enum rv_kind)(RV_CHOOSE_MANY + rnd(3));
		nopt = 1 + rnd(5);
		question_init(&q, RV_APPROVE, RV_ORDINARY, rnd(2) ? "1" : NULL,
		    NULL, 0);
		if (kind == RV_RATING) {
			p = (int)rnd(3);
			question_kind(&q, kind, 0, p, p + 1 + (int)rnd(6));
		} else
			question_kind(&q, kind, nopt, 0, 1 + (int)rnd(nopt));
		na = rnd(3 * OPINION_FLATS);
		for (i = 0; i < na; i++) {
			memset(used, 0, sizeof used);
			npicks[i] = 0;
			if (kind == RV_RATING) {
				/* -1 is none */
				picks[i][0] = rnd(4) == 0 ? -1 :
				    q.min + (int)rnd((size_t)(q.max - q.min +
				    1));
				if (picks[i][0] < 0)
					snprintf(text, sizeof text, "none");
				else
					snprintf(text, sizeof text, "%d",
					    picks[i][0]);
			} else {
				k = rnd((size_t)q.max + 1);
				text[0] = '\0';
				for (j = 0; j < k; j++) {
					do
						p = (int)rnd(nopt);
					while (used[p]);
					used[p] = 1;
					picks[i][npicks[i]++] = p;
					snprintf(text + strlen(text),
					    sizeof text - strlen(text), "%s%s",
					    j > 0 ? "," : "",
					    q.options[p].id);
				}
				if (k == 0)
					snprintf(text, sizeof text, "abstain");
			}
			a[i] = ans((uint32_t)rnd(OPINION_FLATS),
			    code_of(&q, text), (rv_ms)(500 + rnd(10000)),
			    rnd(2) ? "ka" : "kb", 1 + rnd(5));
		}
		tally_question(&e, &q, a, na, 7000, &r);

		memset(opt, 0, sizeof opt);
		memset(step, 0, sizeof step);
		memset(points, 0, sizeof points);
		memset(&part, 0, sizeof part);
		memset(&none, 0, sizeof none);
		sum = n = 0;
		for (o = 0; o < e.nowners; o++) {
			area = 0;
			flats = 0;
			for (i = 0; i < e.nflats; i++)
				if (e.flats[i].owner == o &&
				    ref_in_scope(&e.flats[i], &q)) {
					area += e.flats[i].area;
					flats++;
				}
			best = NULL;
			for (j = 0; j < na; j++) {
				if (e.flats[a[j].flat].owner != o ||
				    !ref_in_scope(&e.flats[a[j].flat], &q) ||
				    a[j].cast_at < q.opens ||
				    a[j].cast_at > 7000)
					continue;
				if (best == NULL ||
				    ref_answer_cmp(&a[j], best) > 0)
					best = &a[j];
			}
			if (best == NULL)
				continue;
			j = (size_t)(best - a);
#define TADD(c) do { (c).owners++; (c).flats += flats; (c).area += area; } while (0)
			TADD(part);
			if (kind == RV_RATING) {
				if (picks[j][0] < 0)
					TADD(none);
				else {
					TADD(step[picks[j][0] - q.min]);
					sum += picks[j][0];
					n++;
				}
				continue;
			}
			if (npicks[j] == 0)
				TADD(none);
			for (k = 0; k < (size_t)npicks[j]; k++) {
				TADD(opt[picks[j][k]]);
				if (kind == RV_RANK)
					points[picks[j][k]] += q.max - (int)k;
			}
#undef TADD
		}
		ok = memcmp(&part, &r.opinion.participating, sizeof part) ==
		    0 && memcmp(&none, &r.opinion.none, sizeof none) == 0 &&
		    memcmp(opt, r.opinion.options, sizeof opt) == 0 &&
		    memcmp(step, r.opinion.steps, sizeof step) == 0 &&
		    memcmp(points, r.opinion.points, sizeof points) == 0 &&
		    r.opinion.answers == n &&
		    (n == 0 ? r.opinion.mean_den == 0 :
		    r.opinion.mean_num * n == sum * r.opinion.mean_den);
		CHECK(ok);
		if (!ok)
			fprintf(stderr, "run %zu: kind %d differs\n", run,
			    (int)kind);
		question_clear(&q);
		estate_clear(&e);
	}
}

/*
 * Demand of a survey by place, worked by hand: an owner's latest answer
 * speaks for all the owner's flats, in every building they are in, with
 * those flats; abstaining takes part and asks for nothing; ties keep the
 * plan's order; rank points are Borda's, once per owner; a rating's mean
 * per building.  The estate's group is the tally's opinion.
 */
static void
test_demand(void)
{
	struct rv_estate	 e;
	struct rv_question	 q;
	struct rv_demand	 d;
	struct rv_qresult	 r;
	struct rv_answer	 v[4];
	struct rv_opinion	*g0;
	uint32_t		 f11, f12, f13, f21;

	TEST_BEGIN("demand by building and entrance");
	estate_init(&e);
	f11 = add_flat(&e, "1-1-101", "1", "1", "o1", 6000);
	f12 = add_flat(&e, "1-2-201", "1", "2", "o2", 7000);
	f13 = add_flat(&e, "1-1-102", "1", "1", "o3", 5000);
	f21 = add_flat(&e, "2-1-101", "2", "1", "o1", 4000);
	(void)add_flat(&e, "2-1-102", "2", "1", "o4", 8000);
	estate_index_owners(&e);
	question_init(&q, RV_APPROVE, RV_ORDINARY, NULL, NULL, 0);
	question_kind(&q, RV_CHOOSE_MANY, 3, 0, 2);

	v[0] = ans(f11, code_of(&q, "opt0,opt1"), 2000, "K1", 1);
	v[1] = ans(f21, code_of(&q, "opt1"), 3000, "K1", 2);	/* later */
	v[2] = ans(f12, code_of(&q, "opt0,opt2"), 2000, "K1", 3);
	v[3] = ans(f13, code_of(&q, "abstain"), 2000, "K1", 4);
	demand_compute(&e, &q, v, 4, T_CLOSE, &d);
	tally_question(&e, &q, v, 4, T_CLOSE, &r);
	g0 = &d.groups[0].opinion;
	CHECK(memcmp(g0, &r.opinion, sizeof *g0) == 0);
	CHECK_INT_EQ(d.ngroups, 6);
	CHECK(d.groups[0].building == NULL);
	CHECK_INT_EQ(g0->eligible.flats, 5);
	CHECK_INT_EQ(g0->participating.owners, 3);
	CHECK_TCOUNT(g0->options[0], 1, 1, 7000);
	CHECK_TCOUNT(g0->options[1], 1, 2, 10000);
	CHECK_TCOUNT(g0->options[2], 1, 1, 7000);
	CHECK_TCOUNT(g0->none, 1, 1, 5000);
	CHECK_INT_EQ(d.order[0], 1);
	CHECK_INT_EQ(d.order[1], 0);
	CHECK_INT_EQ(d.order[2], 2);
	/* building 1, its entrance 1, its entrance 2, building 2, 2/1 */
	CHECK_STR_EQ(d.groups[1].building, "1");
	CHECK(d.groups[1].entrance == NULL);
	CHECK_STR_EQ(d.groups[2].entrance, "1");
	CHECK_STR_EQ(d.groups[3].entrance, "2");
	CHECK_STR_EQ(d.groups[4].building, "2");
	CHECK_INT_EQ(d.groups[2].opinion.participating.owners, 2);
	CHECK_TCOUNT(d.groups[2].opinion.options[1], 1, 1, 6000);
	CHECK_TCOUNT(d.groups[2].opinion.none, 1, 1, 5000);
	CHECK_TCOUNT(d.groups[3].opinion.options[0], 1, 1, 7000);
	CHECK_TCOUNT(d.groups[5].opinion.eligible, 2, 2, 12000);
	CHECK_INT_EQ(d.groups[5].opinion.participating.owners, 1);
	CHECK_TCOUNT(d.groups[5].opinion.options[1], 1, 1, 4000);
	CHECK_TCOUNT(d.groups[5].opinion.options[0], 0, 0, 0);
	demand_clear(&d);

	/* Rank, max 2: o1 puts opt2 then opt0, o2 opt0 alone. */
	q.kind = RV_RANK;
	v[0] = ans(f11, code_of(&q, "opt2,opt0"), 2000, "K1", 1);
	v[1] = ans(f12, code_of(&q, "opt0"), 2000, "K1", 2);
	demand_compute(&e, &q, v, 2, T_CLOSE, &d);
	g0 = &d.groups[0].opinion;
	CHECK_INT_EQ(g0->points[0], 3);
	CHECK_INT_EQ(g0->points[2], 2);
	CHECK_INT_EQ(g0->points[1], 0);
	CHECK_TCOUNT(g0->options[0], 2, 3, 17000);
	CHECK_INT_EQ(d.order[0], 0);
	CHECK_INT_EQ(d.order[1], 2);
	CHECK_INT_EQ(d.order[2], 1);
	demand_clear(&d);
	question_clear(&q);

	/* Rating 1-5: building 1 gives 5 and 2, building 2 gives 4. */
	question_init(&q, RV_APPROVE, RV_ORDINARY, NULL, NULL, 0);
	question_kind(&q, RV_RATING, 0, 1, 5);
	v[0] = ans(f12, code_of(&q, "5"), 2000, "K1", 1);
	v[1] = ans(f13, code_of(&q, "2"), 2000, "K1", 2);
	v[2] = ans(f21, code_of(&q, "4"), 2000, "K1", 3);
	v[3] = ans(f11, code_of(&q, "none"), 1500, "K1", 4);	/* earlier */
	demand_compute(&e, &q, v, 4, T_CLOSE, &d);
	CHECK_INT_EQ(d.groups[0].opinion.mean_num, 11);
	CHECK_INT_EQ(d.groups[0].opinion.mean_den, 3);
	/* o1's 4 counts in building 1 too, with 1-1-101 */
	CHECK_INT_EQ(d.groups[1].opinion.mean_num, 11);
	CHECK_INT_EQ(d.groups[1].opinion.mean_den, 3);
	CHECK_TCOUNT(d.groups[1].opinion.steps[3], 1, 1, 6000);
	CHECK_INT_EQ(d.groups[4].opinion.mean_num, 4);
	CHECK_INT_EQ(d.groups[4].opinion.mean_den, 1);
	CHECK_INT_EQ(d.groups[4].opinion.answers, 1);
	demand_clear(&d);
	question_clear(&q);
	estate_clear(&e);
}

int
main(void)
{
	test_worked_example();
	test_bars();
	test_one_owner_many_flats();
	test_scope();
	test_time_window();
	test_owner_change();
	test_ordering();
	test_choose_one();
	test_empty_estate();
	test_pledge();
	test_random();
	test_standing_random();
	test_standing_duplicate();
	test_early_fixed();
	test_early_brute();
	test_opinion_fixed();
	test_opinion_mean();
	test_opinion_random();
	test_demand();
	return test_done("test-tally");
}
