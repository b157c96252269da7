/*
 * ratings: the residents' acceptance of the finished works (效果共评) or
 * their periodic rating of the property service, per question: the
 * distribution and the mean, for the estate and each building and
 * entrance; service ratings also each period beside the one before.
 */

#include "config.h"

#include <string.h>

#include "office.h"

static enum rv_status cmd_ratings_exec(struct cmd *, char **);

const struct cmd_entry cmd_ratings_entry = {
	.name = "ratings",
	.options = "db:,estate:,stage:,at:,json,csv",
	.minargs = 0,
	.maxargs = 0,
	.usage = N_("[--db FILE] --estate ID --stage acceptance|service "
	    "[--at ISO8601] [--json | --csv]"),
	.help = N_("Report the ratings of an estate as of --at (default now): "
	    "the acceptance\nof the finished works, or the property service "
	    "by period; for each\nquestion the owners, flats and area at each "
	    "step and the mean, for the\nestate and each building and "
	    "entrance, and each service period beside\nthe one before."),
	.exec = cmd_ratings_exec,
};

/* Report the ratings of --estate at --stage; see opinion_command. */
static enum rv_status
cmd_ratings_exec(struct cmd *c, char **cause)
{
	const char	*stage = cmd_get(c, "stage");

	if (stage == NULL)
		return rv_fail(cause, RV_EUSAGE, _("--stage is required: "
		    "acceptance or service"));
	if (strcmp(stage, question_stage_name(RV_STAGE_ACCEPTANCE)) == 0)
		return opinion_command(c, RV_STAGE_ACCEPTANCE, NULL, cause);
	if (strcmp(stage, question_stage_name(RV_STAGE_SERVICE)) == 0)
		return opinion_command(c, RV_STAGE_SERVICE, NULL, cause);
	return rv_fail(cause, RV_EUSAGE, _("--stage: '%s' is not acceptance or "
	    "service"), stage);
}
