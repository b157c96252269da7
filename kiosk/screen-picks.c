/*
 * A choose-many or rank question: the resident picks options one key at
 * a time and confirms them.  For choose-many a key puts an option on or
 * takes it off, up to the question's maximum, and the screen says how
 * many are picked and how many more may be; for rank each key gives the
 * next place, the order so far is shown ("1. A, 2. B"), and a key takes
 * the last pick back.  The picks are kept in the session as an answer
 * code (ui->s.draft, choice.c) until confirmed; confirming takes them
 * as the answer, with no pick as abstain, and goes on like any question.
 */

#include "config.h"

#include <stdlib.h>

#include "ui.h"

/* The keys after the options: undo (rank only), then confirm. */
static size_t
picks_nkeys(const struct rv_question *q)
{
	return q->noptions + (q->kind == RV_RANK ? 2 : 1);
}

/* A ranking so far with its places, "1. A, 2. B".  Free the result. */
static char *
picks_order(const struct ui *ui, const struct rv_question *q, uint32_t d)
{
	int	 picks[RV_OPTIONS_MAX], n, i;
	char	*s = NULL, *t, *place;

	n = choice_picks(q, d, picks);
	for (i = 0; i < n; i++) {
		/* TRANSLATORS: a place of a ranking and its option. */
		xasprintf(&place, _("%d. %s"), i + 1,
		    ui_text(ui, &q->options[picks[i]].title));
		xasprintf(&t, "%s%s%s", s != NULL ? s : "", s != NULL ?
		    _(", ") : "", place);
		free(place);
		free(s);
		s = t;
	}
	return s != NULL ? s : xstrdup("");
}

/*
 * The line under the question: for choose-many how many options are
 * picked and how many more may be; for rank the order so far and the
 * places left.
 */
static void
picks_status(struct ui *ui, const struct rv_question *q, uint32_t d, int n)
{
	char	*a, *b, *w;
	int	 left = q->max - n;

	if (q->kind == RV_CHOOSE_MANY) {
		/* TRANSLATORS: "已选 2 项" (the first half of a line). */
		xasprintf(&a, P_("%d option picked", "%d options picked", n),
		    n);
		if (left == 0)
			/* TRANSLATORS: "不能再选了" (the second half). */
			b = xstrdup(_("you can pick no more"));
		else
			/* TRANSLATORS: "还可选 1 项" (the second half). */
			xasprintf(&b, P_("you can pick %d more",
			    "you can pick %d more", left), left);
		/* TRANSLATORS: joins the two halves: "已选 2 项，还可选 1 项". */
		ui_para(ui, TERM_EMPHASIS, _("%s, %s"), a, b);
		free(a);
		free(b);
		return;
	}
	if (n == 0)
		ui_para(ui, TERM_EMPHASIS, "%s", _("Press first the option you "
		    "want most."));
	else {
		w = picks_order(ui, q, d);
		ui_para(ui, TERM_EMPHASIS, _("Your order: %s"), w);
		free(w);
	}
	ui_para(ui, TERM_NORMAL, P_("%d place left", "%d places left", left),
	    left);
}

/*
 * Draw the question, the flat's earlier answer, the count or order of
 * the picks, and the keys: the options (a mark on those picked), undo
 * for rank, and confirm.
 */
static void
picks_draw(struct ui *ui)
{
	const struct rv_question *q = &ui->k.plan->questions[ui->s.question];
	uint32_t		 d = ui->s.draft[ui->s.question];
	int			 picks[RV_OPTIONS_MAX], n, *marked;
	size_t			 nkeys = picks_nkeys(q), i, first, end;
	char			**labels;

	n = choice_picks(q, d, picks);
	screen_question_head(ui, q);
	screen_question_prior(ui, q);
	picks_status(ui, q, d, n);
	labels = xcalloc(nkeys, sizeof *labels);
	marked = xcalloc(nkeys, sizeof *marked);
	for (i = 0; i < q->noptions; i++) {
		labels[i] = xstrdup(ui_text(ui, &q->options[i].title));
		marked[i] = choice_place(q, d, (int)i) != 0;
	}
	if (q->kind == RV_RANK)
		labels[i++] = xstrdup(_("Undo the last pick"));
	labels[i] = xstrdup(n > 0 ? _("Confirm these picks") :
	    _("Confirm with no option (abstain)"));
	screen_question_page(ui, labels, nkeys, &first, &end);
	screen_question_choices(ui, labels, nkeys, first, end, marked);
	strv_free(labels, nkeys);
	free(marked);
	/* TRANSLATORS: keep within 32 columns ("  8 more" follows). */
	ui_hint(ui, _("1-7 pick  Enter confirm  0 back"));
}

/*
 * Option o pressed: on or off for choose-many, the next place for rank;
 * refused with a message beyond the maximum or for a place taken.
 */
static void
picks_toggle(struct ui *ui, const struct rv_question *q, int o)
{
	uint32_t	*d = &ui->s.draft[ui->s.question];
	int		 picks[RV_OPTIONS_MAX], n = choice_picks(q, *d, picks);
	int		 place = choice_place(q, *d, o);
	const char	*title = ui_text(ui, &q->options[o].title);

	if (place != 0 && q->kind == RV_CHOOSE_MANY) {
		*d = choice_remove(q, *d, o);
		ui_message(ui, TERM_OK, _("✔ Taken off: %s"), title);
	} else if (place != 0) {
		term_beep();
		ui_message(ui, TERM_WARN, _("✖ %s already has place %d. To "
		    "change the order, undo the last pick."), title, place);
	} else if (n >= q->max && q->kind == RV_CHOOSE_MANY) {
		term_beep();
		ui_message(ui, TERM_WARN, P_("✖ You can pick at most %d "
		    "option. Press a picked option again to take it off.",
		    "✖ You can pick at most %d options. Press a picked option "
		    "again to take it off.", q->max), q->max);
	} else if (n >= q->max) {
		term_beep();
		ui_message(ui, TERM_WARN, P_("✖ The %d place is taken. Undo "
		    "the last pick to change it.", "✖ All %d places are "
		    "taken. Undo the last pick to change them.", q->max),
		    q->max);
	} else if (q->kind == RV_CHOOSE_MANY) {
		*d = choice_add(q, *d, o);
		ui_message(ui, TERM_OK, _("✔ Picked: %s"), title);
	} else {
		*d = choice_add(q, *d, o);
		ui_message(ui, TERM_OK, _("✔ Place %d: %s"), n + 1, title);
	}
}

/* Take the last place of a ranking back. */
static void
picks_undo(struct ui *ui, const struct rv_question *q)
{
	uint32_t	*d = &ui->s.draft[ui->s.question];
	int		 picks[RV_OPTIONS_MAX], n = choice_picks(q, *d, picks);

	if (n == 0) {
		term_beep();
		ui_message(ui, TERM_WARN, "%s", _("✖ Nothing to undo: no "
		    "option has a place yet."));
		return;
	}
	*d = choice_remove(q, *d, picks[n - 1]);
	ui_message(ui, TERM_OK, _("✔ Taken back: %s"),
	    ui_text(ui, &q->options[picks[n - 1]].title));
}

/*
 * A key: an option, undo or confirm; Enter confirms the picks (with
 * none it goes on and leaves the question unanswered, as on any other
 * question); 0 goes back.
 */
static enum ui_result
picks_key(struct ui *ui, int key)
{
	const struct rv_question *q = &ui->k.plan->questions[ui->s.question];
	uint32_t		 d = ui->s.draft[ui->s.question];
	size_t			 picked;
	int			 r;

	if (screen_question_move(ui, key, d != 0 ? (int)d : -1))
		return UI_HANDLED;
	r = ui_page_key(ui, key, picks_nkeys(q), &picked);
	if (r != 1)
		return r == 0 ? UI_HANDLED : UI_UNHANDLED;
	if (picked < q->noptions)
		picks_toggle(ui, q, (int)picked);
	else if (picked + 1 < picks_nkeys(q))
		picks_undo(ui, q);
	else
		screen_question_answer(ui, q, (int)d);
	return UI_HANDLED;
}

const struct screen screen_picks = {
	.name = "picks",
	.draw = picks_draw,
	.key = picks_key,
	.resident = 1,
};
