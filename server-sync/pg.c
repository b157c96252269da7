/*
 * The city's PostgreSQL through libpq (docs/federation.md): connecting,
 * running one statement with binary-safe parameters, and turning a
 * server's error into one line.  federate and the city commands use it;
 * only this file and theirs include libpq-fe.h.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "office.h"
#include "store.h"

/*
 * The command of a build without libpq (configure --without-postgresql,
 * or libpq-dev missing): a one-line refusal.
 */
enum rv_status
pg_missing(struct cmd *c, char **cause)
{
	(void)c;
	return rv_fail(cause, RV_EENV, "this renovote-office was built "
	    "without PostgreSQL (libpq); install libpq-dev and rebuild");
}

#ifdef HAVE_POSTGRESQL
#include <libpq-fe.h>

/*
 * Turn the connection's last error (or the result's, when there is one)
 * into a cause "PostgreSQL: WHAT: message" on one line: libpq's messages
 * end with a newline and may span several.
 */
enum rv_status
pg_fail(struct pg_conn *conn, const struct pg_result *res, const char *what,
    char **cause)
{
	const char	*msg = NULL;
	char		*line, *p;
	enum rv_status	 st;

	if (res != NULL)
		msg = PQresultErrorMessage(res);
	if (msg == NULL || *msg == '\0')
		msg = PQerrorMessage(conn);
	line = xstrdup(msg);
	for (p = line; *p != '\0'; p++) {
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	}
	while (p > line && p[-1] == ' ')
		*--p = '\0';
	st = rv_fail(cause, RV_EENV, "PostgreSQL: %s: %s", what, line);
	free(line);
	return st;
}

/* Connect with conninfo (a libpq connection string or URI). */
enum rv_status
pg_connect(const char *conninfo, struct pg_conn **out, char **cause)
{
	PGconn		*conn;
	enum rv_status	 st;

	*out = NULL;
	conn = PQconnectdb(conninfo);
	if (conn == NULL)
		fatal("PQconnectdb: out of memory");
	if (PQstatus(conn) != CONNECTION_OK) {
		st = pg_fail(conn, NULL, "connect", cause);
		PQfinish(conn);
		return st;
	}
	*out = conn;
	return RV_OK;
}

/* Close a connection.  NULL-safe. */
void
pg_close(struct pg_conn *conn)
{
	if (conn != NULL)
		PQfinish(conn);
}

/*
 * Run sql with n parameters (values[i] NULL for SQL NULL; formats[i] 1
 * for binary, lens[i] its length; NULL formats: all text).  Rows come back
 * as text (bytea in its escaped form).  *res, when res is not NULL,
 * receives the result for the caller to PQclear; on failure it is NULL.
 */
enum rv_status
pg_exec(struct pg_conn *conn, const char *sql, int n,
    const char *const *values, const int *lens, const int *formats,
    struct pg_result **res, const char *what, char **cause)
{
	PGresult	*r;
	enum rv_status	 st = RV_OK;

	if (res != NULL)
		*res = NULL;
	r = PQexecParams(conn, sql, n, NULL, values, lens, formats, 0);
	if (r == NULL)
		return pg_fail(conn, NULL, what, cause);
	if (PQresultStatus(r) != PGRES_COMMAND_OK &&
	    PQresultStatus(r) != PGRES_TUPLES_OK)
		st = pg_fail(conn, r, what, cause);
	if (st == RV_OK && res != NULL)
		*res = r;
	else
		PQclear(r);
	return st;
}

/* Run a statement without parameters or rows (BEGIN, COMMIT, DDL). */
enum rv_status
pg_run(struct pg_conn *conn, const char *sql, const char *what, char **cause)
{
	return pg_exec(conn, sql, 0, NULL, NULL, NULL, NULL, what, cause);
}

/*
 * Run a script of several statements (a schema file named name) with
 * the simple protocol, inside the caller's transaction.
 */
enum rv_status
pg_script(struct pg_conn *conn, const char *sql, const char *name,
    char **cause)
{
	PGresult	*r;
	enum rv_status	 st = RV_OK;

	r = PQexec(conn, sql);
	if (r == NULL || (PQresultStatus(r) != PGRES_COMMAND_OK &&
	    PQresultStatus(r) != PGRES_TUPLES_OK))
		st = pg_fail(conn, r, name, cause);
	PQclear(r);
	return st;
}

/*
 * Prepare sql (n parameters) as the statement name on this connection:
 * a statement run thousands of times is parsed and planned once.
 */
enum rv_status
pg_prepare(struct pg_conn *conn, const char *name, const char *sql, int n,
    char **cause)
{
	PGresult	*r;
	enum rv_status	 st = RV_OK;

	r = PQprepare(conn, name, sql, n, NULL);
	if (r == NULL || PQresultStatus(r) != PGRES_COMMAND_OK)
		st = pg_fail(conn, r, name, cause);
	PQclear(r);
	return st;
}

/* Roll back whatever transaction is open, ignoring the outcome. */
void
pg_rollback(struct pg_conn *conn)
{
	PQclear(PQexec(conn, "ROLLBACK"));
}

/*
 * Append the rows of a text result to rows (whose ncols is the table's),
 * its first column skipped when skip is set (the office column);
 * blob columns are unescaped from bytea's text form.
 */
void
pg_rows(const struct pg_result *res, const struct store_table *t, int skip,
    struct store_rows *rows)
{
	const char	*v[STORE_TABLE_COLS_MAX];
	unsigned char	*blob[STORE_TABLE_COLS_MAX];
	size_t		 len[STORE_TABLE_COLS_MAX], n = store_table_ncols(t), i;
	int		 r, k;

	for (r = 0; r < PQntuples(res); r++) {
		for (i = 0; i < n; i++) {
			k = (int)i + (skip ? 1 : 0);
			blob[i] = NULL;
			if (PQgetisnull(res, r, k)) {
				v[i] = NULL;
				len[i] = 0;
			} else if (t->types[i] == 'b') {
				blob[i] = PQunescapeBytea((const unsigned char *)
				    PQgetvalue(res, r, k), &len[i]);
				if (blob[i] == NULL)
					fatal("PQunescapeBytea: out of memory");
				v[i] = (const char *)blob[i];
			} else {
				v[i] = PQgetvalue(res, r, k);
				len[i] = (size_t)PQgetlength(res, r, k);
			}
		}
		store_rows_add(rows, v, len);
		for (i = 0; i < n; i++)
			PQfreemem(blob[i]);
	}
}

/*
 * Run n statements in one transaction, sent together in libpq's
 * pipeline mode so a batch of thousands costs one round trip: all commit
 * or none.  The first failure is the cause.
 */
enum rv_status
pg_pipeline(struct pg_conn *conn, const struct pg_stmt *stmts, size_t n,
    const char *what, char **cause)
{
	PGresult	*r;
	enum rv_status	 st = RV_OK;
	size_t		 i, sent = 0;
	int		 done = 0;

	if (!PQenterPipelineMode(conn))
		return pg_fail(conn, NULL, what, cause);
	if (!PQsendQueryParams(conn, "BEGIN", 0, NULL, NULL, NULL, NULL, 0))
		goto sendfail;
	sent++;
	for (i = 0; i < n; i++) {
		if (stmts[i].prepared ? !PQsendQueryPrepared(conn, stmts[i].sql,
		    stmts[i].n, stmts[i].values, stmts[i].lens,
		    stmts[i].formats, 0) : !PQsendQueryParams(conn,
		    stmts[i].sql, stmts[i].n, NULL, stmts[i].values,
		    stmts[i].lens, stmts[i].formats, 0))
			goto sendfail;
		sent++;
	}
	if (!PQsendQueryParams(conn, "COMMIT", 0, NULL, NULL, NULL, NULL, 0) ||
	    !PQpipelineSync(conn))
		goto sendfail;
	sent++;
	/* Each statement's result, then NULL; then the sync's. */
	while (!done) {
		if ((r = PQgetResult(conn)) == NULL) {
			if (sent == 0) {
				if (st == RV_OK)
					st = pg_fail(conn, NULL, what, cause);
				break;
			}
			sent--;
			continue;
		}
		switch (PQresultStatus(r)) {
		case PGRES_PIPELINE_SYNC:
			done = 1;
			break;
		case PGRES_COMMAND_OK:
		case PGRES_TUPLES_OK:
		case PGRES_PIPELINE_ABORTED:
			break;
		default:
			if (st == RV_OK)
				st = pg_fail(conn, r, what, cause);
			break;
		}
		PQclear(r);
	}
	PQexitPipelineMode(conn);
	if (st != RV_OK)
		pg_rollback(conn);
	return st;
sendfail:
	/* A statement that cannot be sent: the connection is gone; the
	 * caller closes it, and the server rolls the transaction back. */
	return pg_fail(conn, NULL, what, cause);
}
#endif /* HAVE_POSTGRESQL */
