/*
 * renovote-kiosk: the hall kiosk.  One file per command (cmd-*.c); the
 * command line is shared with the office (cmdline.c).
 */

#ifndef RENOVOTE_KIOSK_H
#define RENOVOTE_KIOSK_H

#include "renovote.h"

struct rv_record;	/* ledger.h: recording commands only */

#define KIOSK_BUNDLE_MAX	(1024 * 1024 * 1024)
#define KIOSK_PACKAGE_MAX	(256 * 1024 * 1024)

/* What every recording command needs: the store, the device, an estate. */
struct kiosk {
	struct store		*store;
	char			*device;
	struct rv_estate	*estate;
	struct rv_plan		*plan;
};

/* kiosk.c */
extern const struct cmd_program kiosk_program;
enum rv_status kiosk_open(const struct cmd *, int, struct kiosk *, char **);
void	 kiosk_close(struct kiosk *);
char	*kiosk_log_path(const struct kiosk *);
int	 kiosk_withdrawn(struct kiosk *);
/* What a withdrawn (revoked) kiosk says instead of taking an answer. */
#define KIOSK_WITHDRAWN_TEXT	N_("This kiosk has been withdrawn by the " \
	    "street office and takes no more answers.  Please use another " \
	    "kiosk or call the office.")
enum rv_status kiosk_record(struct kiosk *, const char *, struct rv_record *,
	    char *, char **);
enum rv_status kiosk_code_read(const struct cmd *, char *, size_t, char **);
enum rv_status kiosk_record_command(const struct cmd *, const char *,
	    struct rv_record *, char **);
enum rv_status kiosk_identify(struct kiosk *, const char *, const char *,
	    char **);

/* dynlib.c: a library loaded when used (dlopen) */
struct dynlib_sym {
	const char	*name;		/* the function's name */
	void		*slot;		/* where its address goes */
};
/*
 * F(RET, NAME, ARGS) in a list of functions: DYNLIB_MEMBER declares the
 * member NAME, a pointer to RET PREFIX##NAME ARGS; DYNLIB_CHECK fails the
 * build when the header gives PREFIX##NAME another type (the controlling
 * expression of _Generic is not evaluated, so the library is not
 * linked); DYNLIB_ENTRY is its line of a struct dynlib_sym table.
 */
#define DYNLIB_MEMBER(ret, name, args)	ret (*name) args;
#define DYNLIB_CHECK(prefix, ret, name, args) \
	_Static_assert(_Generic(&prefix##name, ret (*) args: 1, default: 0), \
	    #prefix #name ": not the type the header declares");
#define DYNLIB_ENTRY(prefix, api, name)	{ #prefix #name, &(api).name },
enum rv_status dynlib_open(const char *, const struct dynlib_sym *, char **);

/* cmd-export.c */
enum rv_status kiosk_export(const struct cmd *, struct kiosk *, const char *,
	    size_t *, char **);

/* cmd-load.c */
struct rv_package;
enum rv_status kiosk_load_package(struct kiosk *, const char *,
	    const uint8_t *, size_t, const char *, const char *,
	    struct rv_package **, int *, char **);

/* cmd-*.c */
extern const struct cmd_entry cmd_kiosk_cast_entry;
extern const struct cmd_entry cmd_kiosk_export_entry;
extern const struct cmd_entry cmd_kiosk_init_entry;
extern const struct cmd_entry cmd_kiosk_load_entry;
extern const struct cmd_entry cmd_kiosk_pledge_entry;
extern const struct cmd_entry cmd_kiosk_suggest_entry;
extern const struct cmd_entry cmd_kiosk_sync_entry;
extern const struct cmd_entry cmd_kiosk_ui_entry;

#endif /* RENOVOTE_KIOSK_H */
