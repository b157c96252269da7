/*
 * An RFC 4180 CSV reader over an in-memory buffer, and the one-field
 * writer the exports use.
 *
 * Street offices hand us spreadsheets saved as CSV, usually by a Chinese
 * Excel: a UTF-8 byte order mark, CRLF line ends, quoted fields with
 * embedded commas and newlines.  The reader accepts exactly that and
 * refuses anything it would otherwise have to guess about (a stray quote,
 * a bare CR, a NUL, bytes that are not UTF-8), naming the physical line.
 *
 * A city roster is a few hundred thousand records, so the reader copies
 * each record's decoded fields into one buffer it reuses, and the field
 * pointers it hands out point into that buffer: no allocation per field
 * once the buffers have grown to the widest record.
 */

#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "renovote.h"

#define CSV_BOM		"\xef\xbb\xbf"
#define CSV_BOM_LEN	3
#define CSV_DATA_INIT	256	/* first size of the decoded-record buffer */
#define CSV_FIELDS_INIT	16	/* first number of field slots */

/* Refusals worded once, though found in more than one place. */
static const char csv_nul[] = "NUL byte (not a text file?)";
static const char csv_bare_cr[] = "carriage return without line feed (save "
    "with LF or CRLF line ends)";

struct csv {
	char		*name;		/* file name for messages */
	const char	*buf;		/* the caller's buffer, not copied */
	size_t		 len;
	size_t		 off;		/* next unread byte of buf */
	size_t		 line;		/* physical line of buf[off], 1-based */
	size_t		 recline;	/* line the last record started on */

	char		*data;		/* decoded fields, each NUL-terminated */
	size_t		 datalen;
	size_t		 datasize;

	size_t		*starts;	/* offset of each field in data */
	char		**fields;	/* what csv_next hands out */
	size_t		 nfields;
	size_t		 fieldsize;	/* slots in starts and fields */
};

/*
 * Start reading len bytes at buf, which must stay valid and unchanged
 * until csv_free.  A UTF-8 byte order mark at the very start is skipped:
 * it is how Excel marks a "CSV UTF-8" file, not part of the first field.
 */
struct csv *
csv_open(const char *name, const char *buf, size_t len)
{
	struct csv	*c;

	c = xcalloc(1, sizeof *c);
	c->name = xstrdup(name);
	c->buf = buf;
	c->len = buf == NULL ? 0 : len;
	c->line = 1;
	if (c->len >= CSV_BOM_LEN && memcmp(buf, CSV_BOM, CSV_BOM_LEN) == 0)
		c->off = CSV_BOM_LEN;
	c->datasize = CSV_DATA_INIT;
	c->data = xmalloc(c->datasize);
	c->fieldsize = CSV_FIELDS_INIT;
	c->starts = xcalloc(c->fieldsize, sizeof *c->starts);
	c->fields = xcalloc(c->fieldsize, sizeof *c->fields);
	return c;
}

/* Free the reader; the fields it last returned go with it. */
void
csv_free(struct csv *c)
{
	if (c == NULL)
		return;
	free(c->name);
	free(c->data);
	free(c->starts);
	free(c->fields);
	free(c);
}

/* The line on which the last record returned by csv_next started. */
size_t
csv_line(const struct csv *c)
{
	return c->recline;
}

/*
 * Append n bytes to the decoded record, doubling the buffer when needed.
 * The record length limit keeps the buffer near RV_LINE_MAX.
 */
static void
csv_append(struct csv *c, const char *p, size_t n)
{
	size_t	 size = c->datasize;

	if (n == 0)
		return;
	while (size - c->datalen < n)
		size *= 2;
	if (size != c->datasize) {
		c->data = xreallocarray(c->data, size, 1);
		c->datasize = size;
	}
	memcpy(c->data + c->datalen, p, n);
	c->datalen += n;
}

/* Note that a new field starts at the current end of the decoded record. */
static void
csv_begin_field(struct csv *c)
{
	if (c->nfields == c->fieldsize) {
		c->fieldsize *= 2;
		c->starts = xreallocarray(c->starts, c->fieldsize,
		    sizeof *c->starts);
		c->fields = xreallocarray(c->fields, c->fieldsize,
		    sizeof *c->fields);
	}
	c->starts[c->nfields++] = c->datalen;
}

/*
 * Report a problem on the given line as "NAME:LINE: reason" and return
 * -1, so that a failure reads "return csv_fail(...)".
 */
static int RV_PRINTF(4, 5)
csv_fail(const struct csv *c, size_t line, char **cause, const char *fmt,
    ...)
{
	va_list	 ap;
	char	*why;

	va_start(ap, fmt);
	xvasprintf(&why, gettext(fmt), ap);
	va_end(ap);
	rv_fail(cause, RV_EINPUT, "%s:%zu: %s", c->name, line, why);
	free(why);
	return -1;
}

/* Refuse a record that has grown past RV_LINE_MAX bytes. */
static int
csv_too_long(const struct csv *c, size_t line, int quoted, char **cause)
{
	if (quoted)
		return csv_fail(c, line, cause, "record longer than %d bytes "
		    "(is the quoted field opened here closed?)", RV_LINE_MAX);
	return csv_fail(c, line, cause, "record longer than %d bytes",
	    RV_LINE_MAX);
}

/*
 * Read an unquoted field from *pos, stopping before the comma or line end
 * that closes it, or at lim (the record length limit or the end of the
 * buffer).  A quote, NUL or CR not followed by LF inside it is refused:
 * each means the file is not what it seems.
 */
static int
csv_unquoted(struct csv *c, size_t *pos, size_t lim, char **cause)
{
	const char	*b = c->buf;
	size_t		 i = *pos;

	while (i < lim && b[i] != ',' && b[i] != '\n' && b[i] != '\r' &&
	    b[i] != '"' && b[i] != '\0')
		i++;
	csv_append(c, b + *pos, i - *pos);
	*pos = i;
	if (i == lim)
		return 0;	/* the end, or too long: csv_next decides */
	switch (b[i]) {
	case '"':
		return csv_fail(c, c->line, cause, "quote inside a field that "
		    "does not start with one (quote the whole field and "
		    "double the quote)");
	case '\0':
		return csv_fail(c, c->line, cause, "%s", csv_nul);
	case '\r':
		if (i + 1 >= c->len || b[i + 1] != '\n')
			return csv_fail(c, c->line, cause, "%s", csv_bare_cr);
		break;
	}
	return 0;
}

/*
 * Read a quoted field whose opening quote is at *pos.  "" stands for one
 * quote; commas and line ends inside are data, and lines are counted so
 * that later messages name the right physical line.  After the closing
 * quote only a comma, a line end or the end of the buffer may follow.
 */
static int
csv_quoted(struct csv *c, size_t start, size_t *pos, size_t lim,
    char **cause)
{
	const char	*b = c->buf;
	size_t		 i = *pos + 1, run, qline = c->line;

	for (;;) {
		run = i;
		while (i < lim && b[i] != '"' && b[i] != '\0') {
			if (b[i] == '\n')
				c->line++;
			i++;
		}
		csv_append(c, b + run, i - run);
		if (i >= lim) {
			if (i - start > RV_LINE_MAX)
				return csv_too_long(c, qline, 1, cause);
			return csv_fail(c, qline, cause, "quoted field is "
			    "never closed");
		}
		if (b[i] == '\0')
			return csv_fail(c, c->line, cause, "%s", csv_nul);
		if (i + 1 < c->len && b[i + 1] == '"') {
			csv_append(c, "\"", 1);
			i += 2;
			continue;
		}
		i++;
		break;
	}
	*pos = i;
	if (i == c->len || b[i] == ',' || b[i] == '\n' ||
	    (b[i] == '\r' && i + 1 < c->len && b[i + 1] == '\n'))
		return 0;
	if (b[i] == '\r')
		return csv_fail(c, c->line, cause, "%s", csv_bare_cr);
	return csv_fail(c, c->line, cause, "text after the closing quote of a "
	    "field (double a quote inside a quoted field)");
}

/*
 * Check that the raw record b[start..end) is UTF-8.  On failure, find the
 * physical line at fault: no UTF-8 sequence contains a LF byte, so each
 * line can be checked on its own.
 */
static int
csv_check_utf8(const struct csv *c, size_t start, size_t end, char **cause)
{
	const char	*b = c->buf, *nl;
	size_t		 line = c->recline, i = start, n;

	if (utf8_valid(b + start, end - start))
		return 0;
	while (i < end) {
		nl = memchr(b + i, '\n', end - i);
		n = nl == NULL ? end - i : (size_t)(nl - (b + i));
		if (!utf8_valid(b + i, n))
			break;
		i += n + 1;
		line++;
	}
	return csv_fail(c, line, cause, "not valid UTF-8 (if the file was "
	    "saved as GBK, save it as \"CSV UTF-8\")");
}

/* Skip completely empty lines, LF or CRLF, counting them. */
static void
csv_skip_empty(struct csv *c)
{
	const char	*b = c->buf;

	while (c->off < c->len) {
		if (b[c->off] == '\n')
			c->off++;
		else if (b[c->off] == '\r' && c->off + 1 < c->len &&
		    b[c->off + 1] == '\n')
			c->off += 2;
		else
			break;
		c->line++;
	}
}

/*
 * Read the next record.  Returns 1 and sets *fields and *nfields (strings
 * owned by the reader, valid until the next call), 0 at the end of the
 * input, or -1 with *cause set.  After an error the reader must not be
 * used again except to free it.
 */
int
csv_next(struct csv *c, char ***fields, size_t *nfields, char **cause)
{
	const char	*b = c->buf;
	size_t		 start, lim, i, k;

	csv_skip_empty(c);
	if (c->off >= c->len)
		return 0;

	start = i = c->off;
	c->recline = c->line;
	c->datalen = 0;
	c->nfields = 0;
	/* One byte past the limit, so that reaching it means too long. */
	lim = c->len - start > RV_LINE_MAX ? start + RV_LINE_MAX + 1 : c->len;

	for (;;) {
		csv_begin_field(c);
		if (i < lim && b[i] == '"') {
			if (csv_quoted(c, start, &i, lim, cause) != 0)
				return -1;
		} else if (csv_unquoted(c, &i, lim, cause) != 0)
			return -1;
		if (i - start > RV_LINE_MAX)
			return csv_too_long(c, c->recline, 0, cause);
		csv_append(c, "", 1);
		if (i >= c->len)
			break;
		if (b[i] == ',') {
			i++;
			continue;
		}
		/* The field readers stop only at a comma, LF or CRLF. */
		if (b[i] == '\r')
			i++;
		i++;
		c->line++;
		break;
	}
	if (csv_check_utf8(c, start, i, cause) != 0)
		return -1;
	c->off = i;

	/* data no longer moves: turn offsets into pointers. */
	for (k = 0; k < c->nfields; k++)
		c->fields[k] = c->data + c->starts[k];
	*fields = c->fields;
	*nfields = c->nfields;
	return 1;
}

/*
 * Write s as one CSV field, quoted only when it holds a comma, quote, CR
 * or LF.  Returns 0, or -1 on a write error.
 */
int
csv_write_field(FILE *f, const char *s)
{
	const char	*p;

	if (strpbrk(s, ",\"\r\n") == NULL)
		return fputs(s, f) == EOF ? -1 : 0;
	if (putc('"', f) == EOF)
		return -1;
	for (p = s; *p != '\0'; p++) {
		if (*p == '"' && putc('"', f) == EOF)
			return -1;
		if (putc(*p, f) == EOF)
			return -1;
	}
	return putc('"', f) == EOF ? -1 : 0;
}

/*
 * Could a spreadsheet read s as a formula?  It starts with = + - @, a
 * tab or a CR, and is not simply a number ("-3", "+2.5").
 */
int
csv_formula_like(const char *s)
{
	const char	*p = s + 1;

	if (strchr("=+-@\t\r", *s) == NULL || *s == '\0')
		return 0;
	if ((*s == '-' || *s == '+') && *p >= '0' && *p <= '9') {
		while (*p >= '0' && *p <= '9')
			p++;
		if (*p == '.' && p[1] >= '0' && p[1] <= '9')
			for (p++; *p >= '0' && *p <= '9'; p++)
				;
		if (*p == '\0')
			return 0;
	}
	return 1;
}

/*
 * Write s as one cell of a CSV file meant for people, who open it in a
 * spreadsheet: as csv_write_field, except that a cell a spreadsheet
 * could run as a formula (csv_formula_like) is written as text, with a
 * leading apostrophe and quoted ("'=HYPERLINK(...)").  Returns 0, or -1
 * on a write error.
 */
int
csv_write_cell(FILE *f, const char *s)
{
	const char	*p;

	if (!csv_formula_like(s))
		return csv_write_field(f, s);
	if (fputs("\"'", f) == EOF)
		return -1;
	for (p = s; *p != '\0'; p++) {
		if (*p == '"' && putc('"', f) == EOF)
			return -1;
		if (putc(*p, f) == EOF)
			return -1;
	}
	return putc('"', f) == EOF ? -1 : 0;
}
