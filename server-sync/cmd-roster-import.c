/*
 * roster import: add or replace the flats of every estate named in a
 * roster file, all or nothing.
 *
 * Once an estate has answers (kiosk or paper) or pledge signatures, its
 * roster is evidence: an import that removes one of its flats, changes a
 * flat's area or owner, or moves a flat to another estate is printed
 * change by change and refused unless --confirm-changes (with --clerk) is
 * given, and so is a new estate whose name or flats repeat those of an
 * estate with answers (a typo in estate_id).  A confirmed change becomes
 * a signed record of type roster in the office's own chain, which the
 * pages, the notice and the tally read (docs/consent-rules.md).
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "office.h"
#include "store.h"
#include "ledger.h"

#define ROSTER_FILE_MAX	(512 * 1024 * 1024)
#define ROSTER_AREA_MAX	32	/* bytes of a formatted area */

static enum rv_status cmd_roster_import_exec(struct cmd *, char **);

const struct cmd_entry cmd_roster_import_entry = {
	.name = "roster import",
	.options = "db:,confirm-changes,clerk:",
	.minargs = 1,
	.maxargs = 1,
	.usage = N_("[--db FILE] [--confirm-changes --clerk NAME] ROSTER.csv"),
	.help = N_("Add or replace the flats of every estate named in "
	    "ROSTER.csv.  The whole file is\nchecked first; any error "
	    "leaves the database as it was.  Once an estate has\nanswers, "
	    "removing a flat, changing an area or an owner, moving a flat "
	    "to\nanother estate, or a new estate repeating its name or "
	    "flats is printed and\nrefused unless --confirm-changes is given; "
	    "the clerk's confirmation is then\na signed record in the "
	    "office's chain."),
	.exec = cmd_roster_import_exec,
};

/* One change of the roster found by roster_diff. */
struct change {
	char	*estate_id;
	char	*flat_id;	/* NULL: the estate itself */
	char	*field;
	char	*before;	/* NULL: none */
	char	*after;		/* NULL: none */
};

/* The changes of one import. */
struct changes {
	struct change	*v;
	size_t		 n;
};

/* Add one change; every string is copied (NULLs stay NULL). */
static void
changes_add(struct changes *cs, const char *estate_id, const char *flat_id,
    const char *field, const char *before, const char *after)
{
	struct change	*c;

	cs->v = xreallocarray(cs->v, cs->n + 1, sizeof *cs->v);
	c = &cs->v[cs->n++];
	c->estate_id = xstrdup(estate_id);
	c->flat_id = flat_id != NULL ? xstrdup(flat_id) : NULL;
	c->field = xstrdup(field);
	c->before = before != NULL ? xstrdup(before) : NULL;
	c->after = after != NULL ? xstrdup(after) : NULL;
}

/* Free every change. */
static void
changes_free(struct changes *cs)
{
	size_t	 i;

	for (i = 0; i < cs->n; i++) {
		free(cs->v[i].estate_id);
		free(cs->v[i].flat_id);
		free(cs->v[i].field);
		free(cs->v[i].before);
		free(cs->v[i].after);
	}
	free(cs->v);
	memset(cs, 0, sizeof *cs);
}

/*
 * A new roster must still hold every building and entrance the estate's
 * stored plan asks questions of.
 */
static enum rv_status
roster_check_plan(struct store *s, const char *file,
    const struct rv_estate *e, char **cause)
{
	struct rv_plan	*plan = NULL;
	char		*why = NULL;
	enum rv_status	 st;

	if ((st = store_plan_load(s, e->id, &plan, cause)) != RV_OK ||
	    plan == NULL)
		return st;
	if ((st = plan_check_roster("stored plan", plan, e, &why)) != RV_OK) {
		st = rv_fail(cause, RV_EINPUT, "%s: estate %s: the roster "
		    "no longer fits the estate's plan (%s)", file, e->id, why);
		free(why);
	}
	plan_free(plan);
	return st;
}

/* Does estate id have answers, ballots or pledge signatures? */
static enum rv_status
roster_has_answers(struct store *s, const char *id, int *yes, char **cause)
{
	struct store_activity	 act;
	enum rv_status		 st;

	if ((st = store_estate_activity(s, id, &act, cause)) == RV_OK)
		*yes = act.answers > 0 || act.signatures > 0;
	return st;
}

/* The stored estate id, or NULL in *e when there is none. */
static enum rv_status
roster_load_old(struct store *s, const char *id, struct rv_estate **e,
    char **cause)
{
	enum rv_status	 st;

	*e = NULL;
	if ((st = store_estate_load(s, id, e, cause)) == RV_EINPUT) {
		free(*cause);
		*cause = NULL;
		*e = NULL;
		return RV_OK;
	}
	return st;
}

/*
 * Which other estate of the file (es, n) holds flat f with the same
 * owner: a flat moved there.  NULL when none does.
 */
static const struct rv_estate *
roster_moved_to(const struct rv_estate *es, size_t n, const char *from,
    const struct rv_flat *f)
{
	const struct rv_flat	*g;
	size_t			 i;

	for (i = 0; i < n; i++) {
		if (strcmp(es[i].id, from) == 0)
			continue;
		if ((g = estate_find_flat(&es[i], f->flat_id)) != NULL &&
		    strcmp(g->owner_id, f->owner_id) == 0)
			return &es[i];
	}
	return NULL;
}

/*
 * The changes that importing e makes to old, an estate with answers:
 * flats removed (or moved to another estate of the file), areas and
 * owners changed.  Both have their flats in id order.
 */
static void
roster_diff(const struct rv_estate *old, const struct rv_estate *e,
    const struct rv_estate *es, size_t n, struct changes *cs)
{
	const struct rv_flat	*f, *g;
	const struct rv_estate	*to;
	char			 a[ROSTER_AREA_MAX], b[ROSTER_AREA_MAX];
	size_t			 i;

	for (i = 0; i < old->nflats; i++) {
		f = &old->flats[i];
		if ((g = estate_find_flat(e, f->flat_id)) == NULL) {
			if ((to = roster_moved_to(es, n, e->id, f)) != NULL)
				changes_add(cs, old->id, f->flat_id,
				    "estate_id", old->id, to->id);
			else
				changes_add(cs, old->id, f->flat_id, "flat",
				    f->flat_id, NULL);
			continue;
		}
		if (f->area != g->area) {
			area_format(f->area, a, sizeof a);
			area_format(g->area, b, sizeof b);
			changes_add(cs, old->id, f->flat_id, "area_m2", a, b);
		}
		if (strcmp(f->owner_id, g->owner_id) != 0)
			changes_add(cs, old->id, f->flat_id, "owner_id",
			    f->owner_id, g->owner_id);
	}
}

/*
 * A new estate e whose name, or one of whose flats (same flat id and
 * owner), repeats an estate that has answers: most likely a typo in
 * estate_id.  One change names the estate it repeats.
 */
static enum rv_status
roster_new_repeats(struct store *s, const struct rv_estate *e,
    struct changes *cs, char **cause)
{
	struct rv_estate	*other = NULL;
	const struct rv_flat	*g;
	char			*named = NULL, **ids = NULL;
	size_t			 nids = 0, i, j;
	enum rv_status		 st;
	int			 yes;

	if ((st = store_estate_named(s, e->name, e->id, &named,
	    cause)) != RV_OK)
		return st;
	if (named != NULL) {
		if ((st = roster_has_answers(s, named, &yes, cause)) != RV_OK)
			goto out;
		if (yes) {
			changes_add(cs, e->id, NULL, "estate_name", named,
			    e->id);
			goto out;
		}
	}
	if ((st = store_estate_ids(s, &ids, &nids, cause)) != RV_OK)
		goto out;
	for (i = 0; i < nids; i++) {
		if ((st = roster_has_answers(s, ids[i], &yes, cause)) != RV_OK)
			goto out;
		if (!yes)
			continue;
		if ((st = store_estate_load(s, ids[i], &other, cause)) != RV_OK)
			goto out;
		for (j = 0; j < e->nflats; j++) {
			g = estate_find_flat(other, e->flats[j].flat_id);
			if (g != NULL &&
			    strcmp(g->owner_id, e->flats[j].owner_id) == 0)
				break;
		}
		estate_free(other);
		other = NULL;
		if (j < e->nflats) {
			changes_add(cs, e->id, NULL, "estate_flats", ids[i],
			    e->id);
			break;
		}
	}
out:
	free(named);
	strv_free(ids, nids);
	return st;
}

/* Print one change: "ESTATE FLAT: FIELD: OLD -> NEW". */
static void
roster_print_change(const struct change *c)
{
	printf("%s %s: %s: %s \u2192 %s\n", c->estate_id,
	    c->flat_id != NULL ? c->flat_id : "-", c->field,
	    c->before != NULL ? c->before : _("(none)"),
	    c->after != NULL ? c->after : _("(removed)"));
}

/*
 * Append one signed roster record per change to the office chain, under
 * the clerk's name, and sign the new head.  Inside the caller's
 * transaction.
 */
static enum rv_status
roster_record(struct store *s, const struct cmd *c, const char *clerk,
    const struct changes *cs, char **cause)
{
	struct rv_record	*recs;
	rv_ms			 now = time_now();
	size_t			 i;
	enum rv_status		 st;

	/* The records only point to the changes' strings. */
	recs = xcalloc(cs->n > 0 ? cs->n : 1, sizeof *recs);
	for (i = 0; i < cs->n; i++) {
		recs[i].type = RV_REC_ROSTER;
		recs[i].device = (char *)OFFICE_DEVICE;
		recs[i].time = now;
		recs[i].estate_id = cs->v[i].estate_id;
		recs[i].flat_id = cs->v[i].flat_id;
		recs[i].subject_id = cs->v[i].field;
		recs[i].before = cs->v[i].before;
		recs[i].after = cs->v[i].after;
		recs[i].actor = (char *)clerk;
	}
	st = office_chain_append(s, c, recs, cs->n, cause);
	free(recs);
	return st;
}

/* Parse and check the whole file, then store every estate in one go. */
static enum rv_status
cmd_roster_import_exec(struct cmd *c, char **cause)
{
	struct store	*s = NULL;
	struct rv_estate *es = NULL, *old;
	struct changes	 cs = { NULL, 0 };
	const char	*file = c->argv[0], *clerk = cmd_get(c, "clerk");
	char		*buf = NULL;
	size_t		 len, n = 0, i, flats = 0;
	int		 confirm = cmd_has(c, "confirm-changes"), yes;
	enum rv_status	 st;

	if (confirm && clerk == NULL)
		return rv_fail(cause, RV_EUSAGE, "--confirm-changes needs "
		    "--clerk NAME: who confirms the changes");
	if (clerk != NULL && (*clerk == '\0' || strlen(clerk) > RV_NAME_MAX ||
	    !utf8_valid(clerk, strlen(clerk))))
		return rv_fail(cause, RV_EUSAGE, "--clerk: empty, too long or "
		    "not UTF-8");
	if ((st = file_read(file, ROSTER_FILE_MAX, &buf, &len,
	    cause)) != RV_OK ||
	    (st = roster_parse(file, buf, len, &es, &n, cause)) != RV_OK ||
	    (st = cmd_open_store(c, &s, cause)) != RV_OK)
		goto out;
	/* The checks read the store: they belong in the transaction. */
	if ((st = store_begin(s, cause)) != RV_OK)
		goto out;
	for (i = 0; i < n; i++) {
		if ((st = roster_check_plan(s, file, &es[i], cause)) != RV_OK ||
		    (st = roster_load_old(s, es[i].id, &old, cause)) != RV_OK)
			goto fail;
		if (old == NULL)
			st = roster_new_repeats(s, &es[i], &cs, cause);
		else if ((st = roster_has_answers(s, es[i].id, &yes,
		    cause)) == RV_OK && yes)
			roster_diff(old, &es[i], es, n, &cs);
		estate_free(old);
		if (st != RV_OK)
			goto fail;
	}
	for (i = 0; i < cs.n; i++)
		roster_print_change(&cs.v[i]);
	if (cs.n > 0 && !confirm) {
		st = rv_fail(cause, RV_EINPUT, P_("%s: %zu change to estates "
		    "that have answers (listed above); nothing imported.  "
		    "Check them, then run again with --confirm-changes "
		    "--clerk NAME", "%s: %zu changes to estates that have "
		    "answers (listed above); nothing imported.  Check them, "
		    "then run again with --confirm-changes --clerk NAME",
		    cs.n), file, cs.n);
		goto fail;
	}
	if (cs.n > 0 && (st = roster_record(s, c, clerk, &cs, cause)) != RV_OK)
		goto fail;
	for (i = 0; i < n; i++) {
		if ((st = store_roster_put(s, &es[i], cause)) != RV_OK)
			goto fail;
		flats += es[i].nflats;
	}
	if ((st = store_commit(s, cause)) != RV_OK)
		goto out;
	printf(_("Imported %zu flats of %zu estates from %s\n"), flats, n,
	    file);
	if (cs.n > 0)
		printf(_("Recorded %zu roster changes confirmed by %s\n"),
		    cs.n, clerk);
	goto out;
fail:
	store_rollback(s);
out:
	changes_free(&cs);
	store_close(s);
	if (es != NULL)
		estates_free(es, n);
	free(buf);
	return st;
}
