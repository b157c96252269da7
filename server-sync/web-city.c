/*
 * The city's pages (city serve): the stores city.c rebuilt and checked
 * from PostgreSQL, one per street office, behind one site.
 *
 * Each office's store gets the office server's own cache (web-cache.c),
 * so an estate's page, JSON and QR code are made, kept, compressed and
 * revalidated exactly as at the office: the estate's id in the path
 * picks the office.  A receipt is looked up office by office.  The index
 * and /api/estates are made by a front cache from the summaries of every
 * office's cache, merged in id order; everything else (the style sheet,
 * a page nobody has) goes to the front cache too.
 *
 * The stores are private and nobody writes them, so what a cache keeps
 * changes only with time (a question closing); a new check of the
 * database makes a new web_city and the old one goes whole.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "office.h"
#include "web-int.h"
#include "store.h"

/* One estate and the office whose store holds it. */
struct city_estate {
	char		*id;
	size_t		 office;
};

/* The city's pages: the checked city and a cache per office store. */
struct web_city {
	struct city		*city;
	struct web_cache	**caches;	/* one per office */
	size_t			 n;
	struct city_estate	*estates;	/* in id order */
	size_t			 nestates;
	struct web_cache	*front;		/* the index, assets, 404s */
	struct web_summary	*merged;	/* borrowed from the caches */
	struct web_index	 idx;
	rv_ms			 verified;	/* the records were checked */
};

/* Order estates by id. */
static int
estate_cmp(const void *a, const void *b)
{
	return strcmp(((const struct city_estate *)a)->id,
	    ((const struct city_estate *)b)->id);
}

/* Order summaries by their estate's id. */
static int
summary_cmp(const void *a, const void *b)
{
	return strcmp(((const struct web_summary *)a)->e.id,
	    ((const struct web_summary *)b)->e.id);
}

/*
 * The index's summaries: every office cache's, current at now, side by
 * side in id order.  They stay the caches' (shallow copies), valid until
 * a cache is asked again, which is after the page is made.
 */
static enum rv_status
city_index(void *arg, rv_ms now, const struct web_index **out, char **cause)
{
	struct web_city		*w = arg;
	const struct web_index	*one;
	size_t			 i, n = 0;
	enum rv_status		 st;

	w->idx.until = INT64_MAX;
	for (i = 0; i < w->n; i++) {
		if ((st = web_cache_index(w->caches[i], now, &one,
		    cause)) != RV_OK)
			return st;
		/* Every office's estates were counted when w was made. */
		if (n + one->n > w->nestates)
			return rv_fail(cause, RV_EENV, "an office's store "
			    "changed while served");
		memcpy(w->merged + n, one->v, one->n * sizeof *one->v);
		n += one->n;
		if (one->until < w->idx.until)
			w->idx.until = one->until;
	}
	qsort(w->merged, n, sizeof *w->merged, summary_cmp);
	w->idx.v = w->merged;
	w->idx.n = n;
	w->idx.at = now;
	w->idx.offset = RV_CST_OFFSET;
	*out = &w->idx;
	return RV_OK;
}

/*
 * Whether w shows the same offices, in the same order, as city c: then
 * c's pages may take over w's caches.
 */
static int
city_same_offices(const struct web_city *w, const struct city *c)
{
	const char	*a, *b, *dir;
	size_t		 i;

	if (w == NULL || w->n != c->noffices)
		return 0;
	for (i = 0; i < w->n; i++) {
		city_office_where(w->city, i, &a, &dir);
		city_office_where(c, i, &b, &dir);
		if (strcmp(a, b) != 0)
			return 0;
	}
	return 1;
}

/*
 * The pages of the checked city c (taking it; verified is when its
 * records were checked).  Refuses a city with no office or with an
 * estate two offices pushed: its pages could not say whose it is.
 * When old (the pages shown until now, or NULL) shows the same offices,
 * its caches move to the new stores, keeping the summaries of the
 * estates no new record names: the first index after a check then
 * tallies only what changed, not the whole city on the server's loop.
 */
enum rv_status
web_city_new(struct city *c, rv_ms verified, struct web_city *old,
    struct web_city **out, char **cause)
{
	struct web_city	*w;
	const char	*a, *b, *dir;
	char		**ids;
	size_t		 i, k, nids;
	enum rv_status	 st = RV_OK;
	int		 keep;

	*out = NULL;
	w = xcalloc(1, sizeof *w);
	w->city = c;
	w->verified = verified;
	w->n = c->noffices;
	if (w->n == 0) {
		st = rv_fail(cause, RV_EINPUT, "no street office is enrolled "
		    "in PostgreSQL yet (city enrol-office)");
		goto fail;
	}
	for (i = 0; i < w->n; i++) {
		if ((st = store_estate_ids(city_office_store(c, i), &ids, &nids,
		    cause)) != RV_OK)
			goto fail;
		w->estates = xreallocarray(w->estates, w->nestates + nids + 1,
		    sizeof *w->estates);
		for (k = 0; k < nids; k++) {
			w->estates[w->nestates].id = ids[k];
			w->estates[w->nestates++].office = i;
		}
		free(ids);
	}
	qsort(w->estates, w->nestates, sizeof *w->estates, estate_cmp);
	for (k = 1; k < w->nestates; k++) {
		if (strcmp(w->estates[k - 1].id, w->estates[k].id) != 0)
			continue;
		city_office_where(c, w->estates[k - 1].office, &a, &dir);
		city_office_where(c, w->estates[k].office, &b, &dir);
		st = rv_fail(cause, RV_EINPUT, "estate %s is pushed by two "
		    "offices, %s and %s", w->estates[k].id, a, b);
		goto fail;
	}
	keep = city_same_offices(old, c);
	w->caches = xcalloc(w->n, sizeof *w->caches);
	for (i = 0; i < w->n; i++) {
		if (keep) {
			w->caches[i] = old->caches[i];
			old->caches[i] = NULL;
			web_cache_rebind(w->caches[i], city_office_store(c, i));
		} else
			w->caches[i] = web_cache_new(city_office_store(c, i),
			    WEB_CACHE_BYTES / w->n + 1);
	}
	if (keep) {
		w->front = old->front;
		old->front = NULL;
		web_cache_rebind(w->front, city_office_store(c, 0));
	} else
		w->front = web_cache_new(city_office_store(c, 0),
		    WEB_CACHE_BYTES / w->n + 1);
	web_cache_set_index(w->front, city_index, w);
	w->merged = xcalloc(w->nestates + 1, sizeof *w->merged);
	*out = w;
	return RV_OK;
fail:
	web_city_free(w);
	return st;
}

/* Free the pages and the city they show (its folders removed). */
void
web_city_free(struct web_city *w)
{
	size_t	 i;

	if (w == NULL)
		return;
	web_cache_free(w->front);
	for (i = 0; i < w->n && w->caches != NULL; i++)
		web_cache_free(w->caches[i]);
	free(w->caches);
	for (i = 0; i < w->nestates; i++)
		free(w->estates[i].id);
	free(w->estates);
	free(w->merged);
	city_free(w->city);
	free(w);
}

/* How many estates the city's pages show. */
size_t
web_city_estates(const struct web_city *w)
{
	return w->nestates;
}

/* How many offices' estates they are. */
size_t
web_city_offices(const struct web_city *w)
{
	return w->n;
}

/*
 * The office cache for an estate's own path (/e/ID, /api/e/ID,
 * /qr/ID.svg), or NULL for any other path or an estate nobody pushed.
 */
static struct web_cache *
city_cache_of(struct web_city *w, const char *path)
{
	static const char *const prefixes[] = { "/e/", "/api/e/", "/qr/" };
	struct city_estate	 key, *e;
	char			 id[RV_ID_MAX + 1];
	size_t			 i, len, plen;

	for (i = 0; i < sizeof prefixes / sizeof *prefixes; i++) {
		plen = strlen(prefixes[i]);
		if (strncmp(path, prefixes[i], plen) == 0)
			break;
	}
	if (i == sizeof prefixes / sizeof *prefixes)
		return NULL;
	path += plen;
	len = strcspn(path, "/");
	if (i == 2 && len > 4 && strcmp(path + len - 4, ".svg") == 0)
		len -= 4;
	if (len == 0 || len > RV_ID_MAX)
		return NULL;
	memcpy(id, path, len);
	id[len] = '\0';
	key.id = id;
	if ((e = bsearch(&key, w->estates, w->nestates, sizeof *w->estates,
	    estate_cmp)) == NULL)
		return NULL;
	return w->caches[e->office];
}

/*
 * Answer one request as web_cache_respond does:
 * from the office holding the estate, the offices in turn for a receipt
 * (the first that knows it), else the front.
 */
enum rv_status
web_city_respond(struct web_city *w, const struct web_request *req,
    const struct web_cached **out, char **cause)
{
	struct web_request	 r = *req;
	struct web_cache	*c;
	size_t			 i;
	enum rv_status		 st;

	r.verified = w->verified;
	if (req->path != NULL && (c = city_cache_of(w, req->path)) != NULL)
		return web_cache_respond(c, &r, out, cause);
	if (req->path != NULL && web_receipt_path(req->path, req->query)) {
		for (i = 0; i < w->n; i++) {
			if ((st = web_cache_respond(w->caches[i], &r, out,
			    cause)) != RV_OK || (*out)->status != 404)
				return st;
		}
		return RV_OK;
	}
	return web_cache_respond(w->front, &r, out, cause);
}
