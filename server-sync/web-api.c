/*
 * The JSON under /api/: the estates, and for one estate the tally JSON
 * of docs/interface.md (report_json, the same as "tally --json") with
 * the kiosks' last sync and the notices published added as further
 * members.
 * Receipts are in web-receipt.c.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "office.h"
#include "web-int.h"

/* /api/estates: each estate's id, name and the status of each question. */
void
web_api_estates(FILE *f, const struct web_index *idx)
{
	const struct web_summary	*sum;
	char				 t[RV_TIME_MAX];
	size_t				 i, j;

	time_format(idx->at, idx->offset, t, sizeof t);
	fprintf(f, "{\"at\": \"%s\", \"estates\": [", t);
	for (i = 0; i < idx->n; i++) {
		sum = &idx->v[i];
		fputs(i == 0 ? "\n  {\"estate_id\": " : ",\n  {\"estate_id\": ",
		    f);
		report_json_string(f, sum->e.id);
		fputs(", \"name\": ", f);
		report_json_string(f, sum->e.name);
		fputs(", \"street\": ", f);
		if (sum->e.street != NULL)
			report_json_string(f, sum->e.street);
		else
			fputs("null", f);
		fputs(", \"community\": ", f);
		if (sum->e.community != NULL)
			report_json_string(f, sum->e.community);
		else
			fputs("null", f);
		fprintf(f, ", \"plan\": %s, \"questions\": [",
		    sum->plan ? "true" : "false");
		for (j = 0; j < sum->nqs; j++) {
			fputs(j == 0 ? "{\"question_id\": " :
			    ", {\"question_id\": ", f);
			report_json_string(f, sum->qs[j].id);
			fprintf(f, ", \"status\": \"%s\"}", tally_outcome_name(
			    sum->qs[j].outcome));
		}
		fputs("]}", f);
	}
	fputs(idx->n > 0 ? "\n]}\n" : "]}\n", f);
}

/* Write a time member, or null when t is 0. */
static void
json_time(FILE *f, const char *name, rv_ms t)
{
	char	 buf[RV_TIME_MAX];

	if (t == 0) {
		fprintf(f, "\"%s\": null", name);
		return;
	}
	web_time(buf, sizeof buf, t);
	fprintf(f, "\"%s\": \"%s\"", name, buf);
}

/*
 * /api/e/<estate>: the tally JSON of that estate, then "kiosks" (name,
 * last_sync, records) and "publications".  report_json ends its object
 * with "\n}\n"; the members are added before that brace.
 */
void
web_api_estate(FILE *f, const struct rv_report *r, const struct rv_report_extra *x)
{
	char	*buf = NULL;
	size_t	 len = 0, i;
	FILE	*m;

	if ((m = open_memstream(&buf, &len)) == NULL)
		fatal("open_memstream failed");
	report_json(m, r);
	if (fclose(m) != 0)
		fatal("writing JSON to memory failed");
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '}'))
		if (buf[--len] == '}')
			break;
	while (len > 0 && buf[len - 1] == '\n')
		len--;
	fwrite(buf, 1, len, f);
	free(buf);
	fputs(",\n  \"kiosks\": [", f);
	for (i = 0; i < x->nsyncs; i++) {
		fputs(i == 0 ? "\n    {\"device\": " : ",\n    {\"device\": ", f);
		report_json_string(f, x->syncs[i].device);
		fputs(", ", f);
		json_time(f, "last_sync", x->syncs[i].last_sync);
		fprintf(f, ", \"records\": %llu, \"revoked\": %s}",
		    (unsigned long long)x->syncs[i].seq,
		    x->syncs[i].revoked ? "true" : "false");
	}
	fputs(x->nsyncs > 0 ? "\n  ],\n  \"publications\": [" :
	    "],\n  \"publications\": [", f);
	for (i = 0; i < x->npubs; i++) {
		fprintf(f, "%s{\"kind\": \"%s\", ", i == 0 ? "\n    " :
		    ",\n    ", x->pubs[i].final ? "final" : "preliminary");
		json_time(f, "published_at", x->pubs[i].published_at);
		fputs(", ", f);
		json_time(f, "tally_at", x->pubs[i].tally_at);
		fputs(", ", f);
		json_time(f, "objections_until", x->pubs[i].objections_until);
		fputc('}', f);
	}
	fprintf(f, "%s,\n  \"objections\": %zu\n}\n", x->npubs > 0 ?
	    "\n  ]" : "]", x->nobjections);
}
