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
#define HTTP_PER_CLIENT_DEFAULT	32	/* open connections of one client */
#define HTTP_HANDSHAKE_DEFAULT	10	/* seconds for the TLS handshake */
#define HTTP_HEADER_DEFAULT	10	/* seconds for the first headers */
#define HTTP_RECEIPT_RATE_DEFAULT 30	/* receipt lookups a client a minute */
#define HTTP_SYNC_FAIL_DEFAULT	10	/* failed sync signatures a minute */
#define HTTP_RATE_MAX		100000

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
	int		 per_client;	/* open connections of one client */
	int		 handshake_timeout; /* seconds for the TLS handshake */
	int		 header_timeout; /* seconds for the first headers */
	int		 receipt_rate;	/* receipt lookups a client a minute */
	int		 sync_fail_rate; /* failed sync signatures a minute */
};

/* The rates limited per client (http-limit.c). */
enum http_rate {
	HTTP_RATE_RECEIPT,		/* /r/ and /api/r/ lookups */
	HTTP_RATE_SYNC_FAIL,		/* sync requests refused as unsigned */
	HTTP_RATES
};

struct evhttp_request;
struct http_server;
struct http_client;
struct http_clients;
struct sockaddr;
struct web_cache;

/* http.c */
enum rv_status http_serve(const struct http_config *, char **);
void	 http_reply(struct evhttp_request *, int, const char *, const void *,
	    size_t, int);
void	 http_reply_json(struct evhttp_request *, int, json_t *);
void	 http_reply_error(struct evhttp_request *, int, const char *);
struct store *http_store(struct http_server *);
struct web_cache *http_cache(struct http_server *);
int	 http_rate_check(struct http_server *, struct evhttp_request *,
	    enum http_rate, int);
char	*http_path_decode(const char *, size_t);
int	 http_receipt_lookup(const char *, const char *);
void	 http_rate_charge(struct http_server *, struct evhttp_request *,
	    enum http_rate);

/* http-limit.c */
struct http_clients *http_clients_new(void);
void	 http_clients_free(struct http_clients *);
struct http_client *http_client_get(struct http_clients *,
	    const struct sockaddr *, rv_ms);
int	 http_client_connections(const struct http_client *);
void	 http_client_connected(struct http_client *, int);
int	 http_client_rate(struct http_client *, enum http_rate, int, int, rv_ms,
	    int *);

/* http-sync.c */
void	 http_sync_handle(struct http_server *, struct evhttp_request *,
	    const char *, const char *);

#endif /* RENOVOTE_HTTP_H */
