/*
 * The resident interface of the kiosk: one loop (ui.c), one file per
 * screen (screen-*.c), the resident's session (session.c) and spoken
 * guidance (speech.c).  Screens draw through the terminal layer and the
 * body helpers below; what they need of the kiosk's data they ask of the
 * session, never of the store.
 *
 * Keys are the same for everybody and need only the number row: 1 to 7
 * pick, 8 shows more, 9 explains the words of the screen (or, with
 * nothing to explain, repeats the speech), 0 goes back; Enter takes the
 * first choice.  Guided mode adds spacing, spoken screens and a word of
 * confirmation after each action; letters (L language, H contrast, G
 * guided, C committee) are shortcuts for those who read the hints.
 */

#ifndef RENOVOTE_KIOSK_UI_H
#define RENOVOTE_KIOSK_UI_H

#include "kiosk.h"
#include "present.h"
#include "term.h"

#define UI_IDLE_S		120	/* idle time-out, seconds */
#define UI_GUIDED_IDLE_S	300	/* ... in guided mode */
#define UI_WARN_S		20	/* warning before the reset */
#define UI_TICK_MS		500	/* longest wait for a key */
#define UI_INPUT_MAX		256	/* bytes typed into one field */
#define UI_PAGE			7	/* choices per page, keys 1-7 */
#define UI_PIN_TRIES		5	/* wrong PINs before committee entry */
#define UI_PIN_LOCK_S		300	/* ... is locked this long */
#define UI_MSG_MAX		512
#define UI_MSG_LINES		3	/* a message wraps on at most */

enum ui_result {
	UI_UNHANDLED,		/* the generic keys apply */
	UI_HANDLED
};

struct ui;

/* A screen: drawn from scratch each frame, keys handled one at a time. */
struct screen {
	const char	*name;
	void		 (*enter)(struct ui *);	/* may be NULL */
	void		 (*draw)(struct ui *);
	enum ui_result	 (*key)(struct ui *, int);
	int		 resident;	/* holds a resident's data */
};

/* A line of typed text. */
struct ui_field {
	char	 buf[UI_INPUT_MAX];
	size_t	 len;
};

/* One answer or pledge recorded in a session, for its receipt. */
struct session_record {
	char		 receipt[RV_RECEIPT_TEXT];
	ssize_t		 question;	/* index in the plan, or -1 */
	ssize_t		 pledge;	/* index in the plan, or -1 */
	int		 choice;	/* of the question: its code */
	int64_t		 amount;	/* of the pledge: fen, -1 none */
	rv_ms		 time;
	uint64_t	 seq;		/* the record's place in the chain */
	char		 hash8[9];	/* and the start of its hash, hex */
};

/* What a resident (or a proxy holder) does in one session. */
struct session {
	ssize_t		 flat;		/* index into the estate, -1 none */
	char		*building;	/* picked so far, or NULL */
	char		*entrance;
	struct ui_field	 code;		/* wiped on every exit */
	int		 identified;
	size_t		 nq;		/* == plan->nquestions */
	int		*open;		/* may this flat answer it now */
	/*
	 * Answers are codes (question_choice_encode): for approve and
	 * choose-one the choice's number, else a set, an order or a step.
	 */
	int		*prior;		/* answer recorded before, or -1 */
	int		*choice;	/* answered now, or -1 */
	uint32_t	*draft;		/* picks being made (many, rank) */
	int		*signed_;	/* per pledge: signed now */
	int64_t		*amount;	/* per pledge: fen, -1 none */
	struct session_record *records;	/* the session's receipt */
	size_t		 nrecords;
	size_t		 shown;		/* receipt view: 0 list, 1 QR */
	size_t		 item, question, pledge;	/* cursors */
	size_t		 page;		/* of a picker */
	int		 estate_set;	/* the estate was picked */
	char		*proxy;		/* holder of a written proxy */
	char		*witness;	/* committee member who checked it */
	size_t		 items_seen;	/* furthest item shown, plus one */
	char		 suggestion[RV_SUGGESTION_MAX + 1];	/* typed */
	size_t		 suggestion_len;
};

/* Settings a resident may change; reset after each resident. */
struct ui_settings {
	enum rv_locale	 locale;
	enum term_scheme scheme;
	int		 guided;
	int		 rate, volume;	/* speech steps */
};

struct ui {
	struct kiosk		 k;		/* estate, plan: the session's */
	struct rv_estate	**estates;	/* every estate of the kiosk */
	struct rv_plan		**plans;
	size_t			 nestates;
	const struct cmd	*cmd;
	struct ui_settings	 defaults, set;
	int			 idle_s;	/* 0: the mode's default */
	const struct screen	*screen;
	struct session		 s;
	int			 quit;
	int			 speak;		/* speak this frame */
	int			 warned;
	rv_ms			 last_key;	/* monotonic */
	/* committee */
	struct ui_field		 field;		/* the field being typed */
	int			 sub;		/* a screen's inner step */
	/* the frame being drawn */
	int			 cols, rows;
	int			 row, scroll, more;
	int			 step, nsteps;	/* nsteps 0: not known yet */
	int			 keys_lo, keys_hi;	/* choice keys drawn */
	const char		*hint;		/* the keys line */
	size_t			 page_size;	/* entries a page showed */
	char			 msg[UI_MSG_MAX];
	enum term_elem		 msg_elem;
	int			 msg_lines;	/* lines it takes this frame */
	char			 carry[UI_MSG_MAX];	/* said, not shown */
	char			*said;		/* what the frame says */
	size_t			 saidlen;
	int			 speak_hint;	/* say it even when not guided */
	const char		*note;		/* on the message line if free */
	unsigned		 explain;	/* GLOSS_* terms it shows */
	/* the explanation screen (9) */
	unsigned		 explaining;	/* GLOSS_* terms explained */
	const struct screen	*explained;	/* the screen to go back to */
};

/* What a flat pays for a set of items (session_cost), in fen. */
#define SESSION_NCLASSES	3	/* enum rv_class: basic .. upgrade */
struct session_cost {
	int64_t		 cost;		/* the items' total cost */
	int64_t		 owners;	/* all paying flats together */
	int64_t		 other;		/* subsidies and other sources */
	int64_t		 mine;		/* this flat's share */
	int64_t		 mine_class[SESSION_NCLASSES];	/* ... per class */
	size_t		 nitems;	/* items counted */
	size_t		 npaid;		/* of which this flat pays for */
};

/* The glossary's terms (glossary.c), a set of bits. */
#define GLOSS_CLASSES	0x01	/* basic / improvement / upgrade */
#define GLOSS_FUND	0x02	/* housing maintenance fund */
#define GLOSS_PM	0x04	/* property-management modes */
#define GLOSS_MATTER	0x08	/* major / ordinary matter, thresholds */
#define GLOSS_ABSTAIN	0x10
#define GLOSS_CODE	0x20	/* voting code */
#define GLOSS_PIN	0x40	/* PIN */
#define GLOSS_SHARE	0x80	/* a flat's share, per m² */
#define GLOSS_NTERMS	8

/* ui.c */
extern const struct cmd_entry cmd_kiosk_ui_entry;
void	 ui_goto(struct ui *, const struct screen *);
void	 ui_generic_key(struct ui *, int);
void	 ui_reset(struct ui *);
int	 ui_idle_s(const struct ui *);
void	 ui_title(struct ui *, const char *);
void	 ui_para(struct ui *, enum term_elem, const char *, ...)
	    RV_PRINTF(3, 4);
void	 ui_gap(struct ui *);
void	 ui_choice(struct ui *, int, int, const char *, ...) RV_PRINTF(4, 5);
int	 ui_reserve(struct ui *, int, int *);
void	 ui_hint(struct ui *, const char *);
void	 ui_say(struct ui *, const char *);
void	 ui_unsay(struct ui *, size_t);
void	 ui_note(struct ui *, const char *);
void	 ui_message(struct ui *, enum term_elem, const char *, ...)
	    RV_PRINTF(3, 4);
void	 ui_input(struct ui *, const char *, const struct ui_field *, int);
int	 ui_field_key(struct ui_field *, int, const char *);
size_t	 ui_utf8_encode(int, char [4]);
void	 ui_utf8_backspace(char *, size_t *);
void	 ui_field_clear(struct ui_field *);
const char *ui_text(const struct ui *, const struct rv_text *);
void	 ui_money(int64_t, char *, size_t);
int	 ui_room(const struct ui *);
void	 ui_page(struct ui *, size_t, size_t *, size_t *);
int	 ui_page_key(struct ui *, int, size_t, size_t *);
void	 ui_explain(struct ui *, unsigned);

/* session.c */
enum rv_status session_load_estates(struct ui *, char **);
void	 session_free_estates(struct ui *);
void	 session_pick_estate(struct ui *, size_t);
void	 session_clear(struct session *);
const struct rv_flat *session_flat(const struct ui *);
char	**session_buildings(const struct ui *, size_t *);
char	**session_entrances(const struct ui *, size_t *);
char	**session_rooms(const struct ui *, size_t *);
enum rv_status session_identify(struct ui *, char **);
rv_ms	 session_lock_until(struct ui *);
size_t	 session_nopen(const struct ui *);
int64_t	 session_item_share(const struct ui *, const struct rv_item *);
int64_t	 session_item_residents(const struct ui *, const struct rv_item *);
int	 session_item_places(const struct ui *, const struct rv_item *);
void	 session_cost(const struct ui *, const struct rv_question *,
	    struct session_cost *);
enum rv_status session_record_answers(struct ui *, size_t *, char **);
enum rv_status session_record_pledge(struct ui *, char **);
enum rv_status session_receipt_url(struct ui *, char **, char **);
char	*session_printer(struct ui *, int *);
void	 session_steps(struct ui *);
const char *session_choice_label(const struct ui *,
	    const struct rv_question *, int);
char	*session_answer_words(const struct ui *, const struct rv_question *,
	    int);
rv_ms	 session_closes(const struct rv_plan *);
int	 session_locked(struct ui *);
int	 session_withdrawn(struct ui *);
enum rv_status session_set_locked(struct ui *, int, char **);
char	*session_last_sync(struct ui *);
enum rv_status session_tally(struct ui *, struct rv_report **, char **);
enum rv_status session_export(struct ui *, const char *, char **);
int	 session_pin_check(struct ui *, const char *, char **);
enum rv_status session_pin_held(struct ui *, int *, char **);

/* session-suggest.c */
enum rv_status session_record_suggestion(struct ui *, char *, char **);

/* glossary.c */
void	 glossary_explain(struct ui *, unsigned);

/* screen-explain.c */
void	 explain_open(struct ui *);

/* screen-question.c: what every question screen shares */
void	 screen_question_head(struct ui *, const struct rv_question *);
void	 screen_question_prior(struct ui *, const struct rv_question *);
void	 screen_question_page(struct ui *, char *const *, size_t, size_t *,
	    size_t *);
void	 screen_question_choices(struct ui *, char *const *, size_t, size_t,
	    size_t, const int *);
void	 screen_question_answer(struct ui *, const struct rv_question *, int);
int	 screen_question_move(struct ui *, int, int);

/* printer.c */
#define PRINTER_LINES_MAX	256	/* lines of one printed receipt */
enum rv_status printer_print(const char *, const char *const *, size_t,
	    const char *, char **);

/* speech.c */
void	 speech_open(void);
int	 speech_start(void);
const char *speech_missing(void);
void	 speech_close(void);
void	 speech_say(enum rv_locale, int, int, const char *);
void	 speech_stop(void);
const char *speech_voice_name(enum rv_locale);
int	 speech_available(void);
#define SPEECH_STEPS		5	/* rate and volume: 1 to 5 */
#define SPEECH_STEP_DEFAULT	3

/* speech-text.c: screen text made into text a voice reads well */
char	*speech_text(enum rv_locale, const char *);

/* screen-*.c */
extern const struct screen screen_welcome;
extern const struct screen screen_identify;
extern const struct screen screen_code;
extern const struct screen screen_overview;
extern const struct screen screen_explain;
extern const struct screen screen_item;
extern const struct screen screen_map;
extern const struct screen screen_question;
extern const struct screen screen_picks;
extern const struct screen screen_review;
extern const struct screen screen_pledge;
extern const struct screen screen_receipt;
extern const struct screen screen_suggest;
extern const struct screen screen_pin;
extern const struct screen screen_committee;

#endif /* RENOVOTE_KIOSK_UI_H */
