/*
 * ingest: verify and store kiosk bundles.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "office.h"
#include "store.h"

#define BUNDLE_FILE_MAX	(1024 * 1024 * 1024)

static enum rv_status cmd_ingest_exec(struct cmd *, char **);

const struct cmd_entry cmd_ingest_entry = {
	.name = "ingest",
	.options = "db:",
	.minargs = 1,
	.maxargs = -1,
	.usage = N_("[--db FILE] BUNDLE..."),
	.help = N_("Verify kiosk bundles and store what is new in them; all "
	    "the bundles of one\ningest are stored together or none is.  "
	    "A bundle is checked whole (enrolled,\nunrevoked kiosk; "
	    "unbroken chain continuing what the office holds; valid\nhead "
	    "signature).  Ingesting what is held already adds nothing.  A "
	    "fork (a\nrecord that differs from the one held) is refused and "
	    "the kiosk flagged for\nthe committee."),
	.exec = cmd_ingest_exec,
};

/* Verify and store every bundle in one transaction, then report. */
static enum rv_status
cmd_ingest_exec(struct cmd *c, char **cause)
{
	struct store	*s = NULL;
	char		*buf, *forked = NULL;
	size_t		 len, *added, *stale;
	enum rv_status	 st;
	int		 i;

	added = xcalloc((size_t)c->argc, sizeof *added);
	stale = xcalloc((size_t)c->argc, sizeof *stale);
	if ((st = cmd_open_store(c, &s, cause)) != RV_OK ||
	    (st = store_begin(s, cause)) != RV_OK)
		goto out;
	for (i = 0; i < c->argc && st == RV_OK; i++) {
		if ((st = file_read(c->argv[i], BUNDLE_FILE_MAX, &buf, &len,
		    cause)) != RV_OK)
			break;
		st = sync_ingest_bundle(s, c->argv[i], (const uint8_t *)buf, len,
		    &added[i], &stale[i], &forked, cause);
		free(buf);
	}
	if (st != RV_OK) {
		store_rollback(s);
		if (forked != NULL)
			sync_flag_fork(s, forked, c->argv[i - 1]);
		goto out;
	}
	if ((st = store_commit(s, cause)) != RV_OK)
		goto out;
	for (i = 0; i < c->argc; i++) {
		if (added[i] == 0)
			printf(_("%s: nothing new\n"), c->argv[i]);
		else
			printf(_("%s: stored %zu new records\n"), c->argv[i],
			    added[i]);
		if (stale[i] > 0)
			printf(_("%s: %zu answers or pledges were made with "
			    "voting codes issued again since; they are kept "
			    "but not counted\n"), c->argv[i], stale[i]);
	}
out:
	free(forked);
	free(added);
	free(stale);
	store_close(s);
	return st;
}
