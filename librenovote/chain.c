/*
 * Chains of ledger records: appending on the device that records them,
 * exporting them with a signed head, and ingesting them at the office.
 *
 * NOTES ON THE DESIGN OF THE CHAIN
 *
 * 1. Each device (a kiosk, or the office for paper ballots) keeps one
 *    append-only chain: record seq n carries the SHA-256 of record n - 1
 *    (record 1 carries zeros).  A record's hash covers its canonical
 *    encoding, so changing any byte of any record changes every later
 *    link.
 * 2. Records are not signed one by one.  A device signs its head (device,
 *    last seq, last hash) whenever it exports, and the office checks one
 *    Ed25519 signature per bundle and one SHA-256 per record: ingest runs
 *    near hashing speed.
 * 3. The office accepts a bundle only whole (and the bundles of one
 *    ingest command all or none), and only if it continues
 *    what the office already holds of that device: every record the
 *    office holds must be byte-identical (else it is a fork: the same
 *    device and seq with other content, as from a copied kiosk database;
 *    the bundle is refused and the device flagged), and the first new
 *    record must link to the office's last one.  Records the office holds
 *    already are skipped, so ingesting a bundle twice changes nothing.
 * 4. A receipt is the first 50 bits of a record's hash.  The signed head
 *    and the chain from the record to it show the record is in the chain.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store.h"

/*
 * Append rec to the chain whose last record is *head, inside the
 * caller's transaction: it gets seq head->seq + 1 and head's hash as
 * prev, is sealed and stored, and *head moves to it.  rec->time must be
 * set.
 */
enum rv_status
chain_append(struct store_appender *a, struct rv_head *head,
    struct rv_record *rec, char **cause)
{
	uint8_t		*enc = NULL;
	size_t		 len;
	enum rv_status	 st;

	rec->seq = head->seq + 1;
	memcpy(rec->prev, head->hash, RV_HASH_LEN);
	if ((st = ledger_record_seal(rec, &enc, &len, cause)) != RV_OK)
		return st;
	st = store_ledger_put(a, rec, enc, len, cause);
	free(enc);
	if (st == RV_OK) {
		head->seq = rec->seq;
		memcpy(head->hash, rec->hash, RV_HASH_LEN);
	}
	return st;
}

/*
 * Sign the head of device's chain with key: *head receives the head,
 * *sig the signature.  Reads only; the office stores its own signed head
 * with store_head_put.
 */
enum rv_status
chain_sign_head(struct store *s, const struct rv_key *key,
    const char *device, struct rv_head *head, uint8_t sig[RV_SIG_LEN],
    char **cause)
{
	uint8_t		*msg;
	size_t		 len;
	enum rv_status	 st;

	if ((st = store_ledger_head(s, device, head, cause)) != RV_OK)
		return st;
	ledger_head_message(device, head->seq, head->hash, &msg, &len);
	st = key_sign(key, msg, len, sig, cause);
	free(msg);
	return st;
}

/*
 * A bundle of device's n consecutive records encs (lens bytes each, as
 * the store holds them), its head the last of them, seq last, signed now
 * with key (n >= 1).  A USB export and a sync chunk are both made here.
 */
enum rv_status
chain_bundle(const struct rv_key *key, const char *device, uint64_t last,
    uint8_t *const *encs, const size_t *lens, size_t n, uint8_t **out,
    size_t *outlen, char **cause)
{
	uint8_t		*msg, hash[RV_HASH_LEN], sig[RV_SIG_LEN];
	size_t		 len;
	enum rv_status	 st;

	if (n == 0)
		fatal("chain_bundle: no records");
	ledger_sha256(encs[n - 1], lens[n - 1], hash);
	ledger_head_message(device, last, hash, &msg, &len);
	st = key_sign(key, msg, len, sig, cause);
	free(msg);
	if (st != RV_OK)
		return st;
	return ledger_bundle_encode(device, encs, lens, n, sig, out, outlen, cause);
}

/*
 * A bundle of device's records from seq from on, with a freshly signed
 * head, read in one snapshot; nothing in the store changes.  An empty
 * chain is refused: there is nothing to carry.
 */
enum rv_status
chain_export(struct store *s, const struct rv_key *key, const char *device,
    uint64_t from, uint8_t **out, size_t *outlen, char **cause)
{
	struct rv_head	 head;
	uint8_t		**encs = NULL;
	size_t		*lens = NULL, n = 0;
	enum rv_status	 st;

	if ((st = store_begin_read(s, cause)) != RV_OK)
		return st;
	if ((st = store_ledger_head(s, device, &head, cause)) != RV_OK)
		goto out;
	if (head.seq == 0 || from > head.seq) {
		st = rv_fail(cause, RV_EINPUT, "nothing to export: %s has "
		    "recorded %llu records", device,
		    (unsigned long long)head.seq);
		goto out;
	}
	if ((st = store_ledger_load(s, device, from, &encs, &lens, &n,
	    cause)) != RV_OK)
		goto out;
	st = chain_bundle(key, device, from + n - 1, encs, lens, n, out,
	    outlen, cause);
out:
	store_rollback(s);
	store_encodings_free(encs, lens, n);
	return st;
}

/*
 * Refuse a bundle whose records the store holds already (those up to
 * held->seq, the device's stored head) differ from the stored ones: a
 * fork.  Both chains are linked by hashes (the bundle's by
 * ledger_bundle_parse, the store's since it was ingested), so the last
 * record both hold decides for every earlier one: one comparison with
 * the stored head, or one lookup when the bundle ends before it.  Only
 * when they differ are the held records compared one by one, to name
 * the first that differs.  *skip receives how many leading records are
 * held already.
 */
static enum rv_status
chain_held_same(struct store *s, const char *name, const struct rv_bundle *b,
    const struct rv_head *held, size_t *skip, int *fork, char **cause)
{
	const struct rv_record	*r;
	uint8_t			 hash[RV_HASH_LEN];
	size_t			 i, k;
	int			 found = 1;
	enum rv_status		 st;

	if (b->records[0].seq > held->seq) {
		*skip = 0;
		return RV_OK;
	}
	/* The bundle's records are consecutive from records[0].seq. */
	k = (size_t)(held->seq - b->records[0].seq);
	if (k >= b->n)
		k = b->n - 1;
	r = &b->records[k];
	if (r->seq == held->seq)
		memcpy(hash, held->hash, RV_HASH_LEN);
	else if ((st = store_ledger_hash(s, b->device, r->seq, hash, &found,
	    cause)) != RV_OK)
		return st;
	*skip = k + 1;
	if (found && memcmp(hash, r->hash, RV_HASH_LEN) == 0)
		return RV_OK;
	for (i = 0; i < k; i++) {
		if ((st = store_ledger_hash(s, b->device, b->records[i].seq,
		    hash, &found, cause)) != RV_OK)
			return st;
		if (!found || memcmp(hash, b->records[i].hash,
		    RV_HASH_LEN) != 0)
			break;
	}
	*fork = 1;
	return rv_fail(cause, RV_EINPUT, "%s: fork: kiosk '%s' record %llu "
	    "differs from the one this office holds (a copied kiosk "
	    "database?); refused and flagged for the committee", name,
	    b->device, (unsigned long long)b->records[i].seq);
}

/*
 * Check a parsed bundle against the device's key and what the store
 * holds.  *skip receives how many leading records are held already.  A
 * fork sets *fork and refuses.  With audit (a city re-checking what an
 * office accepted) a revoked kiosk's records are read too, and the
 * office's own chain may hold paper ballots and roster changes.
 */
static enum rv_status
chain_check(struct store *s, const char *name, const struct rv_bundle *b,
    int audit, size_t *skip, int *fork, char **cause)
{
	int	 own = audit && strcmp(b->device, RV_OFFICE_DEVICE) == 0;

	const struct rv_record	*last = &b->records[b->n - 1];
	struct rv_head		 held;
	uint8_t			*msg;
	char			*pub = NULL;
	size_t			 len, i;
	int			 revoked, ok;
	enum rv_status		 st;

	*skip = 0;
	*fork = 0;
	if ((st = store_device_get(s, b->device, &pub, &revoked,
	    cause)) != RV_OK) {
		if (st == RV_EINPUT) {
			free(*cause);
			*cause = NULL;
			st = rv_fail(cause, RV_EINPUT, "%s: kiosk '%s' is not "
			    "enrolled at this office", name, b->device);
		}
		return st;
	}
	if (revoked && !audit) {
		free(pub);
		return rv_fail(cause, RV_EINPUT, "%s: kiosk '%s' is revoked",
		    name, b->device);
	}
	ledger_head_message(b->device, last->seq, last->hash, &msg, &len);
	ok = key_verify(pub, msg, len, b->sig);
	free(msg);
	free(pub);
	if (!ok)
		return rv_fail(cause, RV_EINPUT, "%s: the head signature does "
		    "not verify with kiosk '%s''s key", name, b->device);

	for (i = 0; i < b->n && !own; i++) {
		if (b->records[i].type == RV_REC_BALLOT)
			return rv_fail(cause, RV_EINPUT, "%s: record %llu of "
			    "kiosk '%s' claims to be a paper ballot; only the "
			    "office enters those", name,
			    (unsigned long long)b->records[i].seq, b->device);
		if (b->records[i].type == RV_REC_ROSTER)
			return rv_fail(cause, RV_EINPUT, "%s: record %llu of "
			    "kiosk '%s' claims to be a roster change; only the "
			    "office records those", name,
			    (unsigned long long)b->records[i].seq, b->device);
	}
	if ((st = store_ledger_head(s, b->device, &held, cause)) != RV_OK)
		return st;
	if (b->records[0].seq > held.seq + 1)
		return rv_fail(cause, RV_EINPUT, "%s: starts at record %llu "
		    "but this office holds only up to %llu of kiosk '%s'; "
		    "ingest the earlier records first", name,
		    (unsigned long long)b->records[0].seq,
		    (unsigned long long)held.seq, b->device);
	if ((st = chain_held_same(s, name, b, &held, skip, fork,
	    cause)) != RV_OK)
		return st;
	i = *skip;
	if (i < b->n && b->records[i].seq > 1 &&
	    memcmp(b->records[i].prev, held.hash, RV_HASH_LEN) != 0) {
		*fork = 1;
		return rv_fail(cause, RV_EINPUT, "%s: fork: kiosk '%s' record "
		    "%llu does not follow record %llu held by this office; "
		    "refused and flagged for the committee", name, b->device,
		    (unsigned long long)b->records[i].seq,
		    (unsigned long long)held.seq);
	}
	return RV_OK;
}

/*
 * Verify a bundle completely and store what is new in it, inside the
 * caller's write transaction.  *seen receives the bundle's header (its
 * device and first seq) once it has been read, even when a later check
 * refuses the bundle; it is zeroed when the header itself is bad.
 * *added receives the number of new records
 * (0 when the store held them all), *stale how many answers and pledges
 * among them were made with superseded voting codes and are kept but not
 * counted.  On a fork *forked receives the
 * device's name (allocated): the caller rolls back, then flags it.
 */
static enum rv_status
chain_ingest_as(struct store *s, const char *name, const uint8_t *buf,
    size_t len, int audit, struct rv_bundle_header *seen, size_t *added,
    size_t *stale, char **forked, char **cause)
{
	struct rv_bundle	*b = NULL;
	struct store_appender	*a = NULL;
	const struct rv_record	*last;
	size_t			 skip = 0, i;
	int			 fork = 0;
	enum rv_status		 st;

	*added = 0;
	*stale = 0;
	*forked = NULL;
	if ((st = ledger_bundle_header_read(name, buf, len, seen, cause)) != RV_OK ||
	    (st = ledger_bundle_parse(name, buf, len, &b, cause)) != RV_OK)
		return st;
	if ((st = chain_check(s, name, b, audit, &skip, &fork,
	    cause)) != RV_OK) {
		if (fork)
			*forked = xstrdup(b->device);
		goto out;
	}
	if ((st = store_appender_open(s, &a, cause)) != RV_OK)
		goto out;
	/* The records live in b until the answers are written. */
	store_appender_defer(a);
	for (i = skip; i < b->n; i++) {
		if ((st = store_ledger_put(a, &b->records[i], b->enc[i],
		    b->enclen[i], cause)) != RV_OK)
			goto out;
	}
	if ((st = store_appender_finish(a, cause)) != RV_OK)
		goto out;
	last = &b->records[b->n - 1];
	if (skip < b->n && (st = store_head_put(s, b->device, last->seq,
	    last->hash, b->sig, cause)) != RV_OK)
		goto out;
	*added = b->n - skip;
	*stale = store_appender_stale(a);
out:
	store_appender_close(a);
	ledger_bundle_free(b);
	return st;
}

/*
 * Verify a bundle completely and store what is new in it (see
 * chain_ingest_as): an office ingesting a kiosk's bundle.
 */
enum rv_status
chain_ingest(struct store *s, const char *name, const uint8_t *buf,
    size_t len, struct rv_bundle_header *seen, size_t *added, size_t *stale,
    char **forked, char **cause)
{
	return chain_ingest_as(s, name, buf, len, 0, seen, added, stale,
	    forked, cause);
}

/*
 * The same checks for a city re-reading what an office accepted: the
 * office's own chain (device RV_OFFICE_DEVICE, enrolled in the city's
 * store with the office's registered key) may carry paper ballots and
 * roster changes, and a kiosk the office revoked since is read too (its
 * records counted at the office until a void, which the caller applies).
 */
enum rv_status
chain_ingest_audit(struct store *s, const char *name, const uint8_t *buf,
    size_t len, size_t *added, size_t *stale, char **cause)
{
	struct rv_bundle_header	 seen;
	char			*forked = NULL;
	enum rv_status		 st;

	st = chain_ingest_as(s, name, buf, len, 1, &seen, added, stale,
	    &forked, cause);
	free(forked);
	return st;
}
