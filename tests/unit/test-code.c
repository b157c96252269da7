/*
 * Voting codes: alphabet, grouping, normalisation, hashing and
 * verification, and that re-hashing salts differently.
 */

#include "config.h"

#include <string.h>

#include "renovote.h"
#include "test.h"

/* A fresh code has the printed shape and only unambiguous characters. */
static void
test_generate(void)
{
	char	 code[RV_CODE_TEXT], other[RV_CODE_TEXT];
	int	 i, k;

	TEST_BEGIN("generate");
	for (k = 0; k < 200; k++) {
		CHECK(code_generate(code, sizeof code, NULL) == RV_OK);
		CHECK_INT_EQ(strlen(code), 14);
		CHECK(code[4] == '-' && code[9] == '-');
		for (i = 0; i < 14; i++) {
			if (i == 4 || i == 9)
				continue;
			CHECK(strchr("01OIL", code[i]) == NULL);
			CHECK(strchr("23456789ABCDEFGHJKMNPQRSTUVWXYZ",
			    code[i]) != NULL);
		}
	}
	CHECK(code_generate(other, sizeof other, NULL) == RV_OK);
	CHECK(strcmp(code, other) != 0);
}

/* What residents type is reduced to the twelve significant characters. */
static void
test_normalise(void)
{
	char	 out[RV_CODE_LEN + 1];

	TEST_BEGIN("normalise");
	CHECK(code_normalise("k7qm-3xrd-wp9a", out, sizeof out) == 0);
	CHECK_STR_EQ(out, "K7QM3XRDWP9A");
	CHECK(code_normalise("K7QM 3XRD WP9A", out, sizeof out) == 0);
	CHECK_STR_EQ(out, "K7QM3XRDWP9A");
	CHECK(code_normalise("K7QM3XRDWP9", out, sizeof out) == -1);
	CHECK(code_normalise("K7QM3XRDWP9AA", out, sizeof out) == -1);
	CHECK(code_normalise("K7QM-3XRD-WP0A", out, sizeof out) == -1);
	CHECK(code_normalise("K7QM-3XRD-WPIA", out, sizeof out) == -1);
	CHECK(code_normalise("", out, sizeof out) == -1);
}

/* A hash verifies its code only, and is salted. */
static void
test_hash(void)
{
	char	 code[RV_CODE_TEXT], h1[RV_CODE_HASH_MAX];
	char	 h2[RV_CODE_HASH_MAX], *cause = NULL;
	char	 lower[RV_CODE_TEXT];
	size_t	 i;

	TEST_BEGIN("hash");
	CHECK(code_generate(code, sizeof code, NULL) == RV_OK);
	CHECK(code_hash(code, h1, sizeof h1, NULL) == RV_OK);
	CHECK(code_hash(code, h2, sizeof h2, NULL) == RV_OK);
	CHECK(strncmp(h1, "scrypt$", 7) == 0);
	CHECK(strcmp(h1, h2) != 0);
	CHECK_INT_EQ(code_verify(code, h1), 1);
	CHECK_INT_EQ(code_verify(code, h2), 1);
	for (i = 0; i < sizeof code; i++)
		lower[i] = (char)(code[i] >= 'A' && code[i] <= 'Z' ?
		    code[i] + 32 : code[i]);
	CHECK_INT_EQ(code_verify(lower, h1), 1);
	code[0] = code[0] == '2' ? '3' : '2';
	CHECK_INT_EQ(code_verify(code, h1), 0);
	CHECK_INT_EQ(code_verify("nonsense", h1), 0);
	CHECK_INT_EQ(code_verify(code, "scrypt$14$6$1$zz$zz"), -1);
	CHECK_INT_EQ(code_verify(code, "md5$x"), -1);
	CHECK(code_hash("0000-0000-0000", h1, sizeof h1, &cause) ==
	    RV_EINPUT);
	free(cause);
}

/* Hashing many codes on several threads gives a verifying hash each. */
static void
test_hash_many(void)
{
	char		 codes[5][RV_CODE_TEXT];
	const char	*p[5];
	char		 hashes[5][RV_CODE_HASH_MAX];
	int		 i;

	TEST_BEGIN("hash_many");
	for (i = 0; i < 5; i++) {
		CHECK(code_generate(codes[i], sizeof codes[i], NULL) == RV_OK);
		p[i] = codes[i];
	}
	CHECK(code_hash_many(p, hashes, 5, NULL) == RV_OK);
	for (i = 0; i < 5; i++) {
		CHECK_INT_EQ(code_verify(codes[i], hashes[i]), 1);
		CHECK_INT_EQ(code_verify(codes[(i + 1) % 5], hashes[i]), 0);
	}
}

int
main(void)
{
	test_generate();
	test_normalise();
	test_hash();
	test_hash_many();
	return test_done("test-code");
}
