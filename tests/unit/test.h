/*
 * A minimal unit-test helper: CHECK macros count passes and failures and
 * report each failure with its place; test_skip() notes a part that could
 * not run; test_done() prints the summary and returns the exit status
 * automake's harness reads: 1 (FAIL) when a check failed or none ran at
 * all, else 77 (SKIP) when a part was skipped, else 0 (PASS).
 */

#ifndef RENOVOTE_TEST_H
#define RENOVOTE_TEST_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int	test_passed, test_failed;
static const char *test_name = "";
static const char *test_skipped;	/* why a part did not run */

/* Exit status automake's harness reads as SKIP. */
#define TEST_SKIP	77

#define TEST_BEGIN(name) do { test_name = (name); } while (0)

#define CHECK(cond) do {						\
	if (cond)							\
		test_passed++;						\
	else {								\
		test_failed++;						\
		fprintf(stderr, "%s:%d: [%s] CHECK failed: %s\n",	\
		    __FILE__, __LINE__, test_name, #cond);		\
	}								\
} while (0)

#define CHECK_INT_EQ(a, b) do {						\
	int64_t test_a_ = (int64_t)(a), test_b_ = (int64_t)(b);	\
	if (test_a_ == test_b_)						\
		test_passed++;						\
	else {								\
		test_failed++;						\
		fprintf(stderr, "%s:%d: [%s] %s == %" PRId64		\
		    ", expected %s == %" PRId64 "\n", __FILE__,		\
		    __LINE__, test_name, #a, test_a_, #b, test_b_);	\
	}								\
} while (0)

#define CHECK_STR_EQ(a, b) do {						\
	const char *test_a_ = (a), *test_b_ = (b);			\
	if (test_a_ != NULL && test_b_ != NULL &&			\
	    strcmp(test_a_, test_b_) == 0)				\
		test_passed++;						\
	else {								\
		test_failed++;						\
		fprintf(stderr, "%s:%d: [%s] %s is \"%s\", expected "	\
		    "\"%s\"\n", __FILE__, __LINE__, test_name, #a,	\
		    test_a_ ? test_a_ : "(null)",			\
		    test_b_ ? test_b_ : "(null)");			\
	}								\
} while (0)

/*
 * Note that the current test could not run, and why (a tool is missing):
 * the program then reports SKIP rather than a PASS it did not earn.
 */
static inline void
test_skip(const char *why)
{
	printf("[%s] skipped: %s\n", test_name, why);
	test_skipped = why;
}

/*
 * Print the summary line and return the process exit status: a program
 * in which no check ran proves nothing, so it fails.
 */
static inline int
test_done(const char *prog)
{
	printf("%s: %d checks passed, %d failed\n", prog, test_passed,
	    test_failed);
	if (test_failed > 0)
		return 1;
	if (test_passed == 0) {
		fprintf(stderr, "%s: no check ran\n", prog);
		return 1;
	}
	if (test_skipped != NULL) {
		printf("%s: SKIP: %s\n", prog, test_skipped);
		return TEST_SKIP;
	}
	return 0;
}

#endif /* RENOVOTE_TEST_H */
