/*
 * The street office's pages: the same HTML, CSS, SVG and JSON answered by
 * "renovote-office serve" for one request and written as static files by
 * "renovote-office publish".  No part of it touches the network: the
 * server parses the request and passes the percent-decoded path here.
 */

#ifndef RENOVOTE_WEB_H
#define RENOVOTE_WEB_H

#include "renovote.h"

/* One GET (or HEAD) request for a page, a JSON document or an asset. */
struct web_request {
	const char	*path;		/* percent-decoded, e.g. "/e/LC-XNY-02" */
	const char	*query;		/* raw query string without '?', or NULL */
	const char	*accept_language; /* the header, or NULL */
	const char	*base_url;	/* public base, e.g. "https://office.example:8443" */
	rv_ms		 now;		/* the instant the tally is taken at */
};
struct web_response {
	int		 status;	/* 200, 404, 400 ... */
	const char	*type;		/* static string: "text/html; charset=utf-8", ... */
	char		*body;		/* malloc'd, len bytes */
	size_t		 len;
	char		*language;	/* malloc'd "zh-CN" etc. for Content-Language, or NULL */
};
/* Answer one request from the store's current data; RV_EENV (store failure) becomes a 503. */
enum rv_status	web_respond(struct store *, const struct web_request *, struct web_response *,
		    char **cause);
void		web_response_clear(struct web_response *);

#endif /* RENOVOTE_WEB_H */
