/*
 * The street office's HTTPS server: one process, one libevent loop in
 * which evhttp parses HTTP over OpenSSL bufferevents, and one worker
 * thread storing what kiosks send (http-worker.c).
 *
 * NOTES ON THE DESIGN OF THE SERVER
 *
 * 1. TLS only, 1.2 at least, forward-secret AEAD ciphers, no compression,
 *    no renegotiation.  A client speaking anything else fails the
 *    handshake and its connection is closed.
 * 2. Every connection is a struct conn hung on its SSL object (ex_data);
 *    OpenSSL frees it with the SSL, whoever frees the connection, so the
 *    count of open connections cannot drift.  evhttp hands us a
 *    connection before its socket, so a new one is admitted on the next
 *    turn of the loop, when its peer is known: past max_connections, or
 *    past per_client connections of its client (http-limit.c), it is
 *    closed at once, before any TLS.
 * 3. Each connection has one deadline, in stages: the TLS handshake
 *    within handshake_timeout seconds of admission, then the first
 *    request's line and headers within header_timeout (each at most
 *    timeout), then the rest of
 *    it within timeout; each later request within timeout of the last
 *    being answered.  evhttp's own timeouts restart with every byte, so
 *    a client sending one byte a second (slowloris) would hold a
 *    connection for ever without it.  The end of the first headers is
 *    seen as the decrypted bytes arrive (conn_input), before evhttp
 *    parses them.
 * 4. The request target is decoded strictly here, once: an invalid
 *    percent escape, a NUL or control character, malformed UTF-8 or a
 *    "." or ".." segment is a 400 before any page code sees it.
 * 5. Pages take no body; sync requests at most HTTP_BODY_MAX bytes.
 *    The loop never waits for the database's writer: every sync request
 *    is answered by the worker, on its own connection, and the loop only
 *    sends the answer, so pages are served while a chunk is stored.
 * 6. Every answer is logged as one line on stdout (the journal, under
 *    systemd) by http_reply, the one place answers leave: no query
 *    string, no header and no receipt, so the log holds nothing that
 *    would let its reader look a vote up or act as a kiosk.
 * 7. The certificate's expiry is looked at again daily, so a server
 *    left running for months warns before phones and kiosks refuse it.
 */

#include "config.h"

#include <sys/param.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <malloc.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <jansson.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "office.h"
#include "http.h"
#include "web.h"
#include "store.h"

#define HTTP_LISTEN_BACKLOG	128
#define HTTP_LOG_PATH_MAX	200	/* bytes of a path in the access log */
#define HTTP_TRIM_BYTES		(4 * 1024 * 1024)	/* free heap kept */

/*
 * A strict Content-Security-Policy: the pages need no script, fetch
 * nothing from elsewhere and may not be framed.
 */
#define HTTP_CSP	"default-src 'none'; style-src 'self'; " \
	"img-src 'self' data:; base-uri 'none'; form-action 'self'; " \
	"frame-ancestors 'none'"
#define HTTP_HSTS	"max-age=31536000"

struct http_server {
	const struct http_config *cfg;
	struct event_base	*base;
	struct evhttp		*http;
	SSL_CTX			*ctx;
	struct store		*store;		/* the loop's: pages read it */
	struct http_worker	*worker;	/* answers the sync API */
	struct web_cache	*cache;		/* pages made once */
	struct http_clients	*clients;	/* per-client limits */
	int			 nconn;		/* open connections */
	int			 nadmitted;	/* of which admitted */
	struct event		*cert_check;	/* daily expiry warning */
	time_t			 cert_until;	/* when the certificate expires */
};

/* Where a connection is: what its deadline is for. */
enum conn_stage {
	CONN_NEW,		/* accepted, not yet admitted */
	CONN_HANDSHAKE,		/* admitted, TLS handshake under way */
	CONN_FIRST,		/* the first request's line and headers */
	CONN_REQUEST		/* the rest, and later requests */
};

/* One connection, freed with its SSL object (see conn_ex_free). */
struct conn {
	struct http_server	*srv;
	struct bufferevent	*bev;
	struct event		*deadline;
	struct evbuffer_cb_entry *input_cb;	/* conn_input on bev's input */
	struct http_client	*client;	/* NULL until admitted */
	enum conn_stage		 stage;
	int			 eoh;	/* bytes of an end of headers seen */
	rv_ms			 started;	/* the current request came in */
};

static int	 conn_index = -1;	/* SSL ex_data slot of struct conn */

static void	 tls_info(const SSL *, int, int);
static void	 reply_text(struct evhttp_request *, int, const char *);
static struct conn *conn_of(struct evhttp_request *);

/* The server's sync worker, for the sync API. */
struct http_worker *
http_worker(struct http_server *srv)
{
	return srv->worker;
}

/* The server's cache of pages, told by the sync handlers what they wrote. */
struct web_cache *
http_cache(struct http_server *srv)
{
	return srv->cache;
}

/*
 * The first of OpenSSL's queued errors that says something, as text: a
 * system error (a file not there, not readable) as strerror says it,
 * since OpenSSL 3 has no reason string for those.  The queue is emptied.
 */
static const char *
tls_error(void)
{
	unsigned long	 e;
	const char	*r = NULL;

	while (r == NULL && (e = ERR_get_error()) != 0) {
		if (ERR_SYSTEM_ERROR(e))
			r = strerror(ERR_GET_REASON(e));
		else
			r = ERR_reason_error_string(e);
	}
	ERR_clear_error();
	return r != NULL ? r : "unknown TLS error";
}

/*
 * The TLS context: certificate chain and key from cfg, TLS 1.2 at least,
 * ECDHE with AEAD ciphers for 1.2 (1.3's suites all qualify), no
 * compression, no renegotiation.  A file that does not load is refused
 * naming it.
 */
static enum rv_status
tls_context(const struct http_config *cfg, SSL_CTX **out, char **cause)
{
	SSL_CTX	*ctx;

	if ((ctx = SSL_CTX_new(TLS_server_method())) == NULL)
		return rv_fail(cause, RV_EENV, "TLS: %s", tls_error());
	if (SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1 ||
	    SSL_CTX_set_cipher_list(ctx, "ECDHE+AESGCM:ECDHE+CHACHA20:"
	    "!aNULL:!eNULL") != 1) {
		SSL_CTX_free(ctx);
		return rv_fail(cause, RV_EENV, "TLS: %s", tls_error());
	}
	SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION |
	    SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
	SSL_CTX_set_info_callback(ctx, tls_info);
	if (SSL_CTX_use_certificate_chain_file(ctx, cfg->cert) != 1) {
		SSL_CTX_free(ctx);
		return rv_fail(cause, RV_EINPUT, "%s: cannot load the "
		    "certificate: %s", cfg->cert, tls_error());
	}
	if (SSL_CTX_use_PrivateKey_file(ctx, cfg->key, SSL_FILETYPE_PEM) != 1 &&
	    ERR_GET_REASON(ERR_peek_error()) != X509_R_KEY_VALUES_MISMATCH) {
		SSL_CTX_free(ctx);
		return rv_fail(cause, RV_EINPUT, "%s: cannot load the private "
		    "key: %s", cfg->key, tls_error());
	}
	if (SSL_CTX_check_private_key(ctx) != 1) {
		ERR_clear_error();
		SSL_CTX_free(ctx);
		return rv_fail(cause, RV_EINPUT, "%s: does not match the "
		    "certificate %s", cfg->key, cfg->cert);
	}
	*out = ctx;
	return RV_OK;
}

/*
 * OpenSSL frees a connection's SSL object, and with it calls this for
 * the struct conn hung on it: the deadline goes and the count drops.
 */
static void
conn_ex_free(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx, long argl,
    void *argp)
{
	struct conn	*c = ptr;

	if (c == NULL)
		return;
	c->srv->nconn--;
	if (c->stage != CONN_NEW)
		c->srv->nadmitted--;
	if (c->client != NULL)
		http_client_connected(c->client, -1);
	/* The bufferevent, being freed, may drain its input after this. */
	evbuffer_remove_cb_entry(bufferevent_get_input(c->bev), c->input_cb);
	event_free(c->deadline);
	free(c);
}

/*
 * Close a connection as evhttp closes one that timed out, from the loop
 * (deferred), so evhttp frees it itself.
 */
static void
conn_close(struct conn *c)
{
	bufferevent_trigger_event(c->bev, BEV_EVENT_TIMEOUT |
	    BEV_EVENT_READING, BEV_TRIG_DEFER_CALLBACKS);
}

/* Start a connection's deadline again, for its present stage. */
static void
conn_arm(struct conn *c, int seconds)
{
	struct timeval	 tv = { seconds, 0 };

	evtimer_add(c->deadline, &tv);
}

/*
 * Admit a new connection now that its socket is set: close it if the
 * server is at max_connections or its client at per_client, else count
 * it and give it handshake_timeout for TLS.
 */
static void
conn_admit(struct conn *c)
{
	struct http_server	*srv = c->srv;
	struct sockaddr_storage	 ss;
	socklen_t		 sslen = sizeof ss;
	struct http_client	*cl = NULL;
	evutil_socket_t		 fd = bufferevent_getfd(c->bev);

	if (fd != -1 && getpeername(fd, (struct sockaddr *)&ss, &sslen) == 0)
		cl = http_client_get(srv->clients, (struct sockaddr *)&ss,
		    time_now());
	if (srv->nadmitted >= srv->cfg->max_connections || (cl != NULL &&
	    http_client_connections(cl) >= srv->cfg->per_client)) {
		conn_close(c);
		return;
	}
	srv->nadmitted++;
	c->stage = CONN_HANDSHAKE;
	if ((c->client = cl) != NULL)
		http_client_connected(cl, 1);
	conn_arm(c, MIN(srv->cfg->handshake_timeout, srv->cfg->timeout));
}

/* The deadline passed, or (CONN_NEW) the loop turned: admit or close. */
static void
conn_expire(evutil_socket_t fd, short what, void *arg)
{
	struct conn	*c = arg;

	if (c->stage == CONN_NEW)
		conn_admit(c);
	else
		conn_close(c);
}

/*
 * OpenSSL's progress on a connection: once the handshake is done, the
 * first request's headers have header_timeout.
 */
static void
tls_info(const SSL *ssl, int where, int ret)
{
	struct conn	*c;

	if ((where & SSL_CB_HANDSHAKE_DONE) == 0 ||
	    (c = SSL_get_ex_data(ssl, conn_index)) == NULL)
		return;
	if (c->stage == CONN_HANDSHAKE) {
		c->stage = CONN_FIRST;
		conn_arm(c, MIN(c->srv->cfg->header_timeout,
		    c->srv->cfg->timeout));
	}
}

/*
 * Decrypted bytes added to a connection's input, before evhttp reads
 * them: while the first request's headers are due, look in the new bytes
 * for their end (an empty line, CRLF or bare LF as evhttp accepts); from
 * there the request has timeout.  c->eoh carries a part-seen end between
 * calls.
 */
static void
conn_input(struct evbuffer *buf, const struct evbuffer_cb_info *info,
    void *arg)
{
	struct conn		*c = arg;
	struct evbuffer_ptr	 pos;
	unsigned char		 chunk[256];
	size_t			 len = evbuffer_get_length(buf), off, n, i;
	ev_ssize_t		 got;

	if (info->n_added == 0 || c->stage != CONN_FIRST ||
	    info->n_added > len)
		return;
	off = len - info->n_added;
	while (off < len) {
		n = len - off < sizeof chunk ? len - off : sizeof chunk;
		if (evbuffer_ptr_set(buf, &pos, off, EVBUFFER_PTR_SET) != 0 ||
		    (got = evbuffer_copyout_from(buf, &pos, chunk, n)) <= 0)
			return;
		for (i = 0; i < (size_t)got; i++) {
			if (chunk[i] == '\n') {
				if (c->eoh > 0) {
					c->stage = CONN_REQUEST;
					conn_arm(c, c->srv->cfg->timeout);
					return;
				}
				c->eoh = 1;
			} else if (chunk[i] != '\r')
				c->eoh = 0;
		}
		off += (size_t)got;
	}
}

/*
 * evhttp asks for the bufferevent of each accepted connection: a TLS
 * one, with its struct conn.  Its socket is not set yet: the deadline is
 * zero, so the connection is admitted or closed as soon as the loop runs
 * (conn_admit).
 */
static struct bufferevent *
conn_new(struct event_base *base, void *arg)
{
	struct http_server	*srv = arg;
	struct conn		*c;
	SSL			*ssl;

	if ((ssl = SSL_new(srv->ctx)) == NULL)
		fatal("SSL_new: %s", tls_error());
	c = xcalloc(1, sizeof *c);
	c->srv = srv;
	c->bev = bufferevent_openssl_socket_new(base, -1, ssl,
	    BUFFEREVENT_SSL_ACCEPTING, BEV_OPT_CLOSE_ON_FREE);
	if (c->bev == NULL)
		fatal("bufferevent_openssl_socket_new");
	if ((c->deadline = evtimer_new(base, conn_expire, c)) == NULL)
		fatal("evtimer_new");
	if ((c->input_cb = evbuffer_add_cb(bufferevent_get_input(c->bev),
	    conn_input, c)) == NULL)
		fatal("evbuffer_add_cb");
	srv->nconn++;
	SSL_set_ex_data(ssl, conn_index, c);
	conn_arm(c, 0);
	return c->bev;
}

/* The struct conn of a request's connection. */
static struct conn *
conn_of(struct evhttp_request *req)
{
	struct evhttp_connection *evcon = evhttp_request_get_connection(req);
	struct bufferevent	*bev;
	SSL			*ssl;

	if (evcon == NULL ||
	    (bev = evhttp_connection_get_bufferevent(evcon)) == NULL ||
	    (ssl = bufferevent_openssl_get_ssl(bev)) == NULL)
		return NULL;
	return SSL_get_ex_data(ssl, conn_index);
}

/* Count one event of a rate against a request's client, allowed or not. */
void
http_rate_charge(struct http_server *srv, struct evhttp_request *req,
    enum http_rate which)
{
	struct conn	*c = conn_of(req);
	int		 retry;

	if (c != NULL && c->client != NULL)
		http_client_rate(c->client, which, which == HTTP_RATE_RECEIPT ?
		    srv->cfg->receipt_rate : srv->cfg->sync_fail_rate, 1,
		    time_now(), &retry);
}

/*
 * Whether a request's client may have one more event of a rate (charged
 * with charge set).  If not, answer 429 with Retry-After (JSON for the
 * sync API) and return 0.  A request of no known client is allowed.
 */
int
http_rate_check(struct http_server *srv, struct evhttp_request *req,
    enum http_rate which, int charge)
{
	struct conn	*c = conn_of(req);
	char		 n[16];
	int		 rate, retry = 0;

	rate = which == HTTP_RATE_RECEIPT ? srv->cfg->receipt_rate :
	    srv->cfg->sync_fail_rate;
	if (c == NULL || http_client_rate(c->client, which, rate, charge,
	    time_now(), &retry))
		return 1;
	snprintf(n, sizeof n, "%d", retry);
	evhttp_add_header(evhttp_request_get_output_headers(req),
	    "Retry-After", n);
	if (which == HTTP_RATE_SYNC_FAIL)
		http_reply_error(req, 429, "too many refused sync requests "
		    "from this address; try again later");
	else
		reply_text(req, 429, "too many requests; try again later\n");
	return 0;
}

/*
 * Append the request target's path to buf for the access log: the query
 * dropped, a receipt replaced by "-", bytes outside printable ASCII as
 * %XX, at most HTTP_LOG_PATH_MAX bytes.  The target is the raw one, as
 * a 400 for a bad target is logged too.
 */
static void
access_path(const char *uri, char *buf, size_t size)
{
	size_t		 len = 0, i, n;
	const char	*q;
	unsigned char	 ch;

	if (uri == NULL) {
		snprintf(buf, size, "-");
		return;
	}
	n = (q = strchr(uri, '?')) != NULL ? (size_t)(q - uri) : strlen(uri);
	if (strncmp(uri, "/r/", 3) == 0 && n > 3)
		n = 3;
	else if (strncmp(uri, "/api/r/", 7) == 0 && n > 7)
		n = 7;
	for (i = 0; i < n && len + 4 < size && len < HTTP_LOG_PATH_MAX; i++) {
		ch = (unsigned char)uri[i];
		if (ch > 0x20 && ch < 0x7f)
			buf[len++] = (char)ch;
		else
			len += (size_t)snprintf(buf + len, size - len, "%%%02X",
			    ch);
	}
	if (n != strlen(uri) && q == NULL && len + 1 < size)
		buf[len++] = '-';	/* the receipt */
	buf[len] = '\0';
}

/*
 * The access log's line for an answer: the time (UTC), the client's
 * address, method, path (access_path), status, bytes of body sent and
 * the milliseconds since the request came in.
 */
static void
access_log(struct evhttp_request *req, int status, size_t sent)
{
	struct conn		 *c = conn_of(req);
	struct evhttp_connection *evcon = evhttp_request_get_connection(req);
	const char		 *method, *addr = NULL;
	char			  path[HTTP_LOG_PATH_MAX + 8], when[32];
	ev_uint16_t		  port;
	struct tm		  tm;
	time_t			  now = time(NULL);
	rv_ms			  took;

	if (c == NULL || !c->srv->cfg->access_log)
		return;
	if (evcon != NULL)
		evhttp_connection_get_peer(evcon, (char **)&addr, &port);
	switch (evhttp_request_get_command(req)) {
	case EVHTTP_REQ_GET:	method = "GET"; break;
	case EVHTTP_REQ_HEAD:	method = "HEAD"; break;
	case EVHTTP_REQ_POST:	method = "POST"; break;
	default:		method = "OTHER"; break;
	}
	access_path(evhttp_request_get_uri(req), path, sizeof path);
	if (gmtime_r(&now, &tm) == NULL ||
	    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(when, sizeof when, "-");
	took = c->started != 0 ? time_now() - c->started : 0;
	printf("%s %s %s %s %d %zu %lldms\n", when, addr != NULL ? addr : "-",
	    method, path, status, sent, (long long)took);
	fflush(stdout);
}

/*
 * Send a response with the headers every answer carries.  With cache
 * set, pages and assets may be stored but must be revalidated; sync
 * answers are never stored.  A HEAD request gets the headers only, a
 * 304 neither a body nor its type and length.
 */
void
http_reply(struct evhttp_request *req, int status, const char *type,
    const void *body, size_t len, int cache)
{
	struct evkeyvalq	*h = evhttp_request_get_output_headers(req);
	struct evbuffer		*buf;
	char			 n[32];

	snprintf(n, sizeof n, "%zu", len);
	if (status != 304) {
		evhttp_add_header(h, "Content-Type", type);
		evhttp_add_header(h, "Content-Length", n);
	}
	evhttp_add_header(h, "Cache-Control", cache ? "no-cache" : "no-store");
	/* Pages speak the language Accept-Language asked for, gzip or not. */
	if (cache)
		evhttp_add_header(h, "Vary", "Accept-Language, Accept-Encoding");
	evhttp_add_header(h, "X-Content-Type-Options", "nosniff");
	evhttp_add_header(h, "Content-Security-Policy", HTTP_CSP);
	evhttp_add_header(h, "Strict-Transport-Security", HTTP_HSTS);
	evhttp_add_header(h, "Referrer-Policy", "no-referrer");
	if ((buf = evbuffer_new()) == NULL)
		fatal("evbuffer_new");
	if (evhttp_request_get_command(req) == EVHTTP_REQ_HEAD || status == 304)
		len = 0;
	if (len > 0 && evbuffer_add(buf, body, len) != 0)
		fatal("evbuffer_add");
	access_log(req, status, len);
	evhttp_send_reply(req, status, NULL, buf);
	evbuffer_free(buf);
}

/* Send a JSON document (and drop the caller's reference to it). */
void
http_reply_json(struct evhttp_request *req, int status, json_t *doc)
{
	char	*text;

	if ((text = json_dumps(doc, JSON_COMPACT)) == NULL)
		fatal("json_dumps");
	json_decref(doc);
	http_reply(req, status, "application/json", text, strlen(text), 0);
	free(text);
}

/* Send {"error": message} with status. */
void
http_reply_error(struct evhttp_request *req, int status, const char *message)
{
	http_reply_json(req, status, json_pack("{s:s}", "error",
	    message != NULL ? message : "failed"));
}

/* A plain-text refusal, for requests that are not the sync API's. */
static void
reply_text(struct evhttp_request *req, int status, const char *message)
{
	http_reply(req, status, "text/plain; charset=utf-8", message,
	    strlen(message), 1);
}

/*
 * Percent-decode a request path of len bytes into an allocated string.
 * Returns NULL for an escape that is not two hex digits, a NUL or
 * control character, malformed UTF-8, a path not starting with '/', or
 * a "." or ".." segment (the page code never sees one).
 */
char *
http_path_decode(const char *raw, size_t len)
{
	char	*out, *seg;
	size_t	 i, o = 0;
	uint8_t	 b;
	int	 c;

	if (len == 0 || raw[0] != '/')
		return NULL;
	out = xmalloc(len + 1);
	for (i = 0; i < len; i++) {
		c = (unsigned char)raw[i];
		if (c == '%') {
			if (i + 2 >= len ||
			    hex_decode(raw + i + 1, 2, &b, 1) != 0)
				goto bad;
			c = b;
			i += 2;
		}
		if (c < 0x20 || c == 0x7f)
			goto bad;
		out[o++] = (char)c;
	}
	out[o] = '\0';
	if (!utf8_valid(out, o))
		goto bad;
	for (seg = out; seg != NULL; seg = strchr(seg + 1, '/')) {
		if (strcmp(seg, "/.") == 0 || strncmp(seg, "/./", 3) == 0 ||
		    strcmp(seg, "/..") == 0 || strncmp(seg, "/../", 4) == 0)
			goto bad;
	}
	return out;
bad:
	free(out);
	return NULL;
}

/*
 * Whether an Accept-Encoding header takes gzip: "gzip", "x-gzip" or "*"
 * listed without q=0.
 */
static int
accepts_gzip(const char *h)
{
	const char	*p = h, *end, *semi, *q;
	size_t		 n;

	while (p != NULL && *p != '\0') {
		p += strspn(p, " \t,");
		if ((end = strchr(p, ',')) == NULL)
			end = p + strlen(p);
		if ((semi = memchr(p, ';', (size_t)(end - p))) == NULL)
			semi = end;
		n = strcspn(p, " \t;,");
		if ((n == 4 && strncasecmp(p, "gzip", 4) == 0) ||
		    (n == 6 && strncasecmp(p, "x-gzip", 6) == 0) ||
		    (n == 1 && *p == '*')) {
			/* The weight, if any: "q=0" refuses. */
			for (q = semi; q < end && strncmp(q, "q=", 2) != 0; q++)
				;
			if (q >= end || strtod(q + 2, NULL) > 0)
				return 1;
		}
		p = end;
	}
	return 0;
}

/*
 * Whether a conditional request may be answered 304 for an answer with
 * ETag etag (the form being sent) made at modified (0: none sent):
 * If-None-Match lists that tag (W/ or not) or is "*"; else
 * If-Modified-Since is no earlier than the second it was made.
 */
static int
not_modified(struct evkeyvalq *in, const char *etag, rv_ms modified)
{
	const char	*inm, *ims, *p;
	size_t		 n, elen = strlen(etag);
	struct tm	 tm;
	char		*end;

	if (*etag == '\0')
		return 0;
	if ((inm = evhttp_find_header(in, "If-None-Match")) != NULL) {
		for (p = inm; *p != '\0'; p += n) {
			p += strspn(p, " \t,");
			if (strncmp(p, "W/", 2) == 0)
				p += 2;
			n = strcspn(p, " \t,");
			if ((n == 1 && *p == '*') || (n == elen &&
			    strncmp(p, etag, n) == 0))
				return 1;
		}
		return 0;
	}
	if (modified == 0 || (ims = evhttp_find_header(in,
	    "If-Modified-Since")) == NULL)
		return 0;
	memset(&tm, 0, sizeof tm);
	if ((end = strptime(ims, "%a, %d %b %Y %H:%M:%S GMT", &tm)) == NULL ||
	    *end != '\0')
		return 0;
	return (int64_t)timegm(&tm) >= modified / 1000;
}

/*
 * Answer a page, JSON document or asset from the cache (web-cache.c):
 * 304 to a client holding it, gzip to a client taking it.
 */
static void
page_handle(struct http_server *srv, struct evhttp_request *req,
    const char *path, const char *query)
{
	struct evkeyvalq	*in = evhttp_request_get_input_headers(req);
	struct evkeyvalq	*out = evhttp_request_get_output_headers(req);
	struct web_request	 wreq;
	const struct web_cached	*wc;
	const char		*ae, *etag;
	char			*cause = NULL, date[64];
	enum rv_status		 st;
	struct tm		 tm;
	time_t			 t;
	int			 gz;

	memset(&wreq, 0, sizeof wreq);
	wreq.path = path;
	wreq.query = query;
	wreq.accept_language = evhttp_find_header(in, "Accept-Language");
	wreq.base_url = srv->cfg->base_url;
	wreq.now = time_now();
	if (srv->cfg->pages != NULL)
		st = srv->cfg->pages->respond(srv->cfg->pages->arg, &wreq, &wc,
		    &cause);
	else
		st = web_cache_respond(srv->cache, &wreq, &wc, &cause);
	if (st != RV_OK) {
		fprintf(stderr, "renovote-office: %s: %s\n", path,
		    cause != NULL ? cause : "failed");
		reply_text(req, st == RV_EENV ? 503 : 500, st == RV_EENV ?
		    "service unavailable\n" : "internal error\n");
		free(cause);
		return;
	}
	gz = wc->gz != NULL && (ae = evhttp_find_header(in,
	    "Accept-Encoding")) != NULL && accepts_gzip(ae);
	etag = gz ? wc->etag_gz : wc->etag;
	if (wc->language != NULL)
		evhttp_add_header(out, "Content-Language", wc->language);
	if (*etag != '\0')
		evhttp_add_header(out, "ETag", etag);
	if (wc->modified != 0) {
		t = (time_t)(wc->modified / 1000);
		if (gmtime_r(&t, &tm) != NULL && strftime(date, sizeof date,
		    "%a, %d %b %Y %H:%M:%S GMT", &tm) > 0)
			evhttp_add_header(out, "Last-Modified", date);
	}
	if (wc->status == 200 && not_modified(in, etag, wc->modified)) {
		http_reply(req, 304, wc->type, NULL, 0, 1);
		return;
	}
	if (gz)
		evhttp_add_header(out, "Content-Encoding", "gzip");
	http_reply(req, wc->status, wc->type != NULL ? wc->type :
	    "application/octet-stream", gz ? wc->gz : wc->body,
	    gz ? wc->gzlen : wc->len, 1);
}

/*
 * Every request: restart the connection's deadline (this request is in;
 * the next has its own), decode the target strictly, send /api/sync/ to
 * the sync API and GET or HEAD of anything else to the pages.
 */
static void
request_cb(struct evhttp_request *req, void *arg)
{
	struct http_server	*srv = arg;
	enum evhttp_cmd_type	 cmd = evhttp_request_get_command(req);
	const char		*uri = evhttp_request_get_uri(req), *q;
	struct conn		*c;
	char			*path = NULL;
	size_t			 plen;

	if ((c = conn_of(req)) != NULL) {
		c->started = time_now();
		c->stage = CONN_REQUEST;
		conn_arm(c, srv->cfg->timeout);
	}
	if (cmd != EVHTTP_REQ_GET && cmd != EVHTTP_REQ_HEAD &&
	    cmd != EVHTTP_REQ_POST) {
		reply_text(req, 405, "method not allowed\n");
		return;
	}
	if (uri == NULL || strlen(uri) > SYNC_TARGET_MAX) {
		reply_text(req, 414, "request target too long\n");
		return;
	}
	q = strchr(uri, '?');
	plen = q != NULL ? (size_t)(q - uri) : strlen(uri);
	if ((path = http_path_decode(uri, plen)) == NULL) {
		reply_text(req, 400, "bad request target\n");
		return;
	}
	if (strncmp(path, "/api/sync/", 10) == 0 && srv->worker == NULL)
		reply_text(req, 404, "no sync here: this server shows results "
		    "only\n");
	else if (strncmp(path, "/api/sync/", 10) == 0)
		http_sync_handle(srv, req, path, uri);
	else if (cmd != EVHTTP_REQ_GET && cmd != EVHTTP_REQ_HEAD)
		reply_text(req, 405, "method not allowed\n");
	else if (evbuffer_get_length(evhttp_request_get_input_buffer(req)) > 0)
		reply_text(req, 413, "a page request takes no body\n");
	else if (web_receipt_path(path, q) && !http_rate_check(srv, req,
	    HTTP_RATE_RECEIPT, 1))
		;	/* answered 429 */
	else
		page_handle(srv, req, path, q != NULL ? q + 1 : NULL);
	free(path);
}

/*
 * Seconds until the certificate's expiry should next be looked at: a
 * day within TLS_WARN_DAYS of it, else until the day the warnings start
 * (at most a day, so a clock set forward is noticed).
 */
static int
cert_check_next(time_t until, time_t now)
{
	time_t	 due = until - (time_t)TLS_WARN_DAYS * 86400;

	if (now >= due || due - now >= HTTP_CERT_CHECK_S)
		return HTTP_CERT_CHECK_S;
	return (int)(due - now) + 1;
}

/* The daily look at the certificate: warn when it expires soon. */
static void
cert_check_cb(evutil_socket_t fd, short what, void *arg)
{
	struct http_server	*srv = arg;
	struct timeval		 tv;
	time_t			 now = time(NULL);
	char			*w;

	if ((w = tls_expiry_warning(srv->cfg->cert, srv->cert_until,
	    now)) != NULL) {
		/* As page_handle names it: the fuzzer links no program. */
		fprintf(stderr, _("%s: warning: %s\n"), "renovote-office", w);
		free(w);
	}
	tv.tv_sec = cert_check_next(srv->cert_until, now);
	tv.tv_usec = 0;
	evtimer_add(srv->cert_check, &tv);
}

/* SIGTERM or SIGINT: leave the loop; serve then closes everything. */
static void
stop_cb(evutil_socket_t sig, short what, void *arg)
{
	event_base_loopexit(arg, NULL);
}

/*
 * Listen on cfg's host and port.  A port in use, or any other failure to
 * listen, is an environment failure naming the address.
 */
static enum rv_status
http_listen(struct http_server *srv, char **cause)
{
	const struct http_config *cfg = srv->cfg;
	struct addrinfo	 hints, *res = NULL, *ai;
	int		 fd = -1, one = 1, rc, err = 0;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	if ((rc = getaddrinfo(*cfg->host != '\0' ? cfg->host : NULL,
	    cfg->port, &hints, &res)) != 0)
		return rv_fail(cause, RV_EENV, "--listen %s:%s: %s", cfg->host,
		    cfg->port, gai_strerror(rc));
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if ((fd = socket(ai->ai_family, ai->ai_socktype |
		    SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol)) == -1) {
			err = errno;
			continue;
		}
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
		/*
		 * Accepted sockets inherit it: an answer goes out in several
		 * TLS records, and Nagle's algorithm would hold the last one
		 * back for the client's delayed ACK (40 ms a request).
		 */
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
		if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 &&
		    listen(fd, HTTP_LISTEN_BACKLOG) == 0)
			break;
		err = errno;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd == -1)
		return rv_fail(cause, RV_EENV, "--listen %s:%s: %s", cfg->host,
		    cfg->port, err == EADDRINUSE ? "the port is in use" :
		    strerror(err));
	if (evhttp_accept_socket_with_handle(srv->http, fd) == NULL) {
		close(fd);
		return rv_fail(cause, RV_EENV, "--listen %s:%s: cannot accept "
		    "connections", cfg->host, cfg->port);
	}
	return RV_OK;
}

/* Write the pidfile, once listening, so scripts can wait for it. */
static enum rv_status
write_pidfile(const char *path, char **cause)
{
	char	 buf[32];

	snprintf(buf, sizeof buf, "%ld\n", (long)getpid());
	return file_write_durable(path, buf, strlen(buf), 0644, cause);
}

/*
 * Serve pages and the sync API until SIGTERM or SIGINT.  Returns
 * RV_EINPUT for a certificate or key that does not load, RV_EENV when it
 * cannot listen or open the database.
 */
enum rv_status
http_serve(const struct http_config *cfg, char **cause)
{
	struct http_server	 srv;
	struct event		*sigterm = NULL, *sigint = NULL;
	enum rv_status		 st;
	int			 pidfile = 0, pages_started = 0;

	memset(&srv, 0, sizeof srv);
	srv.cfg = cfg;
	signal(SIGPIPE, SIG_IGN);	/* a peer gone mid-write is no crash */
	/*
	 * Every answer is copied into a fresh evbuffer and freed once sent;
	 * with glibc's default the freed top of the heap goes back to the
	 * kernel at once, so each answer faulted its pages in again (a third
	 * of the server's time in bench/serve.sh).  A few MiB are kept.
	 */
#ifdef M_TRIM_THRESHOLD
	mallopt(M_TRIM_THRESHOLD, HTTP_TRIM_BYTES);
#endif
	if (conn_index == -1 && (conn_index = SSL_get_ex_new_index(0, NULL,
	    NULL, NULL, conn_ex_free)) == -1)
		fatal("SSL_get_ex_new_index");
	srv.store = cfg->store;
	if (srv.store != NULL)
		srv.cache = web_cache_new(srv.store, WEB_CACHE_BYTES);
	srv.clients = http_clients_new();
	if ((st = tls_context(cfg, &srv.ctx, cause)) != RV_OK)
		goto out;
	if ((srv.base = event_base_new()) == NULL ||
	    (srv.http = evhttp_new(srv.base)) == NULL)
		fatal("libevent: cannot set up the event loop");
	if (srv.store != NULL && (st = http_worker_start(&srv, srv.base,
	    store_path(srv.store), &srv.worker, cause)) != RV_OK)
		goto out;
	if (cfg->pages != NULL && cfg->pages->start != NULL) {
		if ((st = cfg->pages->start(cfg->pages->arg, srv.base,
		    cause)) != RV_OK)
			goto out;
		pages_started = 1;
	}
	/* Every method evhttp knows reaches request_cb, which says 405. */
	evhttp_set_allowed_methods(srv.http, EVHTTP_REQ_GET |
	    EVHTTP_REQ_HEAD | EVHTTP_REQ_POST | EVHTTP_REQ_PUT |
	    EVHTTP_REQ_DELETE | EVHTTP_REQ_OPTIONS | EVHTTP_REQ_TRACE |
	    EVHTTP_REQ_CONNECT | EVHTTP_REQ_PATCH);
	evhttp_set_max_body_size(srv.http, HTTP_BODY_MAX);
	evhttp_set_max_headers_size(srv.http, HTTP_HEADERS_MAX);
	evhttp_set_timeout(srv.http, cfg->timeout);
	evhttp_set_bevcb(srv.http, conn_new, &srv);
	evhttp_set_gencb(srv.http, request_cb, &srv);
	if ((st = http_listen(&srv, cause)) != RV_OK)
		goto out;
	sigterm = evsignal_new(srv.base, SIGTERM, stop_cb, srv.base);
	sigint = evsignal_new(srv.base, SIGINT, stop_cb, srv.base);
	if (sigterm == NULL || sigint == NULL || evsignal_add(sigterm,
	    NULL) != 0 || evsignal_add(sigint, NULL) != 0)
		fatal("libevent: cannot catch signals");
	/* serve said any warning due now as it started. */
	if (tls_cert_expiry(cfg->cert, &srv.cert_until, NULL) == RV_OK) {
		struct timeval	 tv;

		if ((srv.cert_check = evtimer_new(srv.base, cert_check_cb,
		    &srv)) == NULL)
			fatal("libevent: cannot set a timer");
		tv.tv_sec = cert_check_next(srv.cert_until, time(NULL));
		tv.tv_usec = 0;
		evtimer_add(srv.cert_check, &tv);
	}
	if (cfg->pidfile != NULL) {
		if ((st = write_pidfile(cfg->pidfile, cause)) != RV_OK)
			goto out;
		pidfile = 1;
	}
	printf(_("Serving %s on %s:%s\n"), cfg->base_url, cfg->host,
	    cfg->port);
	fflush(stdout);
	if (event_base_dispatch(srv.base) == -1)
		st = rv_fail(cause, RV_EENV, "the event loop failed");
out:
	if (pidfile)
		unlink(cfg->pidfile);
	if (sigterm != NULL)
		event_free(sigterm);
	if (sigint != NULL)
		event_free(sigint);
	if (srv.cert_check != NULL)
		event_free(srv.cert_check);
	/* Before evhttp frees the connections its requests belong to. */
	http_worker_stop(srv.worker);
	if (pages_started && cfg->pages->stop != NULL)
		cfg->pages->stop(cfg->pages->arg);
	if (srv.http != NULL)
		evhttp_free(srv.http);
	if (srv.base != NULL)
		event_base_free(srv.base);
	SSL_CTX_free(srv.ctx);
	web_cache_free(srv.cache);
	http_clients_free(srv.clients);
	return st;
}
