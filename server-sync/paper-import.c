/*
 * Paper forms the office enters (ballots import, suggestions import): a
 * CSV file whose header names its columns, every row checked against
 * the store inside the one transaction the rows are then stored in, so
 * that a bad row anywhere stores nothing.  The kinds differ only in
 * their columns and in what one row is; this file reads them all.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "office.h"
#include "store.h"

/*
 * Map the header's names f[0..nf) to columns of form: col[k] is the
 * position of form->cols[k], or -1 for an optional column left out.
 * Every required column once, no other.
 */
static enum rv_status
paper_header(const struct paper_form *form, const char *file, char **f,
    size_t nf, int *col, char **cause)
{
	char	 known[PAPER_COLS_MAX * (RV_ID_MAX + 2)];
	size_t	 i, k, used = 0;

	known[0] = '\0';
	for (k = 0; k < form->ncols; k++) {
		col[k] = -1;
		used += (size_t)snprintf(known + used, sizeof known - used,
		    "%s%s", k > 0 ? ", " : "", form->cols[k]);
	}
	for (i = 0; i < nf; i++) {
		for (k = 0; k < form->ncols && strcmp(f[i], form->cols[k]) != 0;
		    k++)
			;
		if (k == form->ncols)
			return rv_fail(cause, RV_EINPUT, "%s:1: unknown column "
			    "'%s' (columns: %s)", file, f[i], known);
		if (col[k] != -1)
			return rv_fail(cause, RV_EINPUT, "%s:1: column '%s' "
			    "appears twice", file, f[i]);
		col[k] = (int)i;
	}
	for (k = 0; k < form->nrequired; k++) {
		if (col[k] == -1)
			return rv_fail(cause, RV_EINPUT, "%s:1: missing "
			    "column '%s'", file, form->cols[k]);
	}
	return RV_OK;
}

/*
 * Read the paper forms of c's file (argv[0]) entered under --clerk:
 * check the clerk's name, open the store and a write transaction, and
 * check every row with form->row into a new array of form->row_size
 * bytes a row.  On return *s is open (the transaction too, on success),
 * and *rows holds *n rows, the last one perhaps half filled when a row
 * was refused: the caller frees each and the array, stores the rows and
 * commits, then closes *s, which rolls back what was not committed.
 */
enum rv_status
paper_read(struct cmd *c, const struct paper_form *form, void *ctx,
    struct paper_rows *out, char **cause)
{
	struct csv	*csv = NULL;
	const char	*file = c->argv[0];
	char		*buf = NULL, **f;
	size_t		 len, nf, cap = 0;
	int		 col[PAPER_COLS_MAX + 1], rc;
	enum rv_status	 st;

	memset(out, 0, sizeof *out);
	out->now = time_now();
	if (form->ncols > PAPER_COLS_MAX)
		fatal("paper form of %zu columns", form->ncols);
	if ((st = cmd_text(c, "clerk", RV_NAME_MAX, 1, &out->clerk,
	    cause)) != RV_OK)
		return st;
	if (csv_formula_like(out->clerk))
		return rv_fail(cause, RV_EUSAGE, "--clerk: '%s' starts like a "
		    "spreadsheet formula (= + - @)", out->clerk);
	if ((st = file_read(file, form->file_max, &buf, &len,
	    cause)) != RV_OK ||
	    (st = cmd_open_store(c, &out->s, cause)) != RV_OK ||
	    (st = store_begin(out->s, cause)) != RV_OK)
		goto out;
	csv = csv_open(file, buf, len);
	if ((rc = csv_next(csv, &f, &nf, cause)) <= 0) {
		st = rc < 0 ? RV_EINPUT : rv_fail(cause, RV_EINPUT,
		    "%s: empty file", file);
		goto out;
	}
	if ((st = paper_header(form, file, f, nf, col, cause)) != RV_OK)
		goto out;
	col[form->ncols] = (int)nf;
	while ((rc = csv_next(csv, &f, &nf, cause)) > 0) {
		if (out->n == cap) {
			cap = cap == 0 ? form->first_cap : cap * 2;
			out->rows = xreallocarray(out->rows, cap,
			    form->row_size);
		}
		memset((char *)out->rows + out->n * form->row_size, 0,
		    form->row_size);
		/* Counted before it is checked: the caller frees it too. */
		out->n++;
		if ((st = form->row(out->s, ctx, file, csv_line(csv), f, nf,
		    col, out->now, (char *)out->rows + (out->n - 1) *
		    form->row_size, cause)) != RV_OK)
			goto out;
	}
	if (rc < 0)
		st = RV_EINPUT;
	else if (out->n == 0)
		st = rv_fail(cause, RV_EINPUT, "%s: %s", file, form->none);
out:
	csv_free(csv);
	free(buf);
	return st;
}
