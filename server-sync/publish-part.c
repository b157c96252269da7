/*
 * publish's parts: what each estate adds to the pages about every
 * estate (its line of the estates index, its row and account in the
 * evaluation report), kept in the site beside its stamps
 * (PUB_PARTS_FILE, written with the pages) so that a publish can write
 * those pages again without tallying the estates it carries over.
 *
 * The file is
 *
 *	renovote publish parts 1
 *	estate ID DIGEST
 *	FIELD ...
 *
 * an estate per "estate" line, in id order, each with its stamp's
 * digest (publish-stamp.c) and the fields of pub_part, each either "-"
 * (none) or its length in bytes, ":", the bytes and a newline.  The
 * stamps file holds the SHA-256 of this file; a part is used only for
 * an estate carried over whose stamp is the one the part was made with.
 * Anything unexpected and the parts are not used at all.
 *
 * A part also lists the estate's files as the run wrote them into the
 * site ("SIZE SHA-256 PATH" lines): carrying the estate over links those
 * same files into the new site, so their hashes for the site's marker
 * are taken from here, when each file is still there with that size,
 * rather than by reading the 241 MB of a city's site again.  (The files
 * carried over are the old site's whatever their hashes; the hashes only
 * name the new site in its marker.)
 */

#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "office.h"
#include "web-int.h"

#define PARTS_MAGIC	"renovote publish parts 1\n"

/* Write one field: "-" for NULL, else its length, ":", it, newline. */
static void
part_field(FILE *f, const char *v)
{
	if (v == NULL) {
		fputs("-\n", f);
		return;
	}
	fprintf(f, "%zu:", strlen(v));
	fputs(v, f);
	fputc('\n', f);
}

/* Write one number as a field. */
static void
part_number(FILE *f, int64_t v)
{
	char	 buf[32];

	snprintf(buf, sizeof buf, "%" PRId64, v);
	part_field(f, buf);
}

/*
 * Write estate part's record (its "estate" line and fields) to f;
 * digest is its stamp's.
 */
void
pub_part_put(FILE *f, const struct pub_part *part)
{
	const struct web_summary *sum = &part->sum;

	fprintf(f, "estate %s %s\n", part->id, part->digest);
	part_field(f, sum->e.name);
	part_field(f, sum->e.name_zh_tw);
	part_field(f, sum->e.name_en);
	part_field(f, sum->e.street);
	part_field(f, sum->e.community);
	part_number(f, sum->plan);
	part_number(f, sum->part);
	part_number(f, (int64_t)sum->passed);
	part_number(f, (int64_t)sum->failed);
	part_number(f, (int64_t)sum->open);
	part_number(f, sum->owners.count);
	part_number(f, sum->owners.base);
	part_field(f, part->eval.csv);
	part_field(f, part->eval.compare);
	part_field(f, part->eval.section);
	part_field(f, part->files);
}

/* The header of a parts file. */
void
pub_parts_head(FILE *f)
{
	fputs(PARTS_MAGIC, f);
}

/*
 * Read one field at *at (before end) into *v (allocated, or NULL for
 * "-") and move past it; 0 when it is not one.
 */
static int
get_field(const char **at, const char *end, char **v)
{
	const char	*p = *at;
	char		*e;
	unsigned long long n;

	*v = NULL;
	if (end - p >= 2 && p[0] == '-' && p[1] == '\n') {
		*at = p + 2;
		return 1;
	}
	if (p >= end || *p < '0' || *p > '9')
		return 0;
	errno = 0;
	n = strtoull(p, &e, 10);
	/* e, ':', n bytes, '\n': 1 + n < end - e. */
	if (errno != 0 || e >= end || *e != ':' ||
	    n >= (unsigned long long)(end - e - 1) || e[1 + n] != '\n' ||
	    memchr(e + 1, '\0', n) != NULL)
		return 0;
	*v = xmalloc(n + 1);
	memcpy(*v, e + 1, n);
	(*v)[n] = '\0';
	*at = e + 2 + n;
	return 1;
}

/* Read a field that is a number from 0 to max into *v; 0 when not one. */
static int
get_number(const char **at, const char *end, int64_t max, int64_t *v)
{
	char		*s, *e;
	long long	 n;
	int		 ok;

	if (!get_field(at, end, &s) || s == NULL)
		return 0;
	errno = 0;
	n = strtoll(s, &e, 10);
	ok = errno == 0 && e != s && *e == '\0' && n >= 0 && n <= max &&
	    (s[0] != '0' || s[1] == '\0');
	free(s);
	*v = n;
	return ok;
}

/* Read one record's fields after its "estate" line into part. */
static int
get_part(const char **at, const char *end, struct pub_part *part)
{
	struct web_summary *sum = &part->sum;
	int64_t		 v[5];

	if (!get_field(at, end, &sum->e.name) || sum->e.name == NULL ||
	    !get_field(at, end, &sum->e.name_zh_tw) ||
	    !get_field(at, end, &sum->e.name_en) ||
	    !get_field(at, end, &sum->e.street) ||
	    !get_field(at, end, &sum->e.community) ||
	    !get_number(at, end, 1, &v[0]) || !get_number(at, end, 1, &v[1]) ||
	    !get_number(at, end, INT64_MAX, &v[2]) ||
	    !get_number(at, end, INT64_MAX, &v[3]) ||
	    !get_number(at, end, INT64_MAX, &v[4]) ||
	    !get_number(at, end, INT64_MAX, &sum->owners.count) ||
	    !get_number(at, end, INT64_MAX, &sum->owners.base) ||
	    !get_field(at, end, &part->eval.csv) || part->eval.csv == NULL ||
	    !get_field(at, end, &part->eval.compare) ||
	    part->eval.compare == NULL ||
	    !get_field(at, end, &part->eval.section) ||
	    part->eval.section == NULL ||
	    !get_field(at, end, &part->files))
		return 0;
	sum->plan = (int)v[0];
	sum->part = (int)v[1];
	sum->passed = (size_t)v[2];
	sum->failed = (size_t)v[3];
	sum->open = (size_t)v[4];
	return 1;
}

/*
 * Parse a parts file (len bytes text, NUL after them) into *out (allocated, *n records
 * in id order; free with pub_parts_free).  0, with nothing set, when it
 * is not a parts file as pub_part_put writes them.
 */
int
pub_parts_parse(const char *text, size_t len, struct pub_part **out,
    size_t *n)
{
	const char	*at = text, *end = text + len, *nl, *sp;
	struct pub_part	*v = NULL, *part;
	size_t		 m = 0;

	*out = NULL;
	*n = 0;
	if (len < strlen(PARTS_MAGIC) ||
	    memcmp(text, PARTS_MAGIC, strlen(PARTS_MAGIC)) != 0)
		return 0;
	at += strlen(PARTS_MAGIC);
	while (at < end) {
		if (end - at < 7 || memcmp(at, "estate ", 7) != 0 ||
		    (nl = memchr(at, '\n', end - at)) == NULL ||
		    (sp = memchr(at + 7, ' ', nl - at - 7)) == NULL ||
		    sp == at + 7 || memchr(at, '\0', nl - at) != NULL)
			goto bad;
		v = xreallocarray(v, m + 1, sizeof *v);
		part = &v[m++];
		memset(part, 0, sizeof *part);
		part->id = xstrndup(at + 7, sp - at - 7);
		part->digest = xstrndup(sp + 1, nl - sp - 1);
		part->sum.e.id = xstrdup(part->id);
		at = nl + 1;
		/* In id order, each once, as written. */
		if ((m > 1 && strcmp(v[m - 2].id, part->id) >= 0) ||
		    !get_part(&at, end, part))
			goto bad;
	}
	*out = v;
	*n = m;
	return 1;
bad:
	pub_parts_free(v, m);
	return 0;
}

/* The part of estate id among the n parts v (id order), or NULL. */
const struct pub_part *
pub_parts_find(const struct pub_part *v, size_t n, const char *id)
{
	size_t	 lo = 0, hi = n, mid;
	int	 c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((c = strcmp(id, v[mid].id)) == 0)
			return &v[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* Free what one part holds, and zero it. */
void
pub_part_clear(struct pub_part *part)
{
	free(part->id);
	free(part->digest);
	free(part->files);
	web_summary_clear(&part->sum);
	evaluation_part_clear(&part->eval);
	memset(part, 0, sizeof *part);
}

/* Free n parts and the array. */
void
pub_parts_free(struct pub_part *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		pub_part_clear(&v[i]);
	free(v);
}
