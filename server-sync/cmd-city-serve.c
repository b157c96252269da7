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
 *    each check in a folder of its own there, removed whole when the
 *    check fails or its stores are no longer shown, and the server's
 *    folder when it stops.  The folder holds a lock for as long as its
 *    server runs: a server killed outright leaves one nobody holds,
 *    which the next to start in the same $TMPDIR removes.
 * 5. A check has --check-timeout seconds; past them it is stopped and
 *    logged, and the next one comes round as usual.  The child dies
 *    with the server (PR_SET_PDEATHSIG) and ignores the SIGTERM meant
 *    for the server: the server stops it.
 */

#include "config.h"

#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
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
#define CITY_TIMEOUT_DEFAULT	3600	/* seconds a check may take */
#define CITY_TIMEOUT_MAX	(7 * 86400)
#define CITY_DIR_PREFIX		"renovote-city-serve."
#define CITY_LOCK		"lock"
#define CITY_REPLY_MAX		(1024 * 1024)	/* what a check says */
#define CITY_DIR_MAX		4000	/* the server's folder's path */
#define CHILD_FD		3	/* the check's pipe, in the child */

const struct cmd_entry cmd_city_serve_entry = {
	.name = "city serve",
	.options = "pg:,refresh:,check-timeout:," SERVE_OPTIONS,
	.minargs = 0,
	.maxargs = 0,
	.usage = N_("--pg CONNINFO --listen HOST:PORT --cert PEM --key PEM "
	    "[--refresh S] [--check-timeout S]"),
	.help = N_("Serve over HTTPS the results pages of every office's "
	    "estates from the city's\nPostgreSQL (a read replica will do), "
	    "after the checks of city tally, until\nSIGTERM or SIGINT.  The "
	    "database is checked again every --refresh S seconds\n(default "
	    "60); a check that fails, or takes longer than --check-timeout "
	    "S\n(default 3600), is logged and the pages go on showing what "
	    "was checked\nlast, saying when.  No sync API (so no "
	    "--sync-fail-rate).  The other\noptions are serve's."),
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
	char			 dir[CITY_DIR_MAX];	/* the server's */
	int			 lock;		/* its lock, held */
	int			 refresh;	/* seconds */
	int			 timeout;	/* seconds a check may take */
	struct web_city		*pages;
	char			*shown;		/* the check folder of pages */
	rv_ms			 verified;	/* pages' records checked then */
	struct event_base	*base;
	struct event		*timer;
	struct event		*deadline;	/* of the check under way */
	pid_t			 child;		/* 0: no check under way */
	char			*checking;	/* its folder */
	rv_ms			 started;
	struct event		*reading;	/* the child's pipe */
	int			 fd;
	char			*buf;		/* what it said so far */
	size_t			 len;
	char			*why;		/* the server stopped it: why */
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

/* Remove a folder and everything in it; NULL or "" is nothing. */
static void
remove_tree(const char *dir)
{
	if (dir != NULL && *dir != '\0')
		nftw(dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

/*
 * Remove the folders in base that servers killed outright left: those
 * whose lock nobody holds (note 4).  A folder without its lock yet is
 * a server starting: left alone.
 */
static void
serve_dir_sweep(const char *base)
{
	char		 path[CITY_DIR_MAX];
	DIR		*d;
	struct dirent	*e;
	int		 fd;

	if ((d = opendir(base)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, CITY_DIR_PREFIX,
		    strlen(CITY_DIR_PREFIX)) != 0 ||
		    (size_t)snprintf(path, sizeof path, "%s/%s/" CITY_LOCK,
		    base, e->d_name) >= sizeof path)
			continue;
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
			continue;
		if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
			path[strlen(path) - strlen("/" CITY_LOCK)] = '\0';
			remove_tree(path);
		}
		close(fd);
	}
	closedir(d);
}

/*
 * Make the server's folder (mode 0700) in $TMPDIR and take its lock,
 * after sweeping away what killed servers left.
 */
static enum rv_status
serve_dir_make(struct city_serve *cs, char **cause)
{
	const char	*base = getenv("TMPDIR");
	char		 path[CITY_DIR_MAX + 8];

	if (base == NULL || *base == '\0')
		base = "/tmp";
	serve_dir_sweep(base);
	if ((size_t)snprintf(cs->dir, sizeof cs->dir,
	    "%s/" CITY_DIR_PREFIX "XXXXXX", base) >= sizeof cs->dir)
		return rv_fail(cause, RV_EENV, "TMPDIR: path too long");
	if (mkdtemp(cs->dir) == NULL) {
		cs->dir[0] = '\0';
		return rv_fail(cause, RV_EENV, "%s: %s", base, strerror(errno));
	}
	snprintf(path, sizeof path, "%s/" CITY_LOCK, cs->dir);
	if ((cs->lock = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) == -1 ||
	    flock(cs->lock, LOCK_EX | LOCK_NB) == -1)
		return rv_fail(cause, RV_EENV, "%s: %s", path, strerror(errno));
	return RV_OK;
}

/* A folder of its own for one check, in the server's; allocated. */
static enum rv_status
check_dir_make(struct city_serve *cs, char **out, char **cause)
{
	xasprintf(out, "%s/check.XXXXXX", cs->dir);
	if (mkdtemp(*out) == NULL) {
		free(*out);
		*out = NULL;
		return rv_fail(cause, RV_EENV, "%s: %s", cs->dir,
		    strerror(errno));
	}
	return RV_OK;
}

/*
 * The child's part of a check (note 2): check every office into the
 * check's folder and say on fd which stores it left ("ok", a line per
 * office, "end"), or why it failed.  Never returns.
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
	if (city_verify(cs->conninfo, NULL, cs->checking, &c, &cause) != RV_OK) {
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
	fputs("end\n", f);
	city_release(c);
	_exit(fclose(f) == 0 ? 0 : 1);
}

/*
 * Show the pages of a checked city, checked at verified, its stores in
 * the check folder dir; takes c and dir.  The pages shown before, and
 * their folder, go.
 */
static enum rv_status
serve_take(struct city_serve *cs, struct city *c, rv_ms verified, char *dir,
    char **cause)
{
	struct web_city	*w;
	enum rv_status	 st;

	if ((st = web_city_new(c, verified, cs->pages, &w, cause)) != RV_OK) {
		remove_tree(dir);
		free(dir);
		return st;
	}
	web_city_free(cs->pages);
	remove_tree(cs->shown);
	free(cs->shown);
	cs->pages = w;
	cs->shown = dir;
	cs->verified = verified;
	return RV_OK;
}

/*
 * The stores a finished child said it left (lines "office\tfolder"
 * between "ok" and "end"), taken over; anything else it said is why it
 * failed.
 */
static enum rv_status
check_adopt(struct city_serve *cs, char **cause)
{
	struct city	*c;
	char		**names = NULL, **dirs = NULL, *line, *next, *tab;
	size_t		 n = 0;
	enum rv_status	 st = RV_OK;

	cs->buf = xreallocarray(cs->buf, cs->len + 1, 1);
	cs->buf[cs->len] = '\0';
	if (strncmp(cs->buf, "error\t", 6) == 0) {
		cs->buf[strcspn(cs->buf, "\n")] = '\0';
		return rv_fail(cause, RV_EINPUT, "%s", cs->buf + 6);
	}
	if (strncmp(cs->buf, "ok\n", 3) != 0)
		return rv_fail(cause, RV_EENV, "the check stopped before it "
		    "ended");
	for (line = cs->buf + 3; strcmp(line, "end\n") != 0; line = next) {
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
	if ((st = city_adopt(names, dirs, n, &c, cause)) == RV_OK) {
		st = serve_take(cs, c, cs->started, cs->checking, cause);
		cs->checking = NULL;
	}
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

/*
 * The check ended (its pipe closed, or the server stopped it): take its
 * stores or log why not, and remove its folder unless it is shown.
 */
static void
check_done(struct city_serve *cs)
{
	char		*cause = NULL, when[RV_TIME_MAX];
	int		 status = 0;
	enum rv_status	 st;

	event_free(cs->reading);
	cs->reading = NULL;
	evtimer_del(cs->deadline);
	close(cs->fd);
	while (waitpid(cs->child, &status, 0) == -1 && errno == EINTR)
		;
	cs->child = 0;
	if (cs->why != NULL)
		st = rv_fail(&cause, RV_EENV, "%s", cs->why);
	else if (WIFSIGNALED(status))
		st = rv_fail(&cause, RV_EENV, "the check was stopped by "
		    "signal %d", WTERMSIG(status));
	else if (strncmp(cs->buf != NULL ? cs->buf : "", "error\t", 6) != 0 &&
	    (!WIFEXITED(status) || WEXITSTATUS(status) != 0))
		st = rv_fail(&cause, RV_EENV, "the check failed (exit status "
		    "%d)", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	else
		st = check_adopt(cs, &cause);
	if (st == RV_OK)
		printf(_("Checked %zu estates of %zu offices in PostgreSQL\n"),
		    web_city_estates(cs->pages), web_city_offices(cs->pages));
	else {
		time_format(cs->verified, RV_CST_OFFSET, when, sizeof when);
		fprintf(stderr, _("%s: city serve: %s; the pages still show "
		    "the records checked at %s\n"), office_program.name,
		    cause, when);
	}
	fflush(stdout);
	remove_tree(cs->checking);
	free(cs->checking);
	cs->checking = NULL;
	free(cause);
	free(cs->why);
	cs->why = NULL;
	free(cs->buf);
	cs->buf = NULL;
	cs->len = 0;
	check_arm(cs);
}

/* Stop the check under way, saying why (for the log). */
static void
check_stop(struct city_serve *cs, const char *why)
{
	if (cs->why == NULL)
		cs->why = xstrdup(why);
	kill(cs->child, SIGKILL);
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
	if (n > 0)
		check_stop(cs, "the check said more than it may");
	else if (n == -1)
		check_stop(cs, strerror(errno));
	check_done(cs);
}

/* The check took longer than --check-timeout: stop it (note 5). */
static void
check_deadline_cb(evutil_socket_t fd, short what, void *arg)
{
	struct city_serve	*cs = arg;
	char			*why;

	(void)fd;
	(void)what;
	xasprintf(&why, "the check took longer than %d seconds: stopped",
	    cs->timeout);
	check_stop(cs, why);
	free(why);
	/* Its pipe closes now: check_read_cb ends the check. */
}

/* Time for a check: start the child in a folder of its own (note 2). */
static void
check_cb(evutil_socket_t fd, short what, void *arg)
{
	struct city_serve	*cs = arg;
	struct timeval		 tv = { cs->timeout, 0 };
	char			*cause = NULL;
	int			 p[2];
	pid_t			 pid, parent = getpid();

	(void)fd;
	(void)what;
	if (check_dir_make(cs, &cs->checking, &cause) != RV_OK ||
	    pipe2(p, O_CLOEXEC) == -1) {
		fprintf(stderr, "%s: city serve: %s\n", office_program.name,
		    cause != NULL ? cause : strerror(errno));
		free(cause);
		remove_tree(cs->checking);
		free(cs->checking);
		cs->checking = NULL;
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
		remove_tree(cs->checking);
		free(cs->checking);
		cs->checking = NULL;
		check_arm(cs);
		return;
	}
	if (pid == 0) {
		/*
		 * Only the pipe: a client's socket held open here would not
		 * close when the server closes it, for as long as the check
		 * takes.  The server stops the child (note 5).
		 */
		if (dup2(p[1], CHILD_FD) == -1)
			_exit(1);
		closefrom(CHILD_FD + 1);
		signal(SIGTERM, SIG_IGN);
		signal(SIGINT, SIG_IGN);
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1 ||
		    getppid() != parent)
			_exit(1);
		check_child(cs, CHILD_FD);
	}
	close(p[1]);
	cs->child = pid;
	cs->fd = p[0];
	evutil_make_socket_nonblocking(cs->fd);
	if ((cs->reading = event_new(cs->base, cs->fd, EV_READ | EV_PERSIST,
	    check_read_cb, cs)) == NULL || event_add(cs->reading, NULL) != 0 ||
	    evtimer_add(cs->deadline, &tv) != 0)
		fatal("libevent: cannot watch the check");
}

/* http_pages.start: the checks' timers, on the server's loop. */
static enum rv_status
serve_start(void *arg, struct event_base *base, char **cause)
{
	struct city_serve	*cs = arg;

	(void)cause;
	cs->base = base;
	if ((cs->timer = evtimer_new(base, check_cb, cs)) == NULL ||
	    (cs->deadline = evtimer_new(base, check_deadline_cb, cs)) == NULL)
		fatal("libevent: cannot set a timer");
	check_arm(cs);
	return RV_OK;
}

/*
 * http_pages.stop: before the loop goes, the events on it; a check
 * under way is stopped (its folder goes with the server's).
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
	if (cs->deadline != NULL)
		event_free(cs->deadline);
	cs->timer = cs->deadline = NULL;
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
	char			*dir = NULL;
	long			 refresh = CITY_REFRESH_DEFAULT;
	long			 timeout = CITY_TIMEOUT_DEFAULT;
	enum rv_status		 st;

	memset(&cs, 0, sizeof cs);
	cs.lock = -1;
	if ((st = serve_config(c, &cfg, cause)) != RV_OK ||
	    (st = cmd_require(c, "pg", &cs.conninfo, cause)) != RV_OK ||
	    (st = cmd_get_number(c, "refresh", 1, CITY_REFRESH_MAX, &refresh,
	    cause)) != RV_OK ||
	    (st = cmd_get_number(c, "check-timeout", 1, CITY_TIMEOUT_MAX,
	    &timeout, cause)) != RV_OK ||
	    (st = serve_dir_make(&cs, cause)) != RV_OK ||
	    (st = check_dir_make(&cs, &dir, cause)) != RV_OK)
		goto out;
	cs.refresh = (int)refresh;
	cs.timeout = (int)timeout;
	cs.started = time_now();
	if ((st = city_verify(cs.conninfo, NULL, dir, &city, cause)) != RV_OK) {
		free(dir);
		goto out;
	}
	if ((st = serve_take(&cs, city, cs.started, dir, cause)) != RV_OK)
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
	free(cs.why);
	web_city_free(cs.pages);
	free(cs.shown);
	free(cs.checking);
	remove_tree(cs.dir);
	if (cs.lock != -1)
		close(cs.lock);
	serve_config_clear(&cfg);
	return st;
}

#endif /* HAVE_POSTGRESQL */
