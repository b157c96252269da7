/*
 * verify: check a published site offline, from its files alone, without
 * the office database (docs/protocol.md, "Publication").  For every
 * estate directory DIR/e/<estate> with publications: each file of
 * publications/1.json .. N.json verifies on its own (every tally figure
 * recounted from the leaves, the root recomputed from the leaves, the
 * office signature over root and tally), keeps every record the one
 * before it counted, and all are signed by one office key; the current
 * publication.json is the same file as the latest one.  The first
 * failure is reported in one line naming the file, the estate and the
 * leaf or record.  With --receipt, the record of that receipt in an
 * estate's latest publication is printed with its path to the root.
 */

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "office.h"
#include "publication.h"

#define VERIFY_PUBS_MAX	100000	/* publications of one estate */

static enum rv_status cmd_verify_exec(struct cmd *, char **);

const struct cmd_entry cmd_verify_entry = {
	.name = "verify",
	.options = "receipt:",
	.minargs = 1,
	.maxargs = 1,
	.usage = N_("[--receipt R] SITE_DIR"),
	.help = N_("Check a site publish wrote, offline: the office signature "
	    "on every\npublication, each root against its records, each tally "
	    "against the records\nunder its root, and that no record an "
	    "earlier publication counted is\nmissing from a later one.  "
	    "--receipt also prints the record of\nreceipt R in the latest "
	    "publication with its path to the root."),
	.exec = cmd_verify_exec,
};

/* What one run has seen. */
struct verify {
	const char	*site;
	const char	*receipt;	/* --receipt, or NULL */
	int		 found;		/* its record was printed */
	char		*key;		/* the first one's office key */
	char		*key_file;	/* where it was first seen */
	size_t		 estates;
	size_t		 pubs;
};

/* Read one file whole; *found is 0 when it does not exist. */
static enum rv_status
verify_read(const char *path, char **text, size_t *len, int *found,
    char **cause)
{
	*text = NULL;
	*found = access(path, F_OK) == 0;
	if (!*found)
		return RV_OK;
	return file_read(path, RV_PUB_FILE_MAX, text, len, cause);
}

/*
 * Refuse a publications/ directory holding anything but 1.json up to
 * (first missing - 1).json: a gap means a publication was removed.
 */
static enum rv_status
verify_gap(struct verify *v, const char *id, long missing, char **cause)
{
	DIR		*d;
	struct dirent	*de;
	char		*path, *end;
	long		 k;
	enum rv_status	 st = RV_OK;

	xasprintf(&path, "%s/e/%s/publications", v->site, id);
	d = opendir(path);
	free(path);
	if (d == NULL)
		return RV_OK;
	while (st == RV_OK && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		k = strtol(de->d_name, &end, 10);
		if (end == de->d_name || strcmp(end, ".json") != 0 || k < 1 ||
		    k >= missing)
			st = rv_fail(cause, RV_EINPUT, "e/%s/publications/%s: "
			    "estate %s: publication %ld is missing before it",
			    id, de->d_name, id, missing);
	}
	closedir(d);
	return st;
}

/* Check one estate directory's publications. */
static enum rv_status
verify_estate(struct verify *v, const char *id, char **cause)
{
	struct rv_pub	*prev = NULL, *cur = NULL;
	char		*path = NULL, *prevname = NULL, *name = NULL;
	char		*text = NULL, *last = NULL, *latest = NULL;
	size_t		 len, lastlen = 0, latestlen = 0;
	long		 n;
	int		 found;
	enum rv_status	 st = RV_OK;

	for (n = 1; n <= VERIFY_PUBS_MAX; n++) {
		xasprintf(&name, "e/%s/publications/%ld.json", id, n);
		xasprintf(&path, "%s/%s", v->site, name);
		st = verify_read(path, &text, &len, &found, cause);
		free(path);
		if (st != RV_OK || !found)
			break;
		if ((st = pub_verify(name, text, len, &cur, cause)) != RV_OK)
			break;
		if (strcmp(pub_estate(cur), id) != 0 || pub_number(cur) != n) {
			st = rv_fail(cause, RV_EINPUT, "%s: estate %s: it says "
			    "estate %s, number %ld", name, id, pub_estate(cur),
			    pub_number(cur));
			break;
		}
		if (v->key == NULL) {
			v->key = xstrdup(pub_office_key(cur));
			v->key_file = xstrdup(name);
		} else if (strcmp(v->key, pub_office_key(cur)) != 0) {
			st = rv_fail(cause, RV_EINPUT, "%s: estate %s: signed "
			    "by another office key than %s", name, id,
			    v->key_file);
			break;
		}
		if (prev != NULL && (st = pub_verify_follows(prev, prevname,
		    cur, name, cause)) != RV_OK)
			break;
		pub_free(prev);
		prev = cur;
		cur = NULL;
		free(prevname);
		prevname = name;
		name = NULL;
		free(last);
		last = text;
		lastlen = len;
		text = NULL;
		v->pubs++;
	}
	if (st != RV_OK || (st = verify_gap(v, id, n, cause)) != RV_OK)
		goto out;
	xasprintf(&path, "%s/e/%s/publication.json", v->site, id);
	st = verify_read(path, &latest, &latestlen, &found, cause);
	free(path);
	if (st != RV_OK)
		goto out;
	if (found && (last == NULL || latestlen != lastlen ||
	    memcmp(latest, last, lastlen) != 0))
		st = rv_fail(cause, RV_EINPUT, "e/%s/publication.json: estate "
		    "%s: not the same as the latest of publications/", id, id);
	else if (!found && last != NULL)
		st = rv_fail(cause, RV_EINPUT, "e/%s/publication.json: estate "
		    "%s: missing", id, id);
	else if (last != NULL)
		v->estates++;
	if (st == RV_OK && prev != NULL && v->receipt != NULL && !v->found) {
		if ((found = pub_receipt_path(prev, v->receipt, stdout)) < 0)
			st = rv_fail(cause, RV_EUSAGE, "--receipt: '%s' is not "
			    "a receipt", v->receipt);
		else
			v->found = found;
	}
out:
	pub_free(prev);
	pub_free(cur);
	free(prevname);
	free(name);
	free(text);
	free(last);
	free(latest);
	return st;
}

/* Sort estate names. */
static int
verify_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Check every estate of the site. */
static enum rv_status
cmd_verify_exec(struct cmd *c, char **cause)
{
	struct verify	 v;
	DIR		*d;
	struct dirent	*de;
	char		*path, **ids = NULL;
	size_t		 nids = 0, i;
	enum rv_status	 st = RV_OK;

	memset(&v, 0, sizeof v);
	v.site = c->argv[0];
	v.receipt = cmd_get(c, "receipt");
	xasprintf(&path, "%s/e", v.site);
	if ((d = opendir(path)) == NULL) {
		st = rv_fail(cause, RV_EINPUT, "%s: %s: not a published site",
		    path, strerror(errno));
		free(path);
		return st;
	}
	free(path);
	while ((de = readdir(d)) != NULL) {
		if (!id_valid(de->d_name))
			continue;
		ids = xreallocarray(ids, nids + 1, sizeof *ids);
		ids[nids++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (nids > 1)
		qsort(ids, nids, sizeof *ids, verify_cmp);
	for (i = 0; i < nids && st == RV_OK; i++)
		st = verify_estate(&v, ids[i], cause);
	if (st == RV_OK && v.receipt != NULL && !v.found)
		st = rv_fail(cause, RV_EINPUT, "--receipt: %s: no latest "
		    "publication of %s counts this record", v.receipt, v.site);
	if (st == RV_OK && v.pubs == 0)
		st = rv_fail(cause, RV_EINPUT, "%s: no publication to verify",
		    v.site);
	if (st == RV_OK)
		printf(_("verified %zu publications of %zu estates in %s\n"),
		    v.pubs, v.estates, v.site);
	strv_free(ids, nids);
	free(v.key);
	free(v.key_file);
	return st;
}
