/*
 * What a kiosk checks before recording: the lockout after wrong codes and
 * its expiry (with the clock given to vote_identify), and the window,
 * scope and choice checks of vote_check_answer at their bounds.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "renovote.h"
#include "test.h"
#include "store.h"

static const char roster[] =
    "estate_id,estate_name,building,entrance,room,flat_id,owner_id,area_m2\n"
    "E1,东园小区,1,1,101,1-1-101,A,60.00\n"
    "E1,东园小区,1,2,101,1-2-101,B,75.50\n";

static const char plan[] =
    "{\"estate_id\": \"E1\", \"title\": {\"zh_CN\": \"方案\"}, \"items\": [],"
    " \"questions\": [{\"id\": \"Q1\", \"kind\": \"approve\","
    " \"matter\": \"major\", \"title\": {\"zh_CN\": \"问题\"},"
    " \"scope\": {\"building\": \"1\", \"entrance\": \"1\"},"
    " \"opens\": \"2026-12-01T08:00:00+08:00\","
    " \"closes\": \"2026-12-20T18:00:00+08:00\"}],"
    " \"pledges\": [{\"id\": \"P1\", \"text\": {\"zh_CN\": \"同意\"}}]}";

/* Five wrong codes lock the flat for RV_LOCKOUT_MS, then it opens again. */
static void
test_lockout(struct store *s, struct rv_estate *e, const char *code)
{
	rv_ms	 t0, until;
	char	*cause = NULL;
	int	 i, failures;

	TEST_BEGIN("lockout");
	CHECK(time_parse("2026-12-02T10:00:00+08:00", &t0, NULL, NULL) ==
	    RV_OK);
	CHECK(vote_identify(s, e, "1-1-101", code, t0, "k1", NULL) == RV_OK);
	CHECK(store_commit(s, NULL) == RV_OK);	/* left open for the record */
	for (i = 1; i < RV_LOCKOUT_FAILURES; i++) {
		CHECK(vote_identify(s, e, "1-1-101", "2222-3333-4444", t0 + i,
		    "k1", &cause) == RV_EINPUT);
		CHECK(cause != NULL && strstr(cause, "more tries") != NULL);
		free(cause);
		cause = NULL;
	}
	/* A right code in between does not reset a lock not yet reached. */
	CHECK(store_lockout_get(s, "E1", "1-1-101", &failures, &until,
	    NULL) == RV_OK);
	CHECK_INT_EQ(failures, RV_LOCKOUT_FAILURES - 1);
	CHECK(vote_identify(s, e, "1-1-101", "2222-3333-4444", t0 + 10, "k1",
	    &cause) == RV_EINPUT);
	CHECK(cause != NULL && strstr(cause, "locked until") != NULL);
	free(cause);
	cause = NULL;
	/* Locked: the right code is refused until the lock ends... */
	CHECK(vote_identify(s, e, "1-1-101", code, t0 + 10 + RV_LOCKOUT_MS - 1,
	    "k1", &cause) == RV_EINPUT);
	CHECK(cause != NULL && strstr(cause, "is locked") != NULL);
	free(cause);
	cause = NULL;
	/* ...and accepted from then on. */
	CHECK(vote_identify(s, e, "1-1-101", code, t0 + 10 + RV_LOCKOUT_MS,
	    "k1", NULL) == RV_OK);
	CHECK(store_commit(s, NULL) == RV_OK);
	/* The lock is per flat. */
	CHECK(vote_identify(s, e, "1-2-101", "2222-3333-4444", t0, "k1",
	    &cause) == RV_EINPUT);
	CHECK(cause != NULL && strstr(cause, "4 more tries") != NULL);
	free(cause);
}

/* Window, scope and choice, at their bounds. */
static void
test_checks(struct rv_estate *e, struct rv_plan *p)
{
	rv_ms	 opens = p->questions[0].opens, closes = p->questions[0].closes;
	char	*cause = NULL;

	TEST_BEGIN("checks");
	CHECK(vote_check_answer(e, p, "1-1-101", "Q1", "agree", opens,
	    NULL) == RV_OK);
	CHECK(vote_check_answer(e, p, "1-1-101", "Q1", "abstain", closes,
	    NULL) == RV_OK);
	CHECK(vote_check_answer(e, p, "1-1-101", "Q1", "agree", opens - 1,
	    &cause) == RV_EINPUT);
	CHECK(cause != NULL && strstr(cause, "not open yet") != NULL);
	free(cause);
	cause = NULL;
	CHECK(vote_check_answer(e, p, "1-1-101", "Q1", "agree", closes + 1,
	    &cause) == RV_EINPUT);
	CHECK(cause != NULL && strstr(cause, "closed") != NULL);
	free(cause);
	cause = NULL;
	CHECK(vote_check_answer(e, p, "1-2-101", "Q1", "agree", opens,
	    &cause) == RV_EINPUT);
	CHECK(cause != NULL && strstr(cause, "entrance 1") != NULL);
	free(cause);
	cause = NULL;
	CHECK(vote_check_answer(e, p, "1-1-101", "Q1", "yes", opens,
	    &cause) == RV_EINPUT);
	CHECK(cause != NULL && strstr(cause, "agree, disagree, abstain") !=
	    NULL);
	free(cause);
	cause = NULL;
	CHECK(vote_check_pledge(e, p, "1-2-101", "P1", -1, NULL) == RV_OK);
	CHECK(vote_check_pledge(e, p, "1-2-101", "P1", 100, &cause) ==
	    RV_EINPUT);
	free(cause);
}

int
main(void)
{
	char		 dir[] = "/tmp/rv-vote-XXXXXX", *db;
	char		 code[RV_CODE_TEXT];
	struct store	*s = NULL;
	struct rv_estate *es = NULL, *e = NULL;
	struct rv_plan	*p = NULL;
	struct rv_code_row rows[2];
	size_t		 n = 0, i;

	if (mkdtemp(dir) == NULL)
		return 99;
	xasprintf(&db, "%s/k.db", dir);
	if (store_open(db, STORE_CREATE, &s, NULL) != RV_OK ||
	    roster_parse("r.csv", roster, strlen(roster), &es, &n,
	    NULL) != RV_OK ||
	    plan_parse("p.json", plan, strlen(plan), &p, NULL) != RV_OK ||
	    code_generate(code, sizeof code, NULL) != RV_OK)
		return 99;
	for (i = 0; i < 2; i++) {
		rows[i].flat_id = es[0].flats[i].flat_id;
		if (code_hash(code, rows[i].hash, sizeof rows[i].hash,
		    NULL) != RV_OK)
			return 99;
	}
	if (store_begin(s, NULL) != RV_OK ||
	    store_roster_put(s, &es[0], NULL) != RV_OK ||
	    store_codes_replace(s, "E1", rows, 2, NULL) != RV_OK ||
	    store_commit(s, NULL) != RV_OK ||
	    store_estate_load(s, "E1", &e, NULL) != RV_OK)
		return 99;
	test_lockout(s, e, code);
	test_checks(e, p);
	estate_free(e);
	estates_free(es, n);
	plan_free(p);
	store_close(s);
	unlink(db);
	free(db);
	xasprintf(&db, "%s/k.db-wal", dir);
	unlink(db);
	free(db);
	xasprintf(&db, "%s/k.db-shm", dir);
	unlink(db);
	free(db);
	rmdir(dir);
	return test_done("test-vote");
}
