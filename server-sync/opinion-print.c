/*
 * What owners said to the questions that decide nothing, as the office
 * reads it on a terminal or takes it into a sheet: the needs survey's
 * demand (demand), the acceptance and property-service ratings
 * (ratings).  The figures are demand.c's; this file only lays them out.
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "office.h"
#include "present.h"
#include "store.h"

/* The words of a rating's step k (from 0) in the reader's language. */
static const char *
step_words(const struct rv_question *q, size_t k)
{
	return k < q->nlabels ? text_get(&q->labels[k],
	    present_text_locale()) : "";
}

/* A group's place, "1" or "1-2", into buf. */
static void
group_name(const struct rv_demand_group *g, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s", g->building, g->entrance != NULL ?
	    "-" : "", g->entrance != NULL ? g->entrance : "");
}

/* A rating's mean as text, or "-" when nobody gave a step. */
static void
mean_text(const struct rv_opinion *op, char *buf, size_t len)
{
	if (tally_mean_format(op, buf, len) != 0)
		snprintf(buf, len, "-");
}

/* The lines of a choose-many or rank question: options, then places. */
static void
print_picks(FILE *f, const struct rv_demand *d)
{
	const struct rv_question	*q = d->question;
	const struct rv_opinion		*op = &d->groups[0].opinion;
	const struct rv_tcount		*c;
	char				 a[32], where[2 * RV_ID_MAX + 2];
	size_t				 k, o, gi;

	fprintf(f, "  %-4s %-16s %8s %8s %12s%s\n", "#", _("option"),
	    _("owners"), _("flats"), _("area m2"), q->kind == RV_RANK ?
	    _("  points") : "");
	for (k = 0; k < q->noptions; k++) {
		o = d->order[k];
		c = &op->options[o];
		area_format(c->area, a, sizeof a);
		fprintf(f, "  %-4zu %-16s %8lld %8lld %12s", k + 1,
		    q->options[o].id, (long long)c->owners,
		    (long long)c->flats, a);
		if (q->kind == RV_RANK)
			fprintf(f, " %8lld", (long long)op->points[o]);
		fprintf(f, "  %s\n", text_get(&q->options[o].title,
		    present_text_locale()));
	}
	fprintf(f, _("  Owners asking, by building and entrance:\n"));
	fprintf(f, "  %-12s", "");
	for (k = 0; k < q->noptions; k++)
		fprintf(f, " %6.6s", q->options[d->order[k]].id);
	fputc('\n', f);
	for (gi = 1; gi < d->ngroups; gi++) {
		op = &d->groups[gi].opinion;
		group_name(&d->groups[gi], where, sizeof where);
		fprintf(f, "  %-12s", where);
		for (k = 0; k < q->noptions; k++)
			fprintf(f, " %6lld", (long long)
			    op->options[d->order[k]].owners);
		fprintf(f, P_("   (%lld answered)\n", "   (%lld answered)\n",
		    op->participating.owners),
		    (long long)op->participating.owners);
	}
}

/* The lines of a rating: its mean, each step's figures, then places. */
static void
print_rating(FILE *f, const struct rv_demand *d)
{
	const struct rv_question	*q = d->question;
	const struct rv_opinion		*op = &d->groups[0].opinion;
	const struct rv_tcount		*c;
	char				 a[32], m[RV_MEAN_TEXT];
	char				 where[2 * RV_ID_MAX + 2];
	size_t				 k, gi, steps = (size_t)(q->max - q->min +
	    1);

	mean_text(op, m, sizeof m);
	fprintf(f, P_("  mean %s of %lld rating (%d to %d)\n",
	    "  mean %s of %lld ratings (%d to %d)\n", op->answers), m,
	    (long long)op->answers, q->min, q->max);
	fprintf(f, "  %-4s %8s %8s %12s  %s\n", _("step"), _("owners"),
	    _("flats"), _("area m2"), _("words"));
	for (k = steps; k-- > 0;) {
		c = &op->steps[k];
		area_format(c->area, a, sizeof a);
		fprintf(f, "  %-4d %8lld %8lld %12s  %s\n", q->min + (int)k,
		    (long long)c->owners, (long long)c->flats, a,
		    step_words(q, k));
	}
	area_format(op->none.area, a, sizeof a);
	fprintf(f, "  %-4s %8lld %8lld %12s  %s\n", "-",
	    (long long)op->none.owners, (long long)op->none.flats, a,
	    _("not used"));
	fprintf(f, _("  By building and entrance (owners per step, highest "
	    "first):\n"));
	fprintf(f, "  %-12s %6s %6s", "", _("mean"), _("count"));
	for (k = steps; k-- > 0;)
		fprintf(f, " %4d", q->min + (int)k);
	fprintf(f, " %4s\n", "-");
	for (gi = 1; gi < d->ngroups; gi++) {
		op = &d->groups[gi].opinion;
		group_name(&d->groups[gi], where, sizeof where);
		mean_text(op, m, sizeof m);
		fprintf(f, "  %-12s %6s %6lld", where, m,
		    (long long)op->answers);
		for (k = steps; k-- > 0;)
			fprintf(f, " %4lld", (long long)op->steps[k].owners);
		fprintf(f, " %4lld\n", (long long)op->none.owners);
	}
}

/*
 * The service ratings of the report side by side: each period's mean
 * beside the one before (the question at the same place among the
 * period's questions), for the office deciding subsidies.
 */
static void
print_periods(FILE *f, const struct rv_demand_report *r)
{
	const struct rv_question	**qs;
	const struct rv_demand		*d, *prev;
	char				 m[RV_MEAN_TEXT], p[RV_MEAN_TEXT];
	char				 ch[RV_MEAN_TEXT];
	size_t				 i, j;

	qs = xcalloc(r->ndemands, sizeof *qs);
	for (i = 0; i < r->ndemands; i++)
		qs[i] = r->demands[i].question;
	fprintf(f, _("Each period beside the one before:\n"));
	fprintf(f, "  %-8s %-16s %8s %8s %8s %8s\n", _("period"),
	    _("question"), _("mean"), _("count"), _("before"), _("change"));
	for (i = 0; i < r->ndemands; i++) {
		d = &r->demands[i];
		j = opinion_previous(qs, r->ndemands, i);
		prev = j != SIZE_MAX ? &r->demands[j] : NULL;
		mean_text(&d->groups[0].opinion, m, sizeof m);
		snprintf(p, sizeof p, "-");
		snprintf(ch, sizeof ch, "-");
		if (prev != NULL) {
			mean_text(&prev->groups[0].opinion, p, sizeof p);
			(void)opinion_change_format(&prev->groups[0].opinion,
			    &d->groups[0].opinion, ch, sizeof ch);
		}
		fprintf(f, "  %-8s %-16s %8s %8lld %8s %8s\n",
		    d->question->period, d->question->id, m,
		    (long long)d->groups[0].opinion.answers, p, ch);
	}
	free(qs);
}

/* Print the report as tables, one question after another. */
void
opinion_print_text(FILE *f, const struct rv_demand_report *r)
{
	const struct rv_demand		*d;
	const struct rv_opinion		*op;
	size_t				 i, k;

	for (i = 0; i < r->ndemands; i++) {
		d = &r->demands[i];
		op = &d->groups[0].opinion;
		if (i > 0)
			fputc('\n', f);
		fprintf(f, "%s  %s", d->question->id,
		    text_get(&d->question->title, present_text_locale()));
		if (r->stage == RV_STAGE_SERVICE)
			fprintf(f, "  (%s)", d->question->period);
		for (k = 0; k < d->question->nitems; k++)
			fprintf(f, "%s%s", k == 0 ? _("  items: ") : ", ",
			    d->question->items[k]);
		fputc('\n', f);
		fprintf(f, P_("  %lld owner answered, of the owners of %lld "
		    "flat asked\n", "  %lld owners answered, of the owners "
		    "of %lld flats asked\n", op->participating.owners),
		    (long long)op->participating.owners,
		    (long long)op->eligible.flats);
		if (d->question->kind == RV_RATING)
			print_rating(f, d);
		else
			print_picks(f, d);
	}
	if (r->stage == RV_STAGE_SERVICE) {
		fputc('\n', f);
		print_periods(f, r);
	}
}

/* Write one CSV row: where, what (an option or a step), and its count. */
static void
csv_row(FILE *f, const struct rv_demand_report *r, const struct rv_demand *d,
    const struct rv_demand_group *g, const char *choice, const char *rank,
    const struct rv_tcount *c, long long points)
{
	const struct rv_question	*q = d->question;
	char				 a[32], m[RV_MEAN_TEXT];

	area_format(c->area, a, sizeof a);
	if (q->kind != RV_RATING || tally_mean_format(&g->opinion, m,
	    sizeof m) != 0)
		m[0] = '\0';
	csv_write_cell(f, r->estate->id);
	fputc(',', f);
	csv_write_cell(f, q->id);
	fprintf(f, ",%s,%s,", question_kind_name(q->kind),
	    q->stage == RV_STAGE_SERVICE ? q->period : "");
	csv_write_cell(f, g->building != NULL ? g->building : "");
	fputc(',', f);
	csv_write_cell(f, g->entrance != NULL ? g->entrance : "");
	fputc(',', f);
	csv_write_cell(f, choice);
	fprintf(f, ",%s,%lld,%lld,%s,%lld,%lld,%s\r\n", rank,
	    (long long)c->owners, (long long)c->flats, a, points,
	    (long long)g->opinion.participating.owners, m);
}

/*
 * Write the report as CSV, one row per question, group and option (in
 * the estate's order of demand) or step (then "none"); the estate's rows
 * have empty building and entrance.
 */
void
opinion_print_csv(FILE *f, const struct rv_demand_report *r)
{
	const struct rv_demand		*d;
	const struct rv_demand_group	*g;
	const struct rv_question	*q;
	char				 rank[24], step[24];
	size_t				 i, gi, k, o;

	fputs("estate_id,question_id,kind,period,building,entrance,choice,"
	    "rank,owners,flats,area_m2,points,answered,mean\r\n", f);
	for (i = 0; i < r->ndemands; i++) {
		d = &r->demands[i];
		q = d->question;
		for (gi = 0; gi < d->ngroups; gi++) {
			g = &d->groups[gi];
			for (k = 0; q->kind != RV_RATING && k < q->noptions;
			    k++) {
				o = d->order[k];
				snprintf(rank, sizeof rank, "%zu", k + 1);
				csv_row(f, r, d, g, q->options[o].id, rank,
				    &g->opinion.options[o],
				    (long long)g->opinion.points[o]);
			}
			for (k = 0; q->kind == RV_RATING &&
			    k < (size_t)(q->max - q->min + 1); k++) {
				snprintf(step, sizeof step, "%d",
				    q->min + (int)k);
				csv_row(f, r, d, g, step, "",
				    &g->opinion.steps[k], 0);
			}
			csv_row(f, r, d, g, q->kind == RV_RATING ? "none" :
			    "abstain", "", &g->opinion.none, 0);
		}
	}
}

/*
 * Run demand or ratings: build the report of --estate's questions of
 * stage at --at and print it as a table, --json or --csv; with plan_out,
 * also write the survey plan in the order of the demand there.
 */
enum rv_status
opinion_command(struct cmd *c, enum rv_stage stage, const char *plan_out,
    char **cause)
{
	struct store		*s = NULL;
	struct rv_demand_report	*r = NULL;
	const char		*estate = cmd_get(c, "estate");
	char			*plan = NULL;
	rv_ms			 at;
	int			 offset;
	enum rv_status		 st;

	if (estate == NULL)
		return rv_fail(cause, RV_EUSAGE, _("--estate is required"));
	if (cmd_has(c, "json") && cmd_has(c, "csv"))
		return rv_fail(cause, RV_EUSAGE, _("--json and --csv: choose "
		    "one"));
	if ((st = cmd_get_at(c, &at, &offset, cause)) != RV_OK)
		return st;
	if ((st = cmd_open_store(c, &s, cause)) != RV_OK ||
	    (st = demand_report_build(s, estate, at, offset, stage, &r,
	    cause)) != RV_OK)
		goto out;
	if (plan_out != NULL &&
	    ((st = demand_report_plan(r, &plan, cause)) != RV_OK ||
	    (st = file_write_durable(plan_out, plan, strlen(plan), 0644,
	    cause)) != RV_OK))
		goto out;
	if (cmd_has(c, "json"))
		demand_report_json(stdout, r);
	else if (cmd_has(c, "csv"))
		opinion_print_csv(stdout, r);
	else
		opinion_print_text(stdout, r);
out:
	free(plan);
	demand_report_free(r);
	store_close(s);
	return st;
}
