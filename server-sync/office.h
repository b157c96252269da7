/*
 * renovote-office: the street office's program.  One file per command
 * (cmd-*.c), each a struct cmd_entry with one exec function; office.c
 * parses the command line for all of them and reports errors once.
 */

#ifndef RENOVOTE_OFFICE_H
#define RENOVOTE_OFFICE_H

#include <libintl.h>

#include "renovote.h"

#define _(s)	gettext(s)
#define N_(s)	(s)

#define CMD_ARGS_MAX	16	/* options given to one command */

struct cmd;

/*
 * A command.  options lists what it accepts, comma-separated, a trailing
 * ':' marking an option that takes a value ("db:,estate:,json").  Every
 * command also accepts --help.
 */
struct cmd_entry {
	const char	*name;		/* "roster import" */
	const char	*options;
	int		 minargs;	/* positional arguments */
	int		 maxargs;	/* -1: no limit */
	const char	*usage;		/* after the name */
	const char	*help;		/* what it does, a few lines */
	enum rv_status	 (*exec)(struct cmd *, char **);
};

struct cmd_option {
	const char	*name;
	const char	*value;		/* NULL for a flag */
};

/* One invocation: the entry, its options and positional arguments. */
struct cmd {
	const struct cmd_entry	*entry;
	struct cmd_option	 opts[CMD_ARGS_MAX];
	int			 nopts;
	char			**argv;
	int			 argc;
};

/* office.c */
const char *cmd_get(const struct cmd *, const char *);
int	 cmd_has(const struct cmd *, const char *);
enum rv_status cmd_require(const struct cmd *, const char *, const char **,
	    char **);
char	*cmd_db_path(const struct cmd *, int);
enum rv_status cmd_open_store(const struct cmd *, struct store **, char **);

/* cmd-*.c */
extern const struct cmd_entry cmd_codes_issue_entry;
extern const struct cmd_entry cmd_init_entry;
extern const struct cmd_entry cmd_plan_import_entry;
extern const struct cmd_entry cmd_roster_import_entry;
extern const struct cmd_entry cmd_tally_entry;

/* tally-print.c */
void	 tally_print_text(FILE *, const struct rv_report *);

#endif /* RENOVOTE_OFFICE_H */
