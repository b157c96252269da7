/*
 * The configuration file: what a street office's or a hall's command
 * lines would otherwise repeat (the database, the listen address, the
 * certificate, the base URL, the office's URL).  renovote-office reads
 * SYSCONFDIR/renovote/office.conf and renovote-kiosk kiosk.conf (the
 * program's role), or the file $RENOVOTE_CONFIG names ("" for none).
 *
 * The format is one setting a line, "name = value", with blank lines
 * and lines starting with '#' ignored.  A name is the long option it
 * stands for.  The command line wins over the file, and a setting is
 * used only by the commands that take that option ("listen" by serve).
 * A missing default file is no error; a file that is there must be
 * right: a bad line stops every command with its file and line, so a
 * mistyped setting never silently falls back to a default.
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "renovote.h"

#define CONFIG_MAX_BYTES	65536	/* a configuration file, at most */

/* The settings each program's file may hold: long options with values. */
static const char *const office_settings[] = {
	"db", "listen", "cert", "key", "base-url", NULL
};
static const char *const kiosk_settings[] = {
	"db", "office", "ca", "office-url", "printer", NULL
};

/* Is name one of the settings of the program whose role is given? */
static int
config_known(const char *role, const char *name)
{
	const char *const *v;

	v = strcmp(role, "kiosk") == 0 ? kiosk_settings : office_settings;
	for (; *v != NULL; v++) {
		if (strcmp(*v, name) == 0)
			return 1;
	}
	return 0;
}

/* Strip spaces and tabs from both ends of s, in place. */
static char *
config_trim(char *s)
{
	size_t	 len;

	s += strspn(s, " \t");
	len = strlen(s);
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
	    s[len - 1] == '\r'))
		s[--len] = '\0';
	return s;
}

/*
 * The file to read, a string to free, or NULL for none: $RENOVOTE_CONFIG
 * when set (empty: none), else the program's file under SYSCONFDIR.
 * *named says the file was named explicitly, so its absence is an error.
 */
static char *
config_path(const struct cmd_program *prog, int *named)
{
	const char	*env = getenv("RENOVOTE_CONFIG");
	char		*path;

	*named = env != NULL;
	if (env != NULL)
		return *env != '\0' ? xstrdup(env) : NULL;
	xasprintf(&path, "%s/renovote/%s.conf", RENOVOTE_SYSCONFDIR,
	    prog->role);
	return path;
}

/*
 * Read the whole file into a NUL-terminated buffer (*buf, to free), or
 * *buf = NULL when it is absent and that is allowed.
 */
static enum rv_status
config_read(const char *path, int named, char **buf, char **cause)
{
	FILE	*f;
	size_t	 n;
	char	*b;

	*buf = NULL;
	if ((f = fopen(path, "re")) == NULL) {
		if (errno == ENOENT && !named)
			return RV_OK;
		return rv_fail(cause, RV_EENV, "%s: cannot read the "
		    "configuration: %s", path, strerror(errno));
	}
	b = xmalloc(CONFIG_MAX_BYTES + 1);
	n = fread(b, 1, CONFIG_MAX_BYTES + 1, f);
	if (ferror(f) || n > CONFIG_MAX_BYTES) {
		fclose(f);
		free(b);
		return rv_fail(cause, RV_EINPUT, "%s: %s", path, n >
		    CONFIG_MAX_BYTES ? "longer than 65536 bytes" :
		    "read error");
	}
	fclose(f);
	b[n] = '\0';
	if (memchr(b, '\0', n) != NULL || !utf8_valid(b, n)) {
		free(b);
		return rv_fail(cause, RV_EINPUT, "%s: not a text file in "
		    "UTF-8", path);
	}
	*buf = b;
	return RV_OK;
}

/*
 * Add to c the settings of the program's configuration file that its
 * command takes and its command line did not give.  The file's buffer is
 * kept in c->config (values point into it); cmd_main frees it.  Every
 * line is checked, whichever command runs.
 */
enum rv_status
cmd_config_apply(struct cmd *c, char **cause)
{
	char		*path, *line, *next, *eq, *name, *value;
	const char	*seen[CMD_ARGS_MAX];
	size_t		 lineno = 0, nseen = 0, i;
	int		 named, takes;
	enum rv_status	 st;

	if ((path = config_path(c->program, &named)) == NULL)
		return RV_OK;
	if ((st = config_read(path, named, &c->config, cause)) != RV_OK ||
	    c->config == NULL)
		goto out;
	for (line = c->config; line != NULL; line = next) {
		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		line = config_trim(line);
		if (*line == '\0' || *line == '#')
			continue;
		if ((eq = strchr(line, '=')) == NULL) {
			st = rv_fail(cause, RV_EINPUT, "%s:%zu: expected "
			    "NAME = VALUE", path, lineno);
			goto out;
		}
		*eq = '\0';
		name = config_trim(line);
		value = config_trim(eq + 1);
		if (!config_known(c->program->role, name)) {
			st = rv_fail(cause, RV_EINPUT, "%s:%zu: unknown "
			    "setting '%s'", path, lineno, name);
			goto out;
		}
		if (*value == '\0') {
			st = rv_fail(cause, RV_EINPUT, "%s:%zu: %s: empty "
			    "value", path, lineno, name);
			goto out;
		}
		for (i = 0; i < nseen; i++) {
			if (strcmp(seen[i], name) == 0) {
				st = rv_fail(cause, RV_EINPUT, "%s:%zu: '%s' "
				    "is set twice", path, lineno, name);
				goto out;
			}
		}
		seen[nseen++] = name;	/* settings < CMD_ARGS_MAX */
		if (!cmd_option_takes(c->entry, name, &takes) || !takes ||
		    cmd_get(c, name) != NULL)
			continue;
		if (c->nopts == CMD_ARGS_MAX) {
			st = rv_fail(cause, RV_EUSAGE, "%s: too many "
			    "options", c->entry->name);
			goto out;
		}
		c->opts[c->nopts].name = xstrdup(name);
		c->opts[c->nopts].value = value;
		c->nopts++;
	}
out:
	free(path);
	return st;
}
