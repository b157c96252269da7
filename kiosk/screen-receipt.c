/*
 * The receipt: each receipt code of the session with a QR code linking
 * to the street office's receipt check page (BASE/r/RECEIPT).  A key
 * shows the next; after the last, or at the idle time-out, everything of
 * the resident is wiped and the screen cleared.
 */

#include "config.h"

#include <stdlib.h>

#include "ui.h"

#define RECEIPT_QUIET	2	/* modules of quiet zone around the code */

/* Draw the receipt under the cursor and its QR code when it fits. */
static void
receipt_draw(struct ui *ui)
{
	struct rv_qr	*qr = NULL;
	char		*url = NULL, *cause = NULL;
	const char	*code;
	int		 y, avail, h;

	ui_title(ui, _("Your receipt"));
	if (ui->s.nreceipts == 0) {
		ui_para(ui, TERM_NORMAL, "%s", _("Nothing was recorded this "
		    "time."));
		ui_choice(ui, '1', 0, "%s", _("Finish"));
		ui_hint(ui, _("1 finish"));
		return;
	}
	code = ui->s.receipts[ui->s.shown];
	ui_para(ui, TERM_NORMAL, _("Receipt %zu of %zu:"), ui->s.shown + 1,
	    ui->s.nreceipts);
	ui_para(ui, TERM_EMPHASIS, "  %s", code);
	if (session_receipt_url(ui, code, &url, &cause) != RV_OK || url == NULL) {
		free(cause);
		ui_para(ui, TERM_NORMAL, "%s", _("This kiosk has no office "
		    "address, so there is no QR code: check the receipt code "
		    "at the street office."));
	} else if (qr_make(url, &qr, &cause) != RV_OK) {
		ui_para(ui, TERM_ERROR, "✖ %s", cause);
		free(cause);
	} else {
		h = (qr->width + 2 * RECEIPT_QUIET + 1) / 2;
		/* A cut code does not scan: draw it whole or not at all. */
		if (h > ui_room(ui) || qr->width + 2 * RECEIPT_QUIET + 1 >
		    ui->cols || (y = ui_reserve(ui, h, &avail)) < 0 ||
		    term_qr(y, 1, qr, RECEIPT_QUIET) < 0)
			ui_para(ui, TERM_NORMAL, _("The screen is too small "
			    "for the QR code; the check page is %s"), url);
	}
	ui_para(ui, TERM_NORMAL, "%s", _("With this code you can check at "
	    "the street office that your answer was counted."));
	ui_choice(ui, '1', 0, "%s", ui->s.shown + 1 < ui->s.nreceipts ?
	    _("Next receipt") : _("Finish"));
	ui_hint(ui, _("1 next"));
	qr_free(qr);
	free(url);
}

/* Any key: the next receipt, and after the last the end of the session. */
static enum ui_result
receipt_key(struct ui *ui, int key)
{
	if (key == 'L' || key == 'l' || key == '9' || key == 'H' ||
	    key == 'h')
		return UI_UNHANDLED;
	if (ui->s.shown + 1 < ui->s.nreceipts) {
		ui->s.shown++;
		ui->speak = 1;
		return UI_HANDLED;
	}
	ui_reset(ui);
	ui_message(ui, TERM_OK, "%s", _("Thank you. Everything you entered "
	    "has been cleared."));
	return UI_HANDLED;
}

const struct screen screen_receipt = {
	.name = "receipt",
	.draw = receipt_draw,
	.key = receipt_key,
	.resident = 1,
};
