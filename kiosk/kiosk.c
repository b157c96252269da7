/*
 * renovote-kiosk: the hall kiosk's program and what its commands share:
 * opening the kiosk's database and choosing the estate.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiosk.h"
#include "store.h"

static const struct cmd_entry *kiosk_commands[] = {
	&cmd_kiosk_init_entry,
	&cmd_kiosk_load_entry,
	&cmd_kiosk_cast_entry,
	&cmd_kiosk_pledge_entry,
	&cmd_kiosk_suggest_entry,
	&cmd_kiosk_export_entry,
	&cmd_kiosk_sync_entry,
	&cmd_kiosk_ui_entry,
	&cmd_kiosk_backup_entry,
	&cmd_kiosk_restore_entry,
	NULL
};

const struct cmd_program kiosk_program = {
	.name = "renovote-kiosk",
	.summary = N_("The hall kiosk: residents' answers and pledges, signed "
	    "into the kiosk's ledger."),
	.db_name = "kiosk.db",
	.role = "kiosk",
	.table = kiosk_commands,
};

/*
 * Open the kiosk's database and read its device name; with need_estate,
 * also load the estate (--estate, or the only one the kiosk holds) and
 * its plan.
 */
enum rv_status
kiosk_open(const struct cmd *c, int need_estate, struct kiosk *k,
    char **cause)
{
	const char	*estate = cmd_get(c, "estate");
	char		**ids = NULL;
	size_t		 n = 0;
	enum rv_status	 st;

	memset(k, 0, sizeof *k);
	if ((st = cmd_open_store(c, &k->store, cause)) != RV_OK)
		return st;
	if ((st = store_meta_get(k->store, "device", &k->device,
	    cause)) != RV_OK)
		goto fail;
	if (k->device == NULL) {
		st = rv_fail(cause, RV_EINPUT, "%s: not a kiosk database "
		    "(create one with renovote-kiosk init)",
		    store_path(k->store));
		goto fail;
	}
	/* A database behind its head file is an old copy: refuse to run. */
	if ((st = store_head_file_open(k->store, k->device, cause)) != RV_OK)
		goto fail;
	if (!need_estate)
		return RV_OK;
	if (estate == NULL) {
		if ((st = store_estate_ids(k->store, &ids, &n,
		    cause)) != RV_OK)
			goto fail;
		if (n != 1) {
			st = rv_fail(cause, n == 0 ? RV_EINPUT : RV_EUSAGE,
			    n == 0 ? "this kiosk holds no estate yet (load "
			    "a package first)" : "this kiosk holds %zu "
			    "estates; say which with --estate", n);
			goto fail;
		}
		estate = ids[0];
	}
	if ((st = store_estate_load(k->store, estate, &k->estate,
	    cause)) != RV_OK ||
	    (st = store_plan_load(k->store, estate, &k->plan, cause)) != RV_OK)
		goto fail;
	if (k->plan == NULL) {
		st = rv_fail(cause, RV_EINPUT, "estate %s has no plan on this "
		    "kiosk", estate);
		goto fail;
	}
	strv_free(ids, n);
	return RV_OK;
fail:
	strv_free(ids, n);
	kiosk_close(k);
	return st;
}

/* Release what kiosk_open opened. */
void
kiosk_close(struct kiosk *k)
{
	estate_free(k->estate);
	plan_free(k->plan);
	free(k->device);
	store_close(k->store);
	memset(k, 0, sizeof *k);
}

/*
 * Check an answer, a pledge or a suggestion against the estate and the
 * plan before any code is looked at: the question or pledge, the flat's
 * scope, the opening hours (at rec's time), the choice or amount; a
 * suggestion's text and who wrote it down.
 */
static enum rv_status
kiosk_check(const struct kiosk *k, const struct rv_record *rec,
    char **cause)
{
	switch (rec->type) {
	case RV_REC_ANSWER:
		return vote_check_answer(k->estate, k->plan, rec->flat_id,
		    rec->subject_id, rec->choice, rec->time, cause);
	case RV_REC_PLEDGE:
		return vote_check_pledge(k->estate, k->plan, rec->flat_id,
		    rec->subject_id, rec->amount_fen, cause);
	case RV_REC_SUGGESTION:
		return vote_check_suggestion(k->estate, k->plan, rec->flat_id,
		    rec->text, rec->actor, cause);
	default:
		fatal("kiosk_check: record type %d", (int)rec->type);
	}
}

/*
 * Has the office withdrawn (revoked) this kiosk?  Its last sync recorded
 * the office's signed word in meta revoked_at (cmd-sync.c).  A store
 * that cannot be read says no here: recording then fails on the same
 * store with its own, truer message.
 */
int
kiosk_withdrawn(struct kiosk *k)
{
	char	*at = NULL;
	int	 withdrawn;

	if (store_meta_get(k->store, "revoked_at", &at, NULL) != RV_OK)
		return 0;
	withdrawn = at != NULL;
	free(at);
	return withdrawn;
}

/*
 * Point rec->choice, an answer checked by kiosk_check, at its canonical
 * text in buf (len bytes) when its question takes several picks or a
 * step; other choices are ids already.
 */
static enum rv_status
kiosk_choice_canon(const struct kiosk *k, struct rv_record *rec, char *buf,
    size_t len, char **cause)
{
	const struct rv_question *q = plan_question(k->plan, rec->subject_id);

	if (q == NULL || question_decides(q))
		return RV_OK;
	if (question_choice_canon(q, rec->choice, buf, len, cause) != 0)
		return RV_EINPUT;
	rec->choice = buf;
	return RV_OK;
}

/*
 * Check an answer or a pledge against the plan (kiosk_check), then the
 * resident's code for rec's flat, then append rec (its type, time and
 * fields filled in by the caller) to the kiosk's chain and write its
 * receipt code into receipt (RV_RECEIPT_TEXT bytes).  The record is
 * committed, with fsync, before the receipt is written: a receipt always
 * stands for a stored record.  cast, pledge and the resident interface
 * all record through here.
 */
enum rv_status
kiosk_record(struct kiosk *k, const char *code, struct rv_record *rec,
    char *receipt, char **cause)
{
	struct store_appender	*a = NULL;
	struct rv_head		 head;
	char			*typed = rec->choice;
	char			 canon[RV_CHOICE_TEXT_MAX];
	enum rv_status		 st;

	if (kiosk_withdrawn(k))
		return rv_fail(cause, RV_EINPUT, "%s", _(KIOSK_WITHDRAWN_TEXT));
	if ((st = kiosk_check(k, rec, cause)) != RV_OK)
		return st;
	/* "roof,lift" is recorded as the plan orders it: "lift,roof". */
	if (rec->type == RV_REC_ANSWER && (st = kiosk_choice_canon(k, rec,
	    canon, sizeof canon, cause)) != RV_OK)
		return st;
	if ((st = vote_identify(k->store, k->estate, rec->flat_id, code,
	    rec->time, k->device, cause)) != RV_OK) {
		rec->choice = typed;	/* canon dies with this call */
		return st;
	}
	/* vote_identify left its transaction open for the record. */
	rec->device = k->device;
	rec->estate_id = k->estate->id;
	/* A resident at a kiosk gives a suggestion when it is recorded. */
	if (rec->type == RV_REC_SUGGESTION)
		rec->cast_at = rec->time;
	if ((st = store_ledger_head(k->store, k->device, &head,
	    cause)) != RV_OK ||
	    (st = store_appender_open(k->store, &a, cause)) != RV_OK ||
	    (st = chain_append(a, &head, rec, cause)) != RV_OK) {
		store_appender_close(a);
		store_rollback(k->store);
		rec->choice = typed;
		return st;
	}
	store_appender_close(a);
	rec->choice = typed;
	if ((st = store_commit(k->store, cause)) != RV_OK)
		return st;
	ledger_receipt_from_hash(rec->hash, receipt, RV_RECEIPT_TEXT);
	return RV_OK;
}

/*
 * The resident's voting code for cast and pledge: typed at a prompt
 * without echo, or the first line of standard input (--code -) or of a
 * file (--code-file FILE); a code given on the command line is refused
 * (secret_read).  buf (len bytes) receives it; the caller wipes it.
 */
enum rv_status
kiosk_code_read(const struct cmd *c, char *buf, size_t len, char **cause)
{
	return secret_read("code", (char *)cmd_get(c, "code"), "code-file",
	    cmd_get(c, "code-file"), _("Voting code: "), _("voting code"), buf,
	    len, cause);
}

/*
 * What cast and pledge do once their options are read: open the kiosk
 * with its estate, record rec (kiosk_record; its time is now) under the
 * resident's code and print the receipt with the record's chain position
 * (seq, start of its hash).
 */
enum rv_status
kiosk_record_command(const struct cmd *c, const char *code,
    struct rv_record *rec, char **cause)
{
	struct kiosk	 k;
	char		 receipt[RV_RECEIPT_TEXT], hex[2 * RV_HASH_LEN + 1];
	enum rv_status	 st;

	if ((st = kiosk_open(c, 1, &k, cause)) != RV_OK)
		return st;
	rec->time = time_now();
	if ((st = kiosk_record(&k, code, rec, receipt, cause)) == RV_OK) {
		/* The receipt carries the record's place in the chain. */
		ledger_hash_hex(rec->hash, hex, sizeof hex);
		/* TRANSLATORS: receipt, seq, kiosk, start of the hash. */
		printf(_("%s  record %llu of kiosk %s, %.8s\n"), receipt,
		    (unsigned long long)rec->seq, k.device, hex);
	}
	kiosk_close(&k);
	return st;
}

/*
 * Check the resident's code for a flat without recording anything (the
 * interface identifies the resident before the walkthrough).  The check
 * counts toward the lockout exactly as a recording's does.
 */
enum rv_status
kiosk_identify(struct kiosk *k, const char *flat_id, const char *code,
    char **cause)
{
	enum rv_status	 st;

	if (kiosk_withdrawn(k))
		return rv_fail(cause, RV_EINPUT, "%s", _(KIOSK_WITHDRAWN_TEXT));
	if ((st = vote_identify(k->store, k->estate, flat_id, code,
	    time_now(), k->device, cause)) != RV_OK)
		return st;
	return store_commit(k->store, cause);
}

/* Set up messages, run the command, exit with its status. */
int
main(int argc, char **argv)
{
	secret_harden();
	cmd_locale_init();
	return cmd_main(&kiosk_program, argc, argv);
}

/*
 * The path of the kiosk's log, beside its database ("<db>.log"), where
 * the resident interface keeps what it would otherwise print; allocated.
 */
char *
kiosk_log_path(const struct kiosk *k)
{
	char	*path;

	xasprintf(&path, "%s.log", store_path(k->store));
	return path;
}
