/*
 * Your suggestion (您的建议): after the questions and pledges, before the
 * receipt, a resident may leave a short suggestion for the committee in
 * the needs survey (征求意见), or skip it with one key.  Typing takes
 * every character the terminal delivers (term_key reads wide characters,
 * so an input method's Chinese arrives whole), up to RV_SUGGESTION_MAX
 * bytes, with the bytes left shown.  The text is recorded like an answer
 * under the resident's code; it is never published.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ui.h"

/* The screen's inner steps (ui->sub). */
enum suggest_step {
	SUGGEST_OFFER,		/* write one, or skip */
	SUGGEST_TYPING		/* the text being typed */
};

/* Go on to the receipt, saying what became of the suggestion. */
static void
suggest_leave(struct ui *ui, enum term_elem e, const char *said)
{
	ui_goto(ui, &screen_receipt);
	ui_message(ui, e, "%s", said);
}

/* Offer to write a suggestion, or show the text being typed. */
static void
suggest_draw(struct ui *ui)
{
	const struct session	*s = &ui->s;

	/* TRANSLATORS: a screen title; keep within 30 columns. */
	ui_title(ui, _("Your suggestion"));
	if (ui->sub == SUGGEST_OFFER) {
		ui_para(ui, TERM_NORMAL, "%s", _("Do you have a suggestion "
		    "for the renovation? The committee reads every one; it "
		    "is never published."));
		ui_gap(ui);
		ui_choice(ui, '1', 0, "%s", _("Write a suggestion"));
		ui_choice(ui, '2', 0, "%s", _("No suggestion, finish"));
		ui_hint(ui, _("1 write  2 skip"));
		return;
	}
	ui_para(ui, TERM_NORMAL, "%s", _("Type your suggestion (Chinese "
	    "with the input method). Enter records it; Esc goes back."));
	ui_gap(ui);
	ui_para(ui, TERM_EMPHASIS, "%s_", s->suggestion);
	ui_para(ui, TERM_STATUS, _("%zu bytes left"),
	    (size_t)RV_SUGGESTION_MAX - s->suggestion_len);
	ui_hint(ui, _("Enter record  Esc back"));
}

/*
 * Take a typed key into the text: Backspace deletes a character; a
 * control character (C0, DEL, C1) is refused, as is one that would make
 * the text longer than RV_SUGGESTION_MAX bytes.
 */
static void
suggest_type(struct ui *ui, int key)
{
	struct session	*s = &ui->s;
	char		 enc[4];
	size_t		 n;

	if (key == TERM_KEY_BACKSPACE) {
		ui_utf8_backspace(s->suggestion, &s->suggestion_len);
		return;
	}
	if (key < 0x20 || (key >= 0x7f && key <= 0x9f)) {
		term_beep();
		return;
	}
	n = ui_utf8_encode(key, enc);
	if (s->suggestion_len + n > RV_SUGGESTION_MAX) {
		term_beep();
		ui_message(ui, TERM_WARN, _("✖ That is all there is room for: "
		    "%d bytes."), RV_SUGGESTION_MAX);
		return;
	}
	memcpy(s->suggestion + s->suggestion_len, enc, n);
	s->suggestion_len += n;
	s->suggestion[s->suggestion_len] = '\0';
}

/* Record the text (Enter), go back to the offer (Esc), or type. */
static enum ui_result
suggest_typing_key(struct ui *ui, int key)
{
	char	 receipt[RV_RECEIPT_TEXT], *cause = NULL, *said;

	if (key == TERM_KEY_ESC) {
		ui->sub = SUGGEST_OFFER;
		ui->speak = 1;
		return UI_HANDLED;
	}
	if (key == TERM_KEY_ENTER) {
		if (ui->s.suggestion_len == 0) {
			ui_message(ui, TERM_ERROR, "%s", _("✖ Type your "
			    "suggestion first, or press Esc."));
			return UI_HANDLED;
		}
		if (session_record_suggestion(ui, receipt, &cause) != RV_OK) {
			ui_message(ui, TERM_ERROR, "✖ %s", cause);
			free(cause);
			return UI_HANDLED;
		}
		xasprintf(&said, _("✔ Your suggestion is recorded for the "
		    "committee (receipt %s)."), receipt);
		suggest_leave(ui, TERM_OK, said);
		free(said);
		return UI_HANDLED;
	}
	/* Scrolling, resizing and quitting stay the loop's. */
	if (key >= TERM_KEY_BASE && key != TERM_KEY_BACKSPACE)
		return UI_UNHANDLED;
	suggest_type(ui, key);
	return UI_HANDLED;
}

/* Write (1, Enter) or skip (2, 0, Esc). */
static enum ui_result
suggest_key(struct ui *ui, int key)
{
	if (ui->sub == SUGGEST_TYPING)
		return suggest_typing_key(ui, key);
	switch (key) {
	case '1':
	case TERM_KEY_ENTER:
		ui->sub = SUGGEST_TYPING;
		ui->speak = 1;
		return UI_HANDLED;
	case '2':
	case '0':
	case TERM_KEY_ESC:
		suggest_leave(ui, TERM_OK, _("You left no suggestion."));
		return UI_HANDLED;
	}
	return UI_UNHANDLED;
}

/* Start at the offer; a text typed before stays until recorded. */
static void
suggest_enter(struct ui *ui)
{
	ui->sub = SUGGEST_OFFER;
}

const struct screen screen_suggest = {
	.name = "suggest",
	.enter = suggest_enter,
	.draw = suggest_draw,
	.key = suggest_key,
	.resident = 1,
};
