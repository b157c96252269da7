/*
 * city serve: the results pages of every office's estates, over HTTPS,
 * from the city's PostgreSQL (a read replica is enough: it only reads),
 * after the checks of city tally (city.c, docs/federation.md).
 *
 * NOTES ON THE DESIGN
 *
 * 1. Nothing is shown before it is checked.  The server starts by
 *    rebuilding and checking every office's store from PostgreSQL
 *    (city_verify); a failure there stops it with the row named.  The
 *    pages are then answered from those stores (web-city.c), never from
 *    PostgreSQL.
 * 2. Every --refresh seconds the database is checked again, in a child
 *    process: a check of a province takes minutes, and the event loop
 *    must go on answering.  The child leaves the stores it checked in
 *    this server's folder and names them on a pipe; the loop takes them
 *    over (city_adopt) and drops the old ones.  A child, not a thread:
 *    the pages switch LANGUAGE with setenv (web.c) while libpq and
 *    mkdtemp read the environment.
 * 3. A check that fails (a row changed by hand, the replica away) is
 *    logged naming what failed, and the pages go on showing what was
 *    checked last; every page says when that was.
 * 4. Everything the checks write is in one folder of this server's,
 *    removed when it stops, whatever a killed child left there.
 */

#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "office.h"
#include "http.h"
#include "web.h"

#ifdef HAVE_POSTGRESQL
static enum rv_status cmd_city_serve_exec(struct cmd *, char **);
#endif

#define CITY_REFRESH_DEFAULT	60	/* seconds between checks */
#define CITY_REFRESH_MAX	86400
#define CITY_REPLY_MAX		(1024 * 1024)	/* what a check says */
#define CITY_DIR_MAX		4000	/* the server's folder's path */
#define CHILD_FD		3	/* the check's pipe, in the child */

const struct cmd_entry cmd_city_serve_entry = {
	.name = "city serve",
	.options = "pg:,refresh:," SERVE_OPTIONS,
	.minargs = 0,
	.maxargs = 0,
	.usage = N_("--pg CONNINFO --listen HOST:PORT --cert PEM --key PEM "
	    "[--refresh S]"),
	.help = N_("Serve over HTTPS the results pages of every office's "
	    "estates from the city's\nPostgreSQL (a read replica will do), "
	    "after the checks of city tally, until\nSIGTERM or SIGINT.  The "
	    "database is checked again every --refresh S seconds\n(default "
	    "60); a check that fails is logged and the pages go on showing "
	    "what\nwas checked last, saying when.  No sync API.  The other "
	    "options are serve's."),
#ifdef HAVE_POSTGRESQL
	.exec = cmd_city_serve_exec,
#else
	.exec = pg_missing,
#endif
};

#ifdef HAVE_POSTGRESQL

/* The server's state: the pages shown and the check under way. */
struct city_serve {
	const char		*conninfo;
	char			 dir[CITY_DIR_MAX];
	int			 refresh;	/* seconds */
	struct web_city		*pages;
	rv_ms			 verified;	/* pages' records checked then */
	struct event_base	*base;
	struct event		*timer;
	pid_t			 child;		/* 0: no check under way */
	rv_ms			 started;
	struct event		*reading;	/* the child's pipe */
	int			 fd;
	char			*buf;		/* what it said so far */
	size_t			 len;
};

/* nftw: remove one entry, the folder's contents first. */
static int
remove_entry(const char *path, const struct stat *sb, int flag,
    struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

/* Make the server's folder (mode 0700) in $TMPDIR. */
static enum rv_status
serve_dir_make(struct city_serve *cs, char **cause)
{
	const char	*base = getenv("TMPDIR");

	if (base == NULL || *base == '\0')
		base = "/tmp";
	if ((size_t)snprintf(cs->dir, sizeof cs->dir,
	    "%s/renovote-city-serve.XXXXXX", base) >= sizeof cs->dir)
		return rv_fail(cause, RV_EENV, "TMPDIR: path too long");
	if (mkdtemp(cs->dir) == NULL) {
		cs->dir[0] = '\0';
		return rv_fail(cause, RV_EENV, "%s: %s", base, strerror(errno));
	}
	return RV_OK;
}

/*
 * The child's part of a check (note 2): check every office into the
 * server's folder and say on fd which stores it left, or why it failed.
 * Never returns.
 */
static void
check_child(struct city_serve *cs, int fd)
{
	struct city	*c;
	const char	*name, *dir;
	char		*cause = NULL, *nl;
	size_t		 i;
	FILE		*f;

	if ((f = fdopen(fd, "w")) == NULL)
		_exit(1);
	if (city_verify(cs->conninfo, NULL, cs->dir, &c, &cause) != RV_OK) {
		/* One line: PostgreSQL's messages may run to several. */
		for (nl = cause; (nl = strchr(nl, '\n')) != NULL; )
			*nl = ' ';
		fprintf(f, "error\t%s\n", cause);
		fclose(f);
		_exit(1);
	}
	fputs("ok\n", f);
	for (i = 0; i < c->noffices; i++) {
		city_office_where(c, i, &name, &dir);
		fprintf(f, "%s\t%s\n", name, dir);
	}
	city_release(c);
	_exit(fclose(f) == 0 ? 0 : 1);
}

/* Show the pages of a checked city, checked at verified; takes c. */
static enum rv_status
serve_take(struct city_serve *cs, struct city *c, rv_ms verified,
    char **cause)
{
	struct web_city	*w;
	enum rv_status	 st;

	if ((st = web_city_new(c, verified, &w, cause)) != RV_OK)
		return st;
	web_city_free(cs->pages);
	cs->pages = w;
	cs->verified = verified;
	return RV_OK;
}

/*
 * The stores a child said it left (lines "office\tfolder" after "ok"),
 * taken over; anything else it said is the cause of its failure.
 */
static enum rv_status
check_adopt(struct city_serve *cs, char **cause)
{
	struct city	*c;
	char		**names = NULL, **dirs = NULL, *line, *next, *tab;
	size_t		 n = 0;
	enum rv_status	 st;

	cs->buf = xreallocarray(cs->buf, cs->len + 1, 1);
	cs->buf[cs->len] = '\0';
	if (strncmp(cs->buf, "error\t", 6) == 0) {
		cs->buf[strcspn(cs->buf, "\n")] = '\0';
		return rv_fail(cause, RV_EINPUT, "%s", cs->buf + 6);
	}
	if (strncmp(cs->buf, "ok\n", 3) != 0)
		return rv_fail(cause, RV_EENV, "the check stopped before it "
		    "ended");
	for (line = cs->buf + 3; *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) == NULL ||
		    (tab = memchr(line, '\t', (size_t)(next - line))) == NULL) {
			st = rv_fail(cause, RV_EENV, "the check said something "
			    "that is not an office and a folder");
			goto out;
		}
		*tab = *next++ = '\0';
		names = xreallocarray(names, n + 1, sizeof *names);
		dirs = xreallocarray(dirs, n + 1, sizeof *dirs);
		names[n] = line;
		dirs[n++] = tab + 1;
	}
	if ((st = city_adopt(names, dirs, n, &c, cause)) == RV_OK)
		st = serve_take(cs, c, cs->started, cause);
out:
	free(names);
	free(dirs);
	return st;
}

/* Wait for the check to come round again. */
static void
check_arm(struct city_serve *cs)
{
	struct timeval	 tv = { cs->refresh, 0 };

	evtimer_add(cs->timer, &tv);
}

/* The check ended (its pipe closed): take its stores or log why not. */
static void
check_done(struct city_serve *cs)
{
	char		*cause = NULL, when[RV_TIME_MAX];
	int		 status = 0;
	enum rv_status	 st;

	event_free(cs->reading);
	cs->reading = NULL;
	close(cs->fd);
	while (waitpid(cs->child, &status, 0) == -1 && errno == EINTR)
		;
	cs->child = 0;
	if (WIFSIGNALED(status))
		st = rv_fail(&cause, RV_EENV, "the check was stopped by "
		    "signal %d", WTERMSIG(status));
	else
		st = check_adopt(cs, &cause);
	if (st == RV_OK) {
		printf(_("Checked %zu estates of %zu offices in PostgreSQL\n"),
		    web_city_estates(cs->pages), web_city_offices(cs->pages));
	} else {
		time_format(cs->verified, RV_CST_OFFSET, when, sizeof when);
		fprintf(stderr, _("%s: city serve: %s; the pages still show "
		    "the records checked at %s\n"), office_program.name,
		    cause, when);
	}
	fflush(stdout);
	free(cause);
	free(cs->buf);
	cs->buf = NULL;
	cs->len = 0;
	check_arm(cs);
}

/* The child's pipe is readable: keep what it says, up to the end. */
static void
check_read_cb(evutil_socket_t fd, short what, void *arg)
{
	struct city_serve	*cs = arg;
	char			 chunk[4096];
	ssize_t			 n;

	(void)what;
	n = read(fd, chunk, sizeof chunk);
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n > 0 && cs->len + (size_t)n <= CITY_REPLY_MAX) {
		cs->buf = xreallocarray(cs->buf, cs->len + (size_t)n, 1);
		memcpy(cs->buf + cs->len, chunk, (size_t)n);
		cs->len += (size_t)n;
		return;
	}
	/* Says too much, or cannot be read: no check. */
	if (n != 0)
		kill(cs->child, SIGKILL);
	check_done(cs);
}

/* Time for a check: start the child (note 2). */
static void
check_cb(evutil_socket_t fd, short what, void *arg)
{
	struct city_serve	*cs = arg;
	int			 p[2];
	pid_t			 pid;

	(void)fd;
	(void)what;
	if (pipe2(p, O_CLOEXEC) == -1) {
		fprintf(stderr, "%s: city serve: pipe: %s\n",
		    office_program.name, strerror(errno));
		check_arm(cs);
		return;
	}
	fflush(stdout);
	fflush(stderr);
	cs->started = time_now();
	if ((pid = fork()) == -1) {
		fprintf(stderr, "%s: city serve: fork: %s\n",
		    office_program.name, strerror(errno));
		close(p[0]);
		close(p[1]);
		check_arm(cs);
		return;
	}
	if (pid == 0) {
		/*
		 * Only the pipe: a client's socket held open here would not
		 * close when the server closes it, for as long as the check
		 * takes.  The server's signal handling is the parent's.
		 */
		if (dup2(p[1], CHILD_FD) == -1)
			_exit(1);
		closefrom(CHILD_FD + 1);
		signal(SIGTERM, SIG_DFL);
		signal(SIGINT, SIG_DFL);
		check_child(cs, CHILD_FD);
	}
	close(p[1]);
	cs->child = pid;
	cs->fd = p[0];
	evutil_make_socket_nonblocking(cs->fd);
	if ((cs->reading = event_new(cs->base, cs->fd, EV_READ | EV_PERSIST,
	    check_read_cb, cs)) == NULL || event_add(cs->reading, NULL) != 0)
		fatal("libevent: cannot watch the check");
}

/* http_pages.start: the checks' timer, on the server's loop. */
static enum rv_status
serve_start(void *arg, struct event_base *base, char **cause)
{
	struct city_serve	*cs = arg;

	(void)cause;
	cs->base = base;
	if ((cs->timer = evtimer_new(base, check_cb, cs)) == NULL)
		fatal("libevent: cannot set a timer");
	check_arm(cs);
	return RV_OK;
}

/*
 * http_pages.stop: before the loop goes, the events on it; a check
 * under way is stopped (its stores go with the folder).
 */
static void
serve_stop(void *arg)
{
	struct city_serve	*cs = arg;

	if (cs->child != 0) {
		kill(cs->child, SIGKILL);
		while (waitpid(cs->child, NULL, 0) == -1 && errno == EINTR)
			;
		cs->child = 0;
	}
	if (cs->reading != NULL) {
		event_free(cs->reading);
		close(cs->fd);
		cs->reading = NULL;
	}
	if (cs->timer != NULL)
		event_free(cs->timer);
	cs->timer = NULL;
}

/* http_pages.respond: the pages of the city checked last. */
static enum rv_status
serve_respond(void *arg, const struct web_request *req,
    const struct web_cached **out, char **cause)
{
	struct city_serve	*cs = arg;

	return web_city_respond(cs->pages, req, out, cause);
}

/*
 * Check the options and the database, then serve until told to stop;
 * at the end stop a check under way and remove the folder (note 4).
 */
static enum rv_status
cmd_city_serve_exec(struct cmd *c, char **cause)
{
	struct http_config	 cfg;
	struct http_pages	 pages;
	struct city_serve	 cs;
	struct city		*city = NULL;
	long			 refresh = CITY_REFRESH_DEFAULT;
	enum rv_status		 st;

	memset(&cs, 0, sizeof cs);
	if ((st = serve_config(c, &cfg, cause)) != RV_OK ||
	    (st = cmd_require(c, "pg", &cs.conninfo, cause)) != RV_OK ||
	    (st = cmd_get_number(c, "refresh", 1, CITY_REFRESH_MAX, &refresh,
	    cause)) != RV_OK || (st = serve_dir_make(&cs, cause)) != RV_OK)
		goto out;
	cs.refresh = (int)refresh;
	cs.started = time_now();
	if ((st = city_verify(cs.conninfo, NULL, cs.dir, &city,
	    cause)) != RV_OK ||
	    (st = serve_take(&cs, city, cs.started, cause)) != RV_OK)
		goto out;
	printf(_("Checked %zu estates of %zu offices in PostgreSQL\n"),
	    web_city_estates(cs.pages), web_city_offices(cs.pages));
	pages.respond = serve_respond;
	pages.start = serve_start;
	pages.stop = serve_stop;
	pages.arg = &cs;
	cfg.pages = &pages;
	st = http_serve(&cfg, cause);
out:
	free(cs.buf);
	web_city_free(cs.pages);
	if (cs.dir[0] != '\0')
		nftw(cs.dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
	serve_config_clear(&cfg);
	return st;
}

#endif /* HAVE_POSTGRESQL */
