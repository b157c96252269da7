/*
 * The store's part of network sync: the signed package bodies the office
 * hands to kiosks, when each kiosk last synchronised, the packages a
 * kiosk holds, and bounded slices of a device's chain for sending.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "store-int.h"

/*
 * Keep the signed body of an estate's latest package (the office's
 * package_body), replacing the one before, inside the caller's
 * transaction.
 */
enum rv_status
store_package_body_put(struct store *s, const char *estate_id,
    uint64_t version, const uint8_t *body, size_t len, char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;

	if ((st = store_prepare(s, "INSERT INTO package_body (estate_id, "
	    "version, body) VALUES (?1, ?2, ?3) ON CONFLICT (estate_id) DO "
	    "UPDATE SET version = ?2, body = ?3", &stmt, cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, estate_id);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)version);
	sqlite3_bind_blob(stmt, 3, body, (int)len, SQLITE_STATIC);
	st = store_step_done(s, stmt, "store package body", cause);
	sqlite3_finalize(stmt);
	return st;
}

/*
 * The latest package body of an estate: *version 0 and *body NULL when
 * the office has none.  With body NULL only the version is read.
 */
enum rv_status
store_package_body_get(struct store *s, const char *estate_id,
    uint64_t *version, uint8_t **body, size_t *len, char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;
	size_t		 n;
	int		 rc;

	*version = 0;
	if (body != NULL) {
		*body = NULL;
		*len = 0;
	}
	if ((st = store_prepare(s, "SELECT version, body FROM package_body "
	    "WHERE estate_id = ?", &stmt, cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, estate_id);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*version = (uint64_t)sqlite3_column_int64(stmt, 0);
		if (body != NULL) {
			n = (size_t)sqlite3_column_bytes(stmt, 1);
			*body = xmalloc(n > 0 ? n : 1);
			memcpy(*body, sqlite3_column_blob(stmt, 1), n);
			*len = n;
		}
	} else if (rc != SQLITE_DONE)
		st = store_fail(s, cause, "read package bodies");
	sqlite3_finalize(stmt);
	return st;
}

/*
 * Note that a device synchronised at instant at (USB ingest or network
 * sync, whether or not it brought anything new), inside the caller's
 * transaction.  An unknown device changes nothing.
 */
enum rv_status
store_device_synced(struct store *s, const char *device, rv_ms at,
    char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;

	if ((st = store_prepare(s, "UPDATE device SET last_sync_at = ? "
	    "WHERE name = ?", &stmt, cause)) != RV_OK)
		return st;
	sqlite3_bind_int64(stmt, 1, at);
	store_bind_text(stmt, 2, device);
	st = store_step_done(s, stmt, "note kiosk sync", cause);
	sqlite3_finalize(stmt);
	return st;
}

/*
 * The packages a kiosk holds: estate ids and versions, in estate order.
 * The caller frees with strv_free and free.
 */
enum rv_status
store_packages_held(struct store *s, char ***ids, uint64_t **versions,
    size_t *n, char **cause)
{
	sqlite3_stmt	*stmt;
	char		**iv = NULL;
	uint64_t	*vv = NULL;
	size_t		 len = 0;
	enum rv_status	 st;
	int		 rc;

	if ((st = store_prepare(s, "SELECT estate_id, version FROM package "
	    "ORDER BY estate_id", &stmt, cause)) != RV_OK)
		return st;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		iv = xreallocarray(iv, len + 1, sizeof *iv);
		vv = xreallocarray(vv, len + 1, sizeof *vv);
		iv[len] = store_column_strdup(stmt, 0);
		vv[len++] = (uint64_t)sqlite3_column_int64(stmt, 1);
	}
	if (rc != SQLITE_DONE)
		st = store_fail(s, cause, "read packages");
	sqlite3_finalize(stmt);
	*ids = iv;
	*versions = vv;
	*n = len;
	return st;
}

