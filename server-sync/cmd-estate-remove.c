/*
 * estate remove: take an estate that should never have been imported (a
 * typo in estate_id, say) out of the office database, with its flats,
 * plan, voting codes and packages, in one transaction.  Refused once the
 * estate is evidence: answers, paper ballots, pledge signatures,
 * publications or confirmed roster changes name it.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "office.h"
#include "store.h"

static enum rv_status cmd_estate_remove_exec(struct cmd *, char **);

const struct cmd_entry cmd_estate_remove_entry = {
	.name = "estate remove",
	.options = "db:",
	.minargs = 1,
	.maxargs = 1,
	.usage = N_("[--db FILE] ESTATE_ID"),
	.help = N_("Remove an estate with its flats, plan, voting codes and "
	    "packages.  Refused\nonce the estate has answers, paper ballots, "
	    "pledges, publications or\nconfirmed roster changes."),
	.exec = cmd_estate_remove_exec,
};

/* Check the estate is not evidence, then remove it whole. */
static enum rv_status
cmd_estate_remove_exec(struct cmd *c, char **cause)
{
	struct store		*s = NULL;
	struct store_activity	 act;
	struct rv_estate	*e = NULL;
	const char		*id = c->argv[0];
	enum rv_status		 st;

	if ((st = cmd_open_store(c, &s, cause)) != RV_OK ||
	    (st = store_begin(s, cause)) != RV_OK)
		goto out;
	if ((st = store_estate_load(s, id, &e, cause)) != RV_OK ||
	    (st = store_estate_activity(s, id, &act, cause)) != RV_OK)
		goto out;
	if (act.answers > 0 || act.signatures > 0 || act.publications > 0 ||
	    act.changes > 0) {
		st = rv_fail(cause, RV_EINPUT, "estate %s has %lld answers and "
		    "ballots, %lld pledge signatures, %lld publications and "
		    "%lld roster changes: it is evidence and cannot be "
		    "removed", id, (long long)act.answers,
		    (long long)act.signatures, (long long)act.publications,
		    (long long)act.changes);
		goto out;
	}
	if ((st = store_estate_remove(s, id, cause)) != RV_OK ||
	    (st = store_commit(s, cause)) != RV_OK)
		goto out;
	printf(_("Removed estate %s and its %zu flats\n"), id, e->nflats);
out:
	estate_free(e);
	store_close(s);		/* rolls back what was not committed */
	return st;
}
