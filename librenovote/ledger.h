/*
 * The signed ledger: records and their canonical encoding, bundles and
 * the one reader of a bundle's header, hash chains, estate packages, the
 * kiosk's offline checks of an answer, and the signatures of sync
 * requests (docs/protocol.md).  Above the core, beside the store: chain,
 * vote and sync functions read and write through an opaque struct store,
 * whose functions are in store.h.  Pages, notices, the dashboard, kiosk
 * screens and the terminal layer never include this header.
 */

#ifndef RENOVOTE_LEDGER_H
#define RENOVOTE_LEDGER_H

#include "renovote.h"


/* ledger.c */
#define RV_HASH_LEN	32	/* SHA-256 */
#define RV_RECORD_MAX	4096	/* bytes of one encoded record */
#define RV_BUNDLE_RECORDS_MAX	10000000

/* The head of a device's chain; the store appends through an appender. */
struct rv_head {
	uint64_t	 seq;			/* 0: no record yet */
	uint8_t		 hash[RV_HASH_LEN];
};
struct store_appender;

enum rv_record_type {
	RV_REC_PACKAGE = 1,	/* a kiosk loaded an estate package */
	RV_REC_ANSWER = 2,	/* a resident answered at a kiosk */
	RV_REC_PLEDGE = 3,	/* a resident signed a pledge */
	RV_REC_LOCKOUT = 4,	/* a flat was locked after wrong codes */
	RV_REC_BALLOT = 5,	/* a paper ballot entered at the office */
	RV_REC_ROSTER = 6,	/* a confirmed roster change at the office */
	RV_REC_SUGGESTION = 7	/* a resident's suggestion (征求意见) */
};

/*
 * One ledger record.  Which fields a type uses is fixed by the encoding
 * (docs/protocol.md); unused strings are NULL and unused numbers 0.
 */
struct rv_record {
	enum rv_record_type type;
	char		*device;		/* kiosk name, or the office's */
	uint64_t	 seq;			/* 1, 2, ... per device */
	rv_ms		 time;			/* when it was recorded */
	uint8_t		 prev[RV_HASH_LEN];	/* hash of seq - 1; zero for 1 */
	char		*estate_id;
	char		*subject_id;	/* question or pledge id; roster: field */
	char		*flat_id;
	char		*choice;	/* answer, ballot */
	rv_ms		 cast_at;	/* ballot: when the resident signed */
	int64_t		 amount_fen;	/* pledge: -1 when none */
	rv_ms		 until;		/* lockout: locked until */
	char		*actor;		/* ballot: clerk; answer: proxy holder;
					   suggestion: who wrote it down */
	char		*witness;	/* answer by proxy: committee member */
	char		*ref;		/* ballot: paper form number */
	char		*before;	/* roster: the old value, or NULL */
	char		*after;		/* roster: the new value, or NULL */
	char		*text;		/* suggestion: the resident's words */
	uint64_t	 version;	/* package */
	uint8_t		 digest[RV_HASH_LEN];	/* package: payload hash */
	uint8_t		 hash[RV_HASH_LEN];	/* set by decode / ledger_record_seal */
};

/* A parsed bundle: consecutive records of one device and a head signature. */
struct rv_bundle {
	char		*device;
	struct rv_record *records;
	uint8_t		**enc;		/* each record's encoding */
	size_t		*enclen;
	size_t		 n;
	uint8_t		 sig[RV_SIG_LEN];	/* over the head message */
};

/* What a bundle says of itself before its records (ledger_bundle_header_read). */
struct rv_bundle_header {
	char		 device[RV_NAME_MAX + 1];
	uint64_t	 first;		/* seq of the first record */
	uint64_t	 count;		/* how many records */
	size_t		 size;		/* bytes of the header */
};

enum rv_status ledger_record_encode(const struct rv_record *, uint8_t **, size_t *,
	    char **);
enum rv_status ledger_record_decode(const uint8_t *, size_t, struct rv_record *,
	    char **);
enum rv_status ledger_record_seal(struct rv_record *, uint8_t **, size_t *, char **);
void	 ledger_record_clear(struct rv_record *);
void	 ledger_sha256(const void *, size_t, uint8_t [RV_HASH_LEN]);
void	 ledger_hash_hex(const uint8_t [RV_HASH_LEN], char *, size_t);
int	 ledger_hash_from_hex(const char *, uint8_t [RV_HASH_LEN]);
void	 ledger_receipt_from_hash(const uint8_t [RV_HASH_LEN], char *, size_t);
int	 ledger_receipt_normalise(const char *, char *, size_t);
void	 ledger_head_message(const char *, uint64_t, const uint8_t [RV_HASH_LEN],
	    uint8_t **, size_t *);
enum rv_status ledger_bundle_encode(const char *, uint8_t *const *, const size_t *,
	    size_t, const uint8_t [RV_SIG_LEN], uint8_t **, size_t *, char **);
enum rv_status ledger_bundle_header_read(const char *, const uint8_t *, size_t,
	    struct rv_bundle_header *, char **);
enum rv_status ledger_bundle_parse(const char *, const uint8_t *, size_t,
	    struct rv_bundle **, char **);
void	 ledger_bundle_free(struct rv_bundle *);

/* chain.c */
enum rv_status chain_append(struct store_appender *, struct rv_head *,
	    struct rv_record *, char **);
enum rv_status chain_sign_head(struct store *, const struct rv_key *,
	    const char *, struct rv_head *, uint8_t [RV_SIG_LEN], char **);
enum rv_status chain_bundle(const struct rv_key *, const char *, uint64_t,
	    uint8_t *const *, const size_t *, size_t, uint8_t **, size_t *,
	    char **);
enum rv_status chain_export(struct store *, const struct rv_key *,
	    const char *, uint64_t, uint8_t **, size_t *, char **);
enum rv_status chain_ingest(struct store *, const char *, const uint8_t *,
	    size_t, struct rv_bundle_header *, size_t *, size_t *, char **,
	    char **);
enum rv_status chain_ingest_audit(struct store *, const char *,
	    const uint8_t *, size_t, size_t *, size_t *, char **);

/* package.c */
struct rv_package {
	char			*office_pubkey;
	uint64_t		 version;
	uint8_t			 digest[RV_HASH_LEN];	/* of the payload */
	struct rv_estate	*estate;
	struct rv_plan		*plan;
	char			*plan_src;
	size_t			 plan_len;
	struct rv_code_row	*codes;
	size_t			 ncodes;
};
char	*package_owner_mask(const char *);
enum rv_status package_build(const struct rv_estate *, const char *,
	    const struct rv_code_row *, size_t, uint64_t, const struct rv_key *,
	    uint8_t **, size_t *, char **);
enum rv_status package_parse(const char *, const uint8_t *, size_t,
	    const char *, struct rv_package **, char **);
void	 package_free(struct rv_package *);

/* vote.c */
#define RV_LOCKOUT_FAILURES	5		/* wrong codes in a row */
#define RV_LOCKOUT_MS		(15 * 60 * 1000)	/* then locked for */
enum rv_status vote_check_answer(const struct rv_estate *,
	    const struct rv_plan *, const char *, const char *, const char *,
	    rv_ms, char **);
enum rv_status vote_check_pledge(const struct rv_estate *,
	    const struct rv_plan *, const char *, const char *, int64_t,
	    char **);
enum rv_status vote_check_suggestion(const struct rv_estate *,
	    const struct rv_plan *, const char *, const char *, const char *,
	    char **);
enum rv_status vote_identify(struct store *, const struct rv_estate *,
	    const char *, const char *, rv_ms, const char *, char **);

/* sync.c */
#define SYNC_CHUNK_RECORDS	5000	/* records in one chunk a kiosk sends */
#define SYNC_CHUNK_BYTES	(1024 * 1024)	/* bytes of records in a chunk */
#define SYNC_CLOCK_SKEW_MS	(5 * 60 * 1000)	/* request time vs office clock */
#define SYNC_TARGET_MAX		1024	/* bytes of a signed request target */
#define SYNC_HDR_DEVICE		"Renovote-Device"
#define SYNC_HDR_TIME		"Renovote-Time"
#define SYNC_HDR_SIGNATURE	"Renovote-Signature"
#define SYNC_HDR_NONCE		"Renovote-Nonce"
#define SYNC_NONCE_LEN		16	/* random bytes of a request's nonce */
enum sync_refusal {
	SYNC_UNAUTHENTICATED,	/* missing, stale or bad signature: 401 */
	SYNC_FORBIDDEN,		/* unknown kiosk: 403 */
	SYNC_REVOKED		/* revoked kiosk, signature good: 403 */
};
void	 sync_auth_message(const char *, const char *, rv_ms,
	    const uint8_t [SYNC_NONCE_LEN], const void *, size_t, uint8_t **,
	    size_t *);
enum rv_status sync_auth_sign(const struct rv_key *, const char *,
	    const char *, rv_ms, const void *, size_t,
	    char [2 * SYNC_NONCE_LEN + 1], char [2 * RV_SIG_LEN + 1], char **);
enum rv_status sync_auth_verify(struct store *, const char *, const char *,
	    const char *, const char *, const char *, const char *,
	    const void *, size_t, rv_ms, enum sync_refusal *, char **);
void	 sync_revoked_message(const char *, rv_ms, uint8_t **, size_t *);
enum rv_status sync_ingest_bundle(struct store *, const char *, const uint8_t *,
	    size_t, size_t *, size_t *, char **, char **);
void	 sync_flag(struct store *, const char *, const char *);
void	 sync_flag_fork(struct store *, const char *, const char *);
enum rv_status sync_chunk(struct store *, const struct rv_key *,
	    const char *, uint64_t, size_t, size_t, uint8_t **, size_t *,
	    uint64_t *, char **);

#endif /* RENOVOTE_LEDGER_H */
