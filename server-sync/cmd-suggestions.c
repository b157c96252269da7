/*
 * suggestions / suggestions import: residents' suggestions in the needs
 * survey (征求意见), for the committee and the office.  The listing reads
 * what kiosks sent and paper forms added; import enters paper forms into
 * the office's own chain under the clerk's name, all or nothing.  Nothing
 * here is published: pages, notices and the tally never read suggestions.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "office.h"
#include "store.h"

#define SUGGESTIONS_FILE_MAX	(64 * 1024 * 1024)

enum suggestion_col {
	COL_ESTATE,
	COL_FLAT,
	COL_TEXT,
	COL_CAST_AT,
	COL_REF,
	NCOLS
};

static const char *suggestion_cols[NCOLS] = {
	"estate_id", "flat_id", "text", "cast_at", "ref"
};

/* The columns of the listing as CSV, in order. */
static const char *const list_cols[] = {
	"time", "flat_id", "text", "taken_by", "device", "seq"
};

static enum rv_status cmd_suggestions_exec(struct cmd *, char **);
static enum rv_status cmd_suggestions_import_exec(struct cmd *, char **);

const struct cmd_entry cmd_suggestions_import_entry = {
	.name = "suggestions import",
	.options = "db:,clerk:",
	.minargs = 1,
	.maxargs = 1,
	.usage = N_("[--db FILE] --clerk NAME SUGGESTIONS.csv"),
	.help = N_("Enter suggestions written on paper forms.  Columns: "
	    "estate_id, flat_id,\ntext, cast_at (when the resident wrote it, "
	    "ISO 8601 with offset) and\noptionally ref (the form's number).  "
	    "Every row is checked like a suggestion\nat a kiosk; any error "
	    "stores none."),
	.exec = cmd_suggestions_import_exec,
};

const struct cmd_entry cmd_suggestions_entry = {
	.name = "suggestions",
	.options = "db:,estate:,csv",
	.minargs = 0,
	.maxargs = 0,
	.usage = N_("[--db FILE] --estate ID [--csv]"),
	.help = N_("List the estate's suggestions for the committee and the "
	    "office, oldest\nfirst: when, flat, text, who wrote it down, "
	    "device and record.  With --csv,\nas CSV for a spreadsheet.  "
	    "Suggestions are never published."),
	.exec = cmd_suggestions_exec,
};

/* Write the suggestions as CSV (formula-like cells written as text). */
static int
suggestions_csv(FILE *f, const struct rv_suggestion *v, size_t n)
{
	char		 t[RV_TIME_MAX], seq[24];
	const char	*cell[nitems(list_cols)];
	size_t		 i, k;
	int		 bad = 0;

	for (k = 0; k < nitems(list_cols); k++)
		bad |= (k > 0 && putc(',', f) == EOF) ||
		    csv_write_field(f, list_cols[k]) != 0;
	bad |= fputs("\r\n", f) == EOF;
	for (i = 0; i < n; i++) {
		time_format(v[i].at, RV_CST_OFFSET, t, sizeof t);
		snprintf(seq, sizeof seq, "%llu", (unsigned long long)v[i].seq);
		cell[0] = t;
		cell[1] = v[i].flat_id;
		cell[2] = v[i].text;
		cell[3] = v[i].taken_by != NULL ? v[i].taken_by : "";
		cell[4] = v[i].device;
		cell[5] = seq;
		for (k = 0; k < nitems(list_cols); k++)
			bad |= (k > 0 && putc(',', f) == EOF) ||
			    csv_write_cell(f, cell[k]) != 0;
		bad |= fputs("\r\n", f) == EOF;
	}
	return bad ? -1 : 0;
}

/*
 * Write the suggestions for people: a line saying when, which flat, who
 * wrote it down and which record, then the text indented, a blank line
 * between.  The texts hold no control character but newline (checked
 * when they were recorded), so they are safe on a terminal.
 */
static void
suggestions_text(FILE *f, const struct rv_suggestion *v, size_t n)
{
	char		 t[RV_TIME_MAX];
	const char	*p, *nl;
	size_t		 i;

	for (i = 0; i < n; i++) {
		time_format_short(v[i].at, t, sizeof t);
		if (i > 0)
			putc('\n', f);
		if (v[i].taken_by != NULL)
			/* TRANSLATORS: time, flat, device, seq, name. */
			fprintf(f, _("%s  flat %s  (%s/%llu, taken down by "
			    "%s)\n"), t, v[i].flat_id, v[i].device,
			    (unsigned long long)v[i].seq, v[i].taken_by);
		else
			/* TRANSLATORS: time, flat, device, seq. */
			fprintf(f, _("%s  flat %s  (%s/%llu, typed by the "
			    "resident)\n"), t, v[i].flat_id, v[i].device,
			    (unsigned long long)v[i].seq);
		for (p = v[i].text; p != NULL; p = nl != NULL ? nl + 1 : NULL) {
			nl = strchr(p, '\n');
			fprintf(f, "    %.*s\n", nl != NULL ? (int)(nl - p) :
			    (int)strlen(p), p);
		}
	}
}

/* List one estate's suggestions, as text or CSV. */
static enum rv_status
cmd_suggestions_exec(struct cmd *c, char **cause)
{
	struct store		*s = NULL;
	struct rv_estate	*e = NULL;
	struct rv_suggestion	*v = NULL;
	const char		*estate;
	size_t			 n = 0;
	enum rv_status		 st;

	if ((st = cmd_require(c, "estate", &estate, cause)) != RV_OK ||
	    (st = cmd_open_store(c, &s, cause)) != RV_OK ||
	    (st = store_estate_load(s, estate, &e, cause)) != RV_OK ||
	    (st = store_suggestions_load(s, estate, &v, &n, cause)) != RV_OK)
		goto out;
	if (cmd_has(c, "csv")) {
		if (suggestions_csv(stdout, v, n) != 0)
			st = rv_fail(cause, RV_EENV, "%s", _("cannot write "
			    "standard output"));
	} else if (n == 0)
		printf(_("No suggestions for %s yet.\n"), e->name);
	else
		suggestions_text(stdout, v, n);
out:
	store_suggestions_free(v, n);
	estate_free(e);
	store_close(s);
	return st;
}

/* Map header names to columns; every required one once, no others. */
static enum rv_status
suggestion_header(const char *file, char **f, size_t nf, int *col,
    char **cause)
{
	size_t	 i, k;

	for (k = 0; k < NCOLS; k++)
		col[k] = -1;
	for (i = 0; i < nf; i++) {
		for (k = 0; k < NCOLS && strcmp(f[i], suggestion_cols[k]) != 0;
		    k++)
			;
		if (k == NCOLS)
			return rv_fail(cause, RV_EINPUT, "%s:1: unknown column "
			    "'%s' (columns: estate_id, flat_id, text, cast_at, "
			    "ref)", file, f[i]);
		if (col[k] != -1)
			return rv_fail(cause, RV_EINPUT, "%s:1: column '%s' "
			    "appears twice", file, f[i]);
		col[k] = (int)i;
	}
	for (k = 0; k < COL_REF; k++) {
		if (col[k] == -1)
			return rv_fail(cause, RV_EINPUT, "%s:1: missing "
			    "column '%s'", file, suggestion_cols[k]);
	}
	return RV_OK;
}

/*
 * Check one row and fill rec (its strings copies, its estate e, loaded
 * once per estate met); the cause names file, line and field.
 */
static enum rv_status
suggestion_row(struct store *s, struct rv_estate **e, const char *file,
    size_t line, char **f, size_t nf, const int *col, rv_ms now,
    struct rv_record *rec, char **cause)
{
	const char	*ref = col[COL_REF] >= 0 ? f[col[COL_REF]] : "";
	const char	*estate = f[col[COL_ESTATE]];
	char		*why = NULL;
	const char	*field;
	enum rv_status	 st;

	if (nf != (size_t)col[NCOLS])
		return rv_fail(cause, RV_EINPUT, "%s:%zu: %zu fields, the "
		    "header has %d", file, line, nf, col[NCOLS]);
	field = "estate_id";
	if (*e == NULL || strcmp((*e)->id, estate) != 0) {
		estate_free(*e);
		*e = NULL;
		if ((st = store_estate_load(s, estate, e, &why)) != RV_OK) {
			if (st != RV_EINPUT) {
				*cause = why;
				return st;
			}
			free(why);
			rv_fail(&why, RV_EINPUT, "no estate '%s'", estate);
			goto field;
		}
	}
	field = "text";
	if ((st = vote_check_suggestion(*e, NULL, f[col[COL_FLAT]],
	    f[col[COL_TEXT]], NULL, &why)) != RV_OK) {
		if (estate_find_flat(*e, f[col[COL_FLAT]]) == NULL)
			field = "flat_id";
		goto field;
	}
	field = "cast_at";
	if (time_parse_past(f[col[COL_CAST_AT]], now, &rec->cast_at,
	    &why) != RV_OK)
		goto field;
	field = "ref";
	if (strlen(ref) > RV_NAME_MAX || !utf8_valid(ref, strlen(ref))) {
		rv_fail(&why, RV_EINPUT, "too long or not UTF-8");
		goto field;
	}
	if (csv_formula_like(ref)) {
		rv_fail(&why, RV_EINPUT, "'%s' starts like a spreadsheet "
		    "formula (= + - @)", ref);
		goto field;
	}
	rec->type = RV_REC_SUGGESTION;
	rec->estate_id = xstrdup((*e)->id);
	rec->flat_id = xstrdup(f[col[COL_FLAT]]);
	rec->text = xstrdup(f[col[COL_TEXT]]);
	rec->ref = *ref != '\0' ? xstrdup(ref) : NULL;
	return RV_OK;
field:
	st = rv_fail(cause, RV_EINPUT, "%s:%zu: %s: %s", file, line, field,
	    why);
	free(why);
	return st;
}

/* Check the whole file, then store every suggestion in one transaction. */
static enum rv_status
cmd_suggestions_import_exec(struct cmd *c, char **cause)
{
	struct store		*s = NULL;
	struct csv		*csv = NULL;
	struct rv_estate	*e = NULL;
	struct rv_record	*recs = NULL;
	const char		*clerk, *file = c->argv[0];
	char			*buf = NULL, **f;
	size_t			 len, nf, n = 0, cap = 0, i;
	int			 col[NCOLS + 1], rc;
	rv_ms			 now = time_now();
	enum rv_status		 st;

	if ((st = cmd_text(c, "clerk", RV_NAME_MAX, 1, &clerk,
	    cause)) != RV_OK)
		return st;
	if (csv_formula_like(clerk))
		return rv_fail(cause, RV_EUSAGE, "--clerk: '%s' starts like a "
		    "spreadsheet formula (= + - @)", clerk);
	/* Rows are checked against the store inside the one transaction. */
	if ((st = file_read(file, SUGGESTIONS_FILE_MAX, &buf, &len,
	    cause)) != RV_OK ||
	    (st = cmd_open_store(c, &s, cause)) != RV_OK ||
	    (st = store_begin(s, cause)) != RV_OK)
		goto out;
	csv = csv_open(file, buf, len);
	if ((rc = csv_next(csv, &f, &nf, cause)) <= 0) {
		st = rc < 0 ? RV_EINPUT : rv_fail(cause, RV_EINPUT,
		    "%s: empty file", file);
		goto out;
	}
	if ((st = suggestion_header(file, f, nf, col, cause)) != RV_OK)
		goto out;
	col[NCOLS] = (int)nf;
	while ((rc = csv_next(csv, &f, &nf, cause)) > 0) {
		if (n == cap) {
			cap = cap == 0 ? 64 : cap * 2;
			recs = xreallocarray(recs, cap, sizeof *recs);
		}
		memset(&recs[n], 0, sizeof recs[n]);
		if ((st = suggestion_row(s, &e, file, csv_line(csv), f, nf,
		    col, now, &recs[n], cause)) != RV_OK)
			goto out;
		n++;
	}
	if (rc < 0) {
		st = RV_EINPUT;
		goto out;
	}
	if (n == 0) {
		st = rv_fail(cause, RV_EINPUT, "%s: no suggestions", file);
		goto out;
	}
	for (i = 0; i < n; i++) {
		recs[i].device = xstrdup(OFFICE_DEVICE);
		recs[i].actor = xstrdup(clerk);
		recs[i].time = now;
	}
	if ((st = office_chain_append(s, c, recs, n, cause)) == RV_OK &&
	    (st = store_commit(s, cause)) == RV_OK)
		printf(_("Entered %zu suggestions from %s under clerk %s\n"),
		    n, file, clerk);
out:
	for (i = 0; i < n; i++)
		ledger_record_clear(&recs[i]);
	free(recs);
	estate_free(e);
	csv_free(csv);
	free(buf);
	store_close(s);		/* rolls back what was not committed */
	return st;
}
