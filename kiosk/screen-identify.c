/*
 * Identify: the resident picks the building, the entrance and the flat
 * from lists (number keys, seven to a page), sees the masked owner name
 * and the area to confirm it is theirs, and enters the voting code from
 * their slip: scanned from its QR code (a scanner types the letter code
 * and Enter), or typed as 18 digits with the number keys.
 */

#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

static int code_locked(struct ui *);

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
			v[i] = xstrdup(estate_name(ui->estates[i],
			    ui->set.locale));
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
			code_locked(ui);	/* said at once, not after typing */
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

/*
 * The code screen.  Scanning comes first: a scanner types the letter code
 * from the slip's QR code and Enter.  Without a scanner the resident types
 * the numeric form (18 digits, the same code in decimal), so every digit
 * is text here: 8, 9 and 0 do not scroll, repeat or go back; Esc (or
 * Backspace on an empty field) goes back, * reads back what was typed,
 * and so does 9 once all 18 digits are in.  What was typed is shown in
 * groups, in clear: the resident is alone in the booth and compares it
 * with the slip group by group, which a row of stars does not allow.
 */

/* What a code may contain as typed: its alphabet, either case, dashes. */
#define CODE_KEYS \
	"0123456789ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz-"
#define CODE_NUM_GROUP	3	/* digits per group on screen */
#define CODE_LET_GROUP	4	/* letters per group, as printed */
#define CODE_READ_BACK	1	/* ui->sub: this frame reads the code back */

/* Is the field digits only (the numeric form being typed)?  *n: digits. */
static int
code_digits_only(const struct ui_field *f, size_t *n)
{
	size_t	 i;

	for (i = 0; i < f->len; i++) {
		if (f->buf[i] < '0' || f->buf[i] > '9')
			return 0;
	}
	*n = f->len;
	return 1;
}

/*
 * The field as shown: digits in groups of three, a scanned letter code
 * in groups of four, without the dashes it was typed with.
 */
static void
code_grouped(const struct ui_field *f, struct ui_field *out)
{
	size_t	 i, n = 0, group;
	int	 digits = code_digits_only(f, &n);

	group = digits ? CODE_NUM_GROUP : CODE_LET_GROUP;
	explicit_bzero(out, sizeof *out);
	for (i = 0, n = 0; i < f->len && out->len + 2 < sizeof out->buf;
	    i++) {
		if (f->buf[i] == '-')
			continue;
		if (n > 0 && n % group == 0)
			out->buf[out->len++] = ' ';
		out->buf[out->len++] = f->buf[i];
		n++;
	}
	out->buf[out->len] = '\0';
}

/*
 * Say what was typed, one character at a time, groups apart: digits as
 * words ("四 三 六，六 一 二"), so speech cannot read them as one number.
 * The digit words are the same in both Chinese scripts.
 */
static void
code_say_back(struct ui *ui)
{
	static const char *const zh[] = { "零", "一", "二", "三", "四", "五",
	    "六", "七", "八", "九" };
	static const char *const en[] = { "zero", "one", "two", "three",
	    "four", "five", "six", "seven", "eight", "nine" };
	const char *const	*words = ui->set.locale == RV_EN ? en : zh;
	const struct ui_field	*f = &ui->s.code;
	struct ui_field		 said;
	const char		*w, *sep;
	size_t			 i, n = 0, group, wl, sl;
	int			 digits = code_digits_only(f, &n);
	char			 one[2];

	group = digits ? CODE_NUM_GROUP : CODE_LET_GROUP;
	explicit_bzero(&said, sizeof said);
	for (i = 0, n = 0; i < f->len; i++) {
		if (f->buf[i] == '-')
			continue;
		if (f->buf[i] >= '0' && f->buf[i] <= '9')
			w = words[f->buf[i] - '0'];
		else {
			one[0] = f->buf[i];
			one[1] = '\0';
			w = one;
		}
		sep = n == 0 ? "" : n % group == 0 ?
		    (ui->set.locale == RV_EN ? ", " : "，") : " ";
		wl = strlen(w);
		sl = strlen(sep);
		if (said.len + sl + wl + 1 >= sizeof said.buf)
			break;
		memcpy(said.buf + said.len, sep, sl);
		memcpy(said.buf + said.len + sl, w, wl);
		said.len += sl + wl;
		n++;
	}
	said.buf[said.len] = '\0';
	/* Only the code is said this frame, not the whole screen again. */
	ui->saidlen = 0;
	if (ui->said != NULL)
		ui->said[0] = '\0';
	ui_say(ui, said.buf);
	explicit_bzero(&said, sizeof said);
	explicit_bzero(one, sizeof one);
}

/* Show the flat, its masked owner and area, and the code typed so far. */
static void
code_draw(struct ui *ui)
{
	const struct rv_flat	*f = session_flat(ui);
	struct ui_field		 shown;
	char			 area[32];
	size_t			 n = 0;
	int			 digits = code_digits_only(&ui->s.code, &n);

	ui_title(ui, _("Your voting code"));
	area_format(f->area, area, sizeof area);
	ui_para(ui, TERM_EMPHASIS, _("Flat %s"), f->flat_id);
	ui_para(ui, TERM_NORMAL, _("Owner: %s   Area: %s m²"),
	    f->owner_name != NULL ? f->owner_name : _("(not on record)"),
	    area);
	ui_gap(ui);
	/* TRANSLATORS: keep within two lines of 38 columns. */
	ui_para(ui, TERM_NORMAL, _("If this is your flat, scan your slip's "
	    "QR code or type its %d digits."), RV_CODE_DIGITS);
	code_grouped(&ui->s.code, &shown);
	ui_input(ui, _("Code:"), &shown, 0);
	explicit_bzero(&shown, sizeof shown);
	if (digits && n > 0)
		/* TRANSLATORS: keep within 38 columns. */
		ui_para(ui, TERM_NORMAL, _("%zu of %d digits typed"), n,
		    RV_CODE_DIGITS);
	if (ui->sub == CODE_READ_BACK && ui->s.code.len > 0)
		code_say_back(ui);
	/* TRANSLATORS: keep within 38 columns. */
	ui_hint(ui, digits && n == RV_CODE_DIGITS ?
	    _("Enter check  9 read back  Esc back") :
	    _("Enter check  * read back  Esc back"));
}

/*
 * Say what is wrong with the code typed, on the message line; returns 1
 * if something is, 0 when it has the shape of a code.
 */
static int
code_refuse(struct ui *ui)
{
	size_t			 n;
	enum rv_code_shape	 shape = code_shape(ui->s.code.buf, &n);

	/*
	 * Digits without dashes come from the number keys: the numeric form,
	 * even when twelve of them look like a letter code (none is made of
	 * digits only; a scanner types the dashes).
	 */
	if (code_digits_only(&ui->s.code, &n) && n != RV_CODE_DIGITS &&
	    n > 0)
		shape = RV_CODE_DIGITS_LEN;
	switch (shape) {
	case RV_CODE_OK:
		return 0;
	case RV_CODE_EMPTY:
		ui_message(ui, TERM_WARN, _("Type the %d digits from your "
		    "slip, or scan its QR code."), RV_CODE_DIGITS);
		break;
	case RV_CODE_DIGITS_LEN:
		ui_message(ui, TERM_ERROR, _("✖ The code has %d digits; you "
		    "typed %zu."), RV_CODE_DIGITS, n);
		break;
	case RV_CODE_LETTERS_LEN:
		ui_message(ui, TERM_ERROR, _("✖ The code has %d letters and "
		    "digits; this has %zu."), RV_CODE_LEN, n);
		break;
	case RV_CODE_RANGE:
	case RV_CODE_BAD_CHAR:
		ui_message(ui, TERM_ERROR, "%s", _("✖ This is not a voting "
		    "code. Check it against your slip."));
		break;
	}
	return 1;
}

/* Say, in one short line, until when the flat is locked (local time). */
static int
code_locked(struct ui *ui)
{
	rv_ms	 until = session_lock_until(ui);
	char	 t[RV_TIME_MAX], *hm;

	if (until == 0)
		return 0;
	/* "2026-12-04 23:09": the lock lasts minutes, the hour says it. */
	time_format_short(until, t, sizeof t);
	hm = strrchr(t, ' ') != NULL ? strrchr(t, ' ') + 1 : t;
	/* TRANSLATORS: keep within 38 columns; %s is a time, 23:09. */
	ui_message(ui, TERM_ERROR, _("✖ Locked. Try again after %s."), hm);
	return 1;
}

/* Check the code typed: its shape, the lock, then the kiosk's check. */
static void
code_check(struct ui *ui)
{
	char	*cause = NULL;

	if (code_refuse(ui))
		return;
	if (code_locked(ui)) {
		ui_field_clear(&ui->s.code);
		return;
	}
	if (session_identify(ui, &cause) != RV_OK) {
		ui_field_clear(&ui->s.code);
		if (!code_locked(ui))
			ui_message(ui, TERM_ERROR, "✖ %s", cause);
		free(cause);
		return;
	}
	/* The next draw of the overview counts the steps anew (ui_draw). */
	ui_goto(ui, &screen_overview);
	ui_message(ui, TERM_OK, "%s", _("✔ Thank you, the code is right."));
}

/*
 * Type the code (digits and the letter code's characters are text here);
 * Enter checks it; * (or 9 on a full numeric code) reads it back; Esc,
 * or Backspace on an empty field, goes back.
 */
static enum ui_result
code_key(struct ui *ui, int key)
{
	size_t	 n = 0;
	int	 digits = code_digits_only(&ui->s.code, &n);

	/* What the last frame said may have been the code: wipe it. */
	if (ui->sub == CODE_READ_BACK && ui->said != NULL)
		explicit_bzero(ui->said, ui->saidlen);
	ui->sub = 0;
	if (key == TERM_KEY_ESC ||
	    (key == TERM_KEY_BACKSPACE && ui->s.code.len == 0)) {
		ui_field_clear(&ui->s.code);
		ui->s.flat = -1;
		ui_goto(ui, &screen_identify);
		return UI_HANDLED;
	}
	if (key == TERM_KEY_ENTER) {
		code_check(ui);
		return UI_HANDLED;
	}
	if (key == '*' || (key == '9' && digits && n == RV_CODE_DIGITS)) {
		if (ui->s.code.len == 0) {
			ui->speak = 1;	/* nothing typed: the screen again */
			return UI_HANDLED;
		}
		ui->sub = CODE_READ_BACK;
		ui->speak = 1;
		if (!ui->set.guided)
			ui_message(ui, TERM_WARN, "%s", _("The code is read "
			    "back aloud in guided mode."));
		return UI_HANDLED;
	}
	if (key >= '0' && key <= '9' && digits && n == RV_CODE_DIGITS) {
		ui_message(ui, TERM_WARN, _("All %d digits are typed: press "
		    "Enter."), RV_CODE_DIGITS);
		return UI_HANDLED;
	}
	if (key == TERM_KEY_BACKSPACE || (key < 0x80 && key != 'L' &&
	    key != 'l' && strchr(CODE_KEYS, key) != NULL)) {
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
