/*
 * web_respond: route one request to the page, JSON document or asset it
 * names, in the language the request asks for.  Also the pieces every
 * page shares: language negotiation, HTML escaping, the head with the
 * language switcher, the foot with the time of the tally, links that work
 * both served and published as static files.
 *
 * Languages.  ?lang=zh_CN|zh_TW|en wins, else the best-weighted
 * Accept-Language tag we have (zh-TW, zh-HK, zh-MO and zh-Hant are
 * Traditional, any other zh Simplified, en English), else zh_CN.  The
 * interface strings come from gettext: the server answers one request at
 * a time, so web_lang_enter sets LANGUAGE for the request and
 * web_lang_leave puts it back.
 */

#include "config.h"

#include <sys/param.h>

#include <ctype.h>
#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "office.h"
#include "web-int.h"

#define QUERY_VALUE_MAX	64	/* bytes of a query value we look at */
#define LANG_TAGS_MAX	32	/* Accept-Language entries looked at */

static char	*saved_language;
static int	 language_saved;

/* The BCP 47 tag of a locale, for lang= and Content-Language. */
const char *
web_lang_tag(enum rv_locale loc)
{
	return locale_tag(loc);
}

/* What a published page's file name carries for a locale: "" for zh_CN. */
const char *
web_static_suffix(enum rv_locale loc)
{
	switch (loc) {
	case RV_ZH_TW:
		return ".zh_TW";
	case RV_EN:
		return ".en";
	default:
		return "";
	}
}

/*
 * Tell gettext that LANGUAGE changed: glibc keeps the translations it
 * found keyed by the locale, not by LANGUAGE, and drops them when the
 * text domain is set, even to the one in use (the documented signal).
 */
static void
lang_changed(void)
{
	textdomain(textdomain(NULL));
}

/*
 * Make gettext answer in loc until web_lang_leave.  LANGUAGE is ignored
 * in the "C" locale, so messages then move to C.UTF-8, which honours it.
 */
void
web_lang_enter(enum rv_locale loc)
{
	const char	*old = getenv("LANGUAGE");
	const char	*cur = setlocale(LC_MESSAGES, NULL);

	if (cur == NULL || strcmp(cur, "C") == 0 || strcmp(cur, "POSIX") == 0)
		setlocale(LC_MESSAGES, "C.UTF-8");
	free(saved_language);
	saved_language = old != NULL ? xstrdup(old) : NULL;
	language_saved = 1;
	setenv("LANGUAGE", locale_name(loc), 1);
	lang_changed();
}

/* Put LANGUAGE back as it was before web_lang_enter. */
void
web_lang_leave(void)
{
	if (!language_saved)
		return;
	if (saved_language != NULL)
		setenv("LANGUAGE", saved_language, 1);
	else
		unsetenv("LANGUAGE");
	free(saved_language);
	saved_language = NULL;
	language_saved = 0;
	lang_changed();
}

/* The locale a language tag (zh-TW, zh_CN, en-GB, ...) asks for. */
static int
lang_from_tag(const char *tag, size_t len, enum rv_locale *loc)
{
	char	 t[16];
	size_t	 i;

	if (len == 0 || len >= sizeof t)
		return -1;
	for (i = 0; i < len; i++)
		t[i] = tag[i] == '_' ? '-' : (char)tolower((unsigned char)tag[i]);
	t[len] = '\0';
	if (strncmp(t, "zh", 2) == 0 && (t[2] == '\0' || t[2] == '-')) {
		if (strstr(t, "-tw") != NULL || strstr(t, "-hk") != NULL ||
		    strstr(t, "-mo") != NULL || strstr(t, "-hant") != NULL)
			*loc = RV_ZH_TW;
		else
			*loc = RV_ZH_CN;
		return 0;
	}
	if (strncmp(t, "en", 2) == 0 && (t[2] == '\0' || t[2] == '-')) {
		*loc = RV_EN;
		return 0;
	}
	return -1;
}

/* The weight of one Accept-Language entry's parameters, 0..1000. */
static int
lang_weight(const char *p, const char *end)
{
	int	 w = 1000, scale = 100;

	for (; p < end && *p != 'q'; p++)
		;
	if (p + 2 > end || p[1] != '=')
		return w;
	p += 2;
	if (*p == '1')
		return 1000;
	if (*p != '0')
		return 0;
	w = 0;
	for (p++, p += p < end && *p == '.'; p < end && scale > 0 &&
	    isdigit((unsigned char)*p); p++, scale /= 10)
		w += (*p - '0') * scale;
	return w;
}

/* The best locale an Accept-Language header asks for; -1 if none. */
static int
lang_accept(const char *h, enum rv_locale *loc)
{
	const char	*p = h, *end, *semi;
	enum rv_locale	 l;
	int		 best = 0, w, n;

	for (n = 0; p != NULL && *p != '\0' && n < LANG_TAGS_MAX; n++) {
		while (*p == ' ' || *p == ',')
			p++;
		if ((end = strchr(p, ',')) == NULL)
			end = p + strlen(p);
		if ((semi = memchr(p, ';', (size_t)(end - p))) == NULL)
			semi = end;
		while (semi > p && semi[-1] == ' ')
			semi--;
		w = lang_weight(semi, end);
		if (w > best && lang_from_tag(p, (size_t)(semi - p), &l) == 0) {
			best = w;
			*loc = l;
		}
		p = end;
	}
	return best > 0 ? 0 : -1;
}

/*
 * The value of key in a raw query string, percent-decoded into buf;
 * returns -1 when absent, malformed or longer than the buffer.
 */
static int
query_get(const char *q, const char *key, char *buf, size_t len)
{
	size_t	 klen = strlen(key), o = 0;
	unsigned v;

	for (; q != NULL && *q != '\0'; q += strcspn(q, "&"), q += *q == '&') {
		if (strncmp(q, key, klen) != 0 || q[klen] != '=')
			continue;
		for (q += klen + 1; *q != '\0' && *q != '&'; q++) {
			if (o + 1 >= len)
				return -1;
			if (*q == '%') {
				if (!isxdigit((unsigned char)q[1]) ||
				    !isxdigit((unsigned char)q[2]) ||
				    sscanf(q + 1, "%2x", &v) != 1 || v == 0)
					return -1;
				buf[o++] = (char)v;
				q += 2;
			} else
				buf[o++] = *q == '+' ? ' ' : *q;
		}
		buf[o] = '\0';
		return 0;
	}
	return -1;
}

/* Start writing a page into memory. */
void
web_page_open(struct web_page *p)
{
	p->buf = NULL;
	p->len = 0;
	if ((p->f = open_memstream(&p->buf, &p->len)) == NULL)
		fatal("open_memstream failed");
}

/* Finish a page and hand its bytes over. */
void
web_page_close(struct web_page *p, char **body, size_t *len)
{
	if (fclose(p->f) != 0)
		fatal("writing a page to memory failed");
	p->f = NULL;
	*body = p->buf;
	*len = p->len;
	p->buf = NULL;
}

/* Write s with the characters HTML gives meaning to escaped. */
void
html_put(FILE *f, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&#39;", f);
			break;
		default:
			fputc(*s, f);
		}
	}
}

/* printf, then escape the result: for messages that embed stored text. */
void
html_printf(FILE *f, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	xvasprintf(&s, fmt, ap);
	va_end(ap);
	html_put(f, s);
	free(s);
}

/* Write the first n bytes of s, escaped. */
static void
html_putn(FILE *f, const char *s, size_t n)
{
	char	 c[2] = { '\0', '\0' };
	size_t	 i;

	for (i = 0; i < n; i++) {
		c[0] = s[i];
		html_put(f, c);
	}
}

/* Does s start a number: a digit, or "≥" or ">" before one? */
static size_t
nw_number_start(const char *s)
{
	if (*s >= '0' && *s <= '9')
		return 1;
	if (*s == '>' && s[1] >= '0' && s[1] <= '9')
		return 1;
	if (strncmp(s, "≥", strlen("≥")) == 0 &&
	    s[strlen("≥")] >= '0' && s[strlen("≥")] <= '9')
		return strlen("≥");
	return 0;
}

/*
 * The length of the number at s: digits with the ".,:/%-" inside and
 * after them (2/3, 60.00%, 2026-11-20), a time after a date ("2026-11-20
 * 08:00") and a unit of area after it (" m²").
 */
static size_t
nw_number(const char *s)
{
	size_t		 i = nw_number_start(s);
	const char	*units[] = { " m²", "m²", " m2" };
	size_t		 u;

	for (;;) {
		while (s[i] != '\0' && strchr("0123456789.,:/%-", s[i]) != NULL)
			i++;
		/* "2026-11-20 08:00": the time goes with its date. */
		if (s[i] == ' ' && i >= 10 && s[i - 3] == '-' &&
		    s[i + 1] >= '0' && s[i + 1] <= '9' &&
		    s[i + 2] >= '0' && s[i + 2] <= '9' && s[i + 3] == ':') {
			i++;
			continue;
		}
		break;
	}
	for (u = 0; u < nitems(units); u++) {
		if (strncmp(s + i, units[u], strlen(units[u])) == 0)
			return i + strlen(units[u]);
	}
	return i;
}

/*
 * Write s escaped, with each number, fraction, percentage, date and
 * short fixed phrase (WEB_NW_PHRASES, and a number right after one:
 * "不少于 2/3") in <span class="nw">, which the stylesheet keeps on one
 * line: a phone must not break "2/3" or "已达到" in two.
 */
void
html_put_nw(FILE *f, const char *s)
{
	static const char *phrases[] = { "尚未达到", "尚未達到", "已达到",
	    "未达到", "已達到", "未達到", "不少于", "不少於", "多于", "多於",
	    "at least", "more than", "not met" };
	size_t		 i, n;

	while (s != NULL && *s != '\0') {
		n = 0;
		for (i = 0; i < nitems(phrases) && n == 0; i++) {
			if (strncmp(s, phrases[i], strlen(phrases[i])) == 0)
				n = strlen(phrases[i]);
		}
		if (n > 0 && (nw_number_start(s + n) ||
		    (s[n] == ' ' && nw_number_start(s + n + 1))))
			n += (s[n] == ' ') + nw_number(s + n + (s[n] == ' '));
		else if (n == 0 && nw_number_start(s)) {
			n = nw_number(s);
			/* Digits alone never break: no span. */
			if (strspn(s, "0123456789") == n) {
				html_putn(f, s, n);
				s += n;
				continue;
			}
		}
		if (n > 1) {
			fputs("<span class=\"nw\">", f);
			html_putn(f, s, n);
			fputs("</span>", f);
			s += n;
		} else {
			n = n == 0 ? 1 : n;
			html_putn(f, s, n);
			s += n;
		}
	}
}

/* printf, then write the result as html_put_nw does. */
void
html_printf_nw(FILE *f, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	xvasprintf(&s, fmt, ap);
	va_end(ap);
	html_put_nw(f, s);
	free(s);
}

/* The "?lang=xx" or "" that served links carry. */
static const char *
lang_query(const struct web_page *p)
{
	static const char *q[RV_NLOCALES] = { "?lang=zh_CN", "?lang=zh_TW",
	    "?lang=en" };

	return p->lang_chosen ? q[p->loc] : "";
}

/* Write the URL of the estates page (an href value). */
void
web_link_index(const struct web_page *p)
{
	if (p->static_site)
		fprintf(p->f, "%sindex%s.html", p->root,
		    web_static_suffix(p->loc));
	else
		fprintf(p->f, "/%s", lang_query(p));
}

/* Write the URL of an estate's page (an href value). */
void
web_link_estate(const struct web_page *p, const char *id)
{
	if (p->static_site) {
		fprintf(p->f, "%se/", p->root);
		html_put(p->f, id);
		fprintf(p->f, "/index%s.html", web_static_suffix(p->loc));
	} else {
		fputs("/e/", p->f);
		html_put(p->f, id);
		fputs(lang_query(p), p->f);
	}
}

/* A time as the JSON and CSV give it: China Standard Time, ISO 8601. */
void
web_time(char *buf, size_t len, rv_ms t)
{
	time_format(t, RV_CST_OFFSET, buf, len);
}

/* A time as people read it on the pages: "2026-12-01 08:00", CST. */
void
web_time_short(char *buf, size_t len, rv_ms t)
{
	time_format_short(t, buf, len);
}

/* A <time> element: the short form, the exact instant in datetime. */
void
web_put_time(FILE *f, rv_ms t)
{
	char	 iso[RV_TIME_MAX], s[RV_TIME_MAX];

	web_time(iso, sizeof iso, t);
	web_time_short(s, sizeof s, t);
	fprintf(f, "<time datetime=\"%s\">%s</time>", iso, s);
}

/*
 * The start of every page: doctype, lang, viewport, stylesheet, title,
 * and the language switcher (links to the same page in each language).
 */
void
web_head(const struct web_page *p, const char *title)
{
	int	 l;

	fprintf(p->f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n<title>",
	    web_lang_tag(p->loc));
	html_put(p->f, title);
	fprintf(p->f, "</title>\n<link rel=\"stylesheet\" href=\"%sstyle.css\">"
	    "\n</head>\n<body>\n<nav class=\"lang\" aria-label=\"%s\">",
	    p->root, _("Language"));
	for (l = 0; l < RV_NLOCALES; l++) {
		if (l == (int)p->loc) {
			fprintf(p->f, "<strong lang=\"%s\">%s</strong>",
			    locale_tag((enum rv_locale)l),
			    locale_title((enum rv_locale)l));
			continue;
		}
		fprintf(p->f, "<a lang=\"%s\" hreflang=\"%s\" href=\"",
		    locale_tag((enum rv_locale)l), locale_tag((enum rv_locale)l));
		if (p->static_site)
			fprintf(p->f, "%s%s.html", p->static_name != NULL ?
			    p->static_name : "index",
			    web_static_suffix((enum rv_locale)l));
		else {
			html_put(p->f, p->self);
			fprintf(p->f, "?lang=%s", locale_name((enum rv_locale)l));
			if (p->self_query != NULL) {
				fputs("&amp;", p->f);
				html_put(p->f, p->self_query);
			}
		}
		fprintf(p->f, "\">%s</a>", locale_title((enum rv_locale)l));
	}
	fputs("</nav>\n", p->f);
}

/*
 * The end of every page: the time of the tally and a link home.  The
 * city's pages also say when the records they count were last checked:
 * a city that could not reach or trust its database since then still
 * shows what it checked, and says how old it is.
 */
void
web_foot(const struct web_page *p, rv_ms at)
{
	fprintf(p->f, "<footer>\n<p class=\"at\">%s ", _("Tally as of"));
	web_put_time(p->f, at);
	if (p->verified != 0) {
		fprintf(p->f, "</p>\n<p class=\"at\">%s ",
		    _("Records checked against the offices' signatures at"));
		web_put_time(p->f, p->verified);
	}
	fputs("</p>\n<p><a href=\"", p->f);
	web_link_index(p);
	fprintf(p->f, "\">%s</a></p>\n</footer>\n</body>\n</html>\n",
	    _("All estates"));
}

/*
 * The kiosks of a page with the time each last synchronised, and the
 * number of paper ballots the office entered (paper < 0: not known here,
 * as on the index of every estate).
 */
void
web_kiosks(const struct web_page *p, const struct rv_kiosk_sync *k,
    size_t n, int64_t paper)
{
	size_t	 i;

	fprintf(p->f, "<section class=\"kiosks\">\n<h2>%s</h2>\n",
	    _("Kiosks and their last sync"));
	/* A paper-only estate must not read as if nothing was counted. */
	if (paper >= 0) {
		fputs("<p class=\"paper\">", p->f);
		fprintf(p->f, _("Paper ballots entered by the office: %lld"),
		    (long long)paper);
		fputs("</p>\n", p->f);
	}
	if (n == 0) {
		fprintf(p->f, "<p>%s</p>\n</section>\n",
		    _("No kiosk has sent anything yet."));
		return;
	}
	fprintf(p->f, "<table>\n<thead><tr><th>%s</th><th>%s</th>"
	    "<th>%s</th></tr></thead>\n<tbody>\n", _("kiosk"),
	    _("last sync"), _("records"));
	for (i = 0; i < n; i++) {
		fputs("<tr><td>", p->f);
		html_put(p->f, k[i].device);
		if (k[i].revoked)
			fprintf(p->f, " (%s)", _("revoked"));
		if (k[i].last_sync > 0) {
			fputs("</td><td>", p->f);
			web_put_time(p->f, k[i].last_sync);
			fputs("</td>", p->f);
		} else
			fprintf(p->f, "</td><td>%s</td>", _("never"));
		fprintf(p->f, "<td>%llu</td></tr>\n",
		    (unsigned long long)k[i].seq);
	}
	fputs("</tbody>\n</table>\n</section>\n", p->f);
}

/* Fill a response with a page or document. */
static void
respond(struct web_response *resp, int status, const char *type,
    struct web_page *p)
{
	resp->status = status;
	resp->type = type;
	web_page_close(p, &resp->body, &resp->len);
}

/* A 404 (or other error) page in the request's language. */
static void
respond_error(struct web_response *resp, int status, struct web_page *p,
    int json, const char *msg)
{
	if (json) {
		fputs("{\"error\": ", p->f);
		report_json_string(p->f, msg);
		fputs("}\n", p->f);
		respond(resp, status, WEB_JSON, p);
		return;
	}
	web_head(p, msg);
	fputs("<main>\n<h1>", p->f);
	html_put(p->f, msg);
	fputs("</h1>\n</main>\n", p->f);
	web_foot(p, p->now);
	respond(resp, status, WEB_HTML, p);
}

/* If path starts with prefix, the rest; else NULL. */
static const char *
path_after(const char *path, const char *prefix)
{
	size_t	 n = strlen(prefix);

	return strncmp(path, prefix, n) == 0 ? path + n : NULL;
}

/*
 * The estate id a path names after its prefix, with an optional trailing
 * slash (or the suffix, e.g. ".svg"), copied into id; -1 if none.
 */
static int
path_id(const char *rest, const char *suffix, char *id, size_t len)
{
	size_t	 n = strlen(rest), sl = strlen(suffix);

	if (sl > 0) {
		if (n <= sl || strcmp(rest + n - sl, suffix) != 0)
			return -1;
		n -= sl;
	} else if (n > 0 && rest[n - 1] == '/')
		n--;
	if (n == 0 || n >= len || memchr(rest, '/', n) != NULL)
		return -1;
	memcpy(id, rest, n);
	id[n] = '\0';
	return 0;
}

/* The QR code of an estate's page, as SVG. */
static enum rv_status
qr_page(struct web_page *p, const char *id, char **cause)
{
	struct rv_qr	*qr;
	char		*url;
	enum rv_status	 st;

	xasprintf(&url, "%s/e/%s", p->base_url != NULL ? p->base_url : "", id);
	st = qr_make(url, &qr, cause);
	free(url);
	if (st != RV_OK)
		return st;
	qr_svg(p->f, qr, WEB_QR_PX);
	qr_free(qr);
	return RV_OK;
}

/*
 * What the index's language links keep of its query: "page=2&q=..."
 * (URL-encoded), or NULL when nothing.  Allocated.
 */
static char *
index_query(const char *q, size_t page)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*f;
	const unsigned char *u;

	if (*q == '\0' && page <= 1)
		return NULL;
	if ((f = open_memstream(&buf, &len)) == NULL)
		fatal("open_memstream failed");
	if (page > 1)
		fprintf(f, "page=%zu%s", page, *q != '\0' ? "&" : "");
	if (*q != '\0')
		fputs("q=", f);
	for (u = (const unsigned char *)q; *u != '\0'; u++) {
		if ((*u >= 'a' && *u <= 'z') || (*u >= 'A' && *u <= 'Z') ||
		    (*u >= '0' && *u <= '9') || strchr("-._~", *u) != NULL)
			fputc(*u, f);
		else
			fprintf(f, "%%%02X", *u);
	}
	if (fclose(f) != 0)
		fatal("writing a query to memory failed");
	return buf;
}

/* Route the request; the language is set up already. */
static enum rv_status
route(struct store *s, const struct web_request *req, struct web_page *p,
    struct web_response *resp, char **cause)
{
	struct rv_report	*r = NULL;
	struct rv_report_extra	 x;
	struct web_index	 own;
	const struct web_index	*idx;
	const char		*path = req->path, *rest;
	char			 id[RV_ID_MAX + 1], rc[QUERY_VALUE_MAX];
	char			 q[INDEX_QUERY_MAX + 1], pg[QUERY_VALUE_MAX];
	char			*keep = NULL, *end;
	long long		 page = 1;
	enum rv_status		 st = RV_OK;
	int			 known = 0, found, api;

	memset(&x, 0, sizeof x);
	memset(&own, 0, sizeof own);
	api = path_after(path, "/api/") != NULL;
	if (strcmp(path, "/style.css") == 0) {
		fputs(web_css, p->f);
		respond(resp, 200, WEB_CSS, p);
		resp->until = INT64_MAX;
		return RV_OK;
	}
	if (strcmp(path, "/") == 0 || strcmp(path, "/index.html") == 0 ||
	    strcmp(path, "/api/estates") == 0) {
		if ((idx = req->index) == NULL) {
			if ((st = report_build(s, NULL, req->now,
			    RV_CST_OFFSET, &r, cause)) != RV_OK)
				goto out;
			web_index_from_report(&own, r);
			own.until = INT64_MAX;
			idx = &own;
		}
		resp->until = MIN(idx->until, req->now + WEB_CACHE_AGE_MS);
		if (api) {
			web_api_estates(p->f, idx);
			respond(resp, 200, WEB_JSON, p);
			goto out;
		}
		/* A search too long or malformed searches for nothing. */
		if (query_get(req->query, "q", q, sizeof q) != 0)
			q[0] = '\0';
		if (query_get(req->query, "page", pg, sizeof pg) == 0) {
			page = strtoll(pg, &end, 10);
			if (*end != '\0' || page < 1 || page > INT32_MAX)
				page = 1;
		}
		keep = index_query(q, (size_t)page);
		p->self_query = keep;
		web_index_render(p, idx, q, (size_t)page);
		respond(resp, 200, WEB_HTML, p);
		goto out;
	}
	/* The receipt form asks /r?receipt=... */
	if (strcmp(path, "/r") == 0 || strcmp(path, "/r/") == 0)
		rest = query_get(req->query, "receipt", rc, sizeof rc) == 0 ?
		    rc : "";
	else if ((rest = path_after(path, "/r/")) == NULL)
		rest = path_after(path, "/api/r/");
	if (rest != NULL) {
		if ((st = web_receipt(s, rest, req->now, p, api, &found,
		    cause)) != RV_OK)
			goto out;
		respond(resp, found ? 200 : 404, api ? WEB_JSON : WEB_HTML, p);
		goto out;
	}
	if (((rest = path_after(path, "/e/")) != NULL ||
	    (rest = path_after(path, "/api/e/")) != NULL) &&
	    path_id(rest, "", id, sizeof id) == 0) {
		if ((st = report_estate_known(s, id, &known, cause)) != RV_OK)
			goto out;
		if (known) {
			if ((st = report_build(s, id, req->now, RV_CST_OFFSET,
			    &r, cause)) != RV_OK ||
			    (st = report_extra_load(s, id, &x, cause)) != RV_OK ||
			    (st = report_until(s, r, &resp->until, cause)) !=
			    RV_OK)
				goto out;
			resp->until = MIN(resp->until, req->now +
			    WEB_CACHE_AGE_MS);
			if (api)
				web_api_estate(p->f, r, &x);
			else
				web_estate_page(p, r, &x);
			respond(resp, 200, api ? WEB_JSON : WEB_HTML, p);
			goto out;
		}
	} else if ((rest = path_after(path, "/qr/")) != NULL &&
	    path_id(rest, ".svg", id, sizeof id) == 0) {
		if ((st = report_estate_known(s, id, &known, cause)) != RV_OK)
			goto out;
		if (known) {
			if ((st = qr_page(p, id, cause)) != RV_OK)
				goto out;
			respond(resp, 200, WEB_SVG, p);
			resp->until = INT64_MAX;
			goto out;
		}
	}
	respond_error(resp, 404, p, api, _("No such page"));
out:
	p->self_query = NULL;
	web_index_clear(&own);
	free(keep);
	report_extra_clear(&x);
	report_free(r);
	return st;
}

/*
 * The language a request is answered in: ?lang= when valid (*chosen set),
 * else the best of Accept-Language, else zh_CN.
 */
enum rv_locale
web_request_locale(const struct web_request *req, int *chosen)
{
	enum rv_locale	 loc = RV_ZH_CN;
	char		 lang[QUERY_VALUE_MAX];

	*chosen = 0;
	if (query_get(req->query, "lang", lang, sizeof lang) == 0 &&
	    lang_from_tag(lang, strlen(lang), &loc) == 0)
		*chosen = 1;
	else if (req->accept_language != NULL)
		lang_accept(req->accept_language, &loc);
	return loc;
}

/*
 * Answer one request from the store's current data.  The response is
 * always filled in: a failing store (RV_EENV) gives a 503 and is also
 * returned with its cause for the server's log; anything else the store
 * refuses is a 404.
 */
enum rv_status
web_respond(struct store *s, const struct web_request *req,
    struct web_response *resp, char **cause)
{
	struct web_page	 p;
	enum rv_status	 st = RV_OK;

	memset(resp, 0, sizeof *resp);
	memset(&p, 0, sizeof p);
	p.loc = web_request_locale(req, &p.lang_chosen);
	p.self = req->path;
	p.root = "/";
	p.base_url = req->base_url;
	p.now = req->now;
	p.verified = req->verified;
	web_lang_enter(p.loc);
	web_page_open(&p);
	if (req->path == NULL || req->path[0] != '/')
		respond_error(resp, 400, &p, 0, _("Bad request"));
	else if ((st = route(s, req, &p, resp, cause)) != RV_OK) {
		/* Drop what the failed page had written and say why. */
		fclose(p.f);
		free(p.buf);
		web_page_open(&p);
		if (st == RV_EENV)
			respond_error(resp, 503, &p, 0,
			    _("The results are not available right now"));
		else {
			free(*cause);
			*cause = NULL;
			respond_error(resp, 404, &p, 0, _("No such page"));
			st = RV_OK;
		}
	} else
		st = RV_OK;
	web_lang_leave();
	if (strncmp(resp->type, "text/html", 9) == 0)
		resp->language = xstrdup(web_lang_tag(p.loc));
	return st;
}

/* Free what web_respond allocated in a response; the struct itself stays. */
void
web_response_clear(struct web_response *resp)
{
	if (resp == NULL)
		return;
	free(resp->body);
	free(resp->language);
	resp->body = NULL;
	resp->language = NULL;
	resp->len = 0;
}
