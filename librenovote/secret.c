/*
 * Keeping secrets (voting codes, the committee PIN) inside the process:
 * no core dumps, no ptrace by other users, no copy in argv; secrets are
 * typed at a prompt without echo, or read from standard input or a file.
 */

#include "config.h"

#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "renovote.h"

/*
 * Make this process undumpable: no core file (RLIMIT_CORE 0, soft and
 * hard) and PR_SET_DUMPABLE 0, which also keeps other processes of the
 * same user from ptrace and from reading its memory.  Called first thing
 * by both programs' main; a failure is fatal, for a program that cannot
 * keep its secrets must not run.
 */
void
secret_harden(void)
{
	struct rlimit	 rl;

	rl.rlim_cur = rl.rlim_max = 0;
	if (setrlimit(RLIMIT_CORE, &rl) != 0)
		fatal("setrlimit(RLIMIT_CORE): %s", strerror(errno));
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
		fatal("prctl(PR_SET_DUMPABLE): %s", strerror(errno));
}

/*
 * Leave the pages holding p (len bytes) out of any core dump
 * (MADV_DONTDUMP), for buffers a secret is typed into that live long.
 * The whole pages around it are marked; a failure is ignored, as the
 * process is undumpable anyway (secret_harden).
 */
void
secret_dontdump(void *p, size_t len)
{
	long		 page = sysconf(_SC_PAGESIZE);
	uintptr_t	 start, end;

	if (page <= 0 || len == 0)
		return;
	start = (uintptr_t)p & ~((uintptr_t)page - 1);
	end = ((uintptr_t)p + len + (uintptr_t)page - 1) &
	    ~((uintptr_t)page - 1);
#ifdef MADV_DONTDUMP
	(void)madvise((void *)start, end - start, MADV_DONTDUMP);
#endif
}

/*
 * Read one line from f into buf (len bytes) without its line end.  A
 * line that does not fit is refused (and wiped), as is no line at all.
 * Returns 0 on success, -1 if nothing fitting was read.
 */
static int
secret_line(FILE *f, char *buf, size_t len)
{
	size_t	 n;
	int	 ch;

	buf[0] = '\0';
	if (fgets(buf, (int)len, f) == NULL) {
		buf[0] = '\0';
		return -1;
	}
	n = strcspn(buf, "\r\n");
	if (buf[n] == '\0' && n == len - 1 && !feof(f)) {
		/* Too long: drain the rest of the line, keep nothing. */
		while ((ch = fgetc(f)) != EOF && ch != '\n')
			;
		explicit_bzero(buf, len);
		return -1;
	}
	buf[n] = '\0';
	return 0;
}

/*
 * Ask for a secret on the terminal on standard input, without echo,
 * showing prompt on standard error; buf (len bytes) receives the line,
 * "" at the end of input.
 */
void
secret_ask(const char *prompt, char *buf, size_t len)
{
	struct termios	 old, quiet;
	int		 restore;

	buf[0] = '\0';
	restore = tcgetattr(STDIN_FILENO, &old) == 0;
	if (restore) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSADRAIN, &quiet);
	}
	fprintf(stderr, "%s", prompt);
	fflush(stderr);
	if (secret_line(stdin, buf, len) != 0)
		buf[0] = '\0';
	if (restore)
		tcsetattr(STDIN_FILENO, TCSADRAIN, &old);
	fprintf(stderr, "\n");
}

/*
 * Read a secret the way a command was told to: option's value "-" reads
 * the first line of standard input (asking with prompt, without echo,
 * when it is a terminal), file (another option's value) the first line
 * of that file; with neither, a terminal on standard input is asked.
 * Any other value of option is the secret itself given on the command
 * line, where every user of the machine can read it (/proc/PID/cmdline)
 * and the shell keeps it: it is refused, and wiped from argv.  what
 * names the secret in messages ("voting code"); buf (len bytes) receives
 * it.
 */
enum rv_status
secret_read(const char *option, char *value, const char *file_option,
    const char *file, const char *prompt, const char *what, char *buf,
    size_t len, char **cause)
{
	char		*data = NULL;
	size_t		 n = 0;
	enum rv_status	 st;

	buf[0] = '\0';
	if (value != NULL && strcmp(value, "-") != 0) {
		explicit_bzero(value, strlen(value));
		return rv_fail(cause, RV_EUSAGE, _("--%s: never give a %s on the "
		    "command line (every user can read it, and the shell keeps "
		    "it); type it at the prompt, or give --%s - (standard "
		    "input) or --%s FILE"), option, what, option, file_option);
	}
	if (value != NULL && file != NULL)
		return rv_fail(cause, RV_EUSAGE, _("give --%s - or --%s FILE, "
		    "not both"), option, file_option);
	if (file != NULL) {
		if ((st = file_read(file, len - 1, &data, &n, cause)) != RV_OK)
			return st;
		memcpy(buf, data, n);
		buf[n] = '\0';
		freezero(data, n);
		buf[strcspn(buf, "\r\n")] = '\0';
	} else if (value != NULL && !isatty(STDIN_FILENO)) {
		if (secret_line(stdin, buf, len) != 0)
			buf[0] = '\0';
	} else if (value != NULL)
		secret_ask(prompt, buf, len);
	else if (isatty(STDIN_FILENO))
		secret_ask(prompt, buf, len);
	else
		return rv_fail(cause, RV_EUSAGE, _("no %s given: type it at "
		    "the prompt on a terminal, or give --%s - (standard input) "
		    "or --%s FILE"), what, option, file_option);
	if (buf[0] == '\0')
		return rv_fail(cause, RV_EINPUT, _("no %s was read"), what);
	return RV_OK;
}
