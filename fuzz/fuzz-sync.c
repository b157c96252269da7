/*
 * libFuzzer harness: a signed sync request as the office checks it
 * (sync_auth_verify, what http-sync.c calls before anything else), then
 * the chunk header a records request carries (ledger_bundle_header_read).
 *
 * The input is one flag byte, then the device, method, target, time,
 * nonce and signature headers, each ended by a newline, then the body.
 * Flag bit 0 replaces the nonce and signature by a fresh nonce and a real
 * signature of the enrolled kiosk "hall-1" over what was given; bit 1 replaces the time by one within the clock
 * skew (the other bits pick how far), so the fuzzer reaches the paths
 * past the signature too.
 *
 * Promises checked: a request is accepted only when it names the
 * enrolled kiosk and its signature verifies with that kiosk's key over
 * exactly the method, target, time, nonce and body; a properly signed request of
 * the kiosk inside the skew is accepted; a refusal carries a cause.
 * Anything else aborts.
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "renovote.h"
#include "ledger.h"
#include "store.h"

#define FUZZ_INPUT_MAX	(1024 * 1024)
#define FUZZ_DEVICE	"hall-1"
#define FUZZ_NOW	((rv_ms)1764900000000LL)

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct store	*store;
static struct rv_key	*key;
static char		*pub;

/* A store in a temporary directory with one enrolled kiosk and its key. */
static void
setup(void)
{
	char	 dir[] = "/tmp/fuzz-sync.XXXXXX", *db, *kf, *cause = NULL;

	if (mkdtemp(dir) == NULL)
		abort();
	xasprintf(&db, "%s/office.db", dir);
	xasprintf(&kf, "%s/kiosk.key", dir);
	if (store_open(db, STORE_CREATE, &store, &cause) != RV_OK ||
	    key_generate(kf, &pub, &cause) != RV_OK ||
	    key_load(kf, &key, &cause) != RV_OK ||
	    store_device_put(store, FUZZ_DEVICE, pub, &cause) != RV_OK) {
		fprintf(stderr, "fuzz-sync: %s\n", cause);
		abort();
	}
	unlink(kf);
	free(db);
	free(kf);
}

/* The next newline-ended field of [*p, end) as a string; NULL if none. */
static char *
field(const uint8_t **p, const uint8_t *end)
{
	const uint8_t	*nl = memchr(*p, '\n', (size_t)(end - *p));
	char		*f;

	if (nl == NULL)
		return NULL;
	f = xstrndup((const char *)*p, (size_t)(nl - *p));
	*p = nl + 1;
	return f;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t	*p, *end = data + size;
	struct rv_bundle_header bh;
	enum sync_refusal why;
	char		*device = NULL, *method = NULL, *target = NULL;
	char		*timestr = NULL, *noncestr = NULL, *sighex = NULL;
	char		*cause = NULL, sig[2 * RV_SIG_LEN + 1], t[32];
	char		 nonce[2 * SYNC_NONCE_LEN + 1];
	uint8_t		 flags, *msg, raw[RV_SIG_LEN], nraw[SYNC_NONCE_LEN];
	long long	 at;
	size_t		 len, msglen;
	int		 ok, proper;
	enum rv_status	 st;

	if (size < 1 || size > FUZZ_INPUT_MAX)
		return 0;
	if (store == NULL)
		setup();
	flags = data[0];
	p = data + 1;
	if ((device = field(&p, end)) == NULL ||
	    (method = field(&p, end)) == NULL ||
	    (target = field(&p, end)) == NULL ||
	    (timestr = field(&p, end)) == NULL ||
	    (noncestr = field(&p, end)) == NULL ||
	    (sighex = field(&p, end)) == NULL)
		goto out;
	len = (size_t)(end - p);
	if (strlen(method) > RV_NAME_MAX || strlen(target) > SYNC_TARGET_MAX)
		goto out;	/* evhttp and request_cb stop these first */
	if (flags & 2) {
		snprintf(t, sizeof t, "%lld", (long long)(FUZZ_NOW +
		    ((int)(flags >> 2) - 32) * 5000));
		free(timestr);
		timestr = xstrdup(t);
	}
	at = strtoll(timestr, NULL, 10);
	if (flags & 1) {
		if (sync_auth_sign(key, method, target, (rv_ms)at, p, len, nonce,
		    sig, &cause) != RV_OK)
			abort();
		free(sighex);
		sighex = xstrdup(sig);
		free(noncestr);
		noncestr = xstrdup(nonce);
	}
	st = sync_auth_verify(store, device, method, target, timestr, noncestr,
	    sighex, p, len, FUZZ_NOW, &why, &cause);
	proper = (flags & 3) == 3 && strcmp(device, FUZZ_DEVICE) == 0 &&
	    at > 0 && strspn(timestr, "0123456789") == strlen(timestr);
	if (st != RV_OK) {
		if (cause == NULL || proper)
			abort();
		goto out;
	}
	/* Accepted: it must be the kiosk's, and its signature hold. */
	if (cause != NULL || strcmp(device, FUZZ_DEVICE) != 0 ||
	    strlen(sighex) != 2 * RV_SIG_LEN ||
	    hex_decode(sighex, strlen(sighex), raw, sizeof raw) != 0 ||
	    strlen(noncestr) != 2 * SYNC_NONCE_LEN ||
	    hex_decode(noncestr, strlen(noncestr), nraw, sizeof nraw) != 0)
		abort();
	sync_auth_message(method, target, (rv_ms)at, nraw, p, len, &msg,
	    &msglen);
	ok = key_verify(pub, msg, msglen, raw);
	free(msg);
	if (!ok)
		abort();
	/* What a records request does next with its body. */
	if (ledger_bundle_header_read("chunk", p, len, &bh, &cause) != RV_OK) {
		if (cause == NULL)
			abort();
	} else if (cause != NULL || !id_valid(bh.device))
		abort();
out:
	free(device);
	free(method);
	free(target);
	free(timestr);
	free(noncestr);
	free(sighex);
	free(cause);
	return 0;
}
