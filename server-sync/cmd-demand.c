/*
 * demand: what the owners asked for in an estate's needs survey, most
 * wanted first, for the estate and each building and entrance; as a
 * table, JSON or CSV, and as the plan to start from.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "office.h"
#include "present.h"
#include "store.h"

static enum rv_status cmd_demand_exec(struct cmd *, char **);

const struct cmd_entry cmd_demand_entry = {
	.name = "demand",
	.options = "db:,estate:,at:,json,csv,plan-out:",
	.minargs = 0,
	.maxargs = 0,
	.usage = N_("[--db FILE] --estate ID [--at ISO8601] [--json | --csv] "
	    "[--plan-out FILE]"),
	.help = N_("Report the needs survey (征求意见) of an estate as of --at "
	    "(default now):\nfor each survey question that picks options, "
	    "the options most wanted\nfirst by owners, flats and area (rank "
	    "questions by points), for the\nestate and each building and "
	    "entrance.  --plan-out writes the survey plan\nwith its items in "
	    "that order, the plan to add the vote's questions to."),
	.exec = cmd_demand_exec,
};

/* The title of option o in the reader's language. */
static const char *
option_title(const struct rv_question *q, size_t o)
{
	return text_get(&q->options[o].title, present_text_locale());
}

/* Print one demand as a table: the estate's figures, then each group's. */
static void
demand_print(FILE *f, const struct rv_demand *d)
{
	const struct rv_question	*q = d->question;
	const struct rv_demand_group	*g = &d->groups[0], *h;
	const struct rv_demand_count	*c;
	char				 a[32], where[2 * RV_ID_MAX + 2];
	size_t				 k, o, gi;

	fprintf(f, "%s  %s\n", q->id, text_get(&q->title,
	    present_text_locale()));
	fprintf(f, P_("  %lld owner answered, of the owners of %lld flat "
	    "asked\n", "  %lld owners answered, of the owners of %lld flats "
	    "asked\n", g->answered), (long long)g->answered,
	    (long long)g->flats);
	fprintf(f, "  %-4s %-16s %8s %8s %12s%s\n", "#", _("option"),
	    _("owners"), _("flats"), _("area m2"), q->kind == RV_RANK ?
	    _("  points") : "");
	for (k = 0; k < q->noptions; k++) {
		o = d->order[k];
		c = &g->options[o];
		area_format(c->area, a, sizeof a);
		fprintf(f, "  %-4zu %-16s %8lld %8lld %12s", k + 1,
		    q->options[o].id, (long long)c->owners,
		    (long long)c->flats, a);
		if (q->kind == RV_RANK)
			fprintf(f, " %8lld", (long long)c->points);
		fprintf(f, "  %s\n", option_title(q, o));
	}
	fprintf(f, _("  Owners asking, by building and entrance:\n"));
	fprintf(f, "  %-12s", "");
	for (k = 0; k < q->noptions; k++)
		fprintf(f, " %6.6s", q->options[d->order[k]].id);
	fputc('\n', f);
	for (gi = 1; gi < d->ngroups; gi++) {
		h = &d->groups[gi];
		snprintf(where, sizeof where, "%s%s%s", h->building,
		    h->entrance != NULL ? "-" : "",
		    h->entrance != NULL ? h->entrance : "");
		fprintf(f, "  %-12s", where);
		for (k = 0; k < q->noptions; k++)
			fprintf(f, " %6lld", (long long)
			    h->options[d->order[k]].owners);
		fprintf(f, P_("   (%lld answered)\n", "   (%lld answered)\n",
		    h->answered), (long long)h->answered);
	}
}

/* Write one CSV row of a group's figures for option o. */
static void
demand_csv_row(FILE *f, const char *estate, const struct rv_demand *d,
    const struct rv_demand_group *g, size_t rank, size_t o)
{
	const struct rv_question	*q = d->question;
	const struct rv_demand_count	*c = &g->options[o];
	char				 a[32];

	area_format(c->area, a, sizeof a);
	csv_write_cell(f, estate);
	fputc(',', f);
	csv_write_cell(f, q->id);
	fputc(',', f);
	csv_write_cell(f, g->building != NULL ? g->building : "");
	fputc(',', f);
	csv_write_cell(f, g->entrance != NULL ? g->entrance : "");
	fprintf(f, ",%zu,", rank);
	csv_write_cell(f, q->options[o].id);
	fputc(',', f);
	csv_write_cell(f, q->options[o].item != NULL ? q->options[o].item :
	    "");
	fprintf(f, ",%lld,%lld,%s,%lld,%lld\r\n", (long long)c->owners,
	    (long long)c->flats, a, (long long)c->points,
	    (long long)g->answered);
}

/*
 * Write the report as CSV, one row per group and option, options in the
 * estate's order of demand; the estate's rows have empty building and
 * entrance.
 */
static void
demand_csv(FILE *f, const struct rv_demand_report *r)
{
	const struct rv_demand	*d;
	size_t			 i, gi, k;

	fputs("estate_id,question_id,building,entrance,rank,option_id,item,"
	    "owners,flats,area_m2,points,answered\r\n", f);
	for (i = 0; i < r->ndemands; i++) {
		d = &r->demands[i];
		for (gi = 0; gi < d->ngroups; gi++) {
			for (k = 0; k < d->question->noptions; k++)
				demand_csv_row(f, r->estate->id, d,
				    &d->groups[gi], k + 1, d->order[k]);
		}
	}
}

/* Build the demand report of --estate at --at and print or write it. */
static enum rv_status
cmd_demand_exec(struct cmd *c, char **cause)
{
	struct store		*s = NULL;
	struct rv_demand_report	*r = NULL;
	const char		*at_arg = cmd_get(c, "at");
	const char		*estate = cmd_get(c, "estate");
	const char		*plan_out = cmd_get(c, "plan-out");
	char			*why = NULL, *plan = NULL;
	rv_ms			 at = time_now();
	int			 offset = RV_CST_OFFSET;
	size_t			 i;
	enum rv_status		 st;

	if (estate == NULL)
		return rv_fail(cause, RV_EUSAGE, _("--estate is required"));
	if (cmd_has(c, "json") && cmd_has(c, "csv"))
		return rv_fail(cause, RV_EUSAGE, _("--json and --csv: choose "
		    "one"));
	if (at_arg != NULL && (st = time_parse(at_arg, &at, &offset,
	    &why)) != RV_OK) {
		st = rv_fail(cause, RV_EUSAGE, "--at: %s", why);
		free(why);
		return st;
	}
	if ((st = cmd_open_store(c, &s, cause)) != RV_OK ||
	    (st = demand_report_build(s, estate, at, offset, &r, cause)) !=
	    RV_OK)
		goto out;
	if (plan_out != NULL &&
	    ((st = demand_report_plan(r, &plan, cause)) != RV_OK ||
	    (st = file_write_durable(plan_out, plan, strlen(plan), 0644,
	    cause)) != RV_OK))
		goto out;
	if (cmd_has(c, "json"))
		demand_report_json(stdout, r);
	else if (cmd_has(c, "csv"))
		demand_csv(stdout, r);
	else {
		for (i = 0; i < r->ndemands; i++) {
			if (i > 0)
				putchar('\n');
			demand_print(stdout, &r->demands[i]);
		}
	}
out:
	free(plan);
	demand_report_free(r);
	store_close(s);
	return st;
}
