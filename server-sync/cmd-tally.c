/*
 * tally: the consent tally as of an instant, readable or as JSON.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "office.h"
#include "store.h"

static enum rv_status cmd_tally_exec(struct cmd *, char **);

const struct cmd_entry cmd_tally_entry = {
	.name = "tally",
	.options = "db:,estate:,at:,json",
	.minargs = 0,
	.maxargs = 0,
	.usage = N_("[--db FILE] [--estate ID] [--at ISO8601] [--json]"),
	.help = N_("Tally consent by the Civil Code's area-and-headcount "
	    "rules as of --at\n(default now): for each question the "
	    "eligible, participating and choosing\nowners and area, "
	    "whether each bar is met and what is still needed; for each\n"
	    "pledge the share of flats that signed.  --json prints the "
	    "tally JSON."),
	.exec = cmd_tally_exec,
};

/* Build the report for --estate/--at and print it. */
static enum rv_status
cmd_tally_exec(struct cmd *c, char **cause)
{
	struct store	*s = NULL;
	struct rv_report *r = NULL;
	rv_ms		 at;
	int		 offset;
	enum rv_status	 st;

	if ((st = cmd_get_at(c, &at, &offset, cause)) != RV_OK ||
	    (st = cmd_open_store(c, &s, cause)) != RV_OK ||
	    (st = report_build(s, cmd_get(c, "estate"), at, offset, &r,
	    cause)) != RV_OK)
		goto out;
	if (cmd_has(c, "json"))
		report_json(stdout, r);
	else
		tally_print_text(stdout, r);
out:
	report_free(r);
	store_close(s);
	return st;
}
