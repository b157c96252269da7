/*
 * The city index (/): every estate in one line, grouped by street (街道)
 * and community (社区) as the roster gives them, in pinyin order
 * (estates without go under "Other", last), with how many of its questions passed, failed
 * or are still open and how many owners take part, linking to its page.
 * A GET form searches by name (any language), pinyin initials
 * (pinyin.c) or id; the list is cut into pages of INDEX_PAGE_ESTATES.
 * Every figure is the tally's (tally.c, through the report); nothing
 * here compares a count with a threshold.  No script, no inline style.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "office.h"
#include "web-int.h"

/* One estate's line, pointing at its summary. */
struct index_row {
	const struct web_summary	*sum;
	char				*street_key;	/* pinyin_sort_key */
	char				*community_key;	/* of each, or NULL */
};

/*
 * Places compare in pinyin order (their keys: GB2312 order); NULL sorts
 * after every name, so estates without a street come last.
 */
static int
index_cmp_place(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a == NULL) - (b == NULL);
	return strcmp(a, b);
}

/* Street, then community, then estate id. */
static int
index_cmp(const void *va, const void *vb)
{
	const struct index_row	*a = va, *b = vb;
	int			 c;

	if ((c = index_cmp_place(a->street_key, b->street_key)) != 0 ||
	    (c = index_cmp_place(a->community_key, b->community_key)) != 0)
		return c;
	return strcmp(a->sum->e.id, b->sum->e.id);
}

/*
 * Does estate e answer search q: its id, any of its names, its street or
 * community containing q (ASCII case ignored), or q among the pinyin
 * initials of its name?
 */
static int
index_match(const struct rv_estate *e, const char *q)
{
	char	 ini[PINYIN_INITIALS_MAX];
	int	 l;

	if (strcasestr(e->id, q) != NULL ||
	    (e->street != NULL && strcasestr(e->street, q) != NULL) ||
	    (e->community != NULL && strcasestr(e->community, q) != NULL))
		return 1;
	for (l = 0; l < RV_NLOCALES; l++) {
		if (strcasestr(estate_name(e, (enum rv_locale)l), q) != NULL)
			return 1;
	}
	pinyin_initials(e->name, ini, sizeof ini);
	return pinyin_match(ini, q);
}

/* The pinyin sort key of a place, or NULL for none.  Allocated. */
static char *
index_key(const char *place)
{
	char	 key[PINYIN_SORT_KEY_MAX];

	if (place == NULL)
		return NULL;
	pinyin_sort_key(place, key, sizeof key);
	return xstrdup(key);
}

/* Free the rows' keys and the rows. */
static void
index_rows_free(struct index_row *rows, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(rows[i].street_key);
		free(rows[i].community_key);
	}
	free(rows);
}

/*
 * The summary of estate ei of report r, for the index and /api/estates:
 * its outcomes counted and the question whose participation its line
 * shows (the one with the most eligible owners, the first of them on a
 * tie: for most estates every question's).  The summary copies what it
 * keeps; free it with web_summary_clear.
 */
void
web_summary_fill(struct web_summary *sum, const struct rv_report *r,
    size_t ei)
{
	const struct rv_estate		*e = r->estates[ei];
	const struct rv_report_question	*rq, *part = NULL;
	size_t				 i;

	memset(sum, 0, sizeof *sum);
	sum->e.id = xstrdup(e->id);
	sum->e.name = xstrdup(e->name);
	sum->e.name_zh_tw = e->name_zh_tw != NULL ? xstrdup(e->name_zh_tw) :
	    NULL;
	sum->e.name_en = e->name_en != NULL ? xstrdup(e->name_en) : NULL;
	sum->e.street = e->street != NULL ? xstrdup(e->street) : NULL;
	sum->e.community = e->community != NULL ? xstrdup(e->community) :
	    NULL;
	sum->plan = r->plans[ei] != NULL;
	sum->qs = xcalloc(r->plans[ei] != NULL ?
	    r->plans[ei]->nquestions + 1 : 1, sizeof *sum->qs);
	for (i = 0; i < r->nquestions; i++) {
		rq = &r->questions[i];
		if (rq->estate != e)
			continue;
		sum->qs[sum->nqs].id = xstrdup(rq->question->id);
		sum->qs[sum->nqs++].outcome = rq->result.outcome;
		switch (rq->result.outcome) {
		case RV_OUT_OPEN:
			sum->open++;
			break;
		case RV_OUT_APPROVED:
		case RV_OUT_ADOPTED:
			sum->passed++;
			break;
		case RV_OUT_CLOSED:
			/* an opinion asked and closed: neither */
			break;
		default:
			sum->failed++;
			break;
		}
		if (part == NULL || rq->result.participation.owners.base >
		    part->result.participation.owners.base)
			part = rq;
	}
	if ((sum->part = part != NULL))
		sum->owners = part->result.participation.owners;
}

/* Free what a summary holds, and zero it. */
void
web_summary_clear(struct web_summary *sum)
{
	size_t	 i;

	free(sum->e.id);
	free(sum->e.name);
	free(sum->e.name_zh_tw);
	free(sum->e.name_en);
	free(sum->e.street);
	free(sum->e.community);
	for (i = 0; i < sum->nqs; i++)
		free(sum->qs[i].id);
	free(sum->qs);
	memset(sum, 0, sizeof *sum);
}

/*
 * The summaries of every estate of a report, in an index taken at its
 * instant (allocated; free with web_index_clear).
 */
void
web_index_from_report(struct web_index *idx, const struct rv_report *r)
{
	size_t	 i;

	memset(idx, 0, sizeof *idx);
	idx->at = r->at;
	idx->offset = r->offset;
	idx->v = xcalloc(r->nestates + 1, sizeof *idx->v);
	for (i = 0; i < r->nestates; i++)
		web_summary_fill(&idx->v[idx->n++], r, i);
}

/* Free an index's summaries, and zero it. */
void
web_index_clear(struct web_index *idx)
{
	size_t	 i;

	for (i = 0; i < idx->n; i++)
		web_summary_clear(&idx->v[i]);
	free(idx->v);
	memset(idx, 0, sizeof *idx);
}

/*
 * The rows of the index, sorted: only the estates matching q when q is
 * not empty.  Allocated; *n rows.  *placed says whether any estate has a
 * street or community (else the page has no groups to show).
 */
static struct index_row *
index_rows(const struct web_index *idx, const char *q, size_t *n,
    int *placed)
{
	struct index_row	*rows;
	const struct rv_estate	*e;
	size_t			 i, m = 0;

	*placed = 0;
	rows = xcalloc(idx->n + 1, sizeof *rows);
	for (i = 0; i < idx->n; i++) {
		e = &idx->v[i].e;
		if (e->street != NULL || e->community != NULL)
			*placed = 1;
		if (q == NULL || *q == '\0' || index_match(e, q))
			rows[m++].sum = &idx->v[i];
	}
	for (i = 0; i < m; i++) {
		rows[i].street_key = index_key(rows[i].sum->e.street);
		rows[i].community_key = index_key(rows[i].sum->e.community);
	}
	if (m > 1)
		qsort(rows, m, sizeof *rows, index_cmp);
	*n = m;
	return rows;
}

/* The number of pages of the whole index of n estates: 1 at least. */
size_t
web_index_npages(size_t n)
{
	return n == 0 ? 1 : (n + INDEX_PAGE_ESTATES - 1) / INDEX_PAGE_ESTATES;
}

/* Write s percent-encoded for a URL's query (safe in HTML as well). */
static void
index_url_put(FILE *f, const char *s)
{
	const unsigned char	*u = (const unsigned char *)s;

	for (; *u != '\0'; u++) {
		if ((*u >= 'a' && *u <= 'z') || (*u >= 'A' && *u <= 'Z') ||
		    (*u >= '0' && *u <= '9') || strchr("-._~", *u) != NULL)
			fputc(*u, f);
		else
			fprintf(f, "%%%02X", *u);
	}
}

/*
 * The URL of page n of the index (an href value), keeping the search and
 * the chosen language: served "/?page=2&q=..", static "index-2.html".
 */
static void
index_link_page(const struct web_page *p, const char *q, size_t n)
{
	const char	*sep = "?";

	if (p->static_site) {
		if (n <= 1)
			fprintf(p->f, "index%s.html", web_static_suffix(p->loc));
		else
			fprintf(p->f, "index-%zu%s.html", n,
			    web_static_suffix(p->loc));
		return;
	}
	fputc('/', p->f);
	if (n > 1) {
		fprintf(p->f, "%spage=%zu", sep, n);
		sep = "&amp;";
	}
	if (q != NULL && *q != '\0') {
		fprintf(p->f, "%sq=", sep);
		index_url_put(p->f, q);
		sep = "&amp;";
	}
	if (p->lang_chosen)
		fprintf(p->f, "%slang=%s", sep, locale_name(p->loc));
}

/* One estate's line: name, id, outcomes counted, participation. */
static void
index_line(const struct web_page *p, const struct web_summary *sum)
{
	char	 pct[16];

	fputs("<li id=\"e-", p->f);
	html_put(p->f, sum->e.id);
	fputs("\"><a href=\"", p->f);
	web_link_estate(p, sum->e.id);
	fputs("\">", p->f);
	html_put(p->f, estate_name(&sum->e, p->loc));
	fputs("</a> <small>", p->f);
	html_put(p->f, sum->e.id);
	fputs("</small> ", p->f);
	if (!sum->plan || !sum->part) {
		fprintf(p->f, "<span class=\"none\">%s</span></li>\n",
		    !sum->plan ? _("no plan yet") : _("no questions"));
		return;
	}
	fputs("<span class=\"tally\">", p->f);
	fprintf(p->f, "<span class=\"n-passed\">");
	fprintf(p->f, _("%zu passed"), sum->passed);
	fprintf(p->f, "</span> · <span class=\"n-failed\">");
	fprintf(p->f, _("%zu failed"), sum->failed);
	fprintf(p->f, "</span> · <span class=\"n-open\">");
	fprintf(p->f, _("%zu open"), sum->open);
	fputs("</span> · <span class=\"part\">", p->f);
	percent_format(sum->owners.count, sum->owners.base, pct, sizeof pct);
	fprintf(p->f, _("taking part: %lld of %lld owners (%s)"),
	    (long long)sum->owners.count, (long long)sum->owners.base, pct);
	fputs("</span></span></li>\n", p->f);
}

/* The search form (served pages only: a static site cannot answer it). */
static void
index_search_form(const struct web_page *p, const char *q)
{
	fprintf(p->f, "<form class=\"search\" action=\"/\" method=\"get\" "
	    "role=\"search\">\n<label for=\"q\">%s</label>\n"
	    "<input id=\"q\" name=\"q\" type=\"search\" maxlength=\"%d\" "
	    "value=\"", _("Find an estate (name, initials such as CHXQ, or "
	    "id)"), INDEX_QUERY_MAX);
	html_put(p->f, q);
	fputs("\">\n", p->f);
	if (p->lang_chosen)
		fprintf(p->f, "<input type=\"hidden\" name=\"lang\" "
		    "value=\"%s\">\n", locale_name(p->loc));
	fprintf(p->f, "<button type=\"submit\">%s</button>\n</form>\n",
	    _("Search"));
}

/* Links to the previous and next pages, and where this one is. */
static void
index_pager(const struct web_page *p, const char *q, size_t page,
    size_t npages)
{
	if (npages <= 1)
		return;
	fprintf(p->f, "<nav class=\"pages\" aria-label=\"%s\">", _("Pages"));
	if (page > 1) {
		fputs("<a rel=\"prev\" href=\"", p->f);
		index_link_page(p, q, page - 1);
		fprintf(p->f, "\">%s</a> ", _("Previous page"));
	}
	fputs("<span class=\"at\">", p->f);
	fprintf(p->f, _("Page %zu of %zu"), page, npages);
	fputs("</span>", p->f);
	if (page < npages) {
		fputs(" <a rel=\"next\" href=\"", p->f);
		index_link_page(p, q, page + 1);
		fprintf(p->f, "\">%s</a>", _("Next page"));
	}
	fputs("</nav>\n", p->f);
}

/*
 * The estates page: page `page` (from 1; clamped to the last) of the
 * estates of an index matching q (NULL or "": all), grouped by street
 * and community.
 */
void
web_index_render(struct web_page *p, const struct web_index *idx,
    const char *q, size_t page)
{
	struct index_row	*rows;
	const struct rv_estate	*e, *prev = NULL;
	size_t			 n, npages, i, first, last;
	int			 open_list = 0, new_street, new_comm, placed;

	if (q == NULL)
		q = "";
	rows = index_rows(idx, q, &n, &placed);
	npages = n == 0 ? 1 : (n + INDEX_PAGE_ESTATES - 1) / INDEX_PAGE_ESTATES;
	if (page < 1)
		page = 1;
	if (page > npages)
		page = npages;
	first = (page - 1) * INDEX_PAGE_ESTATES;
	last = first + INDEX_PAGE_ESTATES < n ? first + INDEX_PAGE_ESTATES : n;

	web_head(p, _("Renovation consent results"));
	fprintf(p->f, "<header>\n<h1>%s</h1>\n", _("Renovation consent "
	    "results"));
	fprintf(p->f, "<p class=\"at\">%s ", _("Tally as of"));
	web_put_time(p->f, idx->at);
	fputs("</p>\n</header>\n<main>\n", p->f);
	if (!p->static_site)
		index_search_form(p, q);
	fputs("<p class=\"count\">", p->f);
	if (*q != '\0') {
		html_printf(p->f, _("Estates matching \"%s\": %zu"), q, n);
		fputs(" <a href=\"", p->f);
		web_link_index(p);
		fprintf(p->f, "\">%s</a>", _("Show all"));
	} else
		fprintf(p->f, _("Estates: %zu"), n);
	fputs("</p>\n", p->f);
	index_pager(p, q, page, npages);

	for (i = first; i < last; i++) {
		e = &rows[i].sum->e;
		new_street = prev == NULL ||
		    index_cmp_place(prev->street, e->street) != 0;
		new_comm = new_street ||
		    index_cmp_place(prev->community, e->community) != 0;
		if (new_comm && open_list)
			fputs("</ul>\n", p->f);
		if (new_street && placed) {
			fputs("<h2 class=\"street\">", p->f);
			html_put(p->f, e->street != NULL ? e->street :
			    _("Other"));
			fputs("</h2>\n", p->f);
		}
		if (new_comm && (e->street != NULL || e->community != NULL)) {
			fputs("<h3 class=\"community\">", p->f);
			html_put(p->f, e->community != NULL ? e->community :
			    _("Other"));
			fputs("</h3>\n", p->f);
		}
		if (new_comm) {
			fputs("<ul class=\"estates\">\n", p->f);
			open_list = 1;
		}
		index_line(p, rows[i].sum);
		prev = e;
	}
	if (open_list)
		fputs("</ul>\n", p->f);
	if (n == 0 && *q != '\0')
		fprintf(p->f, "<p>%s</p>\n", _("No estate matches."));
	index_pager(p, q, page, npages);

	if (!p->static_site) {
		fprintf(p->f, "<form class=\"receipt\" action=\"/r\" "
		    "method=\"get\">\n<label for=\"receipt\">%s</label>\n"
		    "<input id=\"receipt\" name=\"receipt\" maxlength=\"16\" "
		    "autocomplete=\"off\" placeholder=\"ABCDE-FGHJK\">\n",
		    _("Check your receipt"));
		if (p->lang_chosen)
			fprintf(p->f, "<input type=\"hidden\" name=\"lang\" "
			    "value=\"%s\">\n", locale_name(p->loc));
		fprintf(p->f, "<button type=\"submit\">%s</button>\n</form>\n",
		    _("Check"));
	}
	fputs("</main>\n", p->f);
	web_foot(p, idx->at);
	index_rows_free(rows, n);
}
