/*
 * Allocation that cannot fail, and the one way to give up.
 *
 * Running out of memory is not something a command can report usefully
 * half-way through a transaction, so allocation failures are fatal; every
 * other failure travels up as an enum rv_status and a cause.
 */

#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "renovote.h"

/* Allocate size bytes; a zero size is a bug. */
void *
xmalloc(size_t size)
{
	void	*p;

	if (size == 0)
		fatal("xmalloc: zero size");
	if ((p = malloc(size)) == NULL)
		fatal("xmalloc: allocating %zu bytes", size);
	return p;
}

/* Allocate nmemb zeroed elements of size bytes each. */
void *
xcalloc(size_t nmemb, size_t size)
{
	void	*p;

	if (nmemb == 0 || size == 0)
		fatal("xcalloc: zero size");
	if ((p = calloc(nmemb, size)) == NULL)
		fatal("xcalloc: allocating %zu * %zu bytes", nmemb, size);
	return p;
}

/* Resize ptr to nmemb * size bytes, refusing overflow. */
void *
xreallocarray(void *ptr, size_t nmemb, size_t size)
{
	void	*p;

	if (nmemb == 0 || size == 0)
		fatal("xreallocarray: zero size");
	if (SIZE_MAX / nmemb < size)
		fatal("xreallocarray: %zu * %zu bytes overflows", nmemb, size);
	if ((p = realloc(ptr, nmemb * size)) == NULL)
		fatal("xreallocarray: allocating %zu * %zu bytes", nmemb, size);
	return p;
}

/* Copy a NUL-terminated string. */
char *
xstrdup(const char *s)
{
	char	*p;

	if ((p = strdup(s)) == NULL)
		fatal("xstrdup: out of memory");
	return p;
}

/* Copy at most n bytes of s and terminate the copy. */
char *
xstrndup(const char *s, size_t n)
{
	char	*p;

	if ((p = strndup(s, n)) == NULL)
		fatal("xstrndup: out of memory");
	return p;
}

/* Format into a newly allocated string. */
int
xvasprintf(char **ret, const char *fmt, va_list ap)
{
	int	 n;

	if ((n = vasprintf(ret, fmt, ap)) < 0 || *ret == NULL)
		fatal("xvasprintf: out of memory");
	return n;
}

/* Format into a newly allocated string. */
int
xasprintf(char **ret, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = xvasprintf(ret, fmt, ap);
	va_end(ap);
	return n;
}

/* What fatal() calls before its message; see fatal_hook_set. */
static void	(*fatal_hook)(void);

/*
 * Have fatal() call fn (NULL: nothing) before it writes its message.  The
 * terminal layer sets this while curses owns the terminal, so that the
 * message lands on a restored terminal, or in the log the kiosk keeps,
 * and the hall's terminal is not left raw.  One hook at a time: the core
 * knows nothing of terminals.
 */
void
fatal_hook_set(void (*fn)(void))
{
	fatal_hook = fn;
}

/*
 * Report an impossible state and exit with the environment-failure code.
 * The hook (the terminal's restore, when a program owns the terminal)
 * runs first, once: a fatal error inside it does not call it again.
 */
void
fatal(const char *fmt, ...)
{
	void	(*hook)(void) = fatal_hook;
	va_list	 ap;

	fatal_hook = NULL;
	if (hook != NULL)
		hook();
	fputs("renovote: fatal: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(RV_EENV);
}

/* Wipe then free: for keys, codes and anything a resident typed. */
void
freezero(void *p, size_t len)
{
	if (p == NULL)
		return;
	explicit_bzero(p, len);
	free(p);
}

/*
 * Set *cause (when cause is not NULL) to the formatted message and return
 * status, so that a failure reads "return rv_fail(cause, RV_EINPUT, ...)".
 * The format is translated here, once, so that the hundreds of call sites
 * stay plain English (xgettext finds them by the keyword rv_fail:3).
 * Where no catalogue is bound (unit tests, fuzzers) gettext returns the
 * format itself; a format already translated by _() is not a msgid and
 * comes back unchanged too.
 */
enum rv_status
rv_fail(char **cause, enum rv_status status, const char *fmt, ...)
{
	va_list	 ap;

	if (cause != NULL) {
		va_start(ap, fmt);
		xvasprintf(cause, gettext(fmt), ap);
		va_end(ap);
	}
	return status;
}
