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
 * DIR/.renovote-stamps, .renovote-parts        what each estate's files
 *                                               were made from
 *                                               (publish-stamp.c) and its
 *                                               line of the index and part
 *                                               of the report
 *                                               (publish-part.c), so that
 *                                               the next run tallies only
 *                                               the estates that changed
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
 * Atomicity.  The site is built in a fresh directory .publish.XXXXXX
 * beside DIR: a file whose bytes are those of DIR's file of that name is
 * a hard link to it, only the others are written (site_file), and the
 * marker file .renovote-site, written last, holds a hash over every
 * other file (site_add).  The whole tree is then made durable with one
 * syncfs(2) rather than an fsync per file and directory.  The
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
#include <stdint.h>
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
#define PUBLISH_FILE_MODE	0644	/* every file of a site */
#define PUBLISH_FD_MAX		16	/* descriptors nftw may hold */

static enum rv_status cmd_publish_exec(struct cmd *, char **);

const struct cmd_entry cmd_publish_entry = {
	.name = "publish",
	.options = "db:,out:,base-url:,final,estate:,objection-days:,at:",
	.minargs = 0,
	.maxargs = 0,
	.usage = N_("[--db FILE] --out DIR --base-url URL [--final [--estate "
	    "ID]] [--objection-days N] [--at ISO8601]"),
	.help = N_("Write the results pages as static files to DIR, with "
	    "QR codes as SVG, a\nprintable A4 notice per estate and the "
	    "cluster's evaluation report (HTML and\nCSV), and record the "
	    "publication: a preliminary one opens an objection\nperiod of N "
	    "days (default 7); --final is refused while a question is "
	    "open,\na period runs or an objection is unresolved.  With "
	    "--estate the final notice\nis that estate's alone; the others "
	    "are published as without --final.\nDIR is replaced whole or not "
	    "at all.  Each estate's counted records are\nsigned with the "
	    "office key as a publication that verify checks."),
	.exec = cmd_publish_exec,
};

/* What one run publishes. */
struct publish {
	struct store		*s;
	const char		*out;
	char			*base;		/* --base-url, no trailing / */
	int			 final;
	const char		*final_estate;	/* NULL: every estate */
	rv_ms			 at;
	rv_ms			 until;		/* end of a new objection period */
	char			**ids;		/* every estate, id order */
	size_t			 n;
	struct rv_report	*all;		/* every estate's tally, or NULL */
	struct rv_report	*one;		/* each estate's part of all */
	struct rv_report	**own;		/* or its own tally */
	struct rv_report	**rep;		/* either, or NULL: not tallied */
	struct pub_part		*old;		/* the old site's parts */
	size_t			 nold;
	const struct pub_part	**kept;		/* each estate's, or NULL */
	struct pub_part		*parts;		/* or made by this run */
	char			*top;		/* the new site, until in place */
	char			*marker;	/* the marker's content */
	uint8_t			 chain[RV_HASH_LEN]; /* site_add */
	size_t			 recorded;	/* publication rows added */
	struct notice_office	 office;	/* who issues the notices */
	struct rv_key		*key;		/* the office key, signs roots */
	struct pub_stamps	*stamps;	/* what the pages are made from */
	char			*site;		/* the run's part of them */
	size_t			 carried;	/* estates carried over as they were */
	FILE			*list;		/* the estate's files (site_add) */
	int			 unlisted;	/* one of them cannot be listed */
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

/*
 * Fold one file of the new site, of len bytes whose SHA-256 is md, into
 * p->chain: the XOR of SHA-256(rel, NUL, md) over every file, so the
 * order in which they are written does not matter.  While an estate is
 * written, list the file for its part too (p->list).
 */
static void
site_add(struct publish *p, const char *rel, const uint8_t md[RV_HASH_LEN],
    size_t len)
{
	uint8_t		*buf, h[RV_HASH_LEN];
	char		 hex[RV_HASH_LEN * 2 + 1];
	size_t		 rlen = strlen(rel) + 1, i;

	if (p->list != NULL) {
		ledger_hash_hex(md, hex, sizeof hex);
		if (strchr(rel, '\n') != NULL)
			p->unlisted = 1;
		else
			fprintf(p->list, "%zu %s %s\n", len, hex, rel);
	}

	buf = xmalloc(rlen + RV_HASH_LEN);
	memcpy(buf, rel, rlen);
	memcpy(buf + rlen, md, RV_HASH_LEN);
	ledger_sha256(buf, rlen + RV_HASH_LEN, h);
	free(buf);
	for (i = 0; i < RV_HASH_LEN; i++)
		p->chain[i] ^= h[i];
}

/*
 * Does the current site hold rel with exactly these len bytes?  Only a
 * byte-for-byte comparison says so (never a stored hash that could be
 * stale); a file that cannot be read is taken as changed.
 */
static int
site_same(const struct publish *p, const char *rel, const char *data,
    size_t len)
{
	char		*path, *old;
	size_t		 olen;
	int		 same = 0;

	xasprintf(&path, "%s/%s", p->out, rel);
	if (file_read(path, len, &old, &olen, NULL) == RV_OK) {
		same = olen == len && memcmp(old, data, len) == 0;
		free(old);
	}
	free(path);
	return same;
}

/*
 * Write rel into the new site afresh, fold it into the marker and free
 * data.  Nothing is synced here: site_marker syncs the whole tree.
 */
static enum rv_status
site_write(struct publish *p, const char *rel, char *data, size_t len,
    char **cause)
{
	uint8_t		 md[RV_HASH_LEN];
	char		*path;
	enum rv_status	 st;

	xasprintf(&path, "%s/%s", p->top, rel);
	if ((st = file_write_new(path, data, len, PUBLISH_FILE_MODE,
	    cause)) == RV_OK) {
		ledger_sha256(data, len, md);
		site_add(p, rel, md, len);
	}
	free(path);
	free(data);
	return st;
}

/*
 * Put rel into the new site as a hard link to from, a file holding the
 * same len bytes data (of the current site, or of the new one): a file
 * that has not changed is never written again.  No site's file is ever
 * changed in place, and the old site is removed once swapped out, so
 * sharing inodes is safe.  Only a regular file with the site's mode is
 * shared (link(2) would copy a symbolic link itself, not what it names);
 * written afresh otherwise, or where links fail.  Frees data.
 */
static enum rv_status
site_share(struct publish *p, const char *from, const char *rel, char *data,
    size_t len, char **cause)
{
	struct stat	 sb;
	uint8_t		 md[RV_HASH_LEN];
	char		*to;
	int		 linked = 0;

	xasprintf(&to, "%s/%s", p->top, rel);
	if (lstat(from, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    (sb.st_mode & 07777) == PUBLISH_FILE_MODE)
		linked = link(from, to) == 0;
	free(to);
	if (!linked)
		return site_write(p, rel, data, len, cause);
	ledger_sha256(data, len, md);
	site_add(p, rel, md, len);
	free(data);
	return RV_OK;
}

/*
 * Put one file into the new site and free its bytes: shared with the
 * current site's file when that holds the same bytes, else written.
 */
static enum rv_status
site_file(struct publish *p, const char *rel, char *data, size_t len,
    char **cause)
{
	char		*path;
	enum rv_status	 st;

	if (!site_same(p, rel, data, len))
		return site_write(p, rel, data, len, cause);
	xasprintf(&path, "%s/%s", p->out, rel);
	st = site_share(p, path, rel, data, len, cause);
	free(path);
	return st;
}

/* Carry rel over from the current site as it is. */
static enum rv_status
site_carry(struct publish *p, const char *rel, size_t max, char **cause)
{
	char		*path, *body;
	size_t		 len;
	enum rv_status	 st;

	xasprintf(&path, "%s/%s", p->out, rel);
	if ((st = file_read(path, max, &body, &len, cause)) == RV_OK)
		st = site_share(p, path, rel, body, len, cause);
	free(path);
	return st;
}

/*
 * A second name in the new site, alias, for its file rel, which holds
 * the len bytes data (e.g. publication.json and publications/<n>.json).
 * Frees data.
 */
static enum rv_status
site_alias(struct publish *p, const char *rel, const char *alias,
    char *data, size_t len, char **cause)
{
	char		*from;
	enum rv_status	 st;

	xasprintf(&from, "%s/%s", p->top, rel);
	st = site_share(p, from, alias, data, len, cause);
	free(from);
	return st;
}

/*
 * Write the marker file last: it names the content of every file
 * written before it, so the next run can tell this site from an earlier
 * one (and the same site published again is the same, marker included).
 * Then the whole new tree is made durable with one sync of its file
 * system, before the publication commits: a crash before that commit
 * leaves only a directory that the next run removes.
 */
static enum rv_status
site_marker(struct publish *p, char **cause)
{
	char		 hex[RV_HASH_LEN * 2 + 1];
	enum rv_status	 st;

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
 * Estate ei's tally: made now, inside the caller's transaction, for an
 * estate that build_reports did not tally (it was to be carried over).
 */
static enum rv_status
estate_report(struct publish *p, size_t ei, char **cause)
{
	enum rv_status	 st;

	if (p->rep[ei] != NULL)
		return RV_OK;
	if ((st = report_build_in(p->s, p->ids[ei], p->at, RV_CST_OFFSET,
	    &p->own[ei], cause)) != RV_OK)
		return st;
	p->rep[ei] = p->own[ei];
	return RV_OK;
}

/* Has estate ei a plan, as its tally or its kept part says? */
static int
has_plan(const struct publish *p, size_t ei)
{
	if (p->rep[ei] != NULL)
		return p->rep[ei]->plans[0] != NULL;
	return p->kept[ei] != NULL && p->kept[ei]->sum.plan;
}

/*
 * May estate ei, not tallied, be left so by record: it has a final
 * notice, or (without --final) a preliminary one at this run's instant,
 * so that no tally can change what record does.  The publications are
 * read inside the caller's transaction.
 */
static enum rv_status
record_untallied(struct publish *p, size_t ei, int *settled, char **cause)
{
	struct rv_publication	*pubs = NULL;
	size_t			 npubs = 0, j;
	int			 fin = 0, pre_at = 0;
	enum rv_status		 st;

	*settled = 0;
	if ((st = store_publications_load(p->s, p->ids[ei], &pubs, &npubs,
	    cause)) != RV_OK)
		return st;
	for (j = 0; j < npubs; j++) {
		if (pubs[j].final)
			fin = 1;
		else
			pre_at = pubs[j].tally_at == p->at;
	}
	free(pubs);
	*settled = !p->final && (fin || pre_at);
	return RV_OK;
}

/*
 * Record this run's publication rows, inside the write transaction,
 * after checking --final may go ahead for every estate with a plan.  An
 * estate that build_reports did not tally is tallied here when what
 * record does may depend on it.
 */
static enum rv_status
record(struct publish *p, char **cause)
{
	const struct rv_report	*r;
	struct rv_publication	*pubs = NULL, *last_pre, *fin;
	struct rv_objection	*obj = NULL;
	const struct rv_report_question *open;
	size_t			 npubs = 0, nobj = 0, i, j;
	char			 t[RV_TIME_MAX];
	int			 final, named = 0, settled;
	enum rv_status		 st = RV_OK;

	for (i = 0; i < p->n && st == RV_OK; i++) {
		const char *id = p->ids[i];

		if (p->rep[i] == NULL) {
			if ((st = record_untallied(p, i, &settled,
			    cause)) != RV_OK)
				break;
			if (settled)
				continue;
			if ((st = estate_report(p, i, cause)) != RV_OK)
				break;
		}
		r = p->rep[i];
		if (r->plans[0] == NULL)
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
		open = open_question(r, id);	/* r is id's alone */
		final = p->final && (p->final_estate == NULL ||
		    strcmp(p->final_estate, id) == 0);
		if (p->final_estate != NULL && final)
			named = 1;
		if (fin != NULL)
			;	/* the final notice stands */
		else if (final && open != NULL) {
			web_time(t, sizeof t, open->question->closes);
			st = rv_fail(cause, RV_EINPUT, "--final: estate %s: "
			    "question %s is open until %s", id,
			    open->question->id, t);
		} else if (!final && open != NULL)
			;	/* an interim notice: no result to object to */
		else if (!final) {
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
	if (st == RV_OK && p->final_estate != NULL && !named)
		st = rv_fail(cause, RV_EINPUT, _("--final --estate %s: no such "
		    "estate with a plan"), p->final_estate);
	return st;
}

/*
 * Render one page of the site in a language into memory: an estate's
 * page (page 0, of report r) or page `page` of the estates index idx.
 */
static void
render(struct publish *p, enum rv_locale loc, const char *root,
    const struct rv_report *r, const struct rv_report_extra *x,
    const struct web_index *idx, size_t page, char **body, size_t *len)
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
		web_index_render(&pg, idx, NULL, page);
	web_page_close(&pg, body, len);
	web_lang_leave();
	free(name);
}

/* Estate ei's part of the index and the report: kept, or made by this run. */
static const struct pub_part *
part_of(const struct publish *p, size_t ei)
{
	return p->kept[ei] != NULL ? p->kept[ei] : &p->parts[ei];
}

/*
 * Write the estate-independent files, after every estate's: stylesheet,
 * the estates index (index.html, then index-2.html ... when it has more
 * than one page of INDEX_PAGE_ESTATES; each in every language), from
 * the estates' summaries (part_of).
 */
static enum rv_status
write_top(struct publish *p, char **cause)
{
	struct rv_report_extra x;
	struct web_index idx;
	char		*body, *rel;
	size_t		 len, n, npages = web_index_npages(p->n), i;
	int		 l;
	enum rv_status	 st;

	if ((st = site_file(p, "style.css", xstrdup(web_css),
	    strlen(web_css), cause)) != RV_OK ||
	    (st = report_extra_read(p->s, NULL, &x, cause)) != RV_OK)
		return st;
	/* The summaries are the parts' own: never web_index_clear'ed. */
	memset(&idx, 0, sizeof idx);
	idx.at = p->at;
	idx.offset = RV_CST_OFFSET;
	idx.v = xcalloc(p->n + 1, sizeof *idx.v);
	for (i = 0; i < p->n; i++)
		idx.v[idx.n++] = part_of(p, i)->sum;
	for (n = 1; n <= npages && st == RV_OK; n++) {
		for (l = 0; l < RV_NLOCALES && st == RV_OK; l++) {
			render(p, (enum rv_locale)l, "", NULL, &x, &idx, n,
			    &body, &len);
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
	free(idx.v);
	report_extra_clear(&x);
	return st;
}

/*
 * e/<estate>/publication.json: the latest, publications/<n>.json, which
 * holds the len bytes body.  Frees body.
 */
static enum rv_status
pub_alias(struct publish *p, const char *id, long n, char *body, size_t len,
    char **cause)
{
	char		*rel, *alias;
	enum rv_status	 st;

	xasprintf(&rel, "e/%s/publications/%ld.json", id, n);
	xasprintf(&alias, "e/%s/publication.json", id);
	st = site_alias(p, rel, alias, body, len, cause);
	free(rel);
	free(alias);
	return st;
}

/* Does the current site hold rel? */
static int
site_has(const struct publish *p, const char *rel)
{
	char		*path;
	int		 has;

	xasprintf(&path, "%s/%s", p->out, rel);
	has = access(path, F_OK) == 0;
	free(path);
	return has;
}

/*
 * Carry the estate's publications over from the current site into the
 * new one's e/<estate>/publications as they are (they never change);
 * *next is the number the next one would have.
 */
static enum rv_status
carry_publications(struct publish *p, const char *id, long *next,
    char **cause)
{
	char		*rel;
	long		 n;
	enum rv_status	 st;

	xasprintf(&rel, "e/%s/publications", id);
	st = site_dir(p, rel, cause);
	free(rel);
	for (n = 1; st == RV_OK; n++) {
		xasprintf(&rel, "e/%s/publications/%ld.json", id, n);
		if (site_has(p, rel))
			st = site_carry(p, rel, RV_PUB_FILE_MAX, cause);
		else
			n = -n;		/* the first number not there */
		free(rel);
		if (n < 0)
			break;
	}
	*next = -n;
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
	const char	*id = p->ids[ei];
	struct rv_pub	*check = NULL;
	char		*path, *rel, *body, *prev = NULL, root[RV_PUB_ROOT_HEX];
	size_t		 len, prevlen = 0;
	long		 n;
	int		 same_at, stored = 0;
	enum rv_status	 st;

	if ((st = carry_publications(p, id, &n, cause)) != RV_OK)
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
	xasprintf(&rel, "e/%s/publications/%ld.json", id, n - 1);
	st = same_at ? pub_build(p->s, p->rep[ei], p->key, n - 1, rel, &body,
	    &len, root, NULL, cause) : RV_OK;
	free(rel);
	if (same_at && st == RV_OK) {
		if (len == prevlen && memcmp(body, prev, len) == 0) {
			pub_fingerprint(root, fp);
			xasprintf(&rel, "e/%s/publication.json", id);
			/*
			 * Its tree too, for the receipt page, unless the
			 * database holds it already (the common case: a
			 * file verified and stored by the run that wrote it).
			 */
			if ((st = store_pub_tree_is(p->s, id, n - 1, p->at,
			    root, &stored, cause)) == RV_OK && !stored &&
			    (st = pub_verify(rel, body, len, &check,
			    cause)) == RV_OK)
				st = pub_store(p->s, check, cause);
			pub_free(check);
			free(rel);
			if (st == RV_OK)
				st = pub_alias(p, id, n - 1, body, len, cause);
			else
				free(body);
			goto out;
		}
		free(body);
	}
	if (st != RV_OK)
		goto out;
	/* Built and checked as verify would check it. */
	xasprintf(&rel, "e/%s/publications/%ld.json", id, n);
	if ((st = pub_build(p->s, p->rep[ei], p->key, n, rel, &body, &len,
	    root, &check, cause)) != RV_OK) {
		free(rel);
		goto out;
	}
	pub_fingerprint(root, fp);
	if ((st = pub_store(p->s, check, cause)) != RV_OK) {
		pub_free(check);
		free(rel);
		free(body);
		goto out;
	}
	pub_free(check);
	if ((st = site_file(p, rel, xstrdup(body), len, cause)) == RV_OK)
		st = pub_alias(p, id, n, body, len, cause);
	else
		free(body);
	free(rel);
out:
	free(prev);
	return st;
}

/* One file of an estate's part's list (pub_part.files). */
struct listed {
	char		*rel;
	size_t		 len;
	uint8_t		 md[RV_HASH_LEN];
};

/*
 * Parse the list of an estate's files (lines "SIZE SHA256 PATH") into
 * *out (allocated, *n entries; free the paths and it).  0 when it is not
 * one.
 */
static int
listed_parse(const char *text, struct listed **out, size_t *n)
{
	const char	*at = text, *nl;
	struct listed	*v = NULL;
	char		*end, hex[RV_HASH_LEN * 2 + 1];
	unsigned long long len;
	size_t		 m = 0, i;

	for (; *at != '\0'; at = nl + 1) {
		if ((nl = strchr(at, '\n')) == NULL || *at < '0' || *at > '9')
			goto bad;
		errno = 0;
		len = strtoull(at, &end, 10);
		if (errno != 0 || *end != ' ' ||
		    nl - end < 1 + RV_HASH_LEN * 2 + 2 ||
		    end[1 + RV_HASH_LEN * 2] != ' ')
			goto bad;
		memcpy(hex, end + 1, RV_HASH_LEN * 2);
		hex[RV_HASH_LEN * 2] = '\0';
		v = xreallocarray(v, m + 1, sizeof *v);
		v[m].len = (size_t)len;
		v[m].rel = xstrndup(end + 2 + RV_HASH_LEN * 2,
		    nl - (end + 2 + RV_HASH_LEN * 2));
		m++;
		if (ledger_hash_from_hex(hex, v[m - 1].md) != 0 ||
		    v[m - 1].rel[0] == '\0' || v[m - 1].rel[0] == '/' ||
		    strstr(v[m - 1].rel, "..") != NULL)
			goto bad;
	}
	*out = v;
	*n = m;
	return 1;
bad:
	for (i = 0; i < m; i++)
		free(v[i].rel);
	free(v);
	return 0;
}

/*
 * Is rel one of the files a run writes for estate id: its pages in
 * each language, its publications, its QR code, its notice?  A list
 * naming anything else (another estate's file, the index, the marker)
 * is not trusted: linking it would put a file into the new site that
 * this run also writes, or carry a stray file on for ever.
 */
static int
listed_ours(const char *id, const char *rel)
{
	size_t		 idlen = strlen(id), sl;
	const char	*rest, *sfx;
	int		 l;

	if (strncmp(rel, "qr/", 3) == 0)
		return strncmp(rel + 3, id, idlen) == 0 &&
		    strcmp(rel + 3 + idlen, ".svg") == 0;
	if (strncmp(rel, "notice/", 7) == 0)
		return strncmp(rel + 7, id, idlen) == 0 &&
		    strcmp(rel + 7 + idlen, ".html") == 0;
	if (strncmp(rel, "e/", 2) != 0 || strncmp(rel + 2, id, idlen) != 0 ||
	    rel[2 + idlen] != '/')
		return 0;
	rest = rel + 3 + idlen;
	if (strcmp(rest, "publication.json") == 0)
		return 1;
	if (strncmp(rest, "publications/", 13) == 0) {
		rest += 13;
		if (*rest < '1' || *rest > '9')
			return 0;
		while (*rest >= '0' && *rest <= '9')
			rest++;
		return strcmp(rest, ".json") == 0;
	}
	if (strncmp(rest, "index", 5) != 0)
		return 0;
	for (l = 0; l < RV_NLOCALES; l++) {
		sfx = web_static_suffix((enum rv_locale)l);
		sl = strlen(sfx);
		if (strncmp(rest + 5, sfx, sl) == 0 &&
		    strcmp(rest + 5 + sl, ".html") == 0)
			return 1;
	}
	return 0;
}

/*
 * Carry estate ei over by the list of its files in its kept part: when
 * each is still in the current site, a regular file of the site's mode
 * and of its listed size, they are linked into the new site with their
 * listed hashes (a file that will not link is carried as site_carry
 * does).  *done is 0, with nothing done, when there is no such list or
 * a file is not as listed; carry_estate then reads them.
 */
static enum rv_status
carry_listed(struct publish *p, size_t ei, int *done, char **cause)
{
	const struct pub_part *part = p->kept[ei];
	struct listed	*v = NULL;
	struct stat	 sb;
	char		*from, *to;
	size_t		 n = 0, i, j;
	int		 ok = 1;
	enum rv_status	 st;

	*done = 0;
	if (part == NULL || part->files == NULL ||
	    !listed_parse(part->files, &v, &n))
		return RV_OK;
	for (i = 0; i < n && ok; i++) {
		/* Each of its own files once: a second link would fail. */
		ok = listed_ours(p->ids[ei], v[i].rel);
		for (j = 0; j < i && ok; j++)
			ok = strcmp(v[j].rel, v[i].rel) != 0;
		if (!ok)
			break;
		xasprintf(&from, "%s/%s", p->out, v[i].rel);
		ok = lstat(from, &sb) == 0 && S_ISREG(sb.st_mode) &&
		    (sb.st_mode & 07777) == PUBLISH_FILE_MODE &&
		    (uintmax_t)sb.st_size == (uintmax_t)v[i].len;
		free(from);
	}
	st = RV_OK;
	if (ok) {
		xasprintf(&from, "e/%s", p->ids[ei]);
		st = site_dir(p, from, cause);
		free(from);
		if (st == RV_OK && has_plan(p, ei)) {
			xasprintf(&from, "e/%s/publications", p->ids[ei]);
			st = site_dir(p, from, cause);
			free(from);
		}
	}
	for (i = 0; i < n && ok && st == RV_OK; i++) {
		xasprintf(&from, "%s/%s", p->out, v[i].rel);
		xasprintf(&to, "%s/%s", p->top, v[i].rel);
		if (link(from, to) == 0)
			site_add(p, v[i].rel, v[i].md, v[i].len);
		else
			st = site_carry(p, v[i].rel, RV_PUB_FILE_MAX, cause);
		free(from);
		free(to);
	}
	for (i = 0; i < n; i++)
		free(v[i].rel);
	free(v);
	*done = ok && st == RV_OK;
	return st;
}

/*
 * Carry estate ei's files over from the current site as they are, when
 * its stamps say nothing they show changed (publish-stamp.c) and the
 * site holds every file a run would write for it: its pages, QR code,
 * publications and notice.  Sets *carried; when 0, nothing was done.
 */
static enum rv_status
carry_estate(struct publish *p, size_t ei, int *carried, char **cause)
{
	const char	*id = p->ids[ei];
	char		*rel;
	long		 n;
	int		 l, has = 1;
	enum rv_status	 st;

	*carried = 0;
	if (!pub_stamps_unchanged(p->stamps, id))
		return RV_OK;
	if ((st = carry_listed(p, ei, carried, cause)) != RV_OK || *carried)
		return st;
	for (l = 0; l < RV_NLOCALES && has; l++) {
		xasprintf(&rel, "e/%s/index%s.html", id,
		    web_static_suffix((enum rv_locale)l));
		has = site_has(p, rel);
		free(rel);
	}
	xasprintf(&rel, "qr/%s.svg", id);
	has = has && site_has(p, rel);
	free(rel);
	xasprintf(&rel, "e/%s/publication.json", id);
	has = has && (!has_plan(p, ei) || site_has(p, rel));
	free(rel);
	if (!has)
		return RV_OK;
	xasprintf(&rel, "e/%s", id);
	st = site_dir(p, rel, cause);
	free(rel);
	for (l = 0; l < RV_NLOCALES && st == RV_OK; l++) {
		xasprintf(&rel, "e/%s/index%s.html", id,
		    web_static_suffix((enum rv_locale)l));
		st = site_carry(p, rel, RV_PUB_FILE_MAX, cause);
		free(rel);
	}
	if (st == RV_OK && has_plan(p, ei) &&
	    (st = carry_publications(p, id, &n, cause)) == RV_OK) {
		xasprintf(&rel, "e/%s/publication.json", id);
		st = site_carry(p, rel, RV_PUB_FILE_MAX, cause);
		free(rel);
	}
	if (st == RV_OK) {
		xasprintf(&rel, "qr/%s.svg", id);
		st = site_carry(p, rel, RV_PUB_FILE_MAX, cause);
		free(rel);
	}
	xasprintf(&rel, "notice/%s.html", id);
	if (st == RV_OK && site_has(p, rel))
		st = site_carry(p, rel, RV_PUB_FILE_MAX, cause);
	free(rel);
	*carried = st == RV_OK;
	return st;
}

/*
 * Write one estate's pages, QR code and notice, tallied first when
 * build_reports did not; or carry them over when nothing they show
 * changed (*carried).
 */
static enum rv_status
make_estate(struct publish *p, size_t ei, int *carried, char **cause)
{
	const char	*id = p->ids[ei];
	const struct rv_report *r;
	struct rv_report_extra x;
	struct rv_qr	*qr = NULL;
	char		*body, *rel, *url, fp[RV_PUB_FINGERPRINT];
	size_t		 len;
	FILE		*f;
	int		 l, has_fp = 0;
	enum rv_status	 st;

	if ((st = carry_estate(p, ei, carried, cause)) != RV_OK || *carried ||
	    (st = estate_report(p, ei, cause)) != RV_OK)
		return st;
	r = p->rep[ei];
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
		render(p, (enum rv_locale)l, "../../", r, &x, NULL, 0, &body,
		    &len);
		xasprintf(&rel, "e/%s/index%s.html", id,
		    web_static_suffix((enum rv_locale)l));
		st = site_file(p, rel, body, len, cause);
		free(rel);
	}
	if (st == RV_OK && r->plans[0] != NULL &&
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
	if (st == RV_OK && (x.npubs > 0 || open_question(r, id) != NULL)) {
		if ((f = open_memstream(&body, &len)) == NULL)
			fatal("open_memstream failed");
		web_lang_enter(RV_ZH_CN);
		notice_write(f, r, 0, &x, x.npubs > 0 ?
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

/*
 * Estate ei's part of the index and the report, made from its tally
 * (inside the caller's transaction), unless it is carried over with
 * its part kept.
 */
static enum rv_status
make_part(struct publish *p, size_t ei, int carried, char **cause)
{
	struct pub_part	*part = &p->parts[ei];
	enum rv_status	 st;

	if (carried && p->kept[ei] != NULL)
		return RV_OK;
	p->kept[ei] = NULL;
	if ((st = estate_report(p, ei, cause)) != RV_OK)
		return st;
	part->id = xstrdup(p->ids[ei]);
	web_summary_fill(&part->sum, p->rep[ei], 0);
	web_lang_enter(RV_ZH_CN);
	st = evaluation_part(p->s, p->rep[ei], 0, RV_ZH_CN, &part->eval,
	    cause);
	web_lang_leave();
	return st;
}

/*
 * Write one estate's pages, QR code and notice; or carry them over when
 * nothing they show changed.  Then its part of the pages about every
 * estate.
 */
static enum rv_status
write_estate(struct publish *p, size_t ei, char **cause)
{
	char		*files;
	size_t		 len;
	enum rv_status	 st;
	int		 carried;

	if ((p->list = open_memstream(&files, &len)) == NULL)
		fatal("open_memstream failed");
	p->unlisted = 0;
	st = make_estate(p, ei, &carried, cause);
	fclose(p->list);
	p->list = NULL;
	if (st == RV_OK) {
		p->carried += carried;
		st = make_part(p, ei, carried, cause);
	}
	if (st == RV_OK && p->kept[ei] == NULL && !p->unlisted) {
		p->parts[ei].files = files;
		files = NULL;
	}
	free(files);
	return st;
}
/*
 * Write the evaluation report, HTML and CSV, after every estate's files:
 * from the estates' parts (part_of), in id order as report_build lists
 * them.
 */
static enum rv_status
write_report(struct publish *p, char **cause)
{
	const struct eval_part **v;
	char		*html, *csv;
	size_t		 hlen, clen, i;
	FILE		*h, *c;
	enum rv_status	 st;

	if ((h = open_memstream(&html, &hlen)) == NULL ||
	    (c = open_memstream(&csv, &clen)) == NULL)
		fatal("open_memstream failed");
	v = xcalloc(p->n + 1, sizeof *v);
	for (i = 0; i < p->n; i++)
		v[i] = &part_of(p, i)->eval;
	web_lang_enter(RV_ZH_CN);
	evaluation_put(v, p->n, p->at, RV_ZH_CN, h, c);
	web_lang_leave();
	free(v);
	fclose(h);
	fclose(c);
	if ((st = site_file(p, "report/report.html", html, hlen,
	    cause)) != RV_OK) {
		free(csv);
		return st;
	}
	return site_file(p, "report/report.csv", csv, clen, cause);
}

/*
 * The run's part of the estates' stamps (publish-stamp.c, note 1) into
 * p->site: --at, --base-url, the office key and the notice's office
 * details as p->office holds them.
 */
static enum rv_status
site_inputs(struct publish *p, char **cause)
{
	const char	*field[] = { p->office.name, p->office.address,
			    p->office.phone, p->office.place, p->office.hours };
	char		*pem = NULL;
	size_t		 len, i;
	FILE		*f;
	enum rv_status	 st;

	if ((st = key_public_pem(p->key, &pem, cause)) != RV_OK)
		return st;
	free(p->site);
	if ((f = open_memstream(&p->site, &len)) == NULL)
		fatal("open_memstream failed");
	fprintf(f, "at %lld\nbase %zu %s\nkey %s", (long long)p->at,
	    strlen(p->base), p->base, pem);
	for (i = 0; i < nitems(field); i++)
		fprintf(f, "office %zu %s\n", field[i] != NULL ?
		    strlen(field[i]) : (size_t)0, field[i] != NULL ? field[i] :
		    "(none)");
	fclose(f);
	free(pem);
	return RV_OK;
}

/*
 * The old site's parts (publish-part.c) into p->old, when its stamps
 * name them and the file is the one they name; otherwise nothing of the
 * old site is trusted (pub_stamps_distrust): a part is never used
 * unchecked.  Sets *usable.
 */
static void
read_parts(struct publish *p, int *usable)
{
	uint8_t		 md[RV_HASH_LEN];
	const char	*want = pub_stamps_parts(p->stamps);
	char		*path, *text = NULL, *why = NULL, hex[RV_HASH_LEN * 2 + 1];
	size_t		 len;

	*usable = 0;
	if (want == NULL) {
		pub_stamps_distrust(p->stamps);
		return;
	}
	xasprintf(&path, "%s/" PUB_PARTS_FILE, p->out);
	if (file_read(path, PUB_PARTS_MAX, &text, &len, &why) == RV_OK) {
		ledger_sha256(text, len, md);
		ledger_hash_hex(md, hex, sizeof hex);
		*usable = strcmp(hex, want) == 0 &&
		    pub_parts_parse(text, len, &p->old, &p->nold);
	} else
		free(why);
	free(text);
	free(path);
	if (!*usable)
		pub_stamps_distrust(p->stamps);
}

/* Room for what the run holds of each of its p->n estates. */
static void
estates_alloc(struct publish *p)
{
	p->rep = xcalloc(p->n + 1, sizeof *p->rep);
	p->own = xcalloc(p->n + 1, sizeof *p->own);
	p->kept = xcalloc(p->n + 1, sizeof *p->kept);
	p->parts = xcalloc(p->n + 1, sizeof *p->parts);
}

/*
 * Every estate's tally from one report of the city, each estate's pages
 * and publication made from its part of it (report_slice): one tally of
 * the city, not one more per estate.
 */
static enum rv_status
tally_all(struct publish *p, char **cause)
{
	enum rv_status	 st;
	size_t		 i;

	if ((st = report_build(p->s, NULL, p->at, RV_CST_OFFSET, &p->all,
	    cause)) != RV_OK)
		return st;
	p->n = p->all->nestates;
	p->ids = xcalloc(p->n + 1, sizeof *p->ids);
	p->one = xcalloc(p->n + 1, sizeof *p->one);
	estates_alloc(p);
	for (i = 0; i < p->n; i++) {
		p->ids[i] = xstrdup(p->all->estates[i]->id);
		report_slice(p->all, i, &p->one[i]);
		p->rep[i] = &p->one[i];
	}
	return RV_OK;
}

/*
 * In one snapshot, every estate, and the tally of each that may not be
 * carried over (pub_stamps_maybe) or whose kept part does not bear the
 * stamp the old site holds for it; the others are tallied only if the
 * write transaction finds them changed after all (estate_report).
 */
static enum rv_status
tally_changed(struct publish *p, char **cause)
{
	const struct pub_part *part;
	const char	*old;
	size_t		 i;
	enum rv_status	 st;

	if ((st = store_begin_read(p->s, cause)) != RV_OK)
		return st;
	if ((st = store_estate_ids(p->s, &p->ids, &p->n, cause)) != RV_OK)
		goto out;
	estates_alloc(p);
	for (i = 0; i < p->n && st == RV_OK; i++) {
		part = pub_parts_find(p->old, p->nold, p->ids[i]);
		old = pub_stamps_old(p->stamps, p->ids[i]);
		if (part != NULL && old != NULL &&
		    strcmp(part->digest, old) == 0 &&
		    pub_stamps_maybe(p->stamps, p->ids[i]))
			p->kept[i] = part;
		else if ((st = report_build_in(p->s, p->ids[i], p->at,
		    RV_CST_OFFSET, &p->own[i], cause)) == RV_OK)
			p->rep[i] = p->own[i];
	}
out:
	store_rollback(p->s);
	return st;
}

/*
 * Read the stamps, then tally, in that order (publish-stamp.c: a stamp
 * older than the pages is safe, never one newer).  Without --final,
 * when the old site's stamps and parts can be trusted, only the estates
 * that may have changed are tallied (tally_changed); else the city.
 */
static enum rv_status
build_reports(struct publish *p, char **cause)
{
	enum rv_status	 st;
	int		 usable;

	/* Read again in the write transaction: these only foretell. */
	if ((st = notice_office_read(p->s, &p->office, cause)) != RV_OK ||
	    (st = site_inputs(p, cause)) != RV_OK)
		return st;
	notice_office_clear(&p->office);
	if ((st = pub_stamps_begin(p->s, p->out, p->site, &p->stamps,
	    cause)) != RV_OK)
		return st;
	read_parts(p, &usable);
	if (p->final || !usable)
		st = tally_all(p, cause);
	else
		st = tally_changed(p, cause);
	return st;
}

/*
 * In the write transaction: the estates' stamps, from what this run
 * publishes them with besides the store (publish-stamp.c, note 1):
 * --at, --base-url, the office key and the notice's office details.
 */
static enum rv_status
stamp_pages(struct publish *p, char **cause)
{
	enum rv_status	 st;

	if ((st = site_inputs(p, cause)) != RV_OK)
		return st;
	return pub_stamps_pages(p->stamps, p->s, p->site, cause);
}

/*
 * The new site's parts file (publish-part.c), its SHA-256 (hex) into
 * hex: each estate's part with the stamp the new site keeps for it.  An
 * estate without one, or whose kept part bears another, has none, so
 * the next run tallies it.
 */
static enum rv_status
write_parts(struct publish *p, char hex[RV_HASH_LEN * 2 + 1], char **cause)
{
	struct pub_part	 one;
	const char	*digest;
	uint8_t		 md[RV_HASH_LEN];
	char		*text;
	size_t		 len, i;
	FILE		*f;

	if ((f = open_memstream(&text, &len)) == NULL)
		fatal("open_memstream failed");
	pub_parts_head(f);
	for (i = 0; i < p->n; i++) {
		if ((digest = pub_stamps_digest(p->stamps, p->ids[i])) == NULL ||
		    (p->kept[i] != NULL &&
		    strcmp(p->kept[i]->digest, digest) != 0))
			continue;
		one = *part_of(p, i);
		one.digest = (char *)digest;
		pub_part_put(f, &one);
	}
	fclose(f);
	ledger_sha256(text, len, md);
	ledger_hash_hex(md, hex, RV_HASH_LEN * 2 + 1);
	return site_file(p, PUB_PARTS_FILE, text, len, cause);
}

/*
 * The new site's stamps and parts files, after every estate's files:
 * stamped again, with the publication trees this run stored
 * (pub_stamps_pages).
 */
static enum rv_status
write_stamps(struct publish *p, char **cause)
{
	char		*text, hex[RV_HASH_LEN * 2 + 1];
	size_t		 len;
	enum rv_status	 st;

	if ((st = stamp_pages(p, cause)) != RV_OK ||
	    (st = write_parts(p, hex, cause)) != RV_OK)
		return st;
	pub_stamps_text(p->stamps, hex, &text, &len);
	return site_file(p, PUB_STAMPS_FILE, text, len, cause);
}

/* Parse and check the options into p. */
static enum rv_status
parse_options(struct cmd *c, struct publish *p, char **cause)
{
	const char	*base, *days_arg = cmd_get(c, "objection-days");
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
	p->final_estate = cmd_get(c, "estate");
	if (p->final_estate != NULL && !cmd_has(c, "final"))
		return rv_fail(cause, RV_EUSAGE, _("--estate names the estate "
		    "of a final notice: give it with --final"));
	/* With --estate the other estates may open objection periods. */
	if (days_arg != NULL && cmd_has(c, "final") && p->final_estate == NULL)
		return rv_fail(cause, RV_EUSAGE, "--objection-days: a final "
		    "notice opens no objection period");
	p->final = cmd_has(c, "final");
	if ((st = cmd_get_at(c, &p->at, &offset, cause)) != RV_OK)
		return st;
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
	    (st = check_out_dir(p.out, &exists, cause)) != RV_OK ||
	    (st = intent_abs_path(p.out, &aout, cause)) != RV_OK ||
	    (st = build_reports(&p, cause)) != RV_OK)
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
	    (st = stamp_pages(&p, cause)) != RV_OK ||
	    (st = site_dir(&p, "e", cause)) != RV_OK ||
	    (st = site_dir(&p, "qr", cause)) != RV_OK ||
	    (st = site_dir(&p, "notice", cause)) != RV_OK ||
	    (st = site_dir(&p, "report", cause)) != RV_OK)
		goto out;
	for (i = 0; i < p.n; i++) {
		if ((st = write_estate(&p, i, cause)) != RV_OK)
			goto out;
	}
	if ((st = write_report(&p, cause)) != RV_OK ||
	    (st = write_top(&p, cause)) != RV_OK ||
	    (st = write_stamps(&p, cause)) != RV_OK ||
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
	    p.n, p.out, p.recorded);
	printf(_("%zu estates made, %zu unchanged and carried over\n"),
	    p.n - p.carried, p.carried);
out:
	if (in_txn)
		store_rollback(p.s);
	rm_tree(p.top);
	free(p.top);
	free(p.marker);
	free(tmpl);
	free(copy);
	free(aout);
	free(stale);
	free(p.base);
	free(p.one);
	report_free(p.all);
	for (i = 0; i < p.n; i++) {
		if (p.own != NULL)
			report_free(p.own[i]);
		if (p.parts != NULL)
			pub_part_clear(&p.parts[i]);
	}
	strv_free(p.ids, p.n);
	free(p.own);
	free(p.rep);
	free(p.kept);
	free(p.parts);
	pub_parts_free(p.old, p.nold);
	free(p.site);
	pub_stamps_free(p.stamps);
	notice_office_clear(&p.office);
	key_free(p.key);
	store_close(p.s);
	return st;
}
