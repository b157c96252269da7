/*
 * QR codes (libqrencode) for the links residents scan: the results page of
 * an estate on the dashboard and in printed notices, a receipt's check page
 * on the kiosk.  One encoder, two drawings: Unicode half blocks for
 * terminals (two module rows per text line) and SVG for pages and paper.
 *
 * A QR code is read as dark modules on a light ground surrounded by a
 * light quiet zone of four modules (ISO/IEC 18004).  Terminals differ in
 * which of their two colours is the light one, so the half-block drawing
 * says which the caller wants the glyphs to stand for.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

#include "renovote.h"

/* UTF-8 of the four half-block cells: none, upper, lower, both. */
static const char *qr_cells[4] = { " ", "\xe2\x96\x80", "\xe2\x96\x84",
    "\xe2\x96\x88" };

/* Encode text as a QR code with error correction level. */
static enum rv_status
qr_encode(const char *text, QRecLevel level, struct rv_qr **out, char **cause)
{
	QRcode		*q;
	struct rv_qr	*qr;
	size_t		 len = strlen(text), i, n;

	*out = NULL;
	if (len == 0 || len > RV_QR_TEXT_MAX)
		return rv_fail(cause, RV_EINPUT, "QR code: the text must be 1 "
		    "to %d bytes, not %zu", RV_QR_TEXT_MAX, len);
	if ((q = QRcode_encodeString8bit(text, 0, level)) == NULL)
		return rv_fail(cause, RV_EINPUT, "QR code: cannot encode "
		    "%zu bytes", len);
	qr = xcalloc(1, sizeof *qr);
	qr->width = q->width;
	n = (size_t)q->width * (size_t)q->width;
	qr->dark = xmalloc(n);
	/* Bit 0 of each libqrencode byte is the module's colour. */
	for (i = 0; i < n; i++)
		qr->dark[i] = q->data[i] & 1;
	QRcode_free(q);
	*out = qr;
	return RV_OK;
}

/*
 * Encode text (a URL, at most RV_QR_TEXT_MAX bytes) as a QR code with
 * error correction level M, which survives a smudged screen or a folded
 * notice.  *out is freed with qr_free.
 */
enum rv_status
qr_make(const char *text, struct rv_qr **out, char **cause)
{
	return qr_encode(text, QR_ECLEVEL_M, out, cause);
}

/*
 * The same with level L, for a code drawn on a terminal that must hold
 * more in fewer lines (the kiosk's session receipt: version 5, 37
 * modules, holds 106 bytes at L, 84 at M).
 */
enum rv_status
qr_make_screen(const char *text, struct rv_qr **out, char **cause)
{
	return qr_encode(text, QR_ECLEVEL_L, out, cause);
}

/* Free a code from qr_make; NULL is fine. */
void
qr_free(struct rv_qr *qr)
{
	if (qr == NULL)
		return;
	free(qr->dark);
	free(qr);
}

/* Whether module (x, y) is dark; anything outside the symbol is quiet zone. */
int
qr_dark(const struct rv_qr *qr, int x, int y)
{
	if (x < 0 || y < 0 || x >= qr->width || y >= qr->width)
		return 0;
	return qr->dark[(size_t)y * (size_t)qr->width + (size_t)x];
}

/*
 * Draw the code with half blocks, quiet modules of margin on every side:
 * (width + 2 * quiet + 1) / 2 lines of width + 2 * quiet columns each, one
 * module per column and two per line.  With light_glyphs the glyphs stand
 * for light modules (a light-on-dark terminal), else for dark ones (dark
 * text on a light ground).  Returns an array of *nlines strings; free it
 * with strv_free.
 */
char **
qr_half_blocks(const struct rv_qr *qr, int quiet, int light_glyphs,
    size_t *nlines)
{
	int	 side = qr->width + 2 * quiet, x, y, top, bottom;
	size_t	 n = (size_t)(side + 1) / 2, i, len;
	char	**lines = xcalloc(n, sizeof *lines);
	char	*p;

	for (i = 0; i < n; i++) {
		/* Each glyph is at most three bytes of UTF-8. */
		p = lines[i] = xmalloc((size_t)side * 3 + 1);
		y = (int)i * 2 - quiet;
		for (x = -quiet; x < qr->width + quiet; x++) {
			top = qr_dark(qr, x, y);
			/* An odd side leaves the last half line quiet. */
			bottom = y + 1 < qr->width + quiet ?
			    qr_dark(qr, x, y + 1) : 0;
			if (light_glyphs) {
				top = !top;
				bottom = !bottom && y + 1 < qr->width + quiet;
			}
			len = strlen(qr_cells[top | bottom << 1]);
			memcpy(p, qr_cells[top | bottom << 1], len);
			p += len;
		}
		*p = '\0';
	}
	*nlines = n;
	return lines;
}

/*
 * Write the code as a standalone SVG image, px pixels per module with a
 * four-module quiet zone, dark modules as one path so that it stays small
 * and prints sharp at any size.
 */
void
qr_svg(FILE *f, const struct rv_qr *qr, int px)
{
	int	 side = qr->width + 8, x, y, run;

	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
	    "shape-rendering=\"crispEdges\">\n"
	    "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n"
	    "<path fill=\"#000\" d=\"", side * px, side * px, side, side,
	    side, side);
	/* Runs of dark modules along each row, one rectangle each. */
	for (y = 0; y < qr->width; y++) {
		for (x = 0; x < qr->width; x += run) {
			for (run = 0; x + run < qr->width &&
			    qr_dark(qr, x + run, y); run++)
				;
			if (run == 0) {
				run = 1;
				continue;
			}
			fprintf(f, "M%d %dh%dv1h-%dz", x + 4, y + 4, run, run);
		}
	}
	fprintf(f, "\"/>\n</svg>\n");
}
