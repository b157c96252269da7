/*
 * The street office's pages: the same HTML, CSS, SVG and JSON answered by
 * "renovote-office serve" for one request and written as static files by
 * "renovote-office publish".  No part of it touches the network: the
 * server parses the request and passes the percent-decoded path here.
 */

#ifndef RENOVOTE_WEB_H
#define RENOVOTE_WEB_H

#include <string.h>

#include "renovote.h"

struct web_index;

/* One GET (or HEAD) request for a page, a JSON document or an asset. */
struct web_request {
	const char	*path;		/* percent-decoded, e.g. "/e/LC-XNY-02" */
	const char	*query;		/* raw query string without '?', or NULL */
	const char	*accept_language; /* the header, or NULL */
	const char	*base_url;	/* public base, e.g. "https://office.example:8443" */
	rv_ms		 now;		/* the instant the tally is taken at */
	const struct web_index *index;	/* the estates' summaries for / and
					   /api/estates; NULL: tally now */
	rv_ms		 verified;	/* the city's: when the records shown
					   were checked; 0 at an office */
};
struct web_response {
	int		 status;	/* 200, 404, 400 ... */
	const char	*type;		/* static string: "text/html; charset=utf-8", ... */
	char		*body;		/* malloc'd, len bytes */
	size_t		 len;
	char		*language;	/* malloc'd "zh-CN" etc. for Content-Language, or NULL */
	rv_ms		 until;		/* the same answer holds until then while
					   the data does not change; 0: answer
					   each request afresh (receipts, errors) */
};
/* Answer one request from the store's current data; RV_EENV (store failure) becomes a 503. */
enum rv_status	web_respond(struct store *, const struct web_request *, struct web_response *,
		    char **cause);
void		web_response_clear(struct web_response *);
enum rv_locale	web_request_locale(const struct web_request *, int *);

/*
 * Whether a page request looks a receipt up (route's receipts): /r/X,
 * /api/r/X, or the form's /r?receipt=X.  Inline here, not in web.c, so
 * that the server's rate limit can ask it without linking the pages
 * (bench-static serves one file through the same server).
 */
static inline int
web_receipt_path(const char *path, const char *query)
{
	if (strcmp(path, "/r") == 0 || strcmp(path, "/r/") == 0)
		return query != NULL && strstr(query, "receipt=") != NULL;
	return strncmp(path, "/r/", 3) == 0 ||
	    (strncmp(path, "/api/r/", 7) == 0 && path[7] != '\0');
}

/*
 * The server's cache of answers (web-cache.c): each request's answer
 * kept by language, path and query, with its ETag, the instant it was
 * made (Last-Modified) and its gzip form, until the data it shows
 * changes or WEB_CACHE_AGE_MS pass; at most a bounded number of bytes,
 * the least recently used going first.
 */
#define WEB_CACHE_BYTES		(16 * 1024 * 1024)	/* kept answers */
#define WEB_CACHE_AGE_MS	(60 * 1000)	/* "Tally as of" at most this old */
#define WEB_GZIP_MIN		1024	/* smaller answers are sent as they are */
#define WEB_ETAG_MAX		40	/* "<32 hex>-gz" and the quotes, NUL */
struct web_cached {
	int		 status;
	const char	*type;
	const char	*body;
	size_t		 len;
	const char	*gz;		/* gzip of body, or NULL */
	size_t		 gzlen;
	const char	*language;	/* for Content-Language, or NULL */
	char		 etag[WEB_ETAG_MAX];	/* "" for answers not kept */
	char		 etag_gz[WEB_ETAG_MAX];	/* of the gzip form */
	rv_ms		 modified;	/* for Last-Modified; 0: none sent */
};
struct web_cache;
struct web_cache *web_cache_new(struct store *, size_t);
void	 web_cache_free(struct web_cache *);
void	 web_cache_changed(struct web_cache *);
enum rv_status web_cache_respond(struct web_cache *, const struct web_request *,
	    const struct web_cached **, char **);
typedef enum rv_status (*web_index_fn)(void *, rv_ms, const struct web_index **,
	    char **);
void	 web_cache_set_index(struct web_cache *, web_index_fn, void *);
void	 web_cache_rebind(struct web_cache *, struct store *);
enum rv_status web_cache_index(struct web_cache *, rv_ms,
	    const struct web_index **, char **);

/*
 * The city's pages (web-city.c): every office's checked store behind
 * one site, each estate's pages from its office's cache, the index
 * from all of theirs.
 */
struct city;
struct web_city;
enum rv_status web_city_new(struct city *, rv_ms, struct web_city *,
	    struct web_city **, char **);
void	 web_city_free(struct web_city *);
size_t	 web_city_estates(const struct web_city *);
size_t	 web_city_offices(const struct web_city *);
enum rv_status web_city_respond(struct web_city *, const struct web_request *,
	    const struct web_cached **, char **);

#endif /* RENOVOTE_WEB_H */
