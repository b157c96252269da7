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
 *    sync_auth_message (method, target, time, nonce, SHA-256 of the
 *    body).  The
 *    office checks it against the enrolled, unrevoked key and refuses a
 *    time more than SYNC_CLOCK_SKEW_MS from its own clock.  Each request
 *    carries a random nonce, also signed, which the office remembers for
 *    that window: a replayed request is refused.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "store.h"

#define SYNC_DOMAIN	"renovote-sync-v2"
#define SYNC_DOMAIN_LEN	17	/* with its NUL */
#define SYNC_REVOKED_DOMAIN	"renovote-revoked-v1"
#define SYNC_REVOKED_DOMAIN_LEN	20	/* with its NUL */

/*
 * The bytes a kiosk signs for one sync request (docs/protocol.md, "Sync
 * over HTTPS"): the domain, method and target as str, the time as i64,
 * the nonce's SYNC_NONCE_LEN bytes and the SHA-256 of the body.  method
 * and target are at most RV_NAME_MAX and SYNC_TARGET_MAX bytes; the
 * caller checked.
 */
void
sync_auth_message(const char *method, const char *target, rv_ms at,
    const uint8_t nonce[SYNC_NONCE_LEN], const void *body, size_t bodylen,
    uint8_t **out, size_t *outlen)
{
	size_t	 mlen = strlen(method), tlen = strlen(target), len, o = 0;
	uint8_t	*p;

	if (mlen > RV_NAME_MAX || tlen > SYNC_TARGET_MAX)
		fatal("sync_auth_message: method or target too long");
	len = SYNC_DOMAIN_LEN + 2 + mlen + 2 + tlen + 8 + SYNC_NONCE_LEN +
	    RV_HASH_LEN;
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
	o += 8;
	memcpy(p + o, nonce, SYNC_NONCE_LEN);
	o += SYNC_NONCE_LEN;
	ledger_sha256(body != NULL ? body : "", bodylen, p + o);
	*out = p;
	*outlen = len;
}

/*
 * Sign one sync request with the kiosk's key under a fresh random nonce:
 * noncehex receives the nonce as 32 hex digits and a NUL, sighex the
 * signature as 128 hex digits and a NUL.
 */
enum rv_status
sync_auth_sign(const struct rv_key *key, const char *method,
    const char *target, rv_ms at, const void *body, size_t bodylen,
    char noncehex[2 * SYNC_NONCE_LEN + 1], char sighex[2 * RV_SIG_LEN + 1],
    char **cause)
{
	uint8_t		*msg, sig[RV_SIG_LEN], nonce[SYNC_NONCE_LEN];
	size_t		 len;
	enum rv_status	 st;

	if (RAND_bytes(nonce, sizeof nonce) != 1)
		return rv_fail(cause, RV_EENV, "no random bytes for a sync "
		    "nonce");
	sync_auth_message(method, target, at, nonce, body, bodylen, &msg,
	    &len);
	st = key_sign(key, msg, len, sig, cause);
	free(msg);
	if (st == RV_OK) {
		hex_encode(nonce, SYNC_NONCE_LEN, noncehex);
		hex_encode(sig, RV_SIG_LEN, sighex);
	}
	return st;
}

/*
 * The bytes the office signs to tell a kiosk it is revoked: the domain
 * "renovote-revoked-v1" and a NUL, the device as str and the revocation
 * time as i64 (docs/protocol.md, "Revocation").  device is an id.
 */
void
sync_revoked_message(const char *device, rv_ms at, uint8_t **out,
    size_t *outlen)
{
	size_t	 dlen = strlen(device), len;
	uint8_t	*p;

	if (dlen > RV_NAME_MAX)
		fatal("sync_revoked_message: device too long");
	len = SYNC_REVOKED_DOMAIN_LEN + 2 + dlen + 8;
	p = xmalloc(len);
	memcpy(p, SYNC_REVOKED_DOMAIN, SYNC_REVOKED_DOMAIN_LEN);
	be_put(p + SYNC_REVOKED_DOMAIN_LEN, dlen, 2);
	memcpy(p + SYNC_REVOKED_DOMAIN_LEN + 2, device, dlen);
	be_put(p + SYNC_REVOKED_DOMAIN_LEN + 2 + dlen, (uint64_t)at, 8);
	*out = p;
	*outlen = len;
}

/*
 * Remember a request's nonce at the office, in a transaction of its own:
 * a nonce the device already used inside the time window is refused (a
 * replayed request).  Nonces older than the window go: a request that
 * old is refused by its time.
 */
static enum rv_status
sync_nonce_use(struct store *s, const char *device,
    const uint8_t nonce[SYNC_NONCE_LEN], rv_ms at, rv_ms now, char **cause)
{
	int		 used;
	enum rv_status	 st;

	if ((st = store_begin(s, cause)) != RV_OK)
		return st;
	if ((st = store_sync_nonce_put(s, device, nonce, SYNC_NONCE_LEN, at,
	    now - SYNC_CLOCK_SKEW_MS, &used, cause)) != RV_OK) {
		store_rollback(s);
		return st;
	}
	if (used) {
		store_rollback(s);
		return rv_fail(cause, RV_EINPUT, "%s: already used by kiosk "
		    "'%s' (a replayed request)", SYNC_HDR_NONCE, device);
	}
	return store_commit(s, cause);
}

/*
 * Check a sync request's authentication at the office: device must be
 * enrolled (else *refusal SYNC_FORBIDDEN), the time (decimal ms) within
 * SYNC_CLOCK_SKEW_MS of now, the signature valid and the nonce (32 hex
 * digits) not used before (else SYNC_UNAUTHENTICATED); a revoked device
 * whose signature verifies is SYNC_REVOKED, so the office can tell it.
 * Store failures are RV_EENV.
 */
enum rv_status
sync_auth_verify(struct store *s, const char *device, const char *method,
    const char *target, const char *timestr, const char *noncestr,
    const char *sighex, const void *body, size_t bodylen, rv_ms now,
    enum sync_refusal *refusal, char **cause)
{
	uint8_t		*msg, sig[RV_SIG_LEN], nonce[SYNC_NONCE_LEN];
	char		*pub = NULL, *end;
	size_t		 len;
	long long	 at;
	int		 revoked, ok;
	enum rv_status	 st;

	*refusal = SYNC_UNAUTHENTICATED;
	if (device == NULL || timestr == NULL || noncestr == NULL ||
	    sighex == NULL)
		return rv_fail(cause, RV_EINPUT, "the request is not signed "
		    "(%s, %s, %s and %s are required)", SYNC_HDR_DEVICE,
		    SYNC_HDR_TIME, SYNC_HDR_NONCE, SYNC_HDR_SIGNATURE);
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
	if (strlen(noncestr) != 2 * SYNC_NONCE_LEN ||
	    hex_decode(noncestr, strlen(noncestr), nonce, sizeof nonce) != 0)
		return rv_fail(cause, RV_EINPUT, "%s: not 32 hex digits",
		    SYNC_HDR_NONCE);
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
	sync_auth_message(method, target, (rv_ms)at, nonce, body, bodylen,
	    &msg, &len);
	ok = key_verify(pub, msg, len, sig);
	free(msg);
	free(pub);
	if (!ok)
		return rv_fail(cause, RV_EINPUT, "%s: does not verify with "
		    "kiosk '%s''s key", SYNC_HDR_SIGNATURE, device);
	if (revoked) {
		*refusal = SYNC_REVOKED;
		return rv_fail(cause, RV_EINPUT, "kiosk '%s' is revoked",
		    device);
	}
	return sync_nonce_use(s, device, nonce, (rv_ms)at, now, cause);
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
 * Flag a kiosk for the committee with reason, in a transaction of its
 * own (after the caller rolled its own back).  Best effort: the refusal
 * itself is what the caller reports.
 */
void
sync_flag(struct store *s, const char *device, const char *reason)
{
	if (store_begin(s, NULL) == RV_OK) {
		if (store_flag_add(s, device, reason, NULL) == RV_OK)
			store_commit(s, NULL);
		else
			store_rollback(s);
	}
}

/* Flag a forked kiosk (sync_flag): "fork in NAME". */
void
sync_flag_fork(struct store *s, const char *device, const char *name)
{
	char	*reason;

	xasprintf(&reason, "fork in %s", name);
	sync_flag(s, device, reason);
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
