/*
 * city tally: the consent tally of every office's estates, re-verified
 * from what the offices pushed to PostgreSQL (city.c,
 * docs/federation.md).
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "office.h"

#ifdef HAVE_POSTGRESQL
static enum rv_status cmd_city_tally_exec(struct cmd *, char **);
#endif

const struct cmd_entry cmd_city_tally_entry = {
	.name = "city tally",
	.options = "pg:,estate:,at:,json",
	.minargs = 0,
	.maxargs = 0,
	.usage = N_("--pg CONNINFO [--estate ID] [--at ISO8601] [--json]"),
	.help = N_("Tally every office's estates (or --estate) from the "
	    "city's PostgreSQL as\nof --at (default now), after checking "
	    "every pushed record, link and head\nsignature against the keys "
	    "the city registered and the kiosks each office\nenrolled.  "
	    "--json prints the tally JSON."),
#ifdef HAVE_POSTGRESQL
	.exec = cmd_city_tally_exec,
#else
	.exec = pg_missing,
#endif
};

#ifdef HAVE_POSTGRESQL
/* Load and check every office (or the one holding --estate), print. */
static enum rv_status
cmd_city_tally_exec(struct cmd *c, char **cause)
{
	struct city	*city = NULL;
	const char	*conninfo;
	rv_ms		 at;
	int		 offset;
	enum rv_status	 st;

	if ((st = cmd_get_at(c, &at, &offset, cause)) != RV_OK ||
	    (st = cmd_require(c, "pg", &conninfo, cause)) != RV_OK ||
	    (st = city_load(conninfo, cmd_get(c, "estate"), at, offset, &city,
	    cause)) != RV_OK)
		return st;
	if (cmd_has(c, "json"))
		report_json(stdout, city->all);
	else
		tally_print_text(stdout, city->all);
	city_free(city);
	return RV_OK;
}
#endif /* HAVE_POSTGRESQL */
