/*
 * Sync: what the office and a kiosk share for moving a kiosk's chain to
 * the office (by USB bundle or over HTTPS) and packages to the kiosk.
 *
 * NOTES ON THE DESIGN OF SYNC
 *
 * 1. One way in.  A bundle from a USB stick and a chunk sent over HTTPS
 *    are the same bytes (docs/protocol.md, "Bundles") and go through the
 *    same sync_ingest_bundle: chain_ingest's checks, then the device's
 *    last_sync_at, in the caller's transaction.  So the two mix freely:
 *    whatever one brought, the other skips.
 * 2. Chunks.  A kiosk sends the records after the office's head in
 *    chunks of at most SYNC_CHUNK_RECORDS records and SYNC_CHUNK_BYTES
 *    bytes, each a bundle whose signed head is its own last record.  The
 *    office commits each chunk in its own transaction, so a cut
 *    connection loses at most the chunk in flight; resending a chunk
 *    the office holds is a no-op success (chain_ingest skips held
 *    records).
 * 3. The kiosk's sync, as states:
 *
 *        HEAD ──(office head = local seq h, same hash)──▶ PUSH(h + 1)
 *          ▲                                               │
 *          └──────────── 409: does not continue ───────────┤
 *                                                          ▼
 *        DONE ◀──(h == local head)── PUSH(h') ◀── 200: office at h'
 *
 *    Packages are fetched first, so the package record a newer package
 *    adds to the kiosk's chain travels in the same sync.
 * 4. Authentication.  Every sync request carries the kiosk's name, a
 *    time and an Ed25519 signature by the kiosk's key over
 *    sync_auth_message (method, target, time, SHA-256 of the body).  The
 *    office checks it against the enrolled, unrevoked key and refuses a
 *    time more than SYNC_CLOCK_SKEW_MS from its own clock.  A request
 *    replayed inside that window repeats an idempotent operation.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store.h"

#define SYNC_DOMAIN	"renovote-sync-v1"
#define SYNC_DOMAIN_LEN	17	/* with its NUL */

/*
 * The bytes a kiosk signs for one sync request (docs/protocol.md, "Sync
 * over HTTPS"): the domain, method and target as str, the time as i64
 * and the SHA-256 of the body.  method and target are at most
 * RV_NAME_MAX and SYNC_TARGET_MAX bytes; the caller checked.
 */
void
sync_auth_message(const char *method, const char *target, rv_ms at,
    const void *body, size_t bodylen, uint8_t **out, size_t *outlen)
{
	size_t	 mlen = strlen(method), tlen = strlen(target), len, o = 0;
	uint8_t	*p;

	if (mlen > RV_NAME_MAX || tlen > SYNC_TARGET_MAX)
		fatal("sync_auth_message: method or target too long");
	len = SYNC_DOMAIN_LEN + 2 + mlen + 2 + tlen + 8 + RV_HASH_LEN;
	p = xmalloc(len);
	memcpy(p, SYNC_DOMAIN, SYNC_DOMAIN_LEN);
	o = SYNC_DOMAIN_LEN;
	be_put(p + o, mlen, 2);
	memcpy(p + o + 2, method, mlen);
	o += 2 + mlen;
	be_put(p + o, tlen, 2);
	memcpy(p + o + 2, target, tlen);
	o += 2 + tlen;
	be_put(p + o, (uint64_t)at, 8);
	ledger_sha256(body != NULL ? body : "", bodylen, p + o + 8);
	*out = p;
	*outlen = len;
}

/*
 * Sign one sync request with the kiosk's key: sighex receives the
 * signature as 128 hex digits and a NUL.
 */
enum rv_status
sync_auth_sign(const struct rv_key *key, const char *method,
    const char *target, rv_ms at, const void *body, size_t bodylen,
    char sighex[2 * RV_SIG_LEN + 1], char **cause)
{
	uint8_t		*msg, sig[RV_SIG_LEN];
	size_t		 len;
	enum rv_status	 st;

	sync_auth_message(method, target, at, body, bodylen, &msg, &len);
	st = key_sign(key, msg, len, sig, cause);
	free(msg);
	if (st == RV_OK)
		hex_encode(sig, RV_SIG_LEN, sighex);
	return st;
}

/*
 * Check a sync request's authentication at the office: device must be
 * enrolled and not revoked (else *refusal SYNC_FORBIDDEN), the time
 * (decimal ms) within SYNC_CLOCK_SKEW_MS of now and the signature valid
 * (else SYNC_UNAUTHENTICATED).  Store failures are RV_EENV.
 */
enum rv_status
sync_auth_verify(struct store *s, const char *device, const char *method,
    const char *target, const char *timestr, const char *sighex,
    const void *body, size_t bodylen, rv_ms now, enum sync_refusal *refusal,
    char **cause)
{
	uint8_t		*msg, sig[RV_SIG_LEN];
	char		*pub = NULL, *end;
	size_t		 len;
	long long	 at;
	int		 revoked, ok;
	enum rv_status	 st;

	*refusal = SYNC_UNAUTHENTICATED;
	if (device == NULL || timestr == NULL || sighex == NULL)
		return rv_fail(cause, RV_EINPUT, "the request is not signed "
		    "(%s, %s and %s are required)", SYNC_HDR_DEVICE,
		    SYNC_HDR_TIME, SYNC_HDR_SIGNATURE);
	if (!id_valid(device))
		return rv_fail(cause, RV_EINPUT, "%s: not a kiosk name",
		    SYNC_HDR_DEVICE);
	at = strtoll(timestr, &end, 10);
	if (*timestr == '\0' || *end != '\0' || at <= 0)
		return rv_fail(cause, RV_EINPUT, "%s: not a time in "
		    "milliseconds", SYNC_HDR_TIME);
	if (at < now - SYNC_CLOCK_SKEW_MS || at > now + SYNC_CLOCK_SKEW_MS)
		return rv_fail(cause, RV_EINPUT, "%s: %lld is more than 5 "
		    "minutes from the office's clock (%lld); check the kiosk's "
		    "clock", SYNC_HDR_TIME, at, (long long)now);
	if (strlen(sighex) != 2 * RV_SIG_LEN ||
	    hex_decode(sighex, strlen(sighex), sig, sizeof sig) != 0)
		return rv_fail(cause, RV_EINPUT, "%s: not 128 hex digits",
		    SYNC_HDR_SIGNATURE);
	if ((st = store_device_get(s, device, &pub, &revoked,
	    cause)) != RV_OK) {
		if (st == RV_EINPUT)
			*refusal = SYNC_FORBIDDEN;
		return st;
	}
	if (revoked) {
		free(pub);
		*refusal = SYNC_FORBIDDEN;
		return rv_fail(cause, RV_EINPUT, "kiosk '%s' is revoked",
		    device);
	}
	sync_auth_message(method, target, (rv_ms)at, body, bodylen, &msg,
	    &len);
	ok = key_verify(pub, msg, len, sig);
	free(msg);
	free(pub);
	if (!ok)
		return rv_fail(cause, RV_EINPUT, "%s: does not verify with "
		    "kiosk '%s''s key", SYNC_HDR_SIGNATURE, device);
	return RV_OK;
}

/*
 * Verify one bundle (a USB bundle or a sync chunk) and store what is new
 * in it, inside the caller's write transaction; then note that its
 * device synchronised, even when nothing was new.  *added, *stale and
 * *forked as for chain_ingest: on a fork the caller rolls back and calls
 * sync_flag_fork.
 */
enum rv_status
sync_ingest_bundle(struct store *s, const char *name, const uint8_t *buf,
    size_t len, size_t *added, size_t *stale, char **forked, char **cause)
{
	struct rv_bundle_header h;
	enum rv_status	 st;

	if ((st = chain_ingest(s, name, buf, len, &h, added, stale, forked,
	    cause)) != RV_OK)
		return st;
	return store_device_synced(s, h.device, time_now(), cause);
}

/*
 * Flag a forked kiosk for the committee, in a transaction of its own
 * after the refused ingest was rolled back.  Best effort: the refusal
 * itself is what the caller reports.
 */
void
sync_flag_fork(struct store *s, const char *device, const char *name)
{
	char	*reason;

	xasprintf(&reason, "fork in %s", name);
	if (store_begin(s, NULL) == RV_OK) {
		if (store_flag_add(s, device, reason, NULL) == RV_OK)
			store_commit(s, NULL);
		else
			store_rollback(s);
	}
	free(reason);
}

/*
 * One chunk of device's chain for sending: a bundle of the records from
 * seq from on (at most max_records, about max_bytes of records), its
 * head the chunk's last record, signed with key.  *last receives the
 * seq of that record.  Reads one snapshot; nothing changes.  from past
 * the chain's head is refused.
 */
enum rv_status
sync_chunk(struct store *s, const struct rv_key *key, const char *device,
    uint64_t from, size_t max_records, size_t max_bytes, uint8_t **out,
    size_t *outlen, uint64_t *last, char **cause)
{
	uint8_t		**encs = NULL;
	size_t		*lens = NULL, n = 0;
	enum rv_status	 st;

	if ((st = store_begin_read(s, cause)) != RV_OK)
		return st;
	if ((st = store_ledger_slice(s, device, from, max_records, max_bytes,
	    &encs, &lens, &n, cause)) != RV_OK)
		goto out;
	if (n == 0) {
		st = rv_fail(cause, RV_EINPUT, "nothing to send: %s has no "
		    "record %llu", device, (unsigned long long)from);
		goto out;
	}
	*last = from + n - 1;
	st = chain_bundle(key, device, *last, encs, lens, n, out, outlen,
	    cause);
out:
	store_rollback(s);
	store_encodings_free(encs, lens, n);
	return st;
}
