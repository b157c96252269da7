/*
 * The resident's session: what the screens ask of the kiosk's data.
 * Identification, answers and pledges go through kiosk_identify and
 * kiosk_record, the path cast and pledge use, with the same checks
 * (vote_check_answer, vote_check_pledge); the voting code lives only in
 * the session and is wiped by session_clear on every way out.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"
#include "store.h"

/*
 * Load every estate the kiosk holds with its plan (a hall may serve a
 * cluster of estates); the session works on one, k.estate and k.plan.
 * Estates without a plan are left out.
 */
enum rv_status
session_load_estates(struct ui *ui, char **cause)
{
	struct rv_estate	*e = NULL;
	struct rv_plan		*p = NULL;
	char			**ids = NULL;
	size_t			 n = 0, i;
	enum rv_status		 st;

	if ((st = store_estate_ids(ui->k.store, &ids, &n, cause)) != RV_OK)
		return st;
	ui->estates = xcalloc(n + 1, sizeof *ui->estates);
	ui->plans = xcalloc(n + 1, sizeof *ui->plans);
	for (i = 0; i < n; i++) {
		if ((st = store_estate_load(ui->k.store, ids[i], &e,
		    cause)) != RV_OK ||
		    (st = store_plan_load(ui->k.store, ids[i], &p,
		    cause)) != RV_OK)
			break;
		if (p == NULL) {
			estate_free(e);
			e = NULL;
			continue;
		}
		ui->estates[ui->nestates] = e;
		ui->plans[ui->nestates++] = p;
		e = NULL;
		p = NULL;
	}
	estate_free(e);
	strv_free(ids, n);
	if (st == RV_OK && ui->nestates == 0)
		st = rv_fail(cause, RV_EINPUT, "this kiosk holds no estate "
		    "with a plan yet (load a package first)");
	if (st == RV_OK)
		session_pick_estate(ui, 0);
	return st;
}

/* Free the estates; the kiosk no longer refers to them. */
void
session_free_estates(struct ui *ui)
{
	size_t	 i;

	for (i = 0; i < ui->nestates; i++) {
		estate_free(ui->estates[i]);
		plan_free(ui->plans[i]);
	}
	free(ui->estates);
	free(ui->plans);
	ui->estates = NULL;
	ui->plans = NULL;
	ui->nestates = 0;
	ui->k.estate = NULL;
	ui->k.plan = NULL;
}

/* Make estate i the session's. */
void
session_pick_estate(struct ui *ui, size_t i)
{
	ui->k.estate = ui->estates[i];
	ui->k.plan = ui->plans[i];
}

/* Wipe everything of the session, the voting code with explicit_bzero. */
void
session_clear(struct session *s)
{
	ui_field_clear(&s->code);
	free(s->building);
	free(s->entrance);
	free(s->open);
	free(s->prior);
	free(s->choice);
	free(s->draft);
	free(s->signed_);
	free(s->amount);
	if (s->records != NULL)
		freezero(s->records, s->nrecords * sizeof *s->records);
	if (s->proxy != NULL)
		freezero(s->proxy, strlen(s->proxy));
	if (s->witness != NULL)
		freezero(s->witness, strlen(s->witness));
	explicit_bzero(s, sizeof *s);
	s->flat = -1;
}

/* The flat picked, or NULL. */
const struct rv_flat *
session_flat(const struct ui *ui)
{
	return ui->s.flat >= 0 ? &ui->k.estate->flats[ui->s.flat] : NULL;
}

/*
 * The distinct values of one field (0 building, 1 entrance, 2 room) of
 * the flats that match the picks so far, in roster order.
 */
static char **
session_values(const struct ui *ui, int field, size_t *n)
{
	const struct rv_estate	*e = ui->k.estate;
	const struct rv_flat	*f;
	const char		*v;
	char			**out = NULL;
	size_t			 i, j;

	*n = 0;
	for (i = 0; i < e->nflats; i++) {
		f = &e->flats[i];
		if (field > 0 && strcmp(f->building, ui->s.building) != 0)
			continue;
		if (field > 1 && strcmp(f->entrance, ui->s.entrance) != 0)
			continue;
		v = field == 0 ? f->building : field == 1 ? f->entrance :
		    f->room;
		for (j = 0; j < *n && strcmp(out[j], v) != 0; j++)
			;
		if (j < *n)
			continue;
		out = xreallocarray(out, *n + 1, sizeof *out);
		out[(*n)++] = xstrdup(v);
	}
	return out;
}

/* The estate's buildings. */
char **
session_buildings(const struct ui *ui, size_t *n)
{
	return session_values(ui, 0, n);
}

/* The entrances of the building picked. */
char **
session_entrances(const struct ui *ui, size_t *n)
{
	return session_values(ui, 1, n);
}

/* The rooms of the entrance picked. */
char **
session_rooms(const struct ui *ui, size_t *n)
{
	return session_values(ui, 2, n);
}

/* The code of a choice text of q as records hold it, or -1. */
static int
session_choice_code(const struct rv_question *q, const char *text)
{
	uint32_t	 c;

	return question_choice_read(q, text, &c, NULL) == 0 ? (int)c : -1;
}

/*
 * After identification: which questions the flat may answer now, and
 * its answers recorded on this kiosk before.
 */
static enum rv_status
session_begin_flat(struct ui *ui, char **cause)
{
	struct session		*s = &ui->s;
	const struct rv_plan	*p = ui->k.plan;
	const struct rv_flat	*f = session_flat(ui);
	const struct rv_question *q;
	char			**subj = NULL, **val = NULL, *why = NULL;
	char			 any[RV_CHOICE_TEXT_MAX];
	size_t			 i, n = 0;
	rv_ms			 now = time_now();
	enum rv_status		 st;

	s->nq = p->nquestions;
	s->open = xcalloc(p->nquestions + 1, sizeof *s->open);
	s->prior = xcalloc(p->nquestions + 1, sizeof *s->prior);
	s->choice = xcalloc(p->nquestions + 1, sizeof *s->choice);
	s->draft = xcalloc(p->nquestions + 1, sizeof *s->draft);
	s->signed_ = xcalloc(p->npledges + 1, sizeof *s->signed_);
	s->amount = xcalloc(p->npledges + 1, sizeof *s->amount);
	for (i = 0; i < p->nquestions; i++) {
		q = &p->questions[i];
		s->prior[i] = s->choice[i] = -1;
		/* any answer of the question's kind: open is all we ask */
		if (question_choice_format(q, 0, any, sizeof any) != 0)
			continue;
		s->open[i] = vote_check_answer(ui->k.estate, p, f->flat_id,
		    q->id, any, now, &why) == RV_OK;
		free(why);
		why = NULL;
	}
	for (i = 0; i < p->npledges; i++)
		s->amount[i] = -1;
	if ((st = store_flat_latest(ui->k.store, ui->k.estate->id,
	    f->flat_id, ui->k.device, &subj, &val, &n, cause)) != RV_OK)
		return st;
	for (i = 0; i < n; i++) {
		if ((q = plan_question(p, subj[i])) != NULL)
			s->prior[q - p->questions] =
			    session_choice_code(q, val[i]);
	}
	strv_free(subj, n);
	strv_free(val, n);
	return RV_OK;
}

/*
 * Check the code typed for the flat picked; the check counts toward the
 * lockout like cast's.  On success the session is set up for the flat.
 */
enum rv_status
session_identify(struct ui *ui, char **cause)
{
	const struct rv_flat	*f = session_flat(ui);
	enum rv_status		 st;

	if (f == NULL)
		return rv_fail(cause, RV_EINPUT, "no flat picked");
	if ((st = kiosk_identify(&ui->k, f->flat_id, ui->s.code.buf,
	    cause)) != RV_OK)
		return st;
	ui->s.identified = 1;
	return session_begin_flat(ui, cause);
}

/*
 * Until when the flat picked is locked after wrong codes, or 0 when it
 * is not (or the store cannot say: the check itself still refuses).
 */
rv_ms
session_lock_until(struct ui *ui)
{
	const struct rv_flat	*f = session_flat(ui);
	char			*cause = NULL;
	int			 failures;
	rv_ms			 until;

	if (f == NULL || store_lockout_get(ui->k.store, ui->k.estate->id,
	    f->flat_id, &failures, &until, &cause) != RV_OK) {
		free(cause);
		return 0;
	}
	return until > time_now() ? until : 0;
}

/* How many questions the flat may answer now. */
size_t
session_nopen(const struct ui *ui)
{
	size_t	 i, n = 0;

	for (i = 0; i < ui->s.nq; i++)
		n += ui->s.open[i] != 0;
	return n;
}

/*
 * The question that decides an item, or NULL: its scope (a building, an
 * entrance) is also the set of flats that pay for the item.
 */
static const struct rv_question *
session_item_question(const struct ui *ui, const struct rv_item *it)
{
	const struct rv_plan	*p = ui->k.plan;
	size_t			 i, j;

	for (i = 0; i < p->nquestions; i++) {
		for (j = 0; j < p->questions[i].nitems; j++) {
			if (strcmp(p->questions[i].items[j], it->id) == 0)
				return &p->questions[i];
		}
	}
	return NULL;
}

/* Does flat f pay for item it (is it in the scope of its question)? */
static int
session_flat_pays(const struct ui *ui, const struct rv_item *it,
    const struct rv_flat *f)
{
	const struct rv_question *q = session_item_question(ui, it);

	return q == NULL || estate_flat_in_scope(f, q);
}

/*
 * This flat's estimated contribution to an item, in fen (area x rate);
 * -1 when the item is decided for other flats only (another entrance's
 * lift), which this flat does not pay for.
 */
int64_t
session_item_share(const struct ui *ui, const struct rv_item *it)
{
	const struct rv_flat	*f = session_flat(ui);

	if (f == NULL || !session_flat_pays(ui, it, f))
		return -1;
	return plan_item_contribution_fen(it, f->area);
}

/* What the flats that pay for an item contribute together, in fen. */
int64_t
session_item_residents(const struct ui *ui, const struct rv_item *it)
{
	const struct rv_estate	*e = ui->k.estate;
	int64_t			 sum = 0;
	size_t			 i;

	for (i = 0; i < e->nflats; i++) {
		if (session_flat_pays(ui, it, &e->flats[i]))
			sum += plan_item_contribution_fen(it, e->flats[i].area);
	}
	return sum;
}

/* The item of the plan with id, or NULL. */
static const struct rv_item *
session_item_by_id(const struct ui *ui, const char *id)
{
	const struct rv_plan	*p = ui->k.plan;
	size_t			 i;

	for (i = 0; i < p->nitems; i++) {
		if (strcmp(p->items[i].id, id) == 0)
			return &p->items[i];
	}
	return NULL;
}

/*
 * What the items of question q (NULL: every item of the plan) cost, what
 * the flats that pay for them contribute together, what is left to
 * subsidies and other sources, and this flat's share, in all and per
 * class: each item counted exactly as session_item_share and
 * session_item_residents count it, in fen, so the sums are exact.
 */
void
session_cost(const struct ui *ui, const struct rv_question *q,
    struct session_cost *c)
{
	const struct rv_plan	*p = ui->k.plan;
	const struct rv_item	*it;
	size_t			 i, n = q != NULL ? q->nitems : p->nitems;
	int64_t			 mine, res;

	memset(c, 0, sizeof *c);
	for (i = 0; i < n; i++) {
		it = q != NULL ? session_item_by_id(ui, q->items[i]) :
		    &p->items[i];
		if (it == NULL)
			continue;
		res = session_item_residents(ui, it);
		c->nitems++;
		c->cost += it->cost_fen;
		c->owners += res;
		c->other += it->cost_fen > res ? it->cost_fen - res : 0;
		if ((mine = session_item_share(ui, it)) < 0)
			continue;
		c->npaid++;
		c->mine += mine;
		if ((size_t)it->class < nitems(c->mine_class))
			c->mine_class[it->class] += mine;
	}
}

/* How many places of the site map the item has. */
int
session_item_places(const struct ui *ui, const struct rv_item *it)
{
	const struct rv_map	*m = ui->k.plan->map;
	size_t			 i;
	int			 n = 0;

	for (i = 0; m != NULL && i < m->nplaces; i++) {
		if (m->places[i].kind == RV_PLACE_ITEM &&
		    strcmp(m->places[i].item, it->id) == 0)
			n++;
	}
	return n;
}

/* Note the chain position (seq, start of the hash) of the last record kept. */
static void
session_record_position(struct session *s, const struct rv_record *rec)
{
	struct session_record	*r = &s->records[s->nrecords - 1];
	char			 hex[2 * RV_HASH_LEN + 1];

	ledger_hash_hex(rec->hash, hex, sizeof hex);
	r->seq = rec->seq;
	snprintf(r->hash8, sizeof r->hash8, "%.8s", hex);
}

/*
 * Keep a record of the session for its receipt: question q (or -1) with
 * choice c, or pledge g (or -1) with amount (fen, -1 none).
 */
static void
session_add_record(struct session *s, const char *receipt, ssize_t q, int c,
    ssize_t g, int64_t amount, rv_ms t)
{
	struct session_record	*r;

	s->records = xreallocarray(s->records, s->nrecords + 1,
	    sizeof *s->records);
	r = &s->records[s->nrecords++];
	memset(r, 0, sizeof *r);
	snprintf(r->receipt, sizeof r->receipt, "%s", receipt);
	r->question = q;
	r->choice = c;
	r->pledge = g;
	r->amount = amount;
	r->time = t;
}

/*
 * Record every answer chosen in this session, each as cast would record
 * it (with the proxy holder and witness when a committee member started
 * the session for a proxy).  Stops at the first refusal; what was
 * recorded before it stands and has its receipt.  *done counts records.
 */
enum rv_status
session_record_answers(struct ui *ui, size_t *done, char **cause)
{
	struct session		*s = &ui->s;
	const struct rv_question *q;
	struct rv_record	 rec;
	char			 receipt[RV_RECEIPT_TEXT], text[RV_CHOICE_TEXT_MAX];
	enum rv_status		 st;
	size_t			 i;

	*done = 0;
	for (i = 0; i < s->nq; i++) {
		if (s->choice[i] < 0)
			continue;
		q = &ui->k.plan->questions[i];
		/* The canonical text: one spelling of each answer. */
		if (question_choice_format(q, (uint32_t)s->choice[i], text,
		    sizeof text) != 0)
			return rv_fail(cause, RV_EINPUT, _("question %s: the "
			    "answer cannot be written"), q->id);
		memset(&rec, 0, sizeof rec);
		rec.type = RV_REC_ANSWER;
		rec.time = time_now();
		rec.subject_id = q->id;
		rec.flat_id = session_flat(ui)->flat_id;
		rec.choice = text;
		rec.actor = s->proxy;
		rec.witness = s->witness;
		if ((st = kiosk_record(&ui->k, s->code.buf, &rec, receipt,
		    cause)) != RV_OK)
			return st;
		session_add_record(s, receipt, (ssize_t)i, s->choice[i], -1,
		    -1, rec.time);
		session_record_position(s, &rec);
		s->prior[i] = s->choice[i];
		s->choice[i] = -1;
		(*done)++;
	}
	return RV_OK;
}

/* Record the signature of the pledge under the cursor, as pledge would. */
enum rv_status
session_record_pledge(struct ui *ui, char **cause)
{
	struct session		*s = &ui->s;
	const struct rv_pledge	*g = &ui->k.plan->pledges[s->pledge];
	struct rv_record	 rec;
	char			 receipt[RV_RECEIPT_TEXT];
	enum rv_status		 st;

	memset(&rec, 0, sizeof rec);
	rec.type = RV_REC_PLEDGE;
	rec.time = time_now();
	rec.subject_id = g->id;
	rec.flat_id = session_flat(ui)->flat_id;
	rec.amount_fen = s->amount[s->pledge];
	if ((st = kiosk_record(&ui->k, s->code.buf, &rec, receipt,
	    cause)) != RV_OK)
		return st;
	session_add_record(s, receipt, -1, -1, (ssize_t)s->pledge,
	    rec.amount_fen, rec.time);
	session_record_position(s, &rec);
	s->signed_[s->pledge] = 1;
	return RV_OK;
}

/*
 * The check page of the session's receipt: BASE/r/R1+R2+... with every
 * receipt of the session without its dash (docs/interface.md, "Session
 * receipt"), from the office address set by load; *url is NULL when none
 * was set or nothing was recorded.
 */
enum rv_status
session_receipt_url(struct ui *ui, char **url, char **cause)
{
	const struct session	*s = &ui->s;
	char			*base = NULL, *out, *p;
	const char		*r;
	size_t			 len, i;
	enum rv_status		 st;

	*url = NULL;
	if (s->nrecords == 0)
		return RV_OK;
	if ((st = store_meta_get(ui->k.store, "office_url", &base,
	    cause)) != RV_OK || base == NULL)
		return st;
	len = strlen(base);
	while (len > 0 && base[len - 1] == '/')
		base[--len] = '\0';
	out = xmalloc(len + 3 + s->nrecords * RV_RECEIPT_TEXT + 1);
	p = out + sprintf(out, "%s/r/", base);
	for (i = 0; i < s->nrecords; i++) {
		if (i > 0)
			*p++ = '+';
		for (r = s->records[i].receipt; *r != '\0'; r++) {
			if (*r != '-')
				*p++ = *r;
		}
	}
	*p = '\0';
	free(base);
	*url = out;
	return RV_OK;
}

/* One step, the one shown. */
static size_t
steps_one(const struct ui *ui)
{
	(void)ui;
	return 1;
}

/* The first (or only) step of a stage. */
static size_t
steps_first(const struct ui *ui)
{
	(void)ui;
	return 0;
}

/* The picking levels: the estate of a cluster, building, entrance, flat. */
static size_t
steps_levels(const struct ui *ui)
{
	return 3 + (ui->nestates > 1);
}

/* The level being picked, from 0. */
static size_t
steps_level(const struct ui *ui)
{
	size_t	 n = 0;

	if (ui->nestates > 1) {
		if (!ui->s.estate_set)
			return 0;
		n = 1;
	}
	if (ui->s.building == NULL)
		return n;
	return n + (ui->s.entrance == NULL ? 1 : 2);
}

/*
 * The receipt printer set by load (meta printer: a device path or
 * cups:QUEUE), or NULL; *qr is 0 when the printer cannot print QR codes
 * (meta printer_qr 0), and the receipt then prints the address only.
 */
char *
session_printer(struct ui *ui, int *qr)
{
	char	*v = NULL, *q = NULL, *cause = NULL;

	*qr = 1;
	if (store_meta_get(ui->k.store, "printer", &v, &cause) != RV_OK) {
		free(cause);
		return NULL;
	}
	if (v != NULL && *v == '\0') {
		free(v);
		return NULL;
	}
	if (store_meta_get(ui->k.store, "printer_qr", &q, &cause) != RV_OK)
		free(cause);
	else if (q != NULL && strcmp(q, "0") == 0)
		*qr = 0;
	free(q);
	return v;
}

/*
 * The items: all of them, unless the resident left them early for the
 * questions; then those she saw.
 */
static size_t
steps_items(const struct ui *ui)
{
	if (ui->screen == &screen_item || ui->screen == &screen_map ||
	    ui->s.items_seen == 0)
		return ui->k.plan->nitems;
	return ui->s.items_seen;
}

/* The item on screen. */
static size_t
steps_item(const struct ui *ui)
{
	return ui->s.item;
}

/* The questions open to the flat. */
static size_t
steps_questions(const struct ui *ui)
{
	return session_nopen(ui);
}

/* The open question on screen, among the open ones. */
static size_t
steps_question(const struct ui *ui)
{
	size_t	 i, n = 0;

	for (i = 0; i < ui->s.question && i < ui->s.nq; i++)
		n += ui->s.open[i] != 0;
	return n;
}

/* The pledges. */
static size_t
steps_pledges(const struct ui *ui)
{
	return ui->k.plan->npledges;
}

/* The pledge on screen. */
static size_t
steps_pledge(const struct ui *ui)
{
	return ui->s.pledge;
}

/*
 * Is a committee PIN held?  Without one the committee could not leave
 * the interface, so it does not start.
 */
enum rv_status
session_pin_held(struct ui *ui, int *held, char **cause)
{
	char		*hash = NULL;
	enum rv_status	 st;

	*held = 0;
	if ((st = store_meta_get(ui->k.store, "pin_hash", &hash,
	    cause)) != RV_OK)
		return st;
	*held = hash != NULL;
	free(hash);
	return RV_OK;
}

/*
 * The resident's way through the screens, in order: how many steps each
 * screen takes in this session (count) and which of them is on screen
 * (at, from 0).  A screen with no count shows the step of the next
 * screen's at (the site map is part of its item, the picks screen a
 * question like the next); a screen not listed
 * (Welcome, committee, an explanation) is not a step.  A new screen on
 * the way is one line here.
 */
static const struct session_stage {
	const struct screen	*screen;
	size_t			 (*count)(const struct ui *);
	size_t			 (*at)(const struct ui *);
} session_stages[] = {
	{ &screen_identify,	steps_levels,		steps_level },
	{ &screen_code,		steps_one,		steps_first },
	/* The flat is known from here: the total is true. */
	{ &screen_overview,	steps_one,		steps_first },
	{ &screen_map,		NULL,			steps_item },
	{ &screen_item,		steps_items,		steps_item },
	{ &screen_picks,	NULL,			steps_question },
	{ &screen_question,	steps_questions,	steps_question },
	{ &screen_review,	steps_one,		steps_first },
	{ &screen_pledge,	steps_pledges,		steps_pledge },
	{ &screen_suggest,	steps_one,		steps_first },
	{ &screen_receipt,	steps_one,		steps_first },
};

/*
 * Where the resident is: ui->step, the step on screen (0 when the screen
 * is not a step), and ui->nsteps, the steps this flat goes through, 0
 * until the flat is identified (before, the total is not known: which
 * questions are open depends on the flat).  The last screen is N of N.
 */
void
session_steps(struct ui *ui)
{
	const struct session_stage	*st;
	size_t				 i, before = 0, total = 0;
	int				 found = 0;

	if (ui->screen == &screen_item || ui->screen == &screen_map) {
		if (ui->s.item + 1 > ui->s.items_seen)
			ui->s.items_seen = ui->s.item + 1;
	}
	for (i = 0; i < nitems(session_stages); i++) {
		st = &session_stages[i];
		if (st->screen == ui->screen) {
			before = total + st->at(ui);
			found = 1;
		}
		if (st->count != NULL)
			total += st->count(ui);
	}
	ui->step = found ? (int)before + 1 : 0;
	ui->nsteps = found && ui->s.identified ? (int)total : 0;
}

/*
 * The words of choice c of question q, in the interface's language, as a
 * button or an answer shows them; c < 0 is a question not yet answered.
 */
const char *
session_choice_label(const struct ui *ui, const struct rv_question *q, int c)
{
	if (c < 0)
		return _("no answer");
	return question_choice_title(q, (uint32_t)c, ui->set.locale);
}

/*
 * Answer c to question q in words in the interface's language, alone on
 * a button or after a colon: "Agree", "Abstain", "Not used" where
 * question_choice_words says "agree", "abstain", "not used"; the options
 * picked (in order) and a rating's step with its words as it says them.
 * c < 0 is a question not yet answered.  Free the result.
 */
char *
session_answer_words(const struct ui *ui, const struct rv_question *q, int c)
{
	char	 text[RV_CHOICE_TEXT_MAX], *words;

	if (c < 0)
		return xstrdup(_("no answer"));
	if (question_decides(q))
		return xstrdup(question_choice_title(q, (uint32_t)c,
		    ui->set.locale));
	if (c == 0)
		return xstrdup(q->kind != RV_RATING ? question_choice_title(q,
		    (uint32_t)q->noptions, ui->set.locale) :
		    /* TRANSLATORS: a rating left unanswered (不适用). */
		    _("Not used"));
	words = xmalloc(RV_TEXT_MAX);
	if (question_choice_format(q, (uint32_t)c, text, sizeof text) != 0)
		snprintf(words, RV_TEXT_MAX, "%d", c);
	else if (question_choice_words(q, text, ui->set.locale, words,
	    RV_TEXT_MAX) != 0)
		snprintf(words, RV_TEXT_MAX, "%s", text);
	return words;
}

/* When the last question of plan p closes. */
rv_ms
session_closes(const struct rv_plan *p)
{
	rv_ms	 t = 0;
	size_t	 i;

	for (i = 0; i < p->nquestions; i++) {
		if (p->questions[i].closes > t)
			t = p->questions[i].closes;
	}
	return t;
}

/* Has the committee closed the kiosk to residents (meta locked = 1)? */
int
session_locked(struct ui *ui)
{
	char	*v = NULL, *cause = NULL;
	int	 locked;

	if (store_meta_get(ui->k.store, "locked", &v, &cause) != RV_OK) {
		free(cause);
		return 0;
	}
	locked = v != NULL && strcmp(v, "1") == 0;
	free(v);
	return locked;
}

/* Has the office withdrawn (revoked) this kiosk?  See kiosk_withdrawn. */
int
session_withdrawn(struct ui *ui)
{
	return kiosk_withdrawn(&ui->k);
}

/* Close (locked 1) or open the kiosk to residents. */
enum rv_status
session_set_locked(struct ui *ui, int locked, char **cause)
{
	enum rv_status	 st;

	if ((st = store_begin(ui->k.store, cause)) != RV_OK)
		return st;
	if ((st = store_meta_put(ui->k.store, "locked", locked ? "1" : "0",
	    cause)) != RV_OK) {
		store_rollback(ui->k.store);
		return st;
	}
	return store_commit(ui->k.store, cause);
}

/*
 * When the kiosk last synchronised with the office (meta last_sync,
 * milliseconds), formatted; NULL if never.
 */
char *
session_last_sync(struct ui *ui)
{
	char	*v = NULL, *cause = NULL, *end, t[RV_TIME_MAX];
	long long ms;

	if (store_meta_get(ui->k.store, "last_sync", &v, &cause) != RV_OK) {
		free(cause);
		return NULL;
	}
	if (v == NULL)
		return NULL;
	ms = strtoll(v, &end, 10);
	free(v);
	if (*end != '\0' || ms <= 0)
		return NULL;
	time_format((rv_ms)ms, RV_CST_OFFSET, t, sizeof t);
	return xstrdup(t);
}

/*
 * This kiosk's local tally: the answers recorded here, counted now, for
 * every estate the kiosk serves.
 */
enum rv_status
session_tally(struct ui *ui, struct rv_report **r, char **cause)
{
	return report_build(ui->k.store, ui->nestates > 1 ? NULL :
	    ui->k.estate->id, time_now(), RV_CST_OFFSET, r, cause);
}

/* Export the kiosk's ledger to path, the bundle export writes. */
enum rv_status
session_export(struct ui *ui, const char *path, char **cause)
{
	size_t	 len;

	return kiosk_export(ui->cmd, &ui->k, path, &len, cause);
}

/*
 * Check a committee PIN: 1 right, 0 wrong (counted; UI_PIN_TRIES wrong
 * in a row lock committee entry for UI_PIN_LOCK_S), -1 refused without
 * trying (locked, no PIN set, or the count could not be stored) with
 * *cause saying why.  The count and the lockout live in the kiosk's
 * database (store_pin_tries_put), committed before the result is told,
 * so a restart neither clears nor shortens them.  A lockout seen from a
 * clock set back lasts at most UI_PIN_LOCK_S.
 */
int
session_pin_check(struct ui *ui, const char *pin, char **cause)
{
	char		*hash = NULL;
	rv_ms		 now = time_now(), until, left;
	int		 ok, fails;
	enum rv_status	 st;

	if (store_pin_tries_get(ui->k.store, &fails, &until, cause) != RV_OK)
		return -1;
	if (now < until) {
		left = until - now;
		if (left > (rv_ms)UI_PIN_LOCK_S * 1000)
			left = (rv_ms)UI_PIN_LOCK_S * 1000;
		rv_fail(cause, RV_EINPUT, _("Committee entry is locked after "
		    "%d wrong PINs; try again in %lld seconds."), UI_PIN_TRIES,
		    (long long)((left + 999) / 1000));
		return -1;
	}
	if (store_meta_get(ui->k.store, "pin_hash", &hash, cause) != RV_OK)
		return -1;
	if (hash == NULL) {
		rv_fail(cause, RV_EINPUT, _("No committee PIN is set: load "
		    "the package again with a PIN."));
		return -1;
	}
	ok = code_pin_verify(pin, hash) == 1;
	free(hash);
	if (ok) {
		if ((fails != 0 || until != 0) && store_pin_tries_put(
		    ui->k.store, 0, 0, cause) != RV_OK)
			return -1;
		return 1;
	}
	if (++fails >= UI_PIN_TRIES) {
		st = store_pin_tries_put(ui->k.store, 0, now +
		    (rv_ms)UI_PIN_LOCK_S * 1000, cause);
		if (st != RV_OK)
			return -1;
		rv_fail(cause, RV_EINPUT, _("Wrong PIN. Committee entry is "
		    "locked for %d minutes."), UI_PIN_LOCK_S / 60);
	} else {
		if (store_pin_tries_put(ui->k.store, fails, 0, cause) != RV_OK)
			return -1;
		rv_fail(cause, RV_EINPUT, _("Wrong PIN (%d tries left)."),
		    UI_PIN_TRIES - fails);
	}
	return 0;
}
