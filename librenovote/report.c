/*
 * The consent report: every question and pledge of one estate or of all,
 * tallied at one instant, read from the store in one read transaction so
 * the figures are a consistent snapshot even while kiosks sync.  Also its
 * JSON form (docs/interface.md, "Tally JSON"), shared by the command line
 * and the web API.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "present.h"
#include "store.h"

/* Append the tallies of one estate's plan to the report. */
static enum rv_status
report_estate(struct store *s, struct rv_report *r, size_t ei, char **cause)
{
	const struct rv_estate	*e = r->estates[ei];
	const struct rv_plan	*p = r->plans[ei];
	struct rv_answers	 answers;
	struct rv_signature	*sigs;
	size_t			 i, nsigs;
	enum rv_status		 st;

	if (p == NULL)
		return RV_OK;
	r->questions = xreallocarray(r->questions, r->nquestions +
	    p->nquestions + 1, sizeof *r->questions);
	for (i = 0; i < p->nquestions; i++) {
		struct rv_report_question *rq = &r->questions[r->nquestions];

		if ((st = store_answers_load(s, e, &p->questions[i], &answers,
		    cause)) != RV_OK)
			return st;
		rq->estate = e;
		rq->question = &p->questions[i];
		tally_question(e, rq->question, answers.v, answers.n, r->at,
		    &rq->result);
		store_answers_clear(&answers);
		r->nquestions++;
	}
	r->pledges = xreallocarray(r->pledges, r->npledges + p->npledges + 1,
	    sizeof *r->pledges);
	for (i = 0; i < p->npledges; i++) {
		struct rv_report_pledge *rp = &r->pledges[r->npledges];

		if ((st = store_signatures_load(s, e, p->pledges[i].id, &sigs,
		    &nsigs, cause)) != RV_OK)
			return st;
		rp->estate = e;
		rp->pledge = &p->pledges[i];
		tally_pledge(e, rp->pledge, sigs, nsigs, r->at, &rp->result);
		free(sigs);
		r->npledges++;
	}
	return RV_OK;
}

/*
 * Tally estate_id (or every estate, when NULL) as of at, inside the
 * caller's transaction (read or write): the figures of its snapshot.
 * The report owns the estates and plans it refers to; free it with
 * report_free.
 */
enum rv_status
report_build_in(struct store *s, const char *estate_id, rv_ms at, int offset,
    struct rv_report **out, char **cause)
{
	struct rv_report *r;
	char		**ids = NULL;
	size_t		 nids = 0, i;
	enum rv_status	 st;

	*out = NULL;
	r = xcalloc(1, sizeof *r);
	r->at = at;
	r->offset = offset;
	if (estate_id != NULL) {
		ids = xcalloc(1, sizeof *ids);
		ids[0] = xstrdup(estate_id);
		nids = 1;
	} else if ((st = store_estate_ids(s, &ids, &nids, cause)) != RV_OK)
		goto fail;
	if (nids > 0) {
		r->estates = xcalloc(nids, sizeof *r->estates);
		r->plans = xcalloc(nids, sizeof *r->plans);
	}
	for (i = 0; i < nids; i++) {
		if ((st = store_estate_load(s, ids[i], &r->estates[i],
		    cause)) != RV_OK)
			goto fail;
		r->nestates++;
		if ((st = store_plan_load(s, ids[i], &r->plans[i],
		    cause)) != RV_OK ||
		    (st = report_estate(s, r, i, cause)) != RV_OK)
			goto fail;
	}
	if ((st = store_flags_load(s, &r->flags, &r->nflags, cause)) != RV_OK)
		goto fail;
	strv_free(ids, nids);
	*out = r;
	return RV_OK;
fail:
	strv_free(ids, nids);
	report_free(r);
	return st;
}

/*
 * Tally estate_id (or every estate, when NULL) as of at, in a read
 * transaction of its own.  The report owns the estates and plans it
 * refers to; free it with report_free.
 */
enum rv_status
report_build(struct store *s, const char *estate_id, rv_ms at, int offset,
    struct rv_report **out, char **cause)
{
	enum rv_status	 st;

	*out = NULL;
	if ((st = store_begin_read(s, cause)) != RV_OK)
		return st;
	st = report_build_in(s, estate_id, at, offset, out, cause);
	store_rollback(s);
	return st;
}

/*
 * The array arr of have elements of size bytes with the n elements at
 * src appended (arr grown, or arr itself when n is 0).
 */
static void *
report_append(void *arr, size_t have, const void *src, size_t n,
    size_t size)
{
	if (n == 0)
		return arr;
	arr = xreallocarray(arr, have + n, size);
	memcpy((char *)arr + have * size, src, n * size);
	return arr;
}

/*
 * Move what from holds to the end of into (a city's tally over the
 * reports of its offices), and free from.  Questions and pledges keep
 * pointing at their estates and plans, which move with them.
 */
void
report_absorb(struct rv_report *into, struct rv_report *from)
{
	into->estates = report_append(into->estates, into->nestates,
	    from->estates, from->nestates, sizeof *from->estates);
	into->plans = report_append(into->plans, into->nestates, from->plans,
	    from->nestates, sizeof *from->plans);
	into->nestates += from->nestates;
	into->questions = report_append(into->questions, into->nquestions,
	    from->questions, from->nquestions, sizeof *from->questions);
	into->nquestions += from->nquestions;
	into->pledges = report_append(into->pledges, into->npledges,
	    from->pledges, from->npledges, sizeof *from->pledges);
	into->npledges += from->npledges;
	into->flags = report_append(into->flags, into->nflags, from->flags,
	    from->nflags, sizeof *from->flags);
	into->nflags += from->nflags;
	free(from->estates);
	free(from->plans);
	free(from->questions);
	free(from->pledges);
	free(from->flags);
	free(from);
}

/*
 * Fill *one with the part of report all (every estate) that is estate
 * ei's: the same figures report_build of that estate alone makes, as a
 * view into all (its questions and pledges are stored estate by estate)
 * that owns nothing: never report_free it, and use it only while all
 * lives.
 */
void
report_slice(const struct rv_report *all, size_t ei, struct rv_report *one)
{
	const struct rv_estate	*e = all->estates[ei];
	size_t			 i;

	memset(one, 0, sizeof *one);
	one->at = all->at;
	one->offset = all->offset;
	one->estates = &all->estates[ei];
	one->plans = &all->plans[ei];
	one->nestates = 1;
	for (i = 0; i < all->nquestions && all->questions[i].estate != e; i++)
		;
	one->questions = &all->questions[i];
	for (; i < all->nquestions && all->questions[i].estate == e; i++)
		one->nquestions++;
	for (i = 0; i < all->npledges && all->pledges[i].estate != e; i++)
		;
	one->pledges = &all->pledges[i];
	for (; i < all->npledges && all->pledges[i].estate == e; i++)
		one->npledges++;
	one->flags = all->flags;
	one->nflags = all->nflags;
}

/* Free a report and everything it owns. */
void
report_free(struct rv_report *r)
{
	size_t	 i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nestates; i++) {
		estate_free(r->estates[i]);
		plan_free(r->plans[i]);
	}
	free(r->estates);
	free(r->plans);
	free(r->questions);
	free(r->pledges);
	store_flags_free(r->flags, r->nflags);
	free(r);
}

/*
 * Read an estate's kiosks, publications, objections, answer span and
 * confirmed roster changes (or,
 * with a NULL estate, every kiosk and objection) into x inside the
 * caller's transaction.
 */
enum rv_status
report_extra_read(struct store *s, const char *estate_id,
    struct rv_report_extra *x, char **cause)
{
	enum rv_status	 st;

	memset(x, 0, sizeof *x);
	if ((st = store_kiosk_syncs(s, estate_id, &x->syncs, &x->nsyncs,
	    cause)) == RV_OK && estate_id != NULL &&
	    (st = store_publications_load(s, estate_id, &x->pubs, &x->npubs,
	    cause)) == RV_OK)
		st = store_answer_span(s, estate_id, &x->span, cause);
	if (st == RV_OK && estate_id != NULL)
		st = store_roster_changes_load(s, estate_id, &x->changes,
		    &x->nchanges, cause);
	if (st == RV_OK)
		st = store_objections_load(s, estate_id, &x->objections,
		    &x->nobjections, cause);
	if (st != RV_OK)
		report_extra_clear(x);
	return st;
}

/* report_extra_read in a read transaction of its own. */
enum rv_status
report_extra_load(struct store *s, const char *estate_id,
    struct rv_report_extra *x, char **cause)
{
	enum rv_status	 st;

	memset(x, 0, sizeof *x);
	if ((st = store_begin_read(s, cause)) != RV_OK)
		return st;
	st = report_extra_read(s, estate_id, x, cause);
	store_rollback(s);
	return st;
}

/* Free what report_extra_read loaded into x, and zero it. */
void
report_extra_clear(struct rv_report_extra *x)
{
	store_kiosk_syncs_free(x->syncs, x->nsyncs);
	free(x->pubs);
	store_objections_free(x->objections, x->nobjections);
	store_roster_changes_free(x->changes, x->nchanges);
	memset(x, 0, sizeof *x);
}

/*
 * Set *known to whether id is one of the store's estates.  An id that is
 * not a valid id is simply unknown.
 */
enum rv_status
report_estate_known(struct store *s, const char *id, int *known,
    char **cause)
{
	char		**ids;
	size_t		 n, i;
	enum rv_status	 st;

	*known = 0;
	if (!id_valid(id))
		return RV_OK;
	if ((st = store_estate_ids(s, &ids, &n, cause)) != RV_OK)
		return st;
	for (i = 0; i < n && !*known; i++)
		*known = strcmp(ids[i], id) == 0;
	strv_free(ids, n);
	return RV_OK;
}

/* Write s as a JSON string. */
void
report_json_string(FILE *f, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;

	fputc('"', f);
	for (; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", f);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

/* Write {"owners": N, "area_m2": A} with the area to two places. */
static void
json_count(FILE *f, int64_t owners, rv_area area, const char *unit)
{
	char	 a[32];

	area_format(area, a, sizeof a);
	fprintf(f, "{\"%s\": %lld, \"area_m2\": %s}", unit, (long long)owners,
	    a);
}

/*
 * Write one bar as {"count": C, "base": B, "threshold": "n/d", "strict":
 * S, "met": M}, the counts as areas when area is set.
 */
static void
json_bar(FILE *f, const struct rv_bar *b, int area)
{
	char	 c[32], base[32];

	if (area) {
		area_format(b->count, c, sizeof c);
		area_format(b->base, base, sizeof base);
	} else {
		snprintf(c, sizeof c, "%lld", (long long)b->count);
		snprintf(base, sizeof base, "%lld", (long long)b->base);
	}
	fprintf(f, "{\"count\": %s, \"base\": %s, \"threshold\": \"%u/%u\", "
	    "\"strict\": %s, \"met\": %s}", c, base, b->num, b->den,
	    b->strict ? "true" : "false", b->met ? "true" : "false");
}

/* Write a bar's two measures as {"owners": BAR, "area_m2": BAR}. */
static void
json_bars(FILE *f, const struct rv_bars *b)
{
	fputs("{\"owners\": ", f);
	json_bar(f, &b->owners, 0);
	fputs(",\n                             \"area_m2\": ", f);
	json_bar(f, &b->area, 1);
	fputc('}', f);
}

/* Write {"owners": N, "flats": F, "area_m2": A}, leaving it open. */
static void
json_tcount_open(FILE *f, const struct rv_tcount *c)
{
	char	 a[32];

	area_format(c->area, a, sizeof a);
	fprintf(f, "{\"owners\": %lld, \"flats\": %lld, \"area_m2\": %s",
	    (long long)c->owners, (long long)c->flats, a);
}

/* Write {"owners": N, "flats": F, "area_m2": A}. */
static void
json_tcount(FILE *f, const struct rv_tcount *c)
{
	json_tcount_open(f, c);
	fputc('}', f);
}

/*
 * Write the rest of the tally of a question that decides nothing, after
 * its question_id: "decision": false and its own figures
 * (docs/interface.md, "Question kinds").
 */
static void
json_opinion(FILE *f, const struct rv_report_question *rq)
{
	const struct rv_question	*q = rq->question;
	const struct rv_opinion		*op = &rq->result.opinion;
	char				 t[RV_TIME_MAX], m[RV_MEAN_TEXT];
	size_t				 i;

	fprintf(f, ", \"kind\": \"%s\", \"decision\": false",
	    question_kind_name(q->kind));
	if (q->kind == RV_RATING)
		fprintf(f, ", \"min\": %d", q->min);
	fprintf(f, ", \"max\": %d,\n     \"title\": ", q->max);
	report_json_string(f, text_get(&q->title, RV_ZH_CN));
	time_format(q->closes, RV_CST_OFFSET, t, sizeof t);
	fprintf(f, ", \"closes\": \"%s\",\n", t);
	fprintf(f, "     \"status\": \"%s\",\n",
	    tally_outcome_name(rq->result.outcome));
	fputs("     \"eligible\": ", f);
	json_tcount(f, &op->eligible);
	fputs(",\n     \"participating\": ", f);
	json_tcount(f, &op->participating);
	fprintf(f, ",\n     \"%s\": ", q->kind == RV_RATING ? "none" :
	    "abstain");
	json_tcount(f, &op->none);
	if (q->kind == RV_RATING) {
		fputs(",\n     \"steps\": {", f);
		for (i = 0; i < (size_t)(q->max - q->min + 1); i++) {
			fprintf(f, "%s\"%d\": ", i == 0 ? "" :
			    ",\n               ", q->min + (int)i);
			json_tcount(f, &op->steps[i]);
		}
		fprintf(f, "},\n     \"answers\": %lld, \"mean\": ",
		    (long long)op->answers);
		if (tally_mean_format(op, m, sizeof m) == 0)
			fprintf(f, "{\"num\": %lld, \"den\": %lld, "
			    "\"value\": %s}}", (long long)op->mean_num,
			    (long long)op->mean_den, m);
		else
			fputs("null}", f);
		return;
	}
	fputs(",\n     \"options\": {", f);
	for (i = 0; i < q->noptions; i++) {
		fputs(i == 0 ? "" : ",\n                 ", f);
		report_json_string(f, q->options[i].id);
		fputs(": ", f);
		json_tcount_open(f, &op->options[i]);
		if (q->kind == RV_RANK)
			fprintf(f, ", \"points\": %lld",
			    (long long)op->points[i]);
		fputc('}', f);
	}
	fputs("}}", f);
}

/* Write one question's tally as a JSON object. */
static void
json_question(FILE *f, const struct rv_report_question *rq)
{
	const struct rv_question	*q = rq->question;
	const struct rv_qresult		*res = &rq->result;
	char				 t[RV_TIME_MAX];
	size_t				 c, n = question_nchoices(q);

	fputs("    {\"estate_id\": ", f);
	report_json_string(f, rq->estate->id);
	fputs(", \"question_id\": ", f);
	report_json_string(f, q->id);
	if (!question_decides(q)) {
		json_opinion(f, rq);
		return;
	}
	fprintf(f, ", \"kind\": \"%s\", \"decision\": true, \"matter\": "
	    "\"%s\",\n", question_kind_name(q->kind),
	    question_matter_name(q->matter));
	fputs("     \"title\": ", f);
	report_json_string(f, text_get(&q->title, RV_ZH_CN));
	time_format(q->closes, RV_CST_OFFSET, t, sizeof t);
	fprintf(f, ", \"closes\": \"%s\",\n", t);
	fprintf(f, "     \"status\": \"%s\",\n", tally_outcome_name(res->outcome));
	fputs("     \"eligible\": ", f);
	json_count(f, res->eligible.owners, res->eligible.area, "owners");
	fputs(",\n     \"participating\": ", f);
	json_count(f, res->participating.owners, res->participating.area,
	    "owners");
	fputs(",\n     \"choices\": {", f);
	for (c = 0; c < n; c++) {
		fputs(c == 0 ? "" : ",\n                 ", f);
		report_json_string(f, question_choice_id(q, (uint32_t)c));
		fputs(": ", f);
		json_count(f, res->choices[c].owners, res->choices[c].area,
		    "owners");
	}
	fprintf(f, "},\n     \"participation_met\": %s, \"approval_met\": %s, "
	    "\"adopted\": ", res->participation_met ? "true" : "false",
	    res->approval_met ? "true" : "false");
	if (res->outcome == RV_OUT_ADOPTED)
		report_json_string(f, q->options[res->adopted].id);
	else
		fputs("null", f);
	fputs(", \"decided_early\": ", f);
	if (tally_early_name(res->early) != NULL)
		fprintf(f, "\"%s\"", tally_early_name(res->early));
	else
		fputs("null", f);
	fputs(",\n     \"needed\": {\"participation\": ", f);
	json_count(f, res->need_participation.owners,
	    res->need_participation.area, "owners");
	fputs(",\n                \"approval\": ", f);
	json_count(f, res->need_approval.owners, res->need_approval.area,
	    "owners");
	fputs("},\n     \"judged\": ", f);
	if (res->judged >= 0)
		report_json_string(f, question_choice_id(q, (uint32_t)res->judged));
	else
		fputs("null", f);
	fputs(",\n     \"bars\": {\"participation\": ", f);
	json_bars(f, &res->participation);
	fputs(",\n              \"approval\": ", f);
	json_bars(f, &res->approval);
	fputs("}}", f);
}

/* Write one pledge's tally as a JSON object. */
static void
json_pledge(FILE *f, const struct rv_report_pledge *rp)
{
	const struct rv_presult	*res = &rp->result;
	char			 a[32];

	fputs("    {\"estate_id\": ", f);
	report_json_string(f, rp->estate->id);
	fputs(", \"pledge_id\": ", f);
	report_json_string(f, rp->pledge->id);
	area_format(res->area, a, sizeof a);
	fprintf(f, ", \"flats\": %lld, \"area_m2\": %s,\n     \"signed\": ",
	    (long long)res->flats, a);
	json_count(f, res->signed_flats, res->signed_area, "flats");
	fprintf(f, ", \"threshold\": \"%u/%u\", \"met\": %s}",
	    rp->pledge->threshold_num, rp->pledge->threshold_den,
	    res->met ? "true" : "false");
}

/* Write the whole report as the tally JSON of docs/interface.md. */
void
report_json(FILE *f, const struct rv_report *r)
{
	char	 t[RV_TIME_MAX];
	size_t	 i;

	time_format(r->at, r->offset, t, sizeof t);
	fprintf(f, "{\n  \"at\": \"%s\",\n  \"questions\": [", t);
	for (i = 0; i < r->nquestions; i++) {
		fputs(i == 0 ? "\n" : ",\n", f);
		json_question(f, &r->questions[i]);
	}
	fputs(r->nquestions > 0 ? "\n  ],\n  \"pledges\": [" :
	    "],\n  \"pledges\": [", f);
	for (i = 0; i < r->npledges; i++) {
		fputs(i == 0 ? "\n" : ",\n", f);
		json_pledge(f, &r->pledges[i]);
	}
	fputs(r->npledges > 0 ? "\n  ],\n  \"flags\": [" : "],\n  \"flags\": [",
	    f);
	for (i = 0; i < r->nflags; i++) {
		time_format(r->flags[i].at, r->offset, t, sizeof t);
		fputs(i == 0 ? "\n    {\"device\": " : ",\n    {\"device\": ", f);
		report_json_string(f, r->flags[i].device);
		fprintf(f, ", \"at\": \"%s\", \"reason\": ", t);
		report_json_string(f, r->flags[i].reason);
		fputc('}', f);
	}
	fputs(r->nflags > 0 ? "\n  ]\n}\n" : "]\n}\n", f);
}

/*
 * The instant after r->at until which r's tallies stay what they are if
 * the stored data does not change: the earliest close of a question
 * still open (tally_question_until) or answer or signature cast after
 * r->at in one of its estates; INT64_MAX when nothing comes.  Reads the
 * store in a read transaction of its own.
 */
enum rv_status
report_until(struct store *s, const struct rv_report *r, rv_ms *until,
    char **cause)
{
	rv_ms		 t;
	size_t		 i;
	enum rv_status	 st = RV_OK;

	*until = INT64_MAX;
	for (i = 0; i < r->nquestions; i++) {
		t = tally_question_until(r->questions[i].question, r->at);
		if (t != 0 && t < *until)
			*until = t;
	}
	if ((st = store_begin_read(s, cause)) != RV_OK)
		return st;
	for (i = 0; i < r->nestates && st == RV_OK; i++) {
		if ((st = store_estate_next_cast(s, r->estates[i]->id, r->at,
		    &t, cause)) == RV_OK && t != 0 && t < *until)
			*until = t;
	}
	store_rollback(s);
	return st;
}
