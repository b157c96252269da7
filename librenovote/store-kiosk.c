/*
 * Reads the kiosk's resident interface needs of its own store: what a
 * flat has already answered here, so the resident sees their current
 * answers.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "store-int.h"

/*
 * The latest answer of flat_id in estate_id to each question recorded by
 * device: the highest seq, which on one device is also the latest time.
 */
static const char store_flat_latest_sql[] =
	"SELECT question_id, choice FROM answer a WHERE estate_id = ?1 "
	"AND flat_id = ?2 AND device = ?3 AND seq = (SELECT MAX(seq) FROM "
	"answer b WHERE b.device = a.device AND b.estate_id = a.estate_id "
	"AND b.flat_id = a.flat_id AND b.question_id = a.question_id) "
	"ORDER BY question_id";

/*
 * The latest answer of a flat to each question, recorded by this device:
 * *subjects (the question ids) and *values (the choice ids) get *n
 * allocated strings each; free them with strv_free.
 */
enum rv_status
store_flat_latest(struct store *s, const char *estate_id,
    const char *flat_id, const char *device, char ***subjects,
    char ***values, size_t *n, char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;
	size_t		 cap = 0;
	int		 rc;

	*subjects = *values = NULL;
	*n = 0;
	if ((st = store_prepare(s, store_flat_latest_sql, &stmt,
	    cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, estate_id);
	store_bind_text(stmt, 2, flat_id);
	store_bind_text(stmt, 3, device);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			*subjects = xreallocarray(*subjects, cap,
			    sizeof **subjects);
			*values = xreallocarray(*values, cap, sizeof **values);
		}
		(*subjects)[*n] = store_column_strdup(stmt, 0);
		(*values)[*n] = store_column_strdup(stmt, 1);
		(*n)++;
	}
	if (rc != SQLITE_DONE) {
		st = store_fail(s, cause, "read the flat's answers");
		strv_free(*subjects, *n);
		strv_free(*values, *n);
		*subjects = *values = NULL;
		*n = 0;
	}
	sqlite3_finalize(stmt);
	return st;
}

/*
 * The committee PIN's wrong tries in a row and the end of its lockout
 * (milliseconds, 0 none), kept in meta (pin_fails, pin_locked_until) so
 * that a restart of the kiosk does not forget them.  A missing or
 * unreadable value reads as 0.
 */
enum rv_status
store_pin_tries_get(struct store *s, int *fails, rv_ms *until, char **cause)
{
	char		*v = NULL, *end;
	long long	 n;
	enum rv_status	 st;

	*fails = 0;
	*until = 0;
	if ((st = store_meta_get(s, "pin_fails", &v, cause)) != RV_OK)
		return st;
	if (v != NULL && (n = strtoll(v, &end, 10)) > 0 && *end == '\0' &&
	    n < 1000)
		*fails = (int)n;
	free(v);
	if ((st = store_meta_get(s, "pin_locked_until", &v, cause)) != RV_OK)
		return st;
	if (v != NULL && (n = strtoll(v, &end, 10)) > 0 && *end == '\0')
		*until = (rv_ms)n;
	free(v);
	return RV_OK;
}

/*
 * Store the committee PIN's wrong tries and the end of its lockout in
 * their own transaction, committed (synchronous FULL) before returning:
 * the kiosk shows a PIN's result only once its count is durable.
 */
enum rv_status
store_pin_tries_put(struct store *s, int fails, rv_ms until, char **cause)
{
	char		 f[32], u[32];
	enum rv_status	 st;

	snprintf(f, sizeof f, "%d", fails);
	snprintf(u, sizeof u, "%lld", (long long)until);
	if ((st = store_begin(s, cause)) != RV_OK)
		return st;
	if ((st = store_meta_put(s, "pin_fails", f, cause)) != RV_OK ||
	    (st = store_meta_put(s, "pin_locked_until", u, cause)) != RV_OK) {
		store_rollback(s);
		return st;
	}
	return store_commit(s, cause);
}
