/*
 * Finishing or rolling back multi-file changes (the intents of
 * store-intent.c).  A command that must change files together with the
 * database (codes issue: the codes file and the slips; publish: the
 * site; package: the package file) writes the new content to temporary paths and fsyncs it, then
 * commits its change together with one intent row per file: the final
 * path, the temporary path and the SHA-256 of the new content (of the
 * marker file for a site).  Only after that commit are the files moved
 * into place, and the intents dropped in a second transaction.
 *
 * intent_settle decides each unfinished batch from what is on disk:
 * when every file's new content is in place or still at its temporary
 * path, the batch is finished (moved into place, intents dropped); when
 * any is lost, it is rolled back (temporary files and new files that
 * are already in place removed, the old codes, codes epoch and
 * publications restored).  Files are changed before the transaction
 * that drops the intents commits, so a crash at any point leaves
 * intents for the next run to settle the same way.  Every office command
 * settles what is left when it opens the store (cmd_open_store).
 */

#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "ledger.h"
#include "store.h"

#define INTENT_READ_BUF		65536	/* bytes hashed per read */
#define INTENT_FD_MAX		16	/* descriptors intent_remove may hold */
#define INTENT_MARKER		".renovote-site"
#define INTENT_SUFFIX_LEN	6	/* mkstemp's XXXXXX */

/* What is on disk for one intent. */
enum intent_state {
	INTENT_DONE,		/* the new content is at the final path */
	INTENT_READY,		/* it is still at the temporary path */
	INTENT_LOST		/* it is in neither place */
};

/*
 * The SHA-256 of a file as 64 hex digits into hex; a missing file, or
 * one that is not a regular file, sets *exists to 0.  The read buffer is wiped: the file may hold codes.
 */
static enum rv_status
intent_sha256(const char *path, char hex[RV_HASH_LEN * 2 + 1], int *exists,
    char **cause)
{
	EVP_MD_CTX	*ctx = NULL;
	struct stat	 sb;
	unsigned char	 buf[INTENT_READ_BUF], md[RV_HASH_LEN];
	unsigned int	 mdlen = 0;
	enum rv_status	 st = RV_OK;
	ssize_t		 n;
	int		 fd;

	*exists = 0;
	hex[0] = '\0';
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		if (errno == ENOENT || errno == ENOTDIR)
			return RV_OK;
		return rv_fail(cause, RV_EENV, "%s: %s", path,
		    strerror(errno));
	}
	/* Anything but a regular file does not hold new content. */
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return RV_OK;
	}
	*exists = 1;
	if ((ctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1)
		fatal("intent_sha256: cannot hash");
	for (;;) {
		if ((n = read(fd, buf, sizeof buf)) == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			st = rv_fail(cause, RV_EENV, "%s: read error: %s",
			    path, strerror(errno));
			break;
		}
		if (n == 0)
			break;
		if (EVP_DigestUpdate(ctx, buf, (size_t)n) != 1)
			fatal("intent_sha256: cannot hash");
	}
	explicit_bzero(buf, sizeof buf);
	close(fd);
	if (st == RV_OK) {
		if (EVP_DigestFinal_ex(ctx, md, &mdlen) != 1 ||
		    mdlen != RV_HASH_LEN)
			fatal("intent_sha256: cannot hash");
		ledger_hash_hex(md, hex, RV_HASH_LEN * 2 + 1);
	}
	EVP_MD_CTX_free(ctx);
	return st;
}

/*
 * Does path hold the intent's new content?  For a site, path is a
 * directory and its marker file is what was hashed.
 */
static enum rv_status
intent_holds(const struct rv_intent *in, const char *path, int *holds,
    char **cause)
{
	char		 hex[RV_HASH_LEN * 2 + 1], *p = NULL;
	enum rv_status	 st;
	int		 exists;

	if (strcmp(in->kind, "site") == 0)
		xasprintf(&p, "%s/" INTENT_MARKER, path);
	st = intent_sha256(p != NULL ? p : path, hex, &exists, cause);
	free(p);
	*holds = st == RV_OK && exists && strcmp(hex, in->sha256) == 0;
	return st;
}

/* Where an intent's new content is. */
static enum rv_status
intent_state(const struct rv_intent *in, enum intent_state *state,
    char **cause)
{
	enum rv_status	 st;
	int		 holds;

	if ((st = intent_holds(in, in->path, &holds, cause)) != RV_OK)
		return st;
	if (holds) {
		*state = INTENT_DONE;
		return RV_OK;
	}
	if ((st = intent_holds(in, in->tmp, &holds, cause)) != RV_OK)
		return st;
	*state = holds ? INTENT_READY : INTENT_LOST;
	return RV_OK;
}

/*
 * Remove what the directory name (in the directory open at dirfd)
 * holds, children first, by the type readdir gives (no stat of each
 * entry: a site holds thousands); entries it cannot remove are left.
 * Symbolic links are removed, never followed.  depth bounds the
 * descriptors held.
 */
static void
intent_rm_at(int dirfd, const char *name, int depth)
{
	struct dirent	*de;
	DIR		*d;
	int		 fd, removed;

	if (depth <= 0 || (fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY |
	    O_NOFOLLOW | O_CLOEXEC)) == -1)
		return;
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return;
	}
	/* Again until a pass removes nothing: readdir need not list all. */
	do {
		removed = 0;
		rewinddir(d);
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			if (de->d_type != DT_DIR &&
			    unlinkat(fd, de->d_name, 0) == 0) {
				removed++;
				continue;
			}
			if (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN)
				continue;
			intent_rm_at(fd, de->d_name, depth - 1);
			removed += unlinkat(fd, de->d_name, AT_REMOVEDIR) == 0;
		}
	} while (removed > 0);
	closedir(d);
}

/* Remove a file or a whole directory tree, if it is there. */
static void
intent_remove(const char *path)
{
	struct stat	 sb;

	if (lstat(path, &sb) != 0)
		return;
	if (S_ISDIR(sb.st_mode)) {
		intent_rm_at(AT_FDCWD, path, INTENT_FD_MAX);
		rmdir(path);
	} else
		unlink(path);
}

/*
 * Move an intent's new content into place: a rename for a file; for a
 * site, an exchange with the old site (which is then at tmp) or a rename
 * when there is none.
 */
static enum rv_status
intent_move(const struct rv_intent *in, char **cause)
{
	struct stat	 sb;
	int		 rc;

	if (strcmp(in->kind, "site") == 0 && lstat(in->path, &sb) == 0)
		rc = renameat2(AT_FDCWD, in->tmp, AT_FDCWD, in->path,
		    RENAME_EXCHANGE);
	else
		rc = rename(in->tmp, in->path);
	if (rc != 0)
		return rv_fail(cause, RV_EENV, "%s: cannot rename into place: "
		    "%s", in->path, strerror(errno));
	return file_sync_dir(in->path, cause);
}

/*
 * Settle the batch of n intents at v in one transaction.  With undo
 * (the run that recorded it, right after its commit), a batch whose
 * first move fails before anything moved is rolled back and that
 * failure returned.  *rolled_back says which way it went.
 */
static enum rv_status
intent_settle_batch(struct store *s, struct rv_intent *v, size_t n, int undo,
    int *rolled_back, char **cause)
{
	enum intent_state *state = xcalloc(n, sizeof *state);
	enum rv_status	 st, moved_st = RV_OK;
	char		*why = NULL;
	size_t		 i, moved = 0, done = 0;
	int		 lost = 0;

	*rolled_back = 0;
	if ((st = store_begin(s, cause)) != RV_OK)
		goto out;
	for (i = 0; i < n; i++) {
		if ((st = intent_state(&v[i], &state[i], cause)) != RV_OK)
			goto fail;
		lost |= state[i] == INTENT_LOST;
		done += state[i] == INTENT_DONE;
	}
	for (i = 0; !lost && i < n; i++) {
		if (state[i] != INTENT_READY)
			continue;
		if ((st = intent_move(&v[i], &why)) != RV_OK) {
			if (!undo || moved != 0 || done != 0) {
				*cause = why;
				why = NULL;
				goto fail;
			}
			/* Nothing moved yet: roll the run back. */
			moved_st = st;
			lost = 1;
			break;
		}
		moved++;
	}
	if (lost) {
		/* Remove new content before the old is restored. */
		for (i = 0; i < n; i++) {
			if (strcmp(v[i].kind, "site") != 0)
				intent_remove(v[i].tmp);
			else if (state[i] == INTENT_READY)
				intent_remove(v[i].tmp);
			if (state[i] == INTENT_DONE &&
			    strcmp(v[i].kind, "codes") == 0)
				unlink(v[i].path);
		}
		for (i = 0; i < n; i++)
			file_sync_dir(v[i].path, NULL);
	}
	if ((st = store_intent_finish(s, v[0].batch, lost, cause)) != RV_OK ||
	    (st = store_commit(s, cause)) != RV_OK)
		goto fail;
	/* A site's old tree, swapped out to tmp; a file's tmp is gone. */
	for (i = 0; !lost && i < n; i++)
		intent_remove(v[i].tmp);
	*rolled_back = lost;
	if (moved_st != RV_OK) {
		*cause = why;
		why = NULL;
		st = moved_st;
	}
	goto out;
fail:
	store_rollback(s);
out:
	free(why);
	free(state);
	return st;
}

/*
 * Finish or roll back every unfinished batch, or only the batch named
 * (NULL: all).  undo is for the run that recorded the batch (see
 * intent_settle_batch).  Each batch settled by a later run is reported
 * on stderr in one line.  With no intents this reads one small table.
 */
enum rv_status
intent_settle(struct store *s, const char *batch, int undo, char **cause)
{
	struct rv_intent *v = NULL;
	enum rv_status	 st;
	size_t		 n, i, j;
	int		 rolled_back;

	if ((st = store_intents_load(s, &v, &n, cause)) != RV_OK)
		return st;
	for (i = 0; st == RV_OK && i < n; i = j) {
		for (j = i; j < n && strcmp(v[j].batch, v[i].batch) == 0; j++)
			;
		if (batch != NULL && strcmp(v[i].batch, batch) != 0)
			continue;
		st = intent_settle_batch(s, &v[i], j - i, undo, &rolled_back,
		    cause);
		if (st != RV_OK || batch != NULL)
			continue;
		if (strcmp(v[i].kind, "site") == 0)
			fprintf(stderr, rolled_back ? _("%s: an interrupted "
			    "publish was rolled back; publish again\n") :
			    _("%s: an interrupted publish was finished\n"),
			    v[i].path);
		else if (strcmp(v[i].kind, "package") == 0)
			/*
			 * The version stays counted either way: kiosks may
			 * already have fetched it from the office by sync.
			 */
			fprintf(stderr, rolled_back ? _("%s: the file of an "
			    "interrupted package of %s was lost; its version "
			    "stands at the office: run package again for a "
			    "file\n") : _("%s: an interrupted package of %s "
			    "was finished\n"), v[i].path, v[i].estate_id);
		else
			fprintf(stderr, rolled_back ? _("%s: an interrupted "
			    "codes issue of %s was rolled back; the earlier "
			    "codes stand\n") : _("%s: an interrupted codes "
			    "issue of %s was finished\n"), v[i].path,
			    v[i].estate_id);
	}
	store_intents_free(v, n);
	return st;
}

/*
 * The absolute form of path whose directory exists: the real path of
 * its directory and its own name, for an intent that a later run,
 * perhaps from another directory, settles.
 */
enum rv_status
intent_abs_path(const char *path, char **out, char **cause)
{
	char	*d = xstrdup(path), *b = xstrdup(path), *real;

	*out = NULL;
	if ((real = realpath(dirname(d), NULL)) == NULL) {
		free(d);
		free(b);
		return rv_fail(cause, RV_EENV, "%s: cannot create: %s", path,
		    strerror(errno));
	}
	xasprintf(out, "%s/%s", real, basename(b));
	free(real);
	free(d);
	free(b);
	return RV_OK;
}

/*
 * Record in the open transaction the intent to rename fs's temporary
 * file over its path once the transaction commits: kind ("codes" or
 * "package") and the SHA-256 of data, the new content fs holds.
 */
enum rv_status
intent_add_file(struct store *s, const char *batch, const char *kind,
    const char *estate_id, const struct file_swap *fs, const void *data,
    size_t len, char **cause)
{
	struct rv_intent in;
	uint8_t		 md[RV_HASH_LEN];
	char		 hex[RV_HASH_LEN * 2 + 1];

	ledger_sha256(data, len, md);
	ledger_hash_hex(md, hex, sizeof hex);
	memset(&in, 0, sizeof in);
	in.batch = (char *)batch;
	in.kind = (char *)kind;
	in.estate_id = (char *)estate_id;
	in.path = fs->path;
	in.tmp = fs->tmp;
	in.sha256 = hex;
	return store_intent_add(s, &in, cause);
}

/*
 * Refuse an output path that is there but is not a regular file (a
 * directory, say): the rename after the commit could not replace it,
 * and the change would be rolled back after all the work.
 */
enum rv_status
intent_target_check(const char *path, char **cause)
{
	struct stat	 sb;

	if (lstat(path, &sb) == 0 && !S_ISREG(sb.st_mode))
		return rv_fail(cause, RV_EINPUT, "%s: not a regular file",
		    path);
	return RV_OK;
}

/* A fresh batch name: 32 random hex digits. */
void
intent_batch_new(char batch[INTENT_BATCH_LEN])
{
	uint8_t	 r[16];
	size_t	 i;

	if (getentropy(r, sizeof r) != 0)
		fatal("getentropy failed");
	for (i = 0; i < sizeof r; i++)
		snprintf(batch + 2 * i, 3, "%02x", r[i]);
}

/*
 * Remove what killed runs left beside path: the entries of its
 * directory named after path's base name followed by each of the
 * infixes (".tmp.", ".old.") and six mkstemp characters, whole trees
 * for directories.  Call after intent_settle, so no intent still needs
 * them.  Returns how many it removed.
 */
size_t
intent_clean_beside(const char *path, const char *const *infixes, size_t ninf)
{
	char		*d = xstrdup(path), *b = xstrdup(path), *dir, *base;
	char		*full, *prefix;
	DIR		*dp;
	struct dirent	*de;
	size_t		 i, k, removed = 0, plen;
	int		 ok;

	dir = dirname(d);
	base = basename(b);
	if ((dp = opendir(dir)) == NULL)
		goto out;
	while ((de = readdir(dp)) != NULL) {
		for (k = 0; k < ninf; k++) {
			xasprintf(&prefix, "%s%s", base, infixes[k]);
			plen = strlen(prefix);
			ok = strncmp(de->d_name, prefix, plen) == 0 &&
			    strlen(de->d_name) == plen + INTENT_SUFFIX_LEN;
			for (i = plen; ok && de->d_name[i] != '\0'; i++)
				ok = (de->d_name[i] >= '0' &&
				    de->d_name[i] <= '9') ||
				    (de->d_name[i] >= 'a' &&
				    de->d_name[i] <= 'z') ||
				    (de->d_name[i] >= 'A' &&
				    de->d_name[i] <= 'Z');
			free(prefix);
			if (!ok)
				continue;
			xasprintf(&full, "%s/%s", dir, de->d_name);
			intent_remove(full);
			free(full);
			removed++;
			break;
		}
	}
	closedir(dp);
	if (removed > 0)
		file_sync_dir(path, NULL);
out:
	free(d);
	free(b);
	return removed;
}
