/*
 * bench-static: the static-file baseline of make bench's page figure.
 * It is the office's own HTTPS server (server-sync/http.c: the same TLS,
 * limits, deadline and headers) with the page code replaced by one file
 * held in memory, answered for every page path:
 *
 *   bench-static DB PORT CERT KEY FILE PIDFILE
 *
 * listens on 127.0.0.1:PORT until SIGTERM.  bench/serve.sh serves FILE =
 * the bytes of /e/ESTATE as renovote-office serve built them, so the two
 * figures differ only by what building the page costs.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "renovote.h"
#include "http.h"
#include "web.h"
#include "store.h"

static struct web_cached page;	/* the file served for every path */

/*
 * The stand-in for the cache of pages: the same bytes, from memory, for
 * every request; no ETag, no gzip form (make bench's clients ask for
 * neither).
 */
struct web_cache *
web_cache_new(struct store *s, size_t max_bytes)
{
	return (struct web_cache *)&page;
}

/* Nothing to free: the page is static. */
void
web_cache_free(struct web_cache *c)
{
}

/* Nothing is kept that could go stale. */
void
web_cache_changed(struct web_cache *c)
{
}

/* The one page, for every request. */
enum rv_status
web_cache_respond(struct web_cache *c, const struct web_request *req,
    const struct web_cached **out, char **cause)
{
	*out = &page;
	return RV_OK;
}

/* Read the file, serve it until told to stop. */
int
main(int argc, char **argv)
{
	struct http_config	 cfg;
	char			*cause = NULL, *body = NULL;
	enum rv_status		 st;

	if (argc != 7) {
		fprintf(stderr, "usage: bench-static DB PORT CERT KEY FILE "
		    "PIDFILE\n");
		return RV_EUSAGE;
	}
	memset(&cfg, 0, sizeof cfg);
	cfg.host = xstrdup("127.0.0.1");
	cfg.port = xstrdup(argv[2]);
	cfg.cert = argv[3];
	cfg.key = argv[4];
	cfg.pidfile = argv[6];
	cfg.max_connections = HTTP_CONNECTIONS_DEFAULT;
	cfg.timeout = HTTP_TIMEOUT_DEFAULT;
	cfg.per_client = HTTP_CONNECTIONS_DEFAULT;
	cfg.handshake_timeout = HTTP_HANDSHAKE_DEFAULT;
	cfg.header_timeout = HTTP_HEADER_DEFAULT;
	cfg.receipt_rate = HTTP_RATE_MAX;
	cfg.sync_fail_rate = HTTP_SYNC_FAIL_DEFAULT;
	xasprintf(&cfg.base_url, "https://127.0.0.1:%s", argv[2]);
	page.status = 200;
	page.type = "text/html; charset=utf-8";
	page.language = "zh-CN";
	if ((st = file_read(argv[5], HTTP_BODY_MAX, &body, &page.len,
	    &cause)) != RV_OK)
		goto out;
	page.body = body;
	if ((st = store_open(argv[1], 0, &cfg.store, &cause)) != RV_OK)
		goto out;
	st = http_serve(&cfg, &cause);
out:
	if (st != RV_OK)
		fprintf(stderr, "bench-static: %s\n", cause);
	store_close(cfg.store);
	free(cause);
	free(body);
	free(cfg.host);
	free(cfg.port);
	free(cfg.base_url);
	return st;
}
