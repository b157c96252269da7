/*
 * The glossary: the words of the plan and of the kiosk that a resident
 * may not know (基础类, 住宅专项维修资金, the property-management modes,
 * major and ordinary matters, abstain, the voting code, PIN), each
 * explained in plain words in the interface's language.  Screens name
 * the terms they show with ui_explain; key 9 opens screen-explain.c,
 * which draws them from here.  The consent rules are the tally's own
 * text (present_rule_text), never restated here with other numbers.
 */

#include "config.h"

#include "ui.h"

/* One term: its bit, its name and what it means. */
struct glossary_entry {
	unsigned	 bit;
	const char	*term;
	const char	*text;
};

/* In the order they are explained: what a question is about first. */
static const struct glossary_entry glossary[GLOSS_NTERMS] = {
	{ GLOSS_FUND,
	  N_("Housing maintenance fund (住宅专项维修资金)"),
	  N_("Money kept for each flat in a special account, paid in by its "
	  "owner (usually when the flat was bought), for repairing and "
	  "renewing the shared parts of the building: roofs, pipes, lifts. It "
	  "still belongs to the owners. It is used only when the owners "
	  "agree; then a share of the works is paid from it instead of in "
	  "cash.") },
	{ GLOSS_PM,
	  N_("Property management (物业管理)"),
	  N_("Who looks after the estate after the works: cleaning, security, "
	  "repairs of the shared parts. A company on market terms (市场化物业"
	  "服务): chosen by the owners, paid a monthly fee per m². Basic "
	  "service backed by the community (社区保障性物业管理): the community "
	  "committee arranges a basic service, usually for a lower fee. "
	  "Self-management (业主自治管理): the owners organise it themselves "
	  "and share the cost. The plan gives no monthly fee for these modes; "
	  "ask the residents' committee what each would cost.") },
	{ GLOSS_SHARE,
	  N_("Your flat's share (本户出资)"),
	  N_("What your flat is expected to pay: for each item, the flat's "
	  "floor area in m² times the plan's rate per m². What the owners do "
	  "not pay is covered by subsidies and other sources. A lift is paid "
	  "only by the flats of its own entrance.") },
	{ GLOSS_CLASSES,
	  N_("Basic, improvement and upgrade works (基础类 / 完善类 / 提升类)"),
	  N_("The works of the plan come in three classes. Basic works "
	  "(基础类) keep the buildings safe and usable: water, drains, gas, "
	  "wiring, roofs, fire safety, roads. Improvement works (完善类) make "
	  "daily life easier: facades and insulation, greenery, parking, "
	  "lifts, barrier-free access. Upgrade works (提升类) add services, "
	  "such as care for the elderly. Each class has its own question.") },
	{ GLOSS_MATTER,
	  N_("Major and ordinary matters (重大事项 / 一般事项)"),
	  N_("The plan says for each question whether it is a major or an "
	  "ordinary matter. Owners are counted twice, by heads and by floor "
	  "area, and both counts must pass the rule:") },
	{ GLOSS_ABSTAIN,
	  N_("Abstain (弃权)"),
	  N_("You take part without saying yes or no. Your flat counts as "
	  "taking part, but not as agreeing: where agreement is needed, "
	  "abstaining does not help the question pass.") },
	{ GLOSS_CODE,
	  N_("Voting code (表决码)"),
	  N_("The code on the letter the committee gave your household. It "
	  "shows that the answers come from your flat. Keep it to yourself; "
	  "the kiosk forgets it when you finish.") },
	{ GLOSS_PIN,
	  N_("PIN (PIN 码)"),
	  N_("A short secret number. At this kiosk only the residents' "
	  "committee has one, to open its menu; residents never need a "
	  "PIN.") },
};

/*
 * Draw the explanation of one term: its name, then what it means.  For
 * the consent rules the tally's own words follow (present_rule_text of a
 * major and of an ordinary question), and the current question's kind
 * when the resident came from a question.
 */
static void
glossary_entry_draw(struct ui *ui, const struct glossary_entry *g)
{
	const struct rv_question *q;
	struct rv_question	 major = { .matter = RV_MAJOR };
	struct rv_question	 ordinary = { .matter = RV_ORDINARY };

	ui_para(ui, TERM_EMPHASIS, "%s", _(g->term));
	ui_para(ui, TERM_NORMAL, "%s", _(g->text));
	if (g->bit == GLOSS_MATTER) {
		ui_para(ui, TERM_NORMAL, "• %s", present_rule_text(&major));
		ui_para(ui, TERM_NORMAL, "• %s",
		    present_rule_text(&ordinary));
		if (ui->explained == &screen_question &&
		    ui->s.question < ui->s.nq) {
			q = &ui->k.plan->questions[ui->s.question];
			ui_para(ui, TERM_NORMAL, "%s", q->matter == RV_MAJOR ?
			    _("This question is a major matter.") :
			    _("This question is an ordinary matter."));
		}
	}
	ui_gap(ui);
}

/* Draw the explanation of every term in the set (GLOSS_* bits). */
void
glossary_explain(struct ui *ui, unsigned terms)
{
	size_t	 i;

	for (i = 0; i < nitems(glossary); i++) {
		if (terms & glossary[i].bit)
			glossary_entry_draw(ui, &glossary[i]);
	}
}
