/*
 * federate: push what the office holds and has verified to the city's
 * PostgreSQL (docs/federation.md).
 *
 * The office stays the authority and works without the database; a push
 * is idempotent and resumable.  Its own tables (estates, flats, plans,
 * kiosks, publications...; store-federate.c lists them) go in one
 * transaction, each table rewritten only when its digest changed.  Each
 * device's signed records go in batches, one transaction each, from the
 * highest seq PostgreSQL already holds of that device; the device's
 * signed head goes with the last batch.  A cut leaves whole batches, and
 * the city reads a device's records only up to the head it holds, so it
 * always sees a signed prefix; the next push carries on from there.
 */

#include "config.h"

#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "office.h"
#include "store.h"

#ifdef HAVE_POSTGRESQL
#include <libpq-fe.h>

static enum rv_status cmd_federate_exec(struct cmd *, char **);
#endif

#define FEDERATE_BATCH	5000		/* records in one transaction */
/* The statement that stores a batch, prepared once per connection. */
#define FEDERATE_INSERT_RECORDS	"renovote_records"
#define FEDERATE_BATCH_MAX	1000000


const struct cmd_entry cmd_federate_entry = {
	.name = "federate",
	.options = "db:,pg:,batch:,limit:",
	.minargs = 0,
	.maxargs = 0,
	.usage = N_("[--db FILE] --pg CONNINFO [--batch N] [--limit N]"),
	.help = N_("Push the office's estates, plans, kiosks, publications "
	    "and every signed\nrecord with its chain head to the city's "
	    "PostgreSQL (CONNINFO: a libpq\nconnection string), as the "
	    "office the city enrolled for this role.  Resumes\nwhere the "
	    "last push stopped and adds nothing twice; --batch records a\n"
	    "transaction (default 5000), --limit records this run (the rest "
	    "next time)."),
#ifdef HAVE_POSTGRESQL
	.exec = cmd_federate_exec,
#else
	.exec = pg_missing,
#endif
};

#ifdef HAVE_POSTGRESQL

/* What one push did, for its summary line. */
struct federate_count {
	size_t		 tables;	/* tables rewritten */
	uint64_t	 records;	/* records added */
	size_t		 devices;	/* devices with new records or head */
};

/*
 * The office this role pushes for, as the city enrolled it, checked
 * against the store's own public key: a push signed by one office's
 * chains under another office's name would fail every check at the city.
 */
static enum rv_status
federate_office(struct pg_conn *pg, struct store *s, char **office,
    char **cause)
{
	PGresult	*res = NULL;
	char		*pub = NULL;
	enum rv_status	 st;

	*office = NULL;
	if ((st = store_meta_get(s, "pubkey", &pub, cause)) != RV_OK ||
	    (st = pg_exec(pg, "SELECT office, pubkey, current_user FROM "
	    "office_key WHERE role = current_user", 0, NULL, NULL, NULL, &res,
	    "read office_key", cause)) != RV_OK)
		goto out;
	if (PQntuples(res) != 1) {
		st = rv_fail(cause, RV_EINPUT, "PostgreSQL role '%s' is not "
		    "enrolled as an office (renovote-office city enrol-office)",
		    PQuser(pg));
		goto out;
	}
	if (pub == NULL || strcmp(pub, PQgetvalue(res, 0, 1)) != 0) {
		st = rv_fail(cause, RV_EINPUT, "office '%s' is enrolled in "
		    "PostgreSQL with another public key than this office's",
		    PQgetvalue(res, 0, 0));
		goto out;
	}
	*office = xstrdup(PQgetvalue(res, 0, 0));
out:
	PQclear(res);
	free(pub);
	return st;
}

/* SHA-256 of a table's rows, each value length-prefixed (NULL: ~0). */
static void
federate_digest(const struct store_rows *rows, uint8_t out[RV_HASH_LEN])
{
	uint8_t		*buf, *p;
	size_t		 total = 0, i, n = rows->n * rows->ncols;
	uint64_t	 len;

	for (i = 0; i < n; i++)
		total += sizeof len + rows->len[i];
	p = buf = xmalloc(total > 0 ? total : 1);
	for (i = 0; i < n; i++) {
		len = rows->v[i] == NULL ? UINT64_MAX : rows->len[i];
		memcpy(p, &len, sizeof len);
		p += sizeof len;
		if (rows->v[i] != NULL)
			memcpy(p, rows->v[i], rows->len[i]);
		p += rows->len[i];
	}
	ledger_sha256(buf, total, out);
	free(buf);
}

/* PostgreSQL's type numbers (pg_type.oid) of the array elements sent. */
#define FEDERATE_OID_BYTEA	17
#define FEDERATE_OID_INT8	20
#define FEDERATE_OID_TEXT	25

/* A binary array parameter being built (PostgreSQL's array_send form). */
struct federate_array {
	uint8_t		*buf;
	size_t		 len, cap;
};

/* Append n bytes to the array's buffer. */
static void
federate_put(struct federate_array *a, const void *p, size_t n)
{
	if (a->len + n > a->cap) {
		a->cap = (a->len + n) * 2;
		a->buf = xreallocarray(a->buf, a->cap, 1);
	}
	memcpy(a->buf + a->len, p, n);
	a->len += n;
}

/* Append a 32-bit big-endian integer. */
static void
federate_put32(struct federate_array *a, uint32_t v)
{
	uint8_t	 b[4] = { v >> 24, v >> 16, v >> 8, v };

	federate_put(a, b, sizeof b);
}

/*
 * Start a one-dimensional array of n elements of type oid; nulls says
 * whether any of them will be NULL.
 */
static void
federate_array_start(struct federate_array *a, uint32_t oid, size_t n,
    int nulls)
{
	federate_put32(a, 1);		/* dimensions */
	federate_put32(a, nulls != 0);
	federate_put32(a, oid);
	federate_put32(a, (uint32_t)n);
	federate_put32(a, 1);		/* lower bound */
}

/* Append a NULL element (a length of -1, no bytes). */
static void
federate_array_null(struct federate_array *a)
{
	federate_put32(a, UINT32_MAX);
}

/* Append one element of len bytes. */
static void
federate_array_elem(struct federate_array *a, const void *p, size_t len)
{
	federate_put32(a, (uint32_t)len);
	federate_put(a, p, len);
}

/* Rows of a table in one INSERT (a statement's arrays, a few MB). */
#define FEDERATE_TABLE_ROWS	20000

/*
 * What the tables' transaction sends: its statements, and everything
 * they point into, freed together once the transaction ran.
 */
struct federate_tx {
	struct pg_stmt	*stmts;
	size_t		 n, cap;
	void		**owned;
	size_t		 nowned, capowned;
};

/* Keep p (malloc'd) until the transaction is freed; returns p. */
static void *
federate_own(struct federate_tx *tx, void *p)
{
	if (tx->nowned == tx->capowned) {
		tx->capowned = tx->capowned == 0 ? 64 : tx->capowned * 2;
		tx->owned = xreallocarray(tx->owned, tx->capowned,
		    sizeof *tx->owned);
	}
	tx->owned[tx->nowned++] = p;
	return p;
}

/* Add a statement to the transaction (its pointers kept by the caller). */
static void
federate_stmt(struct federate_tx *tx, struct pg_stmt stmt)
{
	if (tx->n == tx->cap) {
		tx->cap = tx->cap == 0 ? 64 : tx->cap * 2;
		tx->stmts = xreallocarray(tx->stmts, tx->cap,
		    sizeof *tx->stmts);
	}
	tx->stmts[tx->n++] = stmt;
}

/* Free the transaction's statements and all they point into. */
static void
federate_tx_clear(struct federate_tx *tx)
{
	size_t	 i;

	for (i = 0; i < tx->nowned; i++)
		free(tx->owned[i]);
	free(tx->owned);
	free(tx->stmts);
	memset(tx, 0, sizeof *tx);
}

/*
 * One INSERT of rows [from, from + n) of t as this office: a binary
 * array per column (int8, text or bytea, as the column's letter says;
 * SQLite's NULL an array NULL) unnested, so a few thousand rows are one
 * statement to parse, plan and check against the row policy, where a
 * statement a row cost a round of all three per row.
 */
static void
federate_table_insert(struct federate_tx *tx, const struct store_table *t,
    const char *office, const struct store_rows *rows, size_t from,
    size_t n)
{
	struct federate_array arr;
	size_t		 nc = rows->ncols, c, r, off, len;
	const char	**values;
	int		*lens, *formats, nulls;
	char		*sql, *cast;
	const char	*v;
	uint8_t		 be[8];
	uint64_t	 x;
	uint32_t	 oid;
	int		 k;

	values = federate_own(tx, xcalloc(nc + 1, sizeof *values));
	lens = federate_own(tx, xcalloc(nc + 1, sizeof *lens));
	formats = federate_own(tx, xcalloc(nc + 1, sizeof *formats));
	values[0] = office;
	for (c = 0; c < nc; c++) {
		oid = t->types[c] == 'i' ? FEDERATE_OID_INT8 :
		    t->types[c] == 'b' ? FEDERATE_OID_BYTEA : FEDERATE_OID_TEXT;
		for (nulls = 0, r = from; r < from + n && !nulls; r++)
			nulls = rows->v[r * nc + c] == NULL;
		memset(&arr, 0, sizeof arr);
		federate_array_start(&arr, oid, n, nulls);
		for (r = from; r < from + n; r++) {
			v = rows->v[r * nc + c];
			len = rows->len[r * nc + c];
			if (v == NULL)
				federate_array_null(&arr);
			else if (t->types[c] == 'i') {
				/* store_table_read wrote it with %lld. */
				x = (uint64_t)strtoll(v, NULL, 10);
				for (k = 0; k < 8; k++)
					be[k] = (uint8_t)(x >> (56 - 8 * k));
				federate_array_elem(&arr, be, sizeof be);
			} else
				federate_array_elem(&arr, v, len);
		}
		values[c + 1] = federate_own(tx, arr.buf);
		lens[c + 1] = (int)arr.len;
		formats[c + 1] = 1;
	}
	off = strlen(t->name) + strlen(t->columns) + 64 + nc * 24;
	sql = federate_own(tx, xmalloc(off));
	k = snprintf(sql, off, "INSERT INTO %s (office, %s) SELECT $1, * "
	    "FROM unnest(", t->name, t->columns);
	for (c = 0; c < nc; c++) {
		cast = t->types[c] == 'i' ? "int8" : t->types[c] == 'b' ?
		    "bytea" : "text";
		k += snprintf(sql + k, off - (size_t)k, "%s$%zu::%s[]",
		    c > 0 ? ", " : "", c + 2, cast);
	}
	snprintf(sql + k, off - (size_t)k, ")");
	federate_stmt(tx, (struct pg_stmt){ sql, 0, (int)nc + 1, values,
	    lens, formats });
}

/*
 * Add the statements that replace one table's rows of this office:
 * delete them, insert the rows FEDERATE_TABLE_ROWS at a time, record
 * the digest.
 */
static void
federate_table_stmts(struct federate_tx *tx, const struct store_table *t,
    const char *office, const struct store_rows *rows,
    const uint8_t digest[RV_HASH_LEN])
{
	static const int dformats[3] = { 0, 0, 1 };
	const char	**values;
	int		*lens;
	char		*sql;
	size_t		 r, n;

	values = federate_own(tx, xcalloc(3, sizeof *values));
	lens = federate_own(tx, xcalloc(3, sizeof *lens));
	values[0] = office;
	values[1] = t->name;
	values[2] = (const char *)digest;
	lens[2] = RV_HASH_LEN;
	xasprintf(&sql, "DELETE FROM %s WHERE office = $1", t->name);
	federate_stmt(tx, (struct pg_stmt){ federate_own(tx, sql), 0, 1,
	    values, lens, dformats });
	for (r = 0; r < rows->n; r += n) {
		n = rows->n - r < FEDERATE_TABLE_ROWS ? rows->n - r :
		    FEDERATE_TABLE_ROWS;
		federate_table_insert(tx, t, office, rows, r, n);
	}
	federate_stmt(tx, (struct pg_stmt){ "INSERT INTO snapshot (office, "
	    "tbl, digest) VALUES ($1, $2, $3) ON CONFLICT (office, tbl) DO "
	    "UPDATE SET digest = excluded.digest", 0, 3, values, lens,
	    dformats });
}

/*
 * Push the office's own tables: read them in one snapshot, then in one
 * PostgreSQL transaction rewrite each whose digest differs from the one
 * PostgreSQL holds.
 */
static enum rv_status
federate_tables(struct pg_conn *pg, struct store *s, const char *office,
    struct federate_count *count, char **cause)
{
	struct store_rows *rows;
	struct federate_tx tx;
	PGresult	*res = NULL;
	uint8_t		(*digest)[RV_HASH_LEN];
	size_t		 t;
	const char	*param[1] = { office };
	enum rv_status	 st;
	int		 r, same;

	memset(&tx, 0, sizeof tx);
	rows = xcalloc(store_ntables, sizeof *rows);
	digest = xcalloc(store_ntables, sizeof *digest);
	if ((st = store_begin_read(s, cause)) != RV_OK)
		goto out;
	for (t = 0; t < store_ntables && st == RV_OK; t++)
		st = store_table_read(s, &store_tables[t], &rows[t], cause);
	store_rollback(s);
	if (st != RV_OK ||
	    (st = pg_exec(pg, "SELECT tbl, digest FROM snapshot WHERE "
	    "office = $1", 1, param, NULL, NULL, &res, "read snapshot",
	    cause)) != RV_OK)
		goto out;
	for (t = 0; t < store_ntables; t++) {
		char	 hex[2 * RV_HASH_LEN + 3];

		federate_digest(&rows[t], digest[t]);
		/* bytea's text form: \x and hex digits. */
		memcpy(hex, "\\x", 2);
		ledger_hash_hex(digest[t], hex + 2, sizeof hex - 2);
		same = 0;
		for (r = 0; r < PQntuples(res); r++)
			if (strcmp(PQgetvalue(res, r, 0),
			    store_tables[t].name) == 0 &&
			    strcmp(PQgetvalue(res, r, 1), hex) == 0)
				same = 1;
		if (same)
			continue;
		federate_table_stmts(&tx, &store_tables[t], office, &rows[t],
		    digest[t]);
		count->tables++;
	}
	if (tx.n > 0)
		st = pg_pipeline(pg, tx.stmts, tx.n, "push the office's tables",
		    cause);
out:
	PQclear(res);
	federate_tx_clear(&tx);
	for (t = 0; t < store_ntables; t++)
		store_rows_clear(&rows[t]);
	free(rows);
	free(digest);
	return st;
}

/*
 * Push one batch: the encodings encs (n of them, seqs from on) of
 * device in one INSERT of three binary arrays (seq, hash, body), so a
 * batch is one statement to parse, plan and check against the row
 * policy; and its signed head when head is not NULL; in one transaction.
 */
static enum rv_status
federate_batch(struct pg_conn *pg, const char *office, const char *device,
    uint64_t from, uint8_t *const *encs, const size_t *encl, size_t n,
    const struct store_rows *head, size_t h, char **cause)
{
	static const int formats[5] = { 0, 0, 1, 1, 1 };
	static const int hformats[6] = { 0, 0, 0, 1, 1, 0 };
	struct federate_array arr[3];
	struct pg_stmt	 stmts[2];
	const char	*values[5], *hvalues[6];
	uint8_t		 hash[RV_HASH_LEN], be[8];
	int		 lens[5], hlens[6] = { 0 };
	size_t		 i, k = 0;
	uint64_t	 seq;
	enum rv_status	 st;

	memset(arr, 0, sizeof arr);
	if (n > 0) {
		federate_array_start(&arr[0], FEDERATE_OID_INT8, n, 0);
		federate_array_start(&arr[1], FEDERATE_OID_BYTEA, n, 0);
		federate_array_start(&arr[2], FEDERATE_OID_BYTEA, n, 0);
		for (i = 0; i < n; i++) {
			seq = from + i;
			for (k = 0; k < sizeof be; k++)
				be[k] = (uint8_t)(seq >> (56 - 8 * k));
			federate_array_elem(&arr[0], be, sizeof be);
			ledger_sha256(encs[i], encl[i], hash);
			federate_array_elem(&arr[1], hash, sizeof hash);
			federate_array_elem(&arr[2], encs[i], encl[i]);
		}
		values[0] = office;
		values[1] = device;
		lens[0] = lens[1] = 0;
		for (i = 0; i < 3; i++) {
			values[i + 2] = (const char *)arr[i].buf;
			lens[i + 2] = (int)arr[i].len;
		}
		k = 0;
		stmts[k++] = (struct pg_stmt){ FEDERATE_INSERT_RECORDS, 1, 5,
		    values, lens, formats };
	}
	if (head != NULL) {
		/* head rows: device, seq, hash, sig, received_at. */
		hvalues[0] = office;
		for (i = 0; i < 5; i++) {
			hvalues[1 + i] = head->v[h * head->ncols + i];
			hlens[1 + i] = (int)head->len[h * head->ncols + i];
		}
		stmts[k++] = (struct pg_stmt){ "INSERT INTO head (office, "
		    "device, seq, hash, sig, received_at) VALUES ($1, $2, $3, "
		    "$4, $5, $6) ON CONFLICT (office, device) DO UPDATE SET "
		    "seq = excluded.seq, hash = excluded.hash, sig = excluded.sig, "
		    "received_at = excluded.received_at", 0, 6, hvalues, hlens,
		    hformats };
	}
	st = pg_pipeline(pg, stmts, k, "push records", cause);
	for (i = 0; i < 3; i++)
		free(arr[i].buf);
	return st;
}

/*
 * Push device h of heads (its records up to its signed head, then the
 * head) from the highest seq PostgreSQL holds, in batches of batch
 * records, at most *budget records in all (decreased by what went).
 */
static enum rv_status
federate_device(struct pg_conn *pg, struct store *s, const char *office,
    const struct store_rows *heads, size_t h, size_t batch,
    uint64_t *budget, struct federate_count *count, char **cause)
{
	const char	*device = heads->v[h * heads->ncols];
	const char	*received = heads->v[h * heads->ncols + 4];
	const char	*param[2] = { office, device };
	PGresult	*res = NULL;
	uint8_t		**encs = NULL;
	size_t		*encl = NULL, n = 0, want;
	uint64_t	 last, have, pghead;
	enum rv_status	 st;
	int		 moved = 0, same;

	last = strtoull(heads->v[h * heads->ncols + 1], NULL, 10);
	if ((st = pg_exec(pg, "SELECT coalesce((SELECT max(seq) FROM record "
	    "WHERE office = $1 AND device = $2), 0), coalesce((SELECT seq "
	    "FROM head WHERE office = $1 AND device = $2), 0), (SELECT "
	    "received_at FROM head WHERE office = $1 AND device = $2)", 2,
	    param, NULL, NULL, &res, "read what PostgreSQL holds",
	    cause)) != RV_OK)
		return st;
	have = strtoull(PQgetvalue(res, 0, 0), NULL, 10);
	pghead = strtoull(PQgetvalue(res, 0, 1), NULL, 10);
	/* The same head, received again since: only its time moves. */
	same = pghead == last && (received == NULL ? PQgetisnull(res, 0, 2) :
	    !PQgetisnull(res, 0, 2) && strcmp(received,
	    PQgetvalue(res, 0, 2)) == 0);
	PQclear(res);
	if (same && have >= last)
		return RV_OK;
	while (have < last && *budget > 0) {
		want = batch;
		if (want > last - have)
			want = (size_t)(last - have);
		if (want > *budget)
			want = (size_t)*budget;
		if ((st = store_begin_read(s, cause)) != RV_OK)
			return st;
		st = store_ledger_slice(s, device, have + 1, want, SIZE_MAX,
		    &encs, &encl, &n, cause);
		store_rollback(s);
		if (st != RV_OK)
			return st;
		if (n == 0) {
			st = rv_fail(cause, RV_EENV, "device '%s': record %"
			    PRIu64 " is missing from this office's store",
			    device, have + 1);
			break;
		}
		st = federate_batch(pg, office, device, have + 1, encs, encl, n,
		    have + n == last ? heads : NULL, h, cause);
		store_encodings_free(encs, encl, n);
		if (st != RV_OK)
			return st;
		have += n;
		*budget -= n;
		count->records += n;
		moved = 1;
	}
	/* The records are all there but the head is not (yet) this one. */
	if (have >= last && !same && !moved &&
	    (st = federate_batch(pg, office, device, last + 1, NULL, NULL, 0,
	    heads, h, cause)) != RV_OK)
		return st;
	if (moved || !same)
		count->devices++;
	return st;
}

/* Connect, check the office's enrolment, push tables then records. */
static enum rv_status
cmd_federate_exec(struct cmd *c, char **cause)
{
	struct federate_count count = { 0, 0, 0 };
	struct store_rows heads = { 0 };
	struct store	*s = NULL;
	struct pg_conn	*pg = NULL;
	const char	*conninfo;
	char		*office = NULL;
	long		 batch = FEDERATE_BATCH, limit = 0;
	uint64_t	 budget = UINT64_MAX;
	size_t		 h;
	enum rv_status	 st;

	if ((st = cmd_require(c, "pg", &conninfo, cause)) != RV_OK ||
	    (st = cmd_get_number(c, "batch", 1, FEDERATE_BATCH_MAX, &batch,
	    cause)) != RV_OK ||
	    (st = cmd_get_number(c, "limit", 1, LONG_MAX, &limit,
	    cause)) != RV_OK)
		return st;
	if (limit > 0)
		budget = (uint64_t)limit;
	if ((st = cmd_open_store(c, &s, cause)) != RV_OK ||
	    (st = pg_connect(conninfo, &pg, cause)) != RV_OK ||
	    (st = federate_office(pg, s, &office, cause)) != RV_OK ||
	    (st = pg_prepare(pg, FEDERATE_INSERT_RECORDS, "INSERT INTO record "
	    "(office, device, seq, hash, body) SELECT $1, $2, s, h, b FROM "
	    "unnest($3::int8[], $4::bytea[], $5::bytea[]) AS t (s, h, b)", 5,
	    cause)) != RV_OK ||
	    (st = federate_tables(pg, s, office, &count, cause)) != RV_OK)
		goto out;
	if ((st = store_begin_read(s, cause)) != RV_OK)
		goto out;
	st = store_table_read(s, &store_table_head, &heads, cause);
	store_rollback(s);
	for (h = 0; st == RV_OK && h < heads.n; h++)
		st = federate_device(pg, s, office, &heads, h, (size_t)batch,
		    &budget, &count, cause);
	if (st != RV_OK)
		goto out;
	printf(_("Pushed to PostgreSQL as office %s: %" PRIu64 " records of "
	    "%zu devices, %zu tables rewritten\n"), office, count.records,
	    count.devices, count.tables);
	if (budget == 0)
		printf(_("Stopped at --limit; the next push carries on\n"));
out:
	store_rows_clear(&heads);
	free(office);
	pg_close(pg);
	store_close(s);
	return st;
}

#endif /* HAVE_POSTGRESQL */
