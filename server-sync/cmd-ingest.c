/*
 * ingest: verify and store kiosk bundles.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "office.h"

#define BUNDLE_FILE_MAX	(1024 * 1024 * 1024)

static enum rv_status cmd_ingest_exec(struct cmd *, char **);

const struct cmd_entry cmd_ingest_entry = {
	.name = "ingest",
	.options = "db:",
	.minargs = 1,
	.maxargs = -1,
	.usage = N_("[--db FILE] BUNDLE..."),
	.help = N_("Verify kiosk bundles and store what is new in them.  A "
	    "bundle is checked\nwhole (enrolled, unrevoked kiosk; unbroken "
	    "chain continuing what the office\nholds; valid head signature) "
	    "and stored whole or not at all.  Ingesting what\nis held "
	    "already adds nothing.  A fork (a record that differs from the "
	    "one held)\nis refused and the kiosk flagged for the committee."),
	.exec = cmd_ingest_exec,
};

/* Ingest each bundle in turn; stop at the first refused. */
static enum rv_status
cmd_ingest_exec(struct cmd *c, char **cause)
{
	struct store	*s = NULL;
	char		*buf;
	size_t		 len, added;
	enum rv_status	 st;
	int		 i;

	if ((st = cmd_open_store(c, &s, cause)) != RV_OK)
		return st;
	for (i = 0; i < c->argc && st == RV_OK; i++) {
		if ((st = file_read(c->argv[i], BUNDLE_FILE_MAX, &buf, &len,
		    cause)) != RV_OK)
			break;
		st = chain_ingest(s, c->argv[i], (const uint8_t *)buf, len,
		    &added, cause);
		free(buf);
		if (st == RV_OK && added == 0)
			printf(_("%s: nothing new\n"), c->argv[i]);
		else if (st == RV_OK)
			printf(_("%s: stored %zu new records\n"), c->argv[i],
			    added);
	}
	store_close(s);
	return st;
}
