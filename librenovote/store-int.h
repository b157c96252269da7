/*
 * Private to the store-*.c files: the database handle and the helpers
 * that turn SQLite failures into causes.  No other layer includes this
 * header or sqlite3.h.
 */

#ifndef RENOVOTE_STORE_INT_H
#define RENOVOTE_STORE_INT_H

#include <sqlite3.h>

struct store {
	sqlite3	*db;
	char	*path;
	int	 in_txn;	/* a transaction is open */
	char	*head_device;	/* a kiosk's: keep "<db>.head" (store-trust.c) */
	struct rv_head head_written;	/* what the head file holds */
};

/* PRAGMA application_id of every renovote database. */
#define STORE_APPLICATION_ID	0x52564f31	/* "RVO1" */

/* The rows the tally reads, written from ledger records and by tests. */
#define STORE_ANSWER_INSERT \
	"INSERT INTO answer (device, seq, estate_id, question_id, flat_id, " \
	"choice, cast_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
#define STORE_SIGNATURE_INSERT \
	"INSERT INTO signature (device, seq, estate_id, pledge_id, flat_id, " \
	"amount_fen, cast_at) VALUES (?, ?, ?, ?, ?, ?, ?)"

/* store-trust.c */
enum rv_status store_head_file_sync(struct store *, char **);

/* store.c */
enum rv_status store_fail(struct store *, char **, const char *);
enum rv_status store_prepare(struct store *, const char *, sqlite3_stmt **,
	    char **);
enum rv_status store_prepare_persistent(struct store *, const char *,
	    sqlite3_stmt **, char **);
enum rv_status store_exec(struct store *, const char *, char **);
enum rv_status store_step_done(struct store *, sqlite3_stmt *, const char *,
	    char **);
void	 store_bind_text(sqlite3_stmt *, int, const char *);
char	*store_column_strdup(sqlite3_stmt *, int);

#endif /* RENOVOTE_STORE_INT_H */
