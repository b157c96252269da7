/*
 * publish: the results site as static files for any web server, the
 * printable notice (公示) of each estate and the cluster's evaluation
 * report, and the publication itself recorded in the office database.
 *
 * DIR/index.html, DIR/e/<estate>/index.html    the pages, in zh_CN; the
 *     same with .zh_TW.html and .en.html for the other languages; the
 *     estates index goes on in index-2.html ... past INDEX_PAGE_ESTATES
 * DIR/style.css, DIR/qr/<estate>.svg           the stylesheet; the QR code
 *     of BASE/e/<estate>
 * DIR/notice/<estate>.html                     the A4 notice of the latest
 *     publication of each estate that has one
 * DIR/report/report.html, report.csv           the evaluation report (考评)
 * DIR/e/<estate>/publication.json,              the signed list of the
 *     publications/<n>.json                     records counted, latest and
 *                                               every one before it
 *                                               (docs/protocol.md,
 *                                               "Publication"); verify
 *                                               checks them
 *
 * Publication rules (docs/publication.md).  Without --final every estate
 * with a plan gets a preliminary publication at --at, which opens an
 * objection period of --objection-days (default 7) days; publishing
 * again at the same instant adds nothing, at a later one restarts the
 * period, and an estate whose final notice is out keeps it.  --final is
 * refused, for the whole run, while any estate with a plan has a
 * question still open at --at, no preliminary publication, an objection period still running at --at,
 * or an objection not resolved: there is no override, an objection that
 * is not upheld is resolved saying so.
 *
 * Atomicity.  The site is written into a fresh directory .publish.XXXXXX
 * beside DIR; its marker file .renovote-site, written last, holds a hash
 * over every other file (site_add).  The
 * publication rows commit together with an intent (intent.c) holding
 * DIR, that directory and the SHA-256 of the marker; only then is the
 * new site swapped with DIR in one renameat2(RENAME_EXCHANGE) (or
 * renamed into place when DIR does not exist yet), the old site removed
 * and the intent dropped.  If the swap fails the publication rows are
 * removed again; if the run is killed after the commit, the next office
 * command finishes the swap (or, when the new site is gone, removes the
 * rows), so the public site is never ahead of the database.  Directories
 * .publish.XXXXXX that killed runs left are removed at the start.  DIR
 * must be absent, empty, or a site this command wrote (it holds the
 * marker file), so it never swaps away anything else.
 */

#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ledger.h"
#include "office.h"
#include "publication.h"
#include "web-int.h"
#include "store.h"

#define PUBLISH_DAYS_DEFAULT	7
#define PUBLISH_DAYS_MAX	90
#define PUBLISH_DAY_MS		(24LL * 60 * 60 * 1000)
#define PUBLISH_MARKER		".renovote-site"
#define PUBLISH_MANIFEST	".renovote-manifest"
#define PUBLISH_MANIFEST_MAX	(64 * 1024 * 1024)	/* bytes */
#define PUBLISH_FD_MAX		16	/* descriptors nftw may hold */

static enum rv_status cmd_publish_exec(struct cmd *, char **);

const struct cmd_entry cmd_publish_entry = {
	.name = "publish",
	.options = "db:,out:,base-url:,final,objection-days:,at:",
	.minargs = 0,
	.maxargs = 0,
	.usage = N_("[--db FILE] --out DIR --base-url URL [--final] "
	    "[--objection-days N] [--at ISO8601]"),
	.help = N_("Write the results pages as static files to DIR, with "
	    "QR codes as SVG, a\nprintable A4 notice per estate and the "
	    "cluster's evaluation report (HTML and\nCSV), and record the "
	    "publication: a preliminary one opens an objection\nperiod of N "
	    "days (default 7); --final is refused while a question is "
	    "open,\na period runs or an objection is unresolved.  DIR is "
	    "replaced whole or not at\nall.  Each estate's counted records "
	    "are signed with the office key as a\npublication that verify "
	    "checks."),
	.exec = cmd_publish_exec,
};

/* One line of a site's manifest: a file's SHA-256 by its path. */
struct site_entry {
	char		*key;
	uint8_t		 md[RV_HASH_LEN];
};

/* What one run publishes. */
struct publish {
	struct store		*s;
	const char		*out;
	char			*base;		/* --base-url, no trailing / */
	int			 final;
	rv_ms			 at;
	rv_ms			 until;		/* end of a new objection period */
	struct rv_report	*all;		/* every estate */
	struct rv_report	**one;		/* each estate on its own */
	char			*top;		/* the new site, until in place */
	char			*marker;	/* the marker's content */
	uint8_t			 chain[RV_HASH_LEN]; /* site_add */
	size_t			 recorded;	/* publication rows added */
	struct notice_office	 office;	/* who issues the notices */
	struct rv_key		*key;		/* the office key, signs roots */
	struct site_entry	*old;		/* the old site's manifest */
	size_t			 nold;
	FILE			*manifest;	/* the new site's manifest */
	char			*mbuf;
	size_t			 mlen;
	size_t			 written;	/* files written */
	size_t			 carried;	/* linked from the old site */
};

/* nftw callback: remove one entry of a tree, children first. */
static int
rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	return remove(path);
}

/* Remove a directory tree; errors leave debris but change nothing public. */
static void
rm_tree(const char *path)
{
	if (path != NULL)
		nftw(path, rm_entry, PUBLISH_FD_MAX, FTW_DEPTH | FTW_PHYS);
}

/*
 * Make a directory of the new site.  Nothing is synced yet: the whole
 * tree is made durable at once (site_marker) before the publication
 * commits, and a tree left by a killed run is removed by the next.
 */
static enum rv_status
site_dir(struct publish *p, const char *rel, char **cause)
{
	char		*path;
	enum rv_status	 st = RV_OK;

	xasprintf(&path, "%s/%s", p->top, rel);
	if (mkdir(path, 0755) != 0 && errno != EEXIST)
		st = rv_fail(cause, RV_EENV, "%s: %s", path, strerror(errno));
	free(path);
	return st;
}

/* qsort and bsearch over manifest entries, by key. */
static int
site_entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct site_entry *)a)->key,
	    ((const struct site_entry *)b)->key);
}

/*
 * Read the manifest of the old site, if it has one: a line
 * "SHA-256 PATH" per file.  What cannot be read or parsed is ignored
 * (every file is then written afresh): the manifest only saves work.
 */
static void
manifest_load(struct publish *p)
{
	char		*path, *buf = NULL, *line, *next, *sp;
	size_t		 len, n = 0;

	xasprintf(&path, "%s/" PUBLISH_MANIFEST, p->out);
	if (file_read(path, PUBLISH_MANIFEST_MAX, &buf, &len, NULL) != RV_OK) {
		free(path);
		return;
	}
	free(path);
	for (line = buf; *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) == NULL)
			break;
		*next++ = '\0';
		if ((sp = strchr(line, ' ')) == NULL ||
		    sp - line != 2 * RV_HASH_LEN || sp[1] == '\0')
			continue;
		*sp = '\0';
		p->old = xreallocarray(p->old, n + 1, sizeof *p->old);
		if (hex_decode(line, 2 * RV_HASH_LEN, p->old[n].md,
		    RV_HASH_LEN) != 0)
			continue;
		p->old[n++].key = xstrdup(sp + 1);
	}
	free(buf);
	p->nold = n;
	if (n > 1)
		qsort(p->old, n, sizeof *p->old, site_entry_cmp);
}

/* The SHA-256 the old site's manifest gives key, or NULL. */
static const uint8_t *
manifest_find(const struct publish *p, const char *key)
{
	struct site_entry	 k, *e;

	if (p->nold == 0)
		return NULL;
	k.key = (char *)key;
	e = bsearch(&k, p->old, p->nold, sizeof *p->old, site_entry_cmp);
	return e != NULL ? e->md : NULL;
}

/*
 * Count one file of the new site, whose content has SHA-256 md: fold it
 * into p->chain, the XOR of SHA-256(rel, NUL, md) over every file, so
 * the order in which they are written does not matter; and list it in
 * the manifest while that is open.
 */
static void
site_add(struct publish *p, const char *rel, const uint8_t md[RV_HASH_LEN])
{
	uint8_t		*buf, h[RV_HASH_LEN];
	char		 hex[RV_HASH_LEN * 2 + 1];
	size_t		 rlen = strlen(rel) + 1, i;

	buf = xmalloc(rlen + RV_HASH_LEN);
	memcpy(buf, rel, rlen);
	memcpy(buf + rlen, md, RV_HASH_LEN);
	ledger_sha256(buf, rlen + RV_HASH_LEN, h);
	free(buf);
	for (i = 0; i < RV_HASH_LEN; i++)
		p->chain[i] ^= h[i];
	/* The manifest and the marker are not listed in the manifest. */
	if (p->manifest != NULL) {
		ledger_hash_hex(md, hex, sizeof hex);
		fprintf(p->manifest, "%s %s\n", hex, rel);
	}
}

/*
 * Put rel of the old site into the new one as a hard link (a copy where
 * links fail): a file that has not changed is never written again.  The
 * old site is never changed in place, and is removed once swapped out.
 * *linked says whether the link was made; without it nothing was done.
 */
static enum rv_status
site_link(struct publish *p, const char *rel, const uint8_t md[RV_HASH_LEN],
    int *linked, char **cause)
{
	char		*from, *to;

	xasprintf(&from, "%s/%s", p->out, rel);
	xasprintf(&to, "%s/%s", p->top, rel);
	*linked = link(from, to) == 0;
	free(from);
	free(to);
	if (*linked) {
		site_add(p, rel, md);
		p->carried++;
	}
	return RV_OK;
}

/*
 * Write one file of the new site and free its bytes; if the old site
 * has it with the same content, link that instead.
 */
static enum rv_status
site_file(struct publish *p, const char *rel, char *data, size_t len,
    char **cause)
{
	const uint8_t	*was;
	uint8_t		 md[RV_HASH_LEN];
	char		*path;
	int		 linked = 0;
	enum rv_status	 st = RV_OK;

	ledger_sha256(data, len, md);
	if ((was = manifest_find(p, rel)) != NULL &&
	    memcmp(was, md, RV_HASH_LEN) == 0)
		st = site_link(p, rel, md, &linked, cause);
	if (st == RV_OK && !linked) {
		xasprintf(&path, "%s/%s", p->top, rel);
		if ((st = file_write_new(path, data, len, 0644,
		    cause)) == RV_OK) {
			site_add(p, rel, md);
			p->written++;
		}
		free(path);
	}
	free(data);
	return st;
}

/*
 * Carry rel over from the old site as it is: linked, or read and
 * written where it cannot be linked, or its hash is not in the manifest.
 */
static enum rv_status
site_carry(struct publish *p, const char *rel, size_t max, char **cause)
{
	const uint8_t	*was = manifest_find(p, rel);
	char		*path, *body;
	size_t		 len;
	int		 linked = 0;
	enum rv_status	 st;

	if (was != NULL && (st = site_link(p, rel, was, &linked,
	    cause)) != RV_OK)
		return st;
	if (linked)
		return RV_OK;
	xasprintf(&path, "%s/%s", p->out, rel);
	st = file_read(path, max, &body, &len, cause);
	free(path);
	if (st != RV_OK)
		return st;
	return site_file(p, rel, body, len, cause);
}

/*
 * A second name in the new site, alias, for its file rel (same content,
 * e.g. publication.json and publications/<n>.json); written as a copy
 * where links fail.
 */
static enum rv_status
site_alias(struct publish *p, const char *rel, const char *alias,
    size_t max, char **cause)
{
	char		*from, *to, *body;
	uint8_t		 md[RV_HASH_LEN];
	size_t		 len;
	enum rv_status	 st;

	xasprintf(&from, "%s/%s", p->top, rel);
	xasprintf(&to, "%s/%s", p->top, alias);
	st = file_read(from, max, &body, &len, cause);
	if (st == RV_OK && link(from, to) == 0) {
		ledger_sha256(body, len, md);
		site_add(p, alias, md);
		free(body);
	} else if (st == RV_OK)
		st = site_file(p, alias, body, len, cause);
	free(from);
	free(to);
	return st;
}

/*
 * Write the manifest, then the marker file last: it names the content
 * of every file written before it, so the next run can tell this site
 * from an earlier one (and the same site published again is the same,
 * marker included).  Then the whole new tree is made durable with one
 * sync of its file system, before the publication commits: a crash
 * before that commit leaves only a directory the next run removes.
 */
static enum rv_status
site_marker(struct publish *p, char **cause)
{
	char		 hex[RV_HASH_LEN * 2 + 1];
	enum rv_status	 st;

	if (fclose(p->manifest) != 0)
		fatal("open_memstream failed");
	p->manifest = NULL;
	if ((st = site_file(p, PUBLISH_MANIFEST, p->mbuf, p->mlen,
	    cause)) != RV_OK) {
		p->mbuf = NULL;
		return st;
	}
	p->mbuf = NULL;
	ledger_hash_hex(p->chain, hex, sizeof hex);
	xasprintf(&p->marker, "renovote publish %s\n", hex);
	if ((st = site_file(p, PUBLISH_MARKER, xstrdup(p->marker),
	    strlen(p->marker), cause)) != RV_OK)
		return st;
	return file_sync_fs(p->top, cause);
}

/* Is the directory path empty?  -1 when it cannot be read. */
static int
dir_empty(const char *path)
{
	DIR		*d;
	struct dirent	*de;
	int		 empty = 1;

	if ((d = opendir(path)) == NULL)
		return -1;
	while (empty && (de = readdir(d)) != NULL)
		empty = strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0;
	closedir(d);
	return empty;
}

/*
 * Refuse a DIR that is neither absent, nor empty, nor a site this
 * command wrote: swapping it away would lose someone's files.
 */
static enum rv_status
check_out_dir(const char *out, int *exists, char **cause)
{
	struct stat	 sb;
	char		*marker;
	int		 ours;

	*exists = 0;
	if (lstat(out, &sb) != 0) {
		if (errno == ENOENT)
			return RV_OK;
		return rv_fail(cause, RV_EENV, "--out: %s: %s", out,
		    strerror(errno));
	}
	if (!S_ISDIR(sb.st_mode))
		return rv_fail(cause, RV_EINPUT, "--out: %s: not a directory",
		    out);
	*exists = 1;
	xasprintf(&marker, "%s/" PUBLISH_MARKER, out);
	ours = access(marker, F_OK) == 0;
	free(marker);
	if (!ours && dir_empty(out) != 1)
		return rv_fail(cause, RV_EINPUT, "--out: %s holds files that "
		    "publish did not write; give a new or empty directory",
		    out);
	return RV_OK;
}

/*
 * The first question of estate id that the tally at the report's instant
 * still calls open, or NULL: a final notice (结果公示) speaks of results,
 * so it waits until tally.c says every question has closed.
 */
static const struct rv_report_question *
open_question(const struct rv_report *r, const char *id)
{
	size_t	 i;

	for (i = 0; i < r->nquestions; i++)
		if (strcmp(r->questions[i].estate->id, id) == 0 &&
		    r->questions[i].result.outcome == RV_OUT_OPEN)
			return &r->questions[i];
	return NULL;
}

/*
 * Record this run's publication rows, inside the write transaction,
 * after checking --final may go ahead for every estate with a plan.
 */
static enum rv_status
record(struct publish *p, char **cause)
{
	const struct rv_report	*r = p->all;
	struct rv_publication	*pubs = NULL, *last_pre, *fin;
	struct rv_objection	*obj = NULL;
	const struct rv_report_question *open;
	size_t			 npubs = 0, nobj = 0, i, j;
	char			 t[RV_TIME_MAX];
	enum rv_status		 st = RV_OK;

	for (i = 0; i < r->nestates && st == RV_OK; i++) {
		const char *id = r->estates[i]->id;

		if (r->plans[i] == NULL)
			continue;
		if ((st = store_publications_load(p->s, id, &pubs, &npubs,
		    cause)) != RV_OK ||
		    (st = store_objections_load(p->s, id, &obj, &nobj,
		    cause)) != RV_OK)
			break;
		last_pre = fin = NULL;
		for (j = 0; j < npubs; j++) {
			if (pubs[j].final)
				fin = &pubs[j];
			else
				last_pre = &pubs[j];
		}
		open = open_question(r, id);
		if (fin != NULL)
			;	/* the final notice stands */
		else if (p->final && open != NULL) {
			web_time(t, sizeof t, open->question->closes);
			st = rv_fail(cause, RV_EINPUT, "--final: estate %s: "
			    "question %s is open until %s", id,
			    open->question->id, t);
		} else if (!p->final && open != NULL)
			;	/* an interim notice: no result to object to */
		else if (!p->final) {
			if (last_pre == NULL || last_pre->tally_at != p->at) {
				st = store_publication_add(p->s, id, 0, p->at,
				    p->at, p->until, cause);
				p->recorded++;
			}
		} else if (last_pre == NULL)
			st = rv_fail(cause, RV_EINPUT, "--final: estate %s has "
			    "no preliminary publication: publish it without "
			    "--final first", id);
		else if (last_pre->objections_until > p->at) {
			web_time(t, sizeof t, last_pre->objections_until);
			st = rv_fail(cause, RV_EINPUT, "--final: estate %s: "
			    "the objection period runs until %s", id, t);
		} else {
			for (j = 0; j < nobj && obj[j].resolved_at != 0; j++)
				;
			if (j < nobj)
				st = rv_fail(cause, RV_EINPUT, "--final: estate "
				    "%s: objection %lld is not resolved", id,
				    (long long)obj[j].id);
			else {
				st = store_publication_add(p->s, id, 1, p->at,
				    p->at, 0, cause);
				p->recorded++;
			}
		}
		free(pubs);
		pubs = NULL;
		store_objections_free(obj, nobj);
		obj = NULL;
		nobj = 0;
	}
	return st;
}

/*
 * Render one page of the site in a language into memory: an estate's
 * page (page 0) or page `page` of the estates index.
 */
static void
render(struct publish *p, enum rv_locale loc, const char *root,
    const struct rv_report *r, const struct rv_report_extra *x, size_t page,
    char **body, size_t *len)
{
	struct web_page	 pg;
	char		*name = NULL;

	memset(&pg, 0, sizeof pg);
	pg.loc = loc;
	pg.static_site = 1;
	pg.root = root;
	pg.base_url = p->base;
	pg.now = p->at;
	if (page > 1) {
		xasprintf(&name, "index-%zu", page);
		pg.static_name = name;
	}
	web_lang_enter(loc);
	web_page_open(&pg);
	if (page == 0)
		web_estate_page(&pg, r, x);
	else
		web_index_page(&pg, r, NULL, page);
	web_page_close(&pg, body, len);
	web_lang_leave();
	free(name);
}

/*
 * Write the estate-independent files: stylesheet, the estates
 * index (index.html, then index-2.html ... when it has more than one
 * page of INDEX_PAGE_ESTATES; each in every language).
 */
static enum rv_status
write_top(struct publish *p, char **cause)
{
	struct rv_report_extra x;
	char		*body, *rel;
	size_t		 len, n, npages = web_index_npages(p->all);
	int		 l;
	enum rv_status	 st;

	if ((st = site_file(p, "style.css", xstrdup(web_css),
	    strlen(web_css), cause)) != RV_OK ||
	    (st = report_extra_read(p->s, NULL, &x, cause)) != RV_OK)
		return st;
	for (n = 1; n <= npages && st == RV_OK; n++) {
		for (l = 0; l < RV_NLOCALES && st == RV_OK; l++) {
			render(p, (enum rv_locale)l, "", p->all, &x, n, &body,
			    &len);
			if (n == 1)
				xasprintf(&rel, "index%s.html",
				    web_static_suffix((enum rv_locale)l));
			else
				xasprintf(&rel, "index-%zu%s.html", n,
				    web_static_suffix((enum rv_locale)l));
			st = site_file(p, rel, body, len, cause);
			free(rel);
		}
	}
	report_extra_clear(&x);
	return st;
}

/* e/<estate>/publication.json: the latest, publications/<n>.json. */
static enum rv_status
pub_alias(struct publish *p, const char *id, long n, char **cause)
{
	char		*rel, *alias;
	enum rv_status	 st;

	xasprintf(&rel, "e/%s/publications/%ld.json", id, n);
	xasprintf(&alias, "e/%s/publication.json", id);
	st = site_alias(p, rel, alias, RV_PUB_FILE_MAX, cause);
	free(rel);
	free(alias);
	return st;
}

/*
 * The estate's publications (docs/protocol.md, "Publication"): those of
 * the old site, carried forward as they are, then a new one at this run's
 * instant, also as e/<estate>/publication.json, unless the latest one
 * is that very file (published again at the same instant).  The new one
 * is checked as verify would before it goes out.  Its fingerprint goes
 * to fp.
 */
static enum rv_status
write_publication(struct publish *p, size_t ei, char fp[RV_PUB_FINGERPRINT],
    char **cause)
{
	const char	*id = p->all->estates[ei]->id;
	struct rv_pub	*check = NULL;
	char		*path, *rel, *body, *prev = NULL;
	size_t		 len, prevlen = 0;
	long		 n;
	int		 same_at;
	enum rv_status	 st;

	xasprintf(&rel, "e/%s/publications", id);
	st = site_dir(p, rel, cause);
	free(rel);
	/* The old files never change: carried over as they are. */
	for (n = 1; st == RV_OK; n++) {
		xasprintf(&path, "%s/e/%s/publications/%ld.json", p->out, id,
		    n);
		if (access(path, F_OK) != 0) {
			free(path);
			break;
		}
		free(path);
		xasprintf(&rel, "e/%s/publications/%ld.json", id, n);
		st = site_carry(p, rel, RV_PUB_FILE_MAX, cause);
		free(rel);
	}
	if (st != RV_OK)
		goto out;
	if (n > 1) {
		xasprintf(&path, "%s/e/%s/publications/%ld.json", p->out, id,
		    n - 1);
		st = file_read(path, RV_PUB_FILE_MAX, &prev, &prevlen, cause);
		free(path);
		if (st != RV_OK)
			goto out;
	}
	/* Again at the same instant and with the same records: no new one. */
	xasprintf(&rel, "\"at_ms\": %lld,", (long long)p->at);
	same_at = prev != NULL && strstr(prev, rel) != NULL;
	free(rel);
	if (same_at && (st = pub_build(p->s, p->one[ei], p->key, n - 1,
	    &body, &len, fp, cause)) == RV_OK) {
		if (len == prevlen && memcmp(body, prev, len) == 0) {
			xasprintf(&rel, "e/%s/publication.json", id);
			/* Its tree too, for the receipt page. */
			if ((st = pub_verify(rel, body, len, &check,
			    cause)) == RV_OK)
				st = pub_store(p->s, check, cause);
			pub_free(check);
			free(body);
			free(rel);
			if (st == RV_OK)
				st = pub_alias(p, id, n - 1, cause);
			goto out;
		}
		free(body);
	}
	if (st != RV_OK || (st = pub_build(p->s, p->one[ei], p->key, n,
	    &body, &len, fp, cause)) != RV_OK)
		goto out;
	xasprintf(&rel, "e/%s/publications/%ld.json", id, n);
	if ((st = pub_verify(rel, body, len, &check, cause)) != RV_OK ||
	    (st = pub_store(p->s, check, cause)) != RV_OK) {
		pub_free(check);
		free(rel);
		free(body);
		goto out;
	}
	pub_free(check);
	if ((st = site_file(p, rel, body, len, cause)) == RV_OK)
		st = pub_alias(p, id, n, cause);
	free(rel);
out:
	free(prev);
	return st;
}

/* Write one estate's pages, QR code and notice. */
static enum rv_status
write_estate(struct publish *p, size_t ei, char **cause)
{
	const char	*id = p->all->estates[ei]->id;
	struct rv_report_extra x;
	struct rv_qr	*qr = NULL;
	char		*body, *rel, *url, fp[RV_PUB_FINGERPRINT];
	size_t		 len;
	FILE		*f;
	int		 l, has_fp = 0;
	enum rv_status	 st;

	xasprintf(&url, "%s/e/%s", p->base, id);
	xasprintf(&rel, "e/%s", id);
	st = site_dir(p, rel, cause);
	free(rel);
	if (st != RV_OK || (st = qr_make(url, &qr, cause)) != RV_OK ||
	    (st = report_extra_read(p->s, id, &x, cause)) != RV_OK) {
		free(url);
		qr_free(qr);
		return st;
	}
	for (l = 0; l < RV_NLOCALES && st == RV_OK; l++) {
		render(p, (enum rv_locale)l, "../../", p->one[ei], &x, 0,
		    &body, &len);
		xasprintf(&rel, "e/%s/index%s.html", id,
		    web_static_suffix((enum rv_locale)l));
		st = site_file(p, rel, body, len, cause);
		free(rel);
	}
	if (st == RV_OK && p->all->plans[ei] != NULL &&
	    (st = write_publication(p, ei, fp, cause)) == RV_OK)
		has_fp = 1;
	if (st == RV_OK) {
		if ((f = open_memstream(&body, &len)) == NULL)
			fatal("open_memstream failed");
		qr_svg(f, qr, WEB_QR_PX);
		fclose(f);
		xasprintf(&rel, "qr/%s.svg", id);
		st = site_file(p, rel, body, len, cause);
		free(rel);
	}
	/*
	 * The notice: of the latest publication, or an interim one while
	 * the estate still votes and has no result published.
	 */
	if (st == RV_OK && (x.npubs > 0 || open_question(p->all, id) != NULL)) {
		if ((f = open_memstream(&body, &len)) == NULL)
			fatal("open_memstream failed");
		web_lang_enter(RV_ZH_CN);
		notice_write(f, p->all, ei, &x, x.npubs > 0 ?
		    &x.pubs[x.npubs - 1] : NULL, &p->office, url, qr,
		    RV_ZH_CN, has_fp ? fp : NULL);
		web_lang_leave();
		fclose(f);
		xasprintf(&rel, "notice/%s.html", id);
		st = site_file(p, rel, body, len, cause);
		free(rel);
	}
	report_extra_clear(&x);
	qr_free(qr);
	free(url);
	return st;
}

/* Write the evaluation report, HTML and CSV. */
static enum rv_status
write_report(struct publish *p, char **cause)
{
	char		*html, *csv;
	size_t		 hlen, clen;
	FILE		*h, *c;
	enum rv_status	 st;

	if ((h = open_memstream(&html, &hlen)) == NULL ||
	    (c = open_memstream(&csv, &clen)) == NULL)
		fatal("open_memstream failed");
	web_lang_enter(RV_ZH_CN);
	st = evaluation_write(p->s, p->all, RV_ZH_CN, h, c, cause);
	web_lang_leave();
	fclose(h);
	fclose(c);
	if (st != RV_OK) {
		free(html);
		free(csv);
		return st;
	}
	if ((st = site_file(p, "report/report.html", html, hlen,
	    cause)) != RV_OK) {
		free(csv);
		return st;
	}
	return site_file(p, "report/report.csv", csv, clen, cause);
}

/* Build every report the site needs, each from one snapshot. */
static enum rv_status
build_reports(struct publish *p, char **cause)
{
	enum rv_status	 st;
	size_t		 i;

	if ((st = report_build(p->s, NULL, p->at, RV_CST_OFFSET, &p->all,
	    cause)) != RV_OK)
		return st;
	p->one = xcalloc(p->all->nestates + 1, sizeof *p->one);
	for (i = 0; i < p->all->nestates; i++) {
		if ((st = report_build(p->s, p->all->estates[i]->id, p->at,
		    RV_CST_OFFSET, &p->one[i], cause)) != RV_OK)
			return st;
	}
	return RV_OK;
}

/* Parse and check the options into p. */
static enum rv_status
parse_options(struct cmd *c, struct publish *p, char **cause)
{
	const char	*base, *days_arg = cmd_get(c, "objection-days");
	const char	*at_arg = cmd_get(c, "at");
	char		*why = NULL;
	long		 days = PUBLISH_DAYS_DEFAULT;
	int		 offset;
	enum rv_status	 st;

	if ((st = cmd_require(c, "out", &p->out, cause)) != RV_OK ||
	    (st = cmd_require(c, "base-url", &base, cause)) != RV_OK)
		return st;
	if ((st = url_base_check(base, "--base-url", &p->base,
	    cause)) != RV_OK)
		return st;
	if ((st = cmd_get_number(c, "objection-days", 1, PUBLISH_DAYS_MAX,
	    &days, cause)) != RV_OK)
		return st;
	if (days_arg != NULL && cmd_has(c, "final"))
		return rv_fail(cause, RV_EUSAGE, "--objection-days: a final "
		    "notice opens no objection period");
	p->final = cmd_has(c, "final");
	p->at = time_now();
	if (at_arg != NULL && (st = time_parse(at_arg, &p->at, &offset,
	    &why)) != RV_OK) {
		st = rv_fail(cause, RV_EUSAGE, "--at: %s", why);
		free(why);
		return st;
	}
	p->until = p->at + days * PUBLISH_DAY_MS;
	return RV_OK;
}

/*
 * Record in the open transaction the intent to swap the new site at
 * p->top in for p->out (both absolute): first, before any publication
 * row, with no marker yet; again once the marker is written, which sets
 * its hash.
 */
static enum rv_status
publish_intent(struct publish *p, const char *batch, const char *aout,
    char **cause)
{
	struct rv_intent in;
	uint8_t		 md[RV_HASH_LEN];
	char		 hex[RV_HASH_LEN * 2 + 1];

	if (p->marker == NULL)
		memset(hex, '0', sizeof hex - 1);	/* set once written */
	else {
		ledger_sha256(p->marker, strlen(p->marker), md);
		ledger_hash_hex(md, hex, sizeof hex);
	}
	hex[sizeof hex - 1] = '\0';
	memset(&in, 0, sizeof in);
	in.batch = (char *)batch;
	in.kind = "site";
	in.path = (char *)aout;
	in.tmp = p->top;
	in.sha256 = hex;
	if (p->marker != NULL)
		return store_intent_set_sha256(p->s, &in, cause);
	return store_intent_add(p->s, &in, cause);
}

/* Write the site, record the publication, swap the site in. */
static enum rv_status
cmd_publish_exec(struct cmd *c, char **cause)
{
	static const char *const leftovers[] = { "." };
	struct publish	 p;
	char		*tmpl = NULL, *copy = NULL, *parent, *aout = NULL;
	char		*stale = NULL, batch[INTENT_BATCH_LEN];
	size_t		 i;
	int		 exists = 0, in_txn = 0;
	enum rv_status	 st;

	memset(&p, 0, sizeof p);
	intent_batch_new(batch);
	/* Opening the store settles what a killed run left. */
	if ((st = parse_options(c, &p, cause)) != RV_OK ||
	    (st = cmd_open_store(c, &p.s, cause)) != RV_OK ||
	    (st = cmd_load_key(c, &p.key, cause)) != RV_OK ||
	    (st = build_reports(&p, cause)) != RV_OK ||
	    (st = check_out_dir(p.out, &exists, cause)) != RV_OK ||
	    (st = intent_abs_path(p.out, &aout, cause)) != RV_OK)
		goto out;
	copy = xstrdup(aout);
	parent = dirname(copy);
	xasprintf(&stale, "%s/.publish", parent);
	intent_clean_beside(stale, leftovers, nitems(leftovers));
	xasprintf(&tmpl, "%s/.publish.XXXXXX", parent);
	if (mkdtemp(tmpl) == NULL) {
		st = rv_fail(cause, RV_EENV, "--out: %s: cannot create a "
		    "directory beside it: %s", p.out, strerror(errno));
		goto out;
	}
	p.top = tmpl;
	tmpl = NULL;
	if (exists)
		manifest_load(&p);
	if ((p.manifest = open_memstream(&p.mbuf, &p.mlen)) == NULL)
		fatal("open_memstream failed");
	if (chmod(p.top, 0755) != 0) {
		st = rv_fail(cause, RV_EENV, "%s: %s", p.top, strerror(errno));
		goto out;
	}
	if ((st = store_begin(p.s, cause)) != RV_OK)
		goto out;
	in_txn = 1;
	/* The intent first: it keeps the last publication before these. */
	if ((st = publish_intent(&p, batch, aout, cause)) != RV_OK ||
	    (st = record(&p, cause)) != RV_OK ||
	    (st = notice_office_read(p.s, &p.office, cause)) != RV_OK ||
	    (st = site_dir(&p, "e", cause)) != RV_OK ||
	    (st = site_dir(&p, "qr", cause)) != RV_OK ||
	    (st = site_dir(&p, "notice", cause)) != RV_OK ||
	    (st = site_dir(&p, "report", cause)) != RV_OK ||
	    (st = write_top(&p, cause)) != RV_OK)
		goto out;
	for (i = 0; i < p.all->nestates; i++) {
		if ((st = write_estate(&p, i, cause)) != RV_OK)
			goto out;
	}
	if ((st = write_report(&p, cause)) != RV_OK ||
	    (st = site_marker(&p, cause)) != RV_OK ||
	    (st = publish_intent(&p, batch, aout, cause)) != RV_OK ||
	    (st = store_commit(p.s, cause)) != RV_OK)
		goto out;
	in_txn = 0;
	/* The new site now belongs to the intent. */
	free(p.top);
	p.top = NULL;
	if ((st = intent_settle(p.s, batch, 1, cause)) != RV_OK)
		goto out;
	printf(_("published %zu estates to %s (%zu publications recorded)\n"),
	    p.all->nestates, p.out, p.recorded);
out:
	if (in_txn)
		store_rollback(p.s);
	rm_tree(p.top);
	free(p.top);
	free(p.marker);
	if (p.manifest != NULL)
		fclose(p.manifest);
	free(p.mbuf);
	for (i = 0; i < p.nold; i++)
		free(p.old[i].key);
	free(p.old);
	free(tmpl);
	free(copy);
	free(aout);
	free(stale);
	free(p.base);
	if (p.one != NULL) {
		for (i = 0; p.all != NULL && i < p.all->nestates; i++)
			report_free(p.one[i]);
		free(p.one);
	}
	report_free(p.all);
	notice_office_clear(&p.office);
	key_free(p.key);
	store_close(p.s);
	return st;
}
