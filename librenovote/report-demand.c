/*
 * The reports of what owners said to the questions that decide nothing,
 * by stage: the needs survey (征求意见: what the owners asked for, most
 * wanted first), the acceptance of the works and the property-service
 * ratings (the distribution and mean of each rating); for the estate and
 * each building and entrance (demand.c), read in one snapshot.  Their
 * JSON form, and the survey plan with its items put in the order of the
 * demand, the starting point of the plan the estate then votes on.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "present.h"
#include "store.h"

/*
 * Build the report of estate_id's questions of stage that decide nothing,
 * as of at (shown with offset).  An unknown estate, one without a plan,
 * and a plan without such a question are RV_EINPUT, saying which.
 */
enum rv_status
demand_report_build(struct store *s, const char *estate_id, rv_ms at,
    int offset, enum rv_stage stage, struct rv_demand_report **out,
    char **cause)
{
	struct rv_demand_report	*r;
	struct rv_answers	 answers;
	const struct rv_question *q;
	size_t			 i;
	enum rv_status		 st;

	*out = NULL;
	r = xcalloc(1, sizeof *r);
	r->at = at;
	r->offset = offset;
	r->stage = stage;
	if ((st = store_begin_read(s, cause)) != RV_OK)
		goto fail;
	if ((st = store_estate_load(s, estate_id, &r->estate, cause)) !=
	    RV_OK || (st = store_plan_load(s, estate_id, &r->plan, cause)) !=
	    RV_OK || (st = store_plan_source(s, estate_id, &r->source,
	    cause)) != RV_OK)
		goto fail;
	if (r->plan == NULL) {
		st = rv_fail(cause, RV_EINPUT, _("estate %s has no plan yet; "
		    "import its survey with plan import"), estate_id);
		goto fail;
	}
	r->demands = xcalloc(r->plan->nquestions, sizeof *r->demands);
	for (i = 0; i < r->plan->nquestions; i++) {
		q = &r->plan->questions[i];
		if (q->stage != stage || question_decides(q))
			continue;
		if ((st = store_answers_load(s, r->estate, q, &answers,
		    cause)) != RV_OK)
			goto fail;
		demand_compute(r->estate, q, answers.v, answers.n, at,
		    &r->demands[r->ndemands++]);
		store_answers_clear(&answers);
	}
	if (r->ndemands == 0) {
		st = rv_fail(cause, RV_EINPUT, _("the plan of %s asks no "
		    "question of stage %s"), estate_id,
		    question_stage_name(stage));
		goto fail;
	}
	store_rollback(s);
	*out = r;
	return RV_OK;
fail:
	store_rollback(s);
	demand_report_free(r);
	return st;
}

/* Free the demand report and everything it owns.  NULL is fine. */
void
demand_report_free(struct rv_demand_report *r)
{
	size_t	 i;

	if (r == NULL)
		return;
	for (i = 0; i < r->ndemands; i++)
		demand_clear(&r->demands[i]);
	free(r->demands);
	free(r->source);
	plan_free(r->plan);
	estate_free(r->estate);
	free(r);
}

/* Write "owners": O, "flats": F, "area_m2": A. */
static void
json_tcount(FILE *f, const struct rv_tcount *c)
{
	char	 a[32];

	area_format(c->area, a, sizeof a);
	fprintf(f, "\"owners\": %lld, \"flats\": %lld, \"area_m2\": %s",
	    (long long)c->owners, (long long)c->flats, a);
}

/* Write a rating's mean as {"num": N, "den": D, "value": 3.67}, or null. */
static void
json_mean(FILE *f, const struct rv_opinion *op)
{
	char	 m[RV_MEAN_TEXT];

	if (tally_mean_format(op, m, sizeof m) != 0) {
		fputs("null", f);
		return;
	}
	fprintf(f, "{\"num\": %lld, \"den\": %lld, \"value\": %s}",
	    (long long)op->mean_num, (long long)op->mean_den, m);
}

/*
 * Write what the owners of one group said to d's question: who answered,
 * then the options most wanted first (choose-many, rank) or the steps
 * of the rating from the lowest, with its mean.
 */
static void
json_opinion(FILE *f, const struct rv_demand *d, const struct rv_opinion *op,
    const char *ind)
{
	const struct rv_question	*q = d->question;
	size_t				 k, o;

	fprintf(f, "\"flats\": %lld, \"answered\": %lld,\n%s\"%s\": {",
	    (long long)op->eligible.flats,
	    (long long)op->participating.owners, ind,
	    q->kind == RV_RATING ? "none" : "abstain");
	json_tcount(f, &op->none);
	if (q->kind == RV_RATING) {
		fprintf(f, "}, \"answers\": %lld, \"mean\": ",
		    (long long)op->answers);
		json_mean(f, op);
		fprintf(f, ",\n%s\"steps\": {", ind);
		for (k = 0; k < (size_t)(q->max - q->min + 1); k++) {
			fprintf(f, "%s\"%d\": {", k == 0 ? "" : ", ",
			    q->min + (int)k);
			json_tcount(f, &op->steps[k]);
			fputc('}', f);
		}
		fputc('}', f);
		return;
	}
	fprintf(f, "},\n%s\"options\": [", ind);
	for (k = 0; k < q->noptions; k++) {
		o = d->order[k];
		fprintf(f, "%s\n%s  {\"rank\": %zu, \"option_id\": ",
		    k == 0 ? "" : ",", ind, k + 1);
		report_json_string(f, q->options[o].id);
		fputs(", \"item\": ", f);
		if (q->options[o].item != NULL)
			report_json_string(f, q->options[o].item);
		else
			fputs("null", f);
		fputs(", ", f);
		json_tcount(f, &op->options[o]);
		if (q->kind == RV_RANK)
			fprintf(f, ", \"points\": %lld",
			    (long long)op->points[o]);
		fputc('}', f);
	}
	fputc(']', f);
}

/* Write a JSON string, or null for NULL. */
static void
json_string_or_null(FILE *f, const char *s)
{
	if (s != NULL)
		report_json_string(f, s);
	else
		fputs("null", f);
}

/*
 * Write the report as JSON (docs/interface.md, "Demand and ratings
 * (`demand`, `ratings`)"): per question, the estate's figures, then each
 * building's and entrance's in the order of flat ids.
 */
void
demand_report_json(FILE *f, const struct rv_demand_report *r)
{
	const struct rv_demand		*d;
	const struct rv_question	*q;
	const struct rv_demand_group	*g;
	char				 t[RV_TIME_MAX];
	size_t				 i, k;

	time_format(r->at, r->offset, t, sizeof t);
	fprintf(f, "{\n  \"estate_id\": ");
	report_json_string(f, r->estate->id);
	fprintf(f, ",\n  \"at\": \"%s\",\n  \"stage\": \"%s\",\n"
	    "  \"questions\": [", t, question_stage_name(r->stage));
	for (i = 0; i < r->ndemands; i++) {
		d = &r->demands[i];
		q = d->question;
		fputs(i == 0 ? "\n    {\"question_id\": " :
		    ",\n    {\"question_id\": ", f);
		report_json_string(f, q->id);
		fprintf(f, ", \"kind\": \"%s\", \"decision\": false, ",
		    question_kind_name(q->kind));
		if (q->kind == RV_RATING)
			fprintf(f, "\"min\": %d, \"max\": %d, ", q->min,
			    q->max);
		else
			fprintf(f, "\"max\": %d, ", q->max);
		fputs("\"period\": ", f);
		json_string_or_null(f, q->stage == RV_STAGE_SERVICE ?
		    q->period : NULL);
		fputs(", \"items\": [", f);
		for (k = 0; k < q->nitems; k++) {
			if (k > 0)
				fputs(", ", f);
			report_json_string(f, q->items[k]);
		}
		fputs("],\n     ", f);
		json_opinion(f, d, &d->groups[0].opinion, "     ");
		fputs(",\n     \"groups\": [", f);
		for (k = 1; k < d->ngroups; k++) {
			g = &d->groups[k];
			fputs(k == 1 ? "\n       {\"building\": " :
			    ",\n       {\"building\": ", f);
			json_string_or_null(f, g->building);
			fputs(", \"entrance\": ", f);
			json_string_or_null(f, g->entrance);
			fputs(",\n        ", f);
			json_opinion(f, d, &g->opinion, "        ");
			fputc('}', f);
		}
		fputs("]}", f);
	}
	fputs(r->ndemands > 0 ? "\n  ]\n}\n" : "]\n}\n", f);
}

/*
 * Where item id stands in the demand: the place of the first option
 * naming it in the first survey question that names it, counted over
 * the questions in plan order, or SIZE_MAX when no option names it.
 */
static size_t
demand_item_place(const struct rv_demand_report *r, const char *id)
{
	const struct rv_demand	*d;
	const char		*item;
	size_t			 i, k, base = 0;

	for (i = 0; i < r->ndemands; i++) {
		d = &r->demands[i];
		for (k = 0; k < d->question->noptions; k++) {
			item = d->question->options[d->order[k]].item;
			if (item != NULL && strcmp(item, id) == 0)
				return base + k;
		}
		base += d->question->noptions;
	}
	return SIZE_MAX;
}

/*
 * The survey plan's JSON with its items in the order of the demand (the
 * items no option names last, as they were), as a new string in *out:
 * a plan `plan import` takes as it is, since it keeps every question
 * the survey asked, to which the committee adds what is put to the vote.
 */
enum rv_status
demand_report_plan(const struct rv_demand_report *r, char **out,
    char **cause)
{
	json_t		*doc, *items, *sorted;
	json_error_t	 err;
	size_t		 n, i, j, *place, *idx, t;

	*out = NULL;
	if ((doc = json_loads(r->source, JSON_REJECT_DUPLICATES, &err)) ==
	    NULL)
		return rv_fail(cause, RV_EENV, "stored plan of %s: %s",
		    r->estate->id, err.text);
	items = json_object_get(doc, "items");
	n = json_array_size(items);
	place = xcalloc(n + 1, sizeof *place);
	idx = xcalloc(n + 1, sizeof *idx);
	for (i = 0; i < n; i++) {
		idx[i] = i;
		place[i] = demand_item_place(r, json_string_value(
		    json_object_get(json_array_get(items, i), "id")));
	}
	/* Insertion sort, stable: items are few (PLAN_ITEMS_MAX). */
	for (i = 1; i < n; i++) {
		for (j = i; j > 0 && place[idx[j]] < place[idx[j - 1]]; j--) {
			t = idx[j];
			idx[j] = idx[j - 1];
			idx[j - 1] = t;
		}
	}
	sorted = json_array();
	for (i = 0; i < n; i++)
		json_array_append(sorted, json_array_get(items, idx[i]));
	if (n > 0)
		json_object_set_new(doc, "items", sorted);
	else
		json_decref(sorted);
	*out = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	free(place);
	free(idx);
	json_decref(doc);
	if (*out == NULL)
		return rv_fail(cause, RV_EENV, "plan of %s: out of memory",
		    r->estate->id);
	return RV_OK;
}

/* The place of qs[i] among the questions of qs[] of its period. */
static size_t
period_place(const struct rv_question *const *qs, size_t i)
{
	size_t	 j, place = 0;

	for (j = 0; j < i; j++)
		place += strcmp(qs[j]->period, qs[i]->period) == 0;
	return place;
}

/*
 * The service rating that qs[i] (of n service questions, in plan order)
 * is compared with: the question at the same place among those of the
 * latest period before its own.  Its index, or SIZE_MAX when none.
 */
size_t
opinion_previous(const struct rv_question *const *qs, size_t n, size_t i)
{
	const char	*best = NULL, *p;
	size_t		 j, place = period_place(qs, i);

	for (j = 0; j < n; j++) {
		p = qs[j]->period;
		if (strcmp(p, qs[i]->period) < 0 && (best == NULL ||
		    strcmp(p, best) > 0))
			best = p;
	}
	for (j = 0; best != NULL && j < n; j++) {
		if (strcmp(qs[j]->period, best) == 0 &&
		    period_place(qs, j) == place)
			return j;
	}
	return SIZE_MAX;
}

/*
 * Write how the mean of cur differs from that of prev, "+0.45", "-0.20"
 * or "0.00", exactly and then rounded half up (away from zero) to two
 * places, into buf.  Returns -1 when either has no mean or buf is short.
 */
int
opinion_change_format(const struct rv_opinion *prev,
    const struct rv_opinion *cur, char *buf, size_t len)
{
	int64_t	 num, den, h;
	int	 w;

	if (prev->mean_den <= 0 || cur->mean_den <= 0)
		return -1;
	/* Means are at most RV_RATING_MAX over at most a city's owners. */
	num = cur->mean_num * prev->mean_den - prev->mean_num * cur->mean_den;
	den = cur->mean_den * prev->mean_den;
	h = ((num < 0 ? -num : num) * 200 + den) / (2 * den);
	w = snprintf(buf, len, "%s%lld.%02lld", num > 0 && h > 0 ? "+" :
	    num < 0 && h > 0 ? "-" : "", (long long)(h / 100),
	    (long long)(h % 100));
	return w < 0 || (size_t)w >= len ? -1 : 0;
}
