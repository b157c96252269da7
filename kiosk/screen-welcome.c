/*
 * Welcome: the estate, what is being decided and until when; the way in
 * for residents, guided mode, and the committee.  When the committee has
 * closed the kiosk, only the closed notice and the committee key remain;
 * when the office has withdrawn it, only that notice.
 */

#include "config.h"

#include "ui.h"

/*
 * Draw the estate, the plan, the deadline and the ways in.  What is said
 * is kept short, under 15 seconds at the default speed in guided mode:
 * the title and the keys in one sentence; the rest is only shown.  In
 * normal mode only the hint for guided mode is said (when the kiosk has
 * speech), so that a resident who cannot read hears which key starts
 * spoken guidance.
 */
static void
welcome_draw(struct ui *ui)
{
	const struct rv_plan	*p;
	char			 t[RV_TIME_MAX];
	size_t			 i, mark, titled;

	mark = ui->saidlen;
	ui_title(ui, _("Welcome"));
	titled = ui->saidlen;
	if (session_locked(ui)) {
		ui_para(ui, TERM_WARN, _("✖ CLOSED: this kiosk is not taking "
		    "answers now. Please ask the committee staff."));
		ui_hint(ui, _("L language"));
		return;
	}
	if (session_withdrawn(ui)) {
		ui_para(ui, TERM_WARN, "✖ %s", _(KIOSK_WITHDRAWN_TEXT));
		ui_hint(ui, _("L language"));
		return;
	}
	/*
	 * Not guided: the hint, on the message line where even a 40x12
	 * screen shows it, is all that is said (only when something can be
	 * heard).
	 */
	if (!ui->set.guided && speech_available()) {
		ui_unsay(ui, mark);
		ui_note(ui, _("Press 2 to hear spoken guidance."));
		ui->speak_hint = 1;
		mark = ui->saidlen;
	}
	/* One estate, or each estate of the cluster the kiosk serves. */
	for (i = 0; i < ui->nestates; i++) {
		p = ui->plans[i];
		ui_para(ui, TERM_EMPHASIS, "%s", ui_text(ui, &p->title));
		ui_para(ui, TERM_NORMAL, _("The owners of %s decide on this "
		    "renovation plan: %zu items, %zu questions, %zu pledges."),
		    estate_name(ui->estates[i], ui->set.locale), p->nitems,
		    p->nquestions, p->npledges);
		time_format_short(session_closes(p), t, sizeof t);
		ui_para(ui, TERM_NORMAL, _("Answers are taken until %s."), t);
	}
	ui_gap(ui);
	if (!ui->set.guided) {
		ui_choice(ui, '1', 0, "%s", _("Start"));
		ui_choice(ui, '2', 0, "%s", _("Guided mode: one step at a "
		    "time, read aloud"));
		ui_hint(ui, _("1 start  2 guided  L language  H contrast"));
		ui_unsay(ui, mark);
		return;
	}
	ui_choice(ui, '1', 0, "%s", _("Start"));
	ui_choice(ui, '2', 0, "%s", _("Change the language"));
	ui_choice(ui, '3', 0, "%s", _("High contrast on or off"));
	ui_choice(ui, '4', 0, "%s", _("Speak slower"));
	ui_choice(ui, '5', 0, "%s", _("Speak faster"));
	ui_choice(ui, '6', 0, "%s", _("Speak louder"));
	ui_choice(ui, '7', 0, "%s", _("Speak quieter"));
	ui_choice(ui, '0', 0, "%s", _("Leave guided mode"));
	ui_hint(ui, _("1 start  9 repeat"));
	ui_unsay(ui, titled);
	ui_say(ui, _("Press 1 to start; 2 changes the language, 4 and 5 the "
	    "speed, 6 and 7 the volume, 0 leaves guided mode."));
}

/* Start, switch modes and settings, or ask for the committee PIN. */
static enum ui_result
welcome_key(struct ui *ui, int key)
{
	static const int guided_keys[] = { 'L', 'H', '-', '+', '>', '<' };

	if (key == 'C' || key == 'c') {
		ui_goto(ui, &screen_pin);
		return UI_HANDLED;
	}
	if (session_locked(ui) || session_withdrawn(ui))
		return key == 'L' || key == 'l' ? UI_UNHANDLED : UI_HANDLED;
	if (key == '1' || key == TERM_KEY_ENTER) {
		session_clear(&ui->s);
		ui_goto(ui, &screen_identify);
		return UI_HANDLED;
	}
	if ((!ui->set.guided && (key == '2' || key == 'G' || key == 'g')) ||
	    (ui->set.guided && key == '0')) {
		ui->set.guided = !ui->set.guided;
		ui_message(ui, TERM_OK, "%s", ui->set.guided ?
		    _("Guided mode is on.") : _("Guided mode is off."));
		return UI_HANDLED;
	}
	if (ui->set.guided && key >= '2' && key <= '7') {
		ui_generic_key(ui, guided_keys[key - '2']);
		return UI_HANDLED;
	}
	return UI_UNHANDLED;
}

const struct screen screen_welcome = {
	.name = "welcome",
	.draw = welcome_draw,
	.key = welcome_key,
};
