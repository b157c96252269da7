/*
 * page: print one page of the results site as the server would answer
 * it, without TLS or a network: for tests and for checking a page by
 * hand.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "office.h"
#include "web.h"
#include "store.h"

static enum rv_status cmd_page_exec(struct cmd *, char **);

const struct cmd_entry cmd_page_entry = {
	.name = "page",
	.options = "db:,base-url:,lang:,accept-language:,at:",
	.minargs = 1,
	.maxargs = 1,
	.usage = N_("[--db FILE] [--base-url URL] [--lang L] "
	    "[--accept-language HEADER] [--at ISO8601] PATH"),
	.help = N_("Print the body of one page of the results site (/, "
	    "/e/ESTATE, /r/RECEIPT,\n/api/..., /style.css, /qr/ESTATE.svg) "
	    "as \"serve\" answers it, in --lang\n(zh_CN, zh_TW, en) or as "
	    "Accept-Language asks.  Exits 1 when the page does\nnot exist."),
	.exec = cmd_page_exec,
};

/* Answer PATH through web_respond and print the body. */
static enum rv_status
cmd_page_exec(struct cmd *c, char **cause)
{
	struct store		*s = NULL;
	struct web_request	 req;
	struct web_response	 resp = { 0 };
	const char		*lang = cmd_get(c, "lang");
	const char		*base = cmd_get(c, "base-url");
	char			*path, *q, *query = NULL;
	char			*base_url = NULL;
	int			 offset;
	enum rv_status		 st;

	memset(&req, 0, sizeof req);
	if ((st = cmd_get_at(c, &req.now, &offset, cause)) != RV_OK)
		return st;
	if (base != NULL && (st = url_base_check(base, "--base-url",
	    &base_url, cause)) != RV_OK)
		return st;
	/* PATH?QUERY as a browser sends it; --lang goes first. */
	path = xstrdup(c->argv[0]);
	if ((q = strchr(path, '?')) != NULL)
		*q++ = '\0';
	req.path = path;
	if (lang != NULL)
		xasprintf(&query, "lang=%s%s%s", lang, q != NULL ? "&" : "",
		    q != NULL ? q : "");
	else if (q != NULL)
		query = xstrdup(q);
	req.query = query;
	req.accept_language = cmd_get(c, "accept-language");
	req.base_url = base_url != NULL ? base_url : "https://localhost";
	if ((st = cmd_open_store(c, &s, cause)) != RV_OK ||
	    (st = web_respond(s, &req, &resp, cause)) != RV_OK)
		goto out;
	if (resp.status != 200) {
		st = resp.status == 404 ? rv_fail(cause, RV_EINPUT,
		    "%s: %d no such page", req.path, resp.status) :
		    rv_fail(cause, RV_EINPUT, "%s: %d refused", req.path,
		    resp.status);
		goto out;
	}
	if (fwrite(resp.body, 1, resp.len, stdout) != resp.len ||
	    fflush(stdout) != 0)
		st = rv_fail(cause, RV_EENV, "stdout: write failed");
out:
	web_response_clear(&resp);
	free(base_url);
	free(query);
	free(path);
	store_close(s);
	return st;
}
