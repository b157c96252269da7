/*
 * The office's tables a city copies (docs/federation.md): federate reads
 * them here to push them to PostgreSQL, and the city writes what it read
 * back from PostgreSQL into a store of its own before it re-verifies and
 * tallies.  Values travel as bytes: integers as decimal text, text as
 * is, blobs raw, SQL NULL as a NULL pointer, so a row maps one to one
 * onto libpq's parameters and results.
 */

#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "store-int.h"

#define STORE_TABLE_SQL_MAX	1024	/* bytes of one generated statement */

/*
 * What federate pushes besides the records, in an order that satisfies
 * the store's foreign keys (estates before their flats).  The PostgreSQL
 * schema (server-sync/federation.sql) has these tables with these
 * columns and an office column in front.  Voting code hashes stay at the
 * office: the city needs them for nothing.
 */
const struct store_table store_tables[] = {
	{ "estate", "id,name,roster_at,name_zh_TW,name_en,street,community",
	    "ttitttt" },
	{ "flat", "estate_id,flat_id,building,entrance,room,owner_id,"
	    "owner_name,area_source,area", "tttttttti" },
	{ "plan", "estate_id,source,version,imported_at", "ttii" },
	{ "codes_epoch", "estate_id,from_version", "ti" },
	{ "device", "name,pubkey,enrolled_at,revoked_at,voided,last_sync_at",
	    "ttiiii" },
	{ "flag", "device,at,reason", "tit" },
	{ "package_body", "estate_id,version,body", "tib" },
	{ "publication", "id,estate_id,kind,published_at,tally_at,"
	    "objections_until", "itiiii" },
	{ "publication_tree", "estate_id,number,at_ms,root", "tiit" },
	/* Public (each is in its published document): the city's receipts. */
	{ "publication_leaf", "estate_id,number,idx,kind,subject,choice,"
	    "owner,area,scope,record", "tiittttttt" },
	{ "objection", "id,estate_id,received_at,author,text,resolved_at,"
	    "resolution", "itittit" },
};
const size_t store_ntables = sizeof store_tables / sizeof store_tables[0];

/*
 * The signed chain heads, pushed with the last batch of their records,
 * and when the office received each (the kiosks' last sync its pages
 * show).
 */
const struct store_table store_table_head = {
	"head", "device,seq,hash,sig,received_at", "tibbi"
};

/*
 * Set when device's head was received, as the office that received it
 * says (the city's ingest has just set its own time).
 */
enum rv_status
store_head_received_set(struct store *s, const char *device, rv_ms at,
    char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;

	if ((st = store_prepare(s, "UPDATE head SET received_at = ? WHERE "
	    "device = ?", &stmt, cause)) != RV_OK)
		return st;
	sqlite3_bind_int64(stmt, 1, at);
	store_bind_text(stmt, 2, device);
	st = store_step_done(s, stmt, "store head", cause);
	sqlite3_finalize(stmt);
	return st;
}

/* How many columns a table has. */
size_t
store_table_ncols(const struct store_table *t)
{
	return strlen(t->types);
}

/* Append one row of ncols values (copied; NULL for SQL NULL) to rows. */
void
store_rows_add(struct store_rows *rows, const char *const *v,
    const size_t *len)
{
	size_t	 i, k;

	if (rows->n == rows->cap) {
		rows->cap = rows->cap == 0 ? 64 : rows->cap * 2;
		rows->v = xreallocarray(rows->v, rows->cap * rows->ncols,
		    sizeof *rows->v);
		rows->len = xreallocarray(rows->len, rows->cap * rows->ncols,
		    sizeof *rows->len);
	}
	for (i = 0; i < rows->ncols; i++) {
		k = rows->n * rows->ncols + i;
		rows->len[k] = v[i] == NULL ? 0 : len[i];
		if (v[i] == NULL)
			rows->v[k] = NULL;
		else {
			/* Text stays NUL-terminated for the integer parse. */
			rows->v[k] = xmalloc(len[i] + 1);
			memcpy(rows->v[k], v[i], len[i]);
			rows->v[k][len[i]] = '\0';
		}
	}
	rows->n++;
}

/* Free what rows holds and empty it. */
void
store_rows_clear(struct store_rows *rows)
{
	size_t	 i;

	for (i = 0; i < rows->n * rows->ncols; i++)
		free(rows->v[i]);
	free(rows->v);
	free(rows->len);
	rows->v = NULL;
	rows->len = NULL;
	rows->n = rows->cap = 0;
}

/*
 * Read every row of table t, ordered by all its columns (so the same
 * data always reads the same), into rows (empty; its ncols is set here),
 * inside the caller's transaction.
 */
enum rv_status
store_table_read(struct store *s, const struct store_table *t,
    struct store_rows *rows, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 sql[STORE_TABLE_SQL_MAX];
	char		 num[STORE_TABLE_COLS_MAX][24];	/* INT64_MIN fits */
	const char	*v[STORE_TABLE_COLS_MAX];
	size_t		 len[STORE_TABLE_COLS_MAX], i, n = store_table_ncols(t);
	size_t		 off;
	enum rv_status	 st;
	int		 rc;

	if (n > STORE_TABLE_COLS_MAX)
		fatal("store_table_read: %s has too many columns", t->name);
	memset(rows, 0, sizeof *rows);
	rows->ncols = n;
	off = (size_t)snprintf(sql, sizeof sql, "SELECT %s FROM %s ORDER BY 1",
	    t->columns, t->name);
	for (i = 2; i <= n && off < sizeof sql; i++)
		off += (size_t)snprintf(sql + off, sizeof sql - off, ",%zu", i);
	if (off >= sizeof sql)
		fatal("store_table_read: statement too long");
	if ((st = store_prepare(s, sql, &stmt, cause)) != RV_OK)
		return st;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		for (i = 0; i < n; i++) {
			if (sqlite3_column_type(stmt, (int)i) == SQLITE_NULL) {
				v[i] = NULL;
				len[i] = 0;
			} else if (t->types[i] == 'i') {
				len[i] = (size_t)snprintf(num[i], sizeof num[i],
				    "%lld", (long long)sqlite3_column_int64(
				    stmt, (int)i));
				v[i] = num[i];
			} else if (t->types[i] == 'b') {
				v[i] = sqlite3_column_blob(stmt, (int)i);
				len[i] = (size_t)sqlite3_column_bytes(stmt,
				    (int)i);
			} else {
				v[i] = (const char *)sqlite3_column_text(stmt,
				    (int)i);
				len[i] = (size_t)sqlite3_column_bytes(stmt,
				    (int)i);
			}
		}
		store_rows_add(rows, v, len);
	}
	if (rc != SQLITE_DONE) {
		st = store_fail(s, cause, "read table");
		store_rows_clear(rows);
	}
	sqlite3_finalize(stmt);
	return st;
}

/*
 * Write rows into table t, inside the caller's transaction.  An integer
 * column whose value is not a decimal integer is RV_EINPUT naming the
 * table and column: the rows came from another database.
 */
enum rv_status
store_table_write(struct store *s, const struct store_table *t,
    const struct store_rows *rows, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 sql[STORE_TABLE_SQL_MAX], *end;
	const char	*v;
	size_t		 i, r, n = store_table_ncols(t), off;
	long long	 x;
	enum rv_status	 st;

	off = (size_t)snprintf(sql, sizeof sql, "INSERT INTO %s (%s) VALUES (?",
	    t->name, t->columns);
	for (i = 1; i < n && off < sizeof sql; i++)
		off += (size_t)snprintf(sql + off, sizeof sql - off, ", ?");
	if (off + 2 > sizeof sql)
		fatal("store_table_write: statement too long");
	memcpy(sql + off, ")", 2);
	if ((st = store_prepare(s, sql, &stmt, cause)) != RV_OK)
		return st;
	for (r = 0; r < rows->n && st == RV_OK; r++) {
		for (i = 0; i < n; i++) {
			v = rows->v[r * n + i];
			if (v == NULL) {
				sqlite3_bind_null(stmt, (int)i + 1);
				continue;
			}
			if (t->types[i] == 'b') {
				sqlite3_bind_blob(stmt, (int)i + 1, v,
				    (int)rows->len[r * n + i], SQLITE_STATIC);
				continue;
			}
			if (t->types[i] == 't') {
				sqlite3_bind_text(stmt, (int)i + 1, v,
				    (int)rows->len[r * n + i], SQLITE_STATIC);
				continue;
			}
			errno = 0;
			x = strtoll(v, &end, 10);
			if (errno != 0 || end == v || *end != '\0') {
				st = rv_fail(cause, RV_EINPUT, "table %s, "
				    "column %zu: '%s' is not an integer",
				    t->name, i + 1, v);
				break;
			}
			sqlite3_bind_int64(stmt, (int)i + 1, x);
		}
		if (st == RV_OK)
			st = store_step_done(s, stmt, "copy table", cause);
		sqlite3_reset(stmt);
	}
	sqlite3_finalize(stmt);
	return st;
}
