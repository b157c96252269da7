/*
 * renovote - consent for old-estate renovation.
 *
 * The core layer: domain model, consent rules, parsing of the files street
 * offices hand us, storage and crypto.  The kiosk, the office, the tests,
 * the benchmarks and the fuzzers all link librenovote.a and include this
 * one header.  It never includes curses, and nothing above it includes
 * sqlite3.h.
 *
 * Conventions (see docs/architecture.md):
 * - Fallible functions return an enum rv_status (0 on success) and, on
 *   failure, set *cause to an allocated one-line message naming the file,
 *   line or field at fault.  The caller reports it once and frees it.
 * - Areas are integer hundredths of a square metre (rv_area), money is
 *   integer fen (hundredths of a yuan), times are milliseconds since the
 *   Unix epoch (rv_ms).  No floating point decides anything.
 * - Ownership: X_free(p) frees an allocated X and everything it owns
 *   (NULL does nothing); X_clear(p) frees only what a caller-owned X holds
 *   (on the stack, inside another struct, an element of an array), never
 *   p itself; Xs_free(v, n) and strv_free(v, n) free n elements and the
 *   array v they came in.
 * - Prototypes are grouped by the file that defines them.
 */

#ifndef RENOVOTE_H
#define RENOVOTE_H

#include <libintl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#ifdef __GNUC__
#define RV_PRINTF(a, b)	__attribute__((__format__(__printf__, a, b)))
#define RV_NORETURN	__attribute__((__noreturn__))
#else
#define RV_PRINTF(a, b)
#define RV_NORETURN
#endif

/*
 * Messages: _() translates, N_() marks a string for later translation,
 * P_() picks the singular or plural of a message by the count n (as the
 * language counts: Chinese has one form for every n).
 */
#define _(s)		gettext(s)
#define N_(s)		(s)
#define P_(one, many, n)	ngettext(one, many, n)

#define nitems(a)	(sizeof (a) / sizeof (a)[0])

/* Named limits.  Every input field is bounded by one of these. */
#define RV_ID_MAX		64	/* bytes in an id (estate, flat, ...) */
#define RV_NAME_MAX		256	/* bytes in a name or short label */
#define RV_TEXT_MAX		8192	/* bytes in one plan text */
#define RV_SUGGESTION_MAX	600	/* bytes in one resident's suggestion */
#define RV_LINE_MAX		65536	/* bytes in one CSV record */
#define RV_AREA_MAX		10000000	/* 100,000.00 m2 in one flat */
#define RV_FLATS_MAX		2000000	/* flats in one roster file */
#define RV_OPTIONS_MAX		16	/* options of a choose-one question */
#define RV_PLAN_FILE_MAX	(16 * 1024 * 1024)
#define RV_MONEY_MAX		10000000000LL	/* 100 million yuan, in fen */
#define RV_RECEIPT_LEN		10	/* significant characters of a receipt */
#define RV_RECEIPT_TEXT		12	/* "ABCDE-FGHJK" plus NUL */

/*
 * Outcome of a fallible call.  The numeric values are the exit codes of
 * docs/interface.md, so a command can return its status as is.
 */
enum rv_status {
	RV_OK = 0,
	RV_EINPUT = 1,		/* the input was refused */
	RV_EUSAGE = 2,		/* the command line was wrong */
	RV_EENV = 3,		/* disk, database locked, network */
};

typedef int64_t rv_area;	/* hundredths of a square metre */
typedef int64_t rv_ms;		/* milliseconds since the epoch */

/* Locales of plan texts and of the interface; zh_CN is the fallback. */
enum rv_locale {
	RV_ZH_CN,
	RV_ZH_TW,
	RV_EN,
	RV_NLOCALES
};

/* A text keyed by locale; loc[RV_ZH_CN] is never NULL once validated. */
struct rv_text {
	char	*loc[RV_NLOCALES];
};

/* One flat (专有部分) of an estate's roster. */
struct rv_flat {
	char	*flat_id;	/* unique in the estate, e.g. 3-1-202 */
	char	*building;
	char	*entrance;
	char	*room;
	char	*owner_id;	/* same for every flat one owner holds */
	char	*owner_name;	/* may be NULL */
	char	*area_source;	/* register, survey, contract or NULL */
	rv_area	 area;		/* > 0 */
	uint32_t owner;		/* index of owner_id among the estate's owners */
	rv_ms	 owner_since;	/* confirmed change of owner; 0: none */
};

/* One estate (小区) and its flats, in flat_id order once loaded. */
struct rv_estate {
	char		*id;
	char		*name;		/* zh_CN, the roster's estate_name */
	char		*name_zh_tw;	/* estate_name_zh_TW, or NULL */
	char		*name_en;	/* estate_name_en, or NULL */
	char		*street;	/* 街道, the roster's street, or NULL */
	char		*community;	/* 社区, the roster's community, or NULL */
	struct rv_flat	*flats;
	size_t		 nflats;
	size_t		 nowners;	/* distinct owner ids; see estate_index_owners */
};

/* The national three classes of renovation content. */
enum rv_class {
	RV_BASIC,
	RV_IMPROVEMENT,
	RV_UPGRADE
};

/* One item of a renovation plan. */
struct rv_item {
	char		*id;
	enum rv_class	 class;
	struct rv_text	 title;
	struct rv_text	 description;
	int64_t		 cost_fen;		/* total cost */
	int64_t		 contribution_fen_per_m2;	/* resident's share per m2 */
};

enum rv_kind {
	RV_APPROVE,
	RV_CHOOSE_ONE,
	RV_CHOOSE_MANY,		/* up to max options */
	RV_RANK,		/* up to max options in order of preference */
	RV_RATING		/* a number in [min, max], or none */
};

/*
 * What a question is about, when the evaluation report (考评) must find
 * it: the property-management mode adopted, the use of the maintenance
 * fund (住宅专项维修资金).  Most questions have none.
 */
enum rv_topic {
	RV_TOPIC_NONE,
	RV_TOPIC_PROPERTY,	/* "property-management" */
	RV_TOPIC_FUND		/* "maintenance-fund" */
};

/*
 * Where a question stands in the consultation cycle (一征三议两公开 and
 * 效果共评): the needs survey before a plan exists, the vote on it, the
 * residents' acceptance of the finished works, and the periodic rating
 * of the property service.  Plans without "stage" are votes.
 */
enum rv_stage {
	RV_STAGE_VOTE,
	RV_STAGE_SURVEY,	/* choose-many, rank or rating */
	RV_STAGE_ACCEPTANCE,	/* rating, per item or the whole works */
	RV_STAGE_SERVICE	/* rating, one period (quarter) */
};

/* A service rating's period, "2027-Q1": a quarter, sorting as text. */
#define RV_PERIOD_LEN	7

/*
 * Limits of the kinds with several picks: the places a ranking has, the
 * steps of a rating scale.  A rank answer packs its places into a
 * uint32_t, RV_RANK_BITS each (see question_choice_encode).
 */
#define RV_RANK_PLACES_MAX	6
#define RV_RANK_BITS		5
#define RV_RATING_MIN		0
#define RV_RATING_MAX		10
/* Bytes of the longest choice text, every option picked, with NUL. */
#define RV_CHOICE_TEXT_MAX	(RV_OPTIONS_MAX * (RV_ID_MAX + 1) + 1)

enum rv_matter {
	RV_MAJOR,		/* 3/4 of participants' area and headcount */
	RV_ORDINARY		/* more than 1/2 of both */
};

struct rv_option {
	char		*id;
	struct rv_text	 title;
	char		*item;		/* survey: the item it asks for */
};

/*
 * A question put to the owners in its scope.  The choices of a question
 * are numbered: for approve questions 0 agree, 1 disagree, 2 abstain; for
 * choose-one questions 0..noptions-1 are the options and noptions is
 * abstain.  question_nchoices() gives the count, the last one is always
 * abstain.
 */
struct rv_question {
	char		*id;
	enum rv_kind	 kind;
	enum rv_matter	 matter;
	enum rv_topic	 topic;		/* RV_TOPIC_NONE for most */
	enum rv_stage	 stage;
	char		 period[RV_PERIOD_LEN + 1];	/* service: "2027-Q1" */
	char		*scope_building;	/* NULL: the whole estate */
	char		*scope_entrance;	/* NULL: the whole building */
	char		**items;
	size_t		 nitems;
	struct rv_text	 title;
	rv_ms		 opens;
	rv_ms		 closes;		/* answers in [opens, closes] count */
	struct rv_option *options;
	size_t		 noptions;
	int		 min;		/* rating: lowest step */
	int		 max;		/* picks, places or highest step */
	struct rv_text	*labels;	/* rating: words of each step */
	size_t		 nlabels;	/* max - min + 1 */
};

#define RV_CHOICE_AGREE		0
#define RV_CHOICE_DISAGREE	1

/* A willingness pledge (改造意愿书) and the share of flats it needs. */
struct rv_pledge {
	char		*id;
	struct rv_text	 text;
	uint32_t	 threshold_num;	/* 0 < num <= den */
	uint32_t	 threshold_den;
	int		 amount;	/* may a flat state a contribution? */
};

/*
 * A site map of the estate (the plan's optional "map"; docs/plan-map.md):
 * a grid of cols x rows character cells with the estate's buildings as
 * rectangles, and points for plan items and landmarks.  Coordinates are
 * validated: every place lies inside the grid, buildings do not overlap
 * and are at least 3 x 3 cells (a box with one line inside).
 */
#define RV_MAP_COLS_MAX		76
#define RV_MAP_ROWS_MAX		20
#define RV_MAP_PLACES_MAX	64
enum rv_place_kind {
	RV_PLACE_BUILDING,		/* a roster building, a rectangle */
	RV_PLACE_ITEM,			/* where a plan item lands, a point */
	RV_PLACE_LANDMARK		/* a gate, a road, a garden, a point */
};
struct rv_place {
	enum rv_place_kind	 kind;
	char			*building;	/* RV_PLACE_BUILDING */
	char			*item;		/* RV_PLACE_ITEM: an item id */
	struct rv_text		 label;		/* landmarks; NULLs if none */
	int			 x, y;		/* top-left cell, from 0 */
	int			 w, h;		/* buildings; 1 x 1 otherwise */
};
struct rv_map {
	int			 cols, rows;
	struct rv_place		*places;
	size_t			 nplaces;
};

/* An estate's renovation plan (改造方案). */
struct rv_plan {
	char			*estate_id;
	struct rv_text		 title;
	struct rv_item		*items;
	size_t			 nitems;
	struct rv_question	*questions;
	size_t			 nquestions;
	struct rv_pledge	*pledges;
	size_t			 npledges;
	struct rv_map		*map;		/* NULL: the plan has none */
	char			**committee;	/* members' names, or NULL */
	size_t			 ncommittee;
};

/*
 * One answer as the consent engine sees it.  Among several answers of one
 * owner to one question the latest stands: greatest cast_at, then device
 * name, then seq (docs/consent-rules.md, "One owner, one voice").
 */
struct rv_answer {
	uint32_t	 flat;		/* index into the estate's flats */
	uint32_t	 choice;	/* see struct rv_question */
	rv_ms		 cast_at;
	const char	*device;
	uint64_t	 seq;
};

/* A signed pledge of one flat. */
struct rv_signature {
	uint32_t	 flat;
	rv_ms		 cast_at;
	int64_t		 amount_fen;	/* -1 when none was given */
};

/* Owners and area, the two measures of every bar. */
struct rv_count {
	int64_t	 owners;
	rv_area	 area;
};

enum rv_outcome {
	RV_OUT_OPEN,
	RV_OUT_NOT_QUORATE,
	RV_OUT_APPROVED,
	RV_OUT_REJECTED,
	RV_OUT_ADOPTED,
	RV_OUT_NO_OPTION,
	RV_OUT_CLOSED		/* a question that decides nothing, closed */
};

/*
 * One bar of the law judged on one measure: count against base, met iff
 * base > 0 and count/base is at least num/den (more than, when strict).
 * tally.c fills every bar; presentations show these fields and never
 * compare a count with a threshold themselves.
 */
struct rv_bar {
	int64_t		 count;		/* owners, hundredths of m2, or flats */
	int64_t		 base;
	unsigned	 num, den;
	int		 strict;	/* "more than", not "at least" */
	int		 met;
};

/* A bar of art. 278 on both its measures, headcount and area. */
struct rv_bars {
	struct rv_bar	 owners;
	struct rv_bar	 area;
};

/*
 * Whether an open question's result is already certain, the answers given
 * standing: PASSES when the bars would still be met if every owner who
 * has not answered took part against it, FAILS when they could not be met
 * even if every such owner took part for it (docs/consent-rules.md).
 */
enum rv_early {
	RV_EARLY_NONE,
	RV_EARLY_PASSES,
	RV_EARLY_FAILS
};

/* Owners, flats and area: the figures of a question that decides nothing. */
struct rv_tcount {
	int64_t	 owners;
	int64_t	 flats;
	rv_area	 area;
};

#define RV_STEPS_MAX	(RV_RATING_MAX - RV_RATING_MIN + 1)

/*
 * The figures of a choose-many, rank or rating question (tally.c says
 * how each is counted).  Nothing here is compared with a threshold.
 */
struct rv_opinion {
	struct rv_tcount eligible;
	struct rv_tcount participating;
	struct rv_tcount none;		/* abstain, or rating "none" */
	struct rv_tcount options[RV_OPTIONS_MAX];	/* picked or ranked */
	int64_t		 points[RV_OPTIONS_MAX];	/* rank: Borda points */
	struct rv_tcount steps[RV_STEPS_MAX];	/* rating: step min + i */
	int64_t		 answers;	/* rating: owners who gave a step */
	int64_t		 mean_num;	/* rating: mean step, lowest terms; */
	int64_t		 mean_den;	/* den 0 when nobody gave a step */
};

/* The tally of one question at one instant. */
struct rv_qresult {
	enum rv_outcome	 outcome;
	struct rv_count	 eligible;
	struct rv_count	 participating;
	struct rv_count	 choices[RV_OPTIONS_MAX + 1];	/* question_nchoices() used */
	int		 participation_met;	/* both participation bars */
	int		 approval_met;	/* both approval bars, or one option adopted */
	int		 adopted;	/* option index, or -1 */
	int		 leading;	/* option the approval need is for, or -1 */
	int		 judged;	/* choice the approval bars judge, or -1 */
	struct rv_count	 judged_count;	/* its count; zero when judged is -1 */
	struct rv_bars	 participation;	/* participating among eligible */
	struct rv_bars	 approval;	/* judged among participating */
	struct rv_count	 need_participation;
	struct rv_count	 need_approval;
	enum rv_early	 early;		/* NONE once closed */
	int		 show_need_participation;	/* worth showing: */
	int		 show_need_approval;	/* open, reachable, not met */
	struct rv_opinion opinion;	/* when !question_decides() */
};

/* The tally of one pledge at one instant. */
struct rv_presult {
	int64_t		 flats;
	rv_area		 area;
	int64_t		 signed_flats;
	rv_area		 signed_area;
	struct rv_bar	 bar;		/* signed flats among all flats */
	int		 met;
};

/*
 * Why one answer record does or does not stand for its owner, as the
 * tally judged it (tally_standing); the receipt page shows this.
 */
enum rv_standing {
	RV_STANDS,		/* the answer that stands for its owner */
	RV_SUPERSEDED,		/* another answer of the same owner stands */
	RV_STANDING_GONE,	/* flat or choice no longer in roster or plan */
	RV_STANDING_SCOPE,	/* its flat is outside the question's scope */
	RV_STANDING_WINDOW,	/* cast outside the question's window */
	RV_STANDING_LATER,	/* cast after the instant of the tally */
	RV_STANDING_OWNER	/* cast before the flat changed owner */
};

/*
 * What the store hands up to the layers above it: the kiosks' syncs, the
 * publications and objections of an estate, its answers' span, and the
 * kiosks flagged for the committee.  The functions that read them are in
 * store.h; the report layer (present.h) passes them on.
 */
struct store;
struct rv_kiosk_sync {
	char		*device;
	rv_ms		 last_sync;	/* 0: never */
	uint64_t	 seq;		/* last record the office holds */
	int		 revoked;
};
struct rv_publication {
	int64_t		 id;
	int		 final;
	rv_ms		 published_at;
	rv_ms		 tally_at;
	rv_ms		 objections_until;	/* 0 for a final one */
};
struct rv_objection {
	int64_t		 id;
	char		*estate_id;
	rv_ms		 received_at;
	char		*author;
	char		*text;
	rv_ms		 resolved_at;	/* 0: not yet */
	char		*resolution;	/* NULL: not yet */
};
/* The chain of the office's own records: paper ballots, clerk entries. */
#define RV_OFFICE_DEVICE	"office"

struct rv_answer_span {
	rv_ms		 first, last;	/* cast_at; 0 when no answer */
	int64_t		 answers;	/* answer rows */
	int64_t		 owners;	/* distinct owners who answered */
	int64_t		 paper;		/* answer rows from paper ballots */
};
struct rv_flag {
	char	*device;
	rv_ms	 at;
	char	*reason;
};
/* A confirmed roster change, from the office's signed roster records. */
struct rv_roster_change {
	char		*flat_id;	/* NULL: the estate itself */
	char		*field;		/* flat, area_m2, owner_id, estate_id, ... */
	char		*before;	/* NULL: none (a flat added) */
	char		*after;		/* NULL: none (a flat removed) */
	char		*clerk;
	rv_ms		 at;
	char		*device;	/* the office's chain */
	uint64_t	 seq;
	char		*owner_id;	/* the flat's owner before, or NULL */
};

/* xmalloc.c */
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
int	 xasprintf(char **, const char *, ...) RV_PRINTF(2, 3);
int	 xvasprintf(char **, const char *, va_list) RV_PRINTF(2, 0);
void	 fatal_hook_set(void (*)(void));
void	 fatal(const char *, ...) RV_PRINTF(1, 2) RV_NORETURN;
void	 freezero(void *, size_t);
enum rv_status rv_fail(char **, enum rv_status, const char *, ...)
	    RV_PRINTF(3, 4);

/* util.c */
int	 utf8_valid(const char *, size_t);
int	 id_valid(const char *);
int	 choice_text_valid(const char *);
int	 name_valid(const char *);
enum rv_status area_parse(const char *, rv_area *, char **);
void	 area_format(rv_area, char *, size_t);
int	 money_from_json_number(double, int64_t *);
void	 money_format(int64_t, char *, size_t);
int64_t	 ceil_div(int64_t, int64_t);
void	 hex_encode(const uint8_t *, size_t, char *);
int	 hex_decode(const char *, size_t, uint8_t *, size_t);
void	 be_put(uint8_t *, uint64_t, size_t);
uint64_t be_get(const uint8_t *, size_t);
enum rv_status money_parse(const char *, int64_t *, char **);
int	 codepoint_width(uint32_t);
size_t	 utf8_decode(const char *, uint32_t *);
size_t	 utf8_width(const char *);
void	 fput_padded(FILE *, const char *, size_t);
void	 fput_right(FILE *, const char *, size_t);
void	 percent_format(int64_t, int64_t, char *, size_t);
size_t	 text_wrap(const char *, size_t, size_t **, size_t **);
char	*text_scrub(char *);
#define URL_BASE_MAX	512	/* bytes of a base URL (--base-url, --office) */
enum rv_status url_base_check(const char *, const char *, char **, char **);
void	 strv_free(char **, size_t);

/* timefmt.c */
#define RV_CST_OFFSET	480	/* China Standard Time, minutes east of UTC */
#define RV_TIME_MAX	40	/* bytes of a formatted time, with NUL */
enum rv_status time_parse(const char *, rv_ms *, int *, char **);
enum rv_status time_parse_past(const char *, rv_ms, rv_ms *, char **);
void	 time_format(rv_ms, int, char *, size_t);
void	 time_format_short(rv_ms, char *, size_t);
rv_ms	 time_now(void);

/* text.c */
const char *text_get(const struct rv_text *, enum rv_locale);
const char *text_traditional(const char *);
const char *locale_name(enum rv_locale);
const char *locale_tag(enum rv_locale);
const char *locale_title(enum rv_locale);
int	 locale_from_name(const char *, enum rv_locale *);
void	 text_clear(struct rv_text *);
int	 text_control_find(const char *, size_t, size_t *, unsigned *);

/* pinyin.c */
#define PINYIN_INITIALS_MAX	(RV_NAME_MAX + 1)	/* bytes, NUL included */
#define PINYIN_UNKNOWN		'?'	/* a hanzi the table has no initial for */
char	 pinyin_initial_gb(unsigned);
size_t	 pinyin_initials(const char *, char *, size_t);
int	 pinyin_match(const char *, const char *);
#define PINYIN_SORT_KEY_MAX	(2 * RV_NAME_MAX + 1)	/* bytes, NUL included */
void	 pinyin_sort_key(const char *, char *, size_t);

/* choice.c */
int	 choice_picks(const struct rv_question *, uint32_t,
	    int [RV_OPTIONS_MAX]);
int	 choice_place(const struct rv_question *, uint32_t, int);
uint32_t choice_add(const struct rv_question *, uint32_t, int);
uint32_t choice_remove(const struct rv_question *, uint32_t, int);

/* csv.c */
struct csv;
struct csv *csv_open(const char *, const char *, size_t);
void	 csv_free(struct csv *);
int	 csv_next(struct csv *, char ***, size_t *, char **);
size_t	 csv_line(const struct csv *);
int	 csv_write_field(FILE *, const char *);
int	 csv_formula_like(const char *);
int	 csv_write_cell(FILE *, const char *);

/* estate.c */
void	 estate_index_owners(struct rv_estate *);
void	 estate_prepare(struct rv_estate *);
const char *estate_name(const struct rv_estate *, enum rv_locale);
struct rv_flat *estate_find_flat(const struct rv_estate *, const char *);
ssize_t	 estate_flat_index(const struct rv_estate *, const char *);
int	 estate_flat_in_scope(const struct rv_flat *, const struct rv_question *);
void	 estate_clear(struct rv_estate *);
void	 estate_free(struct rv_estate *);
void	 estates_free(struct rv_estate *, size_t);

/* roster.c */
enum rv_status roster_parse(const char *, const char *, size_t,
	    struct rv_estate **, size_t *, char **);

/* plan.c */
enum rv_status plan_parse(const char *, const char *, size_t, struct rv_plan **,
	    char **);
enum rv_status plan_check_roster(const char *, const struct rv_plan *,
	    const struct rv_estate *, char **);
int64_t	 plan_item_contribution_fen(const struct rv_item *, rv_area);
void	 plan_free(struct rv_plan *);
const struct rv_question *plan_question(const struct rv_plan *,
	    const char *);
const struct rv_pledge *plan_pledge(const struct rv_plan *, const char *);

/* qr.c */
#define RV_QR_TEXT_MAX	1024
struct rv_qr {
	int		 width;		/* modules per side, no quiet zone */
	unsigned char	*dark;		/* width * width, row by row, 1 dark */
};
enum rv_status qr_make(const char *, struct rv_qr **, char **);
enum rv_status qr_make_screen(const char *, struct rv_qr **, char **);
void	 qr_free(struct rv_qr *);
int	 qr_dark(const struct rv_qr *, int, int);
char	**qr_half_blocks(const struct rv_qr *, int, int, size_t *);
void	 qr_svg(FILE *, const struct rv_qr *, int);

/* question.c */
size_t	 question_nchoices(const struct rv_question *);
const char *question_choice_id(const struct rv_question *, uint32_t);
const char *question_choice_label(const struct rv_question *, uint32_t,
	    enum rv_locale);
const char *question_choice_title(const struct rv_question *, uint32_t,
	    enum rv_locale);
int	 question_choice_parse(const struct rv_question *, const char *,
	    uint32_t *);
const char *question_kind_name(enum rv_kind);
int	 question_decides(const struct rv_question *);
const char *question_stage_name(enum rv_stage);
const char *question_topic_name(enum rv_topic);
int	 question_choice_encode(const struct rv_question *, const char *,
	    uint32_t *, char **);
int	 question_choice_format(const struct rv_question *, uint32_t, char *,
	    size_t);
int	 question_choice_valid(const struct rv_question *, uint32_t);
int	 question_choice_read(const struct rv_question *, const char *,
	    uint32_t *, char **);
int	 question_choice_canon(const struct rv_question *, const char *,
	    char *, size_t, char **);
int	 question_choice_words(const struct rv_question *, const char *,
	    enum rv_locale, char *, size_t);
const char *question_matter_name(enum rv_matter);
const char *question_class_name(enum rv_class);
const char *tally_outcome_name(enum rv_outcome);
const char *tally_early_name(enum rv_early);
int	 question_same_terms(const struct rv_question *,
	    const struct rv_question *);

/* tally.c */
void	 tally_question(const struct rv_estate *, const struct rv_question *,
	    const struct rv_answer *, size_t, rv_ms, struct rv_qresult *);
void	 tally_pledge(const struct rv_estate *, const struct rv_pledge *,
	    const struct rv_signature *, size_t, rv_ms, struct rv_presult *);
rv_ms	 tally_question_until(const struct rv_question *, rv_ms);
enum rv_standing tally_standing(const struct rv_estate *,
	    const struct rv_question *, const struct rv_answer *, size_t,
	    size_t, rv_ms, size_t *);
void	 tally_standing_all(const struct rv_estate *,
	    const struct rv_question *, const struct rv_answer *, size_t, rv_ms,
	    unsigned char *);
int	 tally_bar_met(const struct rv_bar *);
#define RV_MEAN_TEXT	24	/* "10.00" and far more, with NUL */
int	 tally_mean_format(const struct rv_opinion *, char *, size_t);
void	 tally_opinion_add(const struct rv_question *, struct rv_opinion *,
	    uint32_t, const struct rv_tcount *);
void	 tally_opinion_mean(struct rv_opinion *);

/* demand.c */
struct rv_demand_group {
	const char		*building;	/* NULL: the whole estate */
	const char		*entrance;	/* NULL: the whole building */
	struct rv_opinion	 opinion;	/* of the owners in it */
};
struct rv_demand {
	const struct rv_question *question;
	struct rv_demand_group	*groups;	/* [0] is the estate */
	size_t			 ngroups;
	size_t			 order[RV_OPTIONS_MAX];	/* most wanted first */
};
void	 demand_compute(const struct rv_estate *, const struct rv_question *,
	    const struct rv_answer *, size_t, rv_ms, struct rv_demand *);
void	 demand_clear(struct rv_demand *);
void	 demand_order(const struct rv_question *, const struct rv_opinion *,
	    size_t *);

/* code.c */
#define RV_CODE_LEN	12	/* significant characters of a voting code */
#define RV_CODE_TEXT	15	/* K7QM-3XRD-WP9A plus NUL */
#define RV_CODE_HASH_MAX 160	/* bytes of a stored hash, with NUL */
#define RV_CODE_DIGITS	18	/* digits of its numeric form */
#define RV_CODE_NUM_TEXT 24	/* 078 766 278 378 854 976 plus NUL */
/* What a typed code is, or what is wrong with it (code_shape). */
enum rv_code_shape {
	RV_CODE_OK,		/* 12 letters and digits, or 18 digits */
	RV_CODE_EMPTY,
	RV_CODE_DIGITS_LEN,	/* only digits, but not 18 (nor a 12 code) */
	RV_CODE_LETTERS_LEN,	/* alphabet letters, but not 12 of them */
	RV_CODE_BAD_CHAR,	/* a character no code has (0, 1, I, O...) */
	RV_CODE_RANGE		/* 18 digits that are no code */
};
enum rv_status code_generate(char *, size_t, char **);
enum rv_code_shape code_shape(const char *, size_t *);
int	 code_normalise(const char *, char *, size_t);
int	 code_numeric(const char *, char *, size_t);
enum rv_status code_hash(const char *, char *, size_t, char **);
int	 code_verify(const char *, const char *);
enum rv_status code_hash_many(const char **, char (*)[RV_CODE_HASH_MAX],
	    size_t, char **);
/* A flat's voting-code hash, as the office keeps it and packages carry it. */
struct rv_code_row {
	char	*flat_id;
	char	 hash[RV_CODE_HASH_MAX];
};

/* code.c: the kiosk's committee PIN */
#define RV_PIN_MIN	6	/* digits */
#define RV_PIN_MAX	12
int	 code_pin_valid(const char *);
enum rv_status code_pin_hash(const char *, char *, size_t, char **);
int	 code_pin_verify(const char *, const char *);

/* key.c */
#define RV_SIG_LEN	64	/* Ed25519 signature */
struct rv_key;
enum rv_status key_generate(const char *, char **, char **);
enum rv_status key_load(const char *, struct rv_key **, char **);
void	 key_free(struct rv_key *);
enum rv_status key_public_pem(const struct rv_key *, char **, char **);
enum rv_status key_sign(const struct rv_key *, const void *, size_t,
	    uint8_t [RV_SIG_LEN], char **);
int	 key_verify(const char *, const void *, size_t,
	    const uint8_t [RV_SIG_LEN]);
int	 key_pem_valid(const char *);
int	 key_public_same(const char *, const char *);
#define RV_KEY_FINGERPRINT	20	/* "1a2b:3c4d:5e6f:7a8b" and NUL */
void	 key_fingerprint(const char *, char [RV_KEY_FINGERPRINT]);

/* merkle.c: the tree of a publication (docs/protocol.md) */
#define RV_MERKLE_LEN		32	/* SHA-256 */
#define RV_MERKLE_DEPTH		40	/* levels of a path: 2^40 leaves */
#define RV_PSEUDONYM_TEXT	33	/* 32 hex digits plus NUL */
#define RV_LEAF_FIELD_MAX	256	/* bytes of one field of a leaf */
/* One leaf: a counted record, its fields as they are written. */
struct rv_leaf {
	const char	*kind;		/* "answer" or "pledge" */
	const char	*subject;	/* question or pledge id */
	const char	*choice;	/* choice id, or "signed" */
	const char	*owner;		/* pseudonym, 32 hex digits */
	const char	*area;		/* m2 to two places, "85.30" */
	const char	*scope;		/* "estate", "b:3", "b:3/e:1" */
	const char	*record;	/* ledger hash, 64 hex digits */
};
void	 merkle_leaf_hash(const void *, size_t, uint8_t [RV_MERKLE_LEN]);
void	 merkle_node_hash(const uint8_t [RV_MERKLE_LEN],
	    const uint8_t [RV_MERKLE_LEN], uint8_t [RV_MERKLE_LEN]);
void	 merkle_root(const uint8_t (*)[RV_MERKLE_LEN], size_t, size_t,
	    uint8_t (*)[RV_MERKLE_LEN], int *, size_t *,
	    uint8_t [RV_MERKLE_LEN]);
char	*merkle_leaf_bytes(const struct rv_leaf *, size_t *);
int	 merkle_field_valid(const char *);
void	 merkle_pseudonym(const uint8_t *, size_t, const char *,
	    char [RV_PSEUDONYM_TEXT]);

/* file.c */
enum rv_status file_open_regular(const char *, int *, unsigned *, size_t *,
	    char **);
enum rv_status file_read_fd(const char *, int, size_t, char **, size_t *,
	    char **);
enum rv_status file_read(const char *, size_t, char **, size_t *, char **);
struct file_swap {
	char	*path;
	char	*tmp;		/* the new content, until installed */
	char	*backup;	/* the old file, once installed */
};
enum rv_status file_swap_begin(struct file_swap *, const char *, const void *,
	    size_t, int, char **);
enum rv_status file_swap_install(struct file_swap *, char **);
void	 file_swap_undo(struct file_swap *);
void	 file_swap_end(struct file_swap *);
enum rv_status file_sync_dir(const char *, char **);
enum rv_status file_write_durable(const char *, const void *, size_t, int,
	    char **);
enum rv_status file_write_new(const char *, const void *, size_t, int,
	    char **);
enum rv_status file_sync_fs(const char *, char **);

/* secret.c: codes and PINs never on argv, never in a core file */
#define RV_SECRET_LINE	128	/* bytes of a typed or read secret line */
void	 secret_harden(void);
void	 secret_dontdump(void *, size_t);
void	 secret_ask(const char *, char *, size_t);
enum rv_status secret_read(const char *, char *, const char *, const char *,
	    const char *, const char *, char *, size_t, char **);

/* cmdline.c */
#define CMD_ARGS_MAX	16	/* options given to one command */
struct cmd;

/*
 * A command.  options lists what it accepts, comma-separated, a trailing
 * ':' marking an option that takes a value ("db:,estate:,json").  Every
 * command also accepts --help.  usage and help are gettext msgids.
 */
struct cmd_entry {
	const char	*name;		/* "roster import" */
	const char	*options;
	int		 minargs;	/* positional arguments */
	int		 maxargs;	/* -1: no limit */
	const char	*usage;		/* after the name */
	const char	*help;		/* what it does, a few lines */
	enum rv_status	 (*exec)(struct cmd *, char **);
};

/* A program: its name, default database and commands. */
struct cmd_program {
	const char		*name;		/* renovote-office */
	const char		*summary;	/* one line, a msgid */
	const char		*db_name;	/* office.db */
	const char		*role;		/* "office" or "kiosk" */
	const struct cmd_entry	**table;	/* NULL-terminated */
};

struct cmd_option {
	const char	*name;
	const char	*value;		/* NULL for a flag */
};

/* One invocation: the entry, its options and positional arguments. */
struct cmd {
	const struct cmd_program *program;
	const struct cmd_entry	*entry;
	struct cmd_option	 opts[CMD_ARGS_MAX];
	int			 nopts;
	char			**argv;
	int			 argc;
	char			*config;	/* the file's text (conf.c) */
};

const char *cmd_get(const struct cmd *, const char *);
enum rv_status cmd_get_number(const struct cmd *, const char *, long, long,
	    long *, char **);
int	 cmd_has(const struct cmd *, const char *);
enum rv_status cmd_get_at(const struct cmd *, rv_ms *, int *, char **);
enum rv_status cmd_text(const struct cmd *, const char *, size_t, int,
	    const char **, char **);
enum rv_status cmd_require(const struct cmd *, const char *, const char **,
	    char **);
char	*cmd_db_path(const struct cmd *, int);
enum rv_status cmd_open_store(const struct cmd *, struct store **, char **);
void	 cmd_close_store(struct store *);
enum rv_status cmd_create_store(const struct cmd *, const char *,
	    struct store **, char **, char **);
enum rv_status cmd_load_key(const struct cmd *, struct rv_key **, char **);
void	 cmd_locale_init(void);
int	 cmd_main(const struct cmd_program *, int, char **);
int	 cmd_option_takes(const struct cmd_entry *, const char *, int *);

/* conf.c */
enum rv_status cmd_config_apply(struct cmd *, char **);

/* cmd-backup.c, cmd-restore.c: the commands both programs have */
extern const struct cmd_entry cmd_backup_entry;		/* office */
extern const struct cmd_entry cmd_restore_entry;
extern const struct cmd_entry cmd_kiosk_backup_entry;	/* kiosk */
extern const struct cmd_entry cmd_kiosk_restore_entry;

#endif /* RENOVOTE_H */
