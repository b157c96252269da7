/*
 * The command line shared by renovote-office and renovote-kiosk: command
 * dispatch, option parsing, the default database and the one place
 * errors are reported.
 *
 * The first one or two words name the command ("tally", "roster import");
 * options are GNU-style long options, "--name value" or "--name=value".
 * Exit codes are those of docs/interface.md: 0 done, 1 input refused,
 * 2 usage, 3 environment.  Every error is reported here, once, as one line.
 */

#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store.h"

/* Print the list of commands. */
static void
usage_all(FILE *f, const struct cmd_program *prog)
{
	int	 i;

	fprintf(f, _("usage: %s COMMAND [OPTIONS] [ARGS]\n%s\n\nCommands:\n"),
	    prog->name, _(prog->summary));
	for (i = 0; prog->table[i] != NULL; i++)
		fprintf(f, "  %-16s %s\n", prog->table[i]->name,
		    _(prog->table[i]->usage));
	fprintf(f, _("\n%s COMMAND --help describes a command.\n"),
	    prog->name);
}

/* Print one command's usage and help. */
static void
usage_cmd(FILE *f, const struct cmd_program *prog, const struct cmd_entry *e)
{
	fprintf(f, _("usage: %s %s %s\n\n%s\n"), prog->name, e->name,
	    _(e->usage), _(e->help));
}

/*
 * Does option name (namelen bytes) appear in the entry's list?  Sets
 * *takes_value.
 */
static int
option_known(const struct cmd_entry *e, const char *name, size_t namelen,
    int *takes_value)
{
	const char	*p = e->options, *end;
	size_t		 len;

	while (p != NULL && *p != '\0') {
		end = strchr(p, ',');
		len = end != NULL ? (size_t)(end - p) : strlen(p);
		*takes_value = len > 0 && p[len - 1] == ':';
		if (len - (size_t)*takes_value == namelen &&
		    strncmp(p, name, namelen) == 0)
			return 1;
		p = end != NULL ? end + 1 : NULL;
	}
	return 0;
}

/* Does the command take option name (NUL-terminated)?  Sets *takes. */
int
cmd_option_takes(const struct cmd_entry *e, const char *name, int *takes)
{
	return option_known(e, name, strlen(name), takes);
}

/*
 * Split argv (after the command words) into options and positional
 * arguments.  Returns RV_EUSAGE with a cause on anything unknown.
 */
static enum rv_status
cmd_parse(struct cmd *c, int argc, char **argv, int *help, char **cause)
{
	const struct cmd_entry	*e = c->entry;
	int			 i, takes, dashdash = 0;
	char			*arg, *eq;
	size_t			 namelen;

	c->argv = xcalloc((size_t)argc + 1, sizeof *c->argv);
	for (i = 0; i < argc; i++) {
		arg = argv[i];
		if (dashdash || strncmp(arg, "--", 2) != 0 ||
		    strcmp(arg, "-") == 0) {
			if (arg[0] == '-' && arg[1] != '\0' && !dashdash)
				return rv_fail(cause, RV_EUSAGE, "%s: unknown "
				    "option '%s'", e->name, arg);
			c->argv[c->argc++] = arg;
			continue;
		}
		if (arg[2] == '\0') {
			dashdash = 1;
			continue;
		}
		if (strcmp(arg, "--help") == 0) {
			*help = 1;
			return RV_OK;
		}
		eq = strchr(arg + 2, '=');
		namelen = eq != NULL ? (size_t)(eq - arg - 2) : strlen(arg + 2);
		if (!option_known(e, arg + 2, namelen, &takes))
			return rv_fail(cause, RV_EUSAGE, "%s: unknown option "
			    "'--%.*s' (see --help)", e->name, (int)namelen,
			    arg + 2);
		if (c->nopts == CMD_ARGS_MAX)
			return rv_fail(cause, RV_EUSAGE, "%s: too many "
			    "options", e->name);
		if (takes && eq == NULL && i + 1 == argc)
			return rv_fail(cause, RV_EUSAGE, "%s: option '--%.*s' "
			    "needs a value", e->name, (int)namelen, arg + 2);
		if (!takes && eq != NULL)
			return rv_fail(cause, RV_EUSAGE, "%s: option '--%.*s' "
			    "takes no value", e->name, (int)namelen, arg + 2);
		c->opts[c->nopts].name = xstrndup(arg + 2, namelen);
		if (takes)
			c->opts[c->nopts].value = eq != NULL ? eq + 1 :
			    argv[++i];
		c->nopts++;
	}
	if (c->argc < e->minargs || (e->maxargs >= 0 && c->argc > e->maxargs))
		return rv_fail(cause, RV_EUSAGE, "%s: expected %s", e->name,
		    e->usage);
	return RV_OK;
}

/*
 * The instant of --at (ISO 8601) and the UTC offset it was written
 * with, or now in China Standard Time when --at is not given.
 */
enum rv_status
cmd_get_at(const struct cmd *c, rv_ms *at, int *offset, char **cause)
{
	const char	*arg = cmd_get(c, "at");
	char		*why = NULL;
	enum rv_status	 st;

	*at = time_now();
	*offset = RV_CST_OFFSET;
	if (arg != NULL && (st = time_parse(arg, at, offset, &why)) != RV_OK) {
		st = rv_fail(cause, RV_EUSAGE, "--at: %s", why);
		free(why);
		return st;
	}
	return RV_OK;
}

/* The value of an option given to the command (the last one), or NULL. */
const char *
cmd_get(const struct cmd *c, const char *name)
{
	int	 i;

	for (i = c->nopts - 1; i >= 0; i--) {
		if (strcmp(c->opts[i].name, name) == 0)
			return c->opts[i].value != NULL ? c->opts[i].value : "";
	}
	return NULL;
}

/*
 * Read option --name as a whole number in [min, max] into *out; an
 * option not given leaves *out, the caller's default.  Anything else
 * (empty, a sign of its own, trailing text, out of range) is a usage
 * error naming the command (the resident interface has no name) and
 * the option, and the range.
 */
enum rv_status
cmd_get_number(const struct cmd *c, const char *name, long min, long max,
    long *out, char **cause)
{
	const char	*v = cmd_get(c, name);
	char		*end;
	long		 n;

	if (v == NULL)
		return RV_OK;
	errno = 0;
	n = strtol(v, &end, 10);
	if (*v != '\0' && *end == '\0' && errno == 0 && n >= min && n <= max) {
		*out = n;
		return RV_OK;
	}
	/*
	 * Two whole messages, not a name glued on: a translation may
	 * punctuate the one with a name differently.
	 */
	if (*c->entry->name == '\0')
		return rv_fail(cause, RV_EUSAGE, "--%s: '%s' is not a number "
		    "from %ld to %ld", name, v, min, max);
	return rv_fail(cause, RV_EUSAGE, "%s: --%s: '%s' is not a number "
	    "from %ld to %ld", c->entry->name, name, v, min, max);
}

/* Was the option (a flag) given? */
int
cmd_has(const struct cmd *c, const char *name)
{
	return cmd_get(c, name) != NULL;
}

/* Fetch a required option's value or fail with a usage error. */
enum rv_status
cmd_require(const struct cmd *c, const char *name, const char **value,
    char **cause)
{
	if ((*value = cmd_get(c, name)) == NULL || **value == '\0')
		return rv_fail(cause, RV_EUSAGE, "%s: --%s is required "
		    "(usage: %s)", c->entry->name, name, c->entry->usage);
	return RV_OK;
}

/*
 * A free text option: valid UTF-8, not blank, at most max bytes.  When
 * it is absent, a usage error if required, else *out = NULL.
 */
enum rv_status
cmd_text(const struct cmd *c, const char *name, size_t max, int required,
    const char **out, char **cause)
{
	size_t	 len;

	if ((*out = cmd_get(c, name)) == NULL && !required)
		return RV_OK;
	if (*out == NULL)
		return cmd_require(c, name, out, cause);
	len = strlen(*out);
	if (len == 0 || strspn(*out, " \t\r\n") == len)
		return rv_fail(cause, RV_EUSAGE, "--%s: empty", name);
	if (len > max)
		return rv_fail(cause, RV_EUSAGE, "--%s: longer than %zu bytes",
		    name, max);
	if (!utf8_valid(*out, len))
		return rv_fail(cause, RV_EUSAGE, "--%s: not valid UTF-8", name);
	return RV_OK;
}

/* Create dir and its parents with mode 0700 where missing. */
static void
mkdirs(const char *dir)
{
	char	*copy = xstrdup(dir), *p;

	for (p = copy + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(copy, 0700);
		*p = '/';
	}
	mkdir(copy, 0700);
	free(copy);
}

/* The services' state directory (systemd StateDirectory=renovote). */
#define CMD_SYSTEM_DIR	"/var/lib/renovote"
/* The system user the services run as (systemd/sysusers.d). */
#define CMD_SYSTEM_USER	"renovote"

/*
 * The default directory of the databases, a string to free.  *system is
 * set when it is the system's, which systemd or the administrator makes
 * (never made here): $STATE_DIRECTORY (a systemd service's
 * StateDirectory=, the first of several); else $XDG_DATA_HOME/renovote
 * when set (the caller's explicit choice: demo.sh keeps its databases in
 * the build tree so); else /var/lib/renovote when run as the renovote
 * system user; else the user's own ~/.local/share/renovote.
 */
static char *
cmd_default_dir(int *system)
{
	const char	*state, *base, *home;
	struct passwd	*pw;
	char		*dir;

	*system = 1;
	if ((state = getenv("STATE_DIRECTORY")) != NULL && *state == '/') {
		dir = xstrdup(state);
		dir[strcspn(dir, ":")] = '\0';
		return dir;
	}
	*system = 0;
	if ((base = getenv("XDG_DATA_HOME")) != NULL && *base == '/') {
		xasprintf(&dir, "%s/renovote", base);
		return dir;
	}
	if (getuid() != 0 && (pw = getpwnam(CMD_SYSTEM_USER)) != NULL &&
	    pw->pw_uid == getuid()) {
		*system = 1;
		return xstrdup(CMD_SYSTEM_DIR);
	}
	home = getenv("HOME");
	xasprintf(&dir, "%s/.local/share/renovote", home != NULL ? home : ".");
	return dir;
}

/*
 * The database path: --db, else the program's database in the default
 * directory (cmd_default_dir).  With create, a user's own default
 * directory is made.
 */
char *
cmd_db_path(const struct cmd *c, int create)
{
	const char	*db = cmd_get(c, "db");
	char		*dir, *path;
	int		 system;

	if (db != NULL && *db != '\0')
		return xstrdup(db);
	dir = cmd_default_dir(&system);
	if (create && !system)
		mkdirs(dir);
	xasprintf(&path, "%s/%s", dir, c->program->db_name);
	free(dir);
	return path;
}

/*
 * Open the command's existing database, refusing one that belongs to the
 * other program (an office command on a kiosk database, say), and settle
 * the intents a killed codes issue or publish left (intent.c).
 */
enum rv_status
cmd_open_store(const struct cmd *c, struct store **s, char **cause)
{
	char		*path = cmd_db_path(c, 0), *role = NULL;
	enum rv_status	 st;

	if ((st = store_open(path, 0, s, cause)) != RV_OK)
		goto out;
	if ((st = store_meta_get(*s, "role", &role, cause)) != RV_OK)
		goto fail;
	if (role != NULL && strcmp(role, c->program->role) != 0) {
		st = rv_fail(cause, RV_EINPUT, "%s: this is a %s database, "
		    "not a %s one", path, role, c->program->role);
		goto fail;
	}
	/* Finish or roll back what a killed run left (intent.c). */
	if ((st = intent_settle(*s, NULL, 0, cause)) != RV_OK)
		goto fail;
	goto out;
fail:
	store_close(*s);
	*s = NULL;
out:
	free(role);
	free(path);
	return st;
}

/*
 * Close what cmd_open_store opened (NULL is fine), for commands that
 * present and so never see the store's own API.
 */
void
cmd_close_store(struct store *s)
{
	store_close(s);
}

/*
 * Create the command's database and its signing key (PATH.key, mode
 * 0600) and record the role and device name, all or nothing.  *pub
 * receives the public key.  A database or key already there is refused.
 */
enum rv_status
cmd_create_store(const struct cmd *c, const char *device, struct store **out,
    char **pub, char **cause)
{
	struct store	*s = NULL;
	char		*db = cmd_db_path(c, 1), *keypath, now[RV_TIME_MAX];
	enum rv_status	 st;
	int		 created_key = 0;

	*pub = NULL;
	xasprintf(&keypath, "%s.key", db);
	if (access(db, F_OK) == 0) {
		st = rv_fail(cause, RV_EINPUT, "%s: already exists; refusing "
		    "to overwrite it", db);
		goto out;
	}
	if (access(keypath, F_OK) == 0) {
		st = rv_fail(cause, RV_EINPUT, "%s: already exists; refusing "
		    "to overwrite the signing key", keypath);
		goto out;
	}
	if ((st = store_open(db, STORE_CREATE, &s, cause)) != RV_OK)
		goto out;
	if ((st = key_generate(keypath, pub, cause)) != RV_OK)
		goto fail;
	created_key = 1;
	time_format(time_now(), RV_CST_OFFSET, now, sizeof now);
	if ((st = store_begin(s, cause)) != RV_OK)
		goto fail;
	if ((st = store_meta_put(s, "role", c->program->role, cause)) != RV_OK ||
	    (st = store_meta_put(s, "device", device, cause)) != RV_OK ||
	    (st = store_meta_put(s, "pubkey", *pub, cause)) != RV_OK ||
	    (st = store_meta_put(s, "created_at", now, cause)) != RV_OK ||
	    (st = store_commit(s, cause)) != RV_OK)
		goto fail;
	*out = s;
	s = NULL;
	goto out;
fail:
	store_close(s);
	s = NULL;
	unlink(db);
	if (created_key)
		unlink(keypath);
	free(*pub);
	*pub = NULL;
out:
	store_close(s);
	free(keypath);
	free(db);
	return st;
}

/* Load the signing key that lives beside the command's database. */
enum rv_status
cmd_load_key(const struct cmd *c, struct rv_key **key, char **cause)
{
	char		*db = cmd_db_path(c, 0), *keypath;
	enum rv_status	 st;

	xasprintf(&keypath, "%s.key", db);
	st = key_load(keypath, key, cause);
	free(keypath);
	free(db);
	return st;
}

/* Find the command named by the first one or two words of argv. */
static const struct cmd_entry *
cmd_find(const struct cmd_program *prog, int argc, char **argv, int *used)
{
	const struct cmd_entry	*e;
	size_t			 len;
	int			 i;

	for (i = 0; (e = prog->table[i]) != NULL; i++) {
		len = strlen(argv[0]);
		if (strncmp(e->name, argv[0], len) != 0)
			continue;
		if (e->name[len] == '\0') {
			*used = 1;
			return e;
		}
		if (e->name[len] == ' ' && argc > 1 &&
		    strcmp(e->name + len + 1, argv[1]) == 0) {
			*used = 2;
			return e;
		}
	}
	return NULL;
}

/*
 * Print a cause as one line: whatever a file or an argument put into it,
 * control characters (a newline inside a quoted CSV field, say) are shown
 * as '?', so the error is always exactly one line.
 */
static void
report_error(const char *prog, char *cause)
{
	if (cause == NULL) {
		fprintf(stderr, _("%s: failed\n"), prog);
		return;
	}
	fprintf(stderr, "%s: %s\n", prog, text_scrub(cause));
}

/*
 * The installed catalogues: LOCALEDIR, unless this program runs from a
 * copy of the installed tree somewhere else (make install DESTDIR=D, a
 * tree moved whole): then the directory of /proc/self/exe ends as BINDIR
 * ends below PREFIX ("/bin"), and the catalogues are where LOCALEDIR is
 * below PREFIX in that copy, if that directory exists.  Returns a string
 * to free.
 */
static char *
locale_dir_installed(void)
{
	char		 exe[PATH_MAX], *slash, *dir;
	const char	*bin_tail, *loc_tail;
	size_t		 plen = strlen(RENOVOTE_PREFIX), dlen, tlen;
	ssize_t		 n;
	struct stat	 sb;

	if (strncmp(RENOVOTE_BINDIR, RENOVOTE_PREFIX, plen) != 0 ||
	    strncmp(LOCALEDIR, RENOVOTE_PREFIX, plen) != 0)
		return xstrdup(LOCALEDIR);
	bin_tail = &RENOVOTE_BINDIR[plen];
	loc_tail = &LOCALEDIR[plen];
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0 || (slash = strrchr((exe[n] = '\0', exe), '/')) == NULL)
		return xstrdup(LOCALEDIR);
	*slash = '\0';
	if (strcmp(exe, RENOVOTE_BINDIR) == 0)
		return xstrdup(LOCALEDIR);
	dlen = strlen(exe);
	tlen = strlen(bin_tail);
	if (dlen <= tlen || strcmp(exe + dlen - tlen, bin_tail) != 0)
		return xstrdup(LOCALEDIR);
	exe[dlen - tlen] = '\0';
	xasprintf(&dir, "%s%s", exe, loc_tail);
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		free(dir);
		return xstrdup(LOCALEDIR);
	}
	return dir;
}

/*
 * Bind the message catalogue: RENOVOTE_LOCALEDIR wins over the installed
 * catalogues (locale_dir_installed).
 */
void
cmd_locale_init(void)
{
	const char	*dir = getenv("RENOVOTE_LOCALEDIR");
	char		*installed;

	setlocale(LC_ALL, "");
	if (dir != NULL && *dir != '\0')
		bindtextdomain(PACKAGE, dir);
	else {
		installed = locale_dir_installed();
		bindtextdomain(PACKAGE, installed);
		free(installed);
	}
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);
}

/*
 * Run the command argv names and return the exit code.  Errors are
 * printed here, once, as "PROGRAM: cause".
 */
int
cmd_main(const struct cmd_program *prog, int argc, char **argv)
{
	const struct cmd_entry	*e;
	struct cmd		 c;
	char			*cause = NULL;
	int			 used, help = 0, i;
	enum rv_status		 st;

	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "help") == 0)) {
		usage_all(stdout, prog);
		return RV_OK;
	}
	if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
		printf("%s %s\n", prog->name, PACKAGE_VERSION);
		return RV_OK;
	}
	/*
	 * No command word: a program whose table has an entry named ""
	 * (the kiosk's resident interface) runs it; others print usage.
	 */
	e = NULL;
	used = 0;
	if (argc < 2 || argv[1][0] == '-') {
		for (i = 0; prog->table[i] != NULL; i++) {
			if (prog->table[i]->name[0] == '\0')
				e = prog->table[i];
		}
		if (e == NULL) {
			usage_all(stderr, prog);
			return RV_EUSAGE;
		}
	} else if ((e = cmd_find(prog, argc - 1, argv + 1, &used)) == NULL) {
		fprintf(stderr, _("%s: unknown command '%s' (see %s --help)\n"),
		    prog->name, argv[1], prog->name);
		return RV_EUSAGE;
	}
	memset(&c, 0, sizeof c);
	c.program = prog;
	c.entry = e;
	st = cmd_parse(&c, argc - 1 - used, argv + 1 + used, &help, &cause);
	if (st == RV_OK && help)
		usage_cmd(stdout, prog, e);
	else if (st == RV_OK &&
	    (st = cmd_config_apply(&c, &cause)) == RV_OK)
		st = e->exec(&c, &cause);
	if (st != RV_OK)
		report_error(prog->name, cause);
	free(cause);
	for (i = 0; i < c.nopts; i++)
		free((char *)c.opts[i].name);
	free(c.argv);
	free(c.config);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, _("%s: cannot write output\n"), prog->name);
		return RV_EENV;
	}
	return st;
}
