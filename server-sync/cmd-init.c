/*
 * init: create the office database and the office signing key.
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "office.h"

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

/*
 * Create the database, then the key beside it, then record the public
 * key; on any failure remove what was created, so init either happens
 * whole or not at all.
 */
static enum rv_status
cmd_init_exec(struct cmd *c, char **cause)
{
	struct store	*s = NULL;
	char		*db = cmd_db_path(c, 1), *keypath, *pub = NULL;
	char		 now[RV_TIME_MAX];
	enum rv_status	 st;
	int		 created_key = 0;

	xasprintf(&keypath, "%s.key", db);
	if (access(db, F_OK) == 0) {
		st = rv_fail(cause, RV_EINPUT, "%s: already exists; refusing "
		    "to overwrite it", db);
		goto out;
	}
	if (access(keypath, F_OK) == 0) {
		st = rv_fail(cause, RV_EINPUT, "%s: already exists; refusing "
		    "to overwrite the office key", keypath);
		goto out;
	}
	if ((st = store_open(db, STORE_CREATE, &s, cause)) != RV_OK)
		goto out;
	if ((st = key_generate(keypath, &pub, cause)) != RV_OK)
		goto fail;
	created_key = 1;
	time_format(time_now(), RV_CST_OFFSET, now, sizeof now);
	if ((st = store_begin(s, cause)) != RV_OK)
		goto fail;
	if ((st = store_meta_put(s, "role", "office", cause)) != RV_OK ||
	    (st = store_meta_put(s, "office_pubkey", pub, cause)) != RV_OK ||
	    (st = store_meta_put(s, "created_at", now, cause)) != RV_OK ||
	    (st = store_commit(s, cause)) != RV_OK)
		goto fail;
	printf(_("Created office database %s and signing key %s\n"), db,
	    keypath);
	goto out;
fail:
	store_close(s);
	s = NULL;
	unlink(db);
	if (created_key)
		unlink(keypath);
out:
	store_close(s);
	free(pub);
	free(keypath);
	free(db);
	return st;
}
