/*
 * The terminal layer (term.h): ncursesw in UTF-8, colour schemes as one
 * table, keys with a timeout, and width-aware drawing.
 *
 * Signals: while the terminal is open, SIGINT, SIGQUIT and SIGTSTP are
 * ignored (raw mode already turns Ctrl-C, Ctrl-\ and Ctrl-Z into plain
 * keys; ignoring them also covers a kill(1) from outside), so nobody at
 * the keyboard can stop or suspend the program.  SIGTERM and SIGHUP only
 * set a flag: term_key then returns TERM_KEY_QUIT and the program
 * restores the terminal and exits through its normal path.
 *
 * Restoring: term_close is the normal way out.  For the others,
 * term_open hands term_restore to fatal() (fatal_hook_set) and to
 * atexit, so neither a fatal error nor an exit() elsewhere leaves the
 * terminal raw, and fatal()'s message is written to a usable terminal.
 */

#include "config.h"

#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "term.h"

#define TERM_ESC_DELAY_MS	25	/* a lone Esc is not a sequence */
#define TERM_TEXT_MAX		4096	/* bytes drawn by one term_text */

/* One element's look in one scheme: colours (-1 default) and attributes. */
struct term_look {
	short	 fg, bg;
	attr_t	 attr;
};

/*
 * The schemes.  Every element also differs by attribute, not only by
 * colour, and the screens put a word or symbol beside every state, so
 * nothing relies on colour alone.  TERM_QR is dark on light in the colour
 * schemes; in monochrome the terminal's own colours are used (see
 * term_qr).
 */
static const struct term_look term_looks[TERM_NSCHEMES][TERM_NELEMS] = {
	[TERM_SCHEME_NORMAL] = {
		[TERM_NORMAL]	= { -1, -1, A_NORMAL },
		[TERM_TITLE]	= { COLOR_WHITE, COLOR_BLUE, A_BOLD },
		[TERM_STATUS]	= { COLOR_BLACK, COLOR_CYAN, A_NORMAL },
		[TERM_SELECTED]	= { COLOR_BLACK, COLOR_YELLOW, A_BOLD },
		[TERM_EMPHASIS]	= { COLOR_CYAN, -1, A_BOLD },
		[TERM_WARN]	= { COLOR_BLACK, COLOR_YELLOW, A_BOLD },
		[TERM_ERROR]	= { COLOR_WHITE, COLOR_RED, A_BOLD },
		[TERM_OK]	= { COLOR_GREEN, -1, A_BOLD },
		[TERM_BAR]	= { COLOR_GREEN, -1, A_BOLD },
		[TERM_MARK]	= { COLOR_BLACK, COLOR_YELLOW, A_BOLD },
		[TERM_QR]	= { COLOR_BLACK, COLOR_WHITE, A_NORMAL },
	},
	[TERM_SCHEME_CONTRAST] = {
		[TERM_NORMAL]	= { COLOR_WHITE, COLOR_BLACK, A_BOLD },
		[TERM_TITLE]	= { COLOR_BLACK, COLOR_WHITE, A_BOLD },
		[TERM_STATUS]	= { COLOR_BLACK, COLOR_WHITE, A_BOLD },
		[TERM_SELECTED]	= { COLOR_BLACK, COLOR_YELLOW, A_BOLD },
		[TERM_EMPHASIS]	= { COLOR_YELLOW, COLOR_BLACK, A_BOLD },
		[TERM_WARN]	= { COLOR_BLACK, COLOR_YELLOW, A_BOLD },
		[TERM_ERROR]	= { COLOR_BLACK, COLOR_YELLOW, A_BOLD | A_UNDERLINE },
		[TERM_OK]	= { COLOR_YELLOW, COLOR_BLACK, A_BOLD },
		[TERM_BAR]	= { COLOR_YELLOW, COLOR_BLACK, A_BOLD },
		[TERM_MARK]	= { COLOR_BLACK, COLOR_YELLOW, A_BOLD },
		[TERM_QR]	= { COLOR_BLACK, COLOR_WHITE, A_NORMAL },
	},
	[TERM_SCHEME_MONO] = {
		[TERM_NORMAL]	= { -1, -1, A_NORMAL },
		[TERM_TITLE]	= { -1, -1, A_REVERSE },
		[TERM_STATUS]	= { -1, -1, A_REVERSE },
		[TERM_SELECTED]	= { -1, -1, A_REVERSE | A_BOLD },
		[TERM_EMPHASIS]	= { -1, -1, A_BOLD },
		[TERM_WARN]	= { -1, -1, A_REVERSE | A_BOLD },
		[TERM_ERROR]	= { -1, -1, A_REVERSE | A_BOLD },
		[TERM_OK]	= { -1, -1, A_BOLD },
		[TERM_BAR]	= { -1, -1, A_BOLD },
		[TERM_MARK]	= { -1, -1, A_REVERSE | A_BOLD },
		[TERM_QR]	= { -1, -1, A_NORMAL },
	},
};

/*
 * Whether QR glyphs stand for light modules, per scheme: the colour
 * schemes draw dark glyphs on a white ground; monochrome assumes the
 * usual light-on-dark console, where the glyphs are the light modules.
 * Either way the code scans as dark modules on a light ground.
 */
static const int term_qr_light[TERM_NSCHEMES] = { 0, 0, 1 };

static SCREEN			*term_screen;
static enum term_scheme		 term_current = TERM_SCHEME_NORMAL;
static int			 term_has_colour;
static int			 term_atexit_set;
static volatile sig_atomic_t	 term_quit;

/* SIGTERM, SIGHUP: ask the program to restore the terminal and leave. */
static void
term_signal(int sig)
{
	(void)sig;
	term_quit = 1;
}

/*
 * Give the terminal back (cooked mode, echo, the cursor) without drawing
 * anything, so that nothing is allocated for a refresh after memory ran
 * out: fatal() calls this before its message, and exit() when the
 * program leaves without term_close.
 */
static void
term_restore(void)
{
	if (term_screen == NULL)
		return;
	fatal_hook_set(NULL);
	endwin();
	delscreen(term_screen);
	term_screen = NULL;
}

/*
 * Start curses on the controlling terminal (stdin and stdout must be
 * terminals; the caller checks that to word its refusal).  Makes sure the
 * character type locale is UTF-8, for the Chinese texts.
 */
enum rv_status
term_open(char **cause)
{
	struct sigaction	 sa;
	const char		*cs;

	cs = nl_langinfo(CODESET);
	if (cs == NULL || strcmp(cs, "UTF-8") != 0) {
		if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
			return rv_fail(cause, RV_EENV, "no UTF-8 locale (set "
			    "LANG to a UTF-8 locale such as C.UTF-8)");
	}
	if ((term_screen = newterm(NULL, stdout, stdin)) == NULL)
		return rv_fail(cause, RV_EENV, "cannot use terminal type "
		    "'%s'", getenv("TERM") != NULL ? getenv("TERM") : "");
	set_term(term_screen);
	/* From here on, no way out leaves the terminal raw. */
	fatal_hook_set(term_restore);
	if (!term_atexit_set && atexit(term_restore) == 0)
		term_atexit_set = 1;
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(TERM_ESC_DELAY_MS);
	curs_set(0);
	term_has_colour = has_colors();
	if (term_has_colour) {
		start_color();
		use_default_colors();
	}
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	signal(SIGTSTP, SIG_IGN);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = term_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	term_set_scheme(TERM_SCHEME_NORMAL);
	return RV_OK;
}

/* Clear the screen and restore the terminal: the normal way out. */
void
term_close(void)
{
	if (term_screen == NULL)
		return;
	erase();
	refresh();
	term_restore();
}

/* Choose a scheme; without colours TERM_SCHEME_MONO is used whatever. */
void
term_set_scheme(enum term_scheme s)
{
	const struct term_look	*l;
	int			 i;

	term_current = term_has_colour ? s : TERM_SCHEME_MONO;
	if (!term_has_colour)
		return;
	for (i = 0; i < TERM_NELEMS; i++) {
		l = &term_looks[term_current][i];
		init_pair((short)(i + 1), l->fg, l->bg);
	}
	bkgdset(COLOR_PAIR(TERM_NORMAL + 1) | ' ');
}

/* The scheme in use. */
enum term_scheme
term_scheme(void)
{
	return term_current;
}

/* The screen's size in columns and lines. */
void
term_size(int *cols, int *rows)
{
	*cols = COLS;
	*rows = LINES;
}

/* Switch drawing to element e. */
static void
term_use(enum term_elem e)
{
	attr_t	 a = term_looks[term_current][e].attr;

	if (term_has_colour)
		a |= COLOR_PAIR(e + 1);
	attrset(a);
}

/*
 * Wait up to timeout_ms (negative: for ever) for a key.  Returns its code
 * point, a TERM_KEY_* value, or TERM_KEY_IDLE when the time passed.
 */
int
term_key(int timeout_ms)
{
	wint_t	 wc;
	int	 r;

	if (term_quit)
		return TERM_KEY_QUIT;
	timeout(timeout_ms);
	r = get_wch(&wc);
	if (term_quit)
		return TERM_KEY_QUIT;
	if (r == ERR)
		return TERM_KEY_IDLE;
	if (r == KEY_CODE_YES) {
		switch (wc) {
		case KEY_RESIZE:
			return TERM_KEY_RESIZE;
		case KEY_ENTER:
			return TERM_KEY_ENTER;
		case KEY_BACKSPACE:
		case KEY_DC:
			return TERM_KEY_BACKSPACE;
		case KEY_UP:
			return TERM_KEY_UP;
		case KEY_DOWN:
			return TERM_KEY_DOWN;
		case KEY_LEFT:
			return TERM_KEY_LEFT;
		case KEY_RIGHT:
			return TERM_KEY_RIGHT;
		case KEY_PPAGE:
			return TERM_KEY_PGUP;
		case KEY_NPAGE:
			return TERM_KEY_PGDN;
		default:
			return TERM_KEY_OTHER;
		}
	}
	switch (wc) {
	case '\r':
	case '\n':
		return TERM_KEY_ENTER;
	case 8:
	case 127:
		return TERM_KEY_BACKSPACE;
	case 27:
		return TERM_KEY_ESC;
	}
	if (wc < 0x20 || (wc >= 0x7f && wc < 0xa0) || wc >= TERM_KEY_BASE)
		return TERM_KEY_OTHER;
	return (int)wc;
}

/* Start a new frame. */
void
term_clear(void)
{
	term_use(TERM_NORMAL);
	erase();
}

/* Show the frame drawn since term_clear. */
void
term_refresh(void)
{
	refresh();
}

/* Sound the terminal's bell (a flash where it has none): a wrong key. */
void
term_beep(void)
{
	beep();
}

/*
 * How many bytes of s fit in width display columns: whole characters
 * only, stopping at a newline.  *used receives the columns they take.
 */
size_t
term_clip(const char *s, int width, int *used)
{
	size_t		 pos = 0, len;
	uint32_t	 cp;
	int		 col = 0, w;

	while (s[pos] != '\0' && s[pos] != '\n') {
		len = utf8_decode(s + pos, &cp);
		w = codepoint_width(cp);
		if (col + w > width)
			break;
		col += w;
		pos += len;
	}
	*used = col;
	return pos;
}

/*
 * Draw s at (y, x) in element e, clipped to width columns and to the
 * screen, with control characters shown as '?'.  Returns the columns
 * drawn.
 */
int
term_text(int y, int x, int width, enum term_elem e, const char *s)
{
	char	 buf[TERM_TEXT_MAX];
	size_t	 n;
	int	 used;

	if (y < 0 || y >= LINES || x < 0 || x >= COLS || width <= 0)
		return 0;
	if (width > COLS - x)
		width = COLS - x;
	/* A character is at most four bytes and at least one column. */
	if (width > (int)(sizeof buf - 1) / 4)
		width = (int)(sizeof buf - 1) / 4;
	n = term_clip(s, width, &used);
	memcpy(buf, s, n);
	buf[n] = '\0';
	/* A C1 character becomes "??", one column wider: clip again. */
	buf[term_clip(text_scrub(buf), width, &used)] = '\0';
	term_use(e);
	mvaddstr(y, x, buf);
	term_use(TERM_NORMAL);
	return used;
}

/* Fill width columns at (y, x) with spaces in element e (a bar, a band). */
void
term_fill(int y, int x, int width, enum term_elem e)
{
	int	 i;

	if (y < 0 || y >= LINES || x < 0)
		return;
	term_use(e);
	for (i = x; i < x + width && i < COLS; i++)
		mvaddch(y, i, ' ');
	term_use(TERM_NORMAL);
}

/* Draw one glyph (one cell wide) at (y, x), if it is on the screen. */
void
term_cell(int y, int x, const char *glyph, enum term_elem e)
{
	if (y < 0 || y >= LINES || x < 0 || x >= COLS)
		return;
	term_use(e);
	mvaddstr(y, x, glyph);
	term_use(TERM_NORMAL);
}

/*
 * Draw a bar of width columns showing part of whole, filled cells '█' in
 * element e and the rest '░', then figure (a percentage, a count) after
 * one space: the figure says in words what the bar shows.
 */
void
term_bar(int y, int x, int width, int64_t part, int64_t whole,
    enum term_elem e, const char *figure)
{
	int64_t	 filled = 0;
	int	 i;

	if (whole > 0 && part > 0)
		filled = part >= whole ? width : part * width / whole;
	for (i = 0; i < width; i++)
		term_cell(y, x + i, i < filled ? "█" : "░",
		    i < filled ? e : TERM_NORMAL);
	if (figure != NULL)
		term_text(y, x + width + 1, COLS - x - width - 1, TERM_NORMAL,
		    figure);
}

/*
 * Draw qr with quiet modules of margin at (y, x) in half blocks.  Returns
 * the lines used, or -1 (drawing nothing) when it does not fit on the
 * screen: a cut QR code is worse than none.
 */
int
term_qr(int y, int x, const struct rv_qr *qr, int quiet)
{
	char	**lines;
	size_t	 n, i;
	int	 side = qr->width + 2 * quiet;

	if (x + side > COLS || y + (side + 1) / 2 > LINES)
		return -1;
	lines = qr_half_blocks(qr, quiet, term_qr_light[term_current], &n);
	for (i = 0; i < n; i++) {
		term_use(TERM_QR);
		mvaddstr(y + (int)i, x, lines[i]);
	}
	term_use(TERM_NORMAL);
	strv_free(lines, n);
	return (int)n;
}
