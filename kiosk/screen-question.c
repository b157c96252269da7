/*
 * The questions, one per screen, with the flat's current answer if it
 * has one; then the review of every answer and the confirmation that
 * records them (through session_record_answers, cast's path).
 */

#include "config.h"

#include <stdlib.h>

#include "ui.h"

/* Move the cursor to the next open question from i (or past the end). */
static size_t
question_open_from(const struct ui *ui, size_t i)
{
	while (i < ui->s.nq && !ui->s.open[i])
		i++;
	return i;
}

/* The number (from 1) of open question i among the open ones. */
static size_t
question_ordinal(const struct ui *ui, size_t i)
{
	size_t	 j, n = 0;

	for (j = 0; j <= i && j < ui->s.nq; j++)
		n += ui->s.open[j] != 0;
	return n;
}

/* Skip to the first open question, or to the review when none is. */
static void
question_enter(struct ui *ui)
{
	ui->s.question = question_open_from(ui, ui->s.question);
	ui->s.page = 0;
	if (ui->s.question >= ui->s.nq)
		ui->screen = &screen_review;
}

/* Draw the question, the current answer and the choices. */
static void
question_draw(struct ui *ui)
{
	const struct rv_question *q = &ui->k.plan->questions[ui->s.question];
	size_t			 n = question_nchoices(q), i, first, end;
	int			 c = ui->s.choice[ui->s.question];

	ui_title(ui, _("Questions"));
	ui_para(ui, TERM_EMPHASIS, _("Question %zu of %zu: %s"),
	    question_ordinal(ui, ui->s.question), session_nopen(ui),
	    ui_text(ui, &q->title));
	if (ui->s.prior[ui->s.question] >= 0)
		ui_para(ui, TERM_NORMAL, _("Your current answer: %s"),
		    session_choice_label(ui, q, ui->s.prior[ui->s.question]));
	ui_gap(ui);
	ui_page(ui, n, &first, &end);
	for (i = first; i < end; i++)
		ui_choice(ui, (int)('1' + i - first), c == (int)i, "%s",
		    session_choice_label(ui, q, (int)i));
	if (n > ui->page_size)
		/* TRANSLATORS: keep within 38 columns. */
		ui_para(ui, TERM_NORMAL, _("Page %zu of %zu · 8 next page"),
		    ui->s.page + 1, (n + ui->page_size - 1) / ui->page_size);
	ui_hint(ui, _("1-7 answer  Enter keep  0 back"));
}

/* Go to the open question after the current one, or the review. */
static void
question_next(struct ui *ui)
{
	ui->s.question = question_open_from(ui, ui->s.question + 1);
	ui_goto(ui, ui->s.question < ui->s.nq ? &screen_question :
	    &screen_review);
}

/* Answer, keep, or go back to the previous question (or the plan). */
static enum ui_result
question_key(struct ui *ui, int key)
{
	const struct rv_question *q = &ui->k.plan->questions[ui->s.question];
	size_t			 picked, i;
	int			 r;

	if (key == '0' || key == TERM_KEY_ESC) {
		for (i = ui->s.question; i > 0 && !ui->s.open[i - 1]; i--)
			;
		if (i > 0) {
			ui->s.question = i - 1;
			ui_goto(ui, &screen_question);
		} else if (ui->k.plan->nitems > 0)
			ui_goto(ui, &screen_item);
		return UI_HANDLED;
	}
	if (key == TERM_KEY_ENTER) {
		question_next(ui);
		return UI_HANDLED;
	}
	r = ui_page_key(ui, key, question_nchoices(q), &picked);
	if (r == 1) {
		ui->s.choice[ui->s.question] = (int)picked;
		/*
		 * TRANSLATORS: confirms the answer just given.  Made before
		 * the next question is shown, it is said, not shown under it.
		 */
		ui_message(ui, TERM_OK, _("✔ You chose: %s"),
		    session_choice_label(ui, q, (int)picked));
		question_next(ui);
	}
	return r >= 0 ? UI_HANDLED : UI_UNHANDLED;
}

const struct screen screen_question = {
	.name = "question",
	.enter = question_enter,
	.draw = question_draw,
	.key = question_key,
	.resident = 1,
};

/* Draw every open question with the answer that will stand. */
static void
review_draw(struct ui *ui)
{
	const struct rv_question *q;
	size_t			 i;
	int			 c, p;

	ui_title(ui, _("Review your answers"));
	if (session_nopen(ui) == 0)
		ui_para(ui, TERM_NORMAL, "%s", _("No question is open to your "
		    "flat now."));
	for (i = 0; i < ui->s.nq; i++) {
		if (!ui->s.open[i])
			continue;
		q = &ui->k.plan->questions[i];
		c = ui->s.choice[i];
		p = ui->s.prior[i];
		if (c >= 0)
			ui_para(ui, TERM_EMPHASIS, _("✎ %s: %s (new)"),
			    ui_text(ui, &q->title),
			    session_choice_label(ui, q, c));
		else if (p >= 0)
			ui_para(ui, TERM_NORMAL, _("= %s: %s (as before)"),
			    ui_text(ui, &q->title),
			    session_choice_label(ui, q, p));
		else
			ui_para(ui, TERM_NORMAL, _("- %s: no answer"),
			    ui_text(ui, &q->title));
	}
	ui_gap(ui);
	ui_choice(ui, '1', 0, "%s", _("Confirm and record my answers"));
	ui_choice(ui, '2', 0, "%s", _("Change my answers"));
	ui_hint(ui, _("1 confirm  2 change  0 back"));
}

/* Go on after the answers: the pledges, or the receipt. */
static void
review_done(struct ui *ui)
{
	ui->s.pledge = 0;
	ui_goto(ui, ui->k.plan->npledges > 0 ? &screen_pledge :
	    &screen_receipt);
}

/* Confirm (record), change (first question), or back (last question). */
static enum ui_result
review_key(struct ui *ui, int key)
{
	char	*cause = NULL;
	size_t	 done, i;

	switch (key) {
	case '1':
	case TERM_KEY_ENTER:
		if (session_record_answers(ui, &done, &cause) != RV_OK) {
			ui_message(ui, TERM_ERROR, "✖ %s", cause);
			free(cause);
			return UI_HANDLED;
		}
		review_done(ui);
		ui_message(ui, TERM_OK, _("✔ %zu answers recorded."), done);
		return UI_HANDLED;
	case '2':
		ui->s.question = 0;
		ui_goto(ui, &screen_question);
		return UI_HANDLED;
	case '0':
	case TERM_KEY_ESC:
		for (i = ui->s.nq; i > 0 && !ui->s.open[i - 1]; i--)
			;
		if (i > 0) {
			ui->s.question = i - 1;
			ui_goto(ui, &screen_question);
		}
		return UI_HANDLED;
	}
	return UI_UNHANDLED;
}

const struct screen screen_review = {
	.name = "review",
	.draw = review_draw,
	.key = review_key,
	.resident = 1,
};
