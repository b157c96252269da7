/*
 * libFuzzer harness: one ledger record (ledger_record_decode).
 *
 * The encoding is canonical (docs/protocol.md): whatever ledger_record_decode
 * accepts, ledger_record_encode must write back byte for byte, ledger_record_seal must
 * agree, and the hash must be SHA-256 of the bytes.  Anything else aborts.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "renovote.h"
#include "store.h"

/* Past RV_RECORD_MAX, so the length refusal is reached too. */
#define FUZZ_INPUT_MAX	(2 * RV_RECORD_MAX)

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rv_record rec;
	uint8_t		 hash[RV_HASH_LEN], *out = NULL;
	char		*cause = NULL, receipt[RV_RECEIPT_TEXT];
	char		 norm[RV_RECEIPT_LEN + 1];
	size_t		 outlen = 0;

	if (size > FUZZ_INPUT_MAX)
		return 0;
	if (ledger_record_decode(data, size, &rec, &cause) != RV_OK) {
		if (cause == NULL)
			abort();
		free(cause);
		return 0;
	}
	if (cause != NULL || size > RV_RECORD_MAX)
		abort();

	/* Canonical: decoding then encoding gives the same bytes. */
	if (ledger_record_encode(&rec, &out, &outlen, &cause) != RV_OK)
		abort();
	if (outlen != size || memcmp(out, data, size) != 0)
		abort();
	free(out);

	ledger_sha256(data, size, hash);
	if (memcmp(hash, rec.hash, RV_HASH_LEN) != 0)
		abort();
	/* Paper forms (ballots, suggestions) carry their own cast_at. */
	if (rec.type != RV_REC_BALLOT && rec.type != RV_REC_SUGGESTION &&
	    rec.cast_at != rec.time)
		abort();

	/* Sealing the decoded record changes nothing. */
	memset(rec.hash, 0, sizeof rec.hash);
	if (ledger_record_seal(&rec, &out, &outlen, &cause) != RV_OK)
		abort();
	if (outlen != size || memcmp(out, data, size) != 0 ||
	    memcmp(hash, rec.hash, RV_HASH_LEN) != 0)
		abort();
	free(out);

	/* The receipt reads back as itself. */
	ledger_receipt_from_hash(rec.hash, receipt, sizeof receipt);
	if (ledger_receipt_normalise(receipt, norm, sizeof norm) != 0 ||
	    strlen(norm) != RV_RECEIPT_LEN)
		abort();

	ledger_record_clear(&rec);
	return 0;
}
