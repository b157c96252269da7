/*
 * The street office's HTTPS server (http.c, http-sync.c): libevent's
 * evhttp over OpenSSL bufferevents.  Pages and JSON come from web.c; the
 * sync API under /api/sync/ is answered here.
 */

#ifndef RENOVOTE_HTTP_H
#define RENOVOTE_HTTP_H

#include <jansson.h>

#include "renovote.h"

/* Named limits of the server; docs/protocol.md, "Sync over HTTPS". */
#define HTTP_BODY_MAX		(8 * 1024 * 1024)	/* a request's body */
#define HTTP_HEADERS_MAX	(16 * 1024)	/* a request's headers */
#define HTTP_TIMEOUT_DEFAULT	30	/* seconds for one request */
#define HTTP_CONNECTIONS_DEFAULT 256	/* open connections at once */
#define HTTP_CONNECTIONS_MAX	100000
#define HTTP_TIMEOUT_MAX	3600
#define SYNC_HELD_MAX		10000	/* estates a kiosk says it holds */

/* What serve was asked for. */
struct http_config {
	struct store	*store;		/* the office database, open */
	char		*host;		/* to listen on */
	char		*port;
	const char	*cert;		/* PEM chain */
	const char	*key;		/* PEM private key */
	char		*base_url;	/* public base of the pages */
	const char	*pidfile;	/* written once listening, or NULL */
	int		 max_connections;
	int		 timeout;	/* seconds */
};

struct evhttp_request;
struct http_server;

/* http.c */
enum rv_status http_serve(const struct http_config *, char **);
void	 http_reply(struct evhttp_request *, int, const char *, const void *,
	    size_t, int);
void	 http_reply_json(struct evhttp_request *, int, json_t *);
void	 http_reply_error(struct evhttp_request *, int, const char *);
struct store *http_store(struct http_server *);

/* http-sync.c */
void	 http_sync_handle(struct http_server *, struct evhttp_request *,
	    const char *, const char *);

#endif /* RENOVOTE_HTTP_H */
