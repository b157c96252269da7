/*
 * Whole-file reads with a ceiling, and durable writes: a temporary file in
 * the same directory, written, fsynced, renamed over the target, and the
 * directory fsynced, so a crash leaves the old file or the new one, never
 * a torn one.
 */

#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "renovote.h"

/*
 * Open path for reading and check it is a regular file.  *fd, *mode and
 * *size describe it; the caller closes *fd.  A missing file or one that is
 * not a regular file is RV_EINPUT, other failures RV_EENV.
 */
enum rv_status
file_open_regular(const char *path, int *fd, unsigned *mode, size_t *size,
    char **cause)
{
	struct stat	 sb;
	enum rv_status	 st;

	if ((*fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return rv_fail(cause, errno == ENOENT ? RV_EINPUT : RV_EENV,
		    "%s: %s", path, strerror(errno));
	if (fstat(*fd, &sb) != 0)
		st = rv_fail(cause, RV_EENV, "%s: %s", path, strerror(errno));
	else if (!S_ISREG(sb.st_mode))
		st = rv_fail(cause, RV_EINPUT, "%s: not a regular file", path);
	else {
		*mode = (unsigned)(sb.st_mode & 07777);
		*size = (size_t)sb.st_size;
		return RV_OK;
	}
	close(*fd);
	*fd = -1;
	return st;
}

/*
 * Read the open file fd to its end into one buffer of cap + 1 bytes,
 * NUL-terminated: never reallocated, so a secret read this way leaves no
 * copies behind (the caller wipes *out).  More than cap bytes is
 * RV_EINPUT.
 */
enum rv_status
file_read_fd(const char *path, int fd, size_t cap, char **out,
    size_t *outlen, char **cause)
{
	char	*buf = xmalloc(cap + 1);
	size_t	 len = 0;
	ssize_t	 n;

	*out = buf;
	*outlen = 0;
	for (;;) {
		n = read(fd, buf + len, cap + 1 - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return rv_fail(cause, RV_EENV, "%s: read error: %s",
			    path, strerror(errno));
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > cap)
			return rv_fail(cause, RV_EINPUT, "%s: larger than %zu "
			    "bytes", path, cap);
	}
	buf[len] = '\0';
	*outlen = len;
	return RV_OK;
}

/*
 * Read path into a NUL-terminated buffer.  A file larger than max bytes
 * is refused (RV_EINPUT), as is one that does not exist; other failures
 * are RV_EENV.  Only what the file holds is allocated.
 */
enum rv_status
file_read(const char *path, size_t max, char **out, size_t *outlen,
    char **cause)
{
	char		*buf = NULL;
	size_t		 size, len;
	unsigned	 mode;
	int		 fd;
	enum rv_status	 st;

	if ((st = file_open_regular(path, &fd, &mode, &size, cause)) != RV_OK)
		return st;
	if (size > max)
		st = rv_fail(cause, RV_EINPUT, "%s: larger than %zu bytes",
		    path, max);
	else
		st = file_read_fd(path, fd, size, &buf, &len, cause);
	close(fd);
	if (st != RV_OK) {
		free(buf);
		return st;
	}
	*out = buf;
	*outlen = len;
	return RV_OK;
}

/*
 * fsync the directory holding path, so that a rename or a new entry in
 * it is durable.
 */
enum rv_status
file_sync_dir(const char *path, char **cause)
{
	char		*copy = xstrdup(path);
	const char	*dir = dirname(copy);
	int		 fd;
	enum rv_status	 st = RV_OK;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY)) == -1 || fsync(fd) != 0)
		st = rv_fail(cause, RV_EENV, "%s: cannot sync directory: %s",
		    dir, strerror(errno));
	if (fd != -1)
		close(fd);
	free(copy);
	return st;
}

/*
 * Replacing a file together with a database commit.  The new content is
 * written and fsynced to a temporary file first (file_swap_begin); the
 * caller stages its database change, then file_swap_install moves the new
 * file in while keeping the old one as a hard link; if the commit then
 * fails, file_swap_undo puts the old file back, and file_swap_end drops
 * the backup.  So a failure at any step leaves both the database and the
 * file as they were.
 */

/* Free what a swap holds, removing its temporary files. */
static void
swap_clear(struct file_swap *fs)
{
	if (fs->tmp != NULL)
		unlink(fs->tmp);
	if (fs->backup != NULL)
		unlink(fs->backup);
	free(fs->tmp);
	free(fs->backup);
	free(fs->path);
	memset(fs, 0, sizeof *fs);
}

/*
 * Give the new file fd mode, write all len bytes of data to it, fsync it
 * if sync, and close it (in every case): 0, or -1 with errno set.
 */
static int
file_fill(int fd, int mode, const void *data, size_t len, int sync)
{
	const char	*p = data;
	ssize_t		 n;
	int		 saved;

	if (fchmod(fd, (mode_t)mode) != 0)
		goto fail;
	while (len > 0) {
		if ((n = write(fd, p, len)) < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		p += n;
		len -= (size_t)n;
	}
	if (sync && fsync(fd) != 0)
		goto fail;
	return close(fd);
fail:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

/* Write data to a new temporary file beside path, with mode, and fsync. */
enum rv_status
file_swap_begin(struct file_swap *fs, const char *path, const void *data,
    size_t len, int mode, char **cause)
{
	int		 fd;

	memset(fs, 0, sizeof *fs);
	fs->path = xstrdup(path);
	xasprintf(&fs->tmp, "%s.tmp.XXXXXX", path);
	if ((fd = mkstemp(fs->tmp)) == -1) {
		free(fs->tmp);
		fs->tmp = NULL;
		swap_clear(fs);
		return rv_fail(cause, RV_EENV, "%s: cannot create: %s", path,
		    strerror(errno));
	}
	if (file_fill(fd, mode, data, len, 1) != 0) {
		rv_fail(cause, RV_EENV, "%s: cannot write: %s", path,
		    strerror(errno));
		swap_clear(fs);
		return RV_EENV;
	}
	return RV_OK;
}

/*
 * Move the new file into place, keeping the old one (if any) as a hard
 * link, and make it durable.  On failure nothing has changed.
 */
enum rv_status
file_swap_install(struct file_swap *fs, char **cause)
{
	enum rv_status	 st;

	xasprintf(&fs->backup, "%s.old.XXXXXX", fs->path);
	/* mktemp-style name; link() refuses an existing one. */
	if (mkstemp(fs->backup) == -1 || unlink(fs->backup) != 0 ||
	    (link(fs->path, fs->backup) != 0 && errno != ENOENT)) {
		st = rv_fail(cause, RV_EENV, "%s: cannot keep the old file: "
		    "%s", fs->path, strerror(errno));
		goto fail;
	}
	if (access(fs->backup, F_OK) != 0) {
		free(fs->backup);
		fs->backup = NULL;	/* there was no old file */
	}
	if (rename(fs->tmp, fs->path) != 0) {
		st = rv_fail(cause, RV_EENV, "%s: cannot rename into place: "
		    "%s", fs->path, strerror(errno));
		goto fail;
	}
	free(fs->tmp);
	fs->tmp = NULL;
	if ((st = file_sync_dir(fs->path, cause)) != RV_OK) {
		file_swap_undo(fs);
		return st;
	}
	return RV_OK;
fail:
	swap_clear(fs);
	return st;
}

/* Put the old file back (or remove the new one if there was none). */
void
file_swap_undo(struct file_swap *fs)
{
	if (fs->path == NULL)
		return;
	if (fs->backup != NULL) {
		if (rename(fs->backup, fs->path) == 0) {
			free(fs->backup);
			fs->backup = NULL;
		}
	} else if (fs->tmp == NULL)
		unlink(fs->path);
	file_sync_dir(fs->path, NULL);
	swap_clear(fs);
}

/* The swap is final: drop the old file and the bookkeeping. */
void
file_swap_end(struct file_swap *fs)
{
	swap_clear(fs);
}

/*
 * Replace path durably with data (temporary file, fsync, rename, fsync of
 * the directory).  No copy of the old file is kept: the rename replaces
 * it atomically, and a copy would be one more file that a power cut can
 * leave behind (tests/cli/powerloss.sh).  On failure the temporary file
 * is removed; a failed directory sync leaves the new file in place.
 */
enum rv_status
file_write_durable(const char *path, const void *data, size_t len, int mode,
    char **cause)
{
	struct file_swap fs;
	enum rv_status	 st;

	if ((st = file_swap_begin(&fs, path, data, len, mode,
	    cause)) != RV_OK)
		return st;
	if (rename(fs.tmp, fs.path) != 0)
		st = rv_fail(cause, RV_EENV, "%s: cannot rename into place: "
		    "%s", fs.path, strerror(errno));
	else {
		free(fs.tmp);
		fs.tmp = NULL;
		st = file_sync_dir(fs.path, cause);
	}
	swap_clear(&fs);
	return st;
}

/*
 * Create path, which must not exist, holding data with mode; nothing is
 * synced.  For a tree written whole and then made durable at once with
 * file_sync_fs (publish): a crash before that sync leaves debris the
 * caller knows how to remove, never a file anyone relies on.  A failure
 * removes the file again.
 */
enum rv_status
file_write_new(const char *path, const void *data, size_t len, int mode,
    char **cause)
{
	int		 fd;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    (mode_t)mode)) == -1)
		return rv_fail(cause, RV_EENV, "%s: cannot create: %s", path,
		    strerror(errno));
	if (file_fill(fd, mode, data, len, 0) != 0) {
		rv_fail(cause, RV_EENV, "%s: cannot write: %s", path,
		    strerror(errno));
		unlink(path);
		return RV_EENV;
	}
	return RV_OK;
}

/*
 * Make everything written to the file system holding path durable: one
 * syncfs(2) for a whole tree of files, instead of an fsync of each file
 * and directory.  Since Linux 5.8 syncfs reports write-back errors.
 */
enum rv_status
file_sync_fs(const char *path, char **cause)
{
	enum rv_status	 st = RV_OK;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1 ||
	    syncfs(fd) != 0)
		st = rv_fail(cause, RV_EENV, "%s: cannot sync: %s", path,
		    strerror(errno));
	if (fd != -1)
		close(fd);
	return st;
}
