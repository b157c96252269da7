/*
 * libFuzzer harness: a bundle of ledger records (ledger_bundle_parse), what a
 * kiosk hands the office on a USB stick.
 *
 * On success every record is re-encoded canonically and compared with its
 * bytes in the bundle, the chain promises are checked again, and
 * ledger_bundle_encode of the parsed records and signature must give back the
 * input exactly: the framing is canonical too.  Anything else aborts.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "renovote.h"
#include "store.h"

#define FUZZ_INPUT_MAX	(1024 * 1024)

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_bundle(const struct rv_bundle *b, const uint8_t *data, size_t size)
{
	static const uint8_t	 zero[RV_HASH_LEN];
	const struct rv_record	*r;
	uint8_t			*out, hash[RV_HASH_LEN];
	char			*cause = NULL;
	size_t			 outlen, i;

	if (b->n == 0 || !id_valid(b->device))
		abort();
	for (i = 0; i < b->n; i++) {
		r = &b->records[i];
		if (strcmp(r->device, b->device) != 0 ||
		    r->seq != b->records[0].seq + i)
			abort();
		if (i > 0 && memcmp(r->prev, b->records[i - 1].hash,
		    RV_HASH_LEN) != 0)
			abort();
		if (r->seq == 1 && memcmp(r->prev, zero, RV_HASH_LEN) != 0)
			abort();
		if (ledger_record_encode(r, &out, &outlen, &cause) != RV_OK)
			abort();
		if (outlen != b->enclen[i] ||
		    memcmp(out, b->enc[i], outlen) != 0)
			abort();
		free(out);
		ledger_sha256(b->enc[i], b->enclen[i], hash);
		if (memcmp(hash, r->hash, RV_HASH_LEN) != 0)
			abort();
	}

	/* What the last record's head message is made of must be sound. */
	ledger_head_message(b->device, b->records[b->n - 1].seq,
	    b->records[b->n - 1].hash, &out, &outlen);
	free(out);

	if (ledger_bundle_encode(b->device, b->enc, b->enclen, b->n, b->sig, &out,
	    &outlen, &cause) != RV_OK)
		abort();
	if (outlen != size || memcmp(out, data, size) != 0)
		abort();
	free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rv_bundle *b = NULL;
	char		*cause = NULL;

	if (size > FUZZ_INPUT_MAX)
		return 0;
	if (ledger_bundle_parse("f.bundle", data, size, &b, &cause) == RV_OK) {
		if (b == NULL || cause != NULL)
			abort();
		check_bundle(b, data, size);
		ledger_bundle_free(b);
	} else if (b != NULL || cause == NULL)
		abort();
	free(cause);
	return 0;
}
