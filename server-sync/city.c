/*
 * The city's view, rebuilt from what the offices pushed to PostgreSQL
 * (docs/federation.md), for city tally and city report.
 *
 * The city trusts no row.  For each enrolled office it builds a store of
 * its own in a private temporary folder: the office's tables as pushed,
 * the office's chain enrolled under the key the city registered, and
 * every device's records up to the head PostgreSQL holds, checked record
 * by record (content against hash, seq, device, link) and then ingested
 * as one bundle through the office's own ingest (chain_ingest_audit),
 * which checks the head's signature with the kiosk's key as the office
 * enrolled it, or the office's key for its own chain.  The same
 * report_build then tallies, and the offices' reports become one.  A row
 * changed in PostgreSQL by hand names the office, device and seq.
 */

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "office.h"
#include "store.h"

#ifdef HAVE_POSTGRESQL
#include <libpq-fe.h>
#endif

#define CITY_PATH_MAX	4096
#define CITY_HEAD_COLS	5	/* store_table_head's */



#ifdef HAVE_POSTGRESQL

/* One office's store, in a private temporary folder. */
struct city_office {
	char		*name;
	char		 dir[CITY_PATH_MAX - 16];	/* room for "/office.db" */
	char		 db[CITY_PATH_MAX];
	struct store	*store;
};

/*
 * Make the folder (mode 0700 by mkdtemp) in base (NULL: $TMPDIR or
 * /tmp) and name the store in it.
 */
static enum rv_status
city_tmp_make(struct city_office *t, const char *base, char **cause)
{
	if (base == NULL)
		base = getenv("TMPDIR");
	if (base == NULL || *base == '\0')
		base = "/tmp";
	if ((size_t)snprintf(t->dir, sizeof t->dir, "%s/renovote-city.XXXXXX",
	    base) >= sizeof t->dir)
		return rv_fail(cause, RV_EENV, "TMPDIR: path too long");
	if (mkdtemp(t->dir) == NULL) {
		t->dir[0] = '\0';
		return rv_fail(cause, RV_EENV, "%s: %s", base, strerror(errno));
	}
	snprintf(t->db, sizeof t->db, "%s/office.db", t->dir);
	return RV_OK;
}

/* Remove the folder and what the store left in it.  Safe when unmade. */
static void
city_tmp_remove(struct city_office *t)
{
	char		 path[CITY_PATH_MAX];
	DIR		*d;
	struct dirent	*e;

	if (t->dir[0] == '\0' || (d = opendir(t->dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if ((size_t)snprintf(path, sizeof path, "%s/%s", t->dir,
		    e->d_name) < sizeof path)
			unlink(path);
	}
	closedir(d);
	rmdir(t->dir);
	t->dir[0] = '\0';
}

/* Copy the office's pushed tables into the city's store. */
static enum rv_status
city_tables(struct pg_conn *pg, struct store *s, const char *office,
    char **cause)
{
	struct store_rows rows;
	PGresult	*res;
	char		*sql;
	const char	*param[1] = { office };
	size_t		 t;
	enum rv_status	 st = RV_OK;

	for (t = 0; t < store_ntables && st == RV_OK; t++) {
		xasprintf(&sql, "SELECT %s FROM %s WHERE office = $1",
		    store_tables[t].columns, store_tables[t].name);
		st = pg_exec(pg, sql, 1, param, NULL, NULL, &res,
		    store_tables[t].name, cause);
		free(sql);
		if (st != RV_OK)
			break;
		memset(&rows, 0, sizeof rows);
		rows.ncols = store_table_ncols(&store_tables[t]);
		pg_rows(res, &store_tables[t], 0, &rows);
		PQclear(res);
		st = store_table_write(s, &store_tables[t], &rows, cause);
		store_rows_clear(&rows);
	}
	return st;
}

/*
 * Check one device's records (rows seq, hash, body, in seq order) as
 * PostgreSQL holds them against each other and the head (seq last,
 * hash): every seq from 1 to last present, each body decoding to a
 * record of this device and seq whose hash is the stored hash and whose
 * prev is the record before's.  The first that fails is named.
 */
static enum rv_status
city_check_records(const char *office, const char *device,
    const struct store_rows *rows, uint64_t last, const char *headhash,
    char **cause)
{
	struct rv_record rec;
	uint8_t		 prev[RV_HASH_LEN];
	char		*why = NULL;
	uint64_t	 seq;
	size_t		 i;
	enum rv_status	 st = RV_OK;

	memset(prev, 0, sizeof prev);
	for (i = 0; i < rows->n; i++) {
		seq = strtoull(rows->v[i * 3], NULL, 10);
		if (seq != i + 1)
			return rv_fail(cause, RV_EINPUT, "office %s, device %s, "
			    "record %" PRIu64 ": missing from PostgreSQL",
			    office, device, (uint64_t)i + 1);
		if (ledger_record_decode((const uint8_t *)rows->v[i * 3 + 2],
		    rows->len[i * 3 + 2], &rec, &why) != RV_OK) {
			st = rv_fail(cause, RV_EINPUT, "office %s, device %s, "
			    "record %" PRIu64 ": altered in PostgreSQL (%s)",
			    office, device, seq, why);
			free(why);
			return st;
		}
		if (strcmp(rec.device, device) != 0 || rec.seq != seq ||
		    rows->len[i * 3 + 1] != RV_HASH_LEN ||
		    memcmp(rec.hash, rows->v[i * 3 + 1], RV_HASH_LEN) != 0)
			st = rv_fail(cause, RV_EINPUT, "office %s, device %s, "
			    "record %" PRIu64 ": altered in PostgreSQL (its "
			    "content does not match its hash)", office, device,
			    seq);
		else if (memcmp(rec.prev, prev, RV_HASH_LEN) != 0)
			st = rv_fail(cause, RV_EINPUT, "office %s, device %s, "
			    "record %" PRIu64 ": altered in PostgreSQL (record "
			    "%" PRIu64 " does not link to it)", office, device,
			    seq - 1, seq);
		memcpy(prev, rec.hash, RV_HASH_LEN);
		ledger_record_clear(&rec);
		if (st != RV_OK)
			return st;
	}
	if (rows->n != last)
		return rv_fail(cause, RV_EINPUT, "office %s, device %s, record "
		    "%" PRIu64 ": missing from PostgreSQL", office, device,
		    (uint64_t)rows->n + 1);
	if (last > 0 && memcmp(prev, headhash, RV_HASH_LEN) != 0)
		return rv_fail(cause, RV_EINPUT, "office %s, device %s, record "
		    "%" PRIu64 ": altered in PostgreSQL (the signed head does "
		    "not end the chain)", office, device, last);
	return RV_OK;
}

/*
 * Read, check and ingest one device's records up to its head (row h of
 * heads: device, seq, hash, sig, received_at) into the city's store.
 */
static enum rv_status
city_device(struct pg_conn *pg, struct store *s, const char *office,
    const struct store_rows *heads, size_t h, char **cause)
{
	static const struct store_table rec_table = {
		"record", "seq,hash,body", "ibb"
	};
	const char	*device = heads->v[h * CITY_HEAD_COLS];
	const char	*param[3] = { office, device, heads->v[h * CITY_HEAD_COLS + 1] };
	struct store_rows rows = { 0 };
	PGresult	*res = NULL;
	uint8_t		**encs = NULL, *bundle = NULL;
	size_t		*lens = NULL, i, blen, added, stale;
	char		*name = NULL, *why = NULL;
	uint64_t	 last;
	enum rv_status	 st;

	last = strtoull(heads->v[h * CITY_HEAD_COLS + 1], NULL, 10);
	if (heads->len[h * CITY_HEAD_COLS + 2] != RV_HASH_LEN ||
	    heads->len[h * CITY_HEAD_COLS + 3] != RV_SIG_LEN)
		return rv_fail(cause, RV_EINPUT, "office %s, device %s, record "
		    "%" PRIu64 ": its head was altered in PostgreSQL", office,
		    device, last);
	if ((st = pg_exec(pg, "SELECT seq, hash, body FROM record WHERE "
	    "office = $1 AND device = $2 AND seq <= $3 ORDER BY seq", 3, param,
	    NULL, NULL, &res, "read records", cause)) != RV_OK)
		return st;
	rows.ncols = 3;
	pg_rows(res, &rec_table, 0, &rows);
	PQclear(res);
	if ((st = city_check_records(office, device, &rows, last,
	    heads->v[h * CITY_HEAD_COLS + 2], cause)) != RV_OK || last == 0)
		goto out;
	encs = xcalloc(rows.n, sizeof *encs);
	lens = xcalloc(rows.n, sizeof *lens);
	for (i = 0; i < rows.n; i++) {
		encs[i] = (uint8_t *)rows.v[i * 3 + 2];
		lens[i] = rows.len[i * 3 + 2];
	}
	if ((st = ledger_bundle_encode(device, encs, lens, rows.n,
	    (const uint8_t *)heads->v[h * CITY_HEAD_COLS + 3], &bundle, &blen,
	    cause)) != RV_OK)
		goto out;
	xasprintf(&name, "office %s", office);
	if ((st = chain_ingest_audit(s, name, bundle, blen, &added, &stale,
	    &why)) != RV_OK) {
		st = rv_fail(cause, st, "%s, device %s, record %" PRIu64 ": %s",
		    name, device, last, why);
		free(why);
	} else if (heads->v[h * CITY_HEAD_COLS + 4] != NULL)
		st = store_head_received_set(s, device, strtoll(
		    heads->v[h * CITY_HEAD_COLS + 4], NULL, 10), cause);
out:
	free(name);
	free(bundle);
	free(encs);
	free(lens);
	store_rows_clear(&rows);
	return st;
}

/*
 * Build, in t, office's store from PostgreSQL, checking every record;
 * t->store stays open.
 */
static enum rv_status
city_office_load(struct pg_conn *pg, const char *office, const char *pubkey,
    const char *base, struct city_office *t, char **cause)
{
	struct store_rows heads = { 0 };
	struct store	*s = NULL;
	PGresult	*res = NULL;
	const char	*param[1] = { office };
	size_t		 h;
	int		 r;
	enum rv_status	 st;

	t->name = xstrdup(office);
	if ((st = city_tmp_make(t, base, cause)) != RV_OK ||
	    (st = store_open(t->db, STORE_CREATE, &t->store, cause)) != RV_OK)
		return st;
	s = t->store;
	if ((st = store_begin(s, cause)) != RV_OK)
		return st;
	if ((st = city_tables(pg, s, office, cause)) != RV_OK ||
	    (st = store_device_put(s, RV_OFFICE_DEVICE, pubkey,
	    cause)) != RV_OK ||
	    (st = pg_exec(pg, "SELECT device, seq, hash, sig, received_at FROM "
	    "head WHERE office = $1 ORDER BY device", 1, param, NULL, NULL,
	    &res, "read heads", cause)) != RV_OK)
		goto rollback;
	heads.ncols = CITY_HEAD_COLS;
	pg_rows(res, &store_table_head, 0, &heads);
	PQclear(res);
	res = NULL;
	for (h = 0; h < heads.n && st == RV_OK; h++)
		st = city_device(pg, s, office, &heads, h, cause);
	if (st != RV_OK)
		goto rollback;
	/* What a void at the office stopped counting stops here too. */
	if ((st = pg_exec(pg, "SELECT name FROM device WHERE office = $1 AND "
	    "voided <> 0", 1, param, NULL, NULL, &res, "read devices",
	    cause)) != RV_OK)
		goto rollback;
	for (r = 0; r < PQntuples(res) && st == RV_OK; r++)
		st = store_device_revoke(s, PQgetvalue(res, r, 0), 1, cause);
	if (st == RV_OK && (st = store_commit(s, cause)) == RV_OK) {
		/* A province keeps dozens of these open. */
		store_release_memory(s);
		goto out;
	}
rollback:
	store_rollback(s);
out:
	PQclear(res);
	store_rows_clear(&heads);
	return st;
}

/*
 * Rebuild and check every enrolled office (or only the one that pushed
 * estate, when not NULL) from the PostgreSQL at conninfo, each in a
 * folder of its own in base (NULL: $TMPDIR).  No report is made (all
 * and stores stay NULL).  Free with city_free.
 */
enum rv_status
city_verify(const char *conninfo, const char *estate, const char *base,
    struct city **out, char **cause)
{
	struct city	*c;
	struct pg_conn	*pg = NULL;
	PGresult	*res = NULL;
	const char	*param[1] = { estate };
	int		 r;
	enum rv_status	 st;

	c = xcalloc(1, sizeof *c);
	/*
	 * One snapshot for every office: a push committed meanwhile is
	 * either all seen or not at all.  A hot standby allows this level.
	 */
	if ((st = pg_connect(conninfo, &pg, cause)) != RV_OK ||
	    (st = pg_run(pg, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
	    "begin", cause)) != RV_OK ||
	    (st = pg_exec(pg, "SELECT office, pubkey FROM office_key k WHERE "
	    "$1::text IS NULL OR EXISTS (SELECT 1 FROM estate e WHERE "
	    "e.office = k.office AND e.id = $1) ORDER BY office", 1, param,
	    NULL, NULL, &res, "read office_key", cause)) != RV_OK)
		goto out;
	if (estate != NULL && PQntuples(res) != 1) {
		st = rv_fail(cause, RV_EINPUT, "--estate: %d offices have "
		    "pushed estate '%s'", PQntuples(res), estate);
		goto out;
	}
	c->offices = xcalloc((size_t)PQntuples(res) + 1, sizeof *c->offices);
	for (r = 0; r < PQntuples(res) && st == RV_OK; r++)
		st = city_office_load(pg, PQgetvalue(res, r, 0),
		    PQgetvalue(res, r, 1), base, &c->offices[c->noffices++],
		    cause);
out:
	PQclear(res);
	if (pg != NULL)
		pg_rollback(pg);
	pg_close(pg);
	if (st != RV_OK) {
		city_free(c);
		c = NULL;
	}
	*out = c;
	return st;
}

/*
 * Load every enrolled office (or only the one that pushed estate, when
 * not NULL) from the PostgreSQL at conninfo, checking everything, and
 * tally them as of at into one report.  Free with city_free.
 */
enum rv_status
city_load(const char *conninfo, const char *estate, rv_ms at, int offset,
    struct city **out, char **cause)
{
	struct city	*c;
	struct rv_report *one;
	size_t		 i, o, n;
	enum rv_status	 st;

	if ((st = city_verify(conninfo, estate, NULL, &c, cause)) != RV_OK) {
		*out = NULL;
		return st;
	}
	c->all = xcalloc(1, sizeof *c->all);
	c->all->at = at;
	c->all->offset = offset;
	for (o = 0; o < c->noffices; o++) {
		if ((st = report_build(c->offices[o].store, estate, at, offset,
		    &one, cause)) != RV_OK) {
			city_free(c);
			*out = NULL;
			return st;
		}
		/* The tally filled the page cache again. */
		store_release_memory(c->offices[o].store);
		n = c->all->nestates;
		report_absorb(c->all, one);
		c->stores = xreallocarray(c->stores, c->all->nestates + 1,
		    sizeof *c->stores);
		for (i = n; i < c->all->nestates; i++)
			c->stores[i] = c->offices[o].store;
	}
	*out = c;
	return RV_OK;
}

/* The name of office i and the folder its store is in. */
void
city_office_where(const struct city *c, size_t i, const char **name,
    const char **dir)
{
	*name = c->offices[i].name;
	*dir = c->offices[i].dir;
}

/* Office i's checked store, open. */
struct store *
city_office_store(const struct city *c, size_t i)
{
	return c->offices[i].store;
}

/*
 * Take over checked stores another process left: office names[i]'s in
 * folder dirs[i] (as city_office_where gave them there).  The folders
 * are removed by city_free, as if made here.
 */
enum rv_status
city_adopt(char *const *names, char *const *dirs, size_t n,
    struct city **out, char **cause)
{
	struct city	*c;
	struct city_office *t;
	size_t		 i;
	enum rv_status	 st = RV_OK;

	c = xcalloc(1, sizeof *c);
	c->offices = xcalloc(n + 1, sizeof *c->offices);
	for (i = 0; i < n; i++) {
		t = &c->offices[c->noffices++];
		t->name = xstrdup(names[i]);
		if (strlen(dirs[i]) >= sizeof t->dir) {
			st = rv_fail(cause, RV_EENV, "%s: path too long",
			    dirs[i]);
			break;
		}
		memcpy(t->dir, dirs[i], strlen(dirs[i]) + 1);
		snprintf(t->db, sizeof t->db, "%s/office.db", t->dir);
		if ((st = store_open(t->db, 0, &t->store, cause)) != RV_OK)
			break;
	}
	if (st != RV_OK) {
		city_free(c);
		c = NULL;
	}
	*out = c;
	return st;
}

/*
 * Close every store and free c, leaving the folders for the process
 * that adopts them (city_adopt).
 */
void
city_release(struct city *c)
{
	size_t	 i;

	if (c == NULL)
		return;
	for (i = 0; i < c->noffices; i++) {
		store_close(c->offices[i].store);
		free(c->offices[i].name);
	}
	free(c->offices);
	free(c->stores);
	report_free(c->all);
	free(c);
}

/* Close every office's store, remove its folder, free the report. */
void
city_free(struct city *c)
{
	size_t	 i;

	if (c == NULL)
		return;
	for (i = 0; i < c->noffices; i++) {
		store_close(c->offices[i].store);
		city_tmp_remove(&c->offices[i]);
		free(c->offices[i].name);
	}
	free(c->offices);
	free(c->stores);
	report_free(c->all);
	free(c);
}

#endif /* HAVE_POSTGRESQL */
