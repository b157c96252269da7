/*
 * export: everything this kiosk has recorded, with a freshly signed
 * head, in one bundle file for carrying to the office on a USB stick.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "kiosk.h"
#include "store.h"

static enum rv_status cmd_kiosk_export_exec(struct cmd *, char **);

const struct cmd_entry cmd_kiosk_export_entry = {
	.name = "export",
	.options = "db:,out:",
	.minargs = 0,
	.maxargs = 0,
	.usage = N_("[--db FILE] --out BUNDLE"),
	.help = N_("Write every record of this kiosk's ledger, with a signed "
	    "head, to BUNDLE\n(mode 0600) for the office's ingest.  "
	    "Ingesting the same records twice\nadds nothing, so every export "
	    "can carry the whole ledger."),
	.exec = cmd_kiosk_export_exec,
};

/*
 * Sign the head and write the whole ledger of kiosk k durably to out,
 * first removing the temporary files killed exports left beside it;
 * *len receives the bundle's size.  The export command and the
 * committee screen both export through here.
 */
enum rv_status
kiosk_export(const struct cmd *c, struct kiosk *k, const char *out,
    size_t *len, char **cause)
{
	static const char *const leftovers[] = { ".tmp.", ".old." };
	struct rv_key	*key = NULL;
	uint8_t		*buf = NULL;
	enum rv_status	 st;

	*len = 0;
	/* What killed exports left beside out (intent.c). */
	intent_clean_beside(out, leftovers, nitems(leftovers));
	if ((st = cmd_load_key(c, &key, cause)) == RV_OK &&
	    (st = chain_export(k->store, key, k->device, 1, &buf, len,
	    cause)) == RV_OK)
		st = file_write_durable(out, buf, *len, 0600, cause);
	free(buf);
	key_free(key);
	return st;
}

/* Export, then say where to. */
static enum rv_status
cmd_kiosk_export_exec(struct cmd *c, char **cause)
{
	struct kiosk	 k;
	const char	*out;
	size_t		 len = 0;
	enum rv_status	 st;

	if ((st = cmd_require(c, "out", &out, cause)) != RV_OK)
		return st;
	if ((st = kiosk_open(c, 0, &k, cause)) != RV_OK)
		return st;
	if ((st = kiosk_export(c, &k, out, &len, cause)) == RV_OK)
		printf(_("Exported the ledger of kiosk %s to %s (%zu bytes)\n"),
		    k.device, out, len);
	kiosk_close(&k);
	return st;
}
