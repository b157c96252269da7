/*
 * Reads the kiosk's resident interface needs of its own store: what a
 * flat has already answered here, so the resident sees their current
 * answers.
 */

#include "config.h"

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
