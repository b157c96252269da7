/*
 * publish's stamps: what each estate's published files were made from,
 * kept in the site itself (PUB_STAMPS_FILE, written with the pages), so
 * that the next publish can carry an estate's files over as they are,
 * without tallying or rendering it, when nothing they show changed.
 *
 * NOTES ON WHAT A STAMP COVERS
 *
 * A missed input would leave a stale page on the public site, so an
 * estate is carried over only when all of these are as they were:
 *
 * 1. The run: --at, --base-url, the office key (it signs the
 *    publications), the notice's office details, and the program
 *    itself: a SHA-256 of the running executable (templates, the
 *    languages published, the tally rules), of the message catalogue
 *    of every language the pages are written in, and the locale.  The
 *    caller gives the first ones as text (pub_stamps_pages).
 * 2. The kiosks' stamp (store_device_stamp: enrolments, revocations,
 *    voided chains, which delete answers) and the estate's own stamp
 *    (store_estate_stamps: roster, plan version, codes epoch).
 * 3. No chain record naming the estate since the last publish: the
 *    heads of that publish are kept, and the estates named by records
 *    after them (store_estates_since, as the server's page cache does)
 *    are made again.  A head that went back, went away, or whose record
 *    at the kept seq has another hash (a database restored, then added
 *    to) makes every estate again.
 * 4. What the pages show besides the tally (store_estate_page_stamps):
 *    publications and their stored trees, objections, the package and
 *    its kiosks.
 *
 * Items 2 and 3 are read in a snapshot taken before any report the pages
 * are made from (pub_stamps_begin), item 4 in the write transaction in
 * which the pages read them: a stamp may be older than the pages, which
 * costs an estate made again next time, never newer, which would hide a
 * change.  A file that is missing, unreadable or in another format makes
 * every estate again.
 *
 * The stamps also name, by its SHA-256, the parts file written with them
 * (publish-part.c): each estate's line of the index and part of the
 * evaluation report, made with the estate's digest.  Before anything is
 * tallied, pub_stamps_maybe says from the digests as the snapshot of
 * pub_stamps_begin makes them which estates may be carried over, so that
 * publish tallies only the others; the write transaction's digests
 * (pub_stamps_unchanged) still decide, and an estate found changed there
 * is tallied then.
 */

#include "config.h"

#include <libintl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ledger.h"
#include "office.h"
#include "store.h"

#define STAMPS_MAGIC	"renovote publish stamps 2\n"
#define STAMP_HEX	(RV_HASH_LEN * 2 + 1)	/* a digest in hex, NUL */
#define EXE_MAX		(256 * 1024 * 1024)	/* bytes of the program */
#define CATALOGUE_MAX	(64 * 1024 * 1024)	/* bytes of a .mo file */

struct pub_stamps {
	char		 program[STAMP_HEX];	/* executable, catalogues */
	char		*devices;		/* store_device_stamp */
	char		**heads;		/* chain heads, name order */
	uint64_t	*seqs;
	char		**hashes;		/* of each head's record */
	size_t		 nheads;
	char		**ids;			/* estates, id order */
	char		**data;			/* store_estate_stamps */
	char		**hex;			/* each estate's digest */
	char		**pre;			/* as it was in the snapshot */
	size_t		 n;
	char		**old_ids;		/* the site's, id order */
	char		**old_hex;
	size_t		 nold;
	char		**dirty;		/* named by new records, sorted */
	size_t		 ndirty;
	char		*old_parts;		/* SHA-256 of the site's parts */
	int		 all;			/* carry nothing over */
};

/*
 * Set *hex to the hash (lowercase hex, allocated) of device's record seq
 * in the ledger, or NULL when the ledger holds no such record.
 */
static enum rv_status
record_hash_hex(struct store *s, const char *device, uint64_t seq,
    char **hex, char **cause)
{
	uint8_t		 h[RV_HASH_LEN];
	int		 found;
	enum rv_status	 st;

	*hex = NULL;
	if ((st = store_ledger_hash(s, device, seq, h, &found,
	    cause)) != RV_OK || !found)
		return st;
	*hex = xmalloc(STAMP_HEX);
	ledger_hash_hex(h, *hex, STAMP_HEX);
	return RV_OK;
}

/* strcmp for qsort and bsearch over arrays of strings. */
static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Index of id in the sorted list v of n, or -1. */
static ssize_t
str_find(char **v, size_t n, const char *id)
{
	char	**hit;

	if (n == 0)
		return -1;
	hit = bsearch(&id, v, n, sizeof *v, str_cmp);
	return hit == NULL ? -1 : hit - v;
}

/*
 * Write to f the SHA-256 of the file at path and a newline; -1, writing
 * "-" instead, when it cannot be read.
 */
static int
put_file_digest(FILE *f, const char *path, size_t max)
{
	uint8_t		 md[RV_HASH_LEN];
	char		*buf, *why = NULL, hex[STAMP_HEX];
	size_t		 n;

	if (file_read(path, max, &buf, &n, &why) != RV_OK) {
		free(why);
		fputs("-\n", f);
		return -1;
	}
	ledger_sha256(buf, n, md);
	free(buf);
	ledger_hash_hex(md, hex, sizeof hex);
	fprintf(f, "%s\n", hex);
	return 0;
}

/*
 * The program's digest (note 1): the running executable and the message
 * catalogue of each language the pages are written in.  When the
 * executable cannot be read, a digest no other run shares, so nothing
 * is carried over.
 */
static void
program_digest(char hex[STAMP_HEX])
{
	uint8_t		 md[RV_HASH_LEN];
	const char	*dir = bindtextdomain(PACKAGE, NULL);
	char		*text, *path;
	size_t		 len;
	FILE		*f;
	int		 l;

	if ((f = open_memstream(&text, &len)) == NULL)
		fatal("open_memstream failed");
	fprintf(f, "%s\n", PACKAGE_STRING);
	/* The process's locale, in case any of it shows through. */
	fprintf(f, "%s\n", setlocale(LC_ALL, NULL) != NULL ?
	    setlocale(LC_ALL, NULL) : "-");
	if (put_file_digest(f, "/proc/self/exe", EXE_MAX) != 0)
		fprintf(f, "unknown %lld %ld\n", (long long)time_now(),
		    (long)getpid());
	for (l = 0; l < RV_NLOCALES; l++) {
		xasprintf(&path, "%s/%s/LC_MESSAGES/%s.mo", dir != NULL ? dir :
		    "", locale_name((enum rv_locale)l), PACKAGE);
		fprintf(f, "%s ", path);
		/* No catalogue ("-") for the source language. */
		(void)put_file_digest(f, path, CATALOGUE_MAX);
		free(path);
	}
	fclose(f);
	ledger_sha256(text, len, md);
	free(text);
	ledger_hash_hex(md, hex, STAMP_HEX);
}

/* Add the estates that device's records after seq name to ps->dirty. */
static enum rv_status
add_dirty(struct pub_stamps *ps, struct store *s, const char *device,
    uint64_t seq, char **cause)
{
	char		**ids;
	size_t		 n, i;
	enum rv_status	 st;

	if ((st = store_estates_since(s, device, seq, &ids, &n,
	    cause)) != RV_OK)
		return st;
	ps->dirty = xreallocarray(ps->dirty, ps->ndirty + n + 1,
	    sizeof *ps->dirty);
	for (i = 0; i < n; i++)
		ps->dirty[ps->ndirty++] = ids[i];
	free(ids);
	return RV_OK;
}

/*
 * One "head SEQ HASH DEVICE" line of the old site's stamps (note 3):
 * compare it with the store's heads, marking that head known, and add
 * the estates its later records name.  Sets ps->all when the head went
 * away, went back, or its record is not the one the old site saw.
 */
static enum rv_status
old_head(struct pub_stamps *ps, struct store *s, char *line, int *known,
    char **cause)
{
	char		*hex, *dev, *have = NULL;
	unsigned long long seq;
	size_t		 k;
	int		 off = 0;
	enum rv_status	 st = RV_OK;

	if (sscanf(line, "head %llu %n", &seq, &off) != 1 || off == 0 ||
	    (dev = strchr(line + off, ' ')) == NULL) {
		ps->all = 1;
		return RV_OK;
	}
	*dev++ = '\0';
	hex = line + off;
	for (k = 0; k < ps->nheads && strcmp(ps->heads[k], dev) != 0; k++)
		;
	if (k == ps->nheads || known[k] || ps->seqs[k] < seq) {
		ps->all = 1;
		return RV_OK;
	}
	known[k] = 1;
	if ((st = record_hash_hex(s, dev, seq, &have, cause)) != RV_OK)
		return st;
	if (have == NULL || strcmp(have, hex) != 0)
		ps->all = 1;
	else if (ps->seqs[k] > seq)
		st = add_dirty(ps, s, dev, seq, cause);
	free(have);
	return st;
}

/*
 * Parse the old site's stamps (text, NUL-terminated; changed in place)
 * into ps, and the estates that records after its heads name into
 * ps->dirty.  Anything unexpected sets ps->all.
 */
static enum rv_status
read_old(struct pub_stamps *ps, struct store *s, char *text, char **cause)
{
	char		*line, *next, *hex;
	int		*known;
	size_t		 i;
	enum rv_status	 st = RV_OK;

	if (strncmp(text, STAMPS_MAGIC, strlen(STAMPS_MAGIC)) != 0) {
		ps->all = 1;
		return RV_OK;
	}
	known = xcalloc(ps->nheads + 1, sizeof *known);
	for (line = text + strlen(STAMPS_MAGIC); *line != '\0' && !ps->all &&
	    st == RV_OK; line = next) {
		if ((next = strchr(line, '\n')) == NULL) {
			ps->all = 1;
			break;
		}
		*next++ = '\0';
		if (strncmp(line, "head ", 5) == 0)
			st = old_head(ps, s, line, known, cause);
		else if (strncmp(line, "parts ", 6) == 0 &&
		    ps->old_parts == NULL && strlen(line + 6) ==
		    STAMP_HEX - 1)
			ps->old_parts = xstrdup(line + 6);
		else if (strncmp(line, "estate ", 7) == 0 &&
		    (hex = strchr(line + 7, ' ')) != NULL) {
			*hex++ = '\0';
			/* In id order, each once, as pub_stamps_text wrote. */
			if (ps->nold > 0 && strcmp(ps->old_ids[ps->nold - 1],
			    line + 7) >= 0) {
				ps->all = 1;
				break;
			}
			ps->old_ids = xreallocarray(ps->old_ids, ps->nold + 1,
			    sizeof *ps->old_ids);
			ps->old_hex = xreallocarray(ps->old_hex, ps->nold + 1,
			    sizeof *ps->old_hex);
			ps->old_ids[ps->nold] = xstrdup(line + 7);
			ps->old_hex[ps->nold++] = xstrdup(hex);
		} else
			ps->all = 1;
	}
	/* Chains the old site did not know: all their records are new. */
	for (i = 0; i < ps->nheads && st == RV_OK && !ps->all; i++)
		if (!known[i])
			st = add_dirty(ps, s, ps->heads[i], 0, cause);
	free(known);
	return st;
}

/*
 * Each estate's digest (allocated, ps->n of them, ps->ids' order; NULL
 * for an estate the store holds no page stamps of) into *dst, freeing
 * what it held: of the run's site-wide inputs (site: --at, --base-url,
 * key, office; note 1), its stamps of note 2 and what its pages show
 * (note 4), read in the caller's transaction.
 */
static enum rv_status
digests(struct pub_stamps *ps, struct store *s, const char *site,
    char ***dst, char **cause)
{
	uint8_t		 md[RV_HASH_LEN];
	char		**ids = NULL, **pages = NULL, *text, **hex;
	size_t		 n = 0, i, len;
	ssize_t		 k;
	FILE		*f;
	enum rv_status	 st;

	if ((st = store_estate_page_stamps(s, &ids, &pages, &n,
	    cause)) != RV_OK)
		return st;
	if (*dst != NULL)
		strv_free(*dst, ps->n);
	*dst = hex = xcalloc(ps->n + 1, sizeof *hex);
	for (i = 0; i < n; i++) {
		if ((k = str_find(ps->ids, ps->n, ids[i])) < 0)
			continue;
		if ((f = open_memstream(&text, &len)) == NULL)
			fatal("open_memstream failed");
		fprintf(f, "%s\n%s\n%s\n", ps->program, site, ps->devices);
		fprintf(f, "%s\n%s\n%s\n", ids[i], ps->data[k], pages[i]);
		fclose(f);
		ledger_sha256(text, len, md);
		free(text);
		hex[k] = xmalloc(STAMP_HEX);
		ledger_hash_hex(md, hex[k], STAMP_HEX);
	}
	strv_free(ids, n);
	strv_free(pages, n);
	return RV_OK;
}

/*
 * Read what the site's stamps are compared with (notes 2 and 3), in a
 * read transaction of its own that must come before any report the
 * pages are made from: the store's chain heads, the kiosks' stamp and
 * the estates' stamps; and, when the site at out holds stamps, which
 * estates changed since.  In the same snapshot, each estate's digest
 * as the run's site-wide inputs site (pub_stamps_pages) would make it
 * now, which says which estates may be carried over before anything is
 * tallied (pub_stamps_maybe).  *out_ps is set in any case; free it with
 * pub_stamps_free.
 */
enum rv_status
pub_stamps_begin(struct store *s, const char *out, const char *site,
    struct pub_stamps **out_ps, char **cause)
{
	struct pub_stamps *ps;
	char		*path, *text = NULL, *why = NULL;
	size_t		 len, i;
	enum rv_status	 st;

	*out_ps = ps = xcalloc(1, sizeof *ps);
	program_digest(ps->program);
	if ((st = store_begin_read(s, cause)) != RV_OK)
		return st;
	if ((st = store_device_stamp(s, &ps->devices, cause)) != RV_OK ||
	    (st = store_estate_stamps(s, &ps->ids, &ps->data, &ps->n,
	    cause)) != RV_OK ||
	    (st = store_head_seqs(s, &ps->heads, &ps->seqs, &ps->nheads,
	    cause)) != RV_OK)
		goto out;
	ps->hashes = xcalloc(ps->nheads + 1, sizeof *ps->hashes);
	for (i = 0; i < ps->nheads && st == RV_OK; i++)
		st = record_hash_hex(s, ps->heads[i], ps->seqs[i],
		    &ps->hashes[i], cause);
	if (st != RV_OK)
		goto out;
	for (i = 0; i < ps->nheads; i++)
		if (ps->hashes[i] == NULL)
			ps->hashes[i] = xstrdup("-");	/* never matches */
	xasprintf(&path, "%s/" PUB_STAMPS_FILE, out);
	if (file_read(path, PUB_STAMPS_MAX, &text, &len, &why) != RV_OK ||
	    memchr(text, '\0', len) != NULL) {
		free(why);
		ps->all = 1;
	} else
		st = read_old(ps, s, text, cause);
	free(path);
	free(text);
	if (st == RV_OK && !ps->all)
		st = digests(ps, s, site, &ps->pre, cause);
	if (st == RV_OK && ps->ndirty > 0)
		qsort(ps->dirty, ps->ndirty, sizeof *ps->dirty, str_cmp);
out:
	store_rollback(s);
	return st;
}

/*
 * In the caller's write transaction, after its publication rows: each
 * estate's digest of the run's site-wide inputs (site: --at, --base-url,
 * key, office; note 1), its stamps of notes 2 and what its pages show
 * (note 4).  An estate the store holds that pub_stamps_begin did not see
 * (added since) gets none, so it is made.  Called again after the
 * estates are written, it makes the digests the site keeps: those the
 * next run will compute, with the publication trees this run stored.
 */
enum rv_status
pub_stamps_pages(struct pub_stamps *ps, struct store *s, const char *site,
    char **cause)
{
	return digests(ps, s, site, &ps->hex, cause);
}

/*
 * May estate id's files be carried over from the old site as they are?
 * Only when its digest is that of the old site's stamps and no record
 * since names it.
 */
int
pub_stamps_unchanged(const struct pub_stamps *ps, const char *id)
{
	ssize_t		 k, o;

	if (ps == NULL || ps->all || ps->hex == NULL ||
	    (k = str_find(ps->ids, ps->n, id)) < 0 || ps->hex[k] == NULL ||
	    str_find(ps->dirty, ps->ndirty, id) >= 0 ||
	    (o = str_find(ps->old_ids, ps->nold, id)) < 0)
		return 0;
	return strcmp(ps->hex[k], ps->old_hex[o]) == 0;
}

/*
 * May estate id's files be carried over, as far as the snapshot of
 * pub_stamps_begin tells: its digest then was that of the old site's
 * stamps and no record since names it.  Only pub_stamps_unchanged, in
 * the write transaction, decides; an estate for which this says no is
 * never carried over.
 */
int
pub_stamps_maybe(const struct pub_stamps *ps, const char *id)
{
	ssize_t		 k, o;

	if (ps == NULL || ps->all || ps->pre == NULL ||
	    (k = str_find(ps->ids, ps->n, id)) < 0 || ps->pre[k] == NULL ||
	    str_find(ps->dirty, ps->ndirty, id) >= 0 ||
	    (o = str_find(ps->old_ids, ps->nold, id)) < 0)
		return 0;
	return strcmp(ps->pre[k], ps->old_hex[o]) == 0;
}

/*
 * Estate id's digest in the old site's stamps (hex), or NULL when they
 * hold none or are not to be trusted.
 */
const char *
pub_stamps_old(const struct pub_stamps *ps, const char *id)
{
	ssize_t		 o;

	if (ps == NULL || ps->all ||
	    (o = str_find(ps->old_ids, ps->nold, id)) < 0)
		return NULL;
	return ps->old_hex[o];
}

/*
 * Estate id's digest as pub_stamps_pages made it last (hex), or NULL:
 * what the new site's stamps will hold.
 */
const char *
pub_stamps_digest(const struct pub_stamps *ps, const char *id)
{
	ssize_t		 k;

	if (ps == NULL || ps->hex == NULL ||
	    (k = str_find(ps->ids, ps->n, id)) < 0)
		return NULL;
	return ps->hex[k];
}

/*
 * The SHA-256 (hex) of the parts file the old site's stamps name
 * (PUB_PARTS_FILE), or NULL when they name none.
 */
const char *
pub_stamps_parts(const struct pub_stamps *ps)
{
	return ps == NULL || ps->all ? NULL : ps->old_parts;
}

/* Trust nothing of the old site: every estate is made again. */
void
pub_stamps_distrust(struct pub_stamps *ps)
{
	ps->all = 1;
}

/*
 * The stamps file of the new site (allocated, *len bytes): the heads
 * read by pub_stamps_begin, the SHA-256 (hex) of the new site's parts
 * file, then each estate's digest, in id order.
 */
void
pub_stamps_text(const struct pub_stamps *ps, const char *parts, char **text,
    size_t *len)
{
	FILE		*f;
	size_t		 i;

	if ((f = open_memstream(text, len)) == NULL)
		fatal("open_memstream failed");
	fputs(STAMPS_MAGIC, f);
	for (i = 0; i < ps->nheads; i++)
		fprintf(f, "head %llu %s %s\n", (unsigned long long)ps->seqs[i],
		    ps->hashes[i], ps->heads[i]);
	fprintf(f, "parts %s\n", parts);
	for (i = 0; i < ps->n; i++)
		if (ps->hex != NULL && ps->hex[i] != NULL)
			fprintf(f, "estate %s %s\n", ps->ids[i], ps->hex[i]);
	fclose(f);
}

/* Free what pub_stamps_begin and pub_stamps_pages made. */
void
pub_stamps_free(struct pub_stamps *ps)
{
	if (ps == NULL)
		return;
	free(ps->devices);
	strv_free(ps->heads, ps->nheads);
	free(ps->seqs);
	strv_free(ps->hashes, ps->hashes != NULL ? ps->nheads : 0);
	strv_free(ps->ids, ps->n);
	strv_free(ps->data, ps->n);
	if (ps->hex != NULL)
		strv_free(ps->hex, ps->n);
	if (ps->pre != NULL)
		strv_free(ps->pre, ps->n);
	free(ps->old_parts);
	strv_free(ps->old_ids, ps->nold);
	strv_free(ps->old_hex, ps->nold);
	strv_free(ps->dirty, ps->ndirty);
	free(ps);
}
