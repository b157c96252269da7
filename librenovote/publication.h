/*
 * A publication anyone can check (docs/protocol.md, "Publication"): the
 * records one publish counted for one estate, as pseudonymous leaves of a
 * Merkle tree whose root the office signs together with the tally.  Built
 * from the store by publish; checked offline, from the files alone, by
 * verify.
 */

#ifndef RENOVOTE_PUBLICATION_H
#define RENOVOTE_PUBLICATION_H

#include <stdio.h>

#include "present.h"

#define RV_PUB_FORMAT		"renovote-publication-v1"
#define RV_PUB_FILE_MAX		(256 * 1024 * 1024)	/* bytes of a file */
#define RV_PUB_FINGERPRINT	20	/* "ab12 cd34 ef56 7890" plus NUL */
#define RV_PUB_ROOT_HEX		(2 * RV_MERKLE_LEN + 1)	/* root, hex, NUL */

struct store;
struct rv_pub;

enum rv_status pub_build(struct store *, const struct rv_report *,
	    const struct rv_key *, long, const char *, char **, size_t *,
	    char [RV_PUB_ROOT_HEX], struct rv_pub **, char **);
enum rv_status pub_verify(const char *, const char *, size_t,
	    struct rv_pub **, char **);
enum rv_status pub_verify_follows(const struct rv_pub *, const char *,
	    const struct rv_pub *, const char *, char **);
const char *pub_estate(const struct rv_pub *);
long	 pub_number(const struct rv_pub *);
const char *pub_office_key(const struct rv_pub *);
void	 pub_free(struct rv_pub *);
void	 pub_fingerprint(const char *, char [RV_PUB_FINGERPRINT]);
int	 pub_receipt_path(const struct rv_pub *, const char *, FILE *);
enum rv_status pub_store(struct store *, const struct rv_pub *, char **);

#endif /* RENOVOTE_PUBLICATION_H */
