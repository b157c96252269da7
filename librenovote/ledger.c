/*
 * The ledger: every event at a kiosk (an answer, a pledge, a lockout, a
 * package loaded) and every paper ballot entered at the office is a
 * record in a per-device hash chain.  Each record carries the SHA-256 of
 * the one before it, so the signature a device puts on the head of its
 * chain covers everything up to it; a resident's receipt is the start of
 * the hash of their record.
 *
 * The encodings here are the protocol: docs/protocol.md describes them
 * byte by byte and carries test vectors that tests/unit/test-ledger.c
 * checks against this file.  They must stay canonical: one record has one
 * encoding, the decoder refuses anything the encoder would not write, and
 * the encoder refuses anything the decoder would refuse.
 *
 * A bundle carries consecutive records of one device to the office.  The
 * office must check a bundle at about the speed of hashing it, so
 * ledger_bundle_parse makes a fixed number of allocations per bundle, not per
 * record: the encodings and the strings of every record live in one block.
 */

#include "config.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include "ledger.h"

#define RECORD_MAGIC		"RVR1"
#define RECORD_MAGIC_LEN	4
#define BUNDLE_MAGIC		"RVBNDL01"
#define BUNDLE_MAGIC_LEN	8
#define HEAD_DOMAIN		"renovote-head-v1"	/* then one 0x00 */
#define HEAD_DOMAIN_LEN		(sizeof HEAD_DOMAIN)	/* with the 0x00 */
#define RECEIPT_ALPHABET	"0123456789ABCDEFGHJKMNPQRSTVWXYZ"
#define RECEIPT_BITS		5	/* per character */
#define RECEIPT_GROUP		5	/* characters before the dash */
#define STR_LEN_SIZE		2	/* u16 before every string */
#define ERR_MAX			160	/* bytes of a decoding complaint */
#define STR(x)			#x
#define XSTR(x)			STR(x)

/*
 * The shortest record a decoder can accept: a lockout with one-byte
 * device, estate and flat ids.  A bundle's count is checked against it
 * before anything is allocated for the records.
 */
#define RECORD_MIN	(RECORD_MAGIC_LEN + 1 + (STR_LEN_SIZE + 1) + 8 + 8 + \
			    RV_HASH_LEN + 2 * (STR_LEN_SIZE + 1) + 8)
#define ENTRY_MIN	(4 + RECORD_MIN)	/* u32 length + record */

/* How a field is encoded and what it must hold. */
enum field_kind {
	F_ID,		/* str, required, id_valid() */
	F_CHOICE,	/* str, required, choice_text_valid() */
	F_NAME,		/* str, required, not empty */
	F_OPT,		/* str, "" when absent (decoded as NULL) */
	F_TEXT,		/* str, 1 to RV_SUGGESTION_MAX bytes, a plan text's rules */
	F_U64,
	F_SEQ,		/* u64, not 0 */
	F_I64,
	F_AMOUNT,	/* i64, -1 (none) or more */
	F_HASH		/* RV_HASH_LEN bytes */
};

struct field {
	const char	*name;
	enum field_kind	 kind;
	size_t		 off;	/* in struct rv_record */
};

#define FIELD(n, k)	{ #n, k, offsetof(struct rv_record, n) }
#define FIELD_END	{ NULL, F_ID, 0 }

/* Every record starts with these, after the magic and the type byte. */
static const struct field head_fields[] = {
	FIELD(device, F_ID),
	FIELD(seq, F_SEQ),
	FIELD(time, F_I64),
	FIELD(prev, F_HASH),
	FIELD_END
};

static const struct field package_fields[] = {
	FIELD(estate_id, F_ID),
	FIELD(version, F_U64),
	FIELD(digest, F_HASH),
	FIELD_END
};

static const struct field answer_fields[] = {
	FIELD(estate_id, F_ID),
	FIELD(subject_id, F_ID),
	FIELD(flat_id, F_ID),
	FIELD(choice, F_CHOICE),
	FIELD(actor, F_OPT),
	FIELD(witness, F_OPT),
	FIELD_END
};

static const struct field pledge_fields[] = {
	FIELD(estate_id, F_ID),
	FIELD(subject_id, F_ID),
	FIELD(flat_id, F_ID),
	FIELD(amount_fen, F_AMOUNT),
	FIELD_END
};

static const struct field lockout_fields[] = {
	FIELD(estate_id, F_ID),
	FIELD(flat_id, F_ID),
	FIELD(until, F_I64),
	FIELD_END
};

static const struct field ballot_fields[] = {
	FIELD(estate_id, F_ID),
	FIELD(subject_id, F_ID),
	FIELD(flat_id, F_ID),
	FIELD(choice, F_CHOICE),
	FIELD(cast_at, F_I64),
	FIELD(actor, F_NAME),
	FIELD(ref, F_OPT),
	FIELD_END
};

/*
 * A confirmed roster change (roster import --confirm-changes): which
 * field of which flat changed, from what to what, and the clerk who
 * confirmed it.  flat_id is empty for a change of the estate itself.
 */
static const struct field roster_fields[] = {
	FIELD(estate_id, F_ID),
	FIELD(flat_id, F_OPT),
	FIELD(subject_id, F_ID),
	FIELD(before, F_OPT),
	FIELD(after, F_OPT),
	FIELD(actor, F_NAME),
	FIELD_END
};

/*
 * A resident's suggestion in the needs survey (征求意见): free text for
 * the committee, never counted or published.  actor is the committee
 * member who wrote it down when the resident dictated it (or the clerk
 * who entered a paper form), empty when the resident typed it; cast_at
 * is when the resident gave it (a kiosk's: its time) and ref the paper
 * form's number.
 */
static const struct field suggestion_fields[] = {
	FIELD(estate_id, F_ID),
	FIELD(flat_id, F_ID),
	FIELD(text, F_TEXT),
	FIELD(actor, F_OPT),
	FIELD(cast_at, F_I64),
	FIELD(ref, F_OPT),
	FIELD_END
};

/* The string members of struct rv_record, for freeing and checking. */
static const struct field string_fields[] = {
	FIELD(device, F_OPT),
	FIELD(estate_id, F_OPT),
	FIELD(subject_id, F_OPT),
	FIELD(flat_id, F_OPT),
	FIELD(choice, F_OPT),
	FIELD(actor, F_OPT),
	FIELD(witness, F_OPT),
	FIELD(ref, F_OPT),
	FIELD(before, F_OPT),
	FIELD(after, F_OPT),
	FIELD(text, F_OPT),
	FIELD_END
};

/* The fields of each record type, indexed by enum rv_record_type. */
static const struct {
	const char		*name;
	const struct field	*fields;
} record_types[] = {
	{ NULL, NULL },
	{ "package", package_fields },
	{ "answer", answer_fields },
	{ "pledge", pledge_fields },
	{ "lockout", lockout_fields },
	{ "ballot", ballot_fields },
	{ "roster", roster_fields },
	{ "suggestion", suggestion_fields }
};
#define NRECORD_TYPES	(sizeof record_types / sizeof record_types[0])

/* A cursor over bytes being written; over is set if they did not fit. */
struct wbuf {
	uint8_t	*p;
	size_t	 cap;
	size_t	 len;
	int	 over;
};

/* A cursor over bytes being read. */
struct rbuf {
	const uint8_t	*p;
	size_t		 len;
	size_t		 off;
};

/*
 * Where decoded strings go: NUL-terminated copies in one block owned by
 * someone else (a bundle), or separately allocated when arena is NULL.
 * A device name equal to device (already checked, and owned by the same
 * someone) is not copied again: the record points to device.
 */
struct arena {
	char		*p;
	size_t		 left;
	const char	*device;
	size_t		 devlen;
};

/* Append n bytes, or note that they do not fit. */
static void
put_bytes(struct wbuf *w, const void *p, size_t n)
{
	if (n == 0)
		return;
	if (w->over || w->cap - w->len < n) {
		w->over = 1;
		return;
	}
	memcpy(w->p + w->len, p, n);
	w->len += n;
}

/* Append v as size bytes, most significant first. */
static void
put_uint(struct wbuf *w, uint64_t v, size_t size)
{
	uint8_t	 b[8];

	be_put(b, v, size);
	put_bytes(w, b, size);
}

/* Append a string as u16 length and bytes; NULL is the empty string. */
static void
put_str(struct wbuf *w, const char *s)
{
	size_t	 n = s != NULL ? strlen(s) : 0;

	if (n > UINT16_MAX) {
		w->over = 1;
		return;
	}
	put_uint(w, n, STR_LEN_SIZE);
	put_bytes(w, s, n);
}

/* Take n bytes; NULL if fewer are left. */
static const uint8_t *
get_bytes(struct rbuf *r, size_t n)
{
	const uint8_t	*p;

	if (r->len - r->off < n)
		return NULL;
	p = r->p + r->off;
	r->off += n;
	return p;
}

/* Take a big-endian unsigned integer of size bytes; -1 if truncated. */
static int
get_uint(struct rbuf *r, size_t size, uint64_t *v)
{
	const uint8_t	*p;

	if ((p = get_bytes(r, size)) == NULL)
		return -1;
	*v = be_get(p, size);
	return 0;
}

/* Copy n bytes of a decoded string into the arena or a new allocation. */
static char *
arena_strndup(struct arena *a, const uint8_t *p, size_t n)
{
	char	*s;

	if (a == NULL)
		return xstrndup((const char *)p, n);
	if (a->left < n + 1)
		fatal("arena_strndup: arena too small");
	s = a->p;
	memcpy(s, p, n);
	s[n] = '\0';
	a->p += n + 1;
	a->left -= n + 1;
	return s;
}

/* The member of rec a field describes. */
static void *
field_ptr(struct rv_record *rec, const struct field *f)
{
	return (char *)rec + f->off;
}

/* The member of rec a field describes, read-only. */
static const void *
field_cptr(const struct rv_record *rec, const struct field *f)
{
	return (const char *)rec + f->off;
}

/*
 * Is a string of n bytes acceptable in a field of kind k?  s is
 * NUL-terminated after its n bytes.  Returns NULL or what is wrong.
 */
static const char *
string_problem(enum field_kind k, const char *s, size_t n)
{
	size_t		 at;
	unsigned	 cp;

	if (memchr(s, '\0', n) != NULL)
		return "contains a NUL byte";
	if (k == F_ID)		/* checks length and UTF-8 too */
		return id_valid(s) ? NULL : "is not a valid id";
	if (k == F_CHOICE)	/* ids joined by commas */
		return choice_text_valid(s) ? NULL :
		    "is not ids joined by commas";
	if (k == F_TEXT && n > RV_SUGGESTION_MAX)
		return "is longer than " XSTR(RV_SUGGESTION_MAX) " bytes";
	if (k != F_TEXT && n > RV_NAME_MAX)
		return "is longer than " XSTR(RV_NAME_MAX) " bytes";
	if (!utf8_valid(s, n))
		return "is not valid UTF-8";
	if ((k == F_NAME || k == F_TEXT) && n == 0)
		return "is empty";
	if (k == F_TEXT && text_control_find(s, n, &at, &cp))
		return "has a control character other than newline";
	return NULL;
}

/* The most bytes a string field of kind k may hold. */
static size_t
string_max(enum field_kind k)
{
	return k == F_TEXT ? RV_SUGGESTION_MAX : RV_NAME_MAX;
}

/* Check and append the fields of a list; 0, or -1 with err set. */
static int
encode_fields(struct wbuf *w, const struct rv_record *rec,
    const struct field *f, char *err, size_t errlen)
{
	const char	*s, *why;
	uint64_t	 u;
	int64_t		 i;

	for (; f->name != NULL; f++) {
		switch (f->kind) {
		case F_ID:
		case F_CHOICE:
		case F_NAME:
		case F_OPT:
		case F_TEXT:
			s = *(char *const *)field_cptr(rec, f);
			if (s == NULL && f->kind != F_OPT) {
				snprintf(err, errlen, "%s is missing",
				    f->name);
				return -1;
			}
			if (s == NULL)
				s = "";
			if ((why = string_problem(f->kind, s,
			    strlen(s))) != NULL) {
				snprintf(err, errlen, "%s %s", f->name, why);
				return -1;
			}
			put_str(w, s);
			break;
		case F_U64:
		case F_SEQ:
			u = *(const uint64_t *)field_cptr(rec, f);
			if (f->kind == F_SEQ && u == 0) {
				snprintf(err, errlen, "%s is 0", f->name);
				return -1;
			}
			put_uint(w, u, 8);
			break;
		case F_I64:
		case F_AMOUNT:
			i = *(const int64_t *)field_cptr(rec, f);
			if (f->kind == F_AMOUNT && i < -1) {
				snprintf(err, errlen, "%s is %lld", f->name,
				    (long long)i);
				return -1;
			}
			put_uint(w, (uint64_t)i, 8);
			break;
		case F_HASH:
			put_bytes(w, field_cptr(rec, f), RV_HASH_LEN);
			break;
		}
	}
	return 0;
}

/*
 * Read the fields of a list into rec; 0, or -1 with err set.  Strings go
 * to the arena (or are allocated when it is NULL).
 */
static int
decode_fields(struct rbuf *r, struct rv_record *rec, const struct field *f,
    struct arena *a, char *err, size_t errlen)
{
	const uint8_t	*p;
	const char	*why;
	char		*s;
	uint64_t	 u, n;

	for (; f->name != NULL; f++) {
		switch (f->kind) {
		case F_ID:
		case F_CHOICE:
		case F_NAME:
		case F_OPT:
		case F_TEXT:
			if (get_uint(r, STR_LEN_SIZE, &n) != 0)
				goto truncated;
			if (n > string_max(f->kind)) {
				snprintf(err, errlen, "%s is longer than %zu "
				    "bytes", f->name, string_max(f->kind));
				return -1;
			}
			if ((p = get_bytes(r, n)) == NULL)
				goto truncated;
			if (n == 0 && f->kind == F_OPT)
				break;
			if (a != NULL && a->device != NULL &&
			    f->off == offsetof(struct rv_record, device) &&
			    n == a->devlen && memcmp(p, a->device, n) == 0) {
				rec->device = (char *)a->device;
				break;
			}
			s = arena_strndup(a, p, n);
			*(char **)field_ptr(rec, f) = s;
			if ((why = string_problem(f->kind, s, n)) != NULL) {
				snprintf(err, errlen, "%s %s", f->name, why);
				return -1;
			}
			break;
		case F_U64:
		case F_SEQ:
		case F_I64:
		case F_AMOUNT:
			if (get_uint(r, 8, &u) != 0)
				goto truncated;
			if (f->kind == F_SEQ && u == 0) {
				snprintf(err, errlen, "%s is 0", f->name);
				return -1;
			}
			if (f->kind == F_AMOUNT && (int64_t)u < -1) {
				snprintf(err, errlen, "%s is %lld", f->name,
				    (long long)(int64_t)u);
				return -1;
			}
			if (f->kind == F_U64 || f->kind == F_SEQ)
				*(uint64_t *)field_ptr(rec, f) = u;
			else
				*(int64_t *)field_ptr(rec, f) = (int64_t)u;
			break;
		case F_HASH:
			if ((p = get_bytes(r, RV_HASH_LEN)) == NULL)
				goto truncated;
			memcpy(field_ptr(rec, f), p, RV_HASH_LEN);
			break;
		}
	}
	return 0;

truncated:
	snprintf(err, errlen, "truncated in %s", f->name);
	return -1;
}

/* Does a record of this type carry its own cast_at? */
static int
record_has_cast_at(enum rv_record_type type)
{
	return type == RV_REC_BALLOT || type == RV_REC_SUGGESTION;
}

/*
 * Encode rec into the caller's buffer w, checking everything decoding
 * checks.  Returns 0, or -1 with err set.
 */
static int
encode_into(struct wbuf *w, const struct rv_record *rec, char *err,
    size_t errlen)
{
	const struct field	*f, *g;
	const char		*tname;

	if ((unsigned)rec->type == 0 || (unsigned)rec->type >= NRECORD_TYPES) {
		snprintf(err, errlen, "unknown type %d", (int)rec->type);
		return -1;
	}
	tname = record_types[rec->type].name;

	/* A string the type does not carry would silently be lost. */
	for (f = string_fields; f->name != NULL; f++) {
		if (*(char *const *)field_cptr(rec, f) == NULL)
			continue;
		for (g = head_fields; g->name != NULL; g++) {
			if (g->off == f->off)
				break;
		}
		if (g->name != NULL)
			continue;
		for (g = record_types[rec->type].fields; g->name != NULL; g++) {
			if (g->off == f->off)
				break;
		}
		if (g->name == NULL) {
			snprintf(err, errlen, "%s is not part of %s %s "
			    "record", f->name, tname[0] == 'a' ? "an" : "a",
			    tname);
			return -1;
		}
	}

	put_bytes(w, RECORD_MAGIC, RECORD_MAGIC_LEN);
	put_uint(w, (uint64_t)rec->type, 1);
	if (encode_fields(w, rec, head_fields, err, errlen) != 0 ||
	    encode_fields(w, rec, record_types[rec->type].fields, err,
	    errlen) != 0)
		return -1;
	if (w->over) {
		snprintf(err, errlen, "longer than %d bytes", RV_RECORD_MAX);
		return -1;
	}
	return 0;
}

static EVP_MD		*sha256_fetched;
static pthread_once_t	 sha256_once = PTHREAD_ONCE_INIT;

/* Fetch the SHA-256 implementation (once, from pthread_once). */
static void
sha256_fetch(void)
{
	if ((sha256_fetched = EVP_MD_fetch(NULL, "SHA256", NULL)) == NULL)
		fatal("ledger_sha256: %s", ERR_reason_error_string(ERR_get_error()));
}

/*
 * SHA-256, fetched once for the life of the process: naming a digest by
 * EVP_sha256() on every call makes OpenSSL 3 look it up again, under a
 * lock, for every record of a bundle.
 */
static const EVP_MD *
sha256_md(void)
{
	if (pthread_once(&sha256_once, sha256_fetch) != 0)
		fatal("ledger_sha256: pthread_once");
	return sha256_fetched;
}

/*
 * SHA-256 of len bytes with ctx, a context the caller keeps for many
 * records (ledger_sha256() when ctx is NULL).
 */
static void
hash_with(EVP_MD_CTX *ctx, const void *p, size_t len,
    uint8_t out[RV_HASH_LEN])
{
	unsigned int	 n = RV_HASH_LEN;

	if (ctx == NULL) {
		ledger_sha256(p, len, out);
		return;
	}
	if (EVP_DigestInit_ex2(ctx, sha256_md(), NULL) != 1 ||
	    EVP_DigestUpdate(ctx, p, len) != 1 ||
	    EVP_DigestFinal_ex(ctx, out, &n) != 1 || n != RV_HASH_LEN)
		fatal("ledger_sha256: %s", ERR_reason_error_string(ERR_get_error()));
}

/* A digest context for hash_with, kept for all the records of a bundle. */
static EVP_MD_CTX *
hash_ctx(void)
{
	EVP_MD_CTX	*ctx;

	if ((ctx = EVP_MD_CTX_new()) == NULL)
		fatal("ledger_sha256: out of memory");
	return ctx;
}

/*
 * Decode one record of len bytes into rec, which the caller has zeroed,
 * and set its hash (with ctx if it is not NULL).  Returns 0, or -1 with
 * err set and rec holding whatever was decoded so far (for the caller to
 * free).
 */
static int
decode_from(const uint8_t *buf, size_t len, struct rv_record *rec,
    struct arena *a, EVP_MD_CTX *ctx, char *err, size_t errlen)
{
	struct rbuf	 r = { buf, len, 0 };
	const uint8_t	*p;
	uint64_t	 type;

	if (len > RV_RECORD_MAX) {
		snprintf(err, errlen, "longer than %d bytes", RV_RECORD_MAX);
		return -1;
	}
	if ((p = get_bytes(&r, RECORD_MAGIC_LEN)) == NULL) {
		snprintf(err, errlen, "truncated in magic");
		return -1;
	}
	if (memcmp(p, RECORD_MAGIC, RECORD_MAGIC_LEN) != 0) {
		snprintf(err, errlen, "wrong magic");
		return -1;
	}
	if (get_uint(&r, 1, &type) != 0) {
		snprintf(err, errlen, "truncated in type");
		return -1;
	}
	if (type == 0 || type >= NRECORD_TYPES) {
		snprintf(err, errlen, "unknown type %u", (unsigned)type);
		return -1;
	}
	rec->type = (enum rv_record_type)type;
	if (decode_fields(&r, rec, head_fields, a, err, errlen) != 0 ||
	    decode_fields(&r, rec, record_types[type].fields, a, err,
	    errlen) != 0)
		return -1;
	if (r.off != len) {
		snprintf(err, errlen, "%zu trailing bytes", len - r.off);
		return -1;
	}
	if (!record_has_cast_at(rec->type))
		rec->cast_at = rec->time;
	hash_with(ctx, buf, len, rec->hash);
	return 0;
}

/*
 * Encode rec canonically into a new buffer (*out, *outlen), refusing
 * anything ledger_record_decode would refuse, and any string member set that the
 * record's type does not carry.  Members a type does not carry are
 * otherwise ignored, as is hash.
 */
enum rv_status
ledger_record_encode(const struct rv_record *rec, uint8_t **out, size_t *outlen,
    char **cause)
{
	uint8_t		 buf[RV_RECORD_MAX];
	struct wbuf	 w = { buf, sizeof buf, 0, 0 };
	char		 err[ERR_MAX];

	if (encode_into(&w, rec, err, sizeof err) != 0)
		return rv_fail(cause, RV_EINPUT, "record: %s", err);
	*out = xmalloc(w.len);
	memcpy(*out, buf, w.len);
	*outlen = w.len;
	return RV_OK;
}

/*
 * Decode len bytes into *rec and set rec->hash.  For the types that carry
 * no cast_at, cast_at is the record's time.  On failure *rec is left
 * zeroed and *cause says what is wrong.  Free with ledger_record_clear.
 */
enum rv_status
ledger_record_decode(const uint8_t *buf, size_t len, struct rv_record *rec,
    char **cause)
{
	char	 err[ERR_MAX];

	memset(rec, 0, sizeof *rec);
	if (decode_from(buf, len, rec, NULL, NULL, err, sizeof err) != 0) {
		ledger_record_clear(rec);
		return rv_fail(cause, RV_EINPUT, "record: %s", err);
	}
	return RV_OK;
}

/*
 * Encode rec as ledger_record_encode does and set rec->hash to the hash of the
 * encoding; for the types that carry no cast_at, also set cast_at to time,
 * so that rec is what decoding the encoding gives.
 */
enum rv_status
ledger_record_seal(struct rv_record *rec, uint8_t **out, size_t *outlen,
    char **cause)
{
	enum rv_status	 st;

	if ((st = ledger_record_encode(rec, out, outlen, cause)) != RV_OK)
		return st;
	ledger_sha256(*out, *outlen, rec->hash);
	if (!record_has_cast_at(rec->type))
		rec->cast_at = rec->time;
	return RV_OK;
}

/*
 * Free the strings of a record (allocated separately, as ledger_record_decode
 * does; never a record of a bundle) and zero it.  NULL-safe.
 */
void
ledger_record_clear(struct rv_record *rec)
{
	const struct field	*f;

	if (rec == NULL)
		return;
	for (f = string_fields; f->name != NULL; f++)
		free(*(char **)field_ptr(rec, f));
	memset(rec, 0, sizeof *rec);
}

/* SHA-256 of len bytes.  Failing to hash is not something to report. */
void
ledger_sha256(const void *p, size_t len, uint8_t out[RV_HASH_LEN])
{
	unsigned int	 n = RV_HASH_LEN;

	if (EVP_Digest(p, len, out, &n, sha256_md(), NULL) != 1 ||
	    n != RV_HASH_LEN)
		fatal("ledger_sha256: %s", ERR_reason_error_string(ERR_get_error()));
}

/* Write a hash as 64 lower-case hex digits and a NUL (len >= 65). */
void
ledger_hash_hex(const uint8_t hash[RV_HASH_LEN], char *out, size_t len)
{
	if (len < 2 * RV_HASH_LEN + 1)
		fatal("ledger_hash_hex: buffer too small");
	hex_encode(hash, RV_HASH_LEN, out);
}

/*
 * Read exactly 64 hex digits (either case) into hash.  Returns 0, or -1
 * leaving hash unchanged.
 */
int
ledger_hash_from_hex(const char *s, uint8_t hash[RV_HASH_LEN])
{
	uint8_t	 tmp[RV_HASH_LEN];

	if (hex_decode(s, strlen(s), tmp, sizeof tmp) != 0)
		return -1;
	memcpy(hash, tmp, sizeof tmp);
	return 0;
}

/*
 * The receipt of a record: the first 50 bits of its hash as ten Crockford
 * base32 characters, printed "ABCDE-FGHJK" into out (RV_RECEIPT_TEXT bytes
 * at least).
 */
void
ledger_receipt_from_hash(const uint8_t hash[RV_HASH_LEN], char *out, size_t len)
{
	uint64_t	 v = 0;
	size_t		 i, o = 0;
	unsigned	 shift;

	if (len < RV_RECEIPT_TEXT)
		fatal("ledger_receipt_from_hash: buffer too small");
	for (i = 0; i < 8; i++)		/* the first 64 bits, 50 used */
		v = v << 8 | hash[i];
	for (i = 0; i < RV_RECEIPT_LEN; i++) {
		if (i == RECEIPT_GROUP)
			out[o++] = '-';
		shift = 64 - RECEIPT_BITS * (unsigned)(i + 1);
		out[o++] = RECEIPT_ALPHABET[(v >> shift) & 0x1f];
	}
	out[o] = '\0';
}

/*
 * Reduce a receipt as typed to its ten significant characters in out
 * (RV_RECEIPT_LEN + 1 bytes at least): case is ignored, dashes and spaces
 * dropped, and O read as 0, I and L as 1, as Crockford's base32 does.
 * Returns 0, or -1 if the input cannot be a receipt.
 */
int
ledger_receipt_normalise(const char *in, char *out, size_t len)
{
	size_t	 n = 0;
	int	 c;

	if (len < RV_RECEIPT_LEN + 1)
		return -1;
	for (; *in != '\0'; in++) {
		if (*in == '-' || *in == ' ')
			continue;
		c = toupper((unsigned char)*in);
		if (c == 'O')
			c = '0';
		else if (c == 'I' || c == 'L')
			c = '1';
		if (strchr(RECEIPT_ALPHABET, c) == NULL ||
		    n == RV_RECEIPT_LEN)
			goto bad;
		out[n++] = (char)c;
	}
	if (n != RV_RECEIPT_LEN)
		goto bad;
	out[n] = '\0';
	return 0;
bad:
	out[0] = '\0';
	return -1;
}

/*
 * The bytes a device signs for the head of its chain: "renovote-head-v1",
 * a 0x00 byte, the device as a string, seq as u64, and the hash of that
 * record.  device is a valid id (a programming error otherwise).
 */
void
ledger_head_message(const char *device, uint64_t seq,
    const uint8_t hash[RV_HASH_LEN], uint8_t **out, size_t *outlen)
{
	size_t		 dlen = strlen(device);
	struct wbuf	 w;

	if (dlen > RV_NAME_MAX)
		fatal("ledger_head_message: device name too long");
	w.cap = HEAD_DOMAIN_LEN + STR_LEN_SIZE + dlen + 8 + RV_HASH_LEN;
	w.p = xmalloc(w.cap);
	w.len = 0;
	w.over = 0;
	put_bytes(&w, HEAD_DOMAIN, HEAD_DOMAIN_LEN);
	put_str(&w, device);
	put_uint(&w, seq, 8);
	put_bytes(&w, hash, RV_HASH_LEN);
	if (w.over || w.len != w.cap)
		fatal("ledger_head_message: length");
	*out = w.p;
	*outlen = w.len;
}

/*
 * Check the record at index i (0-based) of a bundle against the bundle's
 * device, its first seq and the hash of the record before it (prev, or
 * NULL for the first).  NAME is the bundle's name for the cause.
 */
static enum rv_status
bundle_link_check(const char *name, size_t i, const struct rv_record *rec,
    const char *device, uint64_t first, const uint8_t *prev, char **cause)
{
	static const uint8_t	 zero[RV_HASH_LEN];

	if (strcmp(rec->device, device) != 0)
		return rv_fail(cause, RV_EINPUT, "%s: record %zu (seq %llu): "
		    "device %s in a bundle of %s", name, i + 1,
		    (unsigned long long)rec->seq, rec->device, device);
	if (rec->seq != first + i)
		return rv_fail(cause, RV_EINPUT, "%s: record %zu (seq %llu): "
		    "expected seq %llu", name, i + 1,
		    (unsigned long long)rec->seq,
		    (unsigned long long)(first + i));
	if (rec->seq == 1 && memcmp(rec->prev, zero, RV_HASH_LEN) != 0)
		return rv_fail(cause, RV_EINPUT, "%s: record %zu (seq 1): "
		    "prev of the first record of a chain is not zero", name,
		    i + 1);
	if (prev != NULL && memcmp(rec->prev, prev, RV_HASH_LEN) != 0)
		return rv_fail(cause, RV_EINPUT, "%s: record %zu (seq %llu): "
		    "prev does not match the hash of seq %llu", name, i + 1,
		    (unsigned long long)rec->seq,
		    (unsigned long long)(rec->seq - 1));
	return RV_OK;
}

/*
 * Write a bundle of the n records enc[i] (len[i] bytes each, as the
 * device's ledger holds them, consecutive and chained) of device, with
 * the signature over the head message of the last one.  Every record is
 * decoded and checked as ledger_bundle_parse would, so a bundle this writes is
 * one the office can read (the signature excepted: that needs the key).
 */
enum rv_status
ledger_bundle_encode(const char *device, uint8_t *const *enc, const size_t *len,
    size_t n, const uint8_t sig[RV_SIG_LEN], uint8_t **out, size_t *outlen,
    char **cause)
{
	struct rv_record rec;
	struct arena	 a;
	struct wbuf	 w = { NULL, 0, 0, 0 };
	EVP_MD_CTX	*ctx = NULL;
	char		 strings[RV_RECORD_MAX], err[ERR_MAX];
	uint8_t		 prev[RV_HASH_LEN];
	uint64_t	 first = 0;
	size_t		 i, total;
	enum rv_status	 st = RV_OK;

	if (!id_valid(device))
		return rv_fail(cause, RV_EINPUT, "bundle: device is not a "
		    "valid id");
	if (n == 0 || n > RV_BUNDLE_RECORDS_MAX)
		return rv_fail(cause, RV_EINPUT, "bundle: %zu records, "
		    "expected 1 to %d", n, RV_BUNDLE_RECORDS_MAX);
	total = BUNDLE_MAGIC_LEN + STR_LEN_SIZE + strlen(device) + 8 + 4 +
	    STR_LEN_SIZE + RV_SIG_LEN;
	ctx = hash_ctx();
	for (i = 0; i < n; i++) {
		memset(&rec, 0, sizeof rec);
		a.p = strings;
		a.left = sizeof strings;
		a.device = NULL;
		if (decode_from(enc[i], len[i], &rec, &a, ctx, err,
		    sizeof err) != 0) {
			st = rv_fail(cause, RV_EINPUT, "bundle: record %zu: "
			    "%s", i + 1, err);
			goto out;
		}
		if (i == 0)
			first = rec.seq;
		if (first > UINT64_MAX - i) {
			st = rv_fail(cause, RV_EINPUT, "bundle: seq "
			    "overflows");
			goto out;
		}
		if ((st = bundle_link_check("bundle", i, &rec, device, first,
		    i == 0 ? NULL : prev, cause)) != RV_OK)
			goto out;
		memcpy(prev, rec.hash, RV_HASH_LEN);
		total += 4 + len[i];
	}

	w.p = xmalloc(total);
	w.cap = total;
	put_bytes(&w, BUNDLE_MAGIC, BUNDLE_MAGIC_LEN);
	put_str(&w, device);
	put_uint(&w, first, 8);
	put_uint(&w, n, 4);
	for (i = 0; i < n; i++) {
		put_uint(&w, len[i], 4);
		put_bytes(&w, enc[i], len[i]);
	}
	put_uint(&w, RV_SIG_LEN, STR_LEN_SIZE);
	put_bytes(&w, sig, RV_SIG_LEN);
	if (w.over || w.len != total)
		fatal("ledger_bundle_encode: length");
	*out = w.p;
	*outlen = w.len;
out:
	EVP_MD_CTX_free(ctx);
	return st;
}

/*
 * Read a bundle's header (NAME names it in the cause): the magic, the
 * device (a valid id), the first seq (not 0) and the record count (1 to
 * RV_BUNDLE_RECORDS_MAX, the last seq not overflowing).  h->size receives
 * the header's length in bytes, where the first record's entry starts.
 * Only the header is read: ledger_bundle_parse checks the rest.  The one place
 * that knows the header's layout; anyone who needs a bundle's device or
 * first seq before parsing it whole asks here.
 */
enum rv_status
ledger_bundle_header_read(const char *name, const uint8_t *buf, size_t len,
    struct rv_bundle_header *h, char **cause)
{
	struct rbuf	 r = { buf, len, 0 };
	const uint8_t	*p;
	const char	*why;
	uint64_t	 n;

	memset(h, 0, sizeof *h);
	if ((p = get_bytes(&r, BUNDLE_MAGIC_LEN)) == NULL ||
	    memcmp(p, BUNDLE_MAGIC, BUNDLE_MAGIC_LEN) != 0)
		return rv_fail(cause, RV_EINPUT, "%s: not a bundle (wrong "
		    "magic)", name);
	if (get_uint(&r, STR_LEN_SIZE, &n) != 0 ||
	    (p = get_bytes(&r, n)) == NULL ||
	    get_uint(&r, 8, &h->first) != 0 ||
	    get_uint(&r, 4, &h->count) != 0) {
		rv_fail(cause, RV_EINPUT, "%s: truncated in the header", name);
		goto fail;
	}
	if (n > RV_NAME_MAX) {
		rv_fail(cause, RV_EINPUT, "%s: device is longer than %d bytes",
		    name, RV_NAME_MAX);
		goto fail;
	}
	memcpy(h->device, p, n);
	h->device[n] = '\0';
	if ((why = string_problem(F_ID, h->device, n)) != NULL) {
		rv_fail(cause, RV_EINPUT, "%s: device %s", name, why);
		goto fail;
	}
	if (h->first == 0) {
		rv_fail(cause, RV_EINPUT, "%s: first seq is 0", name);
		goto fail;
	}
	if (h->count == 0 || h->count > RV_BUNDLE_RECORDS_MAX) {
		rv_fail(cause, RV_EINPUT, "%s: %llu records, expected 1 to %d",
		    name, (unsigned long long)h->count, RV_BUNDLE_RECORDS_MAX);
		goto fail;
	}
	if (h->first > UINT64_MAX - (h->count - 1)) {
		rv_fail(cause, RV_EINPUT, "%s: seq overflows", name);
		goto fail;
	}
	h->size = r.off;
	return RV_OK;

fail:
	memset(h, 0, sizeof *h);
	return RV_EINPUT;
}

/*
 * Read and check a bundle (NAME names it in the cause): the framing, every
 * record, that all are of the bundle's device with consecutive seqs, each
 * chained to the one before, and a first record of seq 1 with a zero prev.
 * The signature is not verified here: the caller knows the device's key
 * and verifies it over ledger_head_message() of the last record, and checks the
 * first record's prev against the hash it holds for the seq before.
 *
 * The framing is checked before anything is allocated for the records;
 * then a fixed number of allocations hold them all, whatever their count.
 * The records' strings and encodings point into one block of the bundle:
 * free them only with ledger_bundle_free, never with ledger_record_clear.
 */
enum rv_status
ledger_bundle_parse(const char *name, const uint8_t *buf, size_t len,
    struct rv_bundle **out, char **cause)
{
	struct rv_bundle_header h;
	struct rbuf	 r = { buf, len, 0 };
	struct rv_bundle *b = NULL;
	struct arena	 a;
	const uint8_t	*p, *sig;
	char		 err[ERR_MAX];
	uint64_t	 first, count, n = 0, siglen;
	uint8_t		*block;
	size_t		 i, start, total = 0, off;
	EVP_MD_CTX	*ctx = NULL;
	enum rv_status	 st = RV_EINPUT;

	*out = NULL;
	if ((st = ledger_bundle_header_read(name, buf, len, &h, cause)) != RV_OK)
		return st;
	st = RV_EINPUT;
	first = h.first;
	count = h.count;
	r.off = h.size;
	if (count > (len - r.off) / ENTRY_MIN) {
		rv_fail(cause, RV_EINPUT, "%s: %llu records cannot fit in "
		    "%zu bytes", name, (unsigned long long)count,
		    len - r.off);
		goto fail;
	}

	/* The framing: lengths, signature, nothing after. */
	start = r.off;
	for (i = 0; i < count; i++) {
		if (get_uint(&r, 4, &n) != 0) {
			rv_fail(cause, RV_EINPUT, "%s: truncated after record "
			    "%zu", name, i);
			goto fail;
		}
		if (n == 0 || n > RV_RECORD_MAX) {
			rv_fail(cause, RV_EINPUT, "%s: record %zu: length %llu, "
			    "expected 1 to %d", name, i + 1,
			    (unsigned long long)n, RV_RECORD_MAX);
			goto fail;
		}
		if (get_bytes(&r, n) == NULL) {
			rv_fail(cause, RV_EINPUT, "%s: truncated in record %zu",
			    name, i + 1);
			goto fail;
		}
		total += n;
	}
	if (get_uint(&r, STR_LEN_SIZE, &siglen) != 0) {
		rv_fail(cause, RV_EINPUT, "%s: truncated after record %zu",
		    name, i);
		goto fail;
	}
	if (siglen != RV_SIG_LEN) {
		rv_fail(cause, RV_EINPUT, "%s: signature of %llu bytes, "
		    "expected %d", name, (unsigned long long)siglen,
		    RV_SIG_LEN);
		goto fail;
	}
	if ((sig = get_bytes(&r, RV_SIG_LEN)) == NULL) {
		rv_fail(cause, RV_EINPUT, "%s: truncated in the signature",
		    name);
		goto fail;
	}
	if (r.off != len) {
		rv_fail(cause, RV_EINPUT, "%s: %zu trailing bytes after the "
		    "signature", name, len - r.off);
		goto fail;
	}

	/*
	 * One block: the encodings, then their strings, each no longer
	 * with its NUL than with its u16 length.
	 */
	b = xcalloc(1, sizeof *b);
	b->device = xstrdup(h.device);
	b->records = xcalloc(count, sizeof *b->records);
	b->enc = xcalloc(count, sizeof *b->enc);
	b->enclen = xcalloc(count, sizeof *b->enclen);
	block = xmalloc(2 * total);
	a.p = (char *)block + total;
	a.left = total;
	a.device = b->device;
	a.devlen = strlen(b->device);
	memcpy(b->sig, sig, RV_SIG_LEN);

	ctx = hash_ctx();
	r.off = start;
	for (i = 0, off = 0; i < count; i++) {
		get_uint(&r, 4, &n);
		p = get_bytes(&r, n);
		b->enc[i] = block + off;
		b->enclen[i] = n;
		memcpy(block + off, p, n);
		off += n;
		b->n = i + 1;	/* so that ledger_bundle_free finds the block */
		if (decode_from(b->enc[i], n, &b->records[i], &a, ctx, err,
		    sizeof err) != 0) {
			/* Name the record as its device counts it, too. */
			rv_fail(cause, RV_EINPUT, "%s: record %zu: %s (device "
			    "%s, seq %llu)", name, i + 1, err, b->device,
			    (unsigned long long)(first + i));
			goto fail;
		}
		if (bundle_link_check(name, i, &b->records[i], b->device, first,
		    i == 0 ? NULL : b->records[i - 1].hash, cause) != RV_OK)
			goto fail;
	}
	EVP_MD_CTX_free(ctx);
	*out = b;
	return RV_OK;

fail:
	EVP_MD_CTX_free(ctx);
	ledger_bundle_free(b);
	return st;
}

/*
 * Free a bundle from ledger_bundle_parse.  The block holding every encoding and
 * every string starts at enc[0].  NULL-safe.
 */
void
ledger_bundle_free(struct rv_bundle *b)
{
	if (b == NULL)
		return;
	if (b->n > 0)
		free(b->enc[0]);
	free(b->enc);
	free(b->enclen);
	free(b->records);
	free(b->device);
	free(b);
}
