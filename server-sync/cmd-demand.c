/*
 * demand: what the owners asked for in an estate's needs survey, most
 * wanted first, for the estate and each building and entrance; as a
 * table, JSON or CSV, and as the plan to start from.
 */

#include "config.h"

#include "office.h"

static enum rv_status cmd_demand_exec(struct cmd *, char **);

const struct cmd_entry cmd_demand_entry = {
	.name = "demand",
	.options = "db:,estate:,at:,json,csv,plan-out:",
	.minargs = 0,
	.maxargs = 0,
	.usage = N_("[--db FILE] --estate ID [--at ISO8601] [--json | --csv] "
	    "[--plan-out FILE]"),
	.help = N_("Report the needs survey (征求意见) of an estate as of --at "
	    "(default now):\nfor each survey question that picks options, "
	    "the options most wanted\nfirst by owners, flats and area (rank "
	    "questions by points), for the\nestate and each building and "
	    "entrance.  --plan-out writes the survey plan\nwith its items in "
	    "that order, the plan to add the vote's questions to."),
	.exec = cmd_demand_exec,
};

/* Report the survey of --estate; see opinion_command. */
static enum rv_status
cmd_demand_exec(struct cmd *c, char **cause)
{
	return opinion_command(c, RV_STAGE_SURVEY, cmd_get(c, "plan-out"),
	    cause);
}
