/*
 * The receipt printer: the session's receipt as ESC/POS, the command set
 * of the receipt printers sold in China, written to a device (a serial
 * or USB printer's node, or a plain file) or handed to CUPS raw
 * (lp -d QUEUE -o raw).
 *
 * The bytes: ESC @ (initialise), FS & (Chinese characters on), each
 * line in GB18030 (converted with iconv; the code page Chinese receipt
 * printers take) ending in LF, then the QR code of the check page with
 * GS ( k model 2 (store the data, print it), the address in text under
 * it, and GS V 66 (feed and cut).  For a printer without GS ( k the QR
 * commands are left out and the address alone is printed.
 */

#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ui.h"

#define PRINTER_CUPS		"cups:"
#define PRINTER_CHARSET		"GB18030"
#define PRINTER_QR_DOT		6	/* dots per QR module */
#define PRINTER_QR_MAX		512	/* bytes of QR data */
#define PRINTER_FEED		4	/* lines fed before the cut */

/* A growing byte buffer. */
struct printer_buf {
	char	*p;
	size_t	 len, size;
};

/* Append len bytes to b. */
static void
printer_add(struct printer_buf *b, const void *data, size_t len)
{
	if (len == 0)
		return;		/* memcpy wants real pointers, even for nothing */
	if (b->len + len > b->size) {
		b->size = (b->len + len) * 2 + 64;
		b->p = xreallocarray(b->p, b->size, 1);
	}
	memcpy(b->p + b->len, data, len);
	b->len += len;
}

/*
 * Append a UTF-8 line in the printer's code page and a line feed.  A
 * character GB18030 cannot hold (there is none in practice) is printed
 * as '?'.
 */
static enum rv_status
printer_line(struct printer_buf *b, iconv_t cd, const char *line,
    char **cause)
{
	char	 out[1024], *in = (char *)line, *o;
	size_t	 inleft = strlen(line), outleft;

	while (inleft > 0) {
		o = out;
		outleft = sizeof out;
		if (iconv(cd, &in, &inleft, &o, &outleft) == (size_t)-1) {
			if (errno == E2BIG) {
				printer_add(b, out, (size_t)(o - out));
				continue;
			}
			if (errno != EILSEQ && errno != EINVAL)
				return rv_fail(cause, RV_EENV, "printer: %s",
				    strerror(errno));
			/* Skip the character it cannot convert. */
			printer_add(b, out, (size_t)(o - out));
			printer_add(b, "?", 1);
			in++;
			inleft--;
			while (inleft > 0 && (*in & 0xc0) == 0x80) {
				in++;
				inleft--;
			}
			continue;
		}
		printer_add(b, out, (size_t)(o - out));
	}
	o = out;
	outleft = sizeof out;
	iconv(cd, NULL, NULL, &o, &outleft);
	printer_add(b, out, (size_t)(o - out));
	printer_add(b, "\n", 1);
	return RV_OK;
}

/* Append the QR code of url: GS ( k model 2, module size, level M, store, print. */
static void
printer_qr(struct printer_buf *b, const char *url)
{
	static const char model[] = { 0x1d, 0x28, 0x6b, 4, 0, 49, 65, 50, 0 };
	static const char size[] = { 0x1d, 0x28, 0x6b, 3, 0, 49, 67,
	    PRINTER_QR_DOT };
	static const char level[] = { 0x1d, 0x28, 0x6b, 3, 0, 49, 69, 49 };
	static const char print[] = { 0x1d, 0x28, 0x6b, 3, 0, 49, 81, 48 };
	static const char centre[] = { 0x1b, 0x61, 1 }, left[] = { 0x1b,
	    0x61, 0 };
	char		  store[8];
	size_t		  len = strlen(url) + 3;

	store[0] = 0x1d;
	store[1] = 0x28;
	store[2] = 0x6b;
	store[3] = (char)(len & 0xff);
	store[4] = (char)(len >> 8);
	store[5] = 49;
	store[6] = 80;
	store[7] = 48;
	printer_add(b, centre, sizeof centre);
	printer_add(b, model, sizeof model);
	printer_add(b, size, sizeof size);
	printer_add(b, level, sizeof level);
	printer_add(b, store, sizeof store);
	printer_add(b, url, strlen(url));
	printer_add(b, print, sizeof print);
	printer_add(b, "\n", 1);
	printer_add(b, left, sizeof left);
}

/* Write all of buf to fd, going on after a signal. */
static int
printer_write(int fd, const char *buf, size_t len)
{
	ssize_t	 n;

	while (len > 0) {
		if ((n = write(fd, buf, len)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Write the bytes to a device (or file) that exists already. */
static enum rv_status
printer_device(const char *path, const struct printer_buf *b, char **cause)
{
	int	 fd;

	if ((fd = open(path, O_WRONLY | O_APPEND | O_NOCTTY)) < 0)
		return rv_fail(cause, RV_EENV, "%s: %s", path, strerror(errno));
	if (printer_write(fd, b->p, b->len) != 0) {
		rv_fail(cause, RV_EENV, "%s: %s", path, strerror(errno));
		close(fd);
		return RV_EENV;
	}
	if (close(fd) != 0)
		return rv_fail(cause, RV_EENV, "%s: %s", path, strerror(errno));
	return RV_OK;
}

/* Hand the bytes to lp -d queue -o raw and wait for it. */
static enum rv_status
printer_cups(const char *queue, const struct printer_buf *b, char **cause)
{
	struct sigaction sa, old;
	int		 fds[2], status, failed;
	pid_t		 pid;

	if (*queue == '\0' || *queue == '-')
		return rv_fail(cause, RV_EINPUT, "printer: bad CUPS queue '%s'",
		    queue);
	if (pipe(fds) != 0)
		return rv_fail(cause, RV_EENV, "printer: %s", strerror(errno));
	if ((pid = fork()) < 0) {
		close(fds[0]);
		close(fds[1]);
		return rv_fail(cause, RV_EENV, "printer: %s", strerror(errno));
	}
	if (pid == 0) {
		/* Nothing of lp's may reach the resident's screen. */
		dup2(fds[0], STDIN_FILENO);
		dup2(STDERR_FILENO, STDOUT_FILENO);
		close(fds[0]);
		close(fds[1]);
		execlp("lp", "lp", "-s", "-d", queue, "-o", "raw", (char *)NULL);
		_exit(127);
	}
	close(fds[0]);
	/* lp exiting early must not kill the kiosk. */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, &old);
	failed = printer_write(fds[1], b->p, b->len) != 0;
	close(fds[1]);
	sigaction(SIGPIPE, &old, NULL);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return rv_fail(cause, RV_EENV, "printer: %s",
			    strerror(errno));
	}
	if (failed || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return rv_fail(cause, RV_EENV, "printer: lp -d %s failed "
		    "(status %d)", queue, WIFEXITED(status) ?
		    WEXITSTATUS(status) : -1);
	return RV_OK;
}

/*
 * Print a receipt on printer spec (a device path that exists, or
 * cups:QUEUE): the lines (UTF-8, at most PRINTER_LINES_MAX, in
 * GB18030), then the QR code of qr_url unless it is NULL (a printer
 * without GS ( k: the caller puts the address among the lines), then the
 * cut.  A failure says which device or queue and why.
 */
enum rv_status
printer_print(const char *spec, const char *const *lines, size_t n,
    const char *qr_url, char **cause)
{
	static const char init[] = { 0x1b, 0x40 }, chinese[] = { 0x1c, 0x26 };
	static const char cut[] = { 0x1d, 0x56, 66, PRINTER_FEED };
	struct printer_buf b;
	iconv_t		 cd;
	size_t		 i;
	enum rv_status	 st = RV_OK;

	if (n > PRINTER_LINES_MAX)
		return rv_fail(cause, RV_EINPUT, "printer: %zu lines, at most "
		    "%d", n, PRINTER_LINES_MAX);
	if (qr_url != NULL && strlen(qr_url) > PRINTER_QR_MAX)
		return rv_fail(cause, RV_EINPUT, "printer: the QR code's text "
		    "is longer than %d bytes", PRINTER_QR_MAX);
	if ((cd = iconv_open(PRINTER_CHARSET, "UTF-8")) == (iconv_t)-1)
		return rv_fail(cause, RV_EENV, "printer: no %s conversion: %s",
		    PRINTER_CHARSET, strerror(errno));
	memset(&b, 0, sizeof b);
	printer_add(&b, init, sizeof init);
	printer_add(&b, chinese, sizeof chinese);
	for (i = 0; i < n && st == RV_OK; i++)
		st = printer_line(&b, cd, lines[i], cause);
	iconv_close(cd);
	if (st != RV_OK)
		goto out;
	if (qr_url != NULL)
		printer_qr(&b, qr_url);
	printer_add(&b, cut, sizeof cut);
	if (strncmp(spec, PRINTER_CUPS, strlen(PRINTER_CUPS)) == 0)
		st = printer_cups(spec + strlen(PRINTER_CUPS), &b, cause);
	else
		st = printer_device(spec, &b, cause);
out:
	free(b.p);
	return st;
}
