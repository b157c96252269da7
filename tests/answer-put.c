/*
 * answer-put: a test helper (never installed) that stores answers and
 * pledge signatures through the core library, standing in for the kiosk
 * ledger in tests of the tally.
 *
 *   answer-put DB a ESTATE QUESTION FLAT CHOICE CAST_AT DEVICE SEQ
 *   answer-put DB p ESTATE PLEDGE FLAT AMOUNT_FEN CAST_AT DEVICE SEQ
 *   answer-put DB -     (the same lines, without DB, on standard input)
 *
 * CAST_AT is ISO 8601 with an offset.  All lines go in one transaction.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "renovote.h"
#include "store.h"

#define FIELDS	8

/* Store one line's worth of fields (kind first). */
static enum rv_status
put(struct store *s, char **f, char **cause)
{
	rv_ms		 at;
	enum rv_status	 st;

	if ((st = time_parse(f[5], &at, NULL, cause)) != RV_OK)
		return st;
	if (strcmp(f[0], "a") == 0) {
		struct rv_answer_in a = { f[1], f[2], f[3], f[4], at, f[6],
		    strtoull(f[7], NULL, 10) };
		return store_answer_add(s, &a, cause);
	}
	if (strcmp(f[0], "p") == 0) {
		struct rv_signature_in g = { f[1], f[2], f[3],
		    strtoll(f[4], NULL, 10), at, f[6],
		    strtoull(f[7], NULL, 10) };
		return store_signature_add(s, &g, cause);
	}
	return rv_fail(cause, RV_EUSAGE, "unknown kind '%s'", f[0]);
}

int
main(int argc, char **argv)
{
	struct store	*s = NULL;
	char		*cause = NULL, line[4096], *f[FIELDS], *save;
	enum rv_status	 st;
	int		 i;

	if (argc != 3 && argc != 2 + FIELDS) {
		fprintf(stderr, "usage: answer-put DB a|p ... | DB -\n");
		return RV_EUSAGE;
	}
	if ((st = store_open(argv[1], 0, &s, &cause)) != RV_OK ||
	    (st = store_begin(s, &cause)) != RV_OK)
		goto out;
	if (argc == 2 + FIELDS)
		st = put(s, argv + 2, &cause);
	else {
		while (st == RV_OK && fgets(line, sizeof line, stdin) != NULL) {
			line[strcspn(line, "\n")] = '\0';
			for (i = 0; i < FIELDS; i++) {
				f[i] = strtok_r(i == 0 ? line : NULL, " ",
				    &save);
				if (f[i] == NULL)
					break;
			}
			st = i == FIELDS ? put(s, f, &cause) :
			    rv_fail(&cause, RV_EUSAGE, "short line");
		}
	}
	if (st == RV_OK)
		st = store_commit(s, &cause);
	else
		store_rollback(s);
out:
	if (st != RV_OK)
		fprintf(stderr, "answer-put: %s\n", cause);
	free(cause);
	store_close(s);
	return st;
}
