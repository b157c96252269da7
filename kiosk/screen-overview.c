/*
 * What the flat pays: the first screen after the code is accepted, before
 * the plan's items and the questions.  It shows this flat's total for the
 * whole plan (the sum of its share of every item, session_cost, exact in
 * fen), the same total per class of works, and what the plan costs and
 * what subsidies and other sources cover.  Each sum is on its own short
 * line, so that a 40x12 screen never cuts one.
 */

#include "config.h"

#include "ui.h"

/* The class of works in words, as the item screen names them. */
static const char *
overview_class(size_t c)
{
	switch (c) {
	case RV_BASIC:
		return _("Basic works");
	case RV_IMPROVEMENT:
		return _("Improvement works");
	case RV_UPGRADE:
		return _("Upgrade works");
	}
	return "";
}

/* Draw the flat's total, per class, then the plan's cost and funding. */
static void
overview_draw(struct ui *ui)
{
	struct session_cost	 c;
	char			 mine[32], part[32], cost[32], other[32];
	size_t			 i;

	session_cost(ui, NULL, &c);
	ui->step = 3;
	ui_title(ui, _("What your flat pays"));
	ui_money(c.mine, mine, sizeof mine);
	/* TRANSLATORS: keep short: it must fit 38 columns with the sum. */
	ui_para(ui, TERM_EMPHASIS, _("Your flat in all: about %s yuan"),
	    mine);
	for (i = 0; i < nitems(c.mine_class); i++) {
		ui_money(c.mine_class[i], part, sizeof part);
		/* TRANSLATORS: a class of works and this flat's share. */
		ui_para(ui, TERM_NORMAL, _("%s: %s yuan"), overview_class(i),
		    part);
	}
	ui_money(c.cost, cost, sizeof cost);
	ui_money(c.other, other, sizeof other);
	ui_para(ui, TERM_NORMAL, _("Whole plan: %s yuan"), cost);
	ui_para(ui, TERM_NORMAL, _("Subsidies and other: %s yuan"), other);
	ui_choice(ui, '1', 0, "%s", _("See the items one by one"));
	ui_choice(ui, '3', 0, "%s", _("Skip to the questions"));
	ui_para(ui, TERM_NORMAL, "%s", _("The plan's items and the questions "
	    "show what each part costs your flat. 9 explains the words on the "
	    "screen."));
	ui_explain(ui, GLOSS_SHARE | GLOSS_CLASSES);
	/* TRANSLATORS: keep within 38 columns with "  8 more". */
	ui_hint(ui, _("1 items  3 questions  9 explain"));
}

/* On to the items (or the questions when the plan has none). */
static enum ui_result
overview_key(struct ui *ui, int key)
{
	switch (key) {
	case '1':
	case TERM_KEY_ENTER:
	case TERM_KEY_RIGHT:
		ui->s.item = 0;
		ui_goto(ui, ui->k.plan->nitems > 0 ? &screen_item :
		    &screen_question);
		return UI_HANDLED;
	case '3':
		ui_goto(ui, &screen_question);
		return UI_HANDLED;
	case '0':
	case TERM_KEY_ESC:
		/* Nothing before: the code is not typed twice. */
		return UI_HANDLED;
	}
	return UI_UNHANDLED;
}

const struct screen screen_overview = {
	.name = "overview",
	.draw = overview_draw,
	.key = overview_key,
	.resident = 1,
};
