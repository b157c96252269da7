/*
 * pledge: record a flat's willingness pledge, with an optional
 * contribution amount, and print the receipt code.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "kiosk.h"
#include "store.h"

static enum rv_status cmd_kiosk_pledge_exec(struct cmd *, char **);

const struct cmd_entry cmd_kiosk_pledge_entry = {
	.name = "pledge",
	.options = "db:,estate:,flat:,code:,code-file:,pledge:,amount:",
	.minargs = 0,
	.maxargs = 0,
	.usage = N_("[--db FILE] [--estate ID] --flat FLAT [--code - | "
	    "--code-file FILE] --pledge P [--amount YUAN]"),
	.help = N_("Record the flat's willingness pledge P, with the "
	    "contribution in yuan it\noffers if the pledge takes one, and "
	    "print its receipt code.  The voting code is read as cast reads "
	    "it."),
	.exec = cmd_kiosk_pledge_exec,
};

/* Check, identify, record, print the receipt; wipe the code on every path. */
static enum rv_status
cmd_kiosk_pledge_exec(struct cmd *c, char **cause)
{
	struct rv_record rec;
	char		 code[RV_SECRET_LINE];
	const char	*flat, *pledge;
	const char	*amount = cmd_get(c, "amount");
	char		*why = NULL;
	int64_t		 fen = -1;
	enum rv_status	 st;

	/* The code first: one given in argv is refused before anything. */
	if ((st = kiosk_code_read(c, code, sizeof code, cause)) != RV_OK ||
	    (st = cmd_require(c, "flat", &flat, cause)) != RV_OK ||
	    (st = cmd_require(c, "pledge", &pledge, cause)) != RV_OK)
		goto out;
	if (amount != NULL && money_parse(amount, &fen, &why) != RV_OK) {
		st = rv_fail(cause, RV_EUSAGE, "--amount: %s", why);
		free(why);
		goto out;
	}
	memset(&rec, 0, sizeof rec);
	rec.type = RV_REC_PLEDGE;
	rec.subject_id = (char *)pledge;
	rec.flat_id = (char *)flat;
	rec.amount_fen = fen;
	st = kiosk_record_command(c, code, &rec, cause);
out:
	/* Leave no copy of the code in this process. */
	explicit_bzero(code, sizeof code);
	return st;
}
