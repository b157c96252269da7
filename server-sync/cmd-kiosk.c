/*
 * kiosk enroll / kiosk revoke: which kiosks' signatures the office trusts.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "office.h"
#include "store.h"

#define PUBKEY_FILE_MAX	4096

static enum rv_status cmd_kiosk_enroll_exec(struct cmd *, char **);
static enum rv_status cmd_kiosk_revoke_exec(struct cmd *, char **);

const struct cmd_entry cmd_kiosk_enroll_entry = {
	.name = "kiosk enroll",
	.options = "db:,name:,pubkey:",
	.minargs = 0,
	.maxargs = 0,
	.usage = N_("[--db FILE] --name NAME --pubkey PUB.pem"),
	.help = N_("Trust the kiosk NAME whose public key (from "
	    "renovote-kiosk init) is in\nPUB.pem: its signed bundles can "
	    "then be ingested."),
	.exec = cmd_kiosk_enroll_exec,
};

const struct cmd_entry cmd_kiosk_revoke_entry = {
	.name = "kiosk revoke",
	.options = "db:,name:,void",
	.minargs = 0,
	.maxargs = 0,
	.usage = N_("[--db FILE] --name NAME [--void]"),
	.help = N_("Stop trusting the kiosk NAME: its bundles are refused "
	    "from now on.  What it\nsent before stays counted unless "
	    "--void, which stops counting its answers\nand pledges (its "
	    "signed records stay for the audit)."),
	.exec = cmd_kiosk_revoke_exec,
};

/* Check the key file and the name, then store the kiosk. */
static enum rv_status
cmd_kiosk_enroll_exec(struct cmd *c, char **cause)
{
	struct store	*s = NULL;
	const char	*name, *file;
	char		*pem = NULL;
	size_t		 len;
	enum rv_status	 st;

	if ((st = cmd_require(c, "name", &name, cause)) != RV_OK ||
	    (st = cmd_require(c, "pubkey", &file, cause)) != RV_OK)
		return st;
	if (!id_valid(name) || strcmp(name, OFFICE_DEVICE) == 0)
		return rv_fail(cause, RV_EUSAGE, "--name: '%s' cannot name a "
		    "kiosk", name);
	if ((st = file_read(file, PUBKEY_FILE_MAX, &pem, &len,
	    cause)) != RV_OK)
		return st;
	if (!key_pem_valid(pem)) {
		st = rv_fail(cause, RV_EINPUT, "%s: not an Ed25519 public key "
		    "in PEM form", file);
		goto out;
	}
	if ((st = cmd_open_store(c, &s, cause)) != RV_OK ||
	    (st = store_begin(s, cause)) != RV_OK)
		goto out;
	if ((st = store_device_put(s, name, pem, cause)) != RV_OK) {
		store_rollback(s);
		goto out;
	}
	if ((st = store_commit(s, cause)) == RV_OK)
		printf(_("Enrolled kiosk %s\n"), name);
out:
	free(pem);
	store_close(s);
	return st;
}

/* Mark the kiosk revoked (and voided). */
static enum rv_status
cmd_kiosk_revoke_exec(struct cmd *c, char **cause)
{
	struct store	*s = NULL;
	const char	*name;
	enum rv_status	 st;

	if ((st = cmd_require(c, "name", &name, cause)) != RV_OK)
		return st;
	if ((st = cmd_open_store(c, &s, cause)) != RV_OK ||
	    (st = store_begin(s, cause)) != RV_OK)
		goto out;
	if ((st = store_device_revoke(s, name, cmd_has(c, "void"),
	    cause)) != RV_OK) {
		store_rollback(s);
		goto out;
	}
	if ((st = store_commit(s, cause)) == RV_OK)
		printf(cmd_has(c, "void") ? _("Revoked kiosk %s; its answers "
		    "no longer count\n") : _("Revoked kiosk %s\n"), name);
out:
	store_close(s);
	return st;
}
