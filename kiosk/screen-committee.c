/*
 * Committee mode, behind the PIN set when the package was loaded: this
 * kiosk's local tally and last sync, closing and opening the kiosk to
 * residents, export to a USB path, proxy answers, and the only way out
 * of the program (asked twice).  Wrong PINs are counted
 * (session_pin_check).  The committee member who checked a proxy picks
 * their name from the plan's committee list, or types it.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ui.h"

#define PIN_KEYS	"0123456789"
#define EXPORT_DIR	"/media/usb"	/* suggested, the committee may edit */

/* The committee screen's inner steps (ui->sub). */
enum committee_step {
	COMMITTEE_MENU,
	COMMITTEE_TALLY,
	COMMITTEE_EXPORT,	/* typing the path */
	COMMITTEE_HOLDER,	/* typing the proxy holder's name */
	COMMITTEE_WITNESS,	/* typing the committee member's name */
	COMMITTEE_CONFIRM,	/* confirming both names */
	COMMITTEE_EXIT		/* confirming the exit */
};

/* Ask for the PIN. */
static void
pin_draw(struct ui *ui)
{
	ui_title(ui, _("Committee"));
	ui_para(ui, TERM_NORMAL, "%s", _("Type the committee PIN and press "
	    "Enter."));
	ui_input(ui, _("PIN:"), &ui->field, 1);
	ui_hint(ui, _("Enter check  Esc back"));
}

/* Digits, Enter to check, Esc back to Welcome. */
static enum ui_result
pin_key(struct ui *ui, int key)
{
	char	*cause = NULL;
	int	 r;

	if (key == TERM_KEY_ESC) {
		ui_field_clear(&ui->field);
		ui_goto(ui, &screen_welcome);
		return UI_HANDLED;
	}
	if (key != TERM_KEY_ENTER) {
		ui_field_key(&ui->field, key, PIN_KEYS);
		return key == 'L' || key == 'l' ? UI_UNHANDLED : UI_HANDLED;
	}
	r = session_pin_check(ui, ui->field.buf, &cause);
	ui_field_clear(&ui->field);
	if (r == 1) {
		ui_goto(ui, &screen_committee);
		return UI_HANDLED;
	}
	/* A lock-out leaves for Welcome, where its message is shown. */
	if (r < 0)
		ui_goto(ui, &screen_welcome);
	ui_message(ui, TERM_ERROR, "✖ %s", cause);
	free(cause);
	return UI_HANDLED;
}

const struct screen screen_pin = {
	.name = "pin",
	.draw = pin_draw,
	.key = pin_key,
	.resident = 1,
};

/*
 * The figures of a question that decides nothing, as every presentation
 * shows them (present_opinion_rows): the owners taking part, then each
 * option (a ranking's points with it) or each step and "not used", and
 * a rating's mean.
 */
static void
committee_opinion(struct ui *ui, const struct rv_report_question *rq)
{
	const struct rv_opinion	*op = &rq->result.opinion;
	struct present_row	 rows[PRESENT_ROWS_MAX];
	char			 mean[PRESENT_MEAN_MAX], *line, *t, *item;
	size_t			 i, n;

	ui_para(ui, TERM_NORMAL, _("%lld of %lld owners"),
	    (long long)op->participating.owners,
	    (long long)op->eligible.owners);
	n = present_opinion_rows(rq->question, &rq->result, ui->set.locale,
	    rows);
	line = xstrdup("");
	for (i = 0; i < n; i++) {
		if (rows[i].points >= 0)
			/* TRANSLATORS: an option, its owners, its points. */
			xasprintf(&item, _("%s %lld (%lld points)"),
			    rows[i].label, (long long)rows[i].count->owners,
			    (long long)rows[i].points);
		else
			xasprintf(&item, "%s %lld", rows[i].label,
			    (long long)rows[i].count->owners);
		xasprintf(&t, "%s%s%s", line, i > 0 ? ", " : "", item);
		free(item);
		free(line);
		line = t;
	}
	ui_para(ui, TERM_NORMAL, "%s", line);
	free(line);
	if (rq->question->kind == RV_RATING) {
		present_mean_line(op, mean, sizeof mean);
		ui_para(ui, TERM_NORMAL, "%s", mean);
	}
}

/* The local tally: per question, who answered here and how. */
static void
committee_tally(struct ui *ui)
{
	struct rv_report		*r = NULL;
	const struct rv_report_question	*rq;
	const struct rv_bar		*part;
	char				*cause = NULL, fig[64], *line, *t;
	size_t				 i, c;
	int				 y, avail;

	if (session_tally(ui, &r, &cause) != RV_OK) {
		ui_para(ui, TERM_ERROR, "✖ %s", cause);
		free(cause);
		return;
	}
	for (i = 0; i < r->nquestions; i++) {
		rq = &r->questions[i];
		if (r->nestates > 1)
			ui_para(ui, TERM_EMPHASIS, "%s · %s",
			    estate_name(rq->estate, ui->set.locale),
			    ui_text(ui, &rq->question->title));
		else
			ui_para(ui, TERM_EMPHASIS, "%s", ui_text(ui,
			    &rq->question->title));
		if (!question_decides(rq->question)) {
			committee_opinion(ui, rq);
			continue;
		}
		part = &rq->result.participation.owners;
		snprintf(fig, sizeof fig, _("%lld of %lld owners"),
		    (long long)part->count, (long long)part->base);
		if ((y = ui_reserve(ui, 1, &avail)) >= 0)
			term_bar(y, 1, ui->cols / 3, part->count, part->base,
			    part->met ? TERM_OK : TERM_BAR, fig);
		line = xstrdup("");
		for (c = 0; c < question_nchoices(rq->question); c++) {
			xasprintf(&t, "%s%s%s %lld", line, c > 0 ? ", " : "",
			    session_choice_label(ui, rq->question, (int)c),
			    (long long)rq->result.choices[c].owners);
			free(line);
			line = t;
		}
		ui_para(ui, TERM_NORMAL, "%s", line);
		free(line);
	}
	report_free(r);
}

/*
 * The witness: the plan's committee members to pick with 1-7 (8 turns
 * the page), or a name typed.
 */
static void
committee_witness_draw(struct ui *ui)
{
	const struct rv_plan	*p = ui->k.plan;
	size_t			 i, first, end;

	ui_para(ui, TERM_NORMAL, _("Proxy holder: %s"), ui->s.proxy);
	if (p->ncommittee == 0) {
		ui_para(ui, TERM_NORMAL, "%s", _("Type your own name, as the "
		    "committee member who checked the proxy."));
		ui_input(ui, _("Committee member:"), &ui->field, 0);
		ui_hint(ui, _("Enter next  Esc back"));
		return;
	}
	ui_para(ui, TERM_NORMAL, "%s", _("Who checked the proxy? Pick your "
	    "name, or type it."));
	ui_input(ui, _("Committee member:"), &ui->field, 0);
	ui_page(ui, p->ncommittee, &first, &end);
	for (i = first; i < end; i++)
		ui_choice(ui, (int)('1' + i - first), 0, "%s",
		    p->committee[i]);
	if (p->ncommittee > ui->page_size)
		/* TRANSLATORS: keep within 38 columns. */
		ui_para(ui, TERM_NORMAL, _("Page %zu of %zu · 8 next page"),
		    ui->s.page + 1, (p->ncommittee + ui->page_size - 1) /
		    ui->page_size);
	ui_hint(ui, _("1-7 pick  Enter typed name  Esc back"));
}

/* Draw the menu or the step under way. */
static void
committee_draw(struct ui *ui)
{
	char	*sync = session_last_sync(ui);
	int	 locked = session_locked(ui);

	ui_title(ui, _("Committee mode"));
	switch (ui->sub) {
	case COMMITTEE_TALLY:
		ui_para(ui, TERM_NORMAL, "%s", _("Answers recorded on this "
		    "kiosk (latest per owner):"));
		committee_tally(ui);
		ui_hint(ui, _("0 back"));
		break;
	case COMMITTEE_EXPORT:
		ui_para(ui, TERM_NORMAL, "%s", _("Export every record of this "
		    "kiosk, signed, to a file on the USB stick."));
		ui_input(ui, _("File:"), &ui->field, 0);
		ui_hint(ui, _("Enter export  Esc back"));
		break;
	case COMMITTEE_HOLDER:
		ui_para(ui, TERM_NORMAL, "%s", _("A written proxy: check it, "
		    "then type the proxy holder's name."));
		ui_input(ui, _("Proxy holder:"), &ui->field, 0);
		ui_hint(ui, _("Enter next  Esc back"));
		break;
	case COMMITTEE_WITNESS:
		committee_witness_draw(ui);
		break;
	case COMMITTEE_EXIT:
		ui_para(ui, TERM_EMPHASIS, "%s", _("Exit the program? The kiosk "
		    "then takes no answers until it is started again."));
		ui_gap(ui);
		ui_choice(ui, '1', 0, "%s", _("Exit"));
		ui_choice(ui, '0', 0, "%s", _("Back"));
		ui_hint(ui, _("1 exit  0 back"));
		break;
	case COMMITTEE_CONFIRM:
		ui_para(ui, TERM_EMPHASIS, _("Proxy holder: %s. Checked by: "
		    "%s."), ui->s.proxy, ui->s.witness);
		ui_para(ui, TERM_NORMAL, "%s", _("Both names are recorded with "
		    "each answer. The proxy holder then picks the flat and "
		    "types its voting code."));
		ui_choice(ui, '1', 0, "%s", _("Confirm"));
		ui_hint(ui, _("1 confirm  0 back"));
		break;
	default:
		ui_para(ui, TERM_NORMAL, _("Kiosk %s. Last sync with the "
		    "office: %s."), ui->k.device, sync != NULL ? sync :
		    _("never"));
		ui_para(ui, locked ? TERM_WARN : TERM_OK, "%s", locked ?
		    _("✖ Residents: CLOSED") : _("✔ Residents: open"));
		if (speech_missing() != NULL)
			ui_para(ui, TERM_WARN, _("✖ No speech: %s"),
			    speech_missing());
		ui_gap(ui);
		ui_choice(ui, '1', 0, "%s", _("Local tally"));
		ui_choice(ui, '2', 0, "%s", locked ? _("Open the kiosk to "
		    "residents") : _("Close the kiosk to residents"));
		ui_choice(ui, '3', 0, "%s", _("Export to a USB stick"));
		ui_choice(ui, '4', 0, "%s", _("Proxy answer"));
		ui_choice(ui, '5', 0, "%s", _("Exit the program"));
		ui_hint(ui, _("1-5 choose  0 back to Welcome"));
		break;
	}
	free(sync);
}

/* Take a typed name: not empty, not too long. */
static char *
committee_name(struct ui *ui)
{
	size_t	 n = strspn(ui->field.buf, " ");

	if (ui->field.buf[n] == '\0' || ui->field.len > RV_NAME_MAX) {
		ui_message(ui, TERM_ERROR, "%s", _("✖ Please type a name."));
		return NULL;
	}
	return xstrdup(ui->field.buf + n);
}

/* Keys while a field is typed: the path, the two names. */
static enum ui_result
committee_typing_key(struct ui *ui, int key)
{
	char	*cause = NULL, **name;
	size_t	 picked;

	if (key == TERM_KEY_ESC) {
		ui_field_clear(&ui->field);
		ui->sub = COMMITTEE_MENU;
		return UI_HANDLED;
	}
	/* With nothing typed, digits pick a committee member. */
	if (ui->sub == COMMITTEE_WITNESS && ui->k.plan->ncommittee > 0 &&
	    ui->field.len == 0 && key >= '1' && key <= '8') {
		if (ui_page_key(ui, key, ui->k.plan->ncommittee,
		    &picked) != 1)
			return UI_HANDLED;
		free(ui->s.witness);
		ui->s.witness = xstrdup(ui->k.plan->committee[picked]);
		ui->s.page = 0;
		ui->sub++;
		ui->speak = 1;
		return UI_HANDLED;
	}
	if (key != TERM_KEY_ENTER) {
		ui_field_key(&ui->field, key, NULL);
		return UI_HANDLED;
	}
	if (ui->sub == COMMITTEE_EXPORT) {
		if (session_export(ui, ui->field.buf, &cause) != RV_OK) {
			ui_message(ui, TERM_ERROR, "✖ %s", cause);
			free(cause);
			return UI_HANDLED;
		}
		ui_message(ui, TERM_OK, _("✔ Exported to %s."), ui->field.buf);
		ui_field_clear(&ui->field);
		ui->sub = COMMITTEE_MENU;
		return UI_HANDLED;
	}
	name = ui->sub == COMMITTEE_HOLDER ? &ui->s.proxy : &ui->s.witness;
	free(*name);
	if ((*name = committee_name(ui)) == NULL)
		return UI_HANDLED;
	ui_field_clear(&ui->field);
	ui->sub++;
	ui->speak = 1;
	return UI_HANDLED;
}

/* The menu: tally, lock, export, proxy, exit, back. */
static enum ui_result
committee_key(struct ui *ui, int key)
{
	char	*cause = NULL;
	int	 locked;

	if (ui->sub == COMMITTEE_EXPORT || ui->sub == COMMITTEE_HOLDER ||
	    ui->sub == COMMITTEE_WITNESS)
		return committee_typing_key(ui, key);
	if (ui->sub != COMMITTEE_MENU) {
		if (key == '0' || key == TERM_KEY_ESC)
			ui->sub = COMMITTEE_MENU;
		else if (ui->sub == COMMITTEE_EXIT && key == '1')
			ui->quit = 1;
		else if (ui->sub == COMMITTEE_CONFIRM && key == '1') {
			ui_goto(ui, &screen_identify);
			ui_message(ui, TERM_OK, "%s", _("✔ Proxy answer: the "
			    "holder may now pick the flat."));
		} else
			return UI_UNHANDLED;
		return UI_HANDLED;
	}
	switch (key) {
	case '0':
	case TERM_KEY_ESC:
		ui_reset(ui);
		return UI_HANDLED;
	case '1':
		ui->sub = COMMITTEE_TALLY;
		return UI_HANDLED;
	case '2':
		locked = !session_locked(ui);
		if (session_set_locked(ui, locked, &cause) != RV_OK) {
			ui_message(ui, TERM_ERROR, "✖ %s", cause);
			free(cause);
		} else
			ui_message(ui, TERM_OK, "%s", locked ?
			    _("✔ The kiosk is closed to residents.") :
			    _("✔ The kiosk is open to residents."));
		return UI_HANDLED;
	case '3':
		ui->sub = COMMITTEE_EXPORT;
		ui_field_clear(&ui->field);
		snprintf(ui->field.buf, sizeof ui->field.buf,
		    "%s/renovote-%s.bundle", EXPORT_DIR, ui->k.device);
		ui->field.len = strlen(ui->field.buf);
		return UI_HANDLED;
	case '4':
		session_clear(&ui->s);
		ui->sub = COMMITTEE_HOLDER;
		return UI_HANDLED;
	case '5':
		ui->sub = COMMITTEE_EXIT;
		ui->speak = 1;
		return UI_HANDLED;
	}
	return UI_UNHANDLED;
}

const struct screen screen_committee = {
	.name = "committee",
	.draw = committee_draw,
	.key = committee_key,
	.resident = 1,
};
