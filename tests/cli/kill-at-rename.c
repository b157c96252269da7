/*
 * An LD_PRELOAD shim for tests/cli/crash-window.sh: kill -9 the process
 * at the rename (or renameat2) whose source's base name starts with
 * $RENOVOTE_KILL_RENAME, just before it ($RENOVOTE_KILL_WHEN=before) or
 * just after it (after, the default): a crash exactly in the window
 * between a file's rename and the commit beside it.
 */

#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Is old the rename to kill at? */
static int
hit(const char *old)
{
	const char	*m = getenv("RENOVOTE_KILL_RENAME"), *b;

	if (m == NULL || *m == '\0' || old == NULL)
		return 0;
	b = strrchr(old, '/');
	b = b != NULL ? b + 1 : old;
	return strncmp(b, m, strlen(m)) == 0;
}

/* Kill the process now, if this is the moment. */
static void
maybe_kill(const char *old, int after)
{
	const char	*w = getenv("RENOVOTE_KILL_WHEN");
	int		 want_after = w == NULL || strcmp(w, "before") != 0;

	if (hit(old) && want_after == after)
		kill(getpid(), SIGKILL);
}

int
rename(const char *old, const char *new)
{
	static int	(*real)(const char *, const char *);
	int		 rc;

	if (real == NULL)
		real = (int (*)(const char *, const char *))dlsym(RTLD_NEXT,
		    "rename");
	maybe_kill(old, 0);
	rc = real(old, new);
	maybe_kill(old, 1);
	return rc;
}

int
renameat2(int ofd, const char *old, int nfd, const char *new,
    unsigned int flags)
{
	static int	(*real)(int, const char *, int, const char *,
			    unsigned int);
	int		 rc;

	if (real == NULL)
		real = (int (*)(int, const char *, int, const char *,
		    unsigned int))dlsym(RTLD_NEXT, "renameat2");
	maybe_kill(old, 0);
	rc = real(ofd, old, nfd, new, flags);
	maybe_kill(old, 1);
	return rc;
}
