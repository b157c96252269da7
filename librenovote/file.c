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
 * Read path into a NUL-terminated buffer.  A file larger than max bytes
 * is refused (RV_EINPUT), as is one that does not exist; other failures
 * are RV_EENV.  Only what the file holds is allocated.
 */
enum rv_status
file_read(const char *path, size_t max, char **out, size_t *outlen,
    char **cause)
{
	struct stat	 sb;
	char		*buf = NULL;
	size_t		 len = 0, cap;
	ssize_t		 n;
	int		 fd;
	enum rv_status	 st;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return rv_fail(cause, errno == ENOENT ? RV_EINPUT : RV_EENV,
		    "%s: %s", path, strerror(errno));
	if (fstat(fd, &sb) != 0) {
		st = rv_fail(cause, RV_EENV, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (!S_ISREG(sb.st_mode)) {
		st = rv_fail(cause, RV_EINPUT, "%s: not a regular file", path);
		goto fail;
	}
	if ((uint64_t)sb.st_size > max) {
		st = rv_fail(cause, RV_EINPUT, "%s: larger than %zu bytes",
		    path, max);
		goto fail;
	}
	cap = (size_t)sb.st_size + 1;
	buf = xmalloc(cap);
	/* Read to the end: the file may have grown since fstat. */
	while ((n = read(fd, buf + len, cap - len)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			st = rv_fail(cause, RV_EENV, "%s: read error: %s",
			    path, strerror(errno));
			goto fail;
		}
		len += (size_t)n;
		if (len == cap) {
			if (cap > max) {
				st = rv_fail(cause, RV_EINPUT, "%s: larger "
				    "than %zu bytes", path, max);
				goto fail;
			}
			cap = cap * 2 > max + 1 ? max + 1 : cap * 2;
			buf = xreallocarray(buf, cap + 1, 1);
		}
	}
	close(fd);
	buf[len] = '\0';
	*out = buf;
	*outlen = len;
	return RV_OK;
fail:
	close(fd);
	free(buf);
	return st;
}

/* fsync the directory holding path, so that a rename in it is durable. */
static enum rv_status
sync_dir(const char *path, char **cause)
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
 * Write data to a new temporary file beside path with the given mode and
 * fsync it.  *tmppath receives its name; file_commit_temp() puts it in
 * place, file_abandon_temp() removes it.
 */
enum rv_status
file_write_temp(const char *path, const void *data, size_t len, int mode,
    char **tmppath, char **cause)
{
	char		*tmp;
	const char	*p = data;
	int		 fd;
	ssize_t		 n;

	xasprintf(&tmp, "%s.tmp.XXXXXX", path);
	if ((fd = mkstemp(tmp)) == -1) {
		free(tmp);
		return rv_fail(cause, RV_EENV, "%s: cannot create: %s", path,
		    strerror(errno));
	}
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
	if (fsync(fd) != 0)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	*tmppath = tmp;
	return RV_OK;
fail:
	rv_fail(cause, RV_EENV, "%s: cannot write: %s", path, strerror(errno));
	if (fd != -1)
		close(fd);
	unlink(tmp);
	free(tmp);
	return RV_EENV;
}

/*
 * Rename the temporary file over path and make the rename durable.  On
 * failure the temporary file stays, and the cause names it.
 */
enum rv_status
file_commit_temp(char *tmppath, const char *path, char **cause)
{
	enum rv_status	 st;

	if (rename(tmppath, path) != 0) {
		/*
		 * Keep the new file: the caller may already have committed
		 * what it describes (codes issue: the hashes), and then it
		 * is the only copy.
		 */
		st = rv_fail(cause, RV_EENV, "%s: cannot rename into place "
		    "(%s); the new file is kept as %s", path, strerror(errno),
		    tmppath);
		free(tmppath);
		return st;
	}
	free(tmppath);
	return sync_dir(path, cause);
}

/* Remove a temporary file that will not be committed. */
void
file_abandon_temp(char *tmppath)
{
	if (tmppath == NULL)
		return;
	unlink(tmppath);
	free(tmppath);
}

/* Replace path durably with data (temporary file, fsync, rename). */
enum rv_status
file_write_durable(const char *path, const void *data, size_t len, int mode,
    char **cause)
{
	char		*tmp;
	enum rv_status	 st;

	if ((st = file_write_temp(path, data, len, mode, &tmp, cause)) != RV_OK)
		return st;
	return file_commit_temp(tmp, path, cause);
}
