/*
 * The ledger in the store: records with their encodings, the answers and
 * pledge signatures derived from them, signed chain heads, enrolled
 * devices and committee flags, and on kiosks the packages held and code
 * lockouts.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "store-int.h"

/*
 * The last record a device has in the store: seq 0 and a zero hash when
 * it has none.
 */
enum rv_status
store_ledger_head(struct store *s, const char *device, struct rv_head *head,
    char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;
	int		 rc;

	memset(head, 0, sizeof *head);
	if ((st = store_prepare(s, "SELECT seq, hash FROM ledger WHERE "
	    "device = ? ORDER BY seq DESC LIMIT 1", &stmt, cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, device);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW &&
	    sqlite3_column_bytes(stmt, 1) == RV_HASH_LEN) {
		head->seq = (uint64_t)sqlite3_column_int64(stmt, 0);
		memcpy(head->hash, sqlite3_column_blob(stmt, 1), RV_HASH_LEN);
	} else if (rc != SQLITE_DONE)
		st = store_fail(s, cause, "read ledger");
	sqlite3_finalize(stmt);
	return st;
}

/* The hash of one record, if the store holds it (*found). */
enum rv_status
store_ledger_hash(struct store *s, const char *device, uint64_t seq,
    uint8_t hash[RV_HASH_LEN], int *found, char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;
	int		 rc;

	*found = 0;
	if ((st = store_prepare(s, "SELECT hash FROM ledger WHERE device = ? "
	    "AND seq = ?", &stmt, cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, device);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)seq);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW &&
	    sqlite3_column_bytes(stmt, 0) == RV_HASH_LEN) {
		memcpy(hash, sqlite3_column_blob(stmt, 0), RV_HASH_LEN);
		*found = 1;
	} else if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		st = store_fail(s, cause, "read ledger");
	sqlite3_finalize(stmt);
	return st;
}

/*
 * An answer or signature row derived from a record, waiting in a
 * deferring appender; its strings are the record's own.
 */
struct derived_row {
	enum rv_record_type type;	/* answer, ballot or pledge */
	const char	*device;
	const char	*estate_id;
	const char	*subject_id;	/* question or pledge */
	const char	*flat_id;
	const char	*choice;	/* answers and ballots */
	uint64_t	 seq;
	rv_ms		 at;		/* cast_at as the tally reads it */
	int64_t		 amount_fen;	/* pledges: -1 when none */
};

#define DERIVED_INITIAL	1024	/* rows, when an appender first defers */
#define STORE_PLANS_KEPT	8	/* plans an appender keeps parsed */

/*
 * Prepared statements for appending many records in one transaction:
 * ballots import and ingest append thousands at a time.  A deferring
 * appender (store_appender_defer) writes the ledger rows as they come
 * and the answer and signature rows derived from them together at
 * store_appender_finish: then each pass keeps only its own two B-trees
 * in SQLite's page cache (the ledger and its receipt index, then the
 * answers and their question index), instead of four growing ones
 * competing for it.
 */
struct store_appender {
	struct store	*s;
	sqlite3_stmt	*ledger;
	sqlite3_stmt	*answer;
	sqlite3_stmt	*signature;
	sqlite3_stmt	*package;	/* kiosk_package insert */
	sqlite3_stmt	*held;		/* version a kiosk held before seq */
	sqlite3_stmt	*epoch;		/* codes_epoch of an estate */
	size_t		 stale;		/* answers and pledges not counted */
	/*
	 * The codes epoch of the estate of the last answer or pledge: a
	 * bundle's records are mostly of one estate, and nothing changes
	 * codes_epoch while an appender is open (one transaction).
	 */
	char		*epoch_estate;	/* NULL: none read yet */
	int64_t		 epoch_from;
	int		 defer;		/* derived rows wait for finish */
	/*
	 * The plans of the estates of the last answers and ballots, to
	 * check choices against (choice_check), replaced in turn: a file
	 * of paper ballots may mix a few estates.  plan_estate NULL: an
	 * empty slot; plan NULL: the estate has no plan.
	 */
	char		*plan_estate[STORE_PLANS_KEPT];
	struct rv_plan	*plan[STORE_PLANS_KEPT];
	size_t		 plan_next;	/* the slot to replace */
	struct derived_row *derived;
	size_t		 nderived, capderived;
};

/*
 * Prepare the appender's statements once, for every record of the
 * transaction.
 */
enum rv_status
store_appender_open(struct store *s, struct store_appender **out,
    char **cause)
{
	struct store_appender	*a;
	enum rv_status		 st;

	a = xcalloc(1, sizeof *a);
	a->s = s;
	if ((st = store_prepare_persistent(s, "INSERT INTO ledger (device, "
	    "seq, hash, type, time, receipt, body) VALUES (?, ?, ?, ?, ?, ?, "
	    "?)", &a->ledger, cause)) != RV_OK ||
	    (st = store_prepare_persistent(s, STORE_ANSWER_INSERT, &a->answer,
	    cause)) != RV_OK ||
	    (st = store_prepare_persistent(s, STORE_SIGNATURE_INSERT,
	    &a->signature, cause)) != RV_OK ||
	    (st = store_prepare_persistent(s, "INSERT INTO kiosk_package "
	    "(device, seq, estate_id, version) VALUES (?, ?, ?, ?)",
	    &a->package, cause)) != RV_OK ||
	    (st = store_prepare_persistent(s, "SELECT version FROM "
	    "kiosk_package WHERE device = ? AND estate_id = ? AND seq < ? "
	    "ORDER BY seq DESC LIMIT 1", &a->held, cause)) != RV_OK ||
	    (st = store_prepare_persistent(s, "SELECT from_version FROM "
	    "codes_epoch WHERE estate_id = ?", &a->epoch, cause)) != RV_OK) {
		store_appender_close(a);
		return st;
	}
	*out = a;
	return RV_OK;
}

/* Finalise the appender's statements. */
void
store_appender_close(struct store_appender *a)
{
	size_t	i;

	if (a == NULL)
		return;
	sqlite3_finalize(a->ledger);
	sqlite3_finalize(a->answer);
	sqlite3_finalize(a->signature);
	sqlite3_finalize(a->package);
	sqlite3_finalize(a->held);
	sqlite3_finalize(a->epoch);
	free(a->epoch_estate);
	for (i = 0; i < STORE_PLANS_KEPT; i++) {
		free(a->plan_estate[i]);
		plan_free(a->plan[i]);
	}
	free(a->derived);
	free(a);
}

/*
 * Was this kiosk record made while the kiosk held a package older than
 * the estate's current voting codes (*superseded)?  Then the code it
 * checked has been re-issued since, and what it recorded must not count.
 * Estates without a codes epoch (a kiosk's own store) never are.  A
 * failed read is an error, never a guess: counting on it would fail
 * open, dropping it would lose a valid answer.
 */
static enum rv_status
codes_superseded(struct store_appender *a, const struct rv_record *rec,
    int *superseded, char **cause)
{
	enum rv_status	 st = RV_OK;
	int64_t		 from = 0, held = 0;
	int		 rc;

	*superseded = 0;
	if (a->epoch_estate != NULL &&
	    strcmp(a->epoch_estate, rec->estate_id) == 0)
		from = a->epoch_from;
	else {
		store_bind_text(a->epoch, 1, rec->estate_id);
		if ((rc = sqlite3_step(a->epoch)) == SQLITE_ROW)
			from = sqlite3_column_int64(a->epoch, 0);
		else if (rc != SQLITE_DONE)
			st = store_fail(a->s, cause, "read the estate's codes "
			    "epoch");
		sqlite3_reset(a->epoch);
		if (st != RV_OK)
			return st;
		free(a->epoch_estate);
		a->epoch_estate = xstrdup(rec->estate_id);
		a->epoch_from = from;
	}
	if (from <= 0)
		return st;
	store_bind_text(a->held, 1, rec->device);
	store_bind_text(a->held, 2, rec->estate_id);
	sqlite3_bind_int64(a->held, 3, (sqlite3_int64)rec->seq);
	if ((rc = sqlite3_step(a->held)) == SQLITE_ROW)
		held = sqlite3_column_int64(a->held, 0);
	else if (rc != SQLITE_DONE)
		st = store_fail(a->s, cause, "read the package the kiosk held");
	sqlite3_reset(a->held);
	if (st == RV_OK)
		*superseded = held < from;
	return st;
}

/*
 * Is the choice of answer or ballot rec written as its question takes
 * it (docs/protocol.md, "What the office checks on ingest")?  For a
 * choose-many, rank or rating question of the estate's plan it must be
 * the canonical text question_choice_format writes; a choice with a
 * comma must belong to such a question.  Other choices (an id the
 * question has not) are kept and not counted, as before.  A record
 * refused here refuses its whole transaction.
 */
static enum rv_status
choice_check(struct store_appender *a, const struct rv_record *rec,
    char **cause)
{
	const struct rv_question *q = NULL;
	enum rv_status	 st;
	uint32_t	 code;
	size_t		 i;
	char		*why = NULL;

	for (i = 0; i < STORE_PLANS_KEPT; i++)
		if (a->plan_estate[i] != NULL &&
		    strcmp(a->plan_estate[i], rec->estate_id) == 0)
			break;
	if (i == STORE_PLANS_KEPT) {
		i = a->plan_next;
		a->plan_next = (a->plan_next + 1) % STORE_PLANS_KEPT;
		free(a->plan_estate[i]);
		plan_free(a->plan[i]);
		a->plan[i] = NULL;
		a->plan_estate[i] = NULL;
		if ((st = store_plan_load(a->s, rec->estate_id, &a->plan[i],
		    cause)) != RV_OK)
			return st;
		a->plan_estate[i] = xstrdup(rec->estate_id);
	}
	if (a->plan[i] != NULL)
		q = plan_question(a->plan[i], rec->subject_id);
	if (q != NULL && !question_decides(q)) {
		if (question_choice_read(q, rec->choice, &code, &why) == 0)
			return RV_OK;
		st = rv_fail(cause, RV_EINPUT, _("record %s/%llu: %s"),
		    rec->device, (unsigned long long)rec->seq, why);
		free(why);
		return st;
	}
	if (strchr(rec->choice, ',') != NULL)
		return rv_fail(cause, RV_EINPUT, _("record %s/%llu: question "
		    "%s takes one choice, not \"%.*s\""), rec->device,
		    (unsigned long long)rec->seq, rec->subject_id, RV_ID_MAX,
		    rec->choice);
	return RV_OK;
}

/* How many answers and pledges this appender kept but did not count. */
size_t
store_appender_stale(const struct store_appender *a)
{
	return a->stale;
}

/*
 * Record that an estate's current voting codes travel in packages from
 * version from_version on.
 */
enum rv_status
store_codes_epoch_put(struct store *s, const char *estate_id,
    uint64_t from_version, char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;

	if ((st = store_prepare(s, "INSERT INTO codes_epoch (estate_id, "
	    "from_version) VALUES (?1, ?2) ON CONFLICT (estate_id) DO UPDATE "
	    "SET from_version = ?2", &stmt, cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, estate_id);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)from_version);
	st = store_step_done(s, stmt, "store codes epoch", cause);
	sqlite3_finalize(stmt);
	return st;
}

/*
 * Note a confirmed roster change record where pages, the notice and the
 * tally's loader read it, with the flat's owner as the store holds it
 * now, before the change (a publication names whose answers it ends).
 * Few and rare: one statement each.
 */
static enum rv_status
roster_change_put(struct store *s, const struct rv_record *rec, char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;

	if ((st = store_prepare(s, "INSERT INTO roster_change (device, seq, "
	    "estate_id, flat_id, field, before, after, clerk, at, owner_id) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, (SELECT owner_id "
	    "FROM flat WHERE estate_id = ?3 AND flat_id = ?4))", &stmt,
	    cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, rec->device);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)rec->seq);
	store_bind_text(stmt, 3, rec->estate_id);
	store_bind_text(stmt, 4, rec->flat_id);
	store_bind_text(stmt, 5, rec->subject_id);
	store_bind_text(stmt, 6, rec->before);
	store_bind_text(stmt, 7, rec->after);
	store_bind_text(stmt, 8, rec->actor);
	sqlite3_bind_int64(stmt, 9, rec->time);
	st = store_step_done(s, stmt, "store roster change", cause);
	sqlite3_finalize(stmt);
	return st;
}

/* Insert one answer or signature row. */
static enum rv_status
derived_put(struct store_appender *a, const struct derived_row *row,
    char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;

	if (row->type == RV_REC_PLEDGE) {
		stmt = a->signature;
		if (row->amount_fen < 0)
			sqlite3_bind_null(stmt, 6);
		else
			sqlite3_bind_int64(stmt, 6, row->amount_fen);
	} else {
		stmt = a->answer;
		store_bind_text(stmt, 6, row->choice);
	}
	store_bind_text(stmt, 1, row->device);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)row->seq);
	store_bind_text(stmt, 3, row->estate_id);
	store_bind_text(stmt, 4, row->subject_id);
	store_bind_text(stmt, 5, row->flat_id);
	sqlite3_bind_int64(stmt, 7, row->at);
	st = store_step_done(a->s, stmt, row->type == RV_REC_PLEDGE ?
	    "store pledge" : "store answer", cause);
	sqlite3_reset(stmt);
	return st;
}

/*
 * Store one sealed record (rec->hash set, enc its encoding) and what the
 * tally reads from it: an answer row for answers and paper ballots, a
 * signature row for pledges.  A (device, seq) already stored is an
 * RV_EINPUT refusal; the caller decides whether that is a fork.
 */
enum rv_status
store_ledger_put(struct store_appender *a, const struct rv_record *rec,
    const uint8_t *enc, size_t len, char **cause)
{
	struct store	*s = a->s;
	struct derived_row row;
	sqlite3_stmt	*stmt;
	char		 receipt[RV_RECEIPT_TEXT];
	enum rv_status	 st = RV_OK;
	int		 rc, superseded;

	ledger_receipt_from_hash(rec->hash, receipt, sizeof receipt);
	stmt = a->ledger;
	store_bind_text(stmt, 1, rec->device);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)rec->seq);
	sqlite3_bind_blob(stmt, 3, rec->hash, RV_HASH_LEN, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 4, (int)rec->type);
	sqlite3_bind_int64(stmt, 5, rec->time);
	store_bind_text(stmt, 6, receipt);
	sqlite3_bind_blob(stmt, 7, enc, (int)len, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_CONSTRAINT_PRIMARYKEY)
		st = rv_fail(cause, RV_EINPUT, "record %s/%llu is already "
		    "stored", rec->device, (unsigned long long)rec->seq);
	else if (rc != SQLITE_DONE)
		st = store_fail(s, cause, "store record");
	sqlite3_reset(stmt);
	if (st != RV_OK)
		return st;

	if (rec->type == RV_REC_PACKAGE) {
		stmt = a->package;
		store_bind_text(stmt, 1, rec->device);
		sqlite3_bind_int64(stmt, 2, (sqlite3_int64)rec->seq);
		store_bind_text(stmt, 3, rec->estate_id);
		sqlite3_bind_int64(stmt, 4, (sqlite3_int64)rec->version);
		st = store_step_done(s, stmt, "store package record", cause);
		sqlite3_reset(stmt);
		return st;
	}
	if (rec->type == RV_REC_ROSTER)
		return roster_change_put(s, rec, cause);
	if (rec->type == RV_REC_SUGGESTION)
		return store_suggestion_put(s, rec, cause);
	if ((rec->type == RV_REC_ANSWER || rec->type == RV_REC_BALLOT) &&
	    (st = choice_check(a, rec, cause)) != RV_OK)
		return st;
	if (rec->type == RV_REC_ANSWER || rec->type == RV_REC_PLEDGE) {
		if ((st = codes_superseded(a, rec, &superseded,
		    cause)) != RV_OK)
			return st;
		if (superseded) {
			a->stale++;
			return RV_OK;
		}
	}
	if (rec->type != RV_REC_ANSWER && rec->type != RV_REC_BALLOT &&
	    rec->type != RV_REC_PLEDGE)
		return RV_OK;
	row.type = rec->type;
	row.device = rec->device;
	row.estate_id = rec->estate_id;
	row.subject_id = rec->subject_id;
	row.flat_id = rec->flat_id;
	row.choice = rec->choice;
	row.seq = rec->seq;
	row.at = rec->type == RV_REC_BALLOT ? rec->cast_at : rec->time;
	row.amount_fen = rec->amount_fen;
	if (!a->defer)
		return derived_put(a, &row, cause);
	if (a->nderived == a->capderived) {
		a->capderived = a->capderived == 0 ? DERIVED_INITIAL :
		    a->capderived * 2;
		a->derived = xreallocarray(a->derived, a->capderived,
		    sizeof *a->derived);
	}
	a->derived[a->nderived++] = row;
	return RV_OK;
}

/*
 * From now on keep the answer and signature rows derived from the
 * records put until store_appender_finish writes them.  The records'
 * strings must live until then.
 */
void
store_appender_defer(struct store_appender *a)
{
	a->defer = 1;
}

/*
 * Write the rows a deferring appender keeps, in the order their records
 * came.  Call it before committing; closing without it drops them (the
 * caller is rolling back).
 */
enum rv_status
store_appender_finish(struct store_appender *a, char **cause)
{
	enum rv_status	 st = RV_OK;
	size_t		 i;

	for (i = 0; i < a->nderived && st == RV_OK; i++)
		st = derived_put(a, &a->derived[i], cause);
	a->nderived = 0;
	return st;
}

/*
 * The encodings of a device's records from seq from on, in order, at
 * most max_records of them and no more than max_bytes of encodings
 * (always at least one record, if there is one): a sync chunk, or with
 * SIZE_MAX for both the whole rest of the chain.  The caller frees each
 * encoding and the arrays.
 */
enum rv_status
store_ledger_slice(struct store *s, const char *device, uint64_t from,
    size_t max_records, size_t max_bytes, uint8_t ***encs, size_t **lens,
    size_t *n, char **cause)
{
	sqlite3_stmt	*stmt;
	uint8_t		**e = NULL;
	size_t		*l = NULL, len = 0, cap = 0, bytes = 0, blen;
	enum rv_status	 st;
	int		 rc;

	if ((st = store_prepare(s, "SELECT body FROM ledger WHERE device = ? "
	    "AND seq >= ? ORDER BY seq LIMIT ?", &stmt, cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, device);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)from);
	/* A negative LIMIT is none at all in SQLite. */
	sqlite3_bind_int64(stmt, 3, max_records > INT64_MAX ? -1 :
	    (sqlite3_int64)max_records);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		blen = (size_t)sqlite3_column_bytes(stmt, 0);
		if (len > 0 && bytes + blen > max_bytes)
			break;
		if (len == cap) {
			cap = cap == 0 ? 256 : cap * 2;
			e = xreallocarray(e, cap, sizeof *e);
			l = xreallocarray(l, cap, sizeof *l);
		}
		e[len] = xmalloc(blen > 0 ? blen : 1);
		memcpy(e[len], sqlite3_column_blob(stmt, 0), blen);
		l[len++] = blen;
		bytes += blen;
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		st = store_fail(s, cause, "read ledger");
		store_encodings_free(e, l, len);
		e = NULL;
		l = NULL;
		len = 0;
	}
	sqlite3_finalize(stmt);
	*encs = e;
	*lens = l;
	*n = len;
	return st;
}

/*
 * Load the encodings of a device's records from seq from on, in order.
 * The caller frees each encoding and the arrays.
 */
enum rv_status
store_ledger_load(struct store *s, const char *device, uint64_t from,
    uint8_t ***encs, size_t **lens, size_t *n, char **cause)
{
	return store_ledger_slice(s, device, from, SIZE_MAX, SIZE_MAX, encs,
	    lens, n, cause);
}

/* Free n encodings and their lengths from store_ledger_slice.  NULL-safe. */
void
store_encodings_free(uint8_t **encs, size_t *lens, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(encs[i]);
	free(encs);
	free(lens);
}

/* Record the latest signed head of a device. */
enum rv_status
store_head_put(struct store *s, const char *device, uint64_t seq,
    const uint8_t hash[RV_HASH_LEN], const uint8_t sig[RV_SIG_LEN],
    char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;

	if ((st = store_prepare(s, "INSERT INTO head (device, seq, hash, sig, "
	    "received_at) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (device) "
	    "DO UPDATE SET seq = ?2, hash = ?3, sig = ?4, received_at = ?5 "
	    "WHERE ?2 >= seq", &stmt, cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, device);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)seq);
	sqlite3_bind_blob(stmt, 3, hash, RV_HASH_LEN, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 4, sig, RV_SIG_LEN, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 5, time_now());
	st = store_step_done(s, stmt, "store head", cause);
	sqlite3_finalize(stmt);
	return st;
}

/*
 * Refuse pubkey when another device (revoked or not) is enrolled with the
 * same key: one key, one kiosk, so revoking a name revokes the key.
 */
static enum rv_status
store_device_key_unique(struct store *s, const char *name, const char *pubkey,
    char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;
	int		 rc;

	if ((st = store_prepare(s, "SELECT name, pubkey FROM device WHERE "
	    "name != ? ORDER BY name", &stmt, cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, name);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (key_public_same(pubkey,
		    (const char *)sqlite3_column_text(stmt, 1))) {
			st = rv_fail(cause, RV_EINPUT, "this public key is "
			    "already enrolled as kiosk '%s'; one key, one "
			    "kiosk", (const char *)sqlite3_column_text(stmt, 0));
			break;
		}
	}
	if (st == RV_OK && rc != SQLITE_DONE)
		st = store_fail(s, cause, "read kiosks");
	sqlite3_finalize(stmt);
	return st;
}

/*
 * Enrol a device; a name already enrolled is refused, and so is a key
 * another name holds.
 */
enum rv_status
store_device_put(struct store *s, const char *name, const char *pubkey,
    char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;
	int		 rc;

	if ((st = store_device_key_unique(s, name, pubkey, cause)) != RV_OK)
		return st;
	if ((st = store_prepare(s, "INSERT INTO device (name, pubkey, "
	    "enrolled_at) VALUES (?, ?, ?)", &stmt, cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, name);
	store_bind_text(stmt, 2, pubkey);
	sqlite3_bind_int64(stmt, 3, time_now());
	if ((rc = sqlite3_step(stmt)) == SQLITE_CONSTRAINT_PRIMARYKEY)
		st = rv_fail(cause, RV_EINPUT, "kiosk '%s' is already "
		    "enrolled", name);
	else if (rc != SQLITE_DONE)
		st = store_fail(s, cause, "enrol kiosk");
	sqlite3_finalize(stmt);
	return st;
}

/*
 * Look an enrolled device up: its public key and whether it is revoked.
 * An unknown device is RV_EINPUT.
 */
enum rv_status
store_device_get(struct store *s, const char *name, char **pubkey,
    int *revoked, char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;
	int		 rc;

	if ((st = store_prepare(s, "SELECT pubkey, revoked_at IS NOT NULL "
	    "FROM device WHERE name = ?", &stmt, cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, name);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*pubkey = store_column_strdup(stmt, 0);
		*revoked = sqlite3_column_int(stmt, 1);
	} else if (rc == SQLITE_DONE)
		st = rv_fail(cause, RV_EINPUT, "kiosk '%s' is not enrolled "
		    "at this office", name);
	else
		st = store_fail(s, cause, "read kiosks");
	sqlite3_finalize(stmt);
	return st;
}

/*
 * Revoke a device.  With void_ its answers and pledges stop counting:
 * the derived rows go, the signed records stay for the audit.
 */
enum rv_status
store_device_revoke(struct store *s, const char *name, int void_,
    char **cause)
{
	static const char *voids[] = {
		"DELETE FROM answer WHERE device = ?",
		"DELETE FROM signature WHERE device = ?",
	};
	sqlite3_stmt	*stmt;
	enum rv_status	 st;
	size_t		 i;

	if ((st = store_prepare(s, "UPDATE device SET revoked_at = "
	    "coalesce(revoked_at, ?), voided = max(voided, ?) WHERE name = ?",
	    &stmt, cause)) != RV_OK)
		return st;
	sqlite3_bind_int64(stmt, 1, time_now());
	sqlite3_bind_int(stmt, 2, void_ != 0);
	store_bind_text(stmt, 3, name);
	st = store_step_done(s, stmt, "revoke kiosk", cause);
	if (st == RV_OK && sqlite3_changes(s->db) == 0)
		st = rv_fail(cause, RV_EINPUT, "kiosk '%s' is not enrolled "
		    "at this office", name);
	sqlite3_finalize(stmt);
	for (i = 0; st == RV_OK && void_ && i < 2; i++) {
		if ((st = store_prepare(s, voids[i], &stmt, cause)) != RV_OK)
			break;
		store_bind_text(stmt, 1, name);
		st = store_step_done(s, stmt, "void answers", cause);
		sqlite3_finalize(stmt);
	}
	return st;
}

/* Flag a device for the committee (a fork, for instance). */
enum rv_status
store_flag_add(struct store *s, const char *device, const char *reason,
    char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;

	if ((st = store_prepare(s, "INSERT INTO flag (device, at, reason) "
	    "VALUES (?, ?, ?)", &stmt, cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, device);
	sqlite3_bind_int64(stmt, 2, time_now());
	store_bind_text(stmt, 3, reason);
	st = store_step_done(s, stmt, "flag kiosk", cause);
	sqlite3_finalize(stmt);
	return st;
}

/* The package version held (kiosk) or last issued (office); 0 if none. */
enum rv_status
store_package_get(struct store *s, const char *estate_id, uint64_t *version,
    char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;
	int		 rc;

	*version = 0;
	if ((st = store_prepare(s, "SELECT version FROM package WHERE "
	    "estate_id = ?", &stmt, cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, estate_id);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		*version = (uint64_t)sqlite3_column_int64(stmt, 0);
	else if (rc != SQLITE_DONE)
		st = store_fail(s, cause, "read packages");
	sqlite3_finalize(stmt);
	return st;
}

/* Record the package version of an estate (digest may be NULL). */
enum rv_status
store_package_put(struct store *s, const char *estate_id, uint64_t version,
    const uint8_t *digest, char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;

	if ((st = store_prepare(s, "INSERT INTO package (estate_id, version, "
	    "digest, at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (estate_id) DO "
	    "UPDATE SET version = ?2, digest = ?3, at = ?4", &stmt,
	    cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, estate_id);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)version);
	if (digest != NULL)
		sqlite3_bind_blob(stmt, 3, digest, RV_HASH_LEN, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, 3);
	sqlite3_bind_int64(stmt, 4, time_now());
	st = store_step_done(s, stmt, "store package", cause);
	sqlite3_finalize(stmt);
	return st;
}

/* Wrong-code count and lock of a flat (0 and 0 when none). */
enum rv_status
store_lockout_get(struct store *s, const char *estate_id, const char *flat_id,
    int *failures, rv_ms *until, char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;
	int		 rc;

	*failures = 0;
	*until = 0;
	if ((st = store_prepare(s, "SELECT failures, locked_until FROM "
	    "lockout WHERE estate_id = ? AND flat_id = ?", &stmt,
	    cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, estate_id);
	store_bind_text(stmt, 2, flat_id);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*failures = sqlite3_column_int(stmt, 0);
		*until = sqlite3_column_int64(stmt, 1);
	} else if (rc != SQLITE_DONE)
		st = store_fail(s, cause, "read lockouts");
	sqlite3_finalize(stmt);
	return st;
}

/* Set the wrong-code count and lock of a flat. */
enum rv_status
store_lockout_put(struct store *s, const char *estate_id, const char *flat_id,
    int failures, rv_ms until, char **cause)
{
	sqlite3_stmt	*stmt;
	enum rv_status	 st;

	if ((st = store_prepare(s, "INSERT INTO lockout (estate_id, flat_id, "
	    "failures, locked_until) VALUES (?1, ?2, ?3, ?4) ON CONFLICT "
	    "(estate_id, flat_id) DO UPDATE SET failures = ?3, "
	    "locked_until = ?4", &stmt, cause)) != RV_OK)
		return st;
	store_bind_text(stmt, 1, estate_id);
	store_bind_text(stmt, 2, flat_id);
	sqlite3_bind_int(stmt, 3, failures);
	sqlite3_bind_int64(stmt, 4, until);
	st = store_step_done(s, stmt, "store lockout", cause);
	sqlite3_finalize(stmt);
	return st;
}

/* Every committee flag, oldest first. */
enum rv_status
store_flags_load(struct store *s, struct rv_flag **out, size_t *n,
    char **cause)
{
	sqlite3_stmt	*stmt;
	struct rv_flag	*v = NULL;
	size_t		 len = 0;
	enum rv_status	 st;
	int		 rc;

	if ((st = store_prepare(s, "SELECT device, at, reason FROM flag "
	    "ORDER BY at, rowid", &stmt, cause)) != RV_OK)
		return st;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		v = xreallocarray(v, len + 1, sizeof *v);
		v[len].device = store_column_strdup(stmt, 0);
		v[len].at = sqlite3_column_int64(stmt, 1);
		v[len].reason = store_column_strdup(stmt, 2);
		len++;
	}
	if (rc != SQLITE_DONE)
		st = store_fail(s, cause, "read flags");
	sqlite3_finalize(stmt);
	*out = v;
	*n = len;
	return st;
}

/* Free loaded flags. */
void
store_flags_free(struct rv_flag *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].device);
		free(v[i].reason);
	}
	free(v);
}
