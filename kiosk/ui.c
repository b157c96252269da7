/*
 * The resident interface: renovote-kiosk run without a command.  One
 * loop draws the current screen from scratch, waits for a key (at most
 * UI_TICK_MS, to watch the idle time), and hands the key to the screen;
 * what the screen leaves alone falls to ui_generic_key.
 *
 * A frame is laid out here, the same for every screen:
 *
 *	line 0		title (estate, screen)
 *	line 1		step N of M, language, mode, contrast, in words
 *	line 2		in a proxy session only: who answers, who checked
 *	lines 2..r-3	the body (from line 3 under the banner), scrolled with 8
 *	line r-2	a message: a confirmation, a refusal, the idle warning
 *	line r-1	the keys
 *
 * A message belongs to the screen it was made on: ui_goto drops it (in
 * guided mode it is still said before the next screen), so a message
 * meant for the next screen is made after ui_goto.
 *
 * Safety: the terminal layer ignores Ctrl-C, Ctrl-Z and Ctrl-\; nothing
 * here runs a command or a shell; the only way out is the committee's
 * exit.  After an idle time-out (or the receipt) the session is wiped
 * (voting code with explicit_bzero), settings go back to their defaults
 * and the screen is cleared.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ui.h"

#define UI_IDLE_MAX_S	86400	/* --idle at most a day */

static enum rv_status cmd_kiosk_ui_exec(struct cmd *, char **);
static void	 ui_log(const char *);

const struct cmd_entry cmd_kiosk_ui_entry = {
	.name = "",
	.options = "db:,estate:,lang:,guided,idle:",
	.minargs = 0,
	.maxargs = 0,
	.usage = N_("[--db FILE] [--lang zh_CN|zh_TW|en] [--guided] "
	    "[--idle SECONDS]"),
	.help = N_("Run the resident interface on this terminal (no command "
	    "given).  Residents\nidentify with their flat and voting code, "
	    "read the plan, answer and sign\npledges; --guided starts in "
	    "guided mode (number keys, spoken screens).\nOnly the committee "
	    "(with the PIN set by load) can leave the program."),
	.exec = cmd_kiosk_ui_exec,
};

/* Milliseconds of a clock that never jumps. */
static rv_ms
ui_clock(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (rv_ms)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Use the interface language loc for messages from now on. */
static void
ui_set_locale(struct ui *ui, enum rv_locale loc)
{
	ui->set.locale = loc;
	setenv("LANGUAGE", locale_name(loc), 1);
	/* Re-binding the domain makes gettext drop its cached lookups. */
	textdomain(PACKAGE);
}

/* The idle time-out in seconds for the current mode. */
int
ui_idle_s(const struct ui *ui)
{
	if (ui->idle_s > 0)
		return ui->idle_s;
	return ui->set.guided ? UI_GUIDED_IDLE_S : UI_IDLE_S;
}

/*
 * Show screen s next, from its top, and have it read aloud.  A message
 * made on the screen left is not shown on s, only said first.
 */
void
ui_goto(struct ui *ui, const struct screen *s)
{
	if (ui->msg[0] != '\0') {
		memcpy(ui->carry, ui->msg, sizeof ui->carry);
		ui->msg[0] = '\0';
	}
	ui->screen = s;
	ui->scroll = 0;
	ui->sub = 0;
	ui->speak = 1;
	ui_field_clear(&ui->field);
	if (s->enter != NULL)
		s->enter(ui);
}

/*
 * End the resident's session: wipe it, restore the default settings,
 * clear the screen and show Welcome.
 */
void
ui_reset(struct ui *ui)
{
	session_clear(&ui->s);
	ui->set = ui->defaults;
	ui_set_locale(ui, ui->set.locale);
	term_set_scheme(ui->set.scheme);
	speech_stop();
	ui->msg[0] = '\0';
	ui->carry[0] = '\0';
	ui->warned = 0;
	term_clear();
	term_refresh();
	ui_goto(ui, &screen_welcome);
}

/*
 * The full stop the len bytes of text need to be said as a sentence of
 * their own: none when they end with punctuation.
 */
static const char *
ui_stop(const struct ui *ui, const char *text, size_t len)
{
	static const char *const ends[] = { "。", "：", "？", "！", "，",
	    "；", ".", ":", "?", "!", "," };
	size_t		 i, n;

	for (i = 0; i < sizeof ends / sizeof ends[0]; i++) {
		n = strlen(ends[i]);
		if (len >= n && memcmp(text + len - n, ends[i], n) == 0)
			return "";
	}
	return ui->set.locale == RV_EN ? "." : "。";
}

/*
 * Append text to what this frame says, as a sentence of its own: a full
 * stop is added when it ends without punctuation, so that the voice
 * pauses between a title and the next line.  speech_say converts the
 * whole for the voice.
 */
void
ui_say(struct ui *ui, const char *text)
{
	const char	*stop;
	size_t		 len = strlen(text), n;

	while (len > 0 && text[len - 1] == ' ')
		len--;
	if (len == 0)
		return;
	stop = ui_stop(ui, text, len);
	n = strlen(stop);
	ui->said = xreallocarray(ui->said, ui->saidlen + len + n + 2, 1);
	memcpy(ui->said + ui->saidlen, text, len);
	ui->saidlen += len;
	memcpy(ui->said + ui->saidlen, stop, n);
	ui->saidlen += n;
	ui->said[ui->saidlen++] = ' ';
	ui->said[ui->saidlen] = '\0';
}

/* Forget what this frame said after its first len bytes. */
void
ui_unsay(struct ui *ui, size_t len)
{
	if (ui->said != NULL && len < ui->saidlen) {
		ui->saidlen = len;
		ui->said[len] = '\0';
	}
}

/* Draw the title line. */
void
ui_title(struct ui *ui, const char *title)
{
	char	*t;

	/* Before an estate is picked, a cluster's kiosk names none. */
	if (ui->nestates > 1 && !ui->s.estate_set)
		t = xstrdup(title);
	else
		xasprintf(&t, "%s · %s", estate_name(ui->k.estate,
		    ui->set.locale), title);
	term_fill(0, 0, ui->cols, TERM_TITLE);
	term_text(0, 1, ui->cols - 2, TERM_TITLE, t);
	free(t);
	ui_say(ui, title);
}

/*
 * Is this a proxy session's screen: a proxy holder and the committee
 * member who checked the proxy named, and the committee gone?
 */
static int
ui_proxy(const struct ui *ui)
{
	return ui->s.proxy != NULL && ui->s.witness != NULL &&
	    ui->screen != &screen_committee && ui->screen != &screen_pin;
}

/* The first body line: after the title, the step line and a banner. */
static int
ui_body_top(const struct ui *ui)
{
	return 2 + ui_proxy(ui);
}

/* How many body lines there are: the rest but the message and keys. */
static int
ui_body_height(const struct ui *ui)
{
	int	 h = ui->rows - 3 - ui_proxy(ui) -
	    (ui->msg_lines > 0 ? ui->msg_lines : 1);

	return h > 1 ? h : 1;
}

/* Draw one body line (virtual row ui->row) if it is in view. */
static void
ui_line(struct ui *ui, int x, enum term_elem e, const char *s, size_t len)
{
	char	*line = xstrndup(s, len);
	int	 y = ui->row - ui->scroll;

	if (y >= 0 && y < ui_body_height(ui))
		term_text(ui_body_top(ui) + y, x, ui->cols - x - 1, e, line);
	free(line);
	ui->row++;
}

/* Wrap text to the body's width from column x and draw it. */
static void
ui_wrapped(struct ui *ui, int x, enum term_elem e, const char *text)
{
	size_t	*starts, *lens, n, i;
	int	 width = ui->cols - x - 1;

	n = text_wrap(text, width >= 2 ? (size_t)width : 2, &starts, &lens);
	for (i = 0; i < n; i++)
		ui_line(ui, x, e, text + starts[i], lens[i]);
	free(starts);
	free(lens);
}

/* A paragraph of the body, wrapped; it is also said. */
void
ui_para(struct ui *ui, enum term_elem e, const char *fmt, ...)
{
	va_list	 ap;
	char	*text;

	va_start(ap, fmt);
	xvasprintf(&text, fmt, ap);
	va_end(ap);
	ui_wrapped(ui, 1, e, text);
	ui_say(ui, text);
	free(text);
}

/* A blank line: always between parts, twice in guided mode. */
void
ui_gap(struct ui *ui)
{
	ui->row++;
	if (ui->set.guided && ui->rows >= 20)
		ui->row++;
}

/* Note a choice's key, for the message a wrong key gets. */
static void
ui_choice_key(struct ui *ui, int key)
{
	if (key < '1' || key > '9')
		return;
	if (ui->keys_lo == 0 || key < ui->keys_lo)
		ui->keys_lo = key;
	if (key > ui->keys_hi)
		ui->keys_hi = key;
}

/*
 * A choice: its key, a mark when it is the one chosen (a symbol and a
 * highlight, never colour alone) and its label.
 */
void
ui_choice(struct ui *ui, int key, int marked, const char *fmt, ...)
{
	va_list	 ap;
	char	*label, *text, *said;

	va_start(ap, fmt);
	xvasprintf(&label, fmt, ap);
	va_end(ap);
	xasprintf(&text, "[%c] %s %s", key, marked ? "✔" : " ", label);
	ui_choice_key(ui, key);
	ui_wrapped(ui, 1, marked ? TERM_SELECTED : TERM_NORMAL, text);
	/* TRANSLATORS: spoken before a choice, e.g. "Press 1: Agree". */
	if (!marked)
		xasprintf(&said, _("Press %c: %s."), key, label);
	else {
		/* TRANSLATORS: spoken for the choice already chosen. */
		xasprintf(&said, _("Press %c: %s, selected."), key, label);
	}
	ui_say(ui, said);
	if (ui->set.guided && ui->rows >= 20)
		ui->row++;
	free(said);
	free(text);
	free(label);
}

/*
 * Reserve h body lines for a drawing (a map, a QR code): returns the
 * screen line where they start, or -1 when they are scrolled out of
 * view; *avail receives how many of them are visible.
 */
int
ui_reserve(struct ui *ui, int h, int *avail)
{
	int	 y = ui->row - ui->scroll, left = ui_body_height(ui) - y;

	ui->row += h;
	*avail = left < h ? left : h;
	if (y < 0 || *avail <= 0)
		return -1;
	return ui_body_top(ui) + y;
}

/* A field being typed, with its label; masked shows '*' for each byte. */
void
ui_input(struct ui *ui, const char *label, const struct ui_field *f,
    int masked)
{
	char	 shown[UI_INPUT_MAX];
	char	*text;
	size_t	 i;

	for (i = 0; i < f->len && i < sizeof shown - 1; i++)
		shown[i] = masked ? '*' : f->buf[i];
	shown[i] = '\0';
	xasprintf(&text, "%s [%s_]", label, shown);
	ui_wrapped(ui, 1, TERM_EMPHASIS, text);
	ui_say(ui, label);
	explicit_bzero(shown, sizeof shown);
	explicit_bzero(text, strlen(text));	/* a code shown in clear */
	free(text);
}

/* The keys line of this frame (drawn once the frame knows its length). */
void
ui_hint(struct ui *ui, const char *keys)
{
	ui->hint = keys;
}

/* Draw the keys line, with "8 more" when the body does not fit. */
static void
ui_draw_hint(struct ui *ui)
{
	char	*t;

	xasprintf(&t, "%s%s", ui->hint != NULL ? ui->hint : "",
	    ui->more ? _("  8 more") : "");
	term_fill(ui->rows - 1, 0, ui->cols, TERM_STATUS);
	term_text(ui->rows - 1, 0, ui->cols, TERM_STATUS, t);
	free(t);
}

/* A message for the next frame, kept until the next key. */
void
ui_message(struct ui *ui, enum term_elem e, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(ui->msg, sizeof ui->msg, fmt, ap);
	va_end(ap);
	ui->msg_elem = e;
	ui->speak = 1;
}

/*
 * Encode a key (a Unicode code point below TERM_KEY_BASE) as UTF-8 into
 * enc; returns its length, 1 to 4.
 */
size_t
ui_utf8_encode(int key, char enc[4])
{
	size_t	 n;

	if (key < 0x80) {
		enc[0] = (char)key;
		n = 1;
	} else if (key < 0x800) {
		enc[0] = (char)(0xc0 | key >> 6);
		enc[1] = (char)(0x80 | (key & 0x3f));
		n = 2;
	} else if (key < 0x10000) {
		enc[0] = (char)(0xe0 | key >> 12);
		enc[1] = (char)(0x80 | (key >> 6 & 0x3f));
		enc[2] = (char)(0x80 | (key & 0x3f));
		n = 3;
	} else {
		enc[0] = (char)(0xf0 | key >> 18);
		enc[1] = (char)(0x80 | (key >> 12 & 0x3f));
		enc[2] = (char)(0x80 | (key >> 6 & 0x3f));
		enc[3] = (char)(0x80 | (key & 0x3f));
		n = 4;
	}
	return n;
}

/*
 * Drop the last character of the UTF-8 text buf (*len bytes, then a
 * NUL): its continuation bytes, then its first byte.
 */
void
ui_utf8_backspace(char *buf, size_t *len)
{
	while (*len > 0 && ((unsigned char)buf[*len - 1] & 0xc0) == 0x80)
		buf[--*len] = '\0';
	if (*len > 0)
		buf[--*len] = '\0';
}

/*
 * Edit field f with key: Backspace deletes a character, a printable key
 * is added if accept is NULL or lists it.  Returns 1 if the field took
 * the key.
 */
int
ui_field_key(struct ui_field *f, int key, const char *accept)
{
	char	 enc[4];
	size_t	 n;

	if (key == TERM_KEY_BACKSPACE) {
		ui_utf8_backspace(f->buf, &f->len);
		return 1;
	}
	if (key < 0x20 || key >= TERM_KEY_BASE)
		return 0;
	if (accept != NULL && (key > 0x7f || strchr(accept, key) == NULL))
		return 0;
	n = ui_utf8_encode(key, enc);
	if (f->len + n >= sizeof f->buf)
		return 1;
	memcpy(f->buf + f->len, enc, n);
	f->len += n;
	f->buf[f->len] = '\0';
	return 1;
}

/* Empty a field, leaving nothing of what was typed in memory. */
void
ui_field_clear(struct ui_field *f)
{
	explicit_bzero(f, sizeof *f);
}

/* A plan text in the interface's language. */
const char *
ui_text(const struct ui *ui, const struct rv_text *t)
{
	return text_get(t, ui->set.locale);
}

/*
 * Fen as yuan with two decimals and the thousands grouped with commas,
 * "1,234.50": a sum is read at a glance, and a comma never breaks a line
 * (text_wrap breaks at spaces and Chinese characters only).  A buffer
 * too small gets the ungrouped form, truncated as snprintf does.
 */
void
ui_money(int64_t fen, char *buf, size_t len)
{
	char	 plain[32];
	size_t	 n, i, o = 0, ndig, first;

	money_format(fen, plain, sizeof plain);
	n = strlen(plain);
	first = plain[0] == '-';
	ndig = n - first - 3;			/* digits before the point */
	if (len < n + ndig / 3 + 1) {
		money_format(fen, buf, len);
		return;
	}
	for (i = 0; i < n; i++) {
		if (i > first && i < first + ndig &&
		    (first + ndig - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = plain[i];
	}
	buf[o] = '\0';
}

/*
 * Say that the frame shows the glossary's terms (GLOSS_* bits): 9 then
 * opens the explanation screen for them.
 */
void
ui_explain(struct ui *ui, unsigned terms)
{
	ui->explain |= terms;
}

/* Body lines still in view below what the frame has drawn. */
int
ui_room(const struct ui *ui)
{
	return ui_body_height(ui) - (ui->row - ui->scroll);
}

/*
 * The page of a list of n entries the session's page cursor shows:
 * entries [*first, *end).  A page holds what fits in the body below the
 * lines drawn so far, with a line left for the page number, and at most
 * UI_PAGE entries (keys 1 to 7); the size is kept for the keys.
 */
void
ui_page(struct ui *ui, size_t n, size_t *first, size_t *end)
{
	int	 room = ui_room(ui), spread = ui->set.guided &&
	    ui->rows >= 20 ? 2 : 1, per;

	per = room / spread;
	if ((size_t)per < n)	/* a line for the page number */
		per = (room - 1) / spread;
	if (per > UI_PAGE)
		per = UI_PAGE;
	if (per < 1)
		per = 1;
	ui->page_size = (size_t)per;
	if (ui->s.page * ui->page_size >= n)
		ui->s.page = 0;
	*first = ui->s.page * ui->page_size;
	*end = *first + ui->page_size < n ? *first + ui->page_size : n;
}

/*
 * A key on a paged list of n entries: 1-7 pick (returns 1 and sets
 * *picked), 8 turns the page (returns 0).  Returns -1 for other keys.
 */
int
ui_page_key(struct ui *ui, int key, size_t n, size_t *picked)
{
	size_t	 per = ui->page_size > 0 ? ui->page_size : UI_PAGE;
	size_t	 first, end;

	if (ui->s.page * per >= n)
		ui->s.page = 0;
	first = ui->s.page * per;
	end = first + per < n ? first + per : n;
	if (key >= '1' && key < '1' + UI_PAGE &&
	    first + (size_t)(key - '1') < end) {
		*picked = first + (size_t)(key - '1');
		return 1;
	}
	if (key == '8' && n > per) {
		ui->s.page = end < n ? ui->s.page + 1 : 0;
		ui->speak = 1;
		return 0;
	}
	return -1;
}

/* The step line: where the resident is, and every setting in words. */
static void
ui_status(struct ui *ui)
{
	char	*t, *step = NULL;

	if (ui->step > 0) {
		if (ui->nsteps > 0)
			xasprintf(&step, _("Step %d of %d"), ui->step,
			    ui->nsteps);
		else	/* before the flat is known, so is the total */
			xasprintf(&step, _("Step %d"), ui->step);
		/* Where the resident is comes first when the screen is read. */
		xasprintf(&t, "%s%s %s", step, ui->set.locale == RV_EN ?
		    "." : "。", ui->said != NULL ? ui->said : "");
		free(ui->said);
		ui->said = t;
		ui->saidlen = strlen(t);
	}
	/* What the last screen confirmed is said before this one. */
	if (ui->carry[0] != '\0') {
		xasprintf(&t, "%s%s %s", ui->carry, ui_stop(ui, ui->carry,
		    strlen(ui->carry)), ui->said != NULL ? ui->said : "");
		free(ui->said);
		ui->said = t;
		ui->saidlen = strlen(t);
		ui->carry[0] = '\0';
	}
	xasprintf(&t, "%s%s%s%s%s", step != NULL ? step : "",
	    step != NULL ? " · " : "", locale_title(ui->set.locale),
	    ui->set.guided ? _(" · guided") : "",
	    term_scheme() == TERM_SCHEME_CONTRAST ? _(" · high contrast") :
	    "");
	term_text(1, 1, ui->cols - 2, TERM_EMPHASIS, t);
	free(t);
	free(step);
	if (ui_proxy(ui)) {
		/* TRANSLATORS: on every screen of a proxy session. */
		xasprintf(&t, _("Proxy answer: holder %s, checked by %s"),
		    ui->s.proxy, ui->s.witness);
		term_fill(2, 0, ui->cols, TERM_WARN);
		term_text(2, 1, ui->cols - 2, TERM_WARN, t);
		free(t);
	}
}

/*
 * Draw the message above the keys line, wrapped on up to UI_MSG_LINES
 * lines taken from the body, so that a narrow screen shows all of it.
 */
static void
ui_draw_message(struct ui *ui)
{
	size_t	*starts, *lens, n, i;
	char	*line;
	int	 y;

	ui->msg_lines = 0;
	if (ui->msg[0] == '\0')
		return;
	ui_say(ui, ui->msg);
	n = text_wrap(ui->msg, ui->cols > 4 ? (size_t)ui->cols - 2 : 2,
	    &starts, &lens);
	if (n > UI_MSG_LINES)
		n = UI_MSG_LINES;
	ui->msg_lines = (int)n;
	y = ui->rows - 1 - (int)n;
	for (i = 0; i < n; i++) {
		line = xstrndup(ui->msg + starts[i], lens[i]);
		term_fill(y + (int)i, 0, ui->cols, ui->msg_elem);
		term_text(y + (int)i, 1, ui->cols - 2, ui->msg_elem, line);
		free(line);
	}
	free(starts);
	free(lens);
}

/*
 * A note for this frame: said, and shown on the message line when no
 * message is there (drawn after the body, so it takes no body line).
 */
void
ui_note(struct ui *ui, const char *text)
{
	ui->note = text;
	ui_say(ui, text);
}

/* Draw the frame's note on the free message line. */
static void
ui_draw_note(struct ui *ui)
{
	if (ui->note == NULL || ui->msg[0] != '\0' || ui->rows < 3)
		return;
	term_fill(ui->rows - 2, 0, ui->cols, TERM_EMPHASIS);
	term_text(ui->rows - 2, 1, ui->cols - 2, TERM_EMPHASIS, ui->note);
}

/* Draw the whole frame and, when due, say it. */
static void
ui_draw(struct ui *ui)
{
	int	 height;

	term_clear();
	term_size(&ui->cols, &ui->rows);
	ui->row = 0;
	ui->step = ui->nsteps = 0;
	ui->keys_lo = ui->keys_hi = 0;
	ui->hint = NULL;
	ui->speak_hint = 0;
	ui->note = NULL;
	ui->explain = 0;
	ui->saidlen = 0;
	if (ui->said != NULL)
		ui->said[0] = '\0';
	ui_draw_message(ui);
	ui->screen->draw(ui);
	session_steps(ui);
	height = ui_body_height(ui);
	if (ui->scroll > 0 && ui->scroll >= ui->row)
		ui->scroll = 0;
	ui->more = ui->row - ui->scroll > height;
	ui_status(ui);
	ui_draw_note(ui);
	ui_draw_hint(ui);
	term_refresh();
}

/* A speech setting one step up or down, within 1 to SPEECH_STEPS. */
static int
ui_speech_step(int v, int up)
{
	v += up ? 1 : -1;
	return v < 1 ? 1 : v > SPEECH_STEPS ? SPEECH_STEPS : v;
}

/*
 * A key that does nothing here: a beep and a message naming the keys
 * that do (the choices of the frame drawn, or the keys line).
 */
static void
ui_wrong_key(struct ui *ui)
{
	term_beep();
	if (ui->keys_lo != 0 && ui->keys_hi > ui->keys_lo)
		ui_message(ui, TERM_WARN, _("This key does nothing here: "
		    "press %c to %c."), ui->keys_lo, ui->keys_hi);
	else if (ui->keys_lo != 0)
		ui_message(ui, TERM_WARN, _("This key does nothing here: "
		    "press %c."), ui->keys_lo);
	else
		ui_message(ui, TERM_WARN, "%s", _("This key does nothing "
		    "here: the keys are on the last line."));
}

/*
 * The keys every screen shares: language, contrast, scrolling, explain
 * (or repeat), speech rate and volume.  Every other key gets
 * ui_wrong_key.
 */
void
ui_generic_key(struct ui *ui, int key)
{
	switch (key) {
	case 'L':
	case 'l':
		ui_set_locale(ui, (enum rv_locale)((ui->set.locale + 1) %
		    RV_NLOCALES));
		ui_message(ui, TERM_OK, "%s", locale_title(ui->set.locale));
		break;
	case 'H':
	case 'h':
		ui->set.scheme = term_scheme() == TERM_SCHEME_CONTRAST ?
		    TERM_SCHEME_NORMAL : TERM_SCHEME_CONTRAST;
		term_set_scheme(ui->set.scheme);
		ui_message(ui, TERM_OK, "%s", ui->set.scheme ==
		    TERM_SCHEME_CONTRAST ? _("High contrast is on.") :
		    _("High contrast is off."));
		break;
	case '9':
	case '?':
		/* Explain the screen's terms; with none, say it again. */
		if (ui->explain != 0)
			explain_open(ui);
		else
			ui->speak = 1;
		break;
	case '8':
	case ' ':
	case TERM_KEY_DOWN:
	case TERM_KEY_PGDN:
		ui->scroll = ui->more ? ui->scroll + ui_body_height(ui) - 1 :
		    0;
		break;
	case TERM_KEY_UP:
	case TERM_KEY_PGUP:
		ui->scroll -= ui_body_height(ui) - 1;
		if (ui->scroll < 0)
			ui->scroll = 0;
		break;
	case '+':
	case '-':
		ui->set.rate = ui_speech_step(ui->set.rate, key == '+');
		ui_message(ui, TERM_OK, _("Speech speed %d of %d"),
		    ui->set.rate, SPEECH_STEPS);
		break;
	case '<':
	case '>':
		ui->set.volume = ui_speech_step(ui->set.volume, key == '>');
		ui_message(ui, TERM_OK, _("Speech volume %d of %d"),
		    ui->set.volume, SPEECH_STEPS);
		break;
	default:
		ui_wrong_key(ui);
		break;
	}
}

/*
 * Watch the idle time: warn UI_WARN_S before the time-out (spoken in
 * guided mode), then reset.  Only a screen holding a resident's data, or
 * changed settings, has anything to time out.
 */
static void
ui_idle(struct ui *ui)
{
	int	 limit = ui_idle_s(ui), warn;
	rv_ms	 idle = ui_clock() - ui->last_key;

	if (!ui->screen->resident && memcmp(&ui->set, &ui->defaults,
	    sizeof ui->set) == 0)
		return;
	warn = limit > 2 * UI_WARN_S ? UI_WARN_S : limit / 2;
	if (idle >= (rv_ms)limit * 1000) {
		ui_reset(ui);
		ui->last_key = ui_clock();
		return;
	}
	if (!ui->warned && idle >= (rv_ms)(limit - warn) * 1000) {
		ui->warned = 1;
		ui_message(ui, TERM_WARN, _("Are you still there? Press any "
		    "key, or the kiosk starts over in %d seconds."), warn);
	}
}

/*
 * Start speech once the first screen is up (loading espeak-ng and
 * opening audio takes longer than drawing it), note in the log when it
 * cannot be loaded, and draw the screen again if what it offers
 * changed (Welcome's spoken hint).
 */
static void
ui_speech_start(struct ui *ui)
{
	char	*line;

	if (!speech_start())
		return;
	if (speech_missing() != NULL) {
		xasprintf(&line, "speech: %s; guided mode is silent",
		    speech_missing());
		ui_log(line);
		free(line);
	}
	ui_draw(ui);
}

/* The loop: draw, wait, dispatch, until the committee exits. */
static void
ui_run(struct ui *ui)
{
	int	 key, dirty = 1;

	ui->last_key = ui_clock();
	ui_goto(ui, &screen_welcome);
	while (!ui->quit) {
		if (dirty || ui->speak) {
			ui_draw(ui);
			ui_speech_start(ui);
			if (ui->speak && (ui->set.guided || ui->speak_hint) &&
			    ui->said != NULL)
				speech_say(ui->set.locale, ui->set.rate,
				    ui->set.volume, ui->said);
			ui->speak = 0;
			dirty = 0;
		}
		key = term_key(UI_TICK_MS);
		if (key == TERM_KEY_QUIT)
			break;
		if (key == TERM_KEY_IDLE) {
			ui_idle(ui);
			continue;
		}
		dirty = 1;
		ui->last_key = ui_clock();
		if (key == TERM_KEY_RESIZE)
			continue;
		ui->warned = 0;
		ui->msg[0] = '\0';
		if (ui->screen->key(ui, key) == UI_UNHANDLED)
			ui_generic_key(ui, key);
	}
	session_clear(&ui->s);
}

/* Read --lang, --guided and --idle into ui. */
static enum rv_status
ui_options(struct ui *ui, const struct cmd *c, char **cause)
{
	const char	*lang = cmd_get(c, "lang");
	long		 idle = 0;
	enum rv_status	 st;

	ui->defaults.locale = RV_ZH_CN;
	ui->defaults.scheme = TERM_SCHEME_NORMAL;
	ui->defaults.guided = cmd_has(c, "guided");
	ui->defaults.rate = SPEECH_STEP_DEFAULT;
	ui->defaults.volume = SPEECH_STEP_DEFAULT;
	if (lang != NULL && locale_from_name(lang, &ui->defaults.locale) != 0)
		return rv_fail(cause, RV_EUSAGE, "--lang: '%s' is not one of "
		    "zh_CN, zh_TW, en", lang);
	/* Seconds; 0 (not given) keeps the mode's default. */
	if ((st = cmd_get_number(c, "idle", 2, UI_IDLE_MAX_S, &idle,
	    cause)) != RV_OK)
		return st;
	ui->idle_s = (int)idle;
	ui->set = ui->defaults;
	return RV_OK;
}

/* Append a line stamped with the time to stderr (the kiosk's log). */
static void
ui_log(const char *what)
{
	char	 at[RV_TIME_MAX];

	/* To the second, as a person reading the log wants it. */
	time_format(time_now() / 1000 * 1000, RV_CST_OFFSET, at, sizeof at);
	fprintf(stderr, "%s renovote-kiosk[%ld]: %s\n", at, (long)getpid(),
	    what);
}

/*
 * Send stderr to the kiosk's log, the database's path with ".log"
 * (appended, created mode 0600), while the interface owns the terminal:
 * a library's complaint would garble the screen, and a fatal error's
 * message must be left where the committee can read it, not on a screen
 * that is cleared nor in /dev/null.  *saved receives the old stderr.
 */
static enum rv_status
ui_log_open(struct ui *ui, int *saved, char **cause)
{
	enum rv_status	 st = RV_OK;
	char		*path;
	int		 fd;

	*saved = -1;
	path = kiosk_log_path(&ui->k);
	fflush(stderr);
	if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW |
	    O_CLOEXEC, 0600)) == -1) {
		st = rv_fail(cause, RV_EENV, "%s: cannot open the kiosk's "
		    "log: %s", path, strerror(errno));
		goto out;
	}
	if ((*saved = dup(STDERR_FILENO)) == -1 ||
	    dup2(fd, STDERR_FILENO) == -1) {
		st = rv_fail(cause, RV_EENV, "%s: cannot log to it: %s", path,
		    strerror(errno));
		if (*saved != -1)
			close(*saved);
		*saved = -1;
	}
	close(fd);
	if (st == RV_OK)
		ui_log("resident interface started");
out:
	free(path);
	return st;
}

/* Note the end in the log and put the old stderr back. */
static void
ui_log_close(int saved)
{
	if (saved == -1)
		return;
	ui_log("resident interface ended");
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
}

/*
 * Check there is a terminal and a loaded package, then run the interface
 * with stderr in the kiosk's log (ui_log_open), restoring everything on
 * the way out.
 */
static enum rv_status
cmd_kiosk_ui_exec(struct cmd *c, char **cause)
{
	struct ui	*ui;
	const char	*msgs;
	enum rv_status	 st;
	int		 saved = -1, held;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return rv_fail(cause, RV_EINPUT, "the resident interface needs "
		    "a terminal on stdin and stdout");
	ui = xcalloc(1, sizeof *ui);
	/* The typed code and PIN live here all day: keep them out of cores. */
	secret_dontdump(ui, sizeof *ui);
	ui->cmd = c;
	session_clear(&ui->s);
	if ((st = ui_options(ui, c, cause)) != RV_OK ||
	    (st = kiosk_open(c, cmd_has(c, "estate"), &ui->k,
	    cause)) != RV_OK) {
		free(ui);
		return st;
	}
	if (ui->k.estate != NULL) {
		/* --estate: this one only. */
		ui->estates = xcalloc(1, sizeof *ui->estates);
		ui->plans = xcalloc(1, sizeof *ui->plans);
		ui->estates[0] = ui->k.estate;
		ui->plans[0] = ui->k.plan;
		ui->nestates = 1;
	} else if ((st = session_load_estates(ui, cause)) != RV_OK) {
		session_free_estates(ui);
		kiosk_close(&ui->k);
		free(ui);
		return st;
	}
	/* Only the committee's PIN leads out: without one, do not start. */
	if ((st = session_pin_held(ui, &held, cause)) != RV_OK)
		goto out;
	if (!held) {
		st = rv_fail(cause, RV_EINPUT, "no committee PIN is set, so "
		    "nobody could leave the resident interface: load the "
		    "package again with --pin-file FILE or on a terminal");
		goto out;
	}
	/* LANGUAGE is ignored under the C locale; use C.UTF-8 for messages. */
	msgs = setlocale(LC_MESSAGES, NULL);
	if (msgs == NULL || strcmp(msgs, "C") == 0 ||
	    strcmp(msgs, "POSIX") == 0)
		setlocale(LC_MESSAGES, "C.UTF-8");
	ui_set_locale(ui, ui->set.locale);
	if ((st = ui_log_open(ui, &saved, cause)) != RV_OK)
		goto out;
	speech_open();
	if ((st = term_open(cause)) == RV_OK) {
		ui_run(ui);
		term_close();
	}
	speech_close();
	ui_log_close(saved);
out:
	session_clear(&ui->s);
	free(ui->said);
	session_free_estates(ui);
	kiosk_close(&ui->k);
	freezero(ui, sizeof *ui);
	return st;
}
