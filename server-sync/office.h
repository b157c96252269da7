/*
 * renovote-office: the street office's program.  One file per command
 * (cmd-*.c), each a struct cmd_entry with one exec function; office.c
 * parses the command line for all of them and reports errors once.
 */

#ifndef RENOVOTE_OFFICE_H
#define RENOVOTE_OFFICE_H

#include "present.h"

extern const struct cmd_program office_program;

/* The office's own chain, for paper ballots; no kiosk may take it. */
#define OFFICE_DEVICE	RV_OFFICE_DEVICE

/* cmd-*.c */
extern const struct cmd_entry cmd_ballots_import_entry;
extern const struct cmd_entry cmd_codes_issue_entry;
extern const struct cmd_entry cmd_dashboard_entry;
extern const struct cmd_entry cmd_demand_entry;
extern const struct cmd_entry cmd_ratings_entry;
extern const struct cmd_entry cmd_ingest_entry;
extern const struct cmd_entry cmd_init_entry;
extern const struct cmd_entry cmd_kiosk_enroll_entry;
extern const struct cmd_entry cmd_kiosk_revoke_entry;
extern const struct cmd_entry cmd_package_entry;
extern const struct cmd_entry cmd_plan_import_entry;
extern const struct cmd_entry cmd_roster_import_entry;
extern const struct cmd_entry cmd_estate_remove_entry;
extern const struct cmd_entry cmd_federate_entry;
extern const struct cmd_entry cmd_city_init_entry;
extern const struct cmd_entry cmd_city_enrol_entry;
extern const struct cmd_entry cmd_city_tally_entry;
extern const struct cmd_entry cmd_city_report_entry;
extern const struct cmd_entry cmd_city_serve_entry;
extern const struct cmd_entry cmd_serve_entry;
extern const struct cmd_entry cmd_suggestions_entry;
extern const struct cmd_entry cmd_suggestions_import_entry;
extern const struct cmd_entry cmd_tally_entry;
extern const struct cmd_entry cmd_tls_init_entry;
extern const struct cmd_entry cmd_page_entry;
extern const struct cmd_entry cmd_publish_entry;
extern const struct cmd_entry cmd_objection_add_entry;
extern const struct cmd_entry cmd_objection_resolve_entry;
extern const struct cmd_entry cmd_office_info_entry;
extern const struct cmd_entry cmd_verify_entry;

/* cmd-serve.c: the options serve and city serve share (city serve takes
   no sync, so no --sync-fail-rate) */
#define SERVE_OPTIONS	"listen:,cert:,key:,base-url:,max-connections:," \
	"timeout:,pidfile:,max-per-client:,handshake-timeout:," \
	"header-timeout:,receipt-rate:,no-access-log"
struct http_config;
enum rv_status serve_config(struct cmd *, struct http_config *, char **);
void	 serve_config_clear(struct http_config *);

/* office-chain.c */
struct rv_record;
struct store;
enum rv_status office_chain_append(struct store *, const struct cmd *,
	    struct rv_record *, size_t, char **);

/* paper-import.c: paper forms entered at the office */
#define PAPER_COLS_MAX	8
typedef enum rv_status (*paper_row_fn)(struct store *, void *, const char *,
	    size_t, char **, size_t, const int *, rv_ms, void *, char **);
struct paper_form {
	const char *const *cols;	/* the header's names */
	size_t		 ncols;
	size_t		 nrequired;	/* the first ones must be there */
	size_t		 file_max;	/* bytes */
	size_t		 row_size;	/* of one checked row */
	size_t		 first_cap;	/* rows allocated at first */
	const char	*none;		/* "no ballots", for an empty file */
	paper_row_fn	 row;		/* check one row, fill it */
};
struct paper_rows {
	struct store	*s;		/* open, in the write transaction */
	const char	*clerk;
	void		*rows;
	size_t		 n;
	rv_ms		 now;
};
enum rv_status paper_read(struct cmd *, const struct paper_form *, void *,
	    struct paper_rows *, char **);

/* opinion-print.c */
struct rv_demand_report;
void	 opinion_print_text(FILE *, const struct rv_demand_report *);
void	 opinion_print_csv(FILE *, const struct rv_demand_report *);
enum rv_status opinion_command(struct cmd *, enum rv_stage, const char *,
	    char **);

/* cmd-office-info.c */
struct notice_office;
struct store;
enum rv_status notice_office_read(struct store *, struct notice_office *,
	    char **);
void	 notice_office_clear(struct notice_office *);

/* slip.c: the printable slips of codes issue, one A6 page per flat. */
struct slip_set {
	const struct rv_estate	*estate;
	char			(*codes)[RV_CODE_TEXT];	/* one per flat */
	rv_ms			 opens, closes;	/* 0: no plan yet */
	enum rv_locale		 loc;
};
enum rv_status slip_render(const struct slip_set *, char **, size_t *,
	    size_t *, char **);

/* publish-stamp.c: what each estate's published files were made from */
#define PUB_STAMPS_FILE	".renovote-stamps"	/* in the site */
#define PUB_STAMPS_MAX	(64 * 1024 * 1024)	/* bytes of that file */
#define PUB_PARTS_FILE	".renovote-parts"	/* cmd-publish.c */
#define PUB_PARTS_MAX	(256 * 1024 * 1024)	/* bytes of that file */
struct pub_stamps;
enum rv_status pub_stamps_begin(struct store *, const char *, const char *,
	    struct pub_stamps **, char **);
enum rv_status pub_stamps_pages(struct pub_stamps *, struct store *,
	    const char *, char **);
int	 pub_stamps_unchanged(const struct pub_stamps *, const char *);
int	 pub_stamps_maybe(const struct pub_stamps *, const char *);
const char *pub_stamps_old(const struct pub_stamps *, const char *);
const char *pub_stamps_digest(const struct pub_stamps *, const char *);
const char *pub_stamps_parts(const struct pub_stamps *);
void	 pub_stamps_distrust(struct pub_stamps *);
void	 pub_stamps_text(const struct pub_stamps *, const char *, char **,
	    size_t *);
void	 pub_stamps_free(struct pub_stamps *);

/* tls-cert.c: the office's own CA and server certificate */
#define TLS_WARN_DAYS	30	/* warn this long before expiry */
enum rv_status tls_cert_init(const char *, const char *, long, int *,
	    time_t *, time_t *, char **);
enum rv_status tls_cert_expiry(const char *, time_t *, char **);
char	*tls_cert_warning(const char *, time_t);
char	*tls_expiry_warning(const char *, time_t, time_t);

/*
 * pg.c: the city's PostgreSQL (docs/federation.md).  The structs are
 * libpq's PGconn and PGresult; only pg.c and the commands that use them
 * include libpq-fe.h.
 */
struct pg_conn;
struct pg_result;
struct store_table;
struct store_rows;
struct pg_stmt {
	const char		*sql;		/* or a prepared statement's name */
	int			 prepared;	/* sql names one (pg_prepare) */
	int			 n;		/* parameters */
	const char *const	*values;	/* NULL: SQL NULL */
	const int		*lens;
	const int		*formats;	/* 1: binary; NULL: all text */
};
enum rv_status pg_fail(struct pg_conn *, const struct pg_result *,
	    const char *, char **);
enum rv_status pg_connect(const char *, struct pg_conn **, char **);
void	 pg_close(struct pg_conn *);
enum rv_status pg_exec(struct pg_conn *, const char *, int,
	    const char *const *, const int *, const int *,
	    struct pg_result **, const char *, char **);
enum rv_status pg_run(struct pg_conn *, const char *, const char *, char **);
void	 pg_rollback(struct pg_conn *);
enum rv_status pg_prepare(struct pg_conn *, const char *, const char *, int,
	    char **);
enum rv_status pg_script(struct pg_conn *, const char *, const char *,
	    char **);
void	 pg_rows(const struct pg_result *, const struct store_table *, int,
	    struct store_rows *);
enum rv_status pg_pipeline(struct pg_conn *, const struct pg_stmt *, size_t,
	    const char *, char **);
enum rv_status pg_missing(struct cmd *, char **);

/* city.c: every office's store rebuilt from PostgreSQL and checked */
struct city_office;
struct city {
	struct rv_report	*all;		/* every office's tally, joined */
	struct store		**stores;	/* the store of each estate of all */
	struct city_office	*offices;
	size_t			 noffices;
};
enum rv_status city_verify(const char *, const char *, const char *,
	    struct city **, char **);
enum rv_status city_load(const char *, const char *, rv_ms, int,
	    struct city **, char **);
void	 city_office_where(const struct city *, size_t, const char **,
	    const char **);
struct store *city_office_store(const struct city *, size_t);
enum rv_status city_adopt(char *const *, char *const *, size_t,
	    struct city **, char **);
void	 city_release(struct city *);
void	 city_free(struct city *);

/* tally-print.c */
void	 tally_print_text(FILE *, const struct rv_report *);

#endif /* RENOVOTE_OFFICE_H */
