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

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "renovote.h"

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

/* Whether option i of q is wanted more than option j, by op. */
static int
demand_before(const struct rv_question *q, const struct rv_opinion *op,
    size_t i, size_t j)
{
	const struct rv_tcount	*a = &op->options[i], *b = &op->options[j];

	if (q->kind == RV_RANK && op->points[i] != op->points[j])
		return op->points[i] > op->points[j];
	if (a->owners != b->owners)
		return a->owners > b->owners;
	if (a->area != b->area)
		return a->area > b->area;
	return i < j;		/* a tie keeps the plan's order */
}

/*
 * Put the option indices of q (choose-many or rank) into order[], most
 * wanted first by op: by points for rank, then by owners, then by area,
 * then in the plan's order.
 */
void
demand_order(const struct rv_question *q, const struct rv_opinion *op,
    size_t *order)
{
	size_t	 i, k, t;

	for (i = 0; i < q->noptions; i++)
		order[i] = i;
	/* Insertion sort: at most RV_OPTIONS_MAX options. */
	for (i = 1; i < q->noptions; i++) {
		for (k = i; k > 0 && demand_before(q, op, order[k],
		    order[k - 1]); k--) {
			t = order[k];
			order[k] = order[k - 1];
			order[k - 1] = t;
		}
	}
}

/*
 * Count group g of question q: every owner with a flat in it, and the
 * owner's standing answer (best[owner], an index into answers, or none)
 * with the flats and area the owner has in g.  own[] is scratch, one
 * per owner.
 */
static void
demand_group(const struct rv_estate *e, const struct rv_question *q,
    const struct rv_answer *answers, const size_t *best,
    struct rv_tcount *own, struct rv_demand_group *g)
{
	const struct rv_flat	*f;
	struct rv_opinion	*op = &g->opinion;
	size_t			 i;

	memset(own, 0, e->nowners * sizeof *own);
	for (i = 0; i < e->nflats; i++) {
		f = &e->flats[i];
		if (!estate_flat_in_scope(f, q) || !demand_in_group(f, g))
			continue;
		own[f->owner].flats++;
		own[f->owner].area += f->area;
		op->eligible.flats++;
		op->eligible.area += f->area;
	}
	for (i = 0; i < e->nowners; i++) {
		if (own[i].flats == 0)
			continue;
		op->eligible.owners++;
		if (best[i] != SIZE_MAX)
			tally_opinion_add(q, op, answers[best[i]].choice,
			    &own[i]);
	}
	tally_opinion_mean(op);
}

/*
 * Compute what the owners said to q, a question of estate e that decides
 * nothing, over answers (as tally_question takes them) at instant at,
 * into *d, which demand_clear frees.  Assumes e's owners are indexed.
 * The groups point into e's flats: e must outlive d.
 */
void
demand_compute(const struct rv_estate *e, const struct rv_question *q,
    const struct rv_answer *answers, size_t n, rv_ms at, struct rv_demand *d)
{
	struct rv_tcount	*own;
	const struct rv_flat	*f;
	unsigned char		*stands;
	size_t			*best, i;

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
		best[i] = SIZE_MAX;
	for (i = 0; i < n; i++) {
		if (stands[i])
			best[e->flats[answers[i].flat].owner] = i;
	}
	own = xcalloc(e->nowners + 1, sizeof *own);
	for (i = 0; i < d->ngroups; i++)
		demand_group(e, q, answers, best, own, &d->groups[i]);

	demand_order(q, &d->groups[0].opinion, d->order);
	free(own);
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
