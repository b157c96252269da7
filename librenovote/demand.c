/*
 * Demand: what the owners of an estate asked for in a needs survey
 * (征求意见, "缺什么、补什么"), per option of a choose-many or rank
 * question, for the whole estate and for each building and entrance.
 *
 * Who counts is decided by tally.c alone (tally_standing_all: the latest
 * answer of each owner across their flats, inside scope and window).  An
 * owner's standing answer then speaks for every flat the owner has in
 * the question's scope, as it does in the tally: a group (the estate, a
 * building, an entrance) counts the owner once if one of those flats is
 * in it, and each of them that is in it with its area.  A rank answer
 * gives its first place max points, its second max - 1, and so on
 * (Borda), once per owner.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "renovote.h"

/*
 * The options answer code picks, as option indices in picks[] (in order
 * of preference for rank), and their number.  Codes tally.c let stand
 * are valid; a stray place outside the options is skipped all the same.
 */
static size_t
demand_picks(const struct rv_question *q, uint32_t code, size_t *picks)
{
	size_t		 n = 0, i;
	uint32_t	 o;

	if (q->kind == RV_CHOOSE_MANY) {
		for (i = 0; i < q->noptions && i < 32; i++) {
			if (code & (uint32_t)1 << i)
				picks[n++] = i;
		}
		return n;
	}
	for (i = 0; i < RV_RANK_PLACES_MAX; i++) {
		o = (code >> (RV_RANK_BITS * i)) & ((1u << RV_RANK_BITS) - 1);
		if (o == 0)
			break;
		if (o <= q->noptions)
			picks[n++] = o - 1;
	}
	return n;
}

/* Whether flat f belongs to group g (the estate, a building, an entrance). */
static int
demand_in_group(const struct rv_flat *f, const struct rv_demand_group *g)
{
	if (g->building == NULL)
		return 1;
	if (strcmp(f->building, g->building) != 0)
		return 0;
	return g->entrance == NULL || strcmp(f->entrance, g->entrance) == 0;
}

/*
 * Add group (building, entrance) to d unless it is there.  Groups come
 * in roster order: the estate, then each building followed by its
 * entrances.
 */
static void
demand_add_group(struct rv_demand *d, const char *building,
    const char *entrance)
{
	struct rv_demand_group	*g;
	size_t			 i;

	for (i = 0; i < d->ngroups; i++) {
		g = &d->groups[i];
		if (g->building != NULL && strcmp(g->building, building) == 0 &&
		    (entrance == NULL ? g->entrance == NULL :
		    g->entrance != NULL && strcmp(g->entrance, entrance) == 0))
			return;
	}
	d->groups = xreallocarray(d->groups, d->ngroups + 1,
	    sizeof *d->groups);
	g = &d->groups[d->ngroups++];
	memset(g, 0, sizeof *g);
	g->building = building;
	g->entrance = entrance;
}

/* Whether option i is wanted more than option j in the whole estate. */
static int
demand_before(const struct rv_demand *d, size_t i, size_t j)
{
	const struct rv_demand_count	*a = &d->groups[0].options[i];
	const struct rv_demand_count	*b = &d->groups[0].options[j];

	if (d->question->kind == RV_RANK && a->points != b->points)
		return a->points > b->points;
	if (a->owners != b->owners)
		return a->owners > b->owners;
	if (a->area != b->area)
		return a->area > b->area;
	return i < j;		/* a tie keeps the plan's order */
}

/*
 * Compute the demand for choose-many or rank question q of estate e over
 * answers (as tally_question takes them) at instant at, into *d, which
 * demand_clear frees.  Assumes e's owners are indexed and q is of one
 * of those kinds.  The groups point into e's flats: e must outlive d.
 */
void
demand_compute(const struct rv_estate *e, const struct rv_question *q,
    const struct rv_answer *answers, size_t n, rv_ms at, struct rv_demand *d)
{
	const size_t		 none = (size_t)-1;
	struct rv_demand_group	*g;
	struct rv_demand_count	*c;
	const struct rv_flat	*f;
	unsigned char		*stands, *seen;
	size_t			*best, picks[RV_OPTIONS_MAX], npicks, gi, i, k;
	uint32_t		 code;

	memset(d, 0, sizeof *d);
	d->question = q;
	d->groups = xcalloc(1, sizeof *d->groups);
	d->ngroups = 1;
	for (i = 0; i < e->nflats; i++) {
		f = &e->flats[i];
		if (!estate_flat_in_scope(f, q))
			continue;
		demand_add_group(d, f->building, NULL);
		if (f->entrance != NULL && f->entrance[0] != '\0')
			demand_add_group(d, f->building, f->entrance);
	}

	stands = xcalloc(n + 1, 1);
	tally_standing_all(e, q, answers, n, at, stands);
	best = xreallocarray(NULL, e->nowners + 1, sizeof *best);
	for (i = 0; i < e->nowners; i++)
		best[i] = none;
	for (i = 0; i < n; i++) {
		if (stands[i])
			best[e->flats[answers[i].flat].owner] = i;
	}

	/* One pass over the flats per group: seen[] counts owners once. */
	seen = xcalloc(e->nowners + 1, 1);
	for (gi = 0; gi < d->ngroups; gi++) {
		g = &d->groups[gi];
		memset(seen, 0, e->nowners + 1);
		for (i = 0; i < e->nflats; i++) {
			f = &e->flats[i];
			if (!estate_flat_in_scope(f, q) ||
			    !demand_in_group(f, g))
				continue;
			g->flats++;
			if (best[f->owner] == none)
				continue;
			code = answers[best[f->owner]].choice;
			npicks = demand_picks(q, code, picks);
			if (npicks == 0) {
				/* abstain: took part, asked for nothing */
				g->abstain.flats++;
				g->abstain.area += f->area;
				g->abstain.owners += !seen[f->owner];
			}
			for (k = 0; k < npicks; k++) {
				c = &g->options[picks[k]];
				c->flats++;
				c->area += f->area;
				if (!seen[f->owner]) {
					c->owners++;
					if (q->kind == RV_RANK)
						c->points += q->max -
						    (int64_t)k;
				}
			}
			if (!seen[f->owner])
				g->answered++;
			seen[f->owner] = 1;
		}
	}

	for (i = 0; i < q->noptions; i++)
		d->order[i] = i;
	/* Insertion sort: at most RV_OPTIONS_MAX options. */
	for (i = 1; i < q->noptions; i++) {
		for (k = i; k > 0 && demand_before(d, d->order[k],
		    d->order[k - 1]); k--) {
			gi = d->order[k];
			d->order[k] = d->order[k - 1];
			d->order[k - 1] = gi;
		}
	}
	free(seen);
	free(best);
	free(stands);
}

/* Free what demand_compute allocated in d. */
void
demand_clear(struct rv_demand *d)
{
	free(d->groups);
	memset(d, 0, sizeof *d);
}
