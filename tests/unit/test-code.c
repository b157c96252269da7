/*
 * Voting codes: alphabet, grouping, normalisation, the numeric form and
 * what is wrong with a typed code, hashing and verification, and that
 * re-hashing salts differently.
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
		CHECK(strspn(code, "23456789-") < 14);	/* a letter at least */
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
	/* The numeric form: the same code in decimal, 18 digits. */
	CHECK(code_normalise("436 612 885 781 375 195", out, sizeof out) == 0);
	CHECK_STR_EQ(out, "K7QM3XRDWP9A");
	CHECK(code_normalise("436612885781375195", out, sizeof out) == 0);
	CHECK_STR_EQ(out, "K7QM3XRDWP9A");
	CHECK(code_normalise("000000000000000000", out, sizeof out) == 0);
	CHECK_STR_EQ(out, "222222222222");
	CHECK(code_normalise("787662783788549760", out, sizeof out) == 0);
	CHECK_STR_EQ(out, "ZZZZZZZZZZZZ");
	/* 31^12 is one past the largest code. */
	CHECK(code_normalise("787662783788549761", out, sizeof out) == -1);
	CHECK(code_normalise("999999999999999999", out, sizeof out) == -1);
	CHECK(code_normalise("43661288578137519", out, sizeof out) == -1);
	CHECK(code_normalise("4366128857813751950", out, sizeof out) == -1);
	/* Twelve digits of the alphabet have a letter code's shape. */
	CHECK(code_normalise("2345-6789-2345", out, sizeof out) == 0);
	CHECK_STR_EQ(out, "234567892345");
	CHECK(code_normalise("436612885781375195", out, RV_CODE_LEN) == -1);
}

/* The shape of what was typed names what is wrong with it. */
static void
test_shape(void)
{
	size_t	 n;

	TEST_BEGIN("shape");
	CHECK_INT_EQ(code_shape("", &n), RV_CODE_EMPTY);
	CHECK_INT_EQ(n, 0);
	CHECK_INT_EQ(code_shape(" - ", &n), RV_CODE_EMPTY);
	CHECK_INT_EQ(code_shape("K7QM-3XRD-WP9A", &n), RV_CODE_OK);
	CHECK_INT_EQ(n, 12);
	CHECK_INT_EQ(code_shape("436 612 885 781 375 195", &n), RV_CODE_OK);
	CHECK_INT_EQ(n, 18);
	CHECK_INT_EQ(code_shape("436612885781", &n), RV_CODE_DIGITS_LEN);
	CHECK_INT_EQ(n, 12);
	CHECK_INT_EQ(code_shape("242936778679", &n), RV_CODE_OK);
	CHECK_INT_EQ(code_shape("4366128857813751951", &n),
	    RV_CODE_DIGITS_LEN);
	CHECK_INT_EQ(n, 19);
	CHECK_INT_EQ(code_shape("99999999999999999 9", &n), RV_CODE_RANGE);
	CHECK_INT_EQ(code_shape("K7QM-3XRD-WP9", &n), RV_CODE_LETTERS_LEN);
	CHECK_INT_EQ(n, 11);
	CHECK_INT_EQ(code_shape("K7QM-3XRD-WP0A", &n), RV_CODE_BAD_CHAR);
	CHECK_INT_EQ(code_shape("K7QM-3XRD-WPIA", &n), RV_CODE_BAD_CHAR);
}

/* Every code has one numeric form, and it names that code again. */
static void
test_numeric(void)
{
	char	 code[RV_CODE_TEXT], num[RV_CODE_NUM_TEXT];
	char	 a[RV_CODE_LEN + 1], b[RV_CODE_LEN + 1];
	int	 k;

	TEST_BEGIN("numeric");
	CHECK(code_numeric("K7QM-3XRD-WP9A", num, sizeof num) == 0);
	CHECK_STR_EQ(num, "436 612 885 781 375 195");
	CHECK(code_numeric("2222-2222-2223", num, sizeof num) == 0);
	CHECK_STR_EQ(num, "000 000 000 000 000 001");
	CHECK(code_numeric("ZZZZ-ZZZZ-ZZZZ", num, sizeof num) == 0);
	CHECK_STR_EQ(num, "787 662 783 788 549 760");
	CHECK(code_numeric("436612885781375195", num, sizeof num) == 0);
	CHECK_STR_EQ(num, "436 612 885 781 375 195");
	CHECK(code_numeric("K7QM-3XRD-WP9", num, sizeof num) == -1);
	CHECK(code_numeric("K7QM-3XRD-WP9A", num, RV_CODE_NUM_TEXT - 1) == -1);
	for (k = 0; k < 200; k++) {
		CHECK(code_generate(code, sizeof code, NULL) == RV_OK);
		CHECK(code_numeric(code, num, sizeof num) == 0);
		CHECK_INT_EQ(strlen(num), RV_CODE_NUM_TEXT - 1);
		CHECK(code_normalise(code, a, sizeof a) == 0);
		CHECK(code_normalise(num, b, sizeof b) == 0);
		CHECK_STR_EQ(a, b);
	}
}

/* A hash verifies its code only, and is salted. */
static void
test_hash(void)
{
	char	 code[RV_CODE_TEXT], h1[RV_CODE_HASH_MAX];
	char	 h2[RV_CODE_HASH_MAX], *cause = NULL;
	char	 lower[RV_CODE_TEXT], num[RV_CODE_NUM_TEXT];
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
	/* The numeric form verifies against the letter form's hash. */
	CHECK(code_generate(code, sizeof code, NULL) == RV_OK);
	CHECK(code_hash(code, h1, sizeof h1, NULL) == RV_OK);
	CHECK(code_numeric(code, num, sizeof num) == 0);
	CHECK_INT_EQ(code_verify(num, h1), 1);
	num[0] = num[0] == '0' ? '1' : '0';
	CHECK_INT_EQ(code_verify(num, h1), 0);
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
	test_shape();
	test_numeric();
	test_hash();
	test_hash_many();
	return test_done("test-code");
}
