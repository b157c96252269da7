/*
 * The server's cache of answers: a page, JSON document or asset is made
 * once (web_respond) and sent again from memory, with its ETag, the
 * instant it was made (Last-Modified) and its gzip form, for as long as
 * the data it shows is unchanged.  The index and /api/estates are made
 * from per-estate summaries kept here, so after the first request only
 * the estates whose data changed are tallied again.
 *
 * NOTES ON THE DESIGN OF THE CACHE
 *
 * 1. Every request first asks SQLite's data_version (one pragma, no
 *    read of the database).  It moves when another connection (ingest,
 *    ballots import, roster import ...) commits; this process's own
 *    writes (a kiosk's chunk stored by the sync API) call
 *    web_cache_changed instead.  Either way every kept answer goes: they
 *    are cheap to make again one at a time.
 * 2. The summaries, whose making is a tally of the whole city, are
 *    dropped one estate at a time: an estate whose stamp (roster, plan
 *    version, codes epoch: store_estate_stamps) changed, or that rows
 *    from a chain's new records name (the heads, store_estates_since).
 *    A change in the kiosks' stamp (an enrolment, a revocation, a void)
 *    or a head that went back drops them all.
 * 3. Time changes a tally too: an answer is kept until the earliest
 *    close of a question still open or cast_at still to come
 *    (report_until), and at most WEB_CACHE_AGE_MS, so the "Tally as of"
 *    a page shows is never older than that.
 * 4. Last-Modified is the instant an answer was made, to the second.
 *    Two different answers made in the same second would share it, so an
 *    answer made in the second something was dropped sends none (the
 *    ETag still serves).
 * 5. At most max_bytes of answers are kept; the least recently used go
 *    first.  Receipts, errors and answers larger than the cache are made
 *    for each request and held only until the next one.
 */

#include "config.h"

#include <sys/param.h>
#include <sys/queue.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "office.h"
#include "web-int.h"
#include "store.h"

#define CACHE_BUCKETS	4096	/* hash chains (a power of two) */
#define CACHE_KEY_MAX	(SYNC_TARGET_MAX + 8)	/* language, path, query */
#define ETAG_BYTES	16	/* of the body's SHA-256, in the ETag */

/* One kept answer. */
struct cache_entry {
	char			*key;
	uint64_t		 hash;
	struct web_cached	 c;
	struct web_response	 resp;	/* owns body and language */
	char			*gz;
	rv_ms			 until;	/* made again from then on */
	size_t			 size;	/* what it counts against max_bytes */
	struct cache_entry	*next;	/* in its hash chain */
	TAILQ_ENTRY(cache_entry) lru;
};
TAILQ_HEAD(cache_lru, cache_entry);

struct web_cache {
	struct store		*store;
	size_t			 max_bytes;
	size_t			 bytes;
	struct cache_entry	*buckets[CACHE_BUCKETS];
	struct cache_lru	 lru;		/* most recently used first */
	struct cache_entry	*scratch;	/* an answer not kept */

	int			 known;		/* the fields below are read */
	int			 local;		/* this process wrote the store */
	int64_t			 data_version;
	char			*device_stamp;
	char			**heads;	/* devices, in name order */
	uint64_t		*seqs;
	size_t			 nheads;
	char			**stamps;	/* of idx.v's estates, in order */
	struct web_index	 idx;		/* every estate's summary */
	rv_ms			 dropped;	/* when answers last went */
	web_index_fn		 index_fn;	/* the index from elsewhere */
	void			*index_arg;
};

/* FNV-1a of a key. */
static uint64_t
cache_hash(const char *s)
{
	uint64_t	 h = 0xcbf29ce484222325ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

/* Free one entry (unlinked already). */
static void
entry_free(struct cache_entry *e)
{
	if (e == NULL)
		return;
	web_response_clear(&e->resp);
	free(e->gz);
	free(e->key);
	free(e);
}

/* Unlink an entry from its chain and the LRU list, and free it. */
static void
cache_remove(struct web_cache *c, struct cache_entry *e)
{
	struct cache_entry	**pp = &c->buckets[e->hash & (CACHE_BUCKETS - 1)];

	while (*pp != e)
		pp = &(*pp)->next;
	*pp = e->next;
	TAILQ_REMOVE(&c->lru, e, lru);
	c->bytes -= e->size;
	entry_free(e);
}

/* Drop every kept answer; now is when (see note 4). */
static void
cache_drop_pages(struct web_cache *c, rv_ms now)
{
	struct cache_entry	*e;

	while ((e = TAILQ_FIRST(&c->lru)) != NULL)
		cache_remove(c, e);
	c->dropped = now;
}

/* A new cache over an open store keeping at most max_bytes of answers. */
struct web_cache *
web_cache_new(struct store *s, size_t max_bytes)
{
	struct web_cache	*c;

	c = xcalloc(1, sizeof *c);
	c->store = s;
	c->max_bytes = max_bytes;
	TAILQ_INIT(&c->lru);
	return c;
}

/* Forget what was read of the store: every summary goes. */
static void
cache_forget(struct web_cache *c)
{
	free(c->device_stamp);
	c->device_stamp = NULL;
	strv_free(c->heads, c->nheads);
	free(c->seqs);
	strv_free(c->stamps, c->idx.n);
	c->heads = c->stamps = NULL;
	c->seqs = NULL;
	c->nheads = 0;
	web_index_clear(&c->idx);
	c->known = 0;
}

/* Free the cache and everything it keeps. */
void
web_cache_free(struct web_cache *c)
{
	if (c == NULL)
		return;
	cache_drop_pages(c, 0);
	entry_free(c->scratch);
	cache_forget(c);
	free(c);
}

/*
 * Answer from another store holding the same estates (the city's next
 * check, web-city.c): the kept answers go at the next request, and of
 * the summaries those whose stamps or chains changed (note 2), as after
 * another process's commit.
 */
void
web_cache_rebind(struct web_cache *c, struct store *s)
{
	c->store = s;
	c->local = 1;
}

/* This process wrote the store: look for what changed at the next request. */
void
web_cache_changed(struct web_cache *c)
{
	if (c != NULL)
		c->local = 1;
}

/* The summary of estate id in the index, or NULL. */
static struct web_summary *
index_find(struct web_cache *c, const char *id)
{
	size_t	 lo = 0, hi = c->idx.n, mid;
	int	 r;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((r = strcmp(id, c->idx.v[mid].e.id)) == 0)
			return &c->idx.v[mid];
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/*
 * Take the estates and their stamps as now read: a summary is kept when
 * its estate is still there with the same stamp, else it is made again
 * (stale).  Takes ownership of ids and stamps.
 */
static void
index_restamp(struct web_cache *c, char **ids, char **stamps, size_t n)
{
	struct web_index	 idx;
	struct web_summary	*old;
	size_t			 i, j = 0;

	memset(&idx, 0, sizeof idx);
	idx.v = xcalloc(n + 1, sizeof *idx.v);
	/* Both lists are in id order: walk them side by side. */
	for (i = 0; i < n; i++) {
		while (c->known && j < c->idx.n &&
		    strcmp(c->idx.v[j].e.id, ids[i]) < 0)
			j++;
		old = c->known && j < c->idx.n &&
		    strcmp(c->idx.v[j].e.id, ids[i]) == 0 ? &c->idx.v[j++] :
		    NULL;
		if (old != NULL && strcmp(c->stamps[j - 1], stamps[i]) == 0) {
			idx.v[i] = *old;
			memset(old, 0, sizeof *old);
			free(ids[i]);
		} else {
			idx.v[i].e.id = ids[i];
			idx.v[i].stale = 1;
		}
	}
	idx.n = n;
	free(ids);
	strv_free(c->stamps, c->idx.n);
	web_index_clear(&c->idx);
	c->idx = idx;
	c->stamps = stamps;
}

/*
 * Mark stale the summaries of the estates that rows from new records of
 * the chains name: for each head now read, the records after the one
 * held before.  *all is set when a head went back or went away (a
 * restored database): then nothing can be told apart.
 */
static enum rv_status
index_heads(struct web_cache *c, char **heads, uint64_t *seqs, size_t n,
    int *all, char **cause)
{
	struct web_summary	*sum;
	char			**ids;
	size_t			 i, j = 0, k, nids;
	uint64_t		 before;
	enum rv_status		 st;

	*all = 0;
	for (i = 0; i < n; i++) {
		/* A device's head gone (both lists are in name order). */
		if (j < c->nheads && strcmp(c->heads[j], heads[i]) < 0)
			break;
		before = 0;
		if (j < c->nheads && strcmp(c->heads[j], heads[i]) == 0)
			before = c->seqs[j++];
		if (seqs[i] < before)
			break;
		if (seqs[i] == before)
			continue;
		if ((st = store_estates_since(c->store, heads[i], before, &ids,
		    &nids, cause)) != RV_OK)
			return st;
		for (k = 0; k < nids; k++) {
			if ((sum = index_find(c, ids[k])) != NULL)
				sum->stale = 1;
		}
		strv_free(ids, nids);
	}
	if (i < n || j < c->nheads)
		*all = 1;
	return RV_OK;
}

/*
 * Before answering: if the store changed (note 1), drop the kept answers
 * and find which summaries are stale (note 2).
 */
static enum rv_status
cache_check(struct web_cache *c, rv_ms now, char **cause)
{
	char		*dstamp = NULL, **ids = NULL, **stamps = NULL;
	char		**heads = NULL;
	uint64_t	*seqs = NULL;
	size_t		 nids = 0, nheads = 0;
	int64_t		 dv;
	enum rv_status	 st;
	int		 all = 0;

	if ((st = store_data_version(c->store, &dv, cause)) != RV_OK)
		return st;
	if (c->known && dv == c->data_version && !c->local)
		return RV_OK;
	cache_drop_pages(c, now);
	if ((st = store_begin_read(c->store, cause)) != RV_OK)
		return st;
	if ((st = store_device_stamp(c->store, &dstamp, cause)) != RV_OK ||
	    (st = store_estate_stamps(c->store, &ids, &stamps, &nids,
	    cause)) != RV_OK ||
	    (st = store_head_seqs(c->store, &heads, &seqs, &nheads,
	    cause)) != RV_OK)
		goto out;
	if (c->known && strcmp(dstamp, c->device_stamp) == 0 &&
	    (st = index_heads(c, heads, seqs, nheads, &all, cause)) != RV_OK)
		goto out;
	if (!c->known || all || strcmp(dstamp, c->device_stamp) != 0)
		cache_forget(c);
	index_restamp(c, ids, stamps, nids);
	ids = stamps = NULL;
	free(c->device_stamp);
	strv_free(c->heads, c->nheads);
	free(c->seqs);
	c->device_stamp = dstamp;
	c->heads = heads;
	c->seqs = seqs;
	c->nheads = nheads;
	dstamp = NULL;
	heads = NULL;
	seqs = NULL;
	c->data_version = dv;
	c->local = 0;
	c->known = 1;
out:
	store_rollback(c->store);
	free(dstamp);
	strv_free(ids, nids);
	strv_free(stamps, nids);
	strv_free(heads, nheads);
	free(seqs);
	return st;
}

/* Make one estate's summary again, tallied at now. */
static enum rv_status
summary_make(struct web_cache *c, struct web_summary *sum, rv_ms now,
    char **cause)
{
	struct rv_report	*r = NULL;
	rv_ms			 until;
	enum rv_status		 st;

	if ((st = report_build(c->store, sum->e.id, now, RV_CST_OFFSET, &r,
	    cause)) != RV_OK ||
	    (st = report_until(c->store, r, &until, cause)) != RV_OK) {
		report_free(r);
		return st;
	}
	web_summary_clear(sum);
	web_summary_fill(sum, r, 0);
	sum->until = until;
	report_free(r);
	return RV_OK;
}

/*
 * The index with every summary current: the stale and the expired are
 * made again (all of them the first time).
 */
static enum rv_status
cache_index(struct web_cache *c, rv_ms now, const struct web_index **out,
    char **cause)
{
	struct web_summary	*sum;
	size_t			 i;
	enum rv_status		 st;

	c->idx.until = INT64_MAX;
	c->idx.at = now;
	c->idx.offset = RV_CST_OFFSET;
	for (i = 0; i < c->idx.n; i++) {
		sum = &c->idx.v[i];
		if ((sum->stale || sum->until <= now) &&
		    (st = summary_make(c, sum, now, cause)) != RV_OK) {
			/* An estate removed meanwhile: read it all again. */
			c->known = 0;
			return st;
		}
		c->idx.until = MIN(c->idx.until, sum->until);
	}
	*out = &c->idx;
	return RV_OK;
}

/*
 * Make / and /api/estates from the summaries fn gives (the city's,
 * web-city.c) instead of this cache's own.
 */
void
web_cache_set_index(struct web_cache *c, web_index_fn fn, void *arg)
{
	c->index_fn = fn;
	c->index_arg = arg;
}

/*
 * The summaries of every estate of the store, current at now (note 2);
 * valid until the next call on the cache.
 */
enum rv_status
web_cache_index(struct web_cache *c, rv_ms now, const struct web_index **out,
    char **cause)
{
	enum rv_status	 st;

	if ((st = cache_check(c, now, cause)) != RV_OK)
		return st;
	return cache_index(c, now, out, cause);
}

/* gzip of len bytes into *out (allocated); 0 when it saves nothing. */
static size_t
cache_gzip(const char *in, size_t len, char **out)
{
	z_stream	 z;
	size_t		 bound, n;

	*out = NULL;
	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		fatal("deflateInit2 failed");
	bound = deflateBound(&z, (uLong)len);
	*out = xmalloc(bound);
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)*out;
	z.avail_out = (uInt)bound;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		fatal("deflate failed");
	n = bound - z.avail_out;
	deflateEnd(&z);
	if (n >= len) {
		free(*out);
		*out = NULL;
		return 0;
	}
	return n;
}

/* Whether a type is text worth compressing. */
static int
cache_compressible(const char *type)
{
	return strncmp(type, "text/", 5) == 0 ||
	    strncmp(type, "application/json", 16) == 0 ||
	    strcmp(type, "image/svg+xml") == 0;
}

/*
 * An entry for a response made at now (taking what it holds): its ETag,
 * gzip form and Last-Modified when it is to be kept.
 */
static struct cache_entry *
entry_new(struct web_cache *c, char *key, struct web_response *resp,
    rv_ms now)
{
	struct cache_entry	*e;
	uint8_t			 h[RV_HASH_LEN];
	char			 hex[2 * ETAG_BYTES + 1];
	size_t			 gzlen = 0;

	e = xcalloc(1, sizeof *e);
	e->key = key;
	e->resp = *resp;
	memset(resp, 0, sizeof *resp);
	e->until = e->resp.until;
	e->c.status = e->resp.status;
	e->c.type = e->resp.type;
	e->c.body = e->resp.body;
	e->c.len = e->resp.len;
	e->c.language = e->resp.language;
	if (key != NULL) {
		ledger_sha256(e->resp.body, e->resp.len, h);
		hex_encode(h, ETAG_BYTES, hex);
		snprintf(e->c.etag, sizeof e->c.etag, "\"%s\"", hex);
		snprintf(e->c.etag_gz, sizeof e->c.etag_gz, "\"%s-gz\"", hex);
		if (now / 1000 > c->dropped / 1000)
			e->c.modified = now;
		if (e->resp.len >= WEB_GZIP_MIN &&
		    cache_compressible(e->resp.type))
			gzlen = cache_gzip(e->resp.body, e->resp.len, &e->gz);
		e->c.gz = e->gz;
		e->c.gzlen = gzlen;
	}
	e->size = sizeof *e + e->resp.len + gzlen +
	    (key != NULL ? strlen(key) + 1 : 0);
	return e;
}

/* Keep an entry, making room by dropping the least recently used. */
static void
cache_insert(struct web_cache *c, struct cache_entry *e)
{
	struct cache_entry	**b;

	while (c->bytes + e->size > c->max_bytes &&
	    !TAILQ_EMPTY(&c->lru))
		cache_remove(c, TAILQ_LAST(&c->lru, cache_lru));
	e->hash = cache_hash(e->key);
	b = &c->buckets[e->hash & (CACHE_BUCKETS - 1)];
	e->next = *b;
	*b = e;
	TAILQ_INSERT_HEAD(&c->lru, e, lru);
	c->bytes += e->size;
}

/* The kept entry of key still holding at now, or NULL. */
static struct cache_entry *
cache_lookup(struct web_cache *c, const char *key, rv_ms now)
{
	struct cache_entry	*e;
	uint64_t		 h = cache_hash(key);

	for (e = c->buckets[h & (CACHE_BUCKETS - 1)]; e != NULL; e = e->next) {
		if (e->hash != h || strcmp(e->key, key) != 0)
			continue;
		if (e->until <= now) {
			cache_remove(c, e);
			c->dropped = now;
			return NULL;
		}
		TAILQ_REMOVE(&c->lru, e, lru);
		TAILQ_INSERT_HEAD(&c->lru, e, lru);
		return e;
	}
	return NULL;
}

/* Whether a path is the index or /api/estates (made from summaries). */
static int
cache_index_path(const char *path)
{
	return strcmp(path, "/") == 0 || strcmp(path, "/index.html") == 0 ||
	    strcmp(path, "/api/estates") == 0;
}

/*
 * Answer one request: the kept answer when the data it shows is
 * unchanged, else a new one from web_respond, kept when it may be.
 * *out stays valid until the next call.  A failing store is RV_EENV
 * with its cause and no answer (*out NULL).
 */
enum rv_status
web_cache_respond(struct web_cache *c, const struct web_request *req,
    const struct web_cached **out, char **cause)
{
	struct web_request	 r = *req;
	struct web_response	 resp;
	struct cache_entry	*e;
	char			*key = NULL;
	enum rv_locale		 loc;
	enum rv_status		 st;
	int			 chosen;

	entry_free(c->scratch);
	c->scratch = NULL;
	*out = NULL;
	memset(&resp, 0, sizeof resp);
	if ((st = cache_check(c, req->now, cause)) != RV_OK)
		return st;
	loc = web_request_locale(req, &chosen);
	xasprintf(&key, "%d%s?%s", (int)loc, req->path != NULL ? req->path :
	    "", req->query != NULL ? req->query : "");
	if (req->path == NULL || strlen(key) > CACHE_KEY_MAX) {
		free(key);
		key = NULL;
	} else if ((e = cache_lookup(c, key, req->now)) != NULL) {
		free(key);
		*out = &e->c;
		return RV_OK;
	}
	if (req->path != NULL && cache_index_path(req->path) &&
	    (st = c->index_fn != NULL ? c->index_fn(c->index_arg, req->now,
	    &r.index, cause) : cache_index(c, req->now, &r.index,
	    cause)) != RV_OK) {
		free(key);
		return st;
	}
	if ((st = web_respond(c->store, &r, &resp, cause)) != RV_OK) {
		/* The server answers 503 itself. */
		web_response_clear(&resp);
		free(key);
		return st;
	}
	if (key != NULL && resp.status == 200 && resp.until > req->now) {
		e = entry_new(c, key, &resp, req->now);
		if (e->size <= c->max_bytes)
			cache_insert(c, e);
		else
			c->scratch = e;
		*out = &e->c;
		return RV_OK;
	}
	free(key);
	c->scratch = entry_new(c, NULL, &resp, req->now);
	*out = &c->scratch->c;
	return RV_OK;
}
