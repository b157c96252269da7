/*
 * The presentation layer: the consent report built from the store and
 * everything pages, notices, the office dashboard and the kiosk's screens
 * show of it.  A report is read in one snapshot (report_build), tallied
 * by tally.c, and handed up as plain structs; the helpers below only
 * format what the tally decided.  Nothing here compares a count with a
 * threshold.  Code that presents includes this header and renovote.h,
 * never store.h or ledger.h.
 */

#ifndef RENOVOTE_PRESENT_H
#define RENOVOTE_PRESENT_H

#include "renovote.h"

/* report.c */
struct rv_report_question {
	const struct rv_estate		*estate;
	const struct rv_question	*question;
	struct rv_qresult		 result;
};
struct rv_report_pledge {
	const struct rv_estate		*estate;
	const struct rv_pledge		*pledge;
	struct rv_presult		 result;
};
struct rv_report {
	rv_ms				 at;
	int				 offset;	/* of times shown */
	struct rv_estate		**estates;
	struct rv_plan			**plans;	/* NULL: no plan yet */
	size_t				 nestates;
	struct rv_report_question	*questions;
	size_t				 nquestions;
	struct rv_report_pledge		*pledges;
	size_t				 npledges;
	struct rv_flag			*flags;		/* for the committee */
	size_t				 nflags;
};
/* What an estate's pages and notices show besides the tally. */
struct rv_report_extra {
	struct rv_kiosk_sync	*syncs;
	size_t			 nsyncs;
	struct rv_publication	*pubs;
	size_t			 npubs;
	struct rv_objection	*objections;
	size_t			 nobjections;
	struct rv_answer_span	 span;		/* of one estate only */
	struct rv_roster_change	*changes;	/* confirmed roster changes */
	size_t			 nchanges;
};
enum rv_status report_build(struct store *, const char *, rv_ms, int,
	    struct rv_report **, char **);
enum rv_status report_build_in(struct store *, const char *, rv_ms, int,
	    struct rv_report **, char **);
void	 report_free(struct rv_report *);
void	 report_absorb(struct rv_report *, struct rv_report *);
void	 report_slice(const struct rv_report *, size_t, struct rv_report *);
enum rv_status report_extra_read(struct store *, const char *,
	    struct rv_report_extra *, char **);
enum rv_status report_extra_load(struct store *, const char *,
	    struct rv_report_extra *, char **);
void	 report_extra_clear(struct rv_report_extra *);
enum rv_status report_estate_known(struct store *, const char *, int *,
	    char **);
void	 report_json_string(FILE *, const char *);
void	 report_json(FILE *, const struct rv_report *);
enum rv_status report_until(struct store *, const struct rv_report *,
	    rv_ms *, char **);

/* report-demand.c */
struct rv_demand_report {
	rv_ms			 at;
	int			 offset;	/* of times shown */
	enum rv_stage		 stage;	/* of the questions reported */
	struct rv_estate	*estate;
	struct rv_plan		*plan;
	char			*source;	/* the plan's JSON */
	struct rv_demand	*demands;	/* survey questions */
	size_t			 ndemands;
};
enum rv_status demand_report_build(struct store *, const char *, rv_ms, int,
	    enum rv_stage, struct rv_demand_report **, char **);
void	 demand_report_free(struct rv_demand_report *);
void	 demand_report_json(FILE *, const struct rv_demand_report *);
enum rv_status demand_report_plan(const struct rv_demand_report *, char **,
	    char **);
size_t	 opinion_previous(const struct rv_question *const *, size_t, size_t);
int	 opinion_change_format(const struct rv_opinion *,
	    const struct rv_opinion *, char *, size_t);

/* report-receipt.c */
enum rv_verdict {
	RV_VERDICT_COUNTED,	/* the answer that stands, or a pledge counted */
	RV_VERDICT_SUPERSEDED,	/* a later answer of the same owner stands */
	RV_VERDICT_WINDOW,	/* cast outside the question's window */
	RV_VERDICT_CODES,	/* made with voting codes re-issued since */
	RV_VERDICT_VOIDED,	/* its kiosk was revoked with --void */
	RV_VERDICT_GONE,	/* flat, question or pledge no longer there */
	RV_VERDICT_SCOPE,	/* its flat is outside the question's scope */
	RV_VERDICT_LATER,	/* cast after the instant of the tally */
	RV_VERDICT_OWNER	/* cast before the flat changed owner */
};
enum rv_receipt_kind {
	RV_RECEIPT_ANSWER,	/* an answer at a kiosk */
	RV_RECEIPT_BALLOT,	/* a paper ballot entered at the office */
	RV_RECEIPT_PLEDGE	/* a willingness pledge */
};
/*
 * A receipt's record in the latest publication that counted it, as
 * publish stored the publication's tree: its leaf, the path to the root
 * and whether that path gives the signed root.
 */
struct rv_receipt_proof {
	long		 number;	/* 0: no publication counts it */
	long		 latest;	/* the estate's latest; 0: none yet */
	rv_ms		 at;		/* number's instant */
	struct rv_leaf	 leaf;		/* as published; the strings owned */
	size_t		 index;		/* the leaf's place, from 0 */
	size_t		 nleaves;
	char		 leaf_hash[2 * RV_MERKLE_LEN + 1];
	char		 path[RV_MERKLE_DEPTH][2 * RV_MERKLE_LEN + 1];
	int		 left[RV_MERKLE_DEPTH];	/* the sibling is on the left */
	size_t		 npath;		/* bottom first */
	char		 root[2 * RV_MERKLE_LEN + 1];	/* the signed root */
	int		 checks;	/* the leaf and path give that root */
};
/* What one receipt names, and the tally's verdict on it. */
struct rv_receipt_check {
	char			 receipt[RV_RECEIPT_TEXT];
	enum rv_receipt_kind	 kind;
	char			*estate_id;
	char			*flat_id;
	char			*subject_id;	/* question or pledge id */
	char			*choice;	/* answers and ballots */
	int64_t			 amount_fen;	/* pledges: -1 when none */
	char			*device;	/* kiosk, or the office */
	char			*actor;		/* ballots: the clerk; may be NULL */
	struct rv_estate	*estate;	/* NULL: gone from the roster */
	struct rv_plan		*plan;
	const struct rv_question *question;
	const struct rv_pledge	*pledge;
	ssize_t			 flat;		/* -1: not in the roster */
	rv_ms			 cast_at;
	enum rv_verdict		 verdict;
	rv_ms			 standing_cast_at;	/* SUPERSEDED: what stands */
	char			*standing_device;
	uint64_t		 standing_seq;
	rv_ms			 owner_since;	/* OWNER: when it changed */
	uint8_t			 hash[RV_MERKLE_LEN];	/* its ledger hash */
	uint64_t		 seq;		/* its place in its device's chain */
	uint64_t		 chain_held;	/* the office holds that chain to */
	struct rv_receipt_proof	 proof;		/* report_receipt_proof */
};
const char *report_verdict_name(enum rv_verdict);
enum rv_status report_receipt(struct store *, const char *, rv_ms,
	    struct rv_receipt_check *, int *, char **);
enum rv_status report_receipt_proof(struct store *,
	    struct rv_receipt_check *, char **);
void	 report_receipt_clear(struct rv_receipt_check *);

/* present.c */
#define PRESENT_THRESHOLD_MAX	16	/* "≥2/3", ">1/2", with NUL */
void	 present_threshold(const struct rv_bar *, char *, size_t);
enum rv_locale present_text_locale(void);
/* One row of the figures of a question that decides nothing. */
struct present_row {
	char			 label[RV_NAME_MAX + 16];
	const struct rv_tcount	*count;
	int64_t			 points;	/* rank; -1 for the others */
};
#define PRESENT_ROWS_MAX	(RV_OPTIONS_MAX + RV_STEPS_MAX + 1)
size_t	 present_opinion_rows(const struct rv_question *,
	    const struct rv_qresult *, enum rv_locale, struct present_row *);
#define PRESENT_MEAN_MAX	128
void	 present_mean_line(const struct rv_opinion *, char *, size_t);
const char *present_outcome_label(enum rv_outcome);
const char *present_rule_text(const struct rv_question *);
void	 present_need_line(FILE *, const char *, const struct rv_count *);
const char *present_early_label(enum rv_early);

#endif /* RENOVOTE_PRESENT_H */
