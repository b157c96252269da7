/*
 * serve: the HTTPS server for kiosks (the sync API) and phones (the
 * results pages).  The server itself is http.c.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "office.h"
#include "http.h"
#include "store.h"

static enum rv_status cmd_serve_exec(struct cmd *, char **);

const struct cmd_entry cmd_serve_entry = {
	.name = "serve",
	.options = "db:,listen:,cert:,key:,base-url:,max-connections:,"
	    "timeout:,pidfile:",
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
	    "--pidfile FILE is written\nonce the server listens."),
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

/* Check the options, then serve until told to stop. */
static enum rv_status
cmd_serve_exec(struct cmd *c, char **cause)
{
	struct http_config	 cfg;
	const char		*listen, *base;
	long			 conns = HTTP_CONNECTIONS_DEFAULT;
	long			 timeout = HTTP_TIMEOUT_DEFAULT;
	enum rv_status		 st;

	memset(&cfg, 0, sizeof cfg);
	cfg.pidfile = cmd_get(c, "pidfile");
	if ((st = cmd_require(c, "listen", &listen, cause)) != RV_OK ||
	    (st = cmd_require(c, "cert", &cfg.cert, cause)) != RV_OK ||
	    (st = cmd_require(c, "key", &cfg.key, cause)) != RV_OK ||
	    (st = cmd_get_number(c, "max-connections", 1,
	    HTTP_CONNECTIONS_MAX, &conns, cause)) != RV_OK ||
	    (st = cmd_get_number(c, "timeout", 1, HTTP_TIMEOUT_MAX, &timeout,
	    cause)) != RV_OK ||
	    (st = serve_listen(listen, &cfg.host, &cfg.port, cause)) != RV_OK)
		goto out;
	cfg.max_connections = (int)conns;
	cfg.timeout = (int)timeout;
	if ((base = cmd_get(c, "base-url")) != NULL && *base != '\0') {
		if ((st = url_base_check(base, "serve: --base-url",
		    &cfg.base_url, cause)) != RV_OK)
			goto out;
	} else
		xasprintf(&cfg.base_url, "https://%s", listen);
	if ((st = cmd_open_store(c, &cfg.store, cause)) != RV_OK)
		goto out;
	st = http_serve(&cfg, cause);
out:
	store_close(cfg.store);
	free(cfg.host);
	free(cfg.port);
	free(cfg.base_url);
	return st;
}
