/*
 * serve: the HTTPS server for kiosks (the sync API) and phones (the
 * results pages).  The server itself is http.c.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "office.h"
#include "http.h"
#include "store.h"

static enum rv_status cmd_serve_exec(struct cmd *, char **);

const struct cmd_entry cmd_serve_entry = {
	.name = "serve",
	.options = "db:,sync-fail-rate:," SERVE_OPTIONS,
	.minargs = 0,
	.maxargs = 0,
	.usage = N_("[--db FILE] --listen HOST:PORT --cert PEM --key PEM "
	    "[--base-url URL]"),
	.help = N_("Serve over HTTPS (TLS 1.2 or later) the sync API for "
	    "enrolled kiosks and\nthe results pages for phones, until "
	    "SIGTERM or SIGINT.  --cert is the\nserver's certificate chain, "
	    "--key its private key (PEM).  --base-url is the\npublic address "
	    "the pages link to (default https://HOST:PORT).\n"
	    "--max-connections N (default 256) caps open connections, "
	    "--timeout S\n(default 30) is how long one request may take; "
	    "--pidfile FILE is written\nonce the server listens.\n"
	    "--max-per-client N (default 32) caps one address's open "
	    "connections;\n--handshake-timeout S (default 10) is the time "
	    "for the TLS handshake,\n--header-timeout S (default 10) for "
	    "the first request's headers after it.\n--receipt-rate N "
	    "(default 30) receipt lookups and --sync-fail-rate N\n(default "
	    "10) refused sync requests an address may make a minute; past "
	    "them it\ngets 429.  Each request is logged on standard output "
	    "(time, address,\nmethod, path with receipts hidden, status, bytes, "
	    "milliseconds) unless\n--no-access-log; a certificate expiring "
	    "within 30 days is warned of at\nstart and daily."),
	.exec = cmd_serve_exec,
};

/*
 * Split HOST:PORT (HOST may be [v6] or empty for every address) into
 * allocated host and port.
 */
static enum rv_status
serve_listen(const char *listen, char **host, char **port, char **cause)
{
	const char	*colon = strrchr(listen, ':');
	size_t		 hlen;
	long		 n;
	char		*end;

	if (colon == NULL)
		goto bad;
	n = strtol(colon + 1, &end, 10);
	if (colon[1] == '\0' || *end != '\0' || n < 1 || n > 65535)
		goto bad;
	hlen = (size_t)(colon - listen);
	if (hlen >= 2 && listen[0] == '[' && listen[hlen - 1] == ']')
		*host = xstrndup(listen + 1, hlen - 2);
	else if (memchr(listen, ':', hlen) != NULL || memchr(listen, '[',
	    hlen) != NULL)
		goto bad;
	else
		*host = xstrndup(listen, hlen);
	*port = xstrdup(colon + 1);
	return RV_OK;
bad:
	return rv_fail(cause, RV_EUSAGE, "serve: --listen: '%s' is not "
	    "HOST:PORT", listen);
}

/*
 * Fill cfg from the options every server takes (SERVE_OPTIONS): the
 * address, the certificate and key, the limits, the public base URL.
 * Warns of a certificate that expires soon.  Free with
 * serve_config_clear, also after a failure.
 */
enum rv_status
serve_config(struct cmd *c, struct http_config *cfg, char **cause)
{
	const char		*listen, *base;
	long			 conns = HTTP_CONNECTIONS_DEFAULT;
	long			 timeout = HTTP_TIMEOUT_DEFAULT;
	long			 per_client = HTTP_PER_CLIENT_DEFAULT;
	long			 handshake = HTTP_HANDSHAKE_DEFAULT;
	long			 header = HTTP_HEADER_DEFAULT;
	long			 receipt_rate = HTTP_RECEIPT_RATE_DEFAULT;
	long			 fail_rate = HTTP_SYNC_FAIL_DEFAULT;
	char			*warning;
	enum rv_status		 st;

	memset(cfg, 0, sizeof *cfg);
	cfg->pidfile = cmd_get(c, "pidfile");
	if ((st = cmd_require(c, "listen", &listen, cause)) != RV_OK ||
	    (st = cmd_require(c, "cert", &cfg->cert, cause)) != RV_OK ||
	    (st = cmd_require(c, "key", &cfg->key, cause)) != RV_OK ||
	    (st = cmd_get_number(c, "max-connections", 1,
	    HTTP_CONNECTIONS_MAX, &conns, cause)) != RV_OK ||
	    (st = cmd_get_number(c, "timeout", 1, HTTP_TIMEOUT_MAX, &timeout,
	    cause)) != RV_OK ||
	    (st = cmd_get_number(c, "max-per-client", 1,
	    HTTP_CONNECTIONS_MAX, &per_client, cause)) != RV_OK ||
	    (st = cmd_get_number(c, "handshake-timeout", 1, HTTP_TIMEOUT_MAX,
	    &handshake, cause)) != RV_OK ||
	    (st = cmd_get_number(c, "header-timeout", 1, HTTP_TIMEOUT_MAX,
	    &header, cause)) != RV_OK ||
	    (st = cmd_get_number(c, "receipt-rate", 1, HTTP_RATE_MAX,
	    &receipt_rate, cause)) != RV_OK ||
	    (st = cmd_get_number(c, "sync-fail-rate", 1, HTTP_RATE_MAX,
	    &fail_rate, cause)) != RV_OK ||
	    (st = serve_listen(listen, &cfg->host, &cfg->port, cause)) != RV_OK)
		return st;
	cfg->max_connections = (int)conns;
	cfg->timeout = (int)timeout;
	cfg->per_client = (int)per_client;
	cfg->handshake_timeout = (int)handshake;
	cfg->header_timeout = (int)header;
	cfg->receipt_rate = (int)receipt_rate;
	cfg->sync_fail_rate = (int)fail_rate;
	cfg->access_log = !cmd_has(c, "no-access-log");
	if ((base = cmd_get(c, "base-url")) != NULL && *base != '\0') {
		if ((st = url_base_check(base, "serve: --base-url",
		    &cfg->base_url, cause)) != RV_OK)
			return st;
	} else
		xasprintf(&cfg->base_url, "https://%s", listen);
	/* The journal keeps it where the staff who renew it will look. */
	if ((warning = tls_cert_warning(cfg->cert, time(NULL))) != NULL)
		fprintf(stderr, _("%s: warning: %s\n"), office_program.name,
		    warning);
	free(warning);
	return RV_OK;
}

/* Free what serve_config allocated; the store is the caller's. */
void
serve_config_clear(struct http_config *cfg)
{
	free(cfg->host);
	free(cfg->port);
	free(cfg->base_url);
	cfg->host = cfg->port = cfg->base_url = NULL;
}

/* Check the options, then serve until told to stop. */
static enum rv_status
cmd_serve_exec(struct cmd *c, char **cause)
{
	struct http_config	 cfg;
	enum rv_status		 st;

	if ((st = serve_config(c, &cfg, cause)) == RV_OK &&
	    (st = cmd_open_store(c, &cfg.store, cause)) == RV_OK)
		st = http_serve(&cfg, cause);
	store_close(cfg.store);
	serve_config_clear(&cfg);
	return st;
}
