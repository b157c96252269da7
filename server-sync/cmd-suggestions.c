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

/*
 * Check one row and fill the record at elem (paper_read's row: its
 * strings copies; ctx the struct rv_estate * last loaded, loaded once
 * per estate met); the cause names file, line and field.
 */
static enum rv_status
suggestion_row(struct store *s, void *ctx, const char *file, size_t line,
    char **f, size_t nf, const int *col, rv_ms now, void *elem, char **cause)
{
	struct rv_estate **e = ctx;
	struct rv_record *rec = elem;
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
	static const struct paper_form form = {
		suggestion_cols, NCOLS, COL_REF, SUGGESTIONS_FILE_MAX,
		sizeof (struct rv_record), 64, "no suggestions", suggestion_row
	};
	struct rv_estate	*e = NULL;
	struct paper_rows	 pr;
	struct rv_record	*recs;
	size_t			 i;
	enum rv_status		 st;

	st = paper_read(c, &form, &e, &pr, cause);
	recs = pr.rows;
	for (i = 0; st == RV_OK && i < pr.n; i++) {
		recs[i].device = xstrdup(OFFICE_DEVICE);
		recs[i].actor = xstrdup(pr.clerk);
		recs[i].time = pr.now;
	}
	if (st == RV_OK &&
	    (st = office_chain_append(pr.s, c, recs, pr.n, cause)) == RV_OK &&
	    (st = store_commit(pr.s, cause)) == RV_OK)
		printf(_("Entered %zu suggestions from %s under clerk %s\n"),
		    pr.n, c->argv[0], pr.clerk);
	for (i = 0; i < pr.n; i++)
		ledger_record_clear(&recs[i]);
	free(recs);
	estate_free(e);
	store_close(pr.s);	/* rolls back what was not committed */
	return st;
}
