/*
 * libFuzzer harness: what the server does with a request before and
 * while routing it (http.c's request_cb): the target decoded strictly
 * (http_path_decode), the receipt-lookup test of the rate limit, then
 * web_respond with the query and Accept-Language (language negotiation,
 * query values, path ids) over a store holding a small roster.
 *
 * The input is the request target up to the first newline, then the
 * Accept-Language header up to the next (absent if there is none).
 *
 * Promises checked: a decoded path starts with '/', holds no control
 * character, is valid UTF-8 and has no "." or ".." segment; web_respond
 * either answers a status from 200 to 599 with a type and a body as long
 * as it says, or fails with a cause.  Anything else aborts.
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "renovote.h"
#include "store.h"
#include "ledger.h"
#include "http.h"
#include "web.h"

#define FUZZ_INPUT_MAX	(64 * 1024)
#define FUZZ_NOW	((rv_ms)1764900000000LL)

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct store	*store;

static const char roster[] =
    "estate_id,estate_name,building,entrance,room,flat_id,owner_id,"
    "area_m2,owner_name,area_source,estate_name_zh_TW,estate_name_en\n"
    "LC-XNY-01,槐荫小区,1,1,101,1-1-101,O-01-0001,86.42,潘金凤,register,"
    "槐蔭小區,Huaiyin Estate\n"
    "LC-XNY-01,槐荫小区,1,1,102,1-1-102,developer,72.65,洛阳槐荫置业有限"
    "公司,survey,槐蔭小區,Huaiyin Estate\n";

/* A store in a temporary directory holding the roster above. */
static void
setup(void)
{
	char		 dir[] = "/tmp/fuzz-http.XXXXXX", *db, *cause = NULL;
	struct rv_estate *es = NULL;
	size_t		 n = 0, i;

	if (mkdtemp(dir) == NULL)
		abort();
	xasprintf(&db, "%s/office.db", dir);
	if (store_open(db, STORE_CREATE, &store, &cause) != RV_OK ||
	    roster_parse("roster.csv", roster, sizeof roster - 1, &es, &n,
	    &cause) != RV_OK ||
	    store_begin(store, &cause) != RV_OK)
		goto bad;
	for (i = 0; i < n; i++) {
		if (store_roster_put(store, &es[i], &cause) != RV_OK)
			goto bad;
	}
	if (store_commit(store, &cause) != RV_OK)
		goto bad;
	estates_free(es, n);
	free(db);
	return;
bad:
	fprintf(stderr, "fuzz-http: %s\n", cause);
	abort();
}

/* A decoded path must keep every promise of http_path_decode. */
static void
check_path(const char *path)
{
	const char	*seg;
	size_t		 i, len = strlen(path);

	if (path[0] != '/' || !utf8_valid(path, len))
		abort();
	for (i = 0; i < len; i++) {
		if ((unsigned char)path[i] < 0x20 || path[i] == 0x7f)
			abort();
	}
	for (seg = path; seg != NULL; seg = strchr(seg + 1, '/')) {
		if (strcmp(seg, "/.") == 0 || strncmp(seg, "/./", 3) == 0 ||
		    strcmp(seg, "/..") == 0 || strncmp(seg, "/../", 4) == 0)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct web_request	 wreq;
	struct web_response	 wresp;
	const uint8_t		*nl;
	char			*uri, *lang = NULL, *path, *cause = NULL;
	const char		*q;
	size_t			 ulen, plen;
	enum rv_status		 st;

	if (size > FUZZ_INPUT_MAX)
		return 0;
	if (store == NULL)
		setup();
	nl = memchr(data, '\n', size);
	ulen = nl != NULL ? (size_t)(nl - data) : size;
	uri = xstrndup((const char *)data, ulen);
	if (nl != NULL)
		lang = xstrndup((const char *)nl + 1, size - ulen - 1);
	/* request_cb refuses a longer target with 414 first. */
	if (strlen(uri) > SYNC_TARGET_MAX)
		goto out;
	q = strchr(uri, '?');
	plen = q != NULL ? (size_t)(q - uri) : strlen(uri);
	if ((path = http_path_decode(uri, plen)) == NULL)
		goto out;
	check_path(path);
	(void)web_receipt_path(path, q);
	if (strncmp(path, "/api/sync/", 10) != 0) {
		memset(&wreq, 0, sizeof wreq);
		memset(&wresp, 0, sizeof wresp);
		wreq.path = path;
		wreq.query = q != NULL ? q + 1 : NULL;
		wreq.accept_language = lang;
		wreq.base_url = "https://office.example:8443";
		wreq.now = FUZZ_NOW;
		st = web_respond(store, &wreq, &wresp, &cause);
		if (st == RV_OK) {
			if (cause != NULL || wresp.status < 200 ||
			    wresp.status > 599 || wresp.type == NULL ||
			    (wresp.len > 0 && wresp.body == NULL))
				abort();
		} else if (cause == NULL)
			abort();
		web_response_clear(&wresp);
	}
	free(path);
out:
	free(uri);
	free(lang);
	free(cause);
	return 0;
}
