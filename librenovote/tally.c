/*
 * The consent engine: the tally of one question, or of one willingness
 * pledge, at one instant.  Pure computation over what the caller hands
 * in: no SQL, no I/O, no floating point.  The rules are those of
 * docs/consent-rules.md (PRC Civil Code art. 278; Supreme People's Court
 * interpretation on building ownership, arts. 8-9), made exact as follows.
 *
 * Units.  Areas are int64 hundredths of a square metre.  Every fraction is
 * compared by cross-multiplying integers.  The largest product is
 * 4 * RV_FLATS_MAX * RV_AREA_MAX = 8e13, far inside int64.
 *
 * Counted answers.  An answer counts for question q at instant `at' iff
 * its flat index lies inside the roster, that flat is in q's scope
 * (estate_flat_in_scope), its choice is one of q's (question_choice_valid),
 * q->opens <= cast_at <= q->closes, cast_at <= at, and cast_at is not
 * before the flat's owner_since (a confirmed change of owner: the voice
 * belongs to the owner at the time of the answer).  Other answers are
 * ignored, not refused: ingest keeps every signed record (the ledger is
 * the audit trail, and a kiosk's clock or a re-imported plan can put an
 * answer outside a window), and one stray row must not stop a whole
 * city's tally.
 *
 * Headcount.  Flats carry `owner', the index estate_index_owners gave
 * their owner id; all flats of one buyer, and all the developer's flats,
 * share one index and so count as one owner with one voice.  Of an
 * owner's counted answers, across all their in-scope flats, only the
 * latest stands: greatest cast_at, then greatest device name (strcmp, NULL
 * taken as ""), then greatest seq.  Answers equal on all three (a replayed
 * or duplicated row) are further ordered by greater flat index, then
 * greater choice, so the result never depends on the order of the input.
 *
 * Measures.  Eligible (E) owners are those holding at least one flat in
 * scope; eligible area is the sum of in-scope flat areas.  An owner whose
 * answer stands takes part with ALL their in-scope area, whichever flat
 * they answered through, and that area goes to their choice.  Area outside
 * the scope never counts.  Abstain (the last choice) is taking part.
 * P is the participating count, A the count of the choice being judged.
 *
 * Bars.
 *   participation:  E.owners > 0, 3 P.owners >= 2 E.owners and
 *                   3 P.area >= 2 E.area   (2/3, "at least")
 *   major:          P.owners > 0, 4 A.owners >= 3 P.owners and
 *                   4 A.area >= 3 P.area   (3/4, "at least")
 *   ordinary:       2 A.owners > P.owners and 2 A.area > P.area
 *                   (more than 1/2; exactly 1/2 fails)
 * For approve questions A is the agree count, approval_met is the bar,
 * adopted and leading are -1.  For choose-one questions each option is
 * judged on its own; the option adopted is the one that passes when
 * exactly one does (with disjoint choices two can never pass, but we do
 * not lean on that), else -1, and approval_met says one was adopted.
 * leading is the adopted option, else the option with most owners, then
 * most area, then lowest index; a question with no options has none (-1).
 *
 * Needed figures, so canvassers know which doors to knock on.
 *   participation:  owners ceil(2 E.owners / 3) - P.owners and area
 *                   ceil(2 E.area / 3) - P.area, each floored at 0 and each
 *                   on its own.
 *   approval:       how many more owners, and how much more area, would
 *                   have to take part AND agree (A of the agree choice or
 *                   of the leading option), everyone else unchanged.  Adding
 *                   k to both P and A, the smallest k is
 *                   major 3 P - 4 A, ordinary P - 2 A + 1, floored at 0.
 *                   With no participant at all, at least 1 owner and 1
 *                   hundredth of a m2 are needed.  Once approval is met
 *                   both are 0.
 *
 * Decided early.  While a question is open, with R the owners (and area)
 * who have not answered, E the eligible and A the judged count:
 *   passes:  participation is met now and A meets the approval bar
 *            against E (everyone in R taking part against it); for
 *            choose-one, some option does so (two never can at once).
 *   fails:   not passes, and A + R cannot meet the approval bar against
 *            E (everyone in R taking part for it); for choose-one, no
 *            option can.  Participation alone never fails early: with
 *            all of R taking part it is met.
 * This holds the answers given as given: an owner may still change an
 * answer until the close, so it is a forecast, and only the outcome at
 * the close decides.  Needed figures are worth showing only while the
 * question is open, not decided early, for a bar not met, and for
 * approval only once someone has taken part (before that the
 * participation need says all there is).
 *
 * Outcome.  Before q->closes the question is open, whatever the figures;
 * afterwards not-quorate unless participation is met, else approved or
 * rejected (approve) or adopted or no-option (choose-one).  The figures
 * are computed the same way whatever the outcome.
 *
 * Questions that decide nothing (choose-many, rank, rating).  Who counts
 * is as above: the same counted answers, the latest of each owner, all
 * the owner's area in scope; their figures go to r->opinion instead of
 * choices, bars and needs, and their outcome is open before the close
 * and closed after, never approved or rejected.  An owner counts with
 * the number of their flats in scope too.  The code of the standing
 * answer (question_choice_encode) says where the owner goes:
 *   0            none: abstain (choose-many, rank), none (rating);
 *   choose-many  every option whose bit is set;
 *   rank         every option ranked, and Borda points: place k (from 1)
 *                of max places gives its option max - k + 1 points;
 *   rating       the step; the mean is the sum of the owners' steps over
 *                the owners who gave one, kept as a fraction in lowest
 *                terms, each owner once whatever their area.
 *
 * Pledges.  A pledge is not a vote: it counts flats, not owners.  Signed
 * flats are the distinct flats (index inside the roster) with at least one
 * signature cast at or before `at'; the threshold num/den compares signed
 * flats with all the estate's flats: met iff flats > 0 and
 * signed * den >= num * flats.  The area figures are informational.
 *
 * Cost.  O(flats + answers) per call, with scratch arrays indexed by flat
 * and by owner, so a street office can tally a whole city question by
 * question.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "renovote.h"

/* What one tally keeps per owner. */
struct owner_tally {
	rv_area			 area;	/* the owner's area in scope */
	int64_t			 flats;	/* the owner's flats in scope */
	int			 eligible;	/* holds a flat in scope */
	const struct rv_answer	*best;	/* the answer that stands, or NULL */
};

/* Compare two device names; a missing name sorts as the empty one. */
static int
device_cmp(const char *a, const char *b)
{
	return strcmp(a != NULL ? a : "", b != NULL ? b : "");
}

/*
 * Does answer a stand over answer b of the same owner?  Later cast_at
 * wins, then the greater device name, then the greater seq
 * (docs/consent-rules.md, "One owner, one voice").
 * Full ties fall to flat and choice only so that the tally is independent
 * of the order the caller's query returned the rows in.
 */
static int
answer_later(const struct rv_answer *a, const struct rv_answer *b)
{
	int	 c;

	if (a->cast_at != b->cast_at)
		return a->cast_at > b->cast_at;
	if ((c = device_cmp(a->device, b->device)) != 0)
		return c > 0;
	if (a->seq != b->seq)
		return a->seq > b->seq;
	if (a->flat != b->flat)
		return a->flat > b->flat;
	return a->choice > b->choice;
}

/*
 * Does answer a count for question q at instant at?  Assumes inscope has
 * one byte per flat of e, non-zero for the flats in q's scope.
 */
static int
answer_counts(const struct rv_estate *e, const unsigned char *inscope,
    const struct rv_question *q, const struct rv_answer *a, rv_ms at)
{
	if (a->flat >= e->nflats || !inscope[a->flat])
		return 0;
	if (!question_choice_valid(q, a->choice))
		return 0;
	if (a->cast_at < q->opens || a->cast_at > q->closes)
		return 0;
	if (a->cast_at < e->flats[a->flat].owner_since)
		return 0;
	return a->cast_at <= at;
}

/* Add owners and area to a count. */
static void
count_add(struct rv_count *c, int64_t owners, rv_area area)
{
	c->owners += owners;
	c->area += area;
}

/* x, or 0 when x is negative: a need never goes below zero. */
static int64_t
floor0(int64_t x)
{
	return x < 0 ? 0 : x;
}

/*
 * The thresholds of the law, the only copy in the code: participation
 * at least 2/3, a major matter's approval at least 3/4, an ordinary
 * matter's more than 1/2.  Anything but RV_MAJOR is ordinary, as
 * question_matter_name() spells it.
 */
struct threshold {
	unsigned	 num, den;
	int		 strict;
};
static const struct threshold participation_threshold = { 2, 3, 0 };
static const struct threshold major_threshold = { 3, 4, 0 };
static const struct threshold ordinary_threshold = { 1, 2, 1 };

/* The approval threshold of matter m. */
static const struct threshold *
approval_threshold(enum rv_matter m)
{
	return m == RV_MAJOR ? &major_threshold : &ordinary_threshold;
}

/*
 * Is bar b met: base > 0 and count/base at least num/den, or more than
 * it when strict?  Cross-multiplied, so exact; see the top of this file
 * for why the products fit.
 */
int
tally_bar_met(const struct rv_bar *b)
{
	if (b->base <= 0)
		return 0;
	if (b->strict)
		return b->count * (int64_t)b->den > (int64_t)b->num * b->base;
	return b->count * (int64_t)b->den >= (int64_t)b->num * b->base;
}

/* Judge count among base against threshold t into bar *b. */
static void
bar_judge(struct rv_bar *b, int64_t count, int64_t base,
    const struct threshold *t)
{
	b->count = count;
	b->base = base;
	b->num = t->num;
	b->den = t->den;
	b->strict = t->strict;
	b->met = tally_bar_met(b);
}

/*
 * Judge count c among base against t on both measures into *bars, and
 * return whether both are met.  Every flat has a positive area, so a
 * base with owners has area and "base > 0" means the same on both.
 */
static int
bars_judge(struct rv_bars *bars, const struct rv_count *c,
    const struct rv_count *base, const struct threshold *t)
{
	bar_judge(&bars->owners, c->owners, base->owners, t);
	bar_judge(&bars->area, c->area, base->area, t);
	return bars->owners.met && bars->area.met;
}

/*
 * How many more owners, and how much more area, must take part to meet
 * the participation bar, each measure on its own.  Assumes counts >= 0,
 * as ceil_div does.
 */
static void
participation_need(const struct rv_count *e, const struct rv_count *p,
    struct rv_count *need)
{
	need->owners = floor0(ceil_div(2 * e->owners, 3) - p->owners);
	need->area = floor0(ceil_div(2 * e->area, 3) - p->area);
}

/*
 * How many more owners, and how much more area, must take part and join
 * count a for it to meet the approval bar of matter m, everyone else
 * unchanged.  Adding k to both a and p: major needs 4(a + k) >= 3(p + k),
 * i.e. k >= 3p - 4a; ordinary needs 2(a + k) > p + k, i.e. k > p - 2a.
 */
static void
approval_need(enum rv_matter m, const struct rv_count *a,
    const struct rv_count *p, struct rv_count *need)
{
	if (m == RV_MAJOR) {
		need->owners = floor0(3 * p->owners - 4 * a->owners);
		need->area = floor0(3 * p->area - 4 * a->area);
	} else {
		need->owners = floor0(p->owners - 2 * a->owners + 1);
		need->area = floor0(p->area - 2 * a->area + 1);
	}
	/* Nobody to be a share of: the major formula would say 0. */
	if (p->owners == 0) {
		if (need->owners < 1)
			need->owners = 1;
		if (need->area < 1)
			need->area = 1;
	}
}

/*
 * Does option i of a choose-one result lead option j: more owners, then
 * more area, then the lower index?
 */
static int
option_leads(const struct rv_qresult *r, size_t i, size_t j)
{
	const struct rv_count	*a = &r->choices[i], *b = &r->choices[j];

	if (a->owners != b->owners)
		return a->owners > b->owners;
	if (a->area != b->area)
		return a->area > b->area;
	return i < j;
}

/*
 * Judge a choose-one question whose counts are in r: set adopted,
 * approval_met and leading, and return the count the approval need is
 * for (all zero when there is no option to lead).
 */
static struct rv_count
judge_choose_one(const struct rv_question *q, struct rv_qresult *r)
{
	static const struct rv_count	 none;
	size_t				 i, npass = 0;

	r->adopted = -1;
	r->leading = -1;
	struct rv_bars			 bars;

	for (i = 0; i < q->noptions; i++) {
		if (bars_judge(&bars, &r->choices[i], &r->participating,
		    approval_threshold(q->matter))) {
			npass++;
			r->adopted = (int)i;
		}
		if (r->leading < 0 || option_leads(r, i, (size_t)r->leading))
			r->leading = (int)i;
	}
	if (npass != 1)
		r->adopted = -1;
	r->approval_met = r->adopted >= 0;
	if (r->adopted >= 0)
		r->leading = r->adopted;
	r->judged = r->leading;
	return r->leading >= 0 ? r->choices[r->leading] : none;
}

/*
 * Is the result of the open question q, counted in r, already certain?
 * See "Decided early" at the top of this file.
 */
static enum rv_early
early_of(const struct rv_question *q, const struct rv_qresult *r)
{
	const struct threshold	*t = approval_threshold(q->matter);
	struct rv_count		 rest, best;
	struct rv_bars		 bars;
	size_t			 i, n;
	int			 can_pass = 0;

	if (r->eligible.owners == 0)
		return RV_EARLY_NONE;
	rest.owners = r->eligible.owners - r->participating.owners;
	rest.area = r->eligible.area - r->participating.area;
	/* The choices judged: agree, or every option. */
	n = q->kind == RV_APPROVE ? 1 : q->noptions;
	for (i = 0; i < n; i++) {
		const struct rv_count *a = &r->choices[q->kind == RV_APPROVE ?
		    RV_CHOICE_AGREE : i];

		if (r->participation_met && bars_judge(&bars, a, &r->eligible,
		    t))
			return RV_EARLY_PASSES;
		best.owners = a->owners + rest.owners;
		best.area = a->area + rest.area;
		if (bars_judge(&bars, &best, &r->eligible, t))
			can_pass = 1;
	}
	return can_pass ? RV_EARLY_NONE : RV_EARLY_FAILS;
}

/* The outcome of a question from its judged figures at instant at. */
static enum rv_outcome
outcome_of(const struct rv_question *q, const struct rv_qresult *r, rv_ms at)
{
	if (at < q->closes)
		return RV_OUT_OPEN;
	if (!r->participation_met)
		return RV_OUT_NOT_QUORATE;
	if (q->kind == RV_APPROVE)
		return r->approval_met ? RV_OUT_APPROVED : RV_OUT_REJECTED;
	return r->approval_met ? RV_OUT_ADOPTED : RV_OUT_NO_OPTION;
}

/*
 * The instant after `at' at which the tally of q changes with time alone
 * (its outcome leaves "open" at the close), or 0 when none does.  The
 * answers cast after `at' are the caller's to know (they count once
 * their instant comes; see answer_counts).
 */
rv_ms
tally_question_until(const struct rv_question *q, rv_ms at)
{
	return at < q->closes ? q->closes : 0;
}

/* Add one owner, with their flats and area (in scope), to a count. */
static void
tcount_add(struct rv_tcount *c, const struct rv_tcount *o)
{
	c->owners++;
	c->flats += o->flats;
	c->area += o->area;
}

/* The greatest common divisor of two non-negative numbers, not both 0. */
static int64_t
gcd64(int64_t a, int64_t b)
{
	int64_t	 t;

	while (b != 0) {
		t = a % b;
		a = b;
		b = t;
	}
	return a;
}

/*
 * Count one owner, whose standing answer to q (which decides nothing)
 * has code, with the flats and area o->flats and o->area, into op; see
 * "Questions that decide nothing" above.  The tally counts the owner's
 * flats in scope, demand.c those in one building or entrance.  Assumes
 * question_choice_valid(q, code).
 */
void
tally_opinion_add(const struct rv_question *q, struct rv_opinion *op,
    uint32_t code, const struct rv_tcount *o)
{
	const uint32_t	 mask = (1u << RV_RANK_BITS) - 1;
	uint32_t	 k;
	int		 place;

	tcount_add(&op->participating, o);
	if (code == 0) {
		tcount_add(&op->none, o);
		return;
	}
	switch (q->kind) {
	case RV_CHOOSE_MANY:
		for (k = 0; k < q->noptions; k++)
			if ((code & (1u << k)) != 0)
				tcount_add(&op->options[k], o);
		break;
	case RV_RANK:
		for (place = 0; code != 0; place++, code >>= RV_RANK_BITS) {
			k = (code & mask) - 1;
			tcount_add(&op->options[k], o);
			op->points[k] += q->max - place;
		}
		break;
	case RV_RATING:
		tcount_add(&op->steps[code - 1], o);
		op->answers++;
		op->mean_num += q->min + (int64_t)code - 1;
		break;
	case RV_APPROVE:
	case RV_CHOOSE_ONE:
		break;
	}
}

/*
 * Write the mean of a rating, rounded half up to two places ("3.67" for
 * 11/3), into buf (len bytes); the one rounding every presentation
 * shows.  Returns -1 when nobody gave a step (no mean) or buf is short.
 */
int
tally_mean_format(const struct rv_opinion *op, char *buf, size_t len)
{
	int64_t	 h;
	int	 w;

	if (op->mean_den <= 0)
		return -1;
	/* hundredths, half up: floor((200 num + den) / (2 den)) */
	h = (200 * op->mean_num + op->mean_den) / (2 * op->mean_den);
	w = snprintf(buf, len, "%lld.%02lld", (long long)(h / 100),
	    (long long)(h % 100));
	return w < 0 || (size_t)w >= len ? -1 : 0;
}

/*
 * Count eligible owners and area, and the standing answer of every owner,
 * into r.  Assumes e has flats and owners indexed (estate_index_owners)
 * and that q has at most RV_OPTIONS_MAX options.
 */
static void
count_answers(const struct rv_estate *e, const struct rv_question *q,
    const struct rv_answer *answers, size_t nanswers, rv_ms at,
    struct rv_qresult *r)
{
	struct owner_tally	*owners, *o;
	struct rv_tcount	 oc;
	unsigned char		*inscope;
	const struct rv_flat	*f;
	const struct rv_answer	*a;
	size_t			 i;

	owners = xcalloc(e->nowners, sizeof *owners);
	inscope = xcalloc(e->nflats, 1);

	for (i = 0; i < e->nflats; i++) {
		f = &e->flats[i];
		/* Writing past owners[] would be worse than stopping. */
		if (f->owner >= e->nowners)
			fatal("tally: flat %s has owner index %u of %zu",
			    f->flat_id, (unsigned)f->owner, e->nowners);
		if (!estate_flat_in_scope(f, q))
			continue;
		inscope[i] = 1;
		o = &owners[f->owner];
		o->area += f->area;
		o->flats++;
		r->opinion.eligible.flats++;
		o->eligible = 1;
		r->eligible.area += f->area;
	}

	for (i = 0; i < nanswers; i++) {
		a = &answers[i];
		if (!answer_counts(e, inscope, q, a, at))
			continue;
		o = &owners[e->flats[a->flat].owner];
		if (o->best == NULL || answer_later(a, o->best))
			o->best = a;
	}

	for (i = 0; i < e->nowners; i++) {
		o = &owners[i];
		if (!o->eligible)
			continue;
		r->eligible.owners++;
		if (o->best == NULL)
			continue;
		count_add(&r->participating, 1, o->area);
		if (question_decides(q))
			count_add(&r->choices[o->best->choice], 1, o->area);
		else {
			oc.flats = o->flats;
			oc.area = o->area;
			tally_opinion_add(q, &r->opinion, o->best->choice, &oc);
		}
	}

	free(inscope);
	free(owners);
}

/*
 * Put the mean of a rating counted into op (tally_opinion_add) in lowest
 * terms; no mean (den 0) when nobody gave a step.
 */
void
tally_opinion_mean(struct rv_opinion *op)
{
	int64_t	 g;

	if (op->answers > 0) {
		g = gcd64(op->mean_num, op->answers);
		op->mean_num /= g;
		op->mean_den = op->answers / g;
	}
}

/*
 * Finish the tally of q, which decides nothing, once count_answers has
 * counted it into r: the eligible figures, the mean in lowest terms, and
 * the outcome, open or closed.  No bar, need or option is judged.
 */
static void
tally_opinion(const struct rv_question *q, struct rv_qresult *r, rv_ms at)
{
	struct rv_opinion	*op = &r->opinion;

	op->eligible.owners = r->eligible.owners;
	op->eligible.area = r->eligible.area;
	tally_opinion_mean(op);
	r->adopted = r->leading = r->judged = -1;
	r->outcome = at < q->closes ? RV_OUT_OPEN : RV_OUT_CLOSED;
}

/*
 * Tally question q of estate e over the answers as they stood at instant
 * at, into *r.  Answers may belong to any flats of e and come in any
 * order; those that do not count (see the top of this file) are ignored.
 * Assumes e's owners are indexed (estate_index_owners).
 */
void
tally_question(const struct rv_estate *e, const struct rv_question *q,
    const struct rv_answer *answers, size_t nanswers, rv_ms at,
    struct rv_qresult *r)
{
	struct rv_count	 judged;

	memset(r, 0, sizeof *r);
	/* choices[] has room for RV_OPTIONS_MAX options and abstain. */
	if (question_nchoices(q) > RV_OPTIONS_MAX + 1)
		fatal("tally: question %s has %zu options", q->id, q->noptions);
	if (e->nflats > 0)
		count_answers(e, q, answers, nanswers, at, r);
	if (!question_decides(q)) {
		tally_opinion(q, r, at);
		return;
	}

	r->participation_met = bars_judge(&r->participation, &r->participating,
	    &r->eligible, &participation_threshold);
	participation_need(&r->eligible, &r->participating,
	    &r->need_participation);

	if (q->kind == RV_APPROVE) {
		judged = r->choices[RV_CHOICE_AGREE];
		r->judged = RV_CHOICE_AGREE;
		r->approval_met = bars_judge(&r->approval, &judged,
		    &r->participating, approval_threshold(q->matter));
		r->adopted = -1;
		r->leading = -1;
	} else {
		judged = judge_choose_one(q, r);
		/* The bars of the adopted or leading option, as shown. */
		(void)bars_judge(&r->approval, &judged, &r->participating,
		    approval_threshold(q->matter));
	}
	r->judged_count = judged;
	if (!r->approval_met)
		approval_need(q->matter, &judged, &r->participating,
		    &r->need_approval);

	r->outcome = outcome_of(q, r, at);
	if (r->outcome == RV_OUT_OPEN) {
		r->early = early_of(q, r);
		r->show_need_participation = r->early == RV_EARLY_NONE &&
		    !r->participation_met;
		r->show_need_approval = r->early == RV_EARLY_NONE &&
		    !r->approval_met && r->participating.owners > 0;
	}
}

/*
 * Does answers[which] stand for its owner in the tally of question q of
 * estate e at instant at, and if not, why?  The same rules as
 * tally_question, in the same code: an answer that does not count is
 * GONE (flat outside the roster, choice not in the question), SCOPE,
 * WINDOW or LATER, checked in that order; of the owner's counted answers
 * the one answer_later puts last stands, and when it is another one its
 * index goes to *beaten_by.  Assumes which < n and e's owners indexed.
 */
enum rv_standing
tally_standing(const struct rv_estate *e, const struct rv_question *q,
    const struct rv_answer *answers, size_t n, size_t which, rv_ms at,
    size_t *beaten_by)
{
	const struct rv_answer	*mine = &answers[which], *a;
	unsigned char		*inscope;
	uint32_t		 owner;
	size_t			 i, best = which;
	enum rv_standing	 v = RV_STANDS;

	if (mine->flat >= e->nflats || !question_choice_valid(q, mine->choice))
		return RV_STANDING_GONE;
	if (!estate_flat_in_scope(&e->flats[mine->flat], q))
		return RV_STANDING_SCOPE;
	if (mine->cast_at < q->opens || mine->cast_at > q->closes)
		return RV_STANDING_WINDOW;
	if (mine->cast_at > at)
		return RV_STANDING_LATER;
	if (mine->cast_at < e->flats[mine->flat].owner_since)
		return RV_STANDING_OWNER;

	inscope = xcalloc(e->nflats, 1);
	for (i = 0; i < e->nflats; i++)
		inscope[i] = estate_flat_in_scope(&e->flats[i], q) != 0;
	owner = e->flats[mine->flat].owner;
	for (i = 0; i < n; i++) {
		a = &answers[i];
		if (i == which || !answer_counts(e, inscope, q, a, at) ||
		    e->flats[a->flat].owner != owner)
			continue;
		/*
		 * Rows equal on every field (a duplicate) stand as
		 * tally_question takes them: the first one in the input.
		 */
		if (answer_later(a, &answers[best]) ||
		    (i < best && !answer_later(&answers[best], a)))
			best = i;
	}
	free(inscope);
	if (best != which) {
		v = RV_SUPERSEDED;
		if (beaten_by != NULL)
			*beaten_by = best;
	}
	return v;
}

/*
 * Mark in stands[] (n bytes) each answer that stands for its owner in the
 * tally of question q of estate e at instant at: in one pass, the same
 * answers tally_question counts and tally_standing calls RV_STANDS (a
 * publication lists them all).  Assumes e's owners indexed.
 */
void
tally_standing_all(const struct rv_estate *e, const struct rv_question *q,
    const struct rv_answer *answers, size_t n, rv_ms at, unsigned char *stands)
{
	const size_t		 none = (size_t)-1;
	const struct rv_answer	*a;
	unsigned char		*inscope;
	size_t			*best, i;
	uint32_t		 o;

	memset(stands, 0, n);
	if (e->nflats == 0 || n == 0)
		return;
	inscope = xcalloc(e->nflats, 1);
	for (i = 0; i < e->nflats; i++)
		inscope[i] = estate_flat_in_scope(&e->flats[i], q) != 0;
	best = xreallocarray(NULL, e->nowners + 1, sizeof *best);
	for (i = 0; i < e->nowners; i++)
		best[i] = none;
	for (i = 0; i < n; i++) {
		a = &answers[i];
		if (!answer_counts(e, inscope, q, a, at))
			continue;
		if ((o = e->flats[a->flat].owner) >= e->nowners)
			fatal("tally: flat %s has owner index %u of %zu",
			    e->flats[a->flat].flat_id, (unsigned)o, e->nowners);
		/* Of rows equal on every field the first one stands. */
		if (best[o] == none || answer_later(a, &answers[best[o]]))
			best[o] = i;
	}
	for (i = 0; i < e->nowners; i++) {
		if (best[i] != none)
			stands[best[i]] = 1;
	}
	free(best);
	free(inscope);
}

/*
 * Tally pledge p of estate e over the signatures as they stood at instant
 * at, into *r.  The caller passes the signatures of this pledge only (a
 * signature does not name its pledge).  A flat signing twice counts once;
 * signatures for flats outside the roster are ignored.
 */
void
tally_pledge(const struct rv_estate *e, const struct rv_pledge *p,
    const struct rv_signature *sigs, size_t nsigs, rv_ms at,
    struct rv_presult *r)
{
	unsigned char	*signed_flat;
	size_t		 i;

	memset(r, 0, sizeof *r);
	r->flats = (int64_t)e->nflats;
	for (i = 0; i < e->nflats; i++)
		r->area += e->flats[i].area;

	if (e->nflats > 0) {
		signed_flat = xcalloc(e->nflats, 1);
		for (i = 0; i < nsigs; i++) {
			if (sigs[i].flat < e->nflats && sigs[i].cast_at <= at)
				signed_flat[sigs[i].flat] = 1;
		}
		for (i = 0; i < e->nflats; i++) {
			if (!signed_flat[i])
				continue;
			r->signed_flats++;
			r->signed_area += e->flats[i].area;
		}
		free(signed_flat);
	}

	r->bar.count = r->signed_flats;
	r->bar.base = r->flats;
	r->bar.num = p->threshold_num;
	r->bar.den = p->threshold_den;
	r->bar.strict = 0;
	r->met = r->bar.met = tally_bar_met(&r->bar);
}

/* The status word of tally JSON for an outcome. */
const char *
tally_outcome_name(enum rv_outcome o)
{
	switch (o) {
	case RV_OUT_OPEN:
		return "open";
	case RV_OUT_NOT_QUORATE:
		return "not-quorate";
	case RV_OUT_APPROVED:
		return "approved";
	case RV_OUT_REJECTED:
		return "rejected";
	case RV_OUT_ADOPTED:
		return "adopted";
	case RV_OUT_NO_OPTION:
		return "no-option";
	case RV_OUT_CLOSED:
		return "closed";
	}
	return "open";
}

/*
 * The "decided_early" word of tally JSON: "passes" or "fails", or NULL
 * (JSON null) when nothing is decided early.
 */
const char *
tally_early_name(enum rv_early e)
{
	switch (e) {
	case RV_EARLY_PASSES:
		return "passes";
	case RV_EARLY_FAILS:
		return "fails";
	case RV_EARLY_NONE:
		break;
	}
	return NULL;
}
