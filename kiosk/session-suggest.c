/*
 * The resident's suggestion in a session (screen-suggest.c): recorded as
 * renovote-kiosk suggest records one, under the code the resident
 * identified with.
 */

#include "config.h"

#include <string.h>

#include "store.h"
#include "ui.h"

/*
 * Record the session's suggestion text for its flat and write the
 * record's receipt code into receipt (RV_RECEIPT_TEXT bytes); on success
 * the text is wiped from the session.  A suggestion is not an answer:
 * it stays off the session's receipt, whose check page is public.
 */
enum rv_status
session_record_suggestion(struct ui *ui, char *receipt, char **cause)
{
	struct session		*s = &ui->s;
	struct rv_record	 rec;
	enum rv_status		 st;

	memset(&rec, 0, sizeof rec);
	rec.type = RV_REC_SUGGESTION;
	rec.time = time_now();
	rec.flat_id = session_flat(ui)->flat_id;
	rec.text = s->suggestion;
	if ((st = kiosk_record(&ui->k, s->code.buf, &rec, receipt,
	    cause)) != RV_OK)
		return st;
	explicit_bzero(s->suggestion, sizeof s->suggestion);
	s->suggestion_len = 0;
	return RV_OK;
}
