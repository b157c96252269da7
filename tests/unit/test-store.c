/*
 * The SQLite store: creation and identity, roster replacement, codes,
 * answers keyed by device and sequence, plans, and rollback leaving data
 * as it was.
 */

#include "config.h"

#include <sys/stat.h>

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "renovote.h"
#include "test.h"
#include "store.h"

static char	 dir[] = "/tmp/rv-store-XXXXXX";

static const char roster[] =
    "estate_id,estate_name,building,entrance,room,flat_id,owner_id,area_m2\n"
    "E1,东园小区,1,1,102,1-1-102,B,60.00\n"
    "E1,东园小区,1,1,101,1-1-101,A,60.00\n"
    "E1,东园小区,1,2,101,1-2-101,A,75.50\n";

static const char plan[] =
    "{\"estate_id\": \"E1\", \"title\": {\"zh_CN\": \"方案\"}, \"items\": [],"
    " \"questions\": [{\"id\": \"Q1\", \"kind\": \"approve\","
    " \"matter\": \"major\", \"title\": {\"zh_CN\": \"问题\"},"
    " \"opens\": \"2026-12-01T08:00:00+08:00\","
    " \"closes\": \"2026-12-20T18:00:00+08:00\"}]}";

/* A path inside the test directory. */
static char *
path(const char *name)
{
	char	*p;

	xasprintf(&p, "%s/%s", dir, name);
	return p;
}

/* Creating, reopening, and refusing what is not ours. */
static void
test_open(void)
{
	struct store	*s = NULL;
	struct stat	 sb;
	char		*db = path("a.db"), *foreign = path("f.db"), *cause = NULL;
	sqlite3		*raw;

	TEST_BEGIN("open");
	CHECK(store_open(db, 0, &s, &cause) == RV_EINPUT);
	free(cause);
	cause = NULL;
	CHECK(store_open(db, STORE_CREATE, &s, NULL) == RV_OK);
	store_close(s);
	CHECK(stat(db, &sb) == 0 && (sb.st_mode & 0777) == 0600);
	CHECK(store_open(db, STORE_CREATE, &s, &cause) == RV_EINPUT);
	CHECK(cause != NULL && strstr(cause, "already exists") != NULL);
	free(cause);
	cause = NULL;
	CHECK(store_open(db, 0, &s, NULL) == RV_OK);
	store_close(s);

	CHECK(sqlite3_open(foreign, &raw) == SQLITE_OK);
	CHECK(sqlite3_exec(raw, "CREATE TABLE t (x)", NULL, NULL, NULL) ==
	    SQLITE_OK);
	sqlite3_close(raw);
	CHECK(store_open(foreign, 0, &s, &cause) == RV_EINPUT);
	CHECK(cause != NULL && strstr(cause, "not a renovote") != NULL);
	free(cause);
	cause = NULL;

	CHECK(sqlite3_open(db, &raw) == SQLITE_OK);
	CHECK(sqlite3_exec(raw, "PRAGMA user_version = 99", NULL, NULL,
	    NULL) == SQLITE_OK);
	sqlite3_close(raw);
	CHECK(store_open(db, 0, &s, &cause) == RV_EINPUT);
	CHECK(cause != NULL && strstr(cause, "newer") != NULL);
	free(cause);
	free(db);
	free(foreign);
}

/* Store a roster text; returns the status. */
static enum rv_status
put_roster(struct store *s, const char *text)
{
	struct rv_estate *es = NULL;
	size_t		 n = 0, i;
	enum rv_status	 st;

	if ((st = roster_parse("r.csv", text, strlen(text), &es, &n,
	    NULL)) != RV_OK)
		return st;
	st = store_begin(s, NULL);
	for (i = 0; st == RV_OK && i < n; i++)
		st = store_roster_put(s, &es[i], NULL);
	if (st == RV_OK)
		st = store_commit(s, NULL);
	else
		store_rollback(s);
	estates_free(es, n);
	return st;
}

/* Rosters, codes, answers and plans round-trip; rollback undoes. */
static void
test_data(void)
{
	struct store	*s = NULL;
	struct rv_estate *e = NULL;
	struct rv_plan	*p = NULL;
	struct rv_answers a;
	struct rv_code_row rows[1];
	char		*db = path("b.db"), *cause = NULL, hash[RV_CODE_HASH_MAX];
	char		**ids = NULL;
	size_t		 nids = 0;
	struct rv_answer_in in = { "E1", "Q1", "1-1-101", "agree",
	    1796083200000LL, "kiosk-1", 1 };

	TEST_BEGIN("data");
	CHECK(store_open(db, STORE_CREATE, &s, NULL) == RV_OK);
	CHECK(put_roster(s, roster) == RV_OK);
	CHECK(store_estate_load(s, "E1", &e, NULL) == RV_OK);
	CHECK_INT_EQ(e->nflats, 3);
	CHECK_STR_EQ(e->flats[0].flat_id, "1-1-101");
	CHECK_STR_EQ(e->name, "东园小区");
	CHECK_INT_EQ(e->nowners, 2);
	CHECK_INT_EQ(e->flats[0].owner, e->flats[2].owner);
	CHECK_INT_EQ(e->flats[2].area, 7550);
	estate_free(e);
	CHECK(store_estate_load(s, "E2", &e, &cause) == RV_EINPUT);
	free(cause);
	cause = NULL;
	CHECK(store_estate_ids(s, &ids, &nids, NULL) == RV_OK);
	CHECK_INT_EQ(nids, 1);
	strv_free(ids, nids);

	rows[0].flat_id = (char *)"1-1-101";
	strcpy(rows[0].hash, "scrypt$x");
	CHECK(store_begin(s, NULL) == RV_OK);
	CHECK(store_codes_replace(s, "E1", rows, 1, NULL) == RV_OK);
	CHECK(store_commit(s, NULL) == RV_OK);
	CHECK(store_code_hash(s, "E1", "1-1-101", hash, sizeof hash, NULL) ==
	    RV_OK);
	CHECK_STR_EQ(hash, "scrypt$x");
	CHECK(store_code_hash(s, "E1", "1-1-102", hash, sizeof hash, &cause) ==
	    RV_EINPUT);
	free(cause);
	cause = NULL;

	CHECK(plan_parse("p.json", plan, strlen(plan), &p, NULL) == RV_OK);
	CHECK(store_begin(s, NULL) == RV_OK);
	CHECK(store_plan_put(s, p, plan, strlen(plan), NULL) == RV_OK);
	CHECK(store_answer_add(s, &in, NULL) == RV_OK);
	CHECK(store_answer_add(s, &in, &cause) == RV_EINPUT);
	CHECK(cause != NULL && strstr(cause, "already stored") != NULL);
	free(cause);
	cause = NULL;
	CHECK(store_commit(s, NULL) == RV_OK);
	plan_free(p);
	p = NULL;

	/* An uncommitted answer is gone after rollback. */
	in.seq = 2;
	CHECK(store_begin(s, NULL) == RV_OK);
	CHECK(store_answer_add(s, &in, NULL) == RV_OK);
	store_rollback(s);

	CHECK(store_plan_load(s, "E1", &p, NULL) == RV_OK);
	CHECK(p != NULL && p->nquestions == 1);
	CHECK(store_estate_load(s, "E1", &e, NULL) == RV_OK);
	CHECK(store_answers_load(s, e, &p->questions[0], &a, NULL) == RV_OK);
	CHECK_INT_EQ(a.n, 1);
	CHECK_STR_EQ(a.v[0].device, "kiosk-1");
	CHECK_INT_EQ(a.v[0].choice, RV_CHOICE_AGREE);
	store_answers_clear(&a);

	/* Dropping a flat drops its code, not the others'. */
	CHECK(put_roster(s, "estate_id,estate_name,building,entrance,room,"
	    "flat_id,owner_id,area_m2\nE1,东园小区,1,1,101,1-1-101,A,61\n") ==
	    RV_OK);
	CHECK(store_code_hash(s, "E1", "1-1-101", hash, sizeof hash, NULL) ==
	    RV_OK);
	estate_free(e);
	CHECK(store_estate_load(s, "E1", &e, NULL) == RV_OK);
	CHECK_INT_EQ(e->nflats, 1);
	CHECK_INT_EQ(e->flats[0].area, 6100);
	estate_free(e);
	plan_free(p);
	store_close(s);
	free(db);
}

/*
 * Store one kiosk answer to Q1 of E1 for flat 1-1-101 through a fresh
 * appender, after sql (if not NULL) changed the database behind the
 * appender's back through a second connection.  *counted receives the
 * answer rows afterwards.
 */
static enum rv_status
put_answer_after(struct store *s, const char *db, uint64_t seq,
    const char *sql, int *counted, char **cause)
{
	struct store_appender	*a = NULL;
	struct rv_record	 rec;
	sqlite3			*raw = NULL;
	sqlite3_stmt		*stmt = NULL;
	static const uint8_t	 enc[] = { 1, 2, 3 };
	enum rv_status		 st;

	*counted = -1;
	memset(&rec, 0, sizeof rec);
	rec.type = RV_REC_ANSWER;
	rec.device = (char *)"kiosk-1";
	rec.seq = seq;
	rec.time = 1796083200000LL;
	rec.estate_id = (char *)"E1";
	rec.subject_id = (char *)"Q1";
	rec.flat_id = (char *)"1-1-101";
	rec.choice = (char *)"agree";
	rec.amount_fen = -1;
	rec.hash[0] = (uint8_t)seq;
	if ((st = store_appender_open(s, &a, cause)) != RV_OK)
		return st;
	CHECK(sqlite3_open(db, &raw) == SQLITE_OK);
	if (sql != NULL)
		CHECK(sqlite3_exec(raw, sql, NULL, NULL, NULL) == SQLITE_OK);
	st = store_ledger_put(a, &rec, enc, sizeof enc, cause);
	store_appender_close(a);
	if (sqlite3_prepare_v2(raw, "SELECT count(*) FROM answer", -1, &stmt,
	    NULL) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
		*counted = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(raw);
	return st;
}

/*
 * In a new store db whose estate E1 has an epoch from package version 2
 * on, the read sql breaks fails the answer's store with a cause holding
 * want, and no answer row is written.
 */
static void
superseded_broken(const char *name, const char *sql, const char *want)
{
	struct store	*s = NULL;
	char		*db = path(name), *cause = NULL;
	int		 counted;

	CHECK(store_open(db, STORE_CREATE, &s, NULL) == RV_OK);
	CHECK(store_codes_epoch_put(s, "E1", 2, NULL) == RV_OK);
	CHECK(put_answer_after(s, db, 1, sql, &counted, &cause) == RV_EENV);
	CHECK(cause != NULL && strstr(cause, want) != NULL);
	CHECK_INT_EQ(counted, 0);
	free(cause);
	store_close(s);
	free(db);
}

/*
 * Whether a kiosk's answer was made with superseded voting codes decides
 * whether it counts, so a failed read of the codes epoch or of the
 * package the kiosk held must fail the store (and so the whole ingest),
 * never count the answer or drop it on a guess.  The reads are made to
 * fail by dropping their table behind the appender's back.
 */
static void
test_superseded(void)
{
	struct store	*s = NULL;
	char		*db = path("c.db");
	int		 counted;

	TEST_BEGIN("superseded codes fail closed");
	CHECK(store_open(db, STORE_CREATE, &s, NULL) == RV_OK);
	/* The reads work: no epoch, the answer counts. */
	CHECK(put_answer_after(s, db, 1, NULL, &counted, NULL) == RV_OK);
	CHECK_INT_EQ(counted, 1);
	/* An epoch and no package held: kept in the ledger, not counted. */
	CHECK(store_codes_epoch_put(s, "E1", 2, NULL) == RV_OK);
	CHECK(put_answer_after(s, db, 2, NULL, &counted, NULL) == RV_OK);
	CHECK_INT_EQ(counted, 1);
	store_close(s);
	free(db);
	/* The epoch or the package held cannot be read: an error. */
	superseded_broken("d.db", "DROP TABLE codes_epoch", "codes epoch");
	superseded_broken("e.db", "DROP TABLE kiosk_package",
	    "package the kiosk held");
}

int
main(void)
{
	char	 cmd[64];
	int	 rc;

	if (mkdtemp(dir) == NULL)
		return 99;
	test_open();
	test_data();
	test_superseded();
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	rc = system(cmd);
	(void)rc;
	return test_done("test-store");
}
