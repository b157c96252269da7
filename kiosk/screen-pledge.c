/*
 * The willingness pledges, one per screen: the full text, the flat's
 * total for the whole plan, an optional contribution in yuan where the
 * pledge takes one, and the signature, recorded through
 * session_record_pledge (the pledge command's path).
 *
 * An amount is checked before it is taken: above PLEDGE_MAX_FEN it is
 * refused; above the flat's own total for the plan (or PLEDGE_ASK_FEN
 * when that total is smaller) it is shown back and taken only when the
 * resident confirms it with 1; 0 types it again.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ui.h"

#define PLEDGE_TYPING	1	/* ui->sub while the amount is typed */
#define PLEDGE_CONFIRM	2	/* ... while a large amount is confirmed */

#define PLEDGE_ASK_FEN	(10000LL * 100)		/* 10,000 yuan: confirm */
#define PLEDGE_MAX_FEN	(1000000LL * 100)	/* 1,000,000 yuan: refuse */
#define PLEDGE_DIGITS_MAX 7	/* integer digits: more is over the limit */

/* The amount above which a pledge is confirmed: the flat's total. */
static int64_t
pledge_ask_fen(const struct ui *ui)
{
	struct session_cost	 c;

	session_cost(ui, NULL, &c);
	return c.mine > PLEDGE_ASK_FEN ? c.mine : PLEDGE_ASK_FEN;
}

/*
 * Read the amount typed: 0 and *fen, 1 when it is over PLEDGE_MAX_FEN
 * (or too long to read), -1 when it is not an amount.
 */
static int
pledge_parse(const char *s, int64_t *fen)
{
	const char	*d = s + strspn(s, "0");	/* leading zeros */
	char		*cause = NULL;

	if (strcspn(d, ".") > PLEDGE_DIGITS_MAX &&
	    strspn(d, "0123456789.") == strlen(d))
		return 1;
	if (money_parse(s, fen, &cause) != RV_OK) {
		free(cause);
		return -1;
	}
	return *fen > PLEDGE_MAX_FEN;
}

/* Draw the confirmation of a large amount: 1 takes it, 0 types again. */
static void
pledge_confirm_draw(struct ui *ui)
{
	struct session_cost	 c;
	char			 yuan[32], total[32];
	int64_t			 fen = 0;

	if (pledge_parse(ui->field.buf, &fen) != 0)
		fen = 0;
	session_cost(ui, NULL, &c);
	ui_money(fen, yuan, sizeof yuan);
	ui_money(c.mine, total, sizeof total);
	/* TRANSLATORS: the amount on a line of its own. */
	ui_para(ui, TERM_EMPHASIS, _("You typed %s yuan. Is that right?"),
	    yuan);
	ui_choice(ui, '1', 0, "%s", _("Yes, that is right"));
	ui_choice(ui, '0', 0, "%s", _("No, type it again"));
	if (fen > c.mine)
		ui_para(ui, TERM_NORMAL, _("That is more than your flat's "
		    "share of the whole plan (about %s yuan)."), total);
	ui_hint(ui, _("1 yes  0 type again"));
}

/* Draw the pledge, the amount, and the choices. */
static void
pledge_draw(struct ui *ui)
{
	const struct rv_pledge	*g = &ui->k.plan->pledges[ui->s.pledge];
	struct session_cost	 c;
	char			 yuan[32], total[32];

	ui_title(ui, _("Willingness pledge"));
	ui_para(ui, TERM_EMPHASIS, "%s", ui_text(ui, &g->text));
	session_cost(ui, NULL, &c);
	ui_money(c.mine, total, sizeof total);
	ui_para(ui, TERM_NORMAL, _("Your flat in all: about %s yuan"), total);
	ui_gap(ui);
	if (ui->sub == PLEDGE_CONFIRM) {
		pledge_confirm_draw(ui);
		return;
	}
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
	ui_explain(ui, GLOSS_SHARE);
	ui_hint(ui, _("1 sign  3 do not sign  9 explain"));
}

/* On to the next pledge, or the suggestion. */
static void
pledge_next(struct ui *ui)
{
	if (ui->s.pledge + 1 < ui->k.plan->npledges) {
		ui->s.pledge++;
		ui_goto(ui, &screen_pledge);
	} else
		ui_goto(ui, &screen_suggest);
}

/* Confirm a large amount (1) or type it again (0, Esc). */
static enum ui_result
pledge_confirm_key(struct ui *ui, int key)
{
	int64_t	 fen;

	if (key == '1') {
		if (pledge_parse(ui->field.buf, &fen) == 0)
			ui->s.amount[ui->s.pledge] = fen;
		ui->sub = 0;
		ui_field_clear(&ui->field);
		ui->speak = 1;
		return UI_HANDLED;
	}
	if (key == '0' || key == TERM_KEY_ESC) {
		ui->sub = PLEDGE_TYPING;
		ui_field_clear(&ui->field);
		ui->speak = 1;
		return UI_HANDLED;
	}
	return UI_UNHANDLED;
}

/*
 * Type the amount: digits and one point; Enter checks it (refused over
 * PLEDGE_MAX_FEN, confirmed over pledge_ask_fen).
 */
static enum ui_result
pledge_typing_key(struct ui *ui, int key)
{
	char	 yuan[32];
	int64_t	 fen;
	int	 r;

	if (key == TERM_KEY_ESC) {
		ui->sub = 0;
		ui_field_clear(&ui->field);
		return UI_HANDLED;
	}
	if (key == TERM_KEY_ENTER) {
		fen = -1;
		if (ui->field.len > 0 &&
		    (r = pledge_parse(ui->field.buf, &fen)) != 0) {
			ui_field_clear(&ui->field);
			ui_money(PLEDGE_MAX_FEN, yuan, sizeof yuan);
			if (r > 0)
				ui_message(ui, TERM_ERROR, _("✖ That is more "
				    "than a flat may pledge: at most %s yuan."),
				    yuan);
			else
				ui_message(ui, TERM_ERROR, "%s", _("✖ Type an "
				    "amount in yuan, e.g. 1200 or 35.50."));
			return UI_HANDLED;
		}
		if (fen > pledge_ask_fen(ui)) {
			ui->sub = PLEDGE_CONFIRM;
			ui->speak = 1;
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
	if (ui->sub == PLEDGE_CONFIRM)
		return pledge_confirm_key(ui, key);
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
