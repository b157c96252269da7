/*
 * The receipt: one for the whole session.  Each question answered (its
 * title, the answer, the record's receipt code), the pledge signed (with
 * its amount), the flat and the time, and one QR code of the session's
 * check page, BASE/r/R1+R2+... (session_receipt_url).  The list comes
 * first; 8 scrolls it and, at its end, shows the QR code on a view of
 * its own (8 again goes back to the list): when the list and the code
 * fit together they share the screen.  1 prints the receipt when the
 * kiosk has a printer; 0 or Enter ends the session, which wipes
 * everything of the resident, as the idle time-out does.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ui.h"

#define RECEIPT_QUIET	2	/* modules of quiet zone around the code */
#define RECEIPT_QUIET_MIN 1	/* ... when two do not fit */

/* Did the last frame draw the QR code under the list? */
static int	receipt_inline;

/*
 * The receipt's lines, as the screen and the printer show them: the
 * flat, the time, then one line per answer or pledge.  Free with
 * strv_free.
 */
static char **
receipt_lines(struct ui *ui, size_t *n)
{
	const struct session	*s = &ui->s;
	const struct session_record *r;
	const struct rv_question *q;
	const struct rv_flat	*f = session_flat(ui);
	char			**v, t[RV_TIME_MAX], m[32], *w;
	size_t			 i;

	v = xcalloc(s->nrecords + 3, sizeof *v);
	*n = 0;
	xasprintf(&v[(*n)++], _("Flat %s, %s"), f != NULL ? f->flat_id : "",
	    estate_name(ui->k.estate, ui->set.locale));
	time_format_short(s->nrecords > 0 ? s->records[0].time : time_now(),
	    t, sizeof t);
	xasprintf(&v[(*n)++], _("Time: %s"), t);
	for (i = 0; i < s->nrecords; i++) {
		r = &s->records[i];
		if (r->question >= 0) {
			q = &ui->k.plan->questions[r->question];
			w = session_answer_words(ui, q, r->choice);
			/* TRANSLATORS: number, question, answer, receipt. */
			xasprintf(&v[(*n)++], _("%zu. %s: %s  %s"), i + 1,
			    ui_text(ui, &q->title), w, r->receipt);
			free(w);
		} else if (r->amount >= 0) {
			ui_money(r->amount, m, sizeof m);
			xasprintf(&v[(*n)++], _("%zu. Pledge signed, %s yuan  "
			    "%s"), i + 1, m, r->receipt);
		} else
			xasprintf(&v[(*n)++], _("%zu. Pledge signed  %s"),
			    i + 1, r->receipt);
	}
	return v;
}

/*
 * Draw the QR code of url in what is left of the body, whole or not at
 * all (a cut code does not scan): 0 if drawn, -1 if it does not fit.
 */
static int
receipt_qr(struct ui *ui, const struct rv_qr *qr)
{
	int	 quiet, side, h, y, avail;

	for (quiet = RECEIPT_QUIET; quiet >= RECEIPT_QUIET_MIN; quiet--) {
		side = qr->width + 2 * quiet;
		h = (side + 1) / 2;
		if (h > ui_room(ui) || side + 1 > ui->cols)
			continue;
		if ((y = ui_reserve(ui, h, &avail)) < 0 || avail < h ||
		    term_qr(y, 1, qr, quiet) < 0)
			return -1;
		return 0;
	}
	return -1;
}

/* One line of the address, drawn but not spoken (speech reads no URL). */
static void
receipt_url_line(struct ui *ui, const char *line)
{
	int	 y, avail;

	if ((y = ui_reserve(ui, 1, &avail)) >= 0 && avail > 0)
		term_text(y, 1, ui->cols - 2, TERM_EMPHASIS, line);
}

/*
 * The check page's address in text, broken only between receipt codes
 * (never inside one): the base on a line, then as many +CODE as fit.
 */
static void
receipt_url_text(struct ui *ui, const char *url)
{
	const char	*codes = strstr(url, "/r/"), *p, *end;
	char		*line = NULL, *t;
	size_t		 width = ui->cols > 4 ? (size_t)ui->cols - 3 : 1, n;

	codes = codes != NULL ? codes + 3 : url + strlen(url);
	/* The office's address (ASCII) in pieces of the screen's width. */
	for (p = url; p < codes; p += n) {
		n = (size_t)(codes - p) < width ? (size_t)(codes - p) : width;
		t = xstrndup(p, n);
		receipt_url_line(ui, t);
		free(t);
	}
	for (p = codes; *p != '\0'; p = *end == '+' ? end + 1 : end) {
		end = p + strcspn(p, "+");
		if (line != NULL && strlen(line) + 1 + (size_t)(end - p) >
		    width) {
			receipt_url_line(ui, line);
			free(line);
			line = NULL;
		}
		if (line == NULL)
			xasprintf(&t, "%s%.*s", p == codes ? "" : "+",
			    (int)(end - p), p);
		else
			xasprintf(&t, "%s+%.*s", line, (int)(end - p), p);
		free(line);
		line = t;
	}
	if (line != NULL)
		receipt_url_line(ui, line);
	free(line);
}

/* The keys line: 8 for the other view, 1 print when there is a printer. */
static void
receipt_hint(struct ui *ui, int printer)
{
	if (receipt_inline)
		ui_hint(ui, printer ? _("1 print  0 finish") : _("0 finish"));
	else if (ui->s.shown == 0)
		ui_hint(ui, printer ? _("8 QR code  1 print  0 finish") :
		    _("8 QR code  0 finish"));
	else
		ui_hint(ui, printer ? _("8 list  1 print  0 finish") :
		    _("8 list  0 finish"));
}

/* Draw the list (view 0) or the QR code (view 1). */
static void
receipt_draw(struct ui *ui)
{
	struct rv_qr	*qr = NULL;
	char		*url = NULL, *cause = NULL, *printer, **lines;
	size_t		 n, i;
	int		 pqr;

	receipt_inline = 0;
	ui_title(ui, _("Your receipt"));
	printer = session_printer(ui, &pqr);
	if (ui->s.nrecords == 0) {
		ui_para(ui, TERM_NORMAL, "%s", _("Nothing was recorded this "
		    "time."));
		ui_choice(ui, '0', 0, "%s", _("Finish"));
		ui_hint(ui, _("0 finish"));
		receipt_inline = 1;
		free(printer);
		return;
	}
	if (session_receipt_url(ui, &url, &cause) != RV_OK) {
		ui_message(ui, TERM_ERROR, "✖ %s", cause);
		free(cause);
		cause = NULL;
	} else if (url != NULL && qr_make_screen(url, &qr, &cause) != RV_OK) {
		ui_message(ui, TERM_ERROR, "✖ %s", cause);
		free(cause);
		cause = NULL;
	}
	if (ui->s.shown == 0) {
		lines = receipt_lines(ui, &n);
		for (i = 0; i < n; i++)
			ui_para(ui, i < 2 ? TERM_NORMAL : TERM_EMPHASIS, "%s",
			    lines[i]);
		strv_free(lines, n);
		if (url == NULL) {
			ui_para(ui, TERM_NORMAL, "%s", _("This kiosk has no "
			    "office address, so there is no QR code: check "
			    "the receipt codes at the street office."));
			receipt_inline = 1;
		} else if (ui->scroll == 0 && qr != NULL) {
			ui_gap(ui);
			receipt_inline = receipt_qr(ui, qr) == 0;
		}
	} else {
		/* The code first has the whole body; the words if room. */
		if (qr != NULL && (qr->width + 2 * RECEIPT_QUIET_MIN + 1) / 2 +
		    2 <= ui_room(ui))
			ui_para(ui, TERM_NORMAL, "%s", _("Scan to check at the "
			    "street office that your answers were counted."));
		if (qr == NULL || receipt_qr(ui, qr) != 0) {
			ui_para(ui, TERM_NORMAL, "%s", _("The screen is too "
			    "small for the QR code; the check page is:"));
			receipt_url_text(ui, url);
		}
	}
	receipt_hint(ui, printer != NULL);
	qr_free(qr);
	free(url);
	free(printer);
}

/*
 * Print the receipt: its lines, the chain position of the session's last
 * record, the check page's address, its QR code.
 */
static void
receipt_print(struct ui *ui, const char *printer, int pqr)
{
	const struct session_record *last;
	char		**lines, *url = NULL, *cause = NULL;
	size_t		 n;
	enum rv_status	 st;

	lines = receipt_lines(ui, &n);
	lines = xreallocarray(lines, n + 4, sizeof *lines);
	memmove(lines + 1, lines, n * sizeof *lines);
	lines[0] = xstrdup(_("Your receipt"));
	n++;
	/* Where the session's last record stands in the kiosk's chain. */
	if (ui->s.nrecords > 0) {
		last = &ui->s.records[ui->s.nrecords - 1];
		/* TRANSLATORS: kiosk, seq, start of the record's hash. */
		xasprintf(&lines[n++], _("Kiosk %s, record %llu, %s"),
		    ui->k.device, (unsigned long long)last->seq, last->hash8);
	}
	if ((st = session_receipt_url(ui, &url, &cause)) == RV_OK &&
	    url != NULL)
		xasprintf(&lines[n++], _("Check page: %s"), url);
	if (st == RV_OK)
		st = printer_print(printer, (const char *const *)lines, n,
		    pqr ? url : NULL, &cause);
	if (st == RV_OK) {
		ui_message(ui, TERM_OK, "%s", _("✔ The receipt was printed."));
	} else {
		ui_message(ui, TERM_ERROR, _("✖ The printer failed (%s); the "
		    "receipt stays on the screen."), cause);
		free(cause);
	}
	strv_free(lines, n);
	free(url);
}

/* 8 the other view, 1 print, 0 or Enter the end of the session. */
static enum ui_result
receipt_key(struct ui *ui, int key)
{
	char	*printer;
	int	 pqr;

	switch (key) {
	case '8':
	case ' ':
	case TERM_KEY_DOWN:
	case TERM_KEY_PGDN:
		if (ui->s.shown == 0 && ui->more)
			return UI_UNHANDLED;	/* scroll the list */
		if (receipt_inline) {
			ui->scroll = 0;
			return UI_HANDLED;
		}
		ui->s.shown = !ui->s.shown;
		ui->scroll = 0;
		ui->speak = 1;
		return UI_HANDLED;
	case '1':
		if ((printer = session_printer(ui, &pqr)) == NULL ||
		    ui->s.nrecords == 0)
			return UI_UNHANDLED;
		receipt_print(ui, printer, pqr);
		free(printer);
		return UI_HANDLED;
	case '0':
	case TERM_KEY_ENTER:
	case TERM_KEY_ESC:
		ui_reset(ui);
		ui_message(ui, TERM_OK, "%s", _("Thank you. Everything you "
		    "entered has been cleared."));
		return UI_HANDLED;
	}
	return UI_UNHANDLED;
}

const struct screen screen_receipt = {
	.name = "receipt",
	.draw = receipt_draw,
	.key = receipt_key,
	.resident = 1,
};
