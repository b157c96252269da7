/*
 * The terminal layer: the only code that includes <curses.h>.  It owns
 * initialisation and restoring of the terminal, the UTF-8 locale, the
 * colour schemes, reading keys with a timeout, and drawing text measured
 * in display columns (a Chinese character is two wide), bars and
 * QR codes.  It knows nothing of kiosks, offices or the store: a program
 * draws a frame with these calls and then calls term_refresh.
 *
 * Typical use (the office dashboard, say):
 *
 *	if (term_open(&cause) != RV_OK) ...report, exit 3...
 *	for (;;) {
 *		term_clear();
 *		term_size(&cols, &rows);
 *		term_text(0, 0, cols, TERM_TITLE, title);
 *		term_bar(2, 0, 30, part, whole, TERM_BAR, "66.74%");
 *		term_qr(4, 0, qr, 2);
 *		term_refresh();
 *		key = term_key(5000);	(TERM_KEY_IDLE after 5 s)
 *		if (key == 'q' || key == TERM_KEY_QUIT) break;
 *	}
 *	term_close();
 *
 * Coordinates are (row, column) from the top left, in display columns.
 * Everything drawn is clipped to the screen and to the width given; a
 * wide character that would straddle the edge is left out, never split.
 */

#ifndef RENOVOTE_TERM_H
#define RENOVOTE_TERM_H

#include "renovote.h"

/* What is drawn: each element has one look per scheme. */
enum term_elem {
	TERM_NORMAL,		/* body text */
	TERM_TITLE,		/* the top line */
	TERM_STATUS,		/* step line and key hints */
	TERM_SELECTED,		/* the chosen option */
	TERM_EMPHASIS,		/* figures the resident should notice */
	TERM_WARN,		/* idle warning, closed notice */
	TERM_ERROR,		/* a refused code, a failed export */
	TERM_OK,		/* a confirmation */
	TERM_BAR,		/* the filled part of a bar */
	TERM_MARK,		/* the resident's building, the current item */
	TERM_QR,		/* the QR code: dark on light */
	TERM_NELEMS
};

/* Colour schemes; TERM_MONO is used whenever the terminal has no colour. */
enum term_scheme {
	TERM_SCHEME_NORMAL,
	TERM_SCHEME_CONTRAST,
	TERM_SCHEME_MONO,
	TERM_NSCHEMES
};

/* Keys term_key returns besides Unicode code points. */
#define TERM_KEY_IDLE		(-1)		/* the timeout passed */
#define TERM_KEY_BASE		0x110000	/* above every code point */
#define TERM_KEY_RESIZE		(TERM_KEY_BASE + 1)
#define TERM_KEY_ENTER		(TERM_KEY_BASE + 2)
#define TERM_KEY_BACKSPACE	(TERM_KEY_BASE + 3)
#define TERM_KEY_ESC		(TERM_KEY_BASE + 4)
#define TERM_KEY_UP		(TERM_KEY_BASE + 5)
#define TERM_KEY_DOWN		(TERM_KEY_BASE + 6)
#define TERM_KEY_LEFT		(TERM_KEY_BASE + 7)
#define TERM_KEY_RIGHT		(TERM_KEY_BASE + 8)
#define TERM_KEY_PGUP		(TERM_KEY_BASE + 9)
#define TERM_KEY_PGDN		(TERM_KEY_BASE + 10)
#define TERM_KEY_QUIT		(TERM_KEY_BASE + 11)	/* SIGTERM or SIGHUP */
#define TERM_KEY_OTHER		(TERM_KEY_BASE + 12)	/* a key of no use */

/* term.c */
enum rv_status term_open(char **);
void	 term_close(void);
void	 term_set_scheme(enum term_scheme);
enum term_scheme term_scheme(void);
void	 term_size(int *, int *);
int	 term_key(int);
void	 term_clear(void);
void	 term_refresh(void);
void	 term_beep(void);
int	 term_text(int, int, int, enum term_elem, const char *);
void	 term_fill(int, int, int, enum term_elem);
size_t	 term_clip(const char *, int, int *);
void	 term_cell(int, int, const char *, enum term_elem);
void	 term_bar(int, int, int, int64_t, int64_t, enum term_elem,
	    const char *);
int	 term_qr(int, int, const struct rv_qr *, int);

#endif /* RENOVOTE_TERM_H */
