/*
 * Identify: the resident picks the building, the entrance and the flat
 * from lists (number keys, seven to a page), sees the masked owner name
 * and the area to confirm it is theirs, and types the voting code from
 * their letter (a barcode scanner types it and Enter the same way).
 */

#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

/* What a code may contain as typed: its alphabet, either case, dashes. */
#define IDENTIFY_CODE_KEYS \
	"23456789ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz-"

/* Is the estate still to be picked (a kiosk serving a cluster)? */
static int
identify_estate_level(const struct ui *ui)
{
	return ui->nestates > 1 && !ui->s.estate_set;
}

/* The list of the level being picked: estates, buildings, entrances, rooms. */
static char **
identify_list(struct ui *ui, size_t *n)
{
	char	**v;
	size_t	 i;

	if (identify_estate_level(ui)) {
		v = xcalloc(ui->nestates, sizeof *v);
		for (i = 0; i < ui->nestates; i++)
			v[i] = xstrdup(ui->estates[i]->name);
		*n = ui->nestates;
		return v;
	}
	if (ui->s.building == NULL)
		return session_buildings(ui, n);
	if (ui->s.entrance == NULL)
		return session_entrances(ui, n);
	return session_rooms(ui, n);
}

/* Draw the question of this level and its page of choices. */
static void
identify_draw(struct ui *ui)
{
	char	**v;
	size_t	 n, i, first, end;

	ui_title(ui, _("Your flat"));
	v = identify_list(ui, &n);
	if (identify_estate_level(ui))
		ui_para(ui, TERM_NORMAL, "%s", _("Which estate do you live "
		    "in?"));
	else if (ui->s.building == NULL)
		ui_para(ui, TERM_NORMAL, "%s", _("Which building do you live "
		    "in?"));
	else if (ui->s.entrance == NULL)
		ui_para(ui, TERM_NORMAL, _("Building %s. Which entrance?"),
		    ui->s.building);
	else
		ui_para(ui, TERM_NORMAL, _("Building %s, entrance %s. Which "
		    "flat?"), ui->s.building, ui->s.entrance);
	ui_gap(ui);
	ui_page(ui, n, &first, &end);
	for (i = first; i < end; i++) {
		if (identify_estate_level(ui))
			ui_choice(ui, (int)('1' + i - first), 0, "%s", v[i]);
		else if (ui->s.building == NULL)
			ui_choice(ui, (int)('1' + i - first), 0,
			    _("Building %s"), v[i]);
		else if (ui->s.entrance == NULL)
			ui_choice(ui, (int)('1' + i - first), 0,
			    _("Entrance %s"), v[i]);
		else
			ui_choice(ui, (int)('1' + i - first), 0, _("Flat %s"),
			    v[i]);
	}
	if (n > ui->page_size)
		/* TRANSLATORS: keep within 38 columns. */
		ui_para(ui, TERM_NORMAL, _("Page %zu of %zu · 8 next page"),
		    ui->s.page + 1, (n + ui->page_size - 1) / ui->page_size);
	strv_free(v, n);
	ui_hint(ui, _("1-7 pick  0 back  L language"));
}

/* Set the flat from the picks: building, entrance, room. */
static void
identify_set_flat(struct ui *ui, const char *room)
{
	const struct rv_estate	*e = ui->k.estate;
	size_t			 i;

	for (i = 0; i < e->nflats; i++) {
		if (strcmp(e->flats[i].building, ui->s.building) == 0 &&
		    strcmp(e->flats[i].entrance, ui->s.entrance) == 0 &&
		    strcmp(e->flats[i].room, room) == 0)
			ui->s.flat = (ssize_t)i;
	}
}

/* Pick, turn the page, or go back a level (from the top, to Welcome). */
static enum ui_result
identify_key(struct ui *ui, int key)
{
	char	**v;
	size_t	 n, picked;
	int	 r;

	if (key == '0' || key == TERM_KEY_ESC || key == TERM_KEY_BACKSPACE) {
		ui->s.page = 0;
		if (ui->s.entrance != NULL) {
			free(ui->s.entrance);
			ui->s.entrance = NULL;
		} else if (ui->s.building != NULL) {
			free(ui->s.building);
			ui->s.building = NULL;
		} else if (ui->nestates > 1 && ui->s.estate_set)
			ui->s.estate_set = 0;
		else
			ui_reset(ui);
		ui->speak = 1;
		return UI_HANDLED;
	}
	v = identify_list(ui, &n);
	r = ui_page_key(ui, key, n, &picked);
	if (r == 1) {
		ui->s.page = 0;
		ui->speak = 1;
		if (identify_estate_level(ui)) {
			session_pick_estate(ui, picked);
			ui->s.estate_set = 1;
		} else if (ui->s.building == NULL)
			ui->s.building = xstrdup(v[picked]);
		else if (ui->s.entrance == NULL)
			ui->s.entrance = xstrdup(v[picked]);
		else {
			identify_set_flat(ui, v[picked]);
			ui_goto(ui, &screen_code);
		}
	}
	strv_free(v, n);
	return r >= 0 ? UI_HANDLED : UI_UNHANDLED;
}

const struct screen screen_identify = {
	.name = "identify",
	.draw = identify_draw,
	.key = identify_key,
	.resident = 1,
};

/* Show the flat, its masked owner and area, and the code typed so far. */
static void
code_draw(struct ui *ui)
{
	const struct rv_flat	*f = session_flat(ui);
	char			 area[32];

	ui_title(ui, _("Your voting code"));
	area_format(f->area, area, sizeof area);
	ui_para(ui, TERM_EMPHASIS, _("Flat %s"), f->flat_id);
	ui_para(ui, TERM_NORMAL, _("Owner: %s   Area: %s m²"),
	    f->owner_name != NULL ? f->owner_name : _("(not on record)"),
	    area);
	ui_gap(ui);
	ui_para(ui, TERM_NORMAL, "%s", _("If this is your flat, type the "
	    "voting code from your letter and press Enter. A barcode scanner "
	    "works too."));
	ui_input(ui, _("Code:"), &ui->s.code, 1);
	ui_hint(ui, _("Enter check  0 back  L language"));
}

/* Type the code; Enter checks it; 0 (never in a code) goes back. */
static enum ui_result
code_key(struct ui *ui, int key)
{
	char	*cause = NULL;

	if (key == '0' || key == TERM_KEY_ESC) {
		ui_field_clear(&ui->s.code);
		ui->s.flat = -1;
		ui_goto(ui, &screen_identify);
		return UI_HANDLED;
	}
	if (key == TERM_KEY_ENTER) {
		if (ui->s.code.len == 0)
			return UI_HANDLED;
		if (session_identify(ui, &cause) != RV_OK) {
			ui_field_clear(&ui->s.code);
			ui_message(ui, TERM_ERROR, "✖ %s", cause);
			free(cause);
			return UI_HANDLED;
		}
		session_steps(ui);
		ui_goto(ui, ui->k.plan->nitems > 0 ? &screen_item :
		    &screen_question);
		ui_message(ui, TERM_OK, "%s", _("✔ Thank you, the code is "
		    "right."));
		return UI_HANDLED;
	}
	if (key == TERM_KEY_BACKSPACE || (key < 0x80 && key != 'L' &&
	    key != 'l' && strchr(IDENTIFY_CODE_KEYS, key) != NULL)) {
		ui_field_key(&ui->s.code, key >= 'a' && key <= 'z' ?
		    toupper(key) : key, NULL);
		return UI_HANDLED;
	}
	return UI_UNHANDLED;
}

const struct screen screen_code = {
	.name = "code",
	.draw = code_draw,
	.key = code_key,
	.resident = 1,
};
