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
#define HTTP_CERT_CHECK_S	86400	/* certificate expiry looked at daily */
#define HTTP_SYNC_QUEUE_MAX	32	/* sync requests waiting their turn */
#define HTTP_SYNC_RETRY_S	2	/* Retry-After when the queue is full */

/*
 * Pages from elsewhere than one office's store (city serve): respond
 * answers as web_cache_respond does; start, when not NULL, is called
 * once the event loop exists, before the server listens, and stop (when
 * start succeeded) before the loop is freed.
 */
struct event_base;
struct web_request;
struct web_cached;
struct http_pages {
	enum rv_status	(*respond)(void *, const struct web_request *,
			    const struct web_cached **, char **);
	enum rv_status	(*start)(void *, struct event_base *, char **);
	void		(*stop)(void *);
	void		*arg;
};

/* What serve was asked for. */
struct http_config {
	struct store	*store;		/* the office database, open; NULL:
					   pages only, no sync API */
	const struct http_pages *pages;	/* NULL: the store's own pages */
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
	int		 access_log;	/* a line per request on stdout */
};

/* The rates limited per client (http-limit.c). */
enum http_rate {
	HTTP_RATE_RECEIPT,		/* /r/ and /api/r/ lookups */
	HTTP_RATE_SYNC_FAIL,		/* sync requests refused as unsigned */
	HTTP_RATES
};

struct evhttp_request;
struct evbuffer;
struct http_server;
struct http_worker;
struct http_client;
struct http_clients;
struct sockaddr;
struct web_cache;

/*
 * One sync request on its way through the worker (http-worker.c): made
 * by the loop from the request, answered by the worker from its own
 * connection, sent by the loop.  The worker never touches req.
 */
struct sync_job {
	struct evhttp_request	*req;		/* the loop's alone */
	int			 method;	/* enum evhttp_cmd_type */
	char			*path;		/* decoded */
	char			*target;	/* raw, as signed */
	char			*device;	/* the signature's headers */
	char			*time;
	char			*nonce;
	char			*signature;
	struct evbuffer		*body;		/* moved from the request */

	/* The answer, made by the worker. */
	int			 status;
	const char		*type;		/* Content-Type */
	void			*reply;
	size_t			 reply_len;
	int			 refused;	/* a signature refused: rate it */
	struct sync_job		*next;		/* in the worker's queues */
};

/* http.c */
enum rv_status http_serve(const struct http_config *, char **);
void	 http_reply(struct evhttp_request *, int, const char *, const void *,
	    size_t, int);
void	 http_reply_json(struct evhttp_request *, int, json_t *);
void	 http_reply_error(struct evhttp_request *, int, const char *);
struct http_worker *http_worker(struct http_server *);
struct web_cache *http_cache(struct http_server *);
int	 http_rate_check(struct http_server *, struct evhttp_request *,
	    enum http_rate, int);
char	*http_path_decode(const char *, size_t);
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
void	 http_sync_run(struct store *, struct sync_job *);
void	 http_sync_answer(struct http_server *, struct sync_job *);
void	 http_sync_job_free(struct sync_job *);

/* http-worker.c */
enum rv_status http_worker_start(struct http_server *, struct event_base *,
	    const char *, struct http_worker **, char **);
int	 http_worker_submit(struct http_worker *, struct sync_job *);
void	 http_worker_stop(struct http_worker *);

#endif /* RENOVOTE_HTTP_H */
