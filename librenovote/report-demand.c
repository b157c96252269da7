/*
 * The demand report of an estate's needs survey (征求意见): for every
 * survey question that picks options (choose-many, rank), what the owners
 * asked for, most wanted first, for the estate and each building and
 * entrance (demand.c), read in one snapshot; its JSON form; and the
 * survey plan with its items put in the order of that demand, the
 * starting point of the plan the estate then votes on.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "present.h"
#include "store.h"

/* Whether q is a survey question demand.c reports on. */
static int
demand_asks(const struct rv_question *q)
{
	return q->stage == RV_STAGE_SURVEY &&
	    (q->kind == RV_CHOOSE_MANY || q->kind == RV_RANK);
}

/*
 * Build the demand report of estate_id as of at (shown with offset).  An
 * unknown estate, one without a plan, and a plan without a survey
 * question that picks options are RV_EINPUT, saying which.
 */
enum rv_status
demand_report_build(struct store *s, const char *estate_id, rv_ms at,
    int offset, struct rv_demand_report **out, char **cause)
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
		if (!demand_asks(q))
			continue;
		if ((st = store_answers_load(s, r->estate, q, &answers,
		    cause)) != RV_OK)
			goto fail;
		demand_compute(r->estate, q, answers.v, answers.n, at,
		    &r->demands[r->ndemands++]);
		store_answers_clear(&answers);
	}
	if (r->ndemands == 0) {
		st = rv_fail(cause, RV_EINPUT, _("the plan of %s asks no survey "
		    "question that picks options (stage survey, kind "
		    "choose-many or rank)"), estate_id);
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

/* Write {"owners": O, "flats": F, "area_m2": A[, "points": P]}. */
static void
json_demand_count(FILE *f, const struct rv_demand_count *c, int points)
{
	char	 a[32];

	area_format(c->area, a, sizeof a);
	fprintf(f, "\"owners\": %lld, \"flats\": %lld, \"area_m2\": %s",
	    (long long)c->owners, (long long)c->flats, a);
	if (points)
		fprintf(f, ", \"points\": %lld", (long long)c->points);
}

/* Write one group of d: where it is, its flats and answers by option. */
static void
json_demand_group(FILE *f, const struct rv_demand *d,
    const struct rv_demand_group *g)
{
	const struct rv_question	*q = d->question;
	size_t				 k, o;

	fputs("        {\"building\": ", f);
	if (g->building != NULL)
		report_json_string(f, g->building);
	else
		fputs("null", f);
	fputs(", \"entrance\": ", f);
	if (g->entrance != NULL)
		report_json_string(f, g->entrance);
	else
		fputs("null", f);
	fprintf(f, ", \"flats\": %lld, \"answered\": %lld,\n"
	    "         \"abstain\": {", (long long)g->flats,
	    (long long)g->answered);
	json_demand_count(f, &g->abstain, 0);
	fputs("},\n         \"options\": [", f);
	for (k = 0; k < q->noptions; k++) {
		o = d->order[k];
		fputs(k == 0 ? "\n          {\"option_id\": " :
		    ",\n          {\"option_id\": ", f);
		report_json_string(f, q->options[o].id);
		fputs(", ", f);
		json_demand_count(f, &g->options[o], q->kind == RV_RANK);
		fputc('}', f);
	}
	fputs("]}", f);
}

/*
 * Write the demand report as JSON (docs/interface.md, "Demand JSON"):
 * options most wanted first, each with the item it names; the estate's
 * group first, then buildings and entrances in roster order.
 */
void
demand_report_json(FILE *f, const struct rv_demand_report *r)
{
	const struct rv_demand		*d;
	const struct rv_question	*q;
	const struct rv_demand_group	*g;
	char				 t[RV_TIME_MAX];
	size_t				 i, k, o;

	time_format(r->at, r->offset, t, sizeof t);
	fprintf(f, "{\n  \"estate_id\": ");
	report_json_string(f, r->estate->id);
	fprintf(f, ",\n  \"at\": \"%s\",\n  \"questions\": [", t);
	for (i = 0; i < r->ndemands; i++) {
		d = &r->demands[i];
		q = d->question;
		g = &d->groups[0];
		fputs(i == 0 ? "\n    {\"question_id\": " :
		    ",\n    {\"question_id\": ", f);
		report_json_string(f, q->id);
		fprintf(f, ", \"kind\": \"%s\", \"max\": %d, \"decision\": "
		    "false,\n     \"flats\": %lld, \"answered\": %lld,\n"
		    "     \"options\": [", question_kind_name(q->kind), q->max,
		    (long long)g->flats, (long long)g->answered);
		for (k = 0; k < q->noptions; k++) {
			o = d->order[k];
			fprintf(f, "%s      {\"rank\": %zu, \"option_id\": ",
			    k == 0 ? "\n" : ",\n", k + 1);
			report_json_string(f, q->options[o].id);
			fputs(", \"item\": ", f);
			if (q->options[o].item != NULL)
				report_json_string(f, q->options[o].item);
			else
				fputs("null", f);
			fputs(", ", f);
			json_demand_count(f, &g->options[o],
			    q->kind == RV_RANK);
			fputc('}', f);
		}
		fputs("],\n     \"groups\": [", f);
		for (k = 1; k < d->ngroups; k++) {
			fputs(k == 1 ? "\n" : ",\n", f);
			json_demand_group(f, d, &d->groups[k]);
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
