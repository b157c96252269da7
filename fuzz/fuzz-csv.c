/*
 * libFuzzer harness: the CSV reader on its own (csv_open, csv_next), as
 * every importer uses it, whatever its columns.
 *
 * Each record read is written back with csv_write_field into memory and
 * read again: it must give the same fields.  The copy starts with a line
 * feed so that a first field starting with a byte order mark stays data,
 * and a record of one empty field is written as "" (an empty line would be
 * skipped).
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "renovote.h"

#define FUZZ_INPUT_MAX	(1024 * 1024)

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Write one record as CSV into a new buffer. */
static char *
write_record(char **fields, size_t nfields, size_t *len)
{
	FILE	*f;
	char	*buf = NULL;
	size_t	 i;

	if ((f = open_memstream(&buf, len)) == NULL)
		abort();
	fputc('\n', f);
	if (nfields == 1 && fields[0][0] == '\0')
		fputs("\"\"", f);
	for (i = 0; i < nfields && !(nfields == 1 && fields[0][0] == '\0');
	    i++) {
		if (i > 0)
			fputc(',', f);
		if (csv_write_field(f, fields[i]) != 0)
			abort();
	}
	fputs("\r\n", f);
	if (fclose(f) != 0)
		abort();
	return buf;
}

/* Read buf back: exactly one record with these fields. */
static void
check_round_trip(char **fields, size_t nfields)
{
	struct csv	*c;
	char		*buf, **again, *cause = NULL;
	size_t		 len, nagain, i;

	buf = write_record(fields, nfields, &len);
	c = csv_open("again.csv", buf, len);
	if (csv_next(c, &again, &nagain, &cause) != 1 || nagain != nfields)
		abort();
	for (i = 0; i < nfields; i++) {
		if (strcmp(again[i], fields[i]) != 0)
			abort();
	}
	if (csv_next(c, &again, &nagain, &cause) != 0)
		abort();
	csv_free(c);
	free(buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv	*c;
	char		**fields, *cause = NULL;
	size_t		 nfields, i, line = 0;
	int		 n;

	if (size > FUZZ_INPUT_MAX)
		return 0;
	c = csv_open("f.csv", (const char *)data, size);
	while ((n = csv_next(c, &fields, &nfields, &cause)) == 1) {
		if (nfields == 0 || csv_line(c) <= line)
			abort();
		line = csv_line(c);
		for (i = 0; i < nfields; i++) {
			if (!utf8_valid(fields[i], strlen(fields[i])))
				abort();
		}
		check_round_trip(fields, nfields);
	}
	if ((n == -1) != (cause != NULL))
		abort();
	csv_free(c);
	free(cause);
	return 0;
}
