/*
 * codes issue: a fresh voting code for every flat of an estate, into the
 * codes file and, with --slips, printable slips (slip.c).
 *
 * The codes file and the slips are each written to a temporary file
 * beside their place and fsynced first.  The transaction that replaces
 * the hashes also records an intent for each file (intent.c: its path,
 * the temporary path and the SHA-256 of the new content) and keeps the
 * earlier hashes; only after it commits are the files renamed into
 * place, and a second transaction drops the intents.  If the first
 * rename fails, the earlier codes are put back; if the run is killed
 * after the commit, the next office command finishes the renames (or,
 * when a temporary file is gone, rolls the codes back).  No copy of the
 * old codes file is kept, and what killed runs left beside the files
 * (*.tmp.XXXXXX, *.old.XXXXXX) is removed at the start.  Codes exist in
 * memory only as long as it takes to hash and write them, and are wiped
 * after.
 */

#include "config.h"

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger.h"
#include "office.h"
#include "store.h"

static enum rv_status cmd_codes_issue_exec(struct cmd *, char **);

const struct cmd_entry cmd_codes_issue_entry = {
	.name = "codes issue",
	.options = "db:,estate:,out:,slips:,lang:",
	.minargs = 0,
	.maxargs = 0,
	.usage = N_("[--db FILE] --estate ID --out CODES.csv [--slips "
	    "SLIPS.html] [--lang L]"),
	.help = N_("Issue a fresh voting code for every flat of the estate "
	    "and write them to\nCODES.csv (mode 0600) for printing.  Only "
	    "salted hashes are stored; every\nearlier code of the estate "
	    "stops working.  --slips also writes SLIPS.html\n(mode 0600): "
	    "one A6 page per flat with the code as text, as 18 digits and\n"
	    "as a QR code, how to vote and the voting window, in --lang "
	    "(zh_CN, zh_TW,\nen; zh_CN if not given), ready to print from a "
	    "browser."),
	.exec = cmd_codes_issue_exec,
};

/*
 * Render the codes file into one buffer sized up front (so no realloc
 * leaves copies of the codes behind): a header row, then estate_id,
 * flat_id, code, what a printing shop needs to address each slip, and
 * the code's numeric form (code_digits, "436 612 885 781 375 195").
 * *outcap is the buffer's size, for freezero.
 */
static enum rv_status
codes_render(const struct rv_estate *e, char (*codes)[RV_CODE_TEXT],
    char **out, size_t *outlen, size_t *outcap, char **cause)
{
	static const char header[] = "estate_id,flat_id,code,estate_name,"
	    "building,entrance,room,code_digits\n";
	FILE	*f;
	char	 num[RV_CODE_NUM_TEXT];
	size_t	 i, k, cap = sizeof header;
	int	 bad = 0;
	long	 end;

	/* Quoting at most doubles a field and adds three characters. */
	for (i = 0; i < e->nflats; i++) {
		const struct rv_flat *fl = &e->flats[i];
		const char *row[] = { e->id, fl->flat_id, codes[i], e->name,
		    fl->building, fl->entrance, fl->room, num };

		for (k = 0; k + 1 < nitems(row); k++)
			cap += 2 * strlen(row[k]) + 4;
		cap += 2 * sizeof num + 4;
	}
	*out = xcalloc(cap, 1);
	*outcap = cap;
	if ((f = fmemopen(*out, cap, "w")) == NULL) {
		freezero(*out, cap);
		*out = NULL;
		return rv_fail(cause, RV_EENV, "cannot build codes file");
	}
	/* No stdio buffer: it would keep copies of the codes. */
	setvbuf(f, NULL, _IONBF, 0);
	fputs(header, f);
	for (i = 0; i < e->nflats; i++) {
		const struct rv_flat *fl = &e->flats[i];
		const char *row[] = { e->id, fl->flat_id, codes[i], e->name,
		    fl->building, fl->entrance, fl->room, num };

		bad |= code_numeric(codes[i], num, sizeof num) != 0;
		for (k = 0; k < nitems(row); k++) {
			bad |= csv_write_cell(f, row[k]) != 0;
			bad |= fputc(k + 1 < nitems(row) ? ',' : '\n',
			    f) == EOF;
		}
	}
	explicit_bzero(num, sizeof num);
	end = ftell(f);
	if (fclose(f) != 0 || bad || end < 0) {
		freezero(*out, cap);
		*out = NULL;
		return rv_fail(cause, RV_EENV, "cannot build codes file");
	}
	*outlen = (size_t)end;
	return RV_OK;
}

/* Does the stored roster still have exactly e's flats? */
static enum rv_status
codes_same_roster(struct store *s, const struct rv_estate *e, char **cause)
{
	struct rv_estate	*now = NULL;
	enum rv_status		 st;
	size_t			 i;

	if ((st = store_estate_load(s, e->id, &now, cause)) != RV_OK)
		return st;
	if (now->nflats != e->nflats)
		st = RV_EINPUT;
	for (i = 0; st == RV_OK && i < e->nflats; i++) {
		if (strcmp(now->flats[i].flat_id, e->flats[i].flat_id) != 0)
			st = RV_EINPUT;
	}
	estate_free(now);
	if (st != RV_OK)
		return rv_fail(cause, st, "the roster of %s changed while the "
		    "codes were made; run codes issue again", e->id);
	return RV_OK;
}

/*
 * The voting window the slips print: from the first question's opening to
 * the last one's closing; both 0 when the estate has no plan yet.
 */
static enum rv_status
codes_window(struct store *s, const char *estate, struct slip_set *set,
    char **cause)
{
	struct rv_plan	*p = NULL;
	enum rv_status	 st;
	size_t		 i;

	if ((st = store_plan_load(s, estate, &p, cause)) != RV_OK)
		return st;
	for (i = 0; p != NULL && i < p->nquestions; i++) {
		if (set->opens == 0 || p->questions[i].opens < set->opens)
			set->opens = p->questions[i].opens;
		if (p->questions[i].closes > set->closes)
			set->closes = p->questions[i].closes;
	}
	plan_free(p);
	return RV_OK;
}

/* Generate, hash, write, commit, rename; wipe the codes on every path. */
static enum rv_status
cmd_codes_issue_exec(struct cmd *c, char **cause)
{
	static const char *const leftovers[] = { ".tmp.", ".old." };
	struct store	*s = NULL;
	struct rv_estate *e = NULL;
	struct rv_code_row *rows = NULL;
	char		(*codes)[RV_CODE_TEXT] = NULL;
	char		(*hashes)[RV_CODE_HASH_MAX] = NULL;
	const char	**codep = NULL, *estate, *out;
	const char	*slips = cmd_get(c, "slips"), *lang = cmd_get(c, "lang");
	struct file_swap fs = { NULL, NULL, NULL };
	struct file_swap fslips = { NULL, NULL, NULL };
	struct slip_set	 set;
	char		*csv = NULL, *html = NULL, *aout = NULL, *aslips = NULL;
	char		 batch[INTENT_BATCH_LEN];
	size_t		 csvlen = 0, csvcap = 0, htmllen = 0, htmlcap = 0;
	size_t		 i, n = 0;
	uint64_t	 version;
	enum rv_status	 st;

	memset(&set, 0, sizeof set);
	set.loc = RV_ZH_CN;
	if ((st = cmd_require(c, "estate", &estate, cause)) != RV_OK ||
	    (st = cmd_require(c, "out", &out, cause)) != RV_OK)
		goto out;
	if (lang != NULL && slips == NULL) {
		st = rv_fail(cause, RV_EUSAGE, "--lang is for --slips");
		goto out;
	}
	if (lang != NULL && locale_from_name(lang, &set.loc) != 0) {
		st = rv_fail(cause, RV_EUSAGE, "--lang: '%s' is not zh_CN, "
		    "zh_TW or en", lang);
		goto out;
	}
	if ((st = intent_abs_path(out, &aout, cause)) != RV_OK ||
	    (slips != NULL && (st = intent_abs_path(slips, &aslips,
	    cause)) != RV_OK))
		goto out;
	if (slips != NULL && (strcmp(slips, out) == 0 ||
	    strcmp(aslips, aout) == 0)) {
		st = rv_fail(cause, RV_EUSAGE, "--slips and --out name the "
		    "same file");
		goto out;
	}
	if ((st = intent_target_check(out, cause)) != RV_OK ||
	    (slips != NULL && (st = intent_target_check(slips,
	    cause)) != RV_OK))
		goto out;
	/* Opening the store settles what a killed run left. */
	if ((st = cmd_open_store(c, &s, cause)) != RV_OK ||
	    (st = store_estate_load(s, estate, &e, cause)) != RV_OK ||
	    (slips != NULL && (st = codes_window(s, estate, &set,
	    cause)) != RV_OK))
		goto out;
	intent_clean_beside(aout, leftovers, nitems(leftovers));
	if (aslips != NULL)
		intent_clean_beside(aslips, leftovers, nitems(leftovers));
	n = e->nflats;
	codes = xcalloc(n, sizeof *codes);
	hashes = xcalloc(n, sizeof *hashes);
	codep = xcalloc(n, sizeof *codep);
	rows = xcalloc(n, sizeof *rows);
	for (i = 0; i < n; i++) {
		if ((st = code_generate(codes[i], sizeof codes[i],
		    cause)) != RV_OK)
			goto out;
		codep[i] = codes[i];
	}
	if ((st = code_hash_many(codep, hashes, n, cause)) != RV_OK ||
	    (st = codes_render(e, codes, &csv, &csvlen, &csvcap,
	    cause)) != RV_OK ||
	    (st = file_swap_begin(&fs, aout, csv, csvlen, 0600,
	    cause)) != RV_OK)
		goto out;
	if (slips != NULL) {
		set.estate = e;
		set.codes = codes;
		if ((st = slip_render(&set, &html, &htmllen, &htmlcap,
		    cause)) != RV_OK ||
		    (st = file_swap_begin(&fslips, aslips, html, htmllen, 0600,
		    cause)) != RV_OK)
			goto out;
	}
	for (i = 0; i < n; i++) {
		rows[i].flat_id = e->flats[i].flat_id;
		memcpy(rows[i].hash, hashes[i], sizeof rows[i].hash);
	}
	/*
	 * Hashing takes a while and is done outside the transaction, so it
	 * does not hold the write lock; the roster must not have changed
	 * meanwhile.  The intents go in before the epoch changes (they
	 * keep the earlier one).
	 */
	intent_batch_new(batch);
	if ((st = store_begin(s, cause)) != RV_OK)
		goto out;
	if ((st = codes_same_roster(s, e, cause)) != RV_OK ||
	    (st = store_intent_codes_keep(s, e->id, cause)) != RV_OK ||
	    (st = intent_add_file(s, batch, "codes", e->id, &fs, csv, csvlen,
	    cause)) != RV_OK ||
	    (slips != NULL && (st = intent_add_file(s, batch, "codes", e->id,
	    &fslips, html, htmllen, cause)) != RV_OK) ||
	    (st = store_codes_replace(s, e->id, rows, n, cause)) != RV_OK ||
	    (st = store_package_get(s, e->id, &version, cause)) != RV_OK ||
	    (st = store_codes_epoch_put(s, e->id, version + 1,
	    cause)) != RV_OK ||
	    (st = store_commit(s, cause)) != RV_OK) {
		store_rollback(s);
		goto out;
	}
	/* The temporary files now belong to the intents. */
	free(fs.tmp);
	fs.tmp = NULL;
	free(fslips.tmp);
	fslips.tmp = NULL;
	if ((st = intent_settle(s, batch, 1, cause)) != RV_OK)
		goto out;
	printf(_("Issued %zu voting codes for %s (%s) into %s; earlier "
	    "codes no longer work\n"), n, e->id, e->name, out);
	if (slips != NULL)
		printf(_("Wrote %zu slips (one A6 page each) into %s\n"), n,
		    slips);
	printf(_("Make a new package (renovote-office package) and load it "
	    "on every kiosk of %s:\nanswers recorded with the earlier codes "
	    "meanwhile are kept but not counted.\n"), e->id);
out:
	file_swap_end(&fslips);
	file_swap_end(&fs);
	if (codes != NULL)
		freezero(codes, n * sizeof *codes);
	if (csv != NULL)
		freezero(csv, csvcap);
	if (html != NULL)
		freezero(html, htmlcap);
	free(aout);
	free(aslips);
	free(hashes);
	free(codep);
	free(rows);
	estate_free(e);
	store_close(s);
	return st;
}
