/*
 * Estates and their flats: owner indexing (the headcount rule of the
 * Supreme People's Court interpretation, arts. 8-9) and scopes.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "renovote.h"

struct owner_ref {
	const char	*id;
	size_t		 flat;
};

/* Order owner references by owner id, then flat position. */
static int
owner_ref_cmp(const void *a, const void *b)
{
	const struct owner_ref	*x = a, *y = b;
	int			 c = strcmp(x->id, y->id);

	if (c != 0)
		return c;
	return x->flat < y->flat ? -1 : x->flat > y->flat;
}

/*
 * Number the distinct owner ids of the estate 0..nowners-1 and store each
 * flat's number in flat->owner.  All flats of one buyer, and all flats
 * the developer still holds (owner id "developer"), share one number: they
 * count as one owner.  Numbers follow owner-id order, so they are stable
 * for a given roster.
 */
void
estate_index_owners(struct rv_estate *e)
{
	struct owner_ref	*refs;
	size_t			 i, n = 0;

	e->nowners = 0;
	if (e->nflats == 0)
		return;
	refs = xcalloc(e->nflats, sizeof *refs);
	for (i = 0; i < e->nflats; i++) {
		refs[i].id = e->flats[i].owner_id;
		refs[i].flat = i;
	}
	qsort(refs, e->nflats, sizeof *refs, owner_ref_cmp);
	for (i = 0; i < e->nflats; i++) {
		if (i > 0 && strcmp(refs[i].id, refs[i - 1].id) != 0)
			n++;
		e->flats[refs[i].flat].owner = (uint32_t)n;
	}
	e->nowners = n + 1;
	free(refs);
}

/* Position of the flat with this id, or -1.  Flats are in flat_id order. */
ssize_t
estate_flat_index(const struct rv_estate *e, const char *flat_id)
{
	size_t	 lo = 0, hi = e->nflats, mid;
	int	 c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(flat_id, e->flats[mid].flat_id);
		if (c == 0)
			return (ssize_t)mid;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

/* The flat with this id, or NULL. */
struct rv_flat *
estate_find_flat(const struct rv_estate *e, const char *flat_id)
{
	ssize_t	 i = estate_flat_index(e, flat_id);

	return i < 0 ? NULL : &e->flats[i];
}

/* Order flats by flat id, as estate_flat_index expects. */
static int
flat_cmp(const void *a, const void *b)
{
	return strcmp(((const struct rv_flat *)a)->flat_id,
	    ((const struct rv_flat *)b)->flat_id);
}

/* Sort the estate's flats by id and number its owners. */
void
estate_prepare(struct rv_estate *e)
{
	if (e->nflats > 1)
		qsort(e->flats, e->nflats, sizeof *e->flats, flat_cmp);
	estate_index_owners(e);
}

/* Is the flat inside the question's scope (estate, building, entrance)? */
int
estate_flat_in_scope(const struct rv_flat *f, const struct rv_question *q)
{
	if (q->scope_building != NULL &&
	    strcmp(f->building, q->scope_building) != 0)
		return 0;
	if (q->scope_entrance != NULL &&
	    strcmp(f->entrance, q->scope_entrance) != 0)
		return 0;
	return 1;
}

/*
 * Free what an estate owns and zero it, not the estate itself (an
 * element of an array, a struct on the caller's stack).
 */
void
estate_clear(struct rv_estate *e)
{
	size_t	 i;

	for (i = 0; i < e->nflats; i++) {
		struct rv_flat *f = &e->flats[i];
		free(f->flat_id);
		free(f->building);
		free(f->entrance);
		free(f->room);
		free(f->owner_id);
		free(f->owner_name);
		free(f->area_source);
	}
	free(e->flats);
	free(e->id);
	free(e->name);
	free(e->name_zh_tw);
	free(e->name_en);
	free(e->street);
	free(e->community);
	memset(e, 0, sizeof *e);
}

/*
 * The estate's name for a reader of locale loc: the roster's name in
 * that locale, else as text_get falls back (zh_TW: the zh_CN name in
 * traditional characters; English: the zh_CN name).  Lives as long as e.
 */
const char *
estate_name(const struct rv_estate *e, enum rv_locale loc)
{
	struct rv_text	 t;

	memset(&t, 0, sizeof t);
	t.loc[RV_ZH_CN] = e->name;
	t.loc[RV_ZH_TW] = e->name_zh_tw;
	t.loc[RV_EN] = e->name_en;
	return text_get(&t, loc);
}

/* Free an allocated estate and what it owns.  NULL-safe. */
void
estate_free(struct rv_estate *e)
{
	if (e == NULL)
		return;
	estate_clear(e);
	free(e);
}

/* Free an array of n estates and the array. */
void
estates_free(struct rv_estate *es, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		estate_clear(&es[i]);
	free(es);
}
