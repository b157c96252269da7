/*
 * load: load an estate package after checking the office signature.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiosk.h"

static enum rv_status cmd_kiosk_load_exec(struct cmd *, char **);

const struct cmd_entry cmd_kiosk_load_entry = {
	.name = "load",
	.options = "db:",
	.minargs = 1,
	.maxargs = 1,
	.usage = N_("[--db FILE] PACKAGE"),
	.help = N_("Load an estate package signed by the street office: the "
	    "estate's flats,\nplan and voting-code hashes.  The first package "
	    "pins the office's key; a\npackage signed by another key, or "
	    "older than the one held, is refused."),
	.exec = cmd_kiosk_load_exec,
};

/* Store the package's estate, plan and codes and record the load. */
static enum rv_status
load_store(struct kiosk *k, const struct rv_package *p, char **cause)
{
	struct store_appender	*a = NULL;
	struct rv_head		 head;
	struct rv_record	 rec;
	enum rv_status		 st;

	memset(&rec, 0, sizeof rec);
	rec.type = RV_REC_PACKAGE;
	rec.device = k->device;
	rec.time = time_now();
	rec.estate_id = p->estate->id;
	rec.version = p->version;
	memcpy(rec.digest, p->digest, RV_HASH_LEN);
	if ((st = store_begin(k->store, cause)) != RV_OK)
		return st;
	if ((st = store_roster_put(k->store, p->estate, cause)) != RV_OK ||
	    (st = store_plan_put(k->store, p->plan, p->plan_src, p->plan_len,
	    cause)) != RV_OK ||
	    (st = store_codes_replace(k->store, p->estate->id, p->codes,
	    p->ncodes, cause)) != RV_OK ||
	    (st = store_package_put(k->store, p->estate->id, p->version,
	    p->digest, cause)) != RV_OK ||
	    (st = store_meta_put(k->store, "office_pubkey", p->office_pubkey,
	    cause)) != RV_OK ||
	    (st = store_ledger_head(k->store, k->device, &head,
	    cause)) != RV_OK ||
	    (st = store_appender_open(k->store, &a, cause)) != RV_OK ||
	    (st = chain_append(a, &head, &rec, cause)) != RV_OK) {
		store_appender_close(a);
		store_rollback(k->store);
		return st;
	}
	store_appender_close(a);
	return store_commit(k->store, cause);
}

/* Verify, compare versions, store. */
static enum rv_status
cmd_kiosk_load_exec(struct cmd *c, char **cause)
{
	struct kiosk	 k;
	struct rv_package *p = NULL;
	const char	*file = c->argv[0];
	char		*buf = NULL, *pinned = NULL;
	size_t		 len;
	uint64_t	 held;
	enum rv_status	 st;

	if ((st = kiosk_open(c, 0, &k, cause)) != RV_OK)
		return st;
	if ((st = file_read(file, KIOSK_PACKAGE_MAX, &buf, &len,
	    cause)) != RV_OK ||
	    (st = store_meta_get(k.store, "office_pubkey", &pinned,
	    cause)) != RV_OK ||
	    (st = package_parse(file, (const uint8_t *)buf, len, pinned, &p,
	    cause)) != RV_OK ||
	    (st = store_package_get(k.store, p->estate->id, &held,
	    cause)) != RV_OK)
		goto out;
	if (p->version < held) {
		st = rv_fail(cause, RV_EINPUT, "%s: package version %llu of %s "
		    "is older than version %llu held by this kiosk", file,
		    (unsigned long long)p->version, p->estate->id,
		    (unsigned long long)held);
		goto out;
	}
	if (p->version == held) {
		printf(_("Package version %llu of %s is already loaded\n"),
		    (unsigned long long)held, p->estate->id);
		goto out;
	}
	if ((st = load_store(&k, p, cause)) != RV_OK)
		goto out;
	printf(_("Loaded %s (%s) package version %llu: %zu flats, %zu "
	    "questions, %zu pledges\n"), p->estate->id, p->estate->name,
	    (unsigned long long)p->version, p->estate->nflats,
	    p->plan->nquestions, p->plan->npledges);
out:
	package_free(p);
	free(pinned);
	free(buf);
	kiosk_close(&k);
	return st;
}
