/*
 * The questions, one per screen, with the flat's current answer if it
 * has one; then the review of every answer and the confirmation that
 * records them (through session_record_answers, cast's path).  Approve,
 * choose-one and rating questions take one key; choose-many and rank
 * questions are asked on screen_picks (screen-picks.c), which this
 * screen hands them to on entry.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

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

/*
 * Skip to the first open question, or to the review when none is; a
 * question with several picks is asked on screen_picks.
 */
static void
question_enter(struct ui *ui)
{
	enum rv_kind	 k;

	ui->s.question = question_open_from(ui, ui->s.question);
	ui->s.page = 0;
	if (ui->s.question >= ui->s.nq) {
		ui->screen = &screen_review;
		return;
	}
	k = ui->k.plan->questions[ui->s.question].kind;
	if (k == RV_CHOOSE_MANY || k == RV_RANK)
		ui->screen = &screen_picks;
}

/*
 * How many keys a single-pick question has: its choices; for a rating
 * its steps and "not used".
 */
static size_t
question_nkeys(const struct rv_question *q)
{
	return q->kind == RV_RATING ? q->nlabels + 1 : question_nchoices(q);
}

/* The answer code of key i (from 0) of a single-pick question. */
static int
question_key_code(const struct rv_question *q, size_t i)
{
	if (q->kind == RV_RATING)
		return i < q->nlabels ? (int)i + 1 : 0;
	return (int)i;
}

/*
 * The title and "Question N of M" with the question's title, the head
 * of every question screen.
 */
void
screen_question_head(struct ui *ui, const struct rv_question *q)
{
	ui_title(ui, _("Questions"));
	ui_para(ui, TERM_EMPHASIS, _("Question %zu of %zu: %s"),
	    question_ordinal(ui, ui->s.question), session_nopen(ui),
	    ui_text(ui, &q->title));
}

/* Does the zh_CN title of q contain word (the plan's own language)? */
static int
question_mentions(const struct rv_question *q, const char *word)
{
	const char	*t = q->title.loc[RV_ZH_CN];

	return t != NULL && strstr(t, word) != NULL;
}

/*
 * The items q decides and what they cost: the items' titles, their
 * total, what all paying flats and what subsidies and other sources
 * cover.  The flat's own share is drawn above the choices.
 */
static void
question_items(struct ui *ui, const struct rv_question *q,
    const struct session_cost *c)
{
	const struct rv_plan	*p = ui->k.plan;
	char			*list = NULL, *t, cost[32], res[32], other[32];
	size_t			 i, j;

	for (i = 0; i < q->nitems; i++) {
		for (j = 0; j < p->nitems; j++) {
			if (strcmp(p->items[j].id, q->items[i]) == 0)
				break;
		}
		if (j == p->nitems)
			continue;
		/* TRANSLATORS: between the titles of a list of items. */
		xasprintf(&t, "%s%s%s", list != NULL ? list : "", list != NULL ?
		    _(", ") : "", ui_text(ui, &p->items[j].title));
		free(list);
		list = t;
	}
	if (list == NULL)
		return;
	ui_para(ui, TERM_NORMAL, _("It decides: %s"), list);
	free(list);
	ui_money(c->cost, cost, sizeof cost);
	ui_money(c->owners, res, sizeof res);
	ui_money(c->other, other, sizeof other);
	ui_para(ui, TERM_NORMAL, _("Total cost: %s yuan."), cost);
	ui_para(ui, TERM_NORMAL, _("Owners together: %s yuan"), res);
	ui_para(ui, TERM_NORMAL, _("Subsidies and other: %s yuan"), other);
}

/* The lines a choice labelled label takes as ui_choice draws it. */
static int
question_choice_lines(struct ui *ui, const char *label)
{
	size_t	*starts, *lens, n;
	char	*text;
	int	 width = ui->cols - 2;

	xasprintf(&text, "[1]   %s", label);
	n = text_wrap(text, width >= 2 ? (size_t)width : 2, &starts, &lens);
	free(starts);
	free(lens);
	free(text);
	return (int)n + (ui->set.guided && ui->rows >= 20);
}

/*
 * The page of the n choices labelled labels[] on screen, like ui_page
 * but counting the lines a long choice wraps onto: a page holds the
 * choices that fit below the lines drawn so far (a line left for the
 * page number when they do not all fit), so that none is below the
 * fold.  Sets ui->page_size.
 */
void
screen_question_page(struct ui *ui, char *const *labels, size_t n,
    size_t *first, size_t *end)
{
	int	 room = ui_room(ui), used = 0;
	size_t	 per = 0;

	while (per < n && per < UI_PAGE) {
		used += question_choice_lines(ui, labels[per]);
		if (used > room - (per + 1 < n ? 1 : 0))
			break;
		per++;
	}
	if (per == 0)
		per = 1;
	ui->page_size = per;
	if (ui->s.page * per >= n)
		ui->s.page = 0;
	*first = ui->s.page * per;
	*end = *first + per < n ? *first + per : n;
}

/* Draw choices [first, end) of labels[], the page's number below. */
void
screen_question_choices(struct ui *ui, char *const *labels, size_t n,
    size_t first, size_t end, const int *marked)
{
	size_t	 i;

	for (i = first; i < end; i++)
		ui_choice(ui, (int)('1' + i - first), marked[i], "%s",
		    labels[i]);
	if (n > ui->page_size)
		/* TRANSLATORS: keep within 38 columns. */
		ui_para(ui, TERM_NORMAL, _("Page %zu of %zu · 8 next page"),
		    ui->s.page + 1, (n + ui->page_size - 1) / ui->page_size);
}

/*
 * The previous answer of the question on screen, if the flat gave one
 * before this session.
 */
void
screen_question_prior(struct ui *ui, const struct rv_question *q)
{
	char	*w;

	if (ui->s.prior[ui->s.question] < 0)
		return;
	w = session_answer_words(ui, q, ui->s.prior[ui->s.question]);
	ui_para(ui, TERM_NORMAL, _("Your current answer: %s"), w);
	free(w);
}

/* The line of what the question costs this flat, short and whole. */
static void
question_cost(struct ui *ui, const struct session_cost *c,
    const char *mine)
{
	if (c->nitems == 0)
		/* TRANSLATORS: keep short: one line of 38 columns. */
		ui_para(ui, TERM_EMPHASIS, "%s", _("Your flat: no cost in "
		    "this question"));
	else if (c->npaid == 0)
		ui_para(ui, TERM_EMPHASIS, "%s", _("Your flat: pays nothing"));
	else
		ui_para(ui, TERM_EMPHASIS, _("Your flat: about %s yuan"),
		    mine);
}

/*
 * Draw the question, what it costs this flat (on a short line of its
 * own, above the choices; right below them when it decides no item or
 * when the choices would not all fit under it), the current answer and
 * the choices, so that all of them are seen on a 40x12 screen; then the
 * items it decides, the funding and its rule, which 9 explains.  A
 * rating shows its steps and "not used", and no cost and no rule.
 */
static void
question_draw(struct ui *ui)
{
	const struct rv_question *q = &ui->k.plan->questions[ui->s.question];
	struct session_cost	 c;
	size_t			 n = question_nkeys(q), i, first, end;
	int			 ch = ui->s.choice[ui->s.question];
	unsigned		 terms = GLOSS_MATTER | GLOSS_ABSTAIN;
	char			 mine[32], **labels;
	int			 lines, above, *marked;

	screen_question_head(ui, q);
	labels = xcalloc(n, sizeof *labels);
	marked = xcalloc(n, sizeof *marked);
	for (i = 0; i < n; i++) {
		labels[i] = session_answer_words(ui, q,
		    question_key_code(q, i));
		marked[i] = ch == question_key_code(q, i);
	}
	session_cost(ui, q, &c);
	ui_money(c.mine, mine, sizeof mine);
	/*
	 * The cost goes above the choices when they all still fit below it;
	 * else (a long title, a long message) right below them.
	 */
	for (i = 0, lines = 1; i < n; i++)
		lines += question_choice_lines(ui, labels[i]);
	if (ui->s.prior[ui->s.question] >= 0)
		lines++;
	above = c.nitems > 0 && lines <= ui_room(ui);
	if (above)
		question_cost(ui, &c, mine);
	screen_question_prior(ui, q);
	screen_question_page(ui, labels, n, &first, &end);
	screen_question_choices(ui, labels, n, first, end, marked);
	strv_free(labels, n);
	free(marked);
	if (!question_decides(q)) {
		/* a rating decides nothing: no cost, no rule to explain */
		ui_hint(ui, _("1-7 answer  0 back"));
		return;
	}
	if (!above)
		question_cost(ui, &c, mine);
	ui_gap(ui);
	question_items(ui, q, &c);
	ui_para(ui, TERM_NORMAL, "%s", q->matter == RV_MAJOR ?
	    _("This question is a major matter.") :
	    _("This question is an ordinary matter."));
	if (c.nitems > 0)
		terms |= GLOSS_SHARE | GLOSS_CLASSES;
	if (question_mentions(q, "维修资金"))
		terms |= GLOSS_FUND;
	if (question_mentions(q, "物业"))
		terms |= GLOSS_PM;
	ui_explain(ui, terms);
	/* TRANSLATORS: keep within 32 columns ("  8 more" follows). */
	ui_hint(ui, _("1-7 answer  0 back  9 explain"));
}

/* Go to the open question after the current one, or the review. */
static void
question_next(struct ui *ui)
{
	ui->s.question = question_open_from(ui, ui->s.question + 1);
	ui_goto(ui, ui->s.question < ui->s.nq ? &screen_question :
	    &screen_review);
}

/* Go back to the previous open question, or the plan's last item. */
static void
question_back(struct ui *ui)
{
	size_t	 i;

	for (i = ui->s.question; i > 0 && !ui->s.open[i - 1]; i--)
		;
	if (i > 0) {
		ui->s.question = i - 1;
		ui_goto(ui, &screen_question);
	} else if (ui->k.plan->nitems > 0)
		ui_goto(ui, &screen_item);
}

/*
 * Take code as the answer to the question on screen, say so, and go on
 * to the next question.
 */
void
screen_question_answer(struct ui *ui, const struct rv_question *q, int code)
{
	char	*w;

	ui->s.choice[ui->s.question] = code;
	w = session_answer_words(ui, q, code);
	/*
	 * TRANSLATORS: confirms the answer just given.  Made before the
	 * next question is shown, it is said, not shown under it.
	 */
	ui_message(ui, TERM_OK, _("✔ You chose: %s"), w);
	free(w);
	question_next(ui);
}

/*
 * The keys every question screen shares: 0 (or Esc) goes back, Enter
 * goes on, taking code as the answer first unless it is negative.
 * Returns 1 when key was one of them.
 */
int
screen_question_move(struct ui *ui, int key, int code)
{
	if (key == '0' || key == TERM_KEY_ESC) {
		question_back(ui);
		return 1;
	}
	if (key != TERM_KEY_ENTER)
		return 0;
	if (code >= 0)
		screen_question_answer(ui,
		    &ui->k.plan->questions[ui->s.question], code);
	else
		question_next(ui);
	return 1;
}

/* Answer, keep, or go back to the previous question (or the plan). */
static enum ui_result
question_key(struct ui *ui, int key)
{
	const struct rv_question *q = &ui->k.plan->questions[ui->s.question];
	size_t			 picked;
	int			 r;

	if (screen_question_move(ui, key, -1))
		return UI_HANDLED;
	r = ui_page_key(ui, key, question_nkeys(q), &picked);
	if (r == 1)
		screen_question_answer(ui, q, question_key_code(q, picked));
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
	char			*w;

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
		w = session_answer_words(ui, q, c >= 0 ? c : p);
		if (c >= 0)
			ui_para(ui, TERM_EMPHASIS, _("✎ %s: %s (new)"),
			    ui_text(ui, &q->title), w);
		else if (p >= 0)
			ui_para(ui, TERM_NORMAL, _("= %s: %s (as before)"),
			    ui_text(ui, &q->title), w);
		else
			ui_para(ui, TERM_NORMAL, _("- %s: no answer"),
			    ui_text(ui, &q->title));
		free(w);
	}
	ui_gap(ui);
	ui_choice(ui, '1', 0, "%s", _("Confirm and record my answers"));
	ui_choice(ui, '2', 0, "%s", _("Change my answers"));
	ui_hint(ui, _("1 confirm  2 change  0 back"));
}

/* Go on after the answers: the pledges, or the suggestion. */
static void
review_done(struct ui *ui)
{
	ui->s.pledge = 0;
	ui_goto(ui, ui->k.plan->npledges > 0 ? &screen_pledge :
	    &screen_suggest);
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
