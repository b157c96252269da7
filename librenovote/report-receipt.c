/*
 * A receipt looked up for the resident who holds it: the record it
 * names, its estate, plan, question or pledge, and the verdict (counted,
 * superseded, or why not counted).  Whether an answer stands is the
 * consent engine's judgement (tally_standing in tally.c), never decided
 * here.  Everything is read in one read transaction, so the verdict and
 * the tally agree on one snapshot.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "present.h"
#include "store.h"

/* The names of verdicts in the receipt JSON, in enum rv_verdict order. */
static const char *const verdict_names[] = { "counted", "superseded",
    "outside-window", "superseded-codes", "voided", "not-in-plan",
    "out-of-scope", "after-tally", "owner-changed" };

/* The JSON name of verdict v. */
const char *
report_verdict_name(enum rv_verdict v)
{
	if ((size_t)v >= nitems(verdict_names))
		return "";
	return verdict_names[v];
}

/*
 * Judge the answer or ballot record of k against the tally of its
 * question at now, loading the question's answers.  The record's own
 * answer row is found by device and seq; a record with no row among the
 * question's countable answers (its flat or choice left the roster or
 * plan) is GONE.
 */
static enum rv_status
receipt_judge_answer(struct store *s, struct rv_receipt_check *k, uint64_t seq,
    rv_ms now, char **cause)
{
	struct rv_answers	 all;
	size_t			 mine, beaten = 0;
	enum rv_status		 st;

	if (k->plan == NULL || (k->question = plan_question(k->plan,
	    k->subject_id)) == NULL || k->flat < 0) {
		k->verdict = RV_VERDICT_GONE;
		return RV_OK;
	}
	if ((st = store_answers_load(s, k->estate, k->question, &all,
	    cause)) != RV_OK)
		return st;
	for (mine = 0; mine < all.n; mine++) {
		if (all.v[mine].seq == seq &&
		    strcmp(all.v[mine].device, k->device) == 0)
			break;
	}
	if (mine == all.n) {
		k->verdict = RV_VERDICT_GONE;
		goto out;
	}
	switch (tally_standing(k->estate, k->question, all.v, all.n, mine, now,
	    &beaten)) {
	case RV_STANDS:
		k->verdict = RV_VERDICT_COUNTED;
		break;
	case RV_SUPERSEDED:
		k->verdict = RV_VERDICT_SUPERSEDED;
		k->standing_cast_at = all.v[beaten].cast_at;
		k->standing_device = xstrdup(all.v[beaten].device);
		k->standing_seq = all.v[beaten].seq;
		break;
	case RV_STANDING_GONE:
		k->verdict = RV_VERDICT_GONE;
		break;
	case RV_STANDING_SCOPE:
		k->verdict = RV_VERDICT_SCOPE;
		break;
	case RV_STANDING_WINDOW:
		k->verdict = RV_VERDICT_WINDOW;
		break;
	case RV_STANDING_LATER:
		k->verdict = RV_VERDICT_LATER;
		break;
	case RV_STANDING_OWNER:
		k->verdict = RV_VERDICT_OWNER;
		k->owner_since = k->estate->flats[k->flat].owner_since;
		break;
	}
out:
	store_answers_clear(&all);
	return RV_OK;
}

/* Free the strings of a leaf that owns them. */
static void
receipt_leaf_free(struct rv_leaf *l)
{
	free((char *)l->kind);
	free((char *)l->subject);
	free((char *)l->choice);
	free((char *)l->owner);
	free((char *)l->area);
	free((char *)l->scope);
	free((char *)l->record);
	memset(l, 0, sizeof *l);
}

/*
 * The record with ledger hash in the latest stored publication of its
 * estate that counted it, into k->proof: the leaf, its hash, the path to
 * the root and whether they give the signed root, computed by merkle.c
 * from the stored leaves (docs/protocol.md, "Publication").
 */
static enum rv_status
receipt_proof(struct store *s, struct rv_receipt_check *k,
    const uint8_t hash[RV_HASH_LEN], char **cause)
{
	struct rv_receipt_proof	*pr = &k->proof;
	struct rv_pub_tree	 t;
	uint8_t			(*h)[RV_MERKLE_LEN];
	uint8_t			 path[RV_MERKLE_DEPTH][RV_MERKLE_LEN];
	uint8_t			 root[RV_MERKLE_LEN];
	char			 rec[2 * RV_HASH_LEN + 1], hex[2 * RV_MERKLE_LEN + 1];
	char			*b;
	size_t			 i, len;
	enum rv_status		 st;

	hex_encode(hash, RV_HASH_LEN, rec);
	if ((st = store_pub_tree_find(s, k->estate_id, rec, &t,
	    cause)) != RV_OK || t.number == 0)
		goto out;
	h = xreallocarray(NULL, t.nleaves + 1, RV_MERKLE_LEN);
	pr->index = t.nleaves;
	for (i = 0; i < t.nleaves; i++) {
		b = merkle_leaf_bytes(&t.leaves[i], &len);
		merkle_leaf_hash(b, len, h[i]);
		free(b);
		if (pr->index == t.nleaves &&
		    strcmp(t.leaves[i].record, rec) == 0)
			pr->index = i;
	}
	if (pr->index == t.nleaves) {
		free(h);
		goto out;
	}
	merkle_root((const uint8_t (*)[RV_MERKLE_LEN])h, t.nleaves, pr->index,
	    path, pr->left, &pr->npath, root);
	hex_encode(h[pr->index], RV_MERKLE_LEN, pr->leaf_hash);
	for (i = 0; i < pr->npath; i++)
		hex_encode(path[i], RV_MERKLE_LEN, pr->path[i]);
	hex_encode(root, RV_MERKLE_LEN, hex);
	free(h);
	pr->number = t.number;
	pr->at = t.at;
	pr->nleaves = t.nleaves;
	snprintf(pr->root, sizeof pr->root, "%s", t.root);
	pr->checks = strcmp(hex, t.root) == 0;
	/* The leaf's strings move to the proof. */
	pr->leaf = t.leaves[pr->index];
	memset(&t.leaves[pr->index], 0, sizeof t.leaves[pr->index]);
out:
	pr->latest = t.latest;
	store_pub_tree_clear(&t);
	return st;
}

/*
 * Look receipt up and judge it as the tally at now would, into *k, all
 * in one read transaction.  *found is 0 for an unknown receipt or a
 * record that is not a resident's (a package load, a lockout).  Free *k
 * with report_receipt_clear whatever the outcome.
 */
enum rv_status
report_receipt(struct store *s, const char *receipt, rv_ms now,
    struct rv_receipt_check *k, int *found, char **cause)
{
	struct rv_receipt	 rc;
	struct rv_record	*rec = &rc.record;
	struct rv_head		 head;
	int			 counted_row, voided;
	enum rv_status		 st;

	memset(k, 0, sizeof *k);
	memset(&rc, 0, sizeof rc);
	k->flat = -1;
	if ((st = store_begin_read(s, cause)) != RV_OK)
		return st;
	if ((st = store_receipt_find(s, receipt, &rc, found, cause)) != RV_OK ||
	    !*found)
		goto out;
	if (rec->type != RV_REC_ANSWER && rec->type != RV_REC_BALLOT &&
	    rec->type != RV_REC_PLEDGE) {
		*found = 0;
		goto out;
	}
	/* What the page shows of the record, kept past the record itself. */
	snprintf(k->receipt, sizeof k->receipt, "%s", rc.receipt);
	k->kind = rec->type == RV_REC_PLEDGE ? RV_RECEIPT_PLEDGE :
	    rec->type == RV_REC_BALLOT ? RV_RECEIPT_BALLOT : RV_RECEIPT_ANSWER;
	k->estate_id = xstrdup(rec->estate_id);
	k->flat_id = xstrdup(rec->flat_id);
	k->subject_id = xstrdup(rec->subject_id);
	k->choice = rec->choice != NULL ? xstrdup(rec->choice) : NULL;
	k->amount_fen = rec->amount_fen;
	k->device = xstrdup(rec->device);
	k->actor = rec->actor != NULL ? xstrdup(rec->actor) : NULL;
	k->cast_at = rec->type == RV_REC_BALLOT ? rec->cast_at : rec->time;
	counted_row = rc.counted_row;
	voided = rc.voided;
	k->seq = rec->seq;
	memcpy(k->hash, rec->hash, sizeof k->hash);
	if ((st = store_ledger_head(s, rec->device, &head, cause)) != RV_OK)
		goto out;
	k->chain_held = head.seq;

	if ((st = store_estate_load(s, k->estate_id, &k->estate,
	    cause)) == RV_EINPUT) {
		/* The estate is gone from the roster. */
		free(*cause);
		*cause = NULL;
		k->verdict = RV_VERDICT_GONE;
		st = RV_OK;
		goto out;
	}
	if (st != RV_OK ||
	    (st = store_plan_load(s, k->estate_id, &k->plan, cause)) != RV_OK)
		goto out;
	k->flat = estate_flat_index(k->estate, k->flat_id);
	if (voided)
		k->verdict = RV_VERDICT_VOIDED;
	else if (!counted_row)
		k->verdict = RV_VERDICT_CODES;
	else if (k->kind != RV_RECEIPT_PLEDGE)
		st = receipt_judge_answer(s, k, rec->seq, now, cause);
	else if (k->plan == NULL || (k->pledge = plan_pledge(k->plan,
	    k->subject_id)) == NULL || k->flat < 0)
		k->verdict = RV_VERDICT_GONE;
	else
		k->verdict = k->cast_at > now ? RV_VERDICT_LATER :
		    RV_VERDICT_COUNTED;
	if (k->kind == RV_RECEIPT_PLEDGE && k->plan != NULL)
		k->pledge = plan_pledge(k->plan, k->subject_id);
	else if (k->plan != NULL)
		k->question = plan_question(k->plan, k->subject_id);
out:
	store_rollback(s);
	store_receipt_clear(&rc);
	return st;
}

/*
 * The record of k (found by report_receipt) in the latest publication
 * that counted it, with its path to the root, into k->proof, in one read
 * transaction.  It reads every leaf of that publication, so only the
 * page of one receipt asks for it, never a session's list.
 */
enum rv_status
report_receipt_proof(struct store *s, struct rv_receipt_check *k,
    char **cause)
{
	enum rv_status	 st;

	if ((st = store_begin_read(s, cause)) != RV_OK)
		return st;
	st = receipt_proof(s, k, k->hash, cause);
	store_rollback(s);
	return st;
}

/* Free what report_receipt loaded into k. */
void
report_receipt_clear(struct rv_receipt_check *k)
{
	free(k->estate_id);
	free(k->flat_id);
	free(k->subject_id);
	free(k->choice);
	free(k->device);
	free(k->actor);
	estate_free(k->estate);
	plan_free(k->plan);
	free(k->standing_device);
	receipt_leaf_free(&k->proof.leaf);
	memset(k, 0, sizeof *k);
}
