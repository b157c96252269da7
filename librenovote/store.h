/*
 * The store: one SQLite database per device (docs/architecture.md, "The
 * store").  Only the store's own files include sqlite3.h; this header is
 * what the ledger, the report layer, the commands and the kiosk's session
 * use to read and write it.  Pages, notices, the dashboard, kiosk screens
 * and the terminal layer never include it: they ask the report layer
 * (present.h), so "screens never see the store" is held by the compiler.
 * Every function runs inside the caller's transaction unless it says
 * otherwise.
 */

#ifndef RENOVOTE_STORE_H
#define RENOVOTE_STORE_H

#include "ledger.h"

/* store.c */
#define STORE_CREATE	0x1	/* create a new database; refuse an existing one */
enum rv_status store_open(const char *, int, struct store **, char **);
void	 store_close(struct store *);
void	 store_release_memory(struct store *);
const char *store_path(const struct store *);
int	 store_version_known(void);
enum rv_status store_begin(struct store *, char **);
enum rv_status store_begin_read(struct store *, char **);
enum rv_status store_commit(struct store *, char **);
void	 store_rollback(struct store *);
enum rv_status store_meta_get(struct store *, const char *, char **, char **);
enum rv_status store_meta_put(struct store *, const char *, const char *,
	    char **);

/* store-roster.c */
enum rv_status store_roster_put(struct store *, const struct rv_estate *,
	    char **);
enum rv_status store_estate_load(struct store *, const char *,
	    struct rv_estate **, char **);
enum rv_status store_estate_ids(struct store *, char ***, size_t *, char **);
struct store_activity {
	int64_t		 answers;	/* kiosk answers and paper ballots */
	int64_t		 signatures;	/* pledge signatures */
	int64_t		 publications;
	int64_t		 changes;	/* confirmed roster changes */
};
enum rv_status store_estate_activity(struct store *, const char *,
	    struct store_activity *, char **);
enum rv_status store_estate_named(struct store *, const char *, const char *,
	    char **, char **);
enum rv_status store_estate_remove(struct store *, const char *, char **);
enum rv_status store_roster_changes_load(struct store *, const char *,
	    struct rv_roster_change **, size_t *, char **);
void	 store_roster_changes_free(struct rv_roster_change *, size_t);

/* store-plan.c */
enum rv_status store_plan_put(struct store *, const struct rv_plan *,
	    const char *, size_t, char **);
enum rv_status store_plan_load(struct store *, const char *,
	    struct rv_plan **, char **);
enum rv_status store_plan_source(struct store *, const char *, char **,
	    char **);

/* store-codes.c */
enum rv_status store_codes_replace(struct store *, const char *,
	    const struct rv_code_row *, size_t, char **);
enum rv_status store_code_hash(struct store *, const char *, const char *,
	    char *, size_t, char **);
enum rv_status store_codes_load(struct store *, const char *,
	    struct rv_code_row **, size_t *, char **);
void	 store_code_rows_free(struct rv_code_row *, size_t);

/* store-intent.c: files a command renames into place after its commit */
struct rv_intent {
	char	*batch;		/* one run's intents share it */
	char	*kind;		/* "codes", "site" or "package" */
	char	*estate_id;	/* codes: the estate; NULL for a site */
	char	*path;		/* absolute final path */
	char	*tmp;		/* absolute path of the new content */
	char	*sha256;	/* hex, of the new file or the site's marker */
};
enum rv_status store_intent_add(struct store *, const struct rv_intent *,
	    char **);
enum rv_status store_intent_set_sha256(struct store *,
	    const struct rv_intent *, char **);
enum rv_status store_intent_codes_keep(struct store *, const char *, char **);
enum rv_status store_intents_load(struct store *, struct rv_intent **,
	    size_t *, char **);
void	 store_intents_free(struct rv_intent *, size_t);
enum rv_status store_intent_finish(struct store *, const char *, int,
	    char **);

/* intent.c: finish or roll back what a killed run left */
#define INTENT_BATCH_LEN	33
enum rv_status intent_settle(struct store *, const char *, int, char **);
enum rv_status intent_abs_path(const char *, char **, char **);
void	 intent_batch_new(char [INTENT_BATCH_LEN]);
enum rv_status intent_add_file(struct store *, const char *, const char *,
	    const char *, const struct file_swap *, const void *, size_t,
	    char **);
enum rv_status intent_target_check(const char *, char **);
size_t	 intent_clean_beside(const char *, const char *const *, size_t);

/* store-answers.c */
struct rv_answer_in {
	const char	*estate_id;
	const char	*question_id;
	const char	*flat_id;
	const char	*choice;
	rv_ms		 cast_at;
	const char	*device;
	uint64_t	 seq;
};
struct rv_signature_in {
	const char	*estate_id;
	const char	*pledge_id;
	const char	*flat_id;
	int64_t		 amount_fen;
	rv_ms		 cast_at;
	const char	*device;
	uint64_t	 seq;
};
struct rv_answers {
	struct rv_answer	*v;
	size_t			 n;
	char			**devices;	/* interned device names */
	size_t			 ndevices;
};
enum rv_status store_answer_add(struct store *, const struct rv_answer_in *,
	    char **);
enum rv_status store_signature_add(struct store *,
	    const struct rv_signature_in *, char **);
enum rv_status store_answers_load(struct store *, const struct rv_estate *,
	    const struct rv_question *, struct rv_answers *, char **);
enum rv_status store_signatures_load(struct store *, const struct rv_estate *,
	    const char *, struct rv_signature **, size_t *, char **);
void	 store_answers_clear(struct rv_answers *);
struct rv_signature_record {
	uint32_t	 flat;
	rv_ms		 cast_at;
	char		*device;
	uint64_t	 seq;
};
enum rv_status store_signature_records(struct store *,
	    const struct rv_estate *, const char *,
	    struct rv_signature_record **, size_t *, char **);
void	 store_signature_records_free(struct rv_signature_record *, size_t);

/* store-trust.c */
enum rv_status store_sync_nonce_put(struct store *, const char *,
	    const uint8_t *, size_t, rv_ms, rv_ms, int *, char **);
enum rv_status store_device_revoked_at(struct store *, const char *, rv_ms *,
	    char **);
enum rv_status store_device_reported_get(struct store *, const char *,
	    struct rv_head *, char **);
enum rv_status store_device_reported_put(struct store *, const char *,
	    const struct rv_head *, char **);
enum rv_status store_head_file_open(struct store *, const char *, char **);
enum rv_status store_head_file_peek(const char *, const char *,
	    struct rv_head *, int *, char **);
enum rv_status store_head_file_reset(struct store *, const char *, char **);

/* store-backup.c: online copies with SQLite's backup API */
struct store_backup_info {
	int	 version;	/* schema version (PRAGMA user_version) */
	int64_t	 records;	/* signed records held (ledger rows) */
	char	*role;		/* meta role: "office", "kiosk"; NULL if none */
	char	*pubkey;	/* meta pubkey, PEM; NULL if none */
	char	*device;	/* meta device (a kiosk's name); NULL if none */
	int64_t	 head_seq;	/* that device's last record; 0: none */
};
enum rv_status store_backup_stage(struct store *, const char *, char **,
	    struct store_backup_info *, char **);
void	 store_backup_discard(const char *);
enum rv_status store_backup_check(const char *, struct store_backup_info *,
	    char **);
enum rv_status store_backup_peek(const char *, struct store_backup_info *,
	    char **);
#define STORE_RESTORE_REPLACE	0x1	/* dst is unreadable: replace the file */
enum rv_status store_restore(const char *, const char *, int, char **);
void	 store_backup_info_clear(struct store_backup_info *);

/* store-kiosk.c */
enum rv_status store_flat_latest(struct store *, const char *, const char *,
	    const char *, char ***, char ***, size_t *, char **);
enum rv_status store_pin_tries_get(struct store *, int *, rv_ms *, char **);
enum rv_status store_pin_tries_put(struct store *, int, rv_ms, char **);

/* store-ledger.c */
enum rv_status store_ledger_head(struct store *, const char *, struct rv_head *,
	    char **);
enum rv_status store_ledger_hash(struct store *, const char *, uint64_t,
	    uint8_t [RV_HASH_LEN], int *, char **);
enum rv_status store_appender_open(struct store *, struct store_appender **,
	    char **);
void	 store_appender_close(struct store_appender *);
size_t	 store_appender_stale(const struct store_appender *);
void	 store_appender_defer(struct store_appender *);
enum rv_status store_appender_finish(struct store_appender *, char **);
enum rv_status store_codes_epoch_put(struct store *, const char *, uint64_t,
	    char **);
enum rv_status store_ledger_put(struct store_appender *,
	    const struct rv_record *, const uint8_t *, size_t, char **);
enum rv_status store_ledger_slice(struct store *, const char *, uint64_t,
	    size_t, size_t, uint8_t ***, size_t **, size_t *, char **);
void	 store_encodings_free(uint8_t **, size_t *, size_t);
enum rv_status store_ledger_load(struct store *, const char *, uint64_t,
	    uint8_t ***, size_t **, size_t *, char **);
enum rv_status store_head_put(struct store *, const char *, uint64_t,
	    const uint8_t [RV_HASH_LEN], const uint8_t [RV_SIG_LEN], char **);
enum rv_status store_device_put(struct store *, const char *, const char *,
	    char **);
enum rv_status store_device_get(struct store *, const char *, char **, int *,
	    char **);
enum rv_status store_device_revoke(struct store *, const char *, int, char **);
enum rv_status store_flag_add(struct store *, const char *, const char *,
	    char **);
enum rv_status store_package_get(struct store *, const char *, uint64_t *,
	    char **);
enum rv_status store_package_put(struct store *, const char *, uint64_t,
	    const uint8_t *, char **);
enum rv_status store_lockout_get(struct store *, const char *, const char *,
	    int *, rv_ms *, char **);
enum rv_status store_lockout_put(struct store *, const char *, const char *,
	    int, rv_ms, char **);
enum rv_status store_flags_load(struct store *, struct rv_flag **, size_t *,
	    char **);
void	 store_flags_free(struct rv_flag *, size_t);

/* store-suggestion.c: for the committee and the office, never published */
struct rv_suggestion {
	char		*device;
	uint64_t	 seq;
	char		*flat_id;
	char		*text;
	char		*taken_by;	/* NULL: the resident typed it */
	rv_ms		 at;		/* when the resident gave it */
	char		*ref;		/* a paper form's number, or NULL */
};
enum rv_status store_suggestion_put(struct store *, const struct rv_record *,
	    char **);
enum rv_status store_suggestions_load(struct store *, const char *,
	    struct rv_suggestion **, size_t *, char **);
void	 store_suggestions_free(struct rv_suggestion *, size_t);

/* store-public.c */
struct rv_receipt {
	char		 receipt[RV_RECEIPT_TEXT];	/* "ABCDE-FGHJK" */
	struct rv_record record;
	int		 counted_row;	/* an answer/signature row derives */
	int		 voided;	/* its kiosk was revoked with --void */
};
enum rv_status store_receipt_find(struct store *, const char *,
	    struct rv_receipt *, int *, char **);
void	 store_receipt_clear(struct rv_receipt *);
enum rv_status store_kiosk_syncs(struct store *, const char *,
	    struct rv_kiosk_sync **, size_t *, char **);
void	 store_kiosk_syncs_free(struct rv_kiosk_sync *, size_t);
enum rv_status store_publications_load(struct store *, const char *,
	    struct rv_publication **, size_t *, char **);
enum rv_status store_publication_add(struct store *, const char *, int, rv_ms,
	    rv_ms, rv_ms, char **);
enum rv_status store_objections_load(struct store *, const char *,
	    struct rv_objection **, size_t *, char **);
void	 store_objections_free(struct rv_objection *, size_t);
enum rv_status store_objection_add(struct store *, const char *, rv_ms,
	    const char *, const char *, int64_t *, char **);
enum rv_status store_objection_resolve(struct store *, int64_t, rv_ms,
	    const char *, char **);
enum rv_status store_answer_span(struct store *, const char *,
	    struct rv_answer_span *, char **);
/* A publication's stored tree (publication_tree, publication_leaf). */
struct rv_pub_tree {
	long		 number;	/* 0: none found */
	long		 latest;	/* the estate's latest stored; 0: none */
	rv_ms		 at;
	char		 root[2 * RV_MERKLE_LEN + 1];	/* as signed */
	struct rv_leaf	*leaves;	/* in order; the strings are owned */
	size_t		 nleaves;
};
enum rv_status store_pub_tree_put(struct store *, const char *, long, rv_ms,
	    const char *, const struct rv_leaf *, size_t, char **);
enum rv_status store_pub_tree_is(struct store *, const char *, long, rv_ms,
	    const char *, int *, char **);
enum rv_status store_pub_tree_find(struct store *, const char *, const char *,
	    struct rv_pub_tree *, char **);
void	 store_pub_tree_clear(struct rv_pub_tree *);

/* store-sync.c */
enum rv_status store_package_body_put(struct store *, const char *, uint64_t,
	    const uint8_t *, size_t, char **);
enum rv_status store_package_body_get(struct store *, const char *,
	    uint64_t *, uint8_t **, size_t *, char **);
enum rv_status store_device_synced(struct store *, const char *, rv_ms,
	    char **);
enum rv_status store_packages_held(struct store *, char ***, uint64_t **,
	    size_t *, char **);

/* store-summary.c: how a cache of pages learns what changed */
enum rv_status store_data_version(struct store *, int64_t *, char **);
enum rv_status store_device_stamp(struct store *, char **, char **);
enum rv_status store_estate_stamps(struct store *, char ***, char ***,
	    size_t *, char **);
enum rv_status store_estate_page_stamps(struct store *, char ***, char ***,
	    size_t *, char **);
enum rv_status store_head_seqs(struct store *, char ***, uint64_t **,
	    size_t *, char **);
enum rv_status store_estates_since(struct store *, const char *, uint64_t,
	    char ***, size_t *, char **);
enum rv_status store_estate_next_cast(struct store *, const char *, rv_ms,
	    rv_ms *, char **);

/* store-federate.c: the tables a city copies from each office */
#define STORE_TABLE_COLS_MAX	16
struct store_table {
	const char	*name;
	const char	*columns;	/* comma-separated, as in both schemas */
	const char	*types;		/* a letter a column: i, t or b (blob) */
};
/* Rows of one table, row-major; a NULL value is SQL NULL. */
struct store_rows {
	size_t		 ncols;
	size_t		 n, cap;
	char		**v;		/* n * ncols; text NUL-terminated */
	size_t		*len;
};
extern const struct store_table store_tables[];
extern const size_t store_ntables;
extern const struct store_table store_table_head;
enum rv_status store_head_received_set(struct store *, const char *, rv_ms,
	    char **);
size_t	 store_table_ncols(const struct store_table *);
void	 store_rows_add(struct store_rows *, const char *const *,
	    const size_t *);
void	 store_rows_clear(struct store_rows *);
enum rv_status store_table_read(struct store *, const struct store_table *,
	    struct store_rows *, char **);
enum rv_status store_table_write(struct store *, const struct store_table *,
	    const struct store_rows *, char **);

#endif /* RENOVOTE_STORE_H */
