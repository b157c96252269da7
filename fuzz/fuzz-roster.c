/*
 * libFuzzer harness: the roster CSV (roster_parse, and csv.c beneath it).
 *
 * A roster is what a street office exports from a spreadsheet, so every
 * byte is untrusted.  On success the estates must hold what roster.c
 * promises: flats in flat_id order, valid ids, positive bounded areas,
 * owners numbered below nowners.  A broken promise aborts.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "renovote.h"

#define FUZZ_INPUT_MAX	(1024 * 1024)

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_estate(const struct rv_estate *e)
{
	const struct rv_flat	*f;
	size_t			 i;

	if (!id_valid(e->id) || e->name == NULL || e->nflats == 0 ||
	    e->nowners == 0 || e->nowners > e->nflats)
		abort();
	/* The other languages' names: none, or a non-empty one. */
	if ((e->name_zh_tw != NULL && *e->name_zh_tw == '\0') ||
	    (e->name_en != NULL && *e->name_en == '\0'))
		abort();
	/* Street and community likewise. */
	if ((e->street != NULL && *e->street == '\0') ||
	    (e->community != NULL && *e->community == '\0'))
		abort();
	for (i = 0; i < e->nflats; i++) {
		f = &e->flats[i];
		if (!id_valid(f->flat_id) || !id_valid(f->building) ||
		    !id_valid(f->entrance) || !id_valid(f->room) ||
		    !id_valid(f->owner_id))
			abort();
		if (f->area <= 0 || f->area > RV_AREA_MAX)
			abort();
		if (f->owner >= e->nowners)
			abort();
		if (i > 0 && strcmp(e->flats[i - 1].flat_id, f->flat_id) >= 0)
			abort();
		if (estate_find_flat(e, f->flat_id) != f)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rv_estate	*es = NULL;
	size_t			 n = 0, i;
	char			*cause = NULL;

	if (size > FUZZ_INPUT_MAX)
		return 0;
	if (roster_parse("f.csv", (const char *)data, size, &es, &n,
	    &cause) == RV_OK) {
		if (es == NULL || n == 0 || cause != NULL)
			abort();
		for (i = 0; i < n; i++)
			check_estate(&es[i]);
		estates_free(es, n);
	} else if (es != NULL || n != 0 || cause == NULL)
		abort();
	free(cause);
	return 0;
}
