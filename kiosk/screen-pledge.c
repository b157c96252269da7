/*
 * The willingness pledges, one per screen: the full text, an optional
 * contribution in yuan where the pledge takes one, and the signature,
 * recorded through session_record_pledge (the pledge command's path).
 */

#include "config.h"

#include <stdlib.h>

#include "ui.h"

#define PLEDGE_TYPING	1	/* ui->sub while the amount is typed */

/* Draw the pledge, the amount, and the choices. */
static void
pledge_draw(struct ui *ui)
{
	const struct rv_pledge	*g = &ui->k.plan->pledges[ui->s.pledge];
	char			 yuan[32];

	ui_title(ui, _("Willingness pledge"));
	ui_para(ui, TERM_EMPHASIS, "%s", ui_text(ui, &g->text));
	ui_gap(ui);
	if (ui->sub == PLEDGE_TYPING) {
		ui_input(ui, _("Contribution in yuan:"), &ui->field, 0);
		ui_hint(ui, _("Type the amount, Enter to accept, Esc to "
		    "cancel"));
		return;
	}
	if (ui->s.amount[ui->s.pledge] >= 0) {
		ui_money(ui->s.amount[ui->s.pledge], yuan, sizeof yuan);
		ui_para(ui, TERM_NORMAL, _("Your contribution: %s yuan."),
		    yuan);
	}
	ui_choice(ui, '1', 0, "%s", _("Sign the pledge"));
	if (g->amount)
		ui_choice(ui, '2', 0, "%s", _("Offer a contribution amount "
		    "(optional)"));
	ui_choice(ui, '3', 0, "%s", _("Do not sign"));
	ui_hint(ui, _("1 sign  3 do not sign  0 back"));
}

/* On to the next pledge, or the receipt. */
static void
pledge_next(struct ui *ui)
{
	if (ui->s.pledge + 1 < ui->k.plan->npledges) {
		ui->s.pledge++;
		ui_goto(ui, &screen_pledge);
	} else
		ui_goto(ui, &screen_receipt);
}

/* Type the amount: digits and one point; Enter checks it. */
static enum ui_result
pledge_typing_key(struct ui *ui, int key)
{
	char	*cause = NULL;
	int64_t	 fen;

	if (key == TERM_KEY_ESC) {
		ui->sub = 0;
		ui_field_clear(&ui->field);
		return UI_HANDLED;
	}
	if (key == TERM_KEY_ENTER) {
		if (ui->field.len == 0)
			fen = -1;
		else if (money_parse(ui->field.buf, &fen, &cause) != RV_OK) {
			ui_message(ui, TERM_ERROR, "✖ %s", cause);
			free(cause);
			return UI_HANDLED;
		}
		ui->s.amount[ui->s.pledge] = fen;
		ui->sub = 0;
		ui_field_clear(&ui->field);
		ui->speak = 1;
		return UI_HANDLED;
	}
	ui_field_key(&ui->field, key, "0123456789.");
	return UI_HANDLED;
}

/* Sign, type an amount, decline, or go back to the review. */
static enum ui_result
pledge_key(struct ui *ui, int key)
{
	const struct rv_pledge	*g = &ui->k.plan->pledges[ui->s.pledge];
	char			*cause = NULL;

	if (ui->sub == PLEDGE_TYPING)
		return pledge_typing_key(ui, key);
	switch (key) {
	case '1':
	case TERM_KEY_ENTER:
		if (session_record_pledge(ui, &cause) != RV_OK) {
			ui_message(ui, TERM_ERROR, "✖ %s", cause);
			free(cause);
			return UI_HANDLED;
		}
		pledge_next(ui);
		ui_message(ui, TERM_OK, "%s", _("✔ Your pledge is signed."));
		return UI_HANDLED;
	case '2':
		if (g->amount) {
			ui->sub = PLEDGE_TYPING;
			ui->speak = 1;
		}
		return UI_HANDLED;
	case '3':
		pledge_next(ui);
		ui_message(ui, TERM_OK, "%s", _("You did not sign the "
		    "pledge."));
		return UI_HANDLED;
	case '0':
	case TERM_KEY_ESC:
		if (ui->s.pledge > 0) {
			ui->s.pledge--;
			ui_goto(ui, &screen_pledge);
		} else
			ui_goto(ui, &screen_review);
		return UI_HANDLED;
	}
	return UI_UNHANDLED;
}

const struct screen screen_pledge = {
	.name = "pledge",
	.draw = pledge_draw,
	.key = pledge_key,
	.resident = 1,
};
