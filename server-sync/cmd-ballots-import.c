/*
 * ballots import: paper ballots collected door to door (入户征询), entered
 * into the office's own ledger under the clerk's name, all or nothing.
 * Every row is checked as a kiosk checks an answer, at the time the
 * resident signed the form.
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "office.h"
#include "store.h"

#define BALLOTS_FILE_MAX	(512 * 1024 * 1024)

enum ballot_col {
	COL_ESTATE,
	COL_FLAT,
	COL_QUESTION,
	COL_CHOICE,
	COL_CAST_AT,
	COL_FORM_REF,
	NCOLS
};

static const char *ballot_cols[NCOLS] = {
	"estate_id", "flat_id", "question_id", "choice", "cast_at", "form_ref"
};

/*
 * One checked row.  The ids are the loaded estate's and plan's own
 * strings (struct ballot_estates keeps them), not copies: a city's file
 * has hundreds of thousands of rows.
 */
struct ballot {
	const char	*estate_id;
	const char	*flat_id;
	const char	*question_id;
	const char	*choice;	/* the plan's, or text below */
	char		*text;		/* canonical choice of several picks */
	char		*ref;
	rv_ms		 cast_at;
	size_t		 line;		/* in the file, for messages */
};

/*
 * Estates and plans loaded so far, one slot per estate met in the file,
 * found by a hash of the estate id: a city's file names every one of its
 * estates, and rows are checked one by one.  Open addressing, linear
 * probing; the table (cap slots, a power of two) is never more than half
 * full.  last is the slot of the previous row's estate, as rows often
 * come estate by estate.
 */
struct ballot_slot {
	struct rv_estate	*estate;	/* NULL: an empty slot */
	struct rv_plan		*plan;
	uint32_t		 hash;
};

struct ballot_estates {
	struct ballot_slot	*slots;
	size_t			 cap;
	size_t			 n;
	struct ballot_slot	*last;
};

#define BALLOT_ESTATES_INITIAL	64	/* slots, a power of two */

static enum rv_status cmd_ballots_import_exec(struct cmd *, char **);

const struct cmd_entry cmd_ballots_import_entry = {
	.name = "ballots import",
	.options = "db:,clerk:",
	.minargs = 1,
	.maxargs = 1,
	.usage = N_("[--db FILE] --clerk NAME BALLOTS.csv"),
	.help = N_("Enter paper ballots collected door to door.  Columns: "
	    "estate_id, flat_id,\nquestion_id, choice, cast_at (when the "
	    "resident signed, ISO 8601 with offset)\nand optionally "
	    "form_ref.  Every row is checked like a kiosk answer; any error\n"
	    "stores none.  A paper ballot and a kiosk answer of one owner "
	    "compete like\nany two answers: the later cast_at stands."),
	.exec = cmd_ballots_import_exec,
};

/* FNV-1a of an estate id. */
static uint32_t
ballot_hash(const char *id)
{
	uint32_t	 h = 2166136261u;

	for (; *id != '\0'; id++)
		h = (h ^ (uint8_t)*id) * 16777619u;
	return h;
}

/* The slot of the estate id (hash h): its own or the empty one to fill. */
static struct ballot_slot *
ballot_slot(struct ballot_slot *slots, size_t cap, const char *id, uint32_t h)
{
	size_t	 i;

	for (i = h & (cap - 1); slots[i].estate != NULL; i = (i + 1) & (cap - 1))
		if (slots[i].hash == h && strcmp(slots[i].estate->id, id) == 0)
			break;
	return &slots[i];
}

/* Double the table, placing every estate again. */
static void
ballot_grow(struct ballot_estates *be)
{
	struct ballot_slot	*old = be->slots, *to;
	size_t			 oldcap = be->cap, i;

	be->cap = oldcap == 0 ? BALLOT_ESTATES_INITIAL : oldcap * 2;
	be->slots = xcalloc(be->cap, sizeof *be->slots);
	for (i = 0; i < oldcap; i++) {
		if (old[i].estate == NULL)
			continue;
		to = ballot_slot(be->slots, be->cap, old[i].estate->id,
		    old[i].hash);
		*to = old[i];
	}
	free(old);
	be->last = NULL;
}

/* Find or load the estate and plan a row names. */
static enum rv_status
ballot_estate(struct store *s, struct ballot_estates *be, const char *id,
    struct rv_estate **e, struct rv_plan **p, char **cause)
{
	struct ballot_slot	*slot;
	uint32_t		 h;
	enum rv_status		 st;

	if (be->last != NULL && strcmp(be->last->estate->id, id) == 0) {
		*e = be->last->estate;
		*p = be->last->plan;
		return RV_OK;
	}
	if ((be->n + 1) * 2 > be->cap)
		ballot_grow(be);
	h = ballot_hash(id);
	slot = ballot_slot(be->slots, be->cap, id, h);
	if (slot->estate == NULL) {
		if ((st = store_estate_load(s, id, e, cause)) != RV_OK)
			return st;
		if ((st = store_plan_load(s, id, p, cause)) != RV_OK) {
			estate_free(*e);
			return st;
		}
		slot->estate = *e;
		slot->plan = *p;
		slot->hash = h;
		be->n++;
	}
	be->last = slot;
	*e = slot->estate;
	*p = slot->plan;
	return RV_OK;
}

/* Free every estate and plan loaded, and the table. */
static void
ballot_estates_free(struct ballot_estates *be)
{
	size_t	 i;

	for (i = 0; i < be->cap; i++) {
		if (be->slots[i].estate == NULL)
			continue;
		estate_free(be->slots[i].estate);
		plan_free(be->slots[i].plan);
	}
	free(be->slots);
}

/*
 * Check one row and fill the ballot at elem (paper_read's row; ctx is the
 * file's struct ballot_estates); the cause names file, line and field.
 */
static enum rv_status
ballot_row(struct store *s, void *ctx, const char *file, size_t line,
    char **f, size_t nf, const int *col, rv_ms now, void *elem, char **cause)
{
	struct ballot_estates	*be = ctx;
	struct ballot		*b = elem;
	struct rv_estate	*e;
	struct rv_plan		*p;
	const struct rv_question *q;
	const char		*ref = col[COL_FORM_REF] >= 0 ?
	    f[col[COL_FORM_REF]] : "";
	char			*why = NULL;
	uint32_t		 choice;
	char			 canon[RV_CHOICE_TEXT_MAX];
	enum rv_status		 st;

	b->line = line;
	if (nf != (size_t)col[NCOLS])
		return rv_fail(cause, RV_EINPUT, "%s:%zu: %zu fields, the "
		    "header has %d", file, line, nf, col[NCOLS]);
	if (time_parse(f[col[COL_CAST_AT]], &b->cast_at, NULL, &why) != RV_OK)
		goto field;
	if (b->cast_at > now) {
		rv_fail(&why, RV_EINPUT, "'%s' is in the future",
		    f[col[COL_CAST_AT]]);
		goto field;
	}
	if (strlen(ref) > RV_NAME_MAX || !utf8_valid(ref, strlen(ref))) {
		st = rv_fail(cause, RV_EINPUT, "%s:%zu: form_ref: too long or "
		    "not UTF-8", file, line);
		return st;
	}
	if (csv_formula_like(ref))
		return rv_fail(cause, RV_EINPUT, "%s:%zu: form_ref: '%s' starts "
		    "like a spreadsheet formula (= + - @)", file, line, ref);
	if ((st = ballot_estate(s, be, f[col[COL_ESTATE]], &e, &p,
	    &why)) != RV_OK) {
		if (st != RV_EINPUT) {
			*cause = why;
			return st;
		}
		free(why);
		return rv_fail(cause, RV_EINPUT, "%s:%zu: estate_id: no estate "
		    "'%s'", file, line, f[col[COL_ESTATE]]);
	}
	if (p == NULL)
		return rv_fail(cause, RV_EINPUT, "%s:%zu: estate_id: estate "
		    "'%s' has no plan", file, line, f[col[COL_ESTATE]]);
	if ((st = vote_check_answer(e, p, f[col[COL_FLAT]],
	    f[col[COL_QUESTION]], f[col[COL_CHOICE]], b->cast_at,
	    &why)) != RV_OK) {
		st = rv_fail(cause, st, "%s:%zu: %s", file, line, why);
		free(why);
		return st;
	}
	/* vote_check_answer found all three. */
	q = plan_question(p, f[col[COL_QUESTION]]);
	if (!question_decides(q)) {
		/* Several picks or a step: kept as the plan orders them. */
		if (question_choice_canon(q, f[col[COL_CHOICE]], canon,
		    sizeof canon, &why) != 0)
			fatal("ballot_row: choice '%s' checked, then %s",
			    f[col[COL_CHOICE]], why);
		b->choice = b->text = xstrdup(canon);
	} else if (question_choice_parse(q, f[col[COL_CHOICE]], &choice) != 0)
		fatal("ballot_row: choice '%s' checked, then not found",
		    f[col[COL_CHOICE]]);
	else
		b->choice = question_choice_id(q, choice);
	b->estate_id = e->id;
	b->flat_id = estate_find_flat(e, f[col[COL_FLAT]])->flat_id;
	b->question_id = q->id;
	b->ref = *ref != '\0' ? xstrdup(ref) : NULL;
	return RV_OK;
field:
	st = rv_fail(cause, RV_EINPUT, "%s:%zu: cast_at: %s", file, line, why);
	free(why);
	return st;
}

/*
 * Append every ballot to the office chain, sign the new head and commit
 * the transaction the caller opened.
 */
static enum rv_status
ballots_store(struct store *s, const struct cmd *c, const char *clerk,
    struct ballot *b, size_t n, char **cause)
{
	struct store_appender	*a = NULL;
	struct rv_key		*key = NULL;
	struct rv_head		 head;
	struct rv_record	 rec;
	uint8_t			 sig[RV_SIG_LEN];
	rv_ms			 now = time_now();
	size_t			 i;
	enum rv_status		 st;

	if ((st = cmd_load_key(c, &key, cause)) != RV_OK)
		return st;
	if ((st = store_ledger_head(s, OFFICE_DEVICE, &head, cause)) != RV_OK ||
	    (st = store_appender_open(s, &a, cause)) != RV_OK)
		goto fail;
	/* The ballots' strings live until the answers are written. */
	store_appender_defer(a);
	for (i = 0; i < n; i++) {
		memset(&rec, 0, sizeof rec);
		rec.type = RV_REC_BALLOT;
		rec.device = (char *)OFFICE_DEVICE;
		rec.time = now;
		/* chain_append only reads the strings. */
		rec.estate_id = (char *)b[i].estate_id;
		rec.subject_id = (char *)b[i].question_id;
		rec.flat_id = (char *)b[i].flat_id;
		rec.choice = (char *)b[i].choice;
		rec.cast_at = b[i].cast_at;
		rec.actor = (char *)clerk;
		rec.ref = b[i].ref;
		if ((st = chain_append(a, &head, &rec, cause)) != RV_OK)
			goto fail;
	}
	if ((st = store_appender_finish(a, cause)) != RV_OK)
		goto fail;
	store_appender_close(a);
	a = NULL;
	if ((st = chain_sign_head(s, key, OFFICE_DEVICE, &head, sig,
	    cause)) != RV_OK ||
	    (st = store_head_put(s, OFFICE_DEVICE, head.seq, head.hash, sig,
	    cause)) != RV_OK)
		goto fail;
	st = store_commit(s, cause);
	goto out;
fail:
	store_appender_close(a);
	store_rollback(s);
out:
	key_free(key);
	return st;
}

/* qsort: ballots with a form reference by reference, then by line. */
static int
ballot_ref_cmp(const void *a, const void *b)
{
	const struct ballot *x = *(const struct ballot *const *)a;
	const struct ballot *y = *(const struct ballot *const *)b;
	int		 d = strcmp(x->ref, y->ref);

	if (d != 0)
		return d;
	return x->line < y->line ? -1 : x->line > y->line;
}

/*
 * Refuse a form reference given twice in the file: one paper form is one
 * ballot.  The pair reported is the one whose second line comes first.
 */
static enum rv_status
ballot_refs_once(const char *file, struct ballot *b, size_t n, char **cause)
{
	struct ballot	**v = xcalloc(n, sizeof *v);
	const struct ballot *first = NULL, *second = NULL;
	size_t		 i, k = 0;

	for (i = 0; i < n; i++)
		if (b[i].ref != NULL)
			v[k++] = &b[i];
	qsort(v, k, sizeof *v, ballot_ref_cmp);
	for (i = 1; i < k; i++) {
		if (strcmp(v[i - 1]->ref, v[i]->ref) == 0 &&
		    (second == NULL || v[i]->line < second->line)) {
			first = v[i - 1];
			second = v[i];
		}
	}
	free(v);
	if (second != NULL)
		return rv_fail(cause, RV_EINPUT, "%s:%zu: form_ref: '%s' is "
		    "already on line %zu", file, second->line, second->ref,
		    first->line);
	return RV_OK;
}

/* Check the whole file, then store every ballot in one transaction. */
static enum rv_status
cmd_ballots_import_exec(struct cmd *c, char **cause)
{
	static const struct paper_form form = {
		ballot_cols, NCOLS, COL_FORM_REF, BALLOTS_FILE_MAX,
		sizeof (struct ballot), 1024, "no ballots", ballot_row
	};
	struct ballot_estates	 be = { NULL, 0, 0, NULL };
	struct paper_rows	 pr;
	struct ballot		*b;
	size_t			 i;
	enum rv_status		 st;

	st = paper_read(c, &form, &be, &pr, cause);
	b = pr.rows;
	if (st == RV_OK &&
	    (st = ballot_refs_once(c->argv[0], b, pr.n, cause)) == RV_OK &&
	    (st = ballots_store(pr.s, c, pr.clerk, b, pr.n, cause)) == RV_OK)
		printf(_("Entered %zu paper ballots from %s under clerk %s\n"),
		    pr.n, c->argv[0], pr.clerk);
	for (i = 0; i < pr.n; i++) {
		free(b[i].ref);
		free(b[i].text);
	}
	free(b);
	ballot_estates_free(&be);
	store_close(pr.s);	/* rolls back what was not committed */
	return st;
}
