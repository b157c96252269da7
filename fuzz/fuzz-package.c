/*
 * libFuzzer harness: estate packages (package_parse), what a kiosk loads
 * from a USB stick, with pinned NULL as on a kiosk's first load.
 *
 * Two ways in, by the input's first bytes:
 * - "RVPKG001...": the input is the package file as it is.  Fuzzed bytes
 *   almost never carry a valid signature, so this mostly reaches the
 *   framing, the JSON syntax and the key check.
 * - anything else: the input is the payload (the package's JSON), which
 *   the harness frames and signs with a fixed Ed25519 key (seed 0x00 ..
 *   0x1f, the key of the vectors in docs/protocol.md).  On a first load
 *   the package names its own key, so whoever writes a package can sign
 *   it: everything past the signature is untrusted input too, and this is
 *   how the fuzzer reaches it.  Seeds of this kind name that key.
 *
 * On success the package must hold what package.c promises; a broken
 * promise aborts.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "renovote.h"
#include "store.h"

#define FUZZ_INPUT_MAX	(1024 * 1024)
#define PKG_MAGIC	"RVPKG001"
#define PKG_MAGIC_LEN	8
#define PKG_CONTEXT	"renovote-package-v1"	/* then one 0x00 */

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static EVP_PKEY	*fuzz_key;

/* The fixed signing key, made once and kept for the life of the process. */
static EVP_PKEY *
key(void)
{
	uint8_t	 seed[32];
	size_t	 i;

	if (fuzz_key == NULL) {
		for (i = 0; i < sizeof seed; i++)
			seed[i] = (uint8_t)i;
		fuzz_key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL,
		    seed, sizeof seed);
		if (fuzz_key == NULL)
			abort();
	}
	return fuzz_key;
}

static void
put_be(uint8_t *p, uint64_t v, int n)
{
	int	 i;

	for (i = n - 1; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)(v & 0xff);
}

/* Frame and sign payload as package_build does. */
static uint8_t *
make_package(const uint8_t *payload, size_t plen, size_t *outlen)
{
	EVP_MD_CTX	*ctx;
	uint8_t		*msg, *buf;
	size_t		 clen = sizeof PKG_CONTEXT, siglen = RV_SIG_LEN, len;

	msg = xmalloc(clen + plen);
	memcpy(msg, PKG_CONTEXT, clen);
	if (plen > 0)
		memcpy(msg + clen, payload, plen);
	len = PKG_MAGIC_LEN + 4 + plen + 2 + RV_SIG_LEN;
	buf = xmalloc(len);
	memcpy(buf, PKG_MAGIC, PKG_MAGIC_LEN);
	put_be(buf + PKG_MAGIC_LEN, plen, 4);
	if (plen > 0)
		memcpy(buf + PKG_MAGIC_LEN + 4, payload, plen);
	put_be(buf + PKG_MAGIC_LEN + 4 + plen, RV_SIG_LEN, 2);
	if ((ctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestSignInit(ctx, NULL, NULL, NULL, key()) != 1 ||
	    EVP_DigestSign(ctx, buf + PKG_MAGIC_LEN + 4 + plen + 2, &siglen,
	    msg, clen + plen) != 1 || siglen != RV_SIG_LEN)
		abort();
	EVP_MD_CTX_free(ctx);
	free(msg);
	*outlen = len;
	return buf;
}

static void
check_package(const struct rv_package *p, const uint8_t *buf)
{
	const struct rv_estate	*e = p->estate;
	uint8_t			 digest[RV_HASH_LEN];
	size_t			 i, plen;

	plen = (size_t)buf[8] << 24 | (size_t)buf[9] << 16 |
	    (size_t)buf[10] << 8 | buf[11];
	ledger_sha256(buf + PKG_MAGIC_LEN + 4, plen, digest);
	if (memcmp(digest, p->digest, RV_HASH_LEN) != 0 || p->version == 0 ||
	    !key_pem_valid(p->office_pubkey))
		abort();
	if (e == NULL || !id_valid(e->id) || e->name == NULL ||
	    e->nflats == 0 || e->nowners == 0 || e->nowners > e->nflats)
		abort();
	for (i = 0; i < e->nflats; i++) {
		if (!id_valid(e->flats[i].flat_id) || e->flats[i].area <= 0 ||
		    e->flats[i].area > RV_AREA_MAX ||
		    e->flats[i].owner >= e->nowners)
			abort();
		if (i > 0 && strcmp(e->flats[i - 1].flat_id,
		    e->flats[i].flat_id) >= 0)
			abort();
	}
	if (p->ncodes > e->nflats)
		abort();
	for (i = 0; i < p->ncodes; i++) {
		if (estate_find_flat(e, p->codes[i].flat_id) == NULL ||
		    strlen(p->codes[i].hash) >= RV_CODE_HASH_MAX)
			abort();
	}
	if (p->plan == NULL || p->plan_src == NULL ||
	    strlen(p->plan_src) != p->plan_len ||
	    strcmp(p->plan->estate_id, e->id) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rv_package *p = NULL;
	const uint8_t	*buf = data;
	uint8_t		*made = NULL;
	char		*cause = NULL;
	size_t		 len = size;

	if (size > FUZZ_INPUT_MAX)
		return 0;
	if (size < PKG_MAGIC_LEN || memcmp(data, PKG_MAGIC, PKG_MAGIC_LEN) != 0)
		buf = made = make_package(data, size, &len);
	if (package_parse("f.pkg", buf, len, NULL, &p, &cause) == RV_OK) {
		if (p == NULL || cause != NULL)
			abort();
		check_package(p, buf);
		package_free(p);
	} else if (cause == NULL)
		abort();
	free(cause);
	free(made);
	return 0;
}
