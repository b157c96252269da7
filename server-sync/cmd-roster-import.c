/*
 * roster import: add or replace the flats of every estate named in a
 * roster file, all or nothing.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "office.h"
#include "store.h"

#define ROSTER_FILE_MAX	(512 * 1024 * 1024)

static enum rv_status cmd_roster_import_exec(struct cmd *, char **);

const struct cmd_entry cmd_roster_import_entry = {
	.name = "roster import",
	.options = "db:",
	.minargs = 1,
	.maxargs = 1,
	.usage = N_("[--db FILE] ROSTER.csv"),
	.help = N_("Add or replace the flats of every estate named in "
	    "ROSTER.csv.  The whole file is\nchecked first; any error "
	    "leaves the database as it was."),
	.exec = cmd_roster_import_exec,
};

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

/* Parse and check the whole file, then store every estate in one go. */
static enum rv_status
cmd_roster_import_exec(struct cmd *c, char **cause)
{
	struct store	*s = NULL;
	struct rv_estate *es = NULL;
	const char	*file = c->argv[0];
	char		*buf = NULL;
	size_t		 len, n = 0, i, flats = 0;
	enum rv_status	 st;

	if ((st = file_read(file, ROSTER_FILE_MAX, &buf, &len,
	    cause)) != RV_OK ||
	    (st = roster_parse(file, buf, len, &es, &n, cause)) != RV_OK ||
	    (st = cmd_open_store(c, &s, cause)) != RV_OK)
		goto out;
	/* The plan check reads the store: it belongs in the transaction. */
	if ((st = store_begin(s, cause)) != RV_OK)
		goto out;
	for (i = 0; i < n; i++) {
		if ((st = roster_check_plan(s, file, &es[i], cause)) != RV_OK ||
		    (st = store_roster_put(s, &es[i], cause)) != RV_OK) {
			store_rollback(s);
			goto out;
		}
		flats += es[i].nflats;
	}
	if ((st = store_commit(s, cause)) != RV_OK)
		goto out;
	printf(_("Imported %zu flats of %zu estates from %s\n"), flats, n,
	    file);
out:
	store_close(s);
	if (es != NULL)
		estates_free(es, n);
	free(buf);
	return st;
}
