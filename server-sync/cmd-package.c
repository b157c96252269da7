/*
 * package: the signed estate package a kiosk loads.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "office.h"
#include "store.h"

static enum rv_status cmd_package_exec(struct cmd *, char **);

const struct cmd_entry cmd_package_entry = {
	.name = "package",
	.options = "db:,estate:,out:",
	.minargs = 0,
	.maxargs = 0,
	.usage = N_("[--db FILE] --estate ID --out PACKAGE"),
	.help = N_("Write the estate's package for its kiosks, signed with "
	    "the office key: the\nflats (owner names masked), the plan, the "
	    "voting-code hashes and the office's\npublic key.  Each package "
	    "gets the next version number; kiosks refuse older\nones."),
	.exec = cmd_package_exec,
};

/*
 * Load, number, sign, write.  The package is written to a temporary file
 * and made durable first; one transaction then counts its version,
 * stores its body (which kiosks fetch by sync) and records the intent
 * to rename the file into place, and only then is it renamed
 * (intent.c).  A run killed anywhere leaves either no new version or a
 * counted one that the next office command puts in place: a version
 * number is never on disk for two different packages.
 */
static enum rv_status
cmd_package_exec(struct cmd *c, char **cause)
{
	static const char *const leftovers[] = { ".tmp.", ".old." };
	struct store	*s = NULL;
	struct rv_estate *e = NULL;
	struct rv_key	*key = NULL;
	struct rv_code_row *codes = NULL;
	const char	*estate, *out;
	struct file_swap fs = { NULL, NULL, NULL };
	char		*src = NULL, *aout = NULL;
	char		 batch[INTENT_BATCH_LEN];
	uint8_t		*buf = NULL;
	size_t		 ncodes = 0, len = 0;
	uint64_t	 version;
	enum rv_status	 st;

	if ((st = cmd_require(c, "estate", &estate, cause)) != RV_OK ||
	    (st = cmd_require(c, "out", &out, cause)) != RV_OK ||
	    (st = intent_abs_path(out, &aout, cause)) != RV_OK ||
	    (st = intent_target_check(out, cause)) != RV_OK ||
	    (st = cmd_open_store(c, &s, cause)) != RV_OK ||
	    (st = cmd_load_key(c, &key, cause)) != RV_OK)
		goto out;
	/* What killed runs left beside the package (intent.c). */
	intent_clean_beside(aout, leftovers, nitems(leftovers));
	if ((st = store_begin(s, cause)) != RV_OK)
		goto out;
	if ((st = store_estate_load(s, estate, &e, cause)) != RV_OK ||
	    (st = store_plan_source(s, estate, &src, cause)) != RV_OK ||
	    (st = store_codes_load(s, estate, &codes, &ncodes,
	    cause)) != RV_OK ||
	    (st = store_package_get(s, estate, &version, cause)) != RV_OK)
		goto fail;
	if (src == NULL) {
		st = rv_fail(cause, RV_EINPUT, "estate %s has no plan (import "
		    "one first)", estate);
		goto fail;
	}
	if (ncodes == 0) {
		st = rv_fail(cause, RV_EINPUT, "estate %s has no voting codes "
		    "(issue them first)", estate);
		goto fail;
	}
	version++;
	intent_batch_new(batch);
	if ((st = package_build(e, src, codes, ncodes, version, key, &buf,
	    &len, cause)) != RV_OK ||
	    (st = file_swap_begin(&fs, aout, buf, len, 0644, cause)) != RV_OK ||
	    (st = store_package_put(s, estate, version, NULL, cause)) != RV_OK ||
	    (st = store_package_body_put(s, estate, version, buf, len,
	    cause)) != RV_OK ||
	    (st = intent_add_file(s, batch, "package", estate, &fs, buf, len,
	    cause)) != RV_OK ||
	    (st = store_commit(s, cause)) != RV_OK)
		goto fail;
	/* The temporary file now belongs to the intent. */
	free(fs.tmp);
	fs.tmp = NULL;
	if ((st = intent_settle(s, batch, 1, cause)) != RV_OK)
		goto out;
	printf(_("Wrote package version %llu of %s to %s\n"),
	    (unsigned long long)version, estate, out);
	goto out;
fail:
	store_rollback(s);
out:
	file_swap_end(&fs);
	free(aout);
	free(buf);
	free(src);
	store_code_rows_free(codes, ncodes);
	estate_free(e);
	key_free(key);
	store_close(s);
	return st;
}
