/*
 * cast: record an answer exactly as the resident interface would, and
 * print the receipt code.
 */

#include "config.h"

#include <string.h>

#include "kiosk.h"
#include "store.h"

static enum rv_status cmd_kiosk_cast_exec(struct cmd *, char **);

const struct cmd_entry cmd_kiosk_cast_entry = {
	.name = "cast",
	.options = "db:,estate:,flat:,code:,code-file:,question:,choice:,"
	    "proxy:,witness:",
	.minargs = 0,
	.maxargs = 0,
	.usage = N_("[--db FILE] [--estate ID] --flat FLAT [--code - | "
	    "--code-file FILE] --question Q --choice C [--proxy NAME "
	    "--witness NAME]"),
	.help = N_("Record the flat's answer to question Q and print its "
	    "receipt code.  C is\nagree, disagree or abstain, or an option "
	    "id of a choose-one question.  The\ncode, the question's "
	    "opening hours and scope are checked first; five wrong\ncodes "
	    "lock the flat for 15 minutes.  An answer given by an owner's "
	    "written\nproxy names the proxy holder and the committee member "
	    "who checked it.\nThe voting code is typed at the prompt, or read "
	    "from standard input (--code -)\nor a file (--code-file); never "
	    "on the command line."),
	.exec = cmd_kiosk_cast_exec,
};

/* Check, identify, record, print the receipt; wipe the code on every path. */
static enum rv_status
cmd_kiosk_cast_exec(struct cmd *c, char **cause)
{
	struct rv_record rec;
	char		 code[RV_SECRET_LINE];
	const char	*flat, *question, *choice;
	const char	*proxy = cmd_get(c, "proxy"), *witness = cmd_get(c,
	    "witness");
	enum rv_status	 st;

	/* The code first: one given in argv is refused before anything. */
	if ((st = kiosk_code_read(c, code, sizeof code, cause)) != RV_OK ||
	    (st = cmd_require(c, "flat", &flat, cause)) != RV_OK ||
	    (st = cmd_require(c, "question", &question, cause)) != RV_OK ||
	    (st = cmd_require(c, "choice", &choice, cause)) != RV_OK)
		goto out;
	if ((proxy == NULL) != (witness == NULL) ||
	    (proxy != NULL && (*proxy == '\0' || *witness == '\0' ||
	    strlen(proxy) > RV_NAME_MAX || strlen(witness) > RV_NAME_MAX))) {
		st = rv_fail(cause, RV_EUSAGE, "cast: a proxy answer needs "
		    "both --proxy (the holder) and --witness (the committee "
		    "member)");
		goto out;
	}
	memset(&rec, 0, sizeof rec);
	rec.type = RV_REC_ANSWER;
	rec.subject_id = (char *)question;
	rec.flat_id = (char *)flat;
	rec.choice = (char *)choice;
	rec.actor = (char *)proxy;
	rec.witness = (char *)witness;
	st = kiosk_record_command(c, code, &rec, cause);
out:
	/* Leave no copy of the code in this process. */
	explicit_bzero(code, sizeof code);
	return st;
}
