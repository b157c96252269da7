/*
 * bench-ingest: what make bench needs to measure the office's ingest of
 * a kiosk bundle: the chain to export, and the floor of checking it, raw
 * SHA-256 (bench/ingest.sh times SQLite's own floor with the sqlite3
 * shell).
 *
 *   bench-ingest chain KIOSKDB N    append N answer records to the ledger
 *                                   of a kiosk database made by
 *                                   renovote-kiosk init --name bench-kiosk,
 *                                   through the core library, in one
 *                                   transaction
 *   bench-ingest sha256 BUNDLE      time ledger_sha256() over the encoding of
 *                                   every record of a bundle
 *
 * The timing subcommand prints one line on standard output,
 *
 *   sha256: 200000 records in 61234567 ns, 3266120 records/s
 *
 * whose fifth field bench/ingest.sh reads.  Only the work itself is
 * timed (CLOCK_MONOTONIC): reading and parsing the bundle come before the
 * clock starts.
 *
 * The records come from a fixed-seed generator (splitmix64), never from
 * the clock or rand(), so every run makes the same chain byte for byte
 * (the kiosk's key, made by renovote-kiosk init, differs, and with it the
 * head signature).  They are answers at one kiosk, "bench-kiosk", in the
 * estate LC-XNY-02 of 12 buildings, 4 entrances, 7 floors and 2 flats a
 * floor: each record is a random flat answering one of three questions,
 * so most flats answer each question many times, and times increase by
 * 1 to 5 seconds from 2026-12-01T08:00:00+08:00 (appending to a chain
 * that has records starts 5 seconds a record later).
 */

#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "renovote.h"
#include "bench.h"
#include "store.h"

#define DEVICE		"bench-kiosk"
#define ESTATE		"LC-XNY-02"
#define CHAIN_SEED	0x5256494e474553ULL	/* "RVINGES" */
#define START		"2026-12-01T08:00:00+08:00"
#define MIN_STEP_MS	1000	/* between two records of the chain */
#define MAX_STEP_MS	5000
#define BUILDINGS	12
#define ENTRANCES	4
#define FLOORS		7
#define FLATS_A_FLOOR	2
#define N_MAX		10000000	/* RV_BUNDLE_RECORDS_MAX */
#define BUNDLE_MAX	(1024 * 1024 * 1024)	/* as renovote-office ingest */

/* The questions the records answer, with their choices' weights. */
static const struct bench_question {
	const char	*id;
	const char	*choices[3];
	int		 weight[3];	/* percent */
} questions[] = {
	{ "Q-BASIC", { "agree", "disagree", "abstain" }, { 80, 12, 8 } },
	{ "Q-IMPROVE", { "agree", "disagree", "abstain" }, { 65, 25, 10 } },
	{ "Q-LIFT", { "agree", "disagree", "abstain" }, { 55, 35, 10 } },
};

/* Print the usage and exit with the usage status. */
static void RV_NORETURN
usage(void)
{
	fprintf(stderr, "usage: bench-ingest chain KIOSKDB N\n"
	    "       bench-ingest sha256 BUNDLE\n");
	exit(RV_EUSAGE);
}

/* Parse a record count, 1 to N_MAX, or exit with the usage status. */
static size_t
count_parse(const char *s)
{
	char		*end;
	unsigned long	 n;

	errno = 0;
	n = strtoul(s, &end, 10);
	if (s[0] < '0' || s[0] > '9' || *end != '\0' || errno != 0 ||
	    n == 0 || n > N_MAX) {
		fprintf(stderr, "bench-ingest: %s: not a count of 1 to %d\n",
		    s, N_MAX);
		exit(RV_EUSAGE);
	}
	return (size_t)n;
}

/* Nanoseconds on the monotonic clock. */
static int64_t
now_ns(void)
{
	struct timespec	 ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1)
		fatal("clock_gettime: %s", strerror(errno));
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Print a timing line: what, count, unit, nanoseconds, rate. */
static void
report(const char *what, size_t n, const char *unit, int64_t ns)
{
	if (ns <= 0)
		ns = 1;
	printf("%s: %zu %s in %lld ns, %.0f %s/s\n", what, n, unit,
	    (long long)ns, (double)n * 1e9 / (double)ns, unit);
	if (fflush(stdout) == EOF || ferror(stdout))
		fatal("stdout: %s", strerror(errno));
}

/* Report a failed store call, roll back and exit. */
static void RV_NORETURN
store_die(struct store *s, char *cause)
{
	fprintf(stderr, "bench-ingest: %s\n", cause);
	free(cause);
	store_close(s);
	exit(RV_EENV);
}

/* Pick a choice of question q by its weights. */
static const char *
pick_choice(const struct bench_question *q, uint64_t *rng)
{
	int	 r, i;

	r = (int)rng_below(rng, 100);
	for (i = 0; i < 2 && r >= q->weight[i]; i++)
		r -= q->weight[i];
	return q->choices[i];
}

/* Write the id of a random flat of the estate, B-E-ROOM, into buf. */
static void
random_flat(char *buf, size_t len, uint64_t *rng)
{
	unsigned	 b, e, fl, pos;

	b = 1 + rng_below(rng, BUILDINGS);
	e = 1 + rng_below(rng, ENTRANCES);
	fl = 1 + rng_below(rng, FLOORS);
	pos = 1 + rng_below(rng, FLATS_A_FLOOR);
	snprintf(buf, len, "%u-%u-%u%02u", b, e, fl, pos);
}

/*
 * bench-ingest chain KIOSKDB N: append N answer records to the chain of
 * the kiosk database's device, which must be DEVICE, with chain_append
 * in one transaction.
 */
static int
cmd_chain(const char *db, size_t n)
{
	struct store		*s = NULL;
	struct store_appender	*a = NULL;
	const struct bench_question *q;
	struct rv_record	 rec;
	struct rv_head		 head;
	uint64_t		 rng = CHAIN_SEED;
	rv_ms			 t;
	char			 fid[RV_ID_MAX], *device = NULL, *cause = NULL;
	char			 dev[] = DEVICE, estate[] = ESTATE;
	size_t			 i;

	if (time_parse(START, &t, NULL, &cause) != RV_OK)
		fatal("%s", cause);
	if (store_open(db, 0, &s, &cause) != RV_OK)
		store_die(NULL, cause);
	if (store_meta_get(s, "device", &device, &cause) != RV_OK)
		store_die(s, cause);
	if (device == NULL || strcmp(device, DEVICE) != 0) {
		xasprintf(&cause, "%s: not the kiosk database of %s (make it "
		    "with renovote-kiosk init --name %s)", db, DEVICE, DEVICE);
		store_die(s, cause);
	}
	free(device);
	if (store_begin(s, &cause) != RV_OK ||
	    store_ledger_head(s, DEVICE, &head, &cause) != RV_OK ||
	    store_appender_open(s, &a, &cause) != RV_OK)
		store_die(s, cause);
	/* Appending to a chain: times still increase, records differ. */
	t += (rv_ms)head.seq * MAX_STEP_MS;
	rng += head.seq;
	for (i = 0; i < n; i++) {
		q = &questions[rng_below(&rng, nitems(questions))];
		random_flat(fid, sizeof fid, &rng);
		t += MIN_STEP_MS + (rv_ms)rng_below(&rng,
		    MAX_STEP_MS - MIN_STEP_MS + 1);
		memset(&rec, 0, sizeof rec);
		rec.type = RV_REC_ANSWER;
		rec.device = dev;
		rec.time = t;
		rec.estate_id = estate;
		/* chain_append only reads the strings. */
		rec.subject_id = (char *)q->id;
		rec.flat_id = fid;
		rec.choice = (char *)pick_choice(q, &rng);
		if (chain_append(a, &head, &rec, &cause) != RV_OK) {
			store_appender_close(a);
			store_die(s, cause);
		}
	}
	store_appender_close(a);
	if (store_commit(s, &cause) != RV_OK)
		store_die(s, cause);
	store_close(s);
	fprintf(stderr, "bench-ingest: %zu answer records appended to %s in "
	    "%s, head seq %llu\n", n, DEVICE, db,
	    (unsigned long long)head.seq);
	return 0;
}

/*
 * bench-ingest sha256 BUNDLE: parse the bundle (untimed), then time one
 * ledger_sha256() call over each record's encoding, as the office hashes them.
 * The hashes are checked against the parser's afterwards, untimed.
 */
static int
cmd_sha256(const char *path)
{
	struct rv_bundle	*b = NULL;
	uint8_t			*hashes;
	char			*buf, *cause = NULL;
	size_t			 len, i;
	int64_t			 t0, t1;

	if (file_read(path, BUNDLE_MAX, &buf, &len, &cause) != RV_OK ||
	    ledger_bundle_parse(path, (const uint8_t *)buf, len, &b,
	    &cause) != RV_OK) {
		fprintf(stderr, "bench-ingest: %s\n", cause);
		free(cause);
		return RV_EINPUT;
	}
	free(buf);
	hashes = xcalloc(b->n, RV_HASH_LEN);
	ledger_sha256("", 0, hashes);	/* fetch the digest before timing */

	t0 = now_ns();
	for (i = 0; i < b->n; i++)
		ledger_sha256(b->enc[i], b->enclen[i], hashes + i * RV_HASH_LEN);
	t1 = now_ns();

	for (i = 0; i < b->n; i++) {
		if (memcmp(hashes + i * RV_HASH_LEN, b->records[i].hash,
		    RV_HASH_LEN) != 0)
			fatal("%s: record %zu: hash differs from the parser's",
			    path, i + 1);
	}
	report("sha256", b->n, "records", t1 - t0);
	free(hashes);
	ledger_bundle_free(b);
	return 0;
}

/* Dispatch on the subcommand. */
int
main(int argc, char **argv)
{
	if (argc < 3)
		usage();
	if (strcmp(argv[1], "chain") == 0 && argc == 4)
		return cmd_chain(argv[2], count_parse(argv[3]));
	if (strcmp(argv[1], "sha256") == 0 && argc == 3)
		return cmd_sha256(argv[2]);
	usage();
}
