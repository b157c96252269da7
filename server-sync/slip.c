/*
 * The printable voting-code slips of `codes issue --slips`: one A6 page
 * per flat with the estate, the flat, the code as text in both forms (the
 * letter code and the same code as 18 digits), a QR code of the letter
 * code (what a scanner at the kiosk types), how to vote in three steps and
 * the voting window.  The page is self-contained print-ready HTML: its own
 * CSS with @page A6, the QR code as inline SVG, nothing fetched.
 *
 * The codes are secrets: the page is written into one buffer sized up
 * front (a bigger one, the old wiped, if it did not fit), so no realloc
 * leaves copies behind, and the QR modules are wiped before they are
 * freed.  The data comes from codes issue; this file never sees the store.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "office.h"
#include "web-int.h"

#define SLIP_BYTES	16384	/* a first guess of one slip's size */
#define SLIP_HEAD_BYTES	8192	/* ... and of the head and CSS */
#define SLIP_TRIES	4	/* doublings before giving up */
#define SLIP_QR_PX	4	/* SVG pixels per module (CSS sizes it) */
#define SLIP_LINE_GROUPS 3	/* groups of digits on a line */

static const char slip_css[] =
"@page { size: 105mm 148mm; margin: 6mm; }\n"	/* A6; Chromium has no "A6" */
"* { box-sizing: border-box; }\n"
"html, body { margin: 0; padding: 0; }\n"
"body { font-family: \"Noto Sans CJK SC\", \"Noto Sans CJK TC\", "
"\"Noto Serif CJK SC\", \"PingFang SC\", \"Microsoft YaHei\", sans-serif;\n"
"  font-size: 11pt; line-height: 1.3; color: #000; }\n"
"section.slip { page-break-inside: avoid; break-inside: avoid; }\n"
"section.slip + section.slip { page-break-before: always; "
"break-before: page; }\n"
"h1 { font-size: 14pt; margin: 0 0 1mm; }\n"
".flat { font-size: 16pt; font-weight: bold; margin: 0 0 2mm; }\n"
".code { display: flex; gap: 3mm; align-items: center; "
"border: 0.4mm solid #000; padding: 2mm; }\n"
".code svg { width: 34mm; height: 34mm; flex: none; }\n"
".label { font-size: 9pt; margin: 0; }\n"
".letters { font-family: \"DejaVu Sans Mono\", monospace; font-size: 13pt; "
"font-weight: bold; margin: 0 0 2mm; white-space: nowrap; }\n"
".digits { font-family: \"DejaVu Sans Mono\", monospace; font-size: 15pt; "
"font-weight: bold; margin: 0; white-space: nowrap; }\n"
"h2 { font-size: 12pt; margin: 2.5mm 0 1mm; }\n"
"ol { margin: 0; padding-left: 5mm; }\n"
"li { margin: 0 0 1mm; }\n"
".window { font-weight: bold; margin: 2mm 0 1mm; }\n"
".keep { font-size: 9.5pt; margin: 1mm 0 0; }\n"
"@media screen { section.slip { width: 93mm; margin: 4mm auto; "
"border: 0.3mm dashed #888; padding: 3mm; } }\n";

/*
 * The QR code of one letter code as inline SVG, its modules wiped before
 * they are freed.
 */
static enum rv_status
slip_qr(FILE *f, const char *code, char **cause)
{
	struct rv_qr	*qr = NULL;
	enum rv_status	 st;

	if ((st = qr_make(code, &qr, cause)) != RV_OK)
		return st;
	qr_svg(f, qr, SLIP_QR_PX);
	explicit_bzero(qr->dark, (size_t)qr->width * (size_t)qr->width);
	qr_free(qr);
	return RV_OK;
}

/*
 * The numeric form in large type, on two lines of three groups: "083 328
 * 443" above "641 578 850", as it is typed, group by group.
 */
static void
slip_digits(FILE *f, const char *num)
{
	const char	*p, *sp;
	int		 group = 0;

	fputs("<p class=\"digits\">", f);
	for (p = num; *p != '\0'; p = sp + 1) {
		sp = strchr(p, ' ');
		fwrite(p, 1, sp != NULL ? (size_t)(sp - p) : strlen(p), f);
		if (sp == NULL)
			break;
		fputs(++group == SLIP_LINE_GROUPS ? "<br>" : " ", f);
	}
	fputs("</p>\n", f);
}

/* One flat's slip: the estate, the flat, the code, the steps, the window. */
static enum rv_status
slip_one(FILE *f, const struct slip_set *set, size_t i, char **cause)
{
	const struct rv_flat	*fl = &set->estate->flats[i];
	char			 num[RV_CODE_NUM_TEXT];
	char			 a[RV_TIME_MAX], b[RV_TIME_MAX];
	enum rv_status		 st;

	if (code_numeric(set->codes[i], num, sizeof num) != 0)
		return rv_fail(cause, RV_EENV, "slip of %s: not a voting code",
		    fl->flat_id);
	fputs("<section class=\"slip\">\n<h1>", f);
	html_put(f, estate_name(set->estate, set->loc));
	fputs("</h1>\n<p class=\"flat\">", f);
	html_printf(f, _("Building %s, entrance %s, flat %s"), fl->building,
	    fl->entrance, fl->room);
	fputs("</p>\n<div class=\"code\">\n", f);
	if ((st = slip_qr(f, set->codes[i], cause)) != RV_OK)
		goto out;
	fputs("<div>\n<p class=\"label\">", f);
	html_put(f, _("Voting code (scan the QR code):"));
	/* Codes are letters, digits and dashes: nothing to escape. */
	fprintf(f, "</p>\n<p class=\"letters\">%s</p>\n<p class=\"label\">",
	    set->codes[i]);
	html_printf(f, _("The same code in %d digits, for the number keys:"),
	    RV_CODE_DIGITS);
	fputs("</p>\n", f);
	slip_digits(f, num);
	fputs("</div>\n</div>\n<h2>", f);
	html_put(f, _("How to vote"));
	fputs("</h2>\n<ol>\n<li>", f);
	html_put(f, _("At the voting kiosk, press 1 and pick your building, "
	    "entrance and flat."));
	fputs("</li>\n<li>", f);
	html_printf(f, _("Hold the QR code under the scanner, or type the %d "
	    "digits and press Enter."), RV_CODE_DIGITS);
	fputs("</li>\n<li>", f);
	html_put(f, _("Answer each question; the kiosk gives you a "
	    "receipt."));
	fputs("</li>\n</ol>\n<p class=\"window\">", f);
	if (set->opens != 0 && set->closes != 0) {
		time_format_short(set->opens, a, sizeof a);
		time_format_short(set->closes, b, sizeof b);
		html_printf(f, _("Voting from %s to %s"), a, b);
	} else
		html_put(f, _("The committee announces when voting opens."));
	fputs("</p>\n<p class=\"keep\">", f);
	html_put(f, _("Keep this slip to yourself: the code answers for your "
	    "flat. A new slip makes this one void."));
	fputs("</p>\n</section>\n", f);
out:
	explicit_bzero(num, sizeof num);
	return st;
}

/* Write every slip of the set into f, in set->loc. */
static enum rv_status
slip_write(FILE *f, const struct slip_set *set, char **cause)
{
	enum rv_status	 st = RV_OK;
	size_t		 i;

	web_lang_enter(set->loc);
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<title>", web_lang_tag(set->loc));
	html_put(f, estate_name(set->estate, set->loc));
	fputs(" · ", f);
	html_put(f, _("Voting code slips"));
	fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n",
	    slip_css);
	for (i = 0; i < set->estate->nflats && st == RV_OK; i++)
		st = slip_one(f, set, i, cause);
	fputs("</body>\n</html>\n", f);
	web_lang_leave();
	return st;
}

/*
 * Render the slips of every flat of set->estate into one allocated
 * buffer: *out (*outlen bytes of HTML, *outcap for freezero).  A buffer
 * too small is wiped and a bigger one tried.
 */
enum rv_status
slip_render(const struct slip_set *set, char **out, size_t *outlen,
    size_t *outcap, char **cause)
{
	FILE		*f;
	char		*buf;
	size_t		 cap;
	long		 end;
	int		 tries, bad;
	enum rv_status	 st;

	*out = NULL;
	cap = SLIP_HEAD_BYTES + set->estate->nflats * SLIP_BYTES;
	for (tries = 0; tries < SLIP_TRIES; tries++, cap *= 2) {
		buf = xcalloc(cap, 1);
		if ((f = fmemopen(buf, cap, "w")) == NULL) {
			freezero(buf, cap);
			return rv_fail(cause, RV_EENV, "cannot build slips");
		}
		/* No stdio buffer: it would keep copies of the codes. */
		setvbuf(f, NULL, _IONBF, 0);
		st = slip_write(f, set, cause);
		bad = fflush(f) != 0 || ferror(f);
		end = ftell(f);
		bad |= fclose(f) != 0;
		if (st != RV_OK) {
			freezero(buf, cap);
			return st;
		}
		if (!bad && end >= 0 && (size_t)end + 1 < cap) {
			*out = buf;
			*outlen = (size_t)end;
			*outcap = cap;
			return RV_OK;
		}
		freezero(buf, cap);
	}
	return rv_fail(cause, RV_EENV, "cannot build slips: too large");
}
