/*
 * "What does this mean?": key 9 on a screen that shows terms of the
 * glossary (the screen named them with ui_explain) opens this screen,
 * which explains each of them in plain words (glossary.c) and is read
 * aloud in guided mode like any other.  0, Esc or Enter go back to the
 * screen it came from; 9 here repeats the speech.
 */

#include "config.h"

#include "ui.h"

/*
 * Open the explanation of the terms the current frame showed, to return
 * to the current screen.  The code screen types 9 into the code, so a
 * screen that names no term but is the code screen gets its own terms
 * through '?'.
 */
void
explain_open(struct ui *ui)
{
	unsigned	 terms = ui->explain;

	if (terms == 0 && ui->screen == &screen_code)
		terms = GLOSS_CODE | GLOSS_PIN;
	if (terms == 0)
		return;
	ui->explaining = terms;
	ui->explained = ui->screen;
	ui_goto(ui, &screen_explain);
}

/* Draw every term of the screen we came from, in the glossary's order. */
static void
explain_draw(struct ui *ui)
{
	ui_title(ui, _("What does this mean?"));
	glossary_explain(ui, ui->explaining);
	/* TRANSLATORS: keep within 38 columns with "  8 more". */
	ui_hint(ui, _("0 back  9 repeat"));
}

/* Back to the screen we came from. */
static enum ui_result
explain_key(struct ui *ui, int key)
{
	const struct screen *back = ui->explained;

	if (key == '0' || key == TERM_KEY_ESC || key == TERM_KEY_ENTER) {
		ui->explaining = 0;
		ui->explained = NULL;
		ui_goto(ui, back != NULL ? back : &screen_welcome);
		return UI_HANDLED;
	}
	return UI_UNHANDLED;
}

const struct screen screen_explain = {
	.name = "explain",
	.draw = explain_draw,
	.key = explain_key,
	.resident = 1,
};
