/*
 * suggest: record a resident's suggestion in the needs survey (征求意见)
 * exactly as the resident interface would, and print the receipt code.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "kiosk.h"
#include "store.h"

/* Bytes read from --text-file: enough to say how much too long it is. */
#define SUGGEST_FILE_MAX	RV_TEXT_MAX

static enum rv_status cmd_kiosk_suggest_exec(struct cmd *, char **);

const struct cmd_entry cmd_kiosk_suggest_entry = {
	.name = "suggest",
	.options = "db:,estate:,flat:,code:,code-file:,text-file:,taken-by:",
	.minargs = 0,
	.maxargs = 0,
	.usage = N_("[--db FILE] [--estate ID] --flat FLAT [--code - | "
	    "--code-file FILE] --text-file FILE [--taken-by NAME]"),
	.help = N_("Record the flat's suggestion for the plan (the needs "
	    "survey) from FILE and\nprint its receipt code: 1 to 600 bytes "
	    "of UTF-8, newlines allowed, no other\ncontrol characters; "
	    "newlines at its end are dropped.  A suggestion dictated to\na "
	    "committee member names them with --taken-by, one of the plan's "
	    "committee.\nThe voting code is read as cast reads it.  "
	    "Suggestions are for the committee\nand the office only, never "
	    "published."),
	.exec = cmd_kiosk_suggest_exec,
};

/*
 * Read the suggestion from path into *out (allocated), without the
 * newlines that end a text file.  A NUL byte is refused here; every
 * other rule is vote_check_suggestion's.
 */
static enum rv_status
suggest_text_read(const char *path, char **out, char **cause)
{
	size_t		 len;
	enum rv_status	 st;

	if ((st = file_read(path, SUGGEST_FILE_MAX, out, &len,
	    cause)) != RV_OK)
		return st;
	if (memchr(*out, '\0', len) != NULL) {
		free(*out);
		*out = NULL;
		return rv_fail(cause, RV_EINPUT, _("%s: the suggestion contains "
		    "a NUL byte"), path);
	}
	while (len > 0 && (*out)[len - 1] == '\n')
		(*out)[--len] = '\0';
	return RV_OK;
}

/* Check, identify, record, print the receipt; wipe the code on every path. */
static enum rv_status
cmd_kiosk_suggest_exec(struct cmd *c, char **cause)
{
	struct rv_record rec;
	char		 code[RV_SECRET_LINE];
	const char	*flat, *path, *taken_by = NULL;
	char		*text = NULL;
	enum rv_status	 st;

	/* The code first: one given in argv is refused before anything. */
	if ((st = kiosk_code_read(c, code, sizeof code, cause)) != RV_OK ||
	    (st = cmd_require(c, "flat", &flat, cause)) != RV_OK ||
	    (st = cmd_require(c, "text-file", &path, cause)) != RV_OK ||
	    (st = cmd_text(c, "taken-by", RV_NAME_MAX, 0, &taken_by,
	    cause)) != RV_OK ||
	    (st = suggest_text_read(path, &text, cause)) != RV_OK)
		goto out;
	memset(&rec, 0, sizeof rec);
	rec.type = RV_REC_SUGGESTION;
	rec.flat_id = (char *)flat;
	rec.text = text;
	rec.actor = (char *)taken_by;
	st = kiosk_record_command(c, code, &rec, cause);
out:
	free(text);
	/* Leave no copy of the code in this process. */
	explicit_bzero(code, sizeof code);
	return st;
}
