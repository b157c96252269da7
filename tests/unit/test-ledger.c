/*
 * The ledger: record encodings round-trip and refuse everything else,
 * receipts, bundles of chained records (and no flipped byte going
 * unnoticed by parsing plus the head signature), Ed25519 keys, and the
 * test vectors of docs/protocol.md, so that the document and the code
 * cannot disagree.
 */

#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "renovote.h"
#include "test.h"
#include "store.h"

#define BIG_CHAIN	1000	/* records in the round-trip bundle */
#define SMALL_CHAIN	3	/* records in the bundle every byte is flipped of */
#define DOC_MAX		(1024 * 1024)
#define VEC_KEYS_MAX	32	/* key: value lines in one vector */
#define VECS_MAX	64	/* vectors in the document */

static char	 dir[] = "/tmp/rv-ledger-XXXXXX";
static const uint8_t zero_hash[RV_HASH_LEN];

/* A path inside the test directory (allocated). */
static char *
path(const char *name)
{
	char	*p;

	xasprintf(&p, "%s/%s", dir, name);
	return p;
}

/* Fill r with a valid record of the given type, its strings allocated. */
static void
fill(struct rv_record *r, enum rv_record_type type, const char *device,
    uint64_t seq, const uint8_t *prev)
{
	memset(r, 0, sizeof *r);
	r->type = type;
	r->device = xstrdup(device);
	r->seq = seq;
	r->time = 1796178600000LL + (rv_ms)seq * 1000;
	if (prev != NULL)
		memcpy(r->prev, prev, RV_HASH_LEN);
	r->estate_id = xstrdup("EX-01");
	switch (type) {
	case RV_REC_PACKAGE:
		r->version = seq;
		memset(r->digest, 0xa5, RV_HASH_LEN);
		break;
	case RV_REC_ANSWER:
		r->subject_id = xstrdup("Q-LIFT-3-1");
		r->flat_id = xstrdup("3-1-202");
		r->choice = xstrdup(seq % 2 ? "agree" : "disagree");
		if (seq % 3 == 0) {
			r->actor = xstrdup("王建国");
			r->witness = xstrdup("李秀英");
		}
		break;
	case RV_REC_PLEDGE:
		r->subject_id = xstrdup("P-2026");
		r->flat_id = xstrdup("3号楼-1-202");
		r->amount_fen = seq % 2 ? -1 : 120000;
		break;
	case RV_REC_LOCKOUT:
		r->flat_id = xstrdup("3-1-301");
		r->until = r->time + 15 * 60 * 1000;
		break;
	case RV_REC_BALLOT:
		r->subject_id = xstrdup("Q-LIFT-3-1");
		r->flat_id = xstrdup("3-1-302");
		r->choice = xstrdup("abstain");
		r->cast_at = r->time - 86400000;
		r->actor = xstrdup("王芳");
		if (seq % 2)
			r->ref = xstrdup("LC-2026-00042");
		break;
	case RV_REC_SUGGESTION:
		r->flat_id = xstrdup("3-1-202");
		r->text = xstrdup(seq % 2 ? "电梯请装在北侧。\n Two lines." :
		    "x");
		if (seq % 3 == 0)
			r->actor = xstrdup("李秀英");
		if (seq % 2 == 0)
			r->ref = xstrdup("LC-S-0007");
		break;
	default:	/* a roster change: the common fields only */
		break;
	}
	if (type == RV_REC_SUGGESTION)
		r->cast_at = r->time - 3600000;
	else if (type != RV_REC_BALLOT)
		r->cast_at = r->time;
}

/* Are two strings equal, NULL equal only to NULL? */
static int
str_same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Are two records equal in every member, hash included? */
static int
records_equal(const struct rv_record *a, const struct rv_record *b)
{
	return a->type == b->type && str_same(a->device, b->device) &&
	    a->seq == b->seq && a->time == b->time &&
	    memcmp(a->prev, b->prev, RV_HASH_LEN) == 0 &&
	    str_same(a->estate_id, b->estate_id) &&
	    str_same(a->subject_id, b->subject_id) &&
	    str_same(a->flat_id, b->flat_id) &&
	    str_same(a->choice, b->choice) && a->cast_at == b->cast_at &&
	    a->amount_fen == b->amount_fen && a->until == b->until &&
	    str_same(a->actor, b->actor) && str_same(a->witness, b->witness) &&
	    str_same(a->ref, b->ref) && str_same(a->before, b->before) &&
	    str_same(a->after, b->after) && str_same(a->text, b->text) &&
	    a->version == b->version &&
	    memcmp(a->digest, b->digest, RV_HASH_LEN) == 0 &&
	    memcmp(a->hash, b->hash, RV_HASH_LEN) == 0;
}

/*
 * A writer of raw bytes, independent of ledger.c, for inputs the encoder
 * would refuse to write.
 */
struct tw {
	uint8_t	*b;
	size_t	 n;
	size_t	 cap;
};

/* Append n bytes. */
static void
tw_raw(struct tw *w, const void *p, size_t n)
{
	if (w->cap - w->n < n) {
		w->cap = (w->n + n) * 2 + 64;
		w->b = xreallocarray(w->b, w->cap, 1);
	}
	if (n > 0)
		memcpy(w->b + w->n, p, n);
	w->n += n;
}

/* Append v big-endian in size bytes. */
static void
tw_uint(struct tw *w, uint64_t v, size_t size)
{
	uint8_t	 b[8];
	size_t	 i;

	for (i = 0; i < size; i++)
		b[i] = (uint8_t)(v >> (8 * (size - 1 - i)));
	tw_raw(w, b, size);
}

/* Append a string of n bytes with its u16 length. */
static void
tw_strn(struct tw *w, const char *s, size_t n)
{
	tw_uint(w, n, 2);
	tw_raw(w, s, n);
}

/* Append a NUL-terminated string with its u16 length. */
static void
tw_str(struct tw *w, const char *s)
{
	tw_strn(w, s, strlen(s));
}

/* The fields of a crafted answer record, in encoding order. */
enum { A_DEVICE, A_ESTATE, A_SUBJECT, A_FLAT, A_CHOICE, A_ACTOR, A_WITNESS,
    A_NFIELDS };

/*
 * Write an answer record of seq by hand, with field k (or none if k is -1)
 * replaced by the n bytes at p.
 */
static void
craft_answer(struct tw *w, int k, const char *p, size_t n, uint64_t seq)
{
	static const char *const	 std[A_NFIELDS] = { "kiosk-1", "EX-01",
	    "Q-1", "3-1-202", "agree", "", "" };
	int				 i;

	w->n = 0;
	tw_raw(w, "RVR1", 4);
	tw_uint(w, RV_REC_ANSWER, 1);
	for (i = 0; i < A_NFIELDS; i++) {
		if (i == k)
			tw_strn(w, p, n);
		else
			tw_str(w, std[i]);
		if (i == A_DEVICE) {
			tw_uint(w, seq, 8);
			tw_uint(w, 1796178600000ULL, 8);
			tw_raw(w, zero_hash, RV_HASH_LEN);
		}
	}
}

/* Does decoding the crafted bytes fail with a cause mentioning what? */
static int
decode_refuses(const uint8_t *p, size_t n, const char *what)
{
	struct rv_record	 rec;
	char			*cause = NULL;
	int			 ok;

	if (ledger_record_decode(p, n, &rec, &cause) == RV_OK) {
		ledger_record_clear(&rec);
		return 0;
	}
	ok = cause != NULL && (what == NULL || strstr(cause, what) != NULL);
	if (!ok)
		fprintf(stderr, "unexpected cause: %s\n", cause ? cause : "-");
	free(cause);
	return ok;
}

/* Does decoding the crafted bytes succeed? */
static int
decode_accepts(const uint8_t *p, size_t n)
{
	struct rv_record	 rec;
	char			*cause = NULL;

	if (ledger_record_decode(p, n, &rec, &cause) != RV_OK) {
		fprintf(stderr, "refused: %s\n", cause);
		free(cause);
		return 0;
	}
	ledger_record_clear(&rec);
	return 1;
}

/* Does encoding r fail with a cause mentioning what? */
static int
encode_refuses(const struct rv_record *r, const char *what)
{
	uint8_t	*enc = NULL;
	size_t	 len;
	char	*cause = NULL;
	int	 ok;

	if (ledger_record_encode(r, &enc, &len, &cause) == RV_OK) {
		free(enc);
		return 0;
	}
	ok = cause != NULL && strstr(cause, what) != NULL;
	if (!ok)
		fprintf(stderr, "unexpected cause: %s\n", cause ? cause : "-");
	free(cause);
	return ok;
}

/* Every type encodes, decodes to the same record, and re-encodes alike. */
static void
test_roundtrip(void)
{
	struct rv_record	 r, d;
	uint8_t			*enc, *enc2, h[RV_HASH_LEN];
	size_t			 len, len2;
	int			 type;
	uint64_t		 seq;

	TEST_BEGIN("roundtrip");
	for (type = RV_REC_PACKAGE; type <= RV_REC_SUGGESTION; type++) {
		if (type == RV_REC_ROSTER)
			continue;	/* fill() leaves it incomplete */
		for (seq = 1; seq <= 6; seq++) {
			fill(&r, (enum rv_record_type)type, "kiosk-1", seq,
			    seq == 1 ? NULL : (const uint8_t *)"0123456789"
			    "abcdef0123456789abcdef");
			CHECK(ledger_record_seal(&r, &enc, &len, NULL) == RV_OK);
			CHECK(memcmp(enc, "RVR1", 4) == 0 && enc[4] == type);
			ledger_sha256(enc, len, h);
			CHECK(memcmp(h, r.hash, RV_HASH_LEN) == 0);
			CHECK(ledger_record_decode(enc, len, &d, NULL) == RV_OK);
			CHECK(records_equal(&r, &d));
			CHECK(ledger_record_encode(&d, &enc2, &len2, NULL) == RV_OK);
			CHECK(len2 == len && memcmp(enc, enc2, len) == 0);
			free(enc);
			free(enc2);
			ledger_record_clear(&d);
			ledger_record_clear(&r);
		}
	}

	/* An empty optional string is the absent one. */
	fill(&r, RV_REC_ANSWER, "kiosk-1", 3, NULL);
	free(r.witness);
	r.witness = xstrdup("");
	CHECK(ledger_record_seal(&r, &enc, &len, NULL) == RV_OK);
	CHECK(ledger_record_decode(enc, len, &d, NULL) == RV_OK);
	CHECK(d.witness == NULL);
	CHECK_STR_EQ(d.actor, "王建国");
	free(r.witness);
	r.witness = NULL;
	CHECK(ledger_record_encode(&r, &enc2, &len2, NULL) == RV_OK);
	CHECK(len2 == len && memcmp(enc, enc2, len) == 0);
	free(enc);
	free(enc2);
	ledger_record_clear(&d);
	ledger_record_clear(&r);

	/* A kiosk record is cast when recorded; a ballot keeps its own. */
	fill(&r, RV_REC_PLEDGE, "kiosk-1", 2, NULL);
	r.cast_at = 5;
	CHECK(ledger_record_seal(&r, &enc, &len, NULL) == RV_OK);
	CHECK(r.cast_at == r.time);
	CHECK(ledger_record_decode(enc, len, &d, NULL) == RV_OK);
	CHECK(d.cast_at == d.time && d.amount_fen == 120000);
	free(enc);
	ledger_record_clear(&d);
	ledger_record_clear(&r);
	fill(&r, RV_REC_BALLOT, "office", 1, NULL);
	CHECK(ledger_record_seal(&r, &enc, &len, NULL) == RV_OK);
	CHECK(ledger_record_decode(enc, len, &d, NULL) == RV_OK);
	CHECK(d.cast_at == r.time - 86400000 && d.cast_at != d.time);
	CHECK_STR_EQ(d.ref, "LC-2026-00042");
	free(enc);
	ledger_record_clear(&d);
	ledger_record_clear(&r);
}

/*
 * A suggestion's text: one to RV_SUGGESTION_MAX bytes of UTF-8 without
 * control characters but newline, refused alike by the encoder and, in
 * bytes the encoder would not write, by the decoder.
 */
static void
test_suggestion_text(void)
{
	static const struct {
		const char	*text;
		const char	*why;
	} bad[] = {
		{ "", "text is empty" },
		{ "a\tb", "text has a control character" },
		{ "a\x1b[2J", "text has a control character" },
		{ "a\xc2\x85", "text has a control character" },	/* NEL */
		{ "a\x7f", "text has a control character" },
		{ "\xff", "text is not valid UTF-8" },
	};
	struct rv_record	 r;
	char			 t[RV_SUGGESTION_MAX + 2];
	uint8_t			*enc;
	size_t			 len, i, at;

	TEST_BEGIN("suggestion text");
	fill(&r, RV_REC_SUGGESTION, "kiosk-1", 1, NULL);
	memset(t, 'a', sizeof t);
	t[RV_SUGGESTION_MAX] = '\0';
	free(r.text);
	r.text = xstrdup(t);
	CHECK(ledger_record_encode(&r, &enc, &len, NULL) == RV_OK);
	CHECK(decode_accepts(enc, len));
	free(enc);
	t[RV_SUGGESTION_MAX] = 'a';
	t[RV_SUGGESTION_MAX + 1] = '\0';
	free(r.text);
	r.text = xstrdup(t);
	CHECK(encode_refuses(&r, "text is longer than 600 bytes"));
	for (i = 0; i < nitems(bad); i++) {
		free(r.text);
		r.text = xstrdup(bad[i].text);
		CHECK(encode_refuses(&r, bad[i].why));
	}

	/* The decoder: a tab put where the encoder wrote a space. */
	free(r.text);
	r.text = xstrdup("North side, please.\nThank you.");
	CHECK(ledger_record_encode(&r, &enc, &len, NULL) == RV_OK);
	CHECK(decode_accepts(enc, len));
	for (at = 0; at < len && enc[at] != ' '; at++)
		;
	CHECK(at < len);
	enc[at] = '\t';
	CHECK(decode_refuses(enc, len, "text has a control character"));
	free(enc);
	ledger_record_clear(&r);
}

/* Encoding refuses what decoding would. */
static void
test_encode_refusals(void)
{
	struct rv_record	 r;
	char			 long_name[RV_NAME_MAX + 2];

	TEST_BEGIN("encode refusals");
	fill(&r, RV_REC_ANSWER, "kiosk-1", 1, NULL);
	r.seq = 0;
	CHECK(encode_refuses(&r, "seq is 0"));
	r.seq = 1;
	r.type = 0;
	CHECK(encode_refuses(&r, "unknown type"));
	r.type = 8;
	CHECK(encode_refuses(&r, "unknown type"));
	r.type = RV_REC_ANSWER;
	free(r.flat_id);
	r.flat_id = xstrdup("3-1 202");
	CHECK(encode_refuses(&r, "flat_id is not a valid id"));
	free(r.flat_id);
	r.flat_id = NULL;
	CHECK(encode_refuses(&r, "flat_id is missing"));
	r.flat_id = xstrdup("3-1-202");
	free(r.device);
	r.device = xstrdup("");
	CHECK(encode_refuses(&r, "device is not a valid id"));
	free(r.device);
	r.device = xstrdup("kiosk-1");
	free(r.estate_id);
	r.estate_id = xstrdup("=SUM(A1)");
	CHECK(encode_refuses(&r, "estate_id is not a valid id"));
	free(r.estate_id);
	r.estate_id = xstrdup("EX-01");
	memset(long_name, 'a', RV_NAME_MAX + 1);
	long_name[RV_NAME_MAX + 1] = '\0';
	r.actor = xstrdup(long_name);
	CHECK(encode_refuses(&r, "actor is longer than 256 bytes"));
	free(r.actor);
	long_name[RV_NAME_MAX] = '\0';
	r.actor = xstrdup(long_name);
	CHECK(!encode_refuses(&r, "-"));
	free(r.actor);
	r.actor = xstrdup("\xc0\xaf");
	CHECK(encode_refuses(&r, "actor is not valid UTF-8"));
	free(r.actor);
	r.actor = NULL;
	r.ref = xstrdup("F-1");
	CHECK(encode_refuses(&r, "ref is not part of an answer record"));
	ledger_record_clear(&r);

	fill(&r, RV_REC_PLEDGE, "kiosk-1", 1, NULL);
	r.amount_fen = -2;
	CHECK(encode_refuses(&r, "amount_fen is -2"));
	ledger_record_clear(&r);
	fill(&r, RV_REC_BALLOT, "office", 1, NULL);
	free(r.actor);
	r.actor = NULL;
	CHECK(encode_refuses(&r, "actor is missing"));
	r.actor = xstrdup("");
	CHECK(encode_refuses(&r, "actor is empty"));
	ledger_record_clear(&r);
	fill(&r, RV_REC_LOCKOUT, "kiosk-1", 1, NULL);
	r.choice = xstrdup("agree");
	CHECK(encode_refuses(&r, "choice is not part of a lockout record"));
	ledger_record_clear(&r);
}

/* Decoding refuses every malformed record listed in docs/protocol.md. */
static void
test_decode_refusals(void)
{
	struct rv_record	 r, d;
	struct tw		 w = { NULL, 0, 0 };
	uint8_t			*enc, *enc2, *buf;
	uint8_t			 big[RV_RECORD_MAX + 1];
	char			 s[RV_NAME_MAX + 1];
	size_t			 len, len2, i, cut;
	int			 type, bit, undetected = 0, noncanon = 0;

	TEST_BEGIN("decode refusals");
	craft_answer(&w, -1, NULL, 0, 1);
	CHECK(decode_accepts(w.b, w.n));

	/* Strings: lengths, NUL, UTF-8, ids. */
	memset(s, 'a', sizeof s);
	craft_answer(&w, A_ACTOR, s, RV_NAME_MAX, 1);
	CHECK(decode_accepts(w.b, w.n));
	craft_answer(&w, A_ACTOR, s, RV_NAME_MAX + 1, 1);
	CHECK(decode_refuses(w.b, w.n, "actor is longer than 256 bytes"));
	craft_answer(&w, A_WITNESS, "a\0b", 3, 1);
	CHECK(decode_refuses(w.b, w.n, "witness contains a NUL byte"));
	craft_answer(&w, A_ACTOR, "\xff", 1, 1);
	CHECK(decode_refuses(w.b, w.n, "actor is not valid UTF-8"));
	craft_answer(&w, A_ACTOR, "\xed\xa0\x80", 3, 1);	/* surrogate */
	CHECK(decode_refuses(w.b, w.n, "actor is not valid UTF-8"));
	craft_answer(&w, A_DEVICE, "", 0, 1);
	CHECK(decode_refuses(w.b, w.n, "device is not a valid id"));
	craft_answer(&w, A_DEVICE, s, RV_ID_MAX + 1, 1);
	CHECK(decode_refuses(w.b, w.n, "device is not a valid id"));
	craft_answer(&w, A_ESTATE, "EX 01", 5, 1);
	CHECK(decode_refuses(w.b, w.n, "estate_id is not a valid id"));
	craft_answer(&w, A_SUBJECT, "Q,1", 3, 1);
	CHECK(decode_refuses(w.b, w.n, "subject_id is not a valid id"));
	craft_answer(&w, A_FLAT, "", 0, 1);
	CHECK(decode_refuses(w.b, w.n, "flat_id is not a valid id"));
	craft_answer(&w, A_FLAT, "3\xe3\x80\x80" "1", 5, 1);	/* U+3000 */
	CHECK(decode_refuses(w.b, w.n, "flat_id is not a valid id"));
	craft_answer(&w, A_CHOICE, "+1", 2, 1);
	CHECK(decode_refuses(w.b, w.n, "choice is not ids joined by commas"));
	/* A choice of several picks: ids joined by single commas. */
	craft_answer(&w, A_CHOICE, "lift,roof", 9, 1);
	CHECK(decode_accepts(w.b, w.n));
	craft_answer(&w, A_CHOICE, "lift,,roof", 10, 1);
	CHECK(decode_refuses(w.b, w.n, "choice is not ids joined by commas"));
	craft_answer(&w, A_CHOICE, ",lift", 5, 1);
	CHECK(decode_refuses(w.b, w.n, "choice is not ids joined by commas"));
	craft_answer(&w, A_CHOICE, "lift,", 5, 1);
	CHECK(decode_refuses(w.b, w.n, "choice is not ids joined by commas"));
	craft_answer(&w, A_CHOICE, "lift, roof", 10, 1);
	CHECK(decode_refuses(w.b, w.n, "choice is not ids joined by commas"));
	craft_answer(&w, A_CHOICE, "lift,-1", 7, 1);
	CHECK(decode_refuses(w.b, w.n, "choice is not ids joined by commas"));
	craft_answer(&w, A_CHOICE, "a\0", 2, 1);
	CHECK(decode_refuses(w.b, w.n, "choice contains a NUL byte"));
	craft_answer(&w, -1, NULL, 0, 0);
	CHECK(decode_refuses(w.b, w.n, "seq is 0"));

	/* Magic, type, trailing bytes, size. */
	craft_answer(&w, -1, NULL, 0, 1);
	w.b[3] = '2';
	CHECK(decode_refuses(w.b, w.n, "wrong magic"));
	w.b[3] = '1';
	for (type = 0; type < 256; type += (type == 8 ? 247 : 1)) {
		if (type >= RV_REC_PACKAGE && type <= RV_REC_SUGGESTION)
			continue;
		w.b[4] = (uint8_t)type;
		CHECK(decode_refuses(w.b, w.n, "unknown type"));
	}
	w.b[4] = RV_REC_ANSWER;
	tw_uint(&w, 0, 1);
	CHECK(decode_refuses(w.b, w.n, "1 trailing bytes"));
	memset(big, 0, sizeof big);
	memcpy(big, w.b, w.n);
	CHECK(decode_refuses(big, sizeof big, "longer than 4096 bytes"));
	fill(&r, RV_REC_PLEDGE, "kiosk-1", 1, NULL);
	r.amount_fen = -1;
	CHECK(ledger_record_encode(&r, &enc, &len, NULL) == RV_OK);
	enc[len - 1] = 0xfe;	/* amount -2 */
	CHECK(decode_refuses(enc, len, "amount_fen is -2"));
	free(enc);
	ledger_record_clear(&r);
	fill(&r, RV_REC_BALLOT, "office", 2, NULL);
	CHECK(ledger_record_encode(&r, &enc, &len, NULL) == RV_OK);
	/* ballot: ... actor "王芳" (2 + 6), ref "" (2): empty the clerk */
	buf = xmalloc(len);
	memcpy(buf, enc, len - 10);
	memcpy(buf + len - 10, "\0\0\0\0", 4);
	CHECK(decode_refuses(buf, len - 6, "actor is empty"));
	free(buf);
	free(enc);
	ledger_record_clear(&r);

	/* Every type: truncation at every length, every bit flipped. */
	for (type = RV_REC_PACKAGE; type <= RV_REC_BALLOT; type++) {
		fill(&r, (enum rv_record_type)type, "kiosk-1", 3, NULL);
		CHECK(ledger_record_seal(&r, &enc, &len, NULL) == RV_OK);
		for (cut = 0; cut < len; cut++)
			CHECK(decode_refuses(enc, cut, NULL));
		buf = xmalloc(len);
		for (i = 0; i < len; i++) {
			for (bit = 0; bit < 8; bit++) {
				memcpy(buf, enc, len);
				buf[i] ^= (uint8_t)(1 << bit);
				if (ledger_record_decode(buf, len, &d, NULL) != RV_OK)
					continue;
				if (memcmp(d.hash, r.hash, RV_HASH_LEN) == 0)
					undetected++;
				/* What decodes re-encodes to itself. */
				if (ledger_record_encode(&d, &enc2, &len2,
				    NULL) != RV_OK || len2 != len ||
				    memcmp(enc2, buf, len) != 0)
					noncanon++;
				else
					free(enc2);
				ledger_record_clear(&d);
			}
		}
		free(buf);
		free(enc);
		ledger_record_clear(&r);
	}
	CHECK_INT_EQ(undetected, 0);
	CHECK_INT_EQ(noncanon, 0);
	free(w.b);
}

/* Receipts: the printed form, and what a resident may type. */
static void
test_receipt(void)
{
	uint8_t	 h[RV_HASH_LEN], h2[RV_HASH_LEN];
	char	 rc[RV_RECEIPT_TEXT], norm[RV_RECEIPT_LEN + 1], hex[65];
	char	 small[RV_RECEIPT_LEN];
	int	 i, k, ok = 1;

	TEST_BEGIN("receipt");
	memset(h, 0, sizeof h);
	ledger_receipt_from_hash(h, rc, sizeof rc);
	CHECK_STR_EQ(rc, "00000-00000");
	memset(h, 0xff, sizeof h);
	ledger_receipt_from_hash(h, rc, sizeof rc);
	CHECK_STR_EQ(rc, "ZZZZZ-ZZZZZ");
	/* Only the first 50 bits count. */
	memset(h, 0, sizeof h);
	h[6] = 0x3f;
	ledger_receipt_from_hash(h, rc, sizeof rc);
	CHECK_STR_EQ(rc, "00000-00000");
	h[6] = 0x40;
	ledger_receipt_from_hash(h, rc, sizeof rc);
	CHECK_STR_EQ(rc, "00000-00001");
	memset(h, 0, sizeof h);
	h[0] = 0x08;		/* 00001 000... */
	ledger_receipt_from_hash(h, rc, sizeof rc);
	CHECK_STR_EQ(rc, "10000-00000");

	for (k = 0; k < 500; k++) {
		ledger_sha256(&k, sizeof k, h);
		ledger_receipt_from_hash(h, rc, sizeof rc);
		if (strlen(rc) != 11 || rc[5] != '-')
			ok = 0;
		for (i = 0; i < 11; i++) {
			if (i != 5 && strchr("0123456789ABCDEFGHJKMNPQRSTVWXYZ",
			    rc[i]) == NULL)
				ok = 0;
		}
		if (ledger_receipt_normalise(rc, norm, sizeof norm) != 0 ||
		    strlen(norm) != 10 || memcmp(norm, rc, 5) != 0 ||
		    memcmp(norm + 5, rc + 6, 5) != 0)
			ok = 0;
	}
	CHECK(ok);

	CHECK(ledger_receipt_normalise("hr7mk-ath58", norm, sizeof norm) == 0);
	CHECK_STR_EQ(norm, "HR7MKATH58");
	CHECK(ledger_receipt_normalise(" HR7MK ATH58 ", norm, sizeof norm) == 0);
	CHECK_STR_EQ(norm, "HR7MKATH58");
	CHECK(ledger_receipt_normalise("o0iIl-abcde", norm, sizeof norm) == 0);
	CHECK_STR_EQ(norm, "00111ABCDE");
	CHECK(ledger_receipt_normalise("HR7MK-ATH5", norm, sizeof norm) == -1);
	CHECK(ledger_receipt_normalise("HR7MK-ATH588", norm, sizeof norm) == -1);
	CHECK(ledger_receipt_normalise("HR7MU-ATH58", norm, sizeof norm) == -1);
	CHECK(ledger_receipt_normalise("HR7MK_ATH58", norm, sizeof norm) == -1);
	CHECK(ledger_receipt_normalise("HR7MK-ATH5\xc3\xa9", norm, sizeof norm) == -1);
	CHECK(ledger_receipt_normalise("", norm, sizeof norm) == -1);
	CHECK(ledger_receipt_normalise("HR7MK-ATH58", small, sizeof small) == -1);

	/* Hashes in hex. */
	ledger_sha256("abc", 3, h);
	ledger_hash_hex(h, hex, sizeof hex);
	CHECK_STR_EQ(hex, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
	CHECK(ledger_hash_from_hex(hex, h2) == 0 && memcmp(h, h2, sizeof h) == 0);
	hex[0] = 'B';
	CHECK(ledger_hash_from_hex(hex, h2) == 0 && memcmp(h, h2, sizeof h) == 0);
	hex[0] = 'g';
	CHECK(ledger_hash_from_hex(hex, h2) == -1);
	hex[63] = '\0';
	CHECK(ledger_hash_from_hex("", h2) == -1);
	CHECK(ledger_hash_from_hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9"
	    "cb410ff61f20015ad0", h2) == -1);
	CHECK(ledger_hash_from_hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9"
	    "cb410ff61f20015a", h2) == -1);
}

/* A chain of n records of device from seq 1, encodings in enc/len. */
static void
make_chain(const char *device, size_t n, struct rv_record *recs,
    uint8_t **enc, size_t *len)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		fill(&recs[i], (enum rv_record_type)(1 + i % 5), device, i + 1,
		    i == 0 ? NULL : recs[i - 1].hash);
		if (ledger_record_seal(&recs[i], &enc[i], &len[i], NULL) != RV_OK)
			fatal("make_chain: record %zu", i);
	}
}

/* Free what make_chain made. */
static void
free_chain(size_t n, struct rv_record *recs, uint8_t **enc)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		ledger_record_clear(&recs[i]);
		free(enc[i]);
	}
}

/* Does the parsed bundle's head signature verify with pub? */
static int
head_verifies(const char *pub, const struct rv_bundle *b)
{
	uint8_t	*msg;
	size_t	 len;
	int	 ok;

	ledger_head_message(b->device, b->records[b->n - 1].seq,
	    b->records[b->n - 1].hash, &msg, &len);
	ok = key_verify(pub, msg, len, b->sig);
	free(msg);
	return ok;
}

/* Sign the head of recs[n - 1] with key. */
static void
sign_head(const struct rv_key *key, const struct rv_record *last,
    uint8_t sig[RV_SIG_LEN])
{
	uint8_t	*msg;
	size_t	 len;

	ledger_head_message(last->device, last->seq, last->hash, &msg, &len);
	if (key_sign(key, msg, len, sig, NULL) != RV_OK)
		fatal("sign_head");
	free(msg);
}

/* Load the private key at name in the test directory. */
static struct rv_key *
load(const char *name, char **pub)
{
	struct rv_key	*key = NULL;
	char		*p = path(name), *cause = NULL;

	if (access(p, F_OK) != 0 && key_generate(p, pub, &cause) != RV_OK)
		fatal("%s", cause);
	if (key_load(p, &key, &cause) != RV_OK)
		fatal("%s", cause);
	free(p);
	return key;
}

/* Does parsing fail with a cause mentioning what? */
static int
parse_refuses(const uint8_t *p, size_t n, const char *what)
{
	struct rv_bundle	*b = NULL;
	char			*cause = NULL;
	int			 ok;

	if (ledger_bundle_parse("B", p, n, &b, &cause) == RV_OK) {
		ledger_bundle_free(b);
		return 0;
	}
	ok = b == NULL && cause != NULL &&
	    (what == NULL || strstr(cause, what) != NULL);
	if (!ok)
		fprintf(stderr, "unexpected cause: %s\n", cause ? cause : "-");
	free(cause);
	return ok;
}

/* Write a bundle by hand, with whatever header and records it is given. */
static void
craft_bundle(struct tw *w, const char *device, uint64_t first,
    uint64_t count, uint8_t *const *enc, const size_t *len, size_t n,
    const uint8_t *sig)
{
	size_t	 i;

	w->n = 0;
	tw_raw(w, "RVBNDL01", 8);
	tw_str(w, device);
	tw_uint(w, first, 8);
	tw_uint(w, count, 4);
	for (i = 0; i < n; i++) {
		tw_uint(w, len[i], 4);
		tw_raw(w, enc[i], len[i]);
	}
	tw_uint(w, RV_SIG_LEN, 2);
	tw_raw(w, sig, RV_SIG_LEN);
}

/* 1000 chained records survive a bundle, and so does a later stretch. */
static void
test_bundle_roundtrip(void)
{
	struct rv_record	*recs;
	struct rv_bundle	*b = NULL;
	struct rv_key		*key;
	uint8_t			**enc, *out, *out2, sig[RV_SIG_LEN];
	size_t			*len, outlen, outlen2, i;
	char			*pub = NULL, *cause = NULL;
	int			 same = 1;

	TEST_BEGIN("bundle roundtrip");
	recs = xcalloc(BIG_CHAIN, sizeof *recs);
	enc = xcalloc(BIG_CHAIN, sizeof *enc);
	len = xcalloc(BIG_CHAIN, sizeof *len);
	key = load("kiosk.key", &pub);
	make_chain("kiosk-EX01-A", BIG_CHAIN, recs, enc, len);
	sign_head(key, &recs[BIG_CHAIN - 1], sig);
	CHECK(ledger_bundle_encode("kiosk-EX01-A", enc, len, BIG_CHAIN, sig, &out,
	    &outlen, &cause) == RV_OK);
	CHECK(ledger_bundle_parse("B", out, outlen, &b, &cause) == RV_OK);
	if (b != NULL) {
		CHECK_INT_EQ(b->n, BIG_CHAIN);
		CHECK_STR_EQ(b->device, "kiosk-EX01-A");
		CHECK(memcmp(b->sig, sig, RV_SIG_LEN) == 0);
		for (i = 0; i < BIG_CHAIN; i++) {
			if (!records_equal(&b->records[i], &recs[i]) ||
			    b->enclen[i] != len[i] ||
			    memcmp(b->enc[i], enc[i], len[i]) != 0)
				same = 0;
		}
		CHECK(same);
		CHECK(head_verifies(pub, b));
		ledger_bundle_free(b);
	}
	free(out);

	/* A stretch from seq 501: its first prev is the caller's to check. */
	CHECK(ledger_bundle_encode("kiosk-EX01-A", enc + 500, len + 500,
	    BIG_CHAIN - 500, sig, &out, &outlen, &cause) == RV_OK);
	b = NULL;
	CHECK(ledger_bundle_parse("B", out, outlen, &b, &cause) == RV_OK);
	if (b != NULL) {
		CHECK_INT_EQ(b->n, BIG_CHAIN - 500);
		CHECK_INT_EQ(b->records[0].seq, 501);
		CHECK(memcmp(b->records[0].prev, recs[499].hash,
		    RV_HASH_LEN) == 0);
		CHECK(head_verifies(pub, b));
		/* Re-encoding what was parsed gives the same bytes. */
		CHECK(ledger_bundle_encode(b->device, b->enc, b->enclen, b->n, b->sig,
		    &out2, &outlen2, NULL) == RV_OK);
		CHECK(outlen2 == outlen && memcmp(out, out2, outlen) == 0);
		free(out2);
		ledger_bundle_free(b);
	}
	free(out);
	free(cause);
	free_chain(BIG_CHAIN, recs, enc);
	free(recs);
	free(enc);
	free(len);
	free(pub);
	key_free(key);
}

/* chain_bundle signs the last record's head and makes a bundle of them. */
static void
test_chain_bundle(void)
{
	struct rv_record	 recs[SMALL_CHAIN];
	struct rv_bundle	*b = NULL;
	struct rv_key		*key;
	uint8_t			*enc[SMALL_CHAIN], *out = NULL;
	size_t			 len[SMALL_CHAIN], outlen;
	char			*pub = NULL;

	TEST_BEGIN("chain bundle");
	key = load("kiosk.key", NULL);
	CHECK(key_public_pem(key, &pub, NULL) == RV_OK);
	make_chain("kiosk-1", SMALL_CHAIN, recs, enc, len);
	/* Records 2 to the last: a chunk from the middle of the chain. */
	CHECK(chain_bundle(key, "kiosk-1", SMALL_CHAIN, enc + 1, len + 1,
	    SMALL_CHAIN - 1, &out, &outlen, NULL) == RV_OK);
	CHECK(out != NULL && ledger_bundle_parse("B", out, outlen, &b, NULL) ==
	    RV_OK);
	if (b != NULL) {
		CHECK_INT_EQ(b->n, SMALL_CHAIN - 1);
		CHECK_INT_EQ(b->records[0].seq, 2);
		CHECK(head_verifies(pub, b));
		ledger_bundle_free(b);
	}
	free(out);
	out = NULL;
	/* A head signed at the wrong seq does not verify. */
	b = NULL;
	CHECK(chain_bundle(key, "kiosk-1", SMALL_CHAIN + 1, enc, len,
	    SMALL_CHAIN, &out, &outlen, NULL) == RV_OK);
	CHECK(out != NULL && ledger_bundle_parse("B", out, outlen, &b, NULL) ==
	    RV_OK);
	CHECK(b != NULL && !head_verifies(pub, b));
	ledger_bundle_free(b);
	free(out);
	free(pub);
	free_chain(SMALL_CHAIN, recs, enc);
	key_free(key);
}

/* Every damaged or inconsistent bundle is refused, or fails its signature. */
static void
test_bundle_refusals(void)
{
	struct rv_record	 recs[SMALL_CHAIN + 2], other[SMALL_CHAIN];
	struct rv_bundle	*b;
	struct rv_key		*key;
	struct tw		 w = { NULL, 0, 0 };
	uint8_t			*enc[SMALL_CHAIN + 2], *oenc[SMALL_CHAIN];
	uint8_t			*out, *buf, *mixed[SMALL_CHAIN];
	uint8_t			 sig[RV_SIG_LEN], bad[RV_HASH_LEN];
	size_t			 len[SMALL_CHAIN + 2], olen[SMALL_CHAIN];
	size_t			 mixedlen[SMALL_CHAIN], outlen, i, cut;
	char			*pub = NULL, *cause = NULL;
	int			 bit, unnoticed = 0, parsed = 0;

	TEST_BEGIN("bundle refusals");
	key = load("kiosk.key", NULL);
	CHECK(key_public_pem(key, &pub, NULL) == RV_OK);
	make_chain("kiosk-1", SMALL_CHAIN + 2, recs, enc, len);
	make_chain("kiosk-2", SMALL_CHAIN, other, oenc, olen);
	sign_head(key, &recs[SMALL_CHAIN - 1], sig);
	CHECK(ledger_bundle_encode("kiosk-1", enc, len, SMALL_CHAIN, sig, &out,
	    &outlen, NULL) == RV_OK);
	b = NULL;
	CHECK(ledger_bundle_parse("B", out, outlen, &b, NULL) == RV_OK);
	CHECK(b != NULL && head_verifies(pub, b));
	ledger_bundle_free(b);

	/* Every bit of every byte. */
	buf = xmalloc(outlen + 1);
	for (i = 0; i < outlen; i++) {
		for (bit = 0; bit < 8; bit++) {
			memcpy(buf, out, outlen);
			buf[i] ^= (uint8_t)(1 << bit);
			b = NULL;
			if (ledger_bundle_parse("B", buf, outlen, &b, NULL) != RV_OK)
				continue;
			parsed++;
			if (head_verifies(pub, b))
				unnoticed++;
			ledger_bundle_free(b);
		}
	}
	CHECK_INT_EQ(unnoticed, 0);
	CHECK(parsed > 0);	/* at least the signature's own bytes */

	/* Truncation at every length; a trailing byte. */
	for (cut = 0; cut < outlen; cut++)
		CHECK(parse_refuses(out, cut, NULL));
	memcpy(buf, out, outlen);
	buf[outlen] = 0;
	CHECK(parse_refuses(buf, outlen + 1, "1 trailing bytes"));
	CHECK(parse_refuses(out, outlen - RV_SIG_LEN - 2,
	    "truncated after record 3"));
	CHECK(parse_refuses(out, outlen - RV_SIG_LEN - 2 - 10,
	    "truncated in record 3"));
	free(buf);

	/* Header: magic, device, first seq, count, signature length. */
	memcpy(out, "RVBNDL02", 8);
	CHECK(parse_refuses(out, outlen, "wrong magic"));
	craft_bundle(&w, "kiosk 1", 1, SMALL_CHAIN, enc, len, SMALL_CHAIN, sig);
	CHECK(parse_refuses(w.b, w.n, "device is not a valid id"));
	craft_bundle(&w, "kiosk-1", 0, SMALL_CHAIN, enc, len, SMALL_CHAIN, sig);
	CHECK(parse_refuses(w.b, w.n, "first seq is 0"));
	craft_bundle(&w, "kiosk-1", 1, 0, enc, len, 0, sig);
	CHECK(parse_refuses(w.b, w.n, "0 records"));
	craft_bundle(&w, "kiosk-1", 1, 0xffffffffULL, enc, len, SMALL_CHAIN,
	    sig);
	CHECK(parse_refuses(w.b, w.n, "records"));
	craft_bundle(&w, "kiosk-1", 1, RV_BUNDLE_RECORDS_MAX, enc, len,
	    SMALL_CHAIN, sig);
	CHECK(parse_refuses(w.b, w.n, "cannot fit"));
	craft_bundle(&w, "kiosk-1", 1, SMALL_CHAIN + 1, enc, len, SMALL_CHAIN,
	    sig);
	CHECK(parse_refuses(w.b, w.n, NULL));
	craft_bundle(&w, "kiosk-1", 1, SMALL_CHAIN - 1, enc, len, SMALL_CHAIN,
	    sig);
	CHECK(parse_refuses(w.b, w.n, NULL));
	craft_bundle(&w, "kiosk-1", 1, SMALL_CHAIN, enc, len, SMALL_CHAIN, sig);
	CHECK(parse_refuses(w.b, w.n - 1, NULL));
	w.b[w.n - RV_SIG_LEN - 1] = RV_SIG_LEN - 1;
	CHECK(parse_refuses(w.b, w.n - 1, "signature of 63 bytes"));
	craft_bundle(&w, "kiosk-1", UINT64_MAX, 2, enc, len, 2, sig);
	CHECK(parse_refuses(w.b, w.n, "seq overflows"));

	/* Another device's record inside. */
	mixed[0] = enc[0];
	mixed[1] = enc[1];
	mixed[2] = oenc[2];
	mixedlen[0] = len[0];
	mixedlen[1] = len[1];
	mixedlen[2] = olen[2];
	craft_bundle(&w, "kiosk-1", 1, 3, mixed, mixedlen, 3, sig);
	CHECK(parse_refuses(w.b, w.n, "record 3 (seq 3): device kiosk-2 in a "
	    "bundle of kiosk-1"));
	CHECK(ledger_bundle_encode("kiosk-1", mixed, mixedlen, 3, sig, &buf, &cut,
	    &cause) == RV_EINPUT);
	CHECK(cause != NULL && strstr(cause, "device kiosk-2") != NULL);
	free(cause);
	cause = NULL;
	craft_bundle(&w, "kiosk-2", 1, 3, enc, len, 3, sig);
	CHECK(parse_refuses(w.b, w.n, "record 1 (seq 1): device kiosk-1"));

	/* A gap in seq: 1, 2, 4. */
	mixed[2] = enc[3];
	mixedlen[2] = len[3];
	craft_bundle(&w, "kiosk-1", 1, 3, mixed, mixedlen, 3, sig);
	CHECK(parse_refuses(w.b, w.n, "record 3 (seq 4): expected seq 3"));
	CHECK(ledger_bundle_encode("kiosk-1", mixed, mixedlen, 3, sig, &buf, &cut,
	    NULL) == RV_EINPUT);
	craft_bundle(&w, "kiosk-1", 2, 3, enc, len, 3, sig);
	CHECK(parse_refuses(w.b, w.n, "record 1 (seq 1): expected seq 2"));

	/* A broken prev link: seq 3 re-sealed after another seq 2. */
	memset(bad, 0x5a, sizeof bad);
	memcpy(recs[2].prev, bad, RV_HASH_LEN);
	free(enc[2]);
	CHECK(ledger_record_seal(&recs[2], &enc[2], &len[2], NULL) == RV_OK);
	craft_bundle(&w, "kiosk-1", 1, 3, enc, len, 3, sig);
	CHECK(parse_refuses(w.b, w.n, "B: record 3 (seq 3): prev does not "
	    "match the hash of seq 2"));
	CHECK(ledger_bundle_encode("kiosk-1", enc, len, 3, sig, &buf, &cut,
	    &cause) == RV_EINPUT);
	CHECK(cause != NULL && strstr(cause, "prev does not match") != NULL);
	free(cause);
	cause = NULL;

	/* Seq 1 must start the chain from nothing. */
	memcpy(recs[0].prev, bad, RV_HASH_LEN);
	free(enc[0]);
	CHECK(ledger_record_seal(&recs[0], &enc[0], &len[0], NULL) == RV_OK);
	craft_bundle(&w, "kiosk-1", 1, 1, enc, len, 1, sig);
	CHECK(parse_refuses(w.b, w.n, "record 1 (seq 1): prev of the first "
	    "record of a chain is not zero"));
	CHECK(ledger_bundle_encode("kiosk-1", enc, len, 1, sig, &buf, &cut,
	    NULL) == RV_EINPUT);

	/* A record that does not decode. */
	oenc[1][0] = 'X';
	craft_bundle(&w, "kiosk-2", 1, 2, oenc, olen, 2, sig);
	CHECK(parse_refuses(w.b, w.n, "B: record 2: wrong magic"));

	/* ledger_bundle_encode's own refusals. */
	CHECK(ledger_bundle_encode("kiosk-1", enc, len, 0, sig, &buf, &cut,
	    NULL) == RV_EINPUT);
	CHECK(ledger_bundle_encode("", enc, len, 1, sig, &buf, &cut,
	    NULL) == RV_EINPUT);

	free(out);
	free(w.b);
	free(pub);
	free_chain(SMALL_CHAIN + 2, recs, enc);
	free_chain(SMALL_CHAIN, other, oenc);
	key_free(key);
}

/* Does ledger_bundle_header_read refuse the bytes with a cause mentioning what? */
static int
header_refuses(const uint8_t *p, size_t n, const char *what)
{
	struct rv_bundle_header	 h;
	char			*cause = NULL;
	int			 ok;

	if (ledger_bundle_header_read("B", p, n, &h, &cause) == RV_OK)
		return 0;
	ok = cause != NULL && h.device[0] == '\0' && h.first == 0 &&
	    (what == NULL || strstr(cause, what) != NULL);
	if (!ok)
		fprintf(stderr, "unexpected cause: %s\n", cause ? cause : "-");
	free(cause);
	return ok;
}

/* The header alone: what it says, where it ends, what it refuses. */
static void
test_bundle_header(void)
{
	struct rv_bundle_header	 h;
	struct tw		 w = { NULL, 0, 0 };
	char			 longid[RV_NAME_MAX + 2];
	uint8_t			 sig[RV_SIG_LEN] = { 0 };
	size_t			 cut, size = 8 + 2 + 7 + 8 + 4;

	TEST_BEGIN("bundle header");
	/* Only the header is read: no record follows, yet it reads. */
	craft_bundle(&w, "kiosk-7", 42, 3, NULL, NULL, 0, sig);
	CHECK(ledger_bundle_header_read("B", w.b, w.n, &h, NULL) == RV_OK);
	CHECK_STR_EQ(h.device, "kiosk-7");
	CHECK_INT_EQ(h.first, 42);
	CHECK_INT_EQ(h.count, 3);
	CHECK_INT_EQ(h.size, size);
	CHECK(ledger_bundle_header_read("B", w.b, size, &h, NULL) == RV_OK);
	for (cut = 0; cut < size; cut++)
		CHECK(header_refuses(w.b, cut, cut < 8 ? "wrong magic" :
		    "B: truncated in the header"));
	w.b[7] = '2';
	CHECK(header_refuses(w.b, w.n, "B: not a bundle (wrong magic)"));

	craft_bundle(&w, "kiosk 7", 1, 1, NULL, NULL, 0, sig);
	CHECK(header_refuses(w.b, w.n, "B: device is not a valid id"));
	memset(longid, 'k', sizeof longid - 1);
	longid[sizeof longid - 1] = '\0';
	craft_bundle(&w, longid, 1, 1, NULL, NULL, 0, sig);
	CHECK(header_refuses(w.b, w.n, "device is longer than"));
	craft_bundle(&w, "kiosk-7", 0, 1, NULL, NULL, 0, sig);
	CHECK(header_refuses(w.b, w.n, "B: first seq is 0"));
	craft_bundle(&w, "kiosk-7", 1, 0, NULL, NULL, 0, sig);
	CHECK(header_refuses(w.b, w.n, "B: 0 records, expected 1 to"));
	craft_bundle(&w, "kiosk-7", 1, (uint64_t)RV_BUNDLE_RECORDS_MAX + 1,
	    NULL, NULL, 0, sig);
	CHECK(header_refuses(w.b, w.n, "records, expected 1 to"));
	craft_bundle(&w, "kiosk-7", UINT64_MAX, 2, NULL, NULL, 0, sig);
	CHECK(header_refuses(w.b, w.n, "B: seq overflows"));
	craft_bundle(&w, "kiosk-7", UINT64_MAX, 1, NULL, NULL, 0, sig);
	CHECK(ledger_bundle_header_read("B", w.b, w.n, &h, NULL) == RV_OK);
	free(w.b);
}

/* Write pkey's private half as PEM to name with mode (returns the path). */
static char *
write_private(const char *name, EVP_PKEY *pkey, const EVP_CIPHER *cipher,
    int mode)
{
	char	*p = path(name);
	FILE	*f;
	int	 fd;

	unlink(p);
	if ((fd = open(p, O_WRONLY | O_CREAT | O_EXCL, 0600)) == -1 ||
	    (f = fdopen(fd, "w")) == NULL)
		fatal("%s: %s", p, strerror(errno));
	if (PEM_write_PrivateKey(f, pkey, cipher,
	    cipher != NULL ? (unsigned char *)"secret" : NULL,
	    cipher != NULL ? 6 : 0, NULL, NULL) != 1)
		fatal("%s: cannot write key", p);
	fclose(f);
	if (chmod(p, (mode_t)mode) != 0)
		fatal("%s: chmod", p);
	return p;
}

/* Does key_load refuse path with a cause mentioning what? */
static int
load_refuses(const char *p, const char *what)
{
	struct rv_key	*key = NULL;
	char		*cause = NULL;
	int		 ok;

	if (key_load(p, &key, &cause) == RV_OK) {
		key_free(key);
		return 0;
	}
	ok = key == NULL && cause != NULL && strstr(cause, what) != NULL;
	if (!ok)
		fprintf(stderr, "unexpected cause: %s\n", cause ? cause : "-");
	free(cause);
	return ok;
}

/* Signing and verifying; what key_load accepts. */
static void
test_keys(void)
{
	struct rv_key	*key, *key2;
	EVP_PKEY	*ec;
	BIO		*bio;
	uint8_t		 sig[RV_SIG_LEN], sig2[RV_SIG_LEN];
	char		 msg[] = "renovote", *pub = NULL, *pub2 = NULL;
	char		*pem = NULL, *p, *ecpub, *data;
	long		 n;
	size_t		 i;
	int		 bad = 0;

	TEST_BEGIN("keys");
	key = load("sign.key", &pub);
	key2 = load("other.key", &pub2);
	CHECK(key_public_pem(key, &pem, NULL) == RV_OK);
	CHECK_STR_EQ(pem, pub);
	CHECK(key_pem_valid(pub) == 1);
	CHECK(key_pem_valid("-----BEGIN PUBLIC KEY-----\nAAAA\n"
	    "-----END PUBLIC KEY-----\n") == 0);
	CHECK(key_pem_valid("") == 0);
	CHECK(strcmp(pub, pub2) != 0);

	CHECK(key_sign(key, msg, strlen(msg), sig, NULL) == RV_OK);
	CHECK(key_sign(key, msg, strlen(msg), sig2, NULL) == RV_OK);
	CHECK(memcmp(sig, sig2, RV_SIG_LEN) == 0);	/* deterministic */
	CHECK(key_verify(pub, msg, strlen(msg), sig) == 1);
	CHECK(key_verify(pub2, msg, strlen(msg), sig) == 0);
	CHECK(key_verify("not a key", msg, strlen(msg), sig) == 0);
	msg[0] ^= 1;
	CHECK(key_verify(pub, msg, strlen(msg), sig) == 0);
	msg[0] ^= 1;
	CHECK(key_verify(pub, msg, strlen(msg) - 1, sig) == 0);
	for (i = 0; i < RV_SIG_LEN; i++) {
		memcpy(sig2, sig, RV_SIG_LEN);
		sig2[i] ^= 0x10;
		if (key_verify(pub, msg, strlen(msg), sig2) != 0)
			bad++;
	}
	CHECK_INT_EQ(bad, 0);
	CHECK(key_sign(key, "", 0, sig, NULL) == RV_OK);
	CHECK(key_verify(pub, "", 0, sig) == 1);

	/* Modes: the owner only. */
	p = path("sign.key");
	CHECK(chmod(p, 0644) == 0);
	CHECK(load_refuses(p, "mode 0644: a private key must be readable by "
	    "its owner only"));
	CHECK(chmod(p, 0640) == 0);
	CHECK(load_refuses(p, "mode 0640"));
	CHECK(chmod(p, 0604) == 0);
	CHECK(load_refuses(p, "mode 0604"));
	CHECK(chmod(p, 0400) == 0);
	key_free(key2);
	key2 = NULL;
	CHECK(key_load(p, &key2, NULL) == RV_OK && key2 != NULL);
	free(p);

	/* Not Ed25519, encrypted, not a key, not there, not a file. */
	ec = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	CHECK(ec != NULL);
	p = write_private("ec.key", ec, NULL, 0600);
	CHECK(load_refuses(p, "not an Ed25519 key"));
	free(p);
	bio = BIO_new(BIO_s_mem());
	CHECK(PEM_write_bio_PUBKEY(bio, ec) == 1);
	n = BIO_get_mem_data(bio, &data);
	ecpub = xstrndup(data, (size_t)n);
	CHECK(key_pem_valid(ecpub) == 0);
	CHECK(key_verify(ecpub, msg, strlen(msg), sig) == 0);
	free(ecpub);
	BIO_free(bio);
	EVP_PKEY_free(ec);
	CHECK(key_pem_valid(pem) == 1);
	free(pem);

	p = path("junk.key");
	CHECK(file_write_durable(p, "hello\n", 6, 0600, NULL) == RV_OK);
	CHECK(load_refuses(p, "not an unencrypted PEM private key"));
	free(p);
	p = path("missing.key");
	CHECK(load_refuses(p, "No such file"));
	free(p);
	CHECK(load_refuses(dir, "not a regular file"));

	key_free(key);
	key_free(key2);
	free(pub);
	free(pub2);
}

/* An encrypted key is refused without asking for a passphrase. */
static void
test_encrypted_key(void)
{
	EVP_PKEY	*pkey;
	char		*p;

	TEST_BEGIN("encrypted key");
	pkey = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	CHECK(pkey != NULL);
	p = write_private("enc.key", pkey, EVP_aes_256_cbc(), 0600);
	CHECK(load_refuses(p, "not an unencrypted PEM private key"));
	free(p);
	p = write_private("plain.key", pkey, NULL, 0600);
	CHECK(!load_refuses(p, "-"));
	free(p);
	EVP_PKEY_free(pkey);
}

/* One ```vector block of docs/protocol.md. */
struct vec {
	char	*key[VEC_KEYS_MAX];
	char	*val[VEC_KEYS_MAX];
	size_t	 n;
	int	 line;
};

/* The value of key in v, or NULL. */
static const char *
vget(const struct vec *v, const char *key)
{
	size_t	 i;

	for (i = 0; i < v->n; i++) {
		if (strcmp(v->key[i], key) == 0)
			return v->val[i];
	}
	return NULL;
}

/* Decode hex into a new buffer; NULL if it is not hex. */
static uint8_t *
unhex(const char *s, size_t *len)
{
	uint8_t	*b;
	size_t	 n = strlen(s), i;
	int	 hi, lo;

	if (n == 0 || n % 2 != 0)
		return NULL;
	b = xmalloc(n / 2);
	for (i = 0; i < n / 2; i++) {
		hi = OPENSSL_hexchar2int((unsigned char)s[2 * i]);
		lo = OPENSSL_hexchar2int((unsigned char)s[2 * i + 1]);
		if (hi < 0 || lo < 0) {
			free(b);
			return NULL;
		}
		b[i] = (uint8_t)(hi << 4 | lo);
	}
	*len = n / 2;
	return b;
}

/* Bytes as lower-case hex (allocated). */
static char *
tohex(const uint8_t *p, size_t n)
{
	char	*s = xmalloc(2 * n + 1);
	size_t	 i;

	for (i = 0; i < n; i++)
		snprintf(s + 2 * i, 3, "%02x", p[i]);
	s[2 * n] = '\0';
	return s;
}

/* Is s the hex of the n bytes at p?  Reports the difference if not. */
static int
hex_is(const char *what, const char *name, const char *s, const uint8_t *p,
    size_t n)
{
	char	*h = tohex(p, n);
	int	 ok = s != NULL && strcmp(s, h) == 0;

	if (!ok)
		fprintf(stderr, "vector %s: %s is\n  %s\nin the document, "
		    "the code gives\n  %s\n", name, what, s ? s : "(none)", h);
	free(h);
	return ok;
}

/* Parse every ```vector and ```sync-vector block of the document text. */
static size_t
parse_vectors(char *text, struct vec *vecs, size_t max)
{
	char	*line, *next, *colon;
	size_t	 n = 0;
	int	 in = 0, lineno = 0;

	for (line = text; line != NULL; line = next) {
		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (!in) {
			if (strcmp(line, "```vector") == 0 ||
			    strcmp(line, "```sync-vector") == 0) {
				if (n == max)
					fatal("too many vectors");
				memset(&vecs[n], 0, sizeof vecs[n]);
				vecs[n].line = lineno;
				in = 1;
			}
			continue;
		}
		if (strcmp(line, "```") == 0) {
			in = 0;
			n++;
			continue;
		}
		if ((colon = strstr(line, ": ")) == NULL ||
		    vecs[n].n == VEC_KEYS_MAX)
			fatal("protocol.md:%d: not a key: value line", lineno);
		*colon = '\0';
		vecs[n].key[vecs[n].n] = line;
		vecs[n].val[vecs[n].n++] = colon + 2;
	}
	if (in)
		fatal("protocol.md: vector block not closed");
	return n;
}

/* The vector called name among vecs, or NULL. */
static const struct vec *
vfind(const struct vec *vecs, size_t n, const char *name)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (str_same(vget(&vecs[i], "name"), name))
			return &vecs[i];
	}
	return NULL;
}

/* A copy of the vector's value of key, or NULL if it has none. */
static char *
vdup(const struct vec *v, const char *key)
{
	const char	*s = vget(v, key);

	return s != NULL ? xstrdup(s) : NULL;
}

/* A number of the vector, 0 if absent. */
static int64_t
vnum(const struct vec *v, const char *key)
{
	const char	*s = vget(v, key);

	return s != NULL ? strtoll(s, NULL, 10) : 0;
}

/* Check a record vector: fields → encoding → hash → receipt, and back. */
static void
check_record_vector(const struct vec *v)
{
	static const char *const types[] = { NULL, "package", "answer",
	    "pledge", "lockout", "ballot", "roster", "suggestion" };
	struct rv_record	 r, d;
	const char		*name = vget(v, "name"), *t = vget(v, "type");
	uint8_t			*enc = NULL, *doc;
	size_t			 len, doclen;
	char			 rc[RV_RECEIPT_TEXT], *cause = NULL;
	int			 i;

	memset(&r, 0, sizeof r);
	for (i = 1; i <= RV_REC_SUGGESTION; i++) {
		if (strcmp(t, types[i]) == 0)
			r.type = (enum rv_record_type)i;
	}
	CHECK(r.type != 0);
	r.device = vdup(v, "device");
	r.seq = (uint64_t)vnum(v, "seq");
	r.time = vnum(v, "time");
	CHECK(vget(v, "prev") != NULL &&
	    ledger_hash_from_hex(vget(v, "prev"), r.prev) == 0);
	r.estate_id = vdup(v, "estate");
	r.subject_id = vdup(v, "subject");
	r.flat_id = vdup(v, "flat");
	r.choice = vdup(v, "choice");
	r.actor = vdup(v, "actor");
	r.witness = vdup(v, "witness");
	r.ref = vdup(v, "ref");
	r.before = vdup(v, "before");
	r.after = vdup(v, "after");
	r.text = vdup(v, "text");
	r.cast_at = vnum(v, "cast_at");
	r.amount_fen = vnum(v, "amount_fen");
	r.until = vnum(v, "until");
	r.version = (uint64_t)vnum(v, "version");
	if (vget(v, "digest") != NULL)
		CHECK(ledger_hash_from_hex(vget(v, "digest"), r.digest) == 0);

	if (ledger_record_seal(&r, &enc, &len, &cause) != RV_OK) {
		fprintf(stderr, "vector %s: %s\n", name, cause);
		free(cause);
		CHECK(0);
		ledger_record_clear(&r);
		return;
	}
	CHECK(hex_is("encoding", name, vget(v, "encoding"), enc, len));
	CHECK(hex_is("sha256", name, vget(v, "sha256"), r.hash, RV_HASH_LEN));
	ledger_receipt_from_hash(r.hash, rc, sizeof rc);
	CHECK_STR_EQ(rc, vget(v, "receipt"));

	/* The document's bytes decode to the document's fields. */
	doc = vget(v, "encoding") != NULL ?
	    unhex(vget(v, "encoding"), &doclen) : NULL;
	CHECK(doc != NULL);
	if (doc != NULL) {
		CHECK(ledger_record_decode(doc, doclen, &d, NULL) == RV_OK);
		CHECK(records_equal(&r, &d));
		ledger_record_clear(&d);
		free(doc);
	}
	free(enc);
	ledger_record_clear(&r);
}

/* Write the Ed25519 key of a 32-byte seed as a private key file. */
static struct rv_key *
key_from_seed(const char *seedhex, EVP_PKEY **pkeyp)
{
	struct rv_key	*key = NULL;
	EVP_PKEY	*pkey;
	uint8_t		*seed;
	size_t		 len;
	char		*p;

	if ((seed = unhex(seedhex, &len)) == NULL || len != 32)
		fatal("vector: bad seed");
	pkey = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed, len);
	freezero(seed, len);
	if (pkey == NULL)
		fatal("vector: EVP_PKEY_new_raw_private_key");
	p = write_private("seed.key", pkey, NULL, 0600);
	if (key_load(p, &key, NULL) != RV_OK)
		fatal("vector: key_load");
	free(p);
	*pkeyp = pkey;
	return key;
}

/*
 * Check a sync vector: sync_auth_message gives the document's message for
 * its method, target, time, nonce and body, and the seed's key its
 * signature.
 */
static void
check_sync_vector(const struct vec *v)
{
	const char	*name = vget(v, "name"), *body = vget(v, "body");
	struct rv_key	*key;
	EVP_PKEY	*pkey;
	uint8_t		*nonce, *msg, sig[RV_SIG_LEN], bh[RV_HASH_LEN];
	size_t		 nlen = 0, len;

	CHECK(body != NULL);
	if (body == NULL)
		return;
	ledger_sha256(body, strlen(body), bh);
	CHECK(hex_is("body_sha256", name, vget(v, "body_sha256"), bh,
	    RV_HASH_LEN));
	nonce = unhex(vget(v, "nonce") != NULL ? vget(v, "nonce") : "", &nlen);
	CHECK(nonce != NULL && nlen == SYNC_NONCE_LEN);
	if (nonce == NULL || nlen != SYNC_NONCE_LEN) {
		free(nonce);
		return;
	}
	key = key_from_seed(vget(v, "seed"), &pkey);
	sync_auth_message(vget(v, "method"), vget(v, "target"),
	    (rv_ms)vnum(v, "time"), nonce, body, strlen(body), &msg, &len);
	CHECK(hex_is("message", name, vget(v, "message"), msg, len));
	CHECK(key_sign(key, msg, len, sig, NULL) == RV_OK);
	CHECK(hex_is("signature", name, vget(v, "signature"), sig,
	    RV_SIG_LEN));
	free(msg);
	free(nonce);
	key_free(key);
	EVP_PKEY_free(pkey);
}

/*
 * Check a revocation vector: sync_revoked_message gives the document's
 * message for its device and time, and the seed's key its signature.
 */
static void
check_revoked_vector(const struct vec *v)
{
	const char	*name = vget(v, "name");
	struct rv_key	*key;
	EVP_PKEY	*pkey;
	uint8_t		*msg, sig[RV_SIG_LEN];
	size_t		 len;

	key = key_from_seed(vget(v, "seed"), &pkey);
	sync_revoked_message(vget(v, "device"), (rv_ms)vnum(v, "at"), &msg,
	    &len);
	CHECK(hex_is("message", name, vget(v, "message"), msg, len));
	CHECK(key_sign(key, msg, len, sig, NULL) == RV_OK);
	CHECK(hex_is("signature", name, vget(v, "signature"), sig,
	    RV_SIG_LEN));
	free(msg);
	key_free(key);
	EVP_PKEY_free(pkey);
}

/* Check a head vector: the message and its signature by the seed's key. */
static void
check_head_vector(const struct vec *v, const struct vec *vecs, size_t nvecs)
{
	const struct vec	*rv;
	const char		*name = vget(v, "name");
	struct rv_key		*key;
	EVP_PKEY		*pkey, *pubkey;
	EVP_MD_CTX		*ctx;
	BIO			*bio;
	uint8_t			 hash[RV_HASH_LEN], rawpub[32], sig[RV_SIG_LEN];
	uint8_t			 sig2[RV_SIG_LEN], *msg;
	size_t			 len, rawlen = sizeof rawpub, siglen = RV_SIG_LEN;
	char			*pem, *data;
	long			 n;

	key = key_from_seed(vget(v, "seed"), &pkey);
	CHECK(EVP_PKEY_get_raw_public_key(pkey, rawpub, &rawlen) == 1);
	CHECK(hex_is("public", name, vget(v, "public"), rawpub, rawlen));

	/* The hash is that of the record vector it names. */
	rv = vfind(vecs, nvecs, vget(v, "record"));
	CHECK(rv != NULL);
	CHECK(rv != NULL && str_same(vget(rv, "sha256"), vget(v, "hash")));
	CHECK(str_same(vget(rv, "device"), vget(v, "device")));
	CHECK(str_same(vget(rv, "seq"), vget(v, "seq")));
	CHECK(ledger_hash_from_hex(vget(v, "hash"), hash) == 0);
	ledger_head_message(vget(v, "device"), (uint64_t)vnum(v, "seq"), hash, &msg,
	    &len);
	CHECK(hex_is("message", name, vget(v, "message"), msg, len));

	/* key_sign, and OpenSSL directly, give the document's signature. */
	CHECK(key_sign(key, msg, len, sig, NULL) == RV_OK);
	CHECK(hex_is("signature", name, vget(v, "signature"), sig,
	    RV_SIG_LEN));
	ctx = EVP_MD_CTX_new();
	CHECK(EVP_DigestSignInit(ctx, NULL, NULL, NULL, pkey) == 1 &&
	    EVP_DigestSign(ctx, sig2, &siglen, msg, len) == 1);
	CHECK(memcmp(sig, sig2, RV_SIG_LEN) == 0);
	EVP_MD_CTX_free(ctx);

	/* key_verify with the public key built from the document's bytes. */
	pubkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, rawpub,
	    rawlen);
	bio = BIO_new(BIO_s_mem());
	CHECK(pubkey != NULL && PEM_write_bio_PUBKEY(bio, pubkey) == 1);
	n = BIO_get_mem_data(bio, &data);
	pem = xstrndup(data, (size_t)n);
	CHECK(key_verify(pem, msg, len, sig) == 1);
	msg[len - 1] ^= 1;
	CHECK(key_verify(pem, msg, len, sig) == 0);
	free(pem);
	BIO_free(bio);
	EVP_PKEY_free(pubkey);
	EVP_PKEY_free(pkey);
	key_free(key);
	free(msg);
}

/* Check a bundle vector: the records it names, signed by the seed's key. */
static void
check_bundle_vector(const struct vec *v, const struct vec *vecs,
    size_t nvecs)
{
	const char		*name = vget(v, "name");
	const struct vec	*rv;
	struct rv_bundle_header	 h;
	struct rv_record	 last;
	struct rv_bundle	*b = NULL;
	struct rv_key		*key;
	EVP_PKEY		*pkey;
	uint8_t			*enc[VECS_MAX], *msg, *out, sig[RV_SIG_LEN];
	size_t			 len[VECS_MAX], n = 0, i, msglen, outlen;
	char			*names, *tok, *save, *pem, *cause = NULL;

	key = key_from_seed(vget(v, "seed"), &pkey);
	names = xstrdup(vget(v, "records") != NULL ? vget(v, "records") : "");
	for (tok = strtok_r(names, " ", &save); tok != NULL && n < VECS_MAX;
	    tok = strtok_r(NULL, " ", &save)) {
		rv = vfind(vecs, nvecs, tok);
		CHECK(rv != NULL);
		if (rv == NULL || (enc[n] = unhex(vget(rv, "encoding"),
		    &len[n])) == NULL)
			continue;
		n++;
	}
	free(names);
	CHECK(n > 0);
	if (n == 0)
		goto out;

	/* Sign the head of the last record, as the device would. */
	CHECK(ledger_record_decode(enc[n - 1], len[n - 1], &last, NULL) == RV_OK);
	ledger_head_message(last.device, last.seq, last.hash, &msg, &msglen);
	ledger_record_clear(&last);
	CHECK(hex_is("message", name, vget(v, "message"), msg, msglen));
	CHECK(key_sign(key, msg, msglen, sig, NULL) == RV_OK);
	CHECK(hex_is("signature", name, vget(v, "signature"), sig,
	    RV_SIG_LEN));
	free(msg);
	if (ledger_bundle_encode(vget(v, "device"), enc, len, n, sig, &out, &outlen,
	    &cause) != RV_OK) {
		fprintf(stderr, "vector %s: %s\n", name, cause);
		free(cause);
		CHECK(0);
		goto out;
	}
	CHECK(hex_is("encoding", name, vget(v, "encoding"), out, outlen));
	CHECK(ledger_bundle_header_read(name, out, outlen, &h, NULL) == RV_OK);
	CHECK_STR_EQ(h.device, vget(v, "device"));
	CHECK_INT_EQ(h.count, n);
	CHECK_INT_EQ(h.first, 1);
	CHECK(ledger_bundle_parse(name, out, outlen, &b, NULL) == RV_OK);
	if (b != NULL) {
		CHECK_INT_EQ(b->n, n);
		CHECK(key_public_pem(key, &pem, NULL) == RV_OK);
		CHECK(head_verifies(pem, b));
		free(pem);
		ledger_bundle_free(b);
	}
	free(out);
out:
	for (i = 0; i < n; i++)
		free(enc[i]);
	EVP_PKEY_free(pkey);
	key_free(key);
}

/* The document's vectors agree with the code. */
static void
test_vectors(void)
{
	static const char *const fallback[] = { "../docs/protocol.md",
	    "docs/protocol.md", "../../docs/protocol.md" };
	struct vec	*vecs;
	const char	*top = getenv("top_srcdir"), *t;
	char		*doc = NULL, *text = NULL, *cause = NULL;
	size_t		 len, n, i, records = 0, heads = 0, bundles = 0, syncs = 0;
	size_t		 revokeds = 0;
	int		 answers = 0, ballots = 0, rosters = 0, suggestions = 0;

	TEST_BEGIN("vectors");
	if (top != NULL)
		xasprintf(&doc, "%s/docs/protocol.md", top);
	else {
		for (i = 0; i < sizeof fallback / sizeof fallback[0]; i++) {
			if (access(fallback[i], R_OK) == 0)
				break;
		}
		doc = xstrdup(fallback[i < sizeof fallback /
		    sizeof fallback[0] ? i : 0]);
	}
	if (file_read(doc, DOC_MAX, &text, &len, &cause) != RV_OK) {
		fprintf(stderr, "%s\n", cause);
		free(cause);
		free(doc);
		CHECK(0);
		return;
	}
	vecs = xcalloc(VECS_MAX, sizeof *vecs);
	n = parse_vectors(text, vecs, VECS_MAX);
	for (i = 0; i < n; i++) {
		TEST_BEGIN(vget(&vecs[i], "name") != NULL ?
		    vget(&vecs[i], "name") : "vector without a name");
		CHECK(vget(&vecs[i], "name") != NULL);
		if ((t = vget(&vecs[i], "type")) != NULL) {
			check_record_vector(&vecs[i]);
			records++;
			answers += strcmp(t, "answer") == 0;
			ballots += strcmp(t, "ballot") == 0;
			rosters += strcmp(t, "roster") == 0;
			suggestions += strcmp(t, "suggestion") == 0;
		} else if (vget(&vecs[i], "records") != NULL) {
			check_bundle_vector(&vecs[i], vecs, n);
			bundles++;
		} else if (vget(&vecs[i], "hash") != NULL) {
			check_head_vector(&vecs[i], vecs, n);
			heads++;
		} else if (vget(&vecs[i], "method") != NULL) {
			check_sync_vector(&vecs[i]);
			syncs++;
		} else if (vget(&vecs[i], "at") != NULL) {
			check_revoked_vector(&vecs[i]);
			revokeds++;
		} else {
			fprintf(stderr, "protocol.md:%d: unknown vector\n",
			    vecs[i].line);
			CHECK(0);
		}
	}
	TEST_BEGIN("vectors");
	CHECK(answers >= 1);
	CHECK(ballots >= 1);
	CHECK(rosters >= 1);
	CHECK(suggestions >= 2);
	CHECK(heads >= 1);
	CHECK(syncs >= 1);
	CHECK(revokeds >= 1);
	printf("test-ledger: %zu vectors (%zu records, %zu heads, %zu "
	    "bundles, %zu sync, %zu revocation) from %s\n", n, records, heads,
	    bundles, syncs, revokeds, doc);
	free(vecs);
	free(text);
	free(doc);
}

/* Remove the test directory and the key files the tests left in it. */
static void
remove_dir(void)
{
	static const char *const files[] = { "kiosk.key", "sign.key",
	    "other.key", "ec.key", "enc.key", "plain.key", "junk.key",
	    "seed.key" };
	size_t	 i;
	char	*p;

	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		p = path(files[i]);
		unlink(p);
		free(p);
	}
	rmdir(dir);
}

/* Run every test in a fresh directory; the exit status is the verdict. */
int
main(void)
{
	if (mkdtemp(dir) == NULL)
		fatal("mkdtemp: %s", strerror(errno));
	test_roundtrip();
	test_encode_refusals();
	test_decode_refusals();
	test_suggestion_text();
	test_receipt();
	test_bundle_roundtrip();
	test_chain_bundle();
	test_bundle_refusals();
	test_bundle_header();
	test_keys();
	test_encrypted_key();
	test_vectors();
	remove_dir();
	return test_done("test-ledger");
}
