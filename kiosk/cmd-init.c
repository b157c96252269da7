/*
 * init: create the kiosk's database and signing key, and write the
 * public key for the office to enrol.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kiosk.h"
#include "store.h"

static enum rv_status cmd_kiosk_init_exec(struct cmd *, char **);

const struct cmd_entry cmd_kiosk_init_entry = {
	.name = "init",
	.options = "db:,name:,pubkey-out:",
	.minargs = 0,
	.maxargs = 0,
	.usage = N_("[--db FILE] --name NAME --pubkey-out PUB.pem"),
	.help = N_("Create the kiosk database and its Ed25519 signing key "
	    "(FILE.key, mode 0600),\nand write the public key to PUB.pem for "
	    "the street office to enrol."),
	.exec = cmd_kiosk_init_exec,
};

/* Create, then write the public key; undo the creation if that fails. */
static enum rv_status
cmd_kiosk_init_exec(struct cmd *c, char **cause)
{
	struct store	*s = NULL;
	const char	*name, *out;
	char		*pub = NULL, *db, *keypath, *headpath;
	enum rv_status	 st;

	if ((st = cmd_require(c, "name", &name, cause)) != RV_OK ||
	    (st = cmd_require(c, "pubkey-out", &out, cause)) != RV_OK)
		return st;
	if (!id_valid(name) || strcmp(name, "office") == 0)
		return rv_fail(cause, RV_EUSAGE, "--name: '%s' cannot name a "
		    "kiosk (letters, digits and '-', not 'office')", name);
	if ((st = cmd_create_store(c, name, &s, &pub, cause)) != RV_OK)
		return st;
	db = cmd_db_path(c, 0);
	/* A new chain: its head file starts afresh (store-trust.c). */
	xasprintf(&headpath, "%s.head", db);
	unlink(headpath);
	free(headpath);
	st = store_head_file_open(s, name, cause);
	store_close(s);
	if (st != RV_OK || (st = file_write_durable(out, pub, strlen(pub),
	    0644, cause)) != RV_OK) {
		xasprintf(&keypath, "%s.key", db);
		xasprintf(&headpath, "%s.head", db);
		unlink(db);
		unlink(keypath);
		unlink(headpath);
		free(headpath);
		free(keypath);
	} else
		printf(_("Created kiosk %s: database %s, public key %s\n"),
		    name, db, out);
	free(db);
	free(pub);
	return st;
}
