/*
 * init: create the office database and the office signing key.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "office.h"
#include "store.h"

static enum rv_status cmd_init_exec(struct cmd *, char **);

const struct cmd_entry cmd_init_entry = {
	.name = "init",
	.options = "db:",
	.minargs = 0,
	.maxargs = 0,
	.usage = N_("[--db FILE]"),
	.help = N_("Create the office database and the office's Ed25519 "
	    "signing key (FILE.key,\nmode 0600).  Refuses to overwrite "
	    "either."),
	.exec = cmd_init_exec,
};

/* Create the database and key; the office's own chain is "office". */
static enum rv_status
cmd_init_exec(struct cmd *c, char **cause)
{
	struct store	*s = NULL;
	char		*pub = NULL, *db;
	enum rv_status	 st;

	if ((st = cmd_create_store(c, OFFICE_DEVICE, &s, &pub,
	    cause)) != RV_OK)
		return st;
	db = cmd_db_path(c, 0);
	printf(_("Created office database %s and signing key %s.key\n"), db,
	    db);
	free(db);
	free(pub);
	store_close(s);
	return RV_OK;
}
