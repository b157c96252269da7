/*
 * powerloss.so: a power cut for the real binaries, loaded with LD_PRELOAD
 * by tests/cli/powerloss.sh and never linked into renovote.
 *
 * kill -9 keeps the page cache, so it never tests the order of writes,
 * fsyncs and renames.  This library keeps, beside the test's directory
 * (POWERLOSS_ROOT), what the disk would hold after a power cut: for each
 * file, its content as of its last fsync or fdatasync; for each
 * directory, its entries as of its last fsync.  SQLite's own files go
 * through the same model, one layer below its unix VFS: its pwrite,
 * fdatasync and directory fsync are what is tracked, which is what
 * SQLite's crash VFS (src/test6.c) models above it, plus the directory
 * entries it does not.
 *
 * The model is strict POSIX: data written and not fsynced is lost whole
 * (a file whose entry survives but whose content was never synced comes
 * back empty, as ext4 with delayed allocation can leave it), and a
 * create, rename, link or unlink not followed by an fsync of its
 * directory is undone.
 *
 * Every write, truncate, sync, create, rename, link, unlink and mkdir
 * under the root is an event.  At event POWERLOSS_AT (1 is the first),
 * before it happens, the power goes: the tree as the disk would hold it
 * is written to POWERLOSS_OUT and the process ends at once with exit
 * status 86.  POWERLOSS_NOW=1 cuts the power as the library loads (after
 * the last command of a stream).  The number of events a process made is
 * written to POWERLOSS_COUNT at its end, so a driver can spread one
 * countdown over a stream of commands.
 *
 * The model lives in POWERLOSS_SHADOW (on the same file system as the
 * root), so it spans the processes of a stream:
 *	d/INO	a file's durable content (captured before its first change,
 *		replaced at each fsync)
 *	n/INO	the file was created since; its durable content is empty
 *	l/INO	a directory's durable entries ("f INO NAME" or "d INO NAME")
 *	k/INO	a hard link to every file touched, so no inode number the
 *		model names is ever reused
 *	g/INO	directories removed (moved here instead, for the same reason)
 * Anything without a record is as it was when the stream began, which the
 * driver guarantees was durable.  One file system, one thread; files and
 * directories only (no symbolic links under the root).
 */

#define _GNU_SOURCE
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PL_EXIT		86	/* exit status of a process the power left */
#define PL_LINE_MAX	(PATH_MAX + 64)
#define PL_MAP_MAX	200000	/* inodes in the tree at the power cut */

static int		 pl_active;
static char		 pl_root[PATH_MAX];
static char		 pl_shadow[PATH_MAX];
static char		 pl_out[PATH_MAX];
static char		 pl_countfile[PATH_MAX];
static unsigned long	 pl_at;		/* 0: never */
static unsigned long	 pl_events;
static dev_t		 pl_dev;
static int		 pl_busy;	/* inside the library: pass through */

static void	pl_crash(void);

/* The next definition of a libc function, looked up once. */
#define REAL(ret, name, args)						\
	static ret (*real_##name) args;					\
	if (real_##name == NULL)					\
		real_##name = (ret (*) args)dlsym(RTLD_NEXT, #name)

/* Stop the test: the model cannot be kept. */
static void
pl_die(const char *what)
{
	char	buf[PL_LINE_MAX];
	int	n;

	n = snprintf(buf, sizeof buf, "powerloss: %s: %s\n", what,
	    strerror(errno));
	if (n > 0)
		syscall(SYS_write, 2, buf, (size_t)n);
	_exit(125);
}

/* Read POWERLOSS_* as the library loads; without a root, do nothing. */
__attribute__((constructor)) static void
pl_init(void)
{
	const char	*root, *shadow, *at, *out, *count, *now;
	struct stat	 sb;

	root = getenv("POWERLOSS_ROOT");
	shadow = getenv("POWERLOSS_SHADOW");
	if (root == NULL || shadow == NULL || *root == '\0')
		return;
	if (realpath(root, pl_root) == NULL ||
	    realpath(shadow, pl_shadow) == NULL || stat(pl_root, &sb) != 0)
		pl_die("POWERLOSS_ROOT or POWERLOSS_SHADOW");
	pl_dev = sb.st_dev;
	out = getenv("POWERLOSS_OUT");
	count = getenv("POWERLOSS_COUNT");
	snprintf(pl_out, sizeof pl_out, "%s", out != NULL ? out : "");
	snprintf(pl_countfile, sizeof pl_countfile, "%s",
	    count != NULL ? count : "");
	if ((at = getenv("POWERLOSS_AT")) != NULL)
		pl_at = strtoul(at, NULL, 10);
	pl_active = 1;
	now = getenv("POWERLOSS_NOW");
	if (now != NULL && strcmp(now, "1") == 0)
		pl_crash();
}

/* Write the number of events to POWERLOSS_COUNT. */
static void
pl_write_count(void)
{
	char	buf[32];
	int	fd, n;

	if (*pl_countfile == '\0')
		return;
	n = snprintf(buf, sizeof buf, "%lu\n", pl_events);
	fd = (int)syscall(SYS_openat, AT_FDCWD, pl_countfile,
	    O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd == -1)
		return;
	syscall(SYS_write, fd, buf, (size_t)n);
	syscall(SYS_close, fd);
}

/* At a normal end, say how many events there were. */
__attribute__((destructor)) static void
pl_fini(void)
{
	if (pl_active)
		pl_write_count();
}

/* A path in the shadow directory: DIR/INO. */
static void
pl_spath(char *buf, const char *dir, ino_t ino)
{
	snprintf(buf, PATH_MAX, "%s/%s/%llu", pl_shadow, dir,
	    (unsigned long long)ino);
}

/* Does path exist (without following a last symbolic link)? */
static int
pl_exists(const char *path)
{
	struct stat	sb;

	return (lstat(path, &sb) == 0);
}

/* Copy the file src to dst (replaced) with mode; 0 or -1. */
static int
pl_copy(const char *src, const char *dst, mode_t mode)
{
	char	buf[65536], tmp[PATH_MAX];
	int	in, out, rc = -1;
	ssize_t	n;

	snprintf(tmp, sizeof tmp, "%s.copy", dst);
	if ((in = (int)syscall(SYS_openat, AT_FDCWD, src,
	    O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if ((out = (int)syscall(SYS_openat, AT_FDCWD, tmp,
	    O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode & 07777)) == -1) {
		syscall(SYS_close, in);
		return -1;
	}
	for (;;) {
		n = syscall(SYS_read, in, buf, sizeof buf);
		if (n == 0)
			break;
		if (n < 0 || syscall(SYS_write, out, buf, (size_t)n) != n)
			goto out;
	}
	if (syscall(SYS_fchmod, out, mode & 07777) == 0 &&
	    syscall(SYS_renameat, AT_FDCWD, tmp, AT_FDCWD, dst) == 0)
		rc = 0;
out:
	syscall(SYS_close, in);
	syscall(SYS_close, out);
	return rc;
}

/* Hard-link path into k/INO once, so its inode number stays taken. */
static void
pl_keep(const char *path, ino_t ino)
{
	char	k[PATH_MAX];

	pl_spath(k, "k", ino);
	if (!pl_exists(k) && syscall(SYS_linkat, AT_FDCWD, path, AT_FDCWD, k,
	    0) != 0 && errno != EEXIST)
		pl_die(path);
}

/*
 * Resolve path (relative to dirfd) into an absolute name whose directory
 * is canonical, in out; 1 if it is under the root, 0 if not.
 */
static int
pl_resolve(int dirfd, const char *path, char *out)
{
	char		 dir[PATH_MAX], canon[PATH_MAX], base[PATH_MAX];
	char		 link[64];
	const char	*slash;
	ssize_t		 n;
	size_t		 rootlen = strlen(pl_root);

	if (path == NULL)
		return 0;
	slash = strrchr(path, '/');
	if (slash == NULL) {
		snprintf(dir, sizeof dir, ".");
		snprintf(base, sizeof base, "%s", path);
	} else {
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - path),
		    path);
		if (*dir == '\0')
			snprintf(dir, sizeof dir, "/");
		snprintf(base, sizeof base, "%s", slash + 1);
	}
	if (*path != '/' && dirfd != AT_FDCWD) {
		snprintf(link, sizeof link, "/proc/self/fd/%d", dirfd);
		if ((n = readlink(link, canon, sizeof canon - 1)) < 0)
			return 0;
		canon[n] = '\0';
		snprintf(out, PATH_MAX, "%s/%s", canon, dir);
		snprintf(dir, sizeof dir, "%s", out);
	}
	if (realpath(dir, canon) == NULL)
		return 0;
	if (strncmp(canon, pl_root, rootlen) != 0 ||
	    (canon[rootlen] != '\0' && canon[rootlen] != '/'))
		return 0;
	if (*base == '\0' || strcmp(base, ".") == 0)
		snprintf(out, PATH_MAX, "%s", canon);
	else
		snprintf(out, PATH_MAX, "%s/%s", canon, base);
	return 1;
}

/* The path and status of an open file under the root; 1, or 0 if not. */
static int
pl_fd(int fd, char *path, struct stat *sb)
{
	char	link[64];
	ssize_t	n;
	size_t	rootlen = strlen(pl_root);

	if (!pl_active || pl_busy || fd < 0 || fstat(fd, sb) != 0 ||
	    sb->st_dev != pl_dev || (!S_ISREG(sb->st_mode) &&
	    !S_ISDIR(sb->st_mode)))
		return 0;
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	if ((n = readlink(link, path, PATH_MAX - 1)) < 0)
		return 0;
	path[n] = '\0';
	return (strncmp(path, pl_root, rootlen) == 0 &&
	    (path[rootlen] == '\0' || path[rootlen] == '/'));
}

/* One event; at the chosen one the power goes. */
static void
pl_event(void)
{
	pl_events++;
	if (pl_at != 0 && pl_events == pl_at)
		pl_crash();
}

/* Before a file's first change, keep its durable content. */
static void
pl_file_capture(const char *path, const struct stat *sb)
{
	char	d[PATH_MAX], n[PATH_MAX];

	pl_spath(d, "d", sb->st_ino);
	pl_spath(n, "n", sb->st_ino);
	if (pl_exists(d) || pl_exists(n))
		return;
	pl_keep(path, sb->st_ino);
	if (pl_copy(path, d, sb->st_mode) != 0)
		pl_die(path);
}

/* A file was created: durable content none, until it is synced. */
static void
pl_file_new(const char *path, ino_t ino)
{
	char	d[PATH_MAX], n[PATH_MAX];
	int	fd;

	pl_keep(path, ino);
	pl_spath(d, "d", ino);
	pl_spath(n, "n", ino);
	syscall(SYS_unlinkat, AT_FDCWD, d, 0);
	if ((fd = (int)syscall(SYS_openat, AT_FDCWD, n,
	    O_WRONLY | O_CREAT | O_CLOEXEC, 0600)) == -1)
		pl_die(n);
	syscall(SYS_close, fd);
}

/* A file was synced: its durable content is what it holds now. */
static void
pl_file_synced(const char *path, const struct stat *sb)
{
	char	d[PATH_MAX], n[PATH_MAX];

	pl_keep(path, sb->st_ino);
	pl_spath(d, "d", sb->st_ino);
	pl_spath(n, "n", sb->st_ino);
	if (pl_copy(path, d, sb->st_mode) != 0)
		pl_die(path);
	syscall(SYS_unlinkat, AT_FDCWD, n, 0);
}

/* Write the entries directory dir holds now to l/INO (replaced). */
static void
pl_dir_record(const char *dir, ino_t ino)
{
	char		 l[PATH_MAX], tmp[PATH_MAX], p[PATH_MAX];
	char		 line[PL_LINE_MAX];
	DIR		*dp;
	struct dirent	*de;
	struct stat	 sb;
	int		 fd, n;

	pl_spath(l, "l", ino);
	snprintf(tmp, sizeof tmp, "%s.tmp", l);
	if ((fd = (int)syscall(SYS_openat, AT_FDCWD, tmp,
	    O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) == -1)
		pl_die(tmp);
	if ((dp = opendir(dir)) == NULL)
		pl_die(dir);
	while ((de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
		if (lstat(p, &sb) != 0)
			continue;
		if (S_ISREG(sb.st_mode))
			pl_keep(p, sb.st_ino);
		else if (!S_ISDIR(sb.st_mode))
			continue;
		n = snprintf(line, sizeof line, "%c %llu %s\n",
		    S_ISDIR(sb.st_mode) ? 'd' : 'f',
		    (unsigned long long)sb.st_ino, de->d_name);
		if (syscall(SYS_write, fd, line, (size_t)n) != n)
			pl_die(tmp);
	}
	closedir(dp);
	syscall(SYS_close, fd);
	if (syscall(SYS_renameat, AT_FDCWD, tmp, AT_FDCWD, l) != 0)
		pl_die(l);
}

/* Before a directory's first change, keep its durable entries. */
static void
pl_dir_capture(const char *dir)
{
	char		l[PATH_MAX];
	struct stat	sb;

	if (stat(dir, &sb) != 0)
		pl_die(dir);
	pl_spath(l, "l", sb.st_ino);
	if (!pl_exists(l))
		pl_dir_record(dir, sb.st_ino);
}

/* Capture the directory holding the absolute path p. */
static void
pl_parent_capture(const char *p)
{
	char	dir[PATH_MAX];
	char	*slash;

	snprintf(dir, sizeof dir, "%s", p);
	if ((slash = strrchr(dir, '/')) == NULL || slash == dir)
		return;
	*slash = '\0';
	pl_dir_capture(dir);
}

/* A new directory: its durable entries are none. */
static void
pl_dir_new(const char *dir)
{
	char		l[PATH_MAX];
	struct stat	sb;
	int		fd;

	if (stat(dir, &sb) != 0)
		return;
	pl_spath(l, "l", sb.st_ino);
	if ((fd = (int)syscall(SYS_openat, AT_FDCWD, l,
	    O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) == -1)
		pl_die(l);
	syscall(SYS_close, fd);
}

/* Remove every file of one shadow directory (sync(2): all durable). */
static void
pl_forget(const char *sub)
{
	char		 dir[PATH_MAX], p[PATH_MAX];
	DIR		*dp;
	struct dirent	*de;

	snprintf(dir, sizeof dir, "%s/%s", pl_shadow, sub);
	if ((dp = opendir(dir)) == NULL)
		return;
	while ((de = readdir(dp)) != NULL) {
		if (*de->d_name == '.')
			continue;
		snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
		syscall(SYS_unlinkat, AT_FDCWD, p, 0);
	}
	closedir(dp);
}

/* --- the power cut: rebuild the tree the disk holds ----------------- */

struct pl_ent {
	ino_t	 ino;
	char	*path;
};
static struct pl_ent	*pl_map;
static size_t		 pl_nmap;

/* Remember where inode ino can be read now (first found wins). */
static void
pl_map_add(ino_t ino, const char *path)
{
	if (pl_map == NULL &&
	    (pl_map = calloc(PL_MAP_MAX, sizeof *pl_map)) == NULL)
		pl_die("calloc");
	if (pl_nmap == PL_MAP_MAX)
		pl_die("too many files");
	pl_map[pl_nmap].ino = ino;
	if ((pl_map[pl_nmap].path = strdup(path)) == NULL)
		pl_die("strdup");
	pl_nmap++;
}

/* Where inode ino can be read now, or NULL. */
static const char *
pl_map_find(ino_t ino)
{
	size_t	i;

	for (i = 0; i < pl_nmap; i++) {
		if (pl_map[i].ino == ino)
			return pl_map[i].path;
	}
	return NULL;
}

/* Map every file and directory under dir (dir itself too). */
static void
pl_map_tree(const char *dir)
{
	char		 p[PATH_MAX];
	DIR		*dp;
	struct dirent	*de;
	struct stat	 sb;

	if (lstat(dir, &sb) != 0)
		return;
	pl_map_add(sb.st_ino, dir);
	if (!S_ISDIR(sb.st_mode) || (dp = opendir(dir)) == NULL)
		return;
	while ((de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
		pl_map_tree(p);
	}
	closedir(dp);
}

/* Write the durable content of file ino as out. */
static void
pl_rebuild_file(ino_t ino, const char *out)
{
	char		 d[PATH_MAX], n[PATH_MAX];
	const char	*live;
	struct stat	 sb;
	mode_t		 mode = 0644;
	int		 fd;

	pl_spath(d, "d", ino);
	pl_spath(n, "n", ino);
	live = pl_map_find(ino);
	if (live != NULL && stat(live, &sb) == 0)
		mode = sb.st_mode;
	if (pl_exists(n) || (!pl_exists(d) && live == NULL)) {
		if ((fd = (int)syscall(SYS_openat, AT_FDCWD, out,
		    O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		    mode & 07777)) == -1)
			pl_die(out);
		syscall(SYS_close, fd);
	} else if (pl_copy(pl_exists(d) ? d : live, out, mode) != 0)
		pl_die(out);
}

/* Write the durable tree of directory ino (at live, if known) into out. */
static void
pl_rebuild_dir(ino_t ino, const char *out, int depth)
{
	char		 l[PATH_MAX], p[PATH_MAX], line[PL_LINE_MAX];
	char		 name[PATH_MAX], type;
	const char	*live;
	unsigned long long cino;
	FILE		*f;
	DIR		*dp;
	struct dirent	*de;
	struct stat	 sb;

	if (depth > 64)
		pl_die("directories too deep");
	pl_spath(l, "l", ino);
	if (pl_exists(l)) {
		if ((f = fdopen((int)syscall(SYS_openat, AT_FDCWD, l,
		    O_RDONLY | O_CLOEXEC), "r")) == NULL)
			pl_die(l);
		while (fgets(line, sizeof line, f) != NULL) {
			line[strcspn(line, "\n")] = '\0';
			if (sscanf(line, "%c %llu", &type, &cino) != 2 ||
			    strchr(line + 2, ' ') == NULL)
				pl_die("bad directory record");
			snprintf(name, sizeof name, "%s",
			    strchr(line + 2, ' ') + 1);
			snprintf(p, sizeof p, "%s/%s", out, name);
			if (type == 'd') {
				if (syscall(SYS_mkdirat, AT_FDCWD, p, 0755) != 0)
					pl_die(p);
				pl_rebuild_dir((ino_t)cino, p, depth + 1);
			} else
				pl_rebuild_file((ino_t)cino, p);
		}
		fclose(f);
		return;
	}
	if ((live = pl_map_find(ino)) == NULL || (dp = opendir(live)) == NULL)
		return;		/* cannot happen: every directory is mapped */
	while ((de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(name, sizeof name, "%s/%s", live, de->d_name);
		snprintf(p, sizeof p, "%s/%s", out, de->d_name);
		if (lstat(name, &sb) != 0)
			continue;
		if (S_ISDIR(sb.st_mode)) {
			if (syscall(SYS_mkdirat, AT_FDCWD, p, 0755) != 0)
				pl_die(p);
			pl_rebuild_dir(sb.st_ino, p, depth + 1);
		} else if (S_ISREG(sb.st_mode))
			pl_rebuild_file(sb.st_ino, p);
	}
	closedir(dp);
}

/* The power goes: write the durable tree to POWERLOSS_OUT and stop. */
static void
pl_crash(void)
{
	char		p[PATH_MAX];
	struct stat	sb;

	pl_busy = 1;
	pl_write_count();
	if (*pl_out != '\0') {
		snprintf(p, sizeof p, "%s/k", pl_shadow);
		pl_map_tree(p);
		snprintf(p, sizeof p, "%s/g", pl_shadow);
		pl_map_tree(p);
		pl_map_tree(pl_root);
		if (stat(pl_root, &sb) != 0 ||
		    syscall(SYS_mkdirat, AT_FDCWD, pl_out, 0700) != 0)
			pl_die(pl_out);
		pl_rebuild_dir(sb.st_ino, pl_out, 0);
	}
	_exit(PL_EXIT);
}

/* --- the calls ------------------------------------------------------- */

/*
 * Before opening path (relative to dirfd) with flags: a file that will
 * change has its durable content kept; a file that will be created has
 * its directory's entries kept.  Returns 1 if the file is new.
 */
static int
pl_before_open(int dirfd, const char *path, int flags, char *abs)
{
	struct stat	sb;

	if (!pl_active || pl_busy ||
	    (flags & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC)) == 0 ||
	    (flags & O_DIRECTORY) || !pl_resolve(dirfd, path, abs))
		return 0;
	if (lstat(abs, &sb) == 0) {
		if (!S_ISREG(sb.st_mode))
			return 0;
		pl_event();
		pl_file_capture(abs, &sb);
		return 0;
	}
	if ((flags & O_CREAT) == 0)
		return 0;
	pl_event();
	pl_parent_capture(abs);
	return 1;
}

/* After opening a new file as fd, record it. */
static void
pl_after_open(int fd, const char *abs)
{
	struct stat	sb;

	if (fd >= 0 && fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode))
		pl_file_new(abs, sb.st_ino);
}

/* open(2) and its twins. */
static int
pl_open(int dirfd, const char *path, int flags, mode_t mode)
{
	char	abs[PATH_MAX];
	int	created, fd;
	REAL(int, openat, (int, const char *, int, ...));

	created = pl_before_open(dirfd, path, flags, abs);
	fd = real_openat(dirfd, path, flags, mode);
	if (created)
		pl_after_open(fd, abs);
	return fd;
}

/* The mode argument of an open call, if it takes one. */
#define PL_MODE(flags, last) __extension__ ({				\
	mode_t	m_ = 0;							\
	if ((flags) & (O_CREAT | __O_TMPFILE)) {			\
		va_list	ap_;						\
		va_start(ap_, last);					\
		m_ = (mode_t)va_arg(ap_, int);				\
		va_end(ap_);						\
	}								\
	m_; })

int	open(const char *, int, ...);
int	open64(const char *, int, ...);
int	openat(int, const char *, int, ...);
int	openat64(int, const char *, int, ...);
int	__open_2(const char *, int);
int	__open64_2(const char *, int);
int	__openat_2(int, const char *, int);
int	__openat64_2(int, const char *, int);
int	creat(const char *, mode_t);
int	creat64(const char *, mode_t);
int	mkstemp64(char *);
int	mkostemp64(char *, int);
FILE	*fopen64(const char *, const char *);
ssize_t	pwrite64(int, const void *, size_t, off_t);
int	ftruncate64(int, off_t);
int	renameat2(int, const char *, int, const char *, unsigned int);

int
open(const char *path, int flags, ...)
{
	return pl_open(AT_FDCWD, path, flags, PL_MODE(flags, flags));
}

int
open64(const char *path, int flags, ...)
{
	return pl_open(AT_FDCWD, path, flags, PL_MODE(flags, flags));
}

int
openat(int dirfd, const char *path, int flags, ...)
{
	return pl_open(dirfd, path, flags, PL_MODE(flags, flags));
}

int
openat64(int dirfd, const char *path, int flags, ...)
{
	return pl_open(dirfd, path, flags, PL_MODE(flags, flags));
}

int
__open_2(const char *path, int flags)
{
	return pl_open(AT_FDCWD, path, flags, 0);
}

int
__open64_2(const char *path, int flags)
{
	return pl_open(AT_FDCWD, path, flags, 0);
}

int
__openat_2(int dirfd, const char *path, int flags)
{
	return pl_open(dirfd, path, flags, 0);
}

int
__openat64_2(int dirfd, const char *path, int flags)
{
	return pl_open(dirfd, path, flags, 0);
}

int
creat(const char *path, mode_t mode)
{
	return pl_open(AT_FDCWD, path, O_WRONLY | O_CREAT | O_TRUNC, mode);
}

int
creat64(const char *path, mode_t mode)
{
	return pl_open(AT_FDCWD, path, O_WRONLY | O_CREAT | O_TRUNC, mode);
}

/* mkstemp and its twins: the name is made inside, so keep the directory. */
static int
pl_mkstemp(char *tmpl, int flags)
{
	char	abs[PATH_MAX];
	int	fd, under;
	REAL(int, mkostemp, (char *, int));

	under = pl_active && !pl_busy && pl_resolve(AT_FDCWD, tmpl, abs);
	if (under) {
		pl_event();
		pl_parent_capture(abs);
	}
	fd = real_mkostemp(tmpl, flags);
	if (under && fd >= 0 && pl_resolve(AT_FDCWD, tmpl, abs))
		pl_after_open(fd, abs);
	return fd;
}

int
mkstemp(char *tmpl)
{
	return pl_mkstemp(tmpl, 0);
}

int
mkstemp64(char *tmpl)
{
	return pl_mkstemp(tmpl, 0);
}

int
mkostemp(char *tmpl, int flags)
{
	return pl_mkstemp(tmpl, flags);
}

int
mkostemp64(char *tmpl, int flags)
{
	return pl_mkstemp(tmpl, flags);
}

char	*mkdtemp(char *);

/* mkdtemp: a new directory whose name is made inside. */
char *
mkdtemp(char *tmpl)
{
	char	 abs[PATH_MAX];
	char	*dir;
	int	 under;
	REAL(char *, mkdtemp, (char *));

	under = pl_active && !pl_busy && pl_resolve(AT_FDCWD, tmpl, abs);
	if (under) {
		pl_event();
		pl_parent_capture(abs);
	}
	dir = real_mkdtemp(tmpl);
	if (under && dir != NULL && pl_resolve(AT_FDCWD, tmpl, abs))
		pl_dir_new(abs);
	return dir;
}

/* fopen: writes through stdio are not seen, so act at the open. */
static FILE *
pl_fopen(const char *path, const char *mode)
{
	char	 abs[PATH_MAX];
	int	 flags = 0, created;
	FILE	*f;
	REAL(FILE *, fopen, (const char *, const char *));

	if (strchr(mode, 'w') != NULL)
		flags = O_WRONLY | O_CREAT | O_TRUNC;
	else if (strchr(mode, 'a') != NULL)
		flags = O_WRONLY | O_CREAT;
	else if (strchr(mode, '+') != NULL)
		flags = O_RDWR;
	created = pl_before_open(AT_FDCWD, path, flags, abs);
	f = real_fopen(path, mode);
	if (created && f != NULL)
		pl_after_open(fileno(f), abs);
	return f;
}

FILE *
fopen(const char *path, const char *mode)
{
	return pl_fopen(path, mode);
}

FILE *
fopen64(const char *path, const char *mode)
{
	return pl_fopen(path, mode);
}

/* Before changing an open file: an event, and its content kept. */
static void
pl_before_write(int fd)
{
	char		path[PATH_MAX];
	struct stat	sb;

	if (pl_fd(fd, path, &sb) && S_ISREG(sb.st_mode)) {
		pl_event();
		pl_file_capture(path, &sb);
	}
}

ssize_t
write(int fd, const void *buf, size_t len)
{
	REAL(ssize_t, write, (int, const void *, size_t));

	pl_before_write(fd);
	return real_write(fd, buf, len);
}

ssize_t
pwrite(int fd, const void *buf, size_t len, off_t off)
{
	REAL(ssize_t, pwrite, (int, const void *, size_t, off_t));

	pl_before_write(fd);
	return real_pwrite(fd, buf, len, off);
}

ssize_t
pwrite64(int fd, const void *buf, size_t len, off_t off)
{
	REAL(ssize_t, pwrite64, (int, const void *, size_t, off_t));

	pl_before_write(fd);
	return real_pwrite64(fd, buf, len, off);
}

ssize_t
writev(int fd, const struct iovec *iov, int n)
{
	REAL(ssize_t, writev, (int, const struct iovec *, int));

	pl_before_write(fd);
	return real_writev(fd, iov, n);
}

int
ftruncate(int fd, off_t len)
{
	REAL(int, ftruncate, (int, off_t));

	pl_before_write(fd);
	return real_ftruncate(fd, len);
}

int
ftruncate64(int fd, off_t len)
{
	REAL(int, ftruncate64, (int, off_t));

	pl_before_write(fd);
	return real_ftruncate64(fd, len);
}

/* After a sync of fd: what it holds is now durable. */
static int
pl_sync(int fd, int rc)
{
	char		path[PATH_MAX];
	struct stat	sb;

	if (rc != 0 || !pl_fd(fd, path, &sb))
		return rc;
	if (S_ISREG(sb.st_mode))
		pl_file_synced(path, &sb);
	else
		pl_dir_record(path, sb.st_ino);
	return rc;
}

/* An event before a sync of fd, if it is ours. */
static void
pl_before_sync(int fd)
{
	char		path[PATH_MAX];
	struct stat	sb;

	if (pl_fd(fd, path, &sb))
		pl_event();
}

int
fsync(int fd)
{
	REAL(int, fsync, (int));

	pl_before_sync(fd);
	return pl_sync(fd, real_fsync(fd));
}

int
fdatasync(int fd)
{
	REAL(int, fdatasync, (int));

	pl_before_sync(fd);
	return pl_sync(fd, real_fdatasync(fd));
}

/* sync(2), syncfs(2): everything is durable; the model starts again. */
static void
pl_sync_all(void)
{
	if (!pl_active || pl_busy)
		return;
	pl_event();
	pl_forget("d");
	pl_forget("n");
	pl_forget("l");
}

void
sync(void)
{
	REAL(void, sync, (void));

	pl_sync_all();
	real_sync();
}

int
syncfs(int fd)
{
	REAL(int, syncfs, (int));

	pl_sync_all();
	return real_syncfs(fd);
}

/* Is the directory path empty? */
static int
pl_dir_empty(const char *path)
{
	DIR		*dp;
	struct dirent	*de;
	int		 empty = 1;

	if ((dp = opendir(path)) == NULL)
		return 0;
	while ((de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			empty = 0;
	}
	closedir(dp);
	return empty;
}

/*
 * Remove an empty directory by moving it to g/INO, so its inode number
 * is not reused while the model names it; 0, or -1 with errno.
 */
static int
pl_bury(const char *abs)
{
	char		g[PATH_MAX];
	struct stat	sb;

	if (lstat(abs, &sb) != 0)
		return -1;
	if (!S_ISDIR(sb.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	if (!pl_dir_empty(abs)) {
		errno = ENOTEMPTY;
		return -1;
	}
	pl_spath(g, "g", sb.st_ino);
	return (int)syscall(SYS_renameat, AT_FDCWD, abs, AT_FDCWD, g);
}

/* Before removing the entry abs: an event, its directory and file kept. */
static void
pl_before_remove(const char *abs)
{
	struct stat	sb;

	pl_event();
	pl_parent_capture(abs);
	if (lstat(abs, &sb) == 0 && S_ISREG(sb.st_mode))
		pl_keep(abs, sb.st_ino);
}

int
renameat2(int odir, const char *old, int ndir, const char *new,
    unsigned int flags)
{
	char		oabs[PATH_MAX], nabs[PATH_MAX];
	struct stat	osb, nsb;
	REAL(int, renameat2, (int, const char *, int, const char *,
	    unsigned int));

	if (pl_active && !pl_busy && pl_resolve(odir, old, oabs) &&
	    pl_resolve(ndir, new, nabs) && lstat(oabs, &osb) == 0) {
		pl_event();
		pl_parent_capture(oabs);
		pl_parent_capture(nabs);
		if (S_ISREG(osb.st_mode))
			pl_keep(oabs, osb.st_ino);
		if (lstat(nabs, &nsb) == 0) {
			if (S_ISREG(nsb.st_mode))
				pl_keep(nabs, nsb.st_ino);
			else if (S_ISDIR(nsb.st_mode) &&
			    (flags & RENAME_EXCHANGE) == 0 &&
			    S_ISDIR(osb.st_mode) && pl_bury(nabs) != 0)
				return -1;
		}
	}
	return real_renameat2(odir, old, ndir, new, flags);
}

int
renameat(int odir, const char *old, int ndir, const char *new)
{
	return renameat2(odir, old, ndir, new, 0);
}

int
rename(const char *old, const char *new)
{
	return renameat2(AT_FDCWD, old, AT_FDCWD, new, 0);
}

int
linkat(int odir, const char *old, int ndir, const char *new, int flags)
{
	char		oabs[PATH_MAX], nabs[PATH_MAX];
	struct stat	sb;
	REAL(int, linkat, (int, const char *, int, const char *, int));

	if (pl_active && !pl_busy && pl_resolve(ndir, new, nabs)) {
		pl_event();
		pl_parent_capture(nabs);
		if (pl_resolve(odir, old, oabs) && lstat(oabs, &sb) == 0 &&
		    S_ISREG(sb.st_mode))
			pl_keep(oabs, sb.st_ino);
	}
	return real_linkat(odir, old, ndir, new, flags);
}

int
link(const char *old, const char *new)
{
	return linkat(AT_FDCWD, old, AT_FDCWD, new, 0);
}

int
unlinkat(int dirfd, const char *path, int flags)
{
	char	abs[PATH_MAX];
	REAL(int, unlinkat, (int, const char *, int));

	if (pl_active && !pl_busy && pl_resolve(dirfd, path, abs)) {
		pl_before_remove(abs);
		if (flags & AT_REMOVEDIR)
			return pl_bury(abs);
	}
	return real_unlinkat(dirfd, path, flags);
}

int
unlink(const char *path)
{
	return unlinkat(AT_FDCWD, path, 0);
}

int
rmdir(const char *path)
{
	return unlinkat(AT_FDCWD, path, AT_REMOVEDIR);
}

int
remove(const char *path)
{
	struct stat	sb;

	if (lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
		return rmdir(path);
	return unlink(path);
}

int
mkdirat(int dirfd, const char *path, mode_t mode)
{
	char	abs[PATH_MAX];
	int	under, rc;
	REAL(int, mkdirat, (int, const char *, mode_t));

	under = pl_active && !pl_busy && pl_resolve(dirfd, path, abs);
	if (under) {
		pl_event();
		pl_parent_capture(abs);
	}
	rc = real_mkdirat(dirfd, path, mode);
	if (under && rc == 0)
		pl_dir_new(abs);
	return rc;
}

int
mkdir(const char *path, mode_t mode)
{
	return mkdirat(AT_FDCWD, path, mode);
}
