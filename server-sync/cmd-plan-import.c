/*
 * plan import: add or replace plans with their questions and pledges.
 * Every file is checked, against its estate's roster too, before any is
 * stored; all files are stored in one transaction.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "office.h"
#include "store.h"

static enum rv_status cmd_plan_import_exec(struct cmd *, char **);

const struct cmd_entry cmd_plan_import_entry = {
	.name = "plan import",
	.options = "db:",
	.minargs = 1,
	.maxargs = -1,
	.usage = N_("[--db FILE] PLAN.json..."),
	.help = N_("Add or replace the plans in the given files, one plan "
	    "per estate.  Every file\nis checked first, against its "
	    "estate's roster too; any error stores none."),
	.exec = cmd_plan_import_exec,
};

struct plan_file {
	char		*src;
	size_t		 len;
	struct rv_plan	*plan;
};

/* Read, parse and check one plan file against the stored roster. */
static enum rv_status
plan_file_load(struct store *s, const char *file, struct plan_file *pf,
    char **cause)
{
	struct rv_estate *e = NULL;
	char		*why = NULL;
	enum rv_status	 st;

	if ((st = file_read(file, RV_PLAN_FILE_MAX, &pf->src, &pf->len,
	    cause)) != RV_OK ||
	    (st = plan_parse(file, pf->src, pf->len, &pf->plan,
	    cause)) != RV_OK)
		return st;
	if ((st = store_estate_load(s, pf->plan->estate_id, &e,
	    &why)) != RV_OK) {
		if (st == RV_EINPUT)
			st = rv_fail(cause, st, "%s: $.estate_id: no estate "
			    "'%s' in the roster (import the roster first)",
			    file, pf->plan->estate_id);
		else {
			*cause = why;
			why = NULL;
		}
		free(why);
		return st;
	}
	st = plan_check_roster(file, pf->plan, e, cause);
	estate_free(e);
	return st;
}

/* Check every file, then store them all or none. */
static enum rv_status
cmd_plan_import_exec(struct cmd *c, char **cause)
{
	struct store	*s = NULL;
	struct plan_file *pf;
	enum rv_status	 st;
	int		 i, j, n = c->argc;

	pf = xcalloc((size_t)n, sizeof *pf);
	/* Checks against the roster read the store: one transaction. */
	if ((st = cmd_open_store(c, &s, cause)) != RV_OK ||
	    (st = store_begin(s, cause)) != RV_OK)
		goto out;
	for (i = 0; i < n; i++) {
		if ((st = plan_file_load(s, c->argv[i], &pf[i],
		    cause)) != RV_OK)
			goto out;
		for (j = 0; j < i; j++) {
			if (strcmp(pf[j].plan->estate_id,
			    pf[i].plan->estate_id) == 0) {
				st = rv_fail(cause, RV_EINPUT, "%s: "
				    "$.estate_id: estate %s already has a "
				    "plan in %s", c->argv[i],
				    pf[i].plan->estate_id, c->argv[j]);
				goto out;
			}
		}
	}
	for (i = 0; i < n; i++) {
		if ((st = store_plan_put(s, pf[i].plan, pf[i].src, pf[i].len,
		    cause)) != RV_OK)
			goto out;
	}
	if ((st = store_commit(s, cause)) != RV_OK)
		goto out;
	for (i = 0; i < n; i++)
		printf(_("Imported the plan of %s from %s: %zu items, %zu "
		    "questions, %zu pledges\n"), pf[i].plan->estate_id,
		    c->argv[i], pf[i].plan->nitems, pf[i].plan->nquestions,
		    pf[i].plan->npledges);
out:
	for (i = 0; i < n; i++) {
		plan_free(pf[i].plan);
		free(pf[i].src);
	}
	free(pf);
	store_close(s);		/* rolls back what was not committed */
	return st;
}
