/*
 * office info: who issues the notices (公示) and where owners raise
 * objections.  A notice on the board must name the street office, its
 * address, a telephone number, and the place and hours for objections;
 * they are kept in the office database (meta office_*) so that every
 * publish prints the same.  Without options the command prints them.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "office.h"
#include "store.h"
#include "web-int.h"

#define OFFICE_INFO_MAX	200	/* bytes of one field */

static enum rv_status cmd_office_info_exec(struct cmd *, char **);

const struct cmd_entry cmd_office_info_entry = {
	.name = "office info",
	.options = "db:,name:,address:,phone:,objection-place:,"
	    "objection-hours:",
	.minargs = 0,
	.maxargs = 0,
	.usage = N_("[--db FILE] [--name TEXT] [--address TEXT] [--phone TEXT] "
	    "[--objection-place TEXT] [--objection-hours TEXT]"),
	.help = N_("Set who issues the notices and where and when owners may "
	    "object; the notices\nprint them.  Without options, print what is "
	    "set."),
	.exec = cmd_office_info_exec,
};

/* The fields: option name and meta key, in the order they are printed. */
static const struct {
	const char	*option;
	const char	*meta;
} office_fields[] = {
	{ "name", NOTICE_META_NAME },
	{ "address", NOTICE_META_ADDRESS },
	{ "phone", NOTICE_META_PHONE },
	{ "objection-place", NOTICE_META_PLACE },
	{ "objection-hours", NOTICE_META_HOURS },
};
#define OFFICE_NFIELDS	(sizeof office_fields / sizeof office_fields[0])

/*
 * Read the notice's office details from meta into o; a field not set is
 * NULL.  Inside the caller's transaction; free with notice_office_clear.
 */
enum rv_status
notice_office_read(struct store *s, struct notice_office *o, char **cause)
{
	char		**field[OFFICE_NFIELDS] = { &o->name, &o->address,
			    &o->phone, &o->place, &o->hours };
	size_t		 i;
	enum rv_status	 st = RV_OK;

	memset(o, 0, sizeof *o);
	for (i = 0; i < OFFICE_NFIELDS && st == RV_OK; i++)
		st = store_meta_get(s, office_fields[i].meta, field[i], cause);
	if (st != RV_OK)
		notice_office_clear(o);
	return st;
}

/* Free what notice_office_read filled in. */
void
notice_office_clear(struct notice_office *o)
{
	free(o->name);
	free(o->address);
	free(o->phone);
	free(o->place);
	free(o->hours);
	memset(o, 0, sizeof *o);
}

/* Set the given fields in one transaction, or print them all. */
static enum rv_status
cmd_office_info_exec(struct cmd *c, char **cause)
{
	struct store		*s = NULL;
	struct notice_office	 o;
	const char		*value[OFFICE_NFIELDS];
	size_t			 i, nset = 0;
	enum rv_status		 st;

	for (i = 0; i < OFFICE_NFIELDS; i++) {
		if ((st = cmd_text(c, office_fields[i].option, OFFICE_INFO_MAX,
		    0, &value[i], cause)) != RV_OK)
			return st;
		nset += value[i] != NULL;
	}
	if ((st = cmd_open_store(c, &s, cause)) != RV_OK)
		return st;
	if (nset > 0) {
		if ((st = store_begin(s, cause)) != RV_OK)
			goto out;
		for (i = 0; i < OFFICE_NFIELDS && st == RV_OK; i++)
			if (value[i] != NULL)
				st = store_meta_put(s, office_fields[i].meta,
				    value[i], cause);
		if (st == RV_OK)
			st = store_commit(s, cause);
		goto out;
	}
	if ((st = store_begin_read(s, cause)) != RV_OK ||
	    (st = notice_office_read(s, &o, cause)) != RV_OK)
		goto out;
	store_rollback(s);
	printf("name: %s\naddress: %s\nphone: %s\nobjection-place: %s\n"
	    "objection-hours: %s\n", o.name ? o.name : "", o.address ?
	    o.address : "", o.phone ? o.phone : "", o.place ? o.place : "",
	    o.hours ? o.hours : "");
	notice_office_clear(&o);
out:
	cmd_close_store(s);
	return st;
}
