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

static char	*page;		/* the file served for every path */
static size_t	 page_len;

/* The stand-in for the page code: the same bytes for every request. */
enum rv_status
web_respond(struct store *s, const struct web_request *req,
    struct web_response *resp, char **cause)
{
	memset(resp, 0, sizeof *resp);
	resp->status = 200;
	resp->type = "text/html; charset=utf-8";
	resp->body = xmalloc(page_len > 0 ? page_len : 1);
	memcpy(resp->body, page, page_len);
	resp->len = page_len;
	resp->language = xstrdup("zh-CN");
	return RV_OK;
}

/* Free what web_respond allocated; the struct itself stays. */
void
web_response_clear(struct web_response *resp)
{
	free(resp->body);
	free(resp->language);
	resp->body = NULL;
	resp->language = NULL;
}

/* Read the file, serve it until told to stop. */
int
main(int argc, char **argv)
{
	struct http_config	 cfg;
	char			*cause = NULL;
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
	if ((st = file_read(argv[5], HTTP_BODY_MAX, &page, &page_len,
	    &cause)) != RV_OK ||
	    (st = store_open(argv[1], 0, &cfg.store, &cause)) != RV_OK ||
	    (st = http_serve(&cfg, &cause)) != RV_OK)
		fprintf(stderr, "bench-static: %s\n", cause);
	store_close(cfg.store);
	free(cause);
	free(page);
	free(cfg.host);
	free(cfg.port);
	free(cfg.base_url);
	return st;
}
