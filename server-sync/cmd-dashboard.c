/*
 * dashboard: the street office's live display.  For each estate in turn,
 * its questions with participation and approval bars against their
 * thresholds and the outcome in words, its pledges, the kiosks that serve
 * it with their last sync, and a QR code of the estate's results page
 * that a phone can scan from the screen.
 *
 * The display reads the store only through report_build and
 * store_kiosk_syncs (one read transaction each), every --refresh seconds;
 * it never writes.  An estate with more questions than fit is shown page
 * by page; every --cycle seconds the next page, then the next estate,
 * comes up, and the arrow keys or the space bar move on at once.  When
 * the QR code does not fit beside the questions (a small screen), it gets
 * a page of its own.  A failed refresh keeps the last figures on screen
 * and says why, since a street office's wall display should not go blank
 * because a clerk's import held the database for a second.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "office.h"
#include "present.h"
#include "term.h"

#define DASH_REFRESH_DEFAULT	5	/* seconds between reloads */
#define DASH_CYCLE_DEFAULT	10	/* seconds a page stays */
#define DASH_SECONDS_MAX	3600
#define DASH_QUIET		2	/* quiet modules around the QR code */
#define DASH_QUESTION_LINES	3	/* title, turnout bar, approval bar */
#define DASH_BAR_MAX		30	/* columns of a bar at most */
#define DASH_BAR_MIN		4
#define DASH_LABEL_COLS		9	/* "turnout", "approval", translated */
#define DASH_THRESHOLD_COLS	4	/* "≥2/3" */
#define DASH_TEXT_MIN		56	/* columns the figures need */

/* BASE/e/ESTATE always fits a QR code. */
_Static_assert(URL_BASE_MAX + 3 + RV_ID_MAX < RV_QR_TEXT_MAX,
    "a results page address must fit a QR code");

static enum rv_status cmd_dashboard_exec(struct cmd *, char **);

const struct cmd_entry cmd_dashboard_entry = {
	.name = "dashboard",
	.options = "db:,base-url:,refresh:,cycle:,cert:",
	.minargs = 0,
	.maxargs = 0,
	.usage = N_("[--db FILE] [--base-url URL] [--refresh SECONDS] "
	    "[--cycle SECONDS] [--cert FILE]"),
	.help = N_("The street office's live display: for each estate in "
	    "turn, every question\nwith participation and approval bars and "
	    "its status, the pledges, the kiosks\nwith their last sync, and "
	    "a QR code of the estate's results page under\n--base-url.  "
	    "Figures reload every --refresh seconds (default 5); the next\n"
	    "page or estate comes up every --cycle seconds (default 10), or "
	    "at once with\nthe arrow keys or space.  c switches to high "
	    "contrast, q quits.  With --cert\n(serve's certificate), the "
	    "status line warns 30 days before it expires."),
	.exec = cmd_dashboard_exec,
};

/* What one screen shows: a page of an estate's questions, or its QR code. */
struct dash_page {
	size_t	 estate;	/* index into the report's estates */
	size_t	 first;		/* first question of the estate on it */
	size_t	 count;		/* questions on it; 0 for a QR page */
	int	 qr_only;
};

/* The display's state between frames. */
struct dash {
	struct store		*store;
	const char		*base_url;
	struct rv_report	*report;
	struct rv_report_extra	 extra;		/* the shown estate's kiosks */
	char			*kiosks_of;	/* the estate extra is for */
	char			*error;		/* the last refresh's failure */
	const char		*cert;		/* serve's certificate, or NULL */
	char			*cert_warning;	/* it expires soon */
	rv_ms			 loaded_at;
	size_t			 estate;	/* shown estate ... */
	size_t			 page;		/* ... and page of it */
	struct rv_qr		*qr;
	char			*qr_of;		/* the estate qr is for */
};

/* The report's questions of estate i: *first and *n. */
static void
dash_questions(const struct rv_report *r, size_t i, size_t *first,
    size_t *n)
{
	const struct rv_estate	*e = r->estates[i];
	size_t			 q;

	*first = *n = 0;
	for (q = 0; q < r->nquestions; q++) {
		if (r->questions[q].estate != e)
			continue;
		if (*n == 0)
			*first = q;
		(*n)++;
	}
}

/* The number of pledges of estate i. */
static size_t
dash_npledges(const struct rv_report *r, size_t i)
{
	size_t	 p, n = 0;

	for (p = 0; p < r->npledges; p++)
		n += r->pledges[p].estate == r->estates[i];
	return n;
}

/*
 * Reload the tally and the kiosks of the shown estate.  On failure the
 * old figures stay and d->error says why, to be shown on screen.
 */
static void
dash_load(struct dash *d)
{
	struct rv_report	*r = NULL;
	struct rv_report_extra	 x;
	char			*cause = NULL;
	const char		*id;

	memset(&x, 0, sizeof x);
	if (d->cert != NULL) {
		free(d->cert_warning);
		d->cert_warning = tls_cert_warning(d->cert, time(NULL));
	}
	if (report_build(d->store, NULL, time_now(), RV_CST_OFFSET, &r,
	    &cause) != RV_OK)
		goto fail;
	if (d->estate >= r->nestates)
		d->estate = d->page = 0;
	id = r->nestates > 0 ? r->estates[d->estate]->id : NULL;
	if (id != NULL && report_extra_load(d->store, id, &x, &cause) != RV_OK) {
		report_free(r);
		goto fail;
	}
	report_free(d->report);
	report_extra_clear(&d->extra);
	free(d->kiosks_of);
	d->report = r;
	d->extra = x;
	d->kiosks_of = id != NULL ? xstrdup(id) : NULL;
	d->loaded_at = time_now();
	free(d->error);
	d->error = NULL;
	return;
fail:
	free(d->error);
	d->error = cause;
}

/*
 * The QR code of estate i's results page, made once per estate shown;
 * NULL without --base-url or when the URL cannot be encoded.
 */
static const struct rv_qr *
dash_qr(struct dash *d, size_t i)
{
	const char	*id = d->report->estates[i]->id;
	char		*url;

	if (d->base_url == NULL)
		return NULL;
	if (d->qr_of != NULL && strcmp(d->qr_of, id) == 0)
		return d->qr;
	qr_free(d->qr);
	d->qr = NULL;
	free(d->qr_of);
	d->qr_of = xstrdup(id);
	xasprintf(&url, "%s/e/%s", d->base_url, id);
	if (qr_make(url, &d->qr, NULL) != RV_OK)
		d->qr = NULL;
	free(url);
	return d->qr;
}

/* Columns a QR code of the shown estate takes beside the text, or 0. */
static int
dash_qr_cols(struct dash *d, size_t estate, int cols, int rows)
{
	const struct rv_qr	*qr = dash_qr(d, estate);
	int			 side;

	if (qr == NULL)
		return 0;
	side = qr->width + 2 * DASH_QUIET;
	/* Beside the questions only if the figures keep their room. */
	if (cols - side - 1 < DASH_TEXT_MIN || (side + 1) / 2 + 3 > rows)
		return 0;
	return side + 1;
}

/*
 * Split estate e into pages for a screen of cols x rows: as many
 * questions per page as fit under the header and above the pledge and
 * kiosk lines, and a QR page when the code does not fit beside them but
 * fits alone.  Returns the page count (at least 1); page k is in *p.
 */
static size_t
dash_pages(struct dash *d, size_t e, int cols, int rows, size_t k,
    struct dash_page *p)
{
	const struct rv_qr	*qr = dash_qr(d, e);
	size_t			 first, n, per, npages;
	int			 body, qr_page = 0, side;

	dash_questions(d->report, e, &first, &n);
	/*
	 * Header 2 lines, footer 1, kiosks 1, pledges 1 each, and the link
	 * in words when the QR code is not beside the questions.
	 */
	body = rows - 4 - (int)dash_npledges(d->report, e) -
	    (dash_qr_cols(d, e, cols, rows) == 0);
	per = body < DASH_QUESTION_LINES ? 1 :
	    (size_t)(body / DASH_QUESTION_LINES);
	npages = n == 0 ? 1 : (n + per - 1) / per;
	if (qr != NULL && dash_qr_cols(d, e, cols, rows) == 0) {
		side = qr->width + 2 * DASH_QUIET;
		qr_page = side <= cols && (side + 1) / 2 + 1 <= rows;
	}
	memset(p, 0, sizeof *p);
	p->estate = e;
	if (qr_page && k == npages) {
		p->qr_only = 1;
		return npages + 1;
	}
	p->first = first + k * per;
	p->count = k * per >= n ? 0 : (n - k * per < per ? n - k * per : per);
	return npages + (size_t)qr_page;
}

/*
 * One bar line at row y: label, the threshold, a bar of the area share,
 * the area and owner shares in figures and whether the bar is met, in
 * words, so that nothing depends on colour.  The figures, the threshold
 * and met are the tally's (tally.c); met is the bar's on both measures.
 */
static void
dash_bar(int y, int cols, const char *label, const struct rv_bars *b,
    int met)
{
	const char *met_s = _("met"), *not_s = _("not met");
	char	 pa[16], po[16], fig[128], widest[128];
	char	 threshold[PRESENT_THRESHOLD_MAX];
	int	 bar;

	percent_format(b->area.count, b->area.base, pa, sizeof pa);
	percent_format(b->owners.count, b->owners.base, po, sizeof po);
	present_threshold(&b->owners, threshold, sizeof threshold);
	/* TRANSLATORS: dashboard bar figure: area share, owner share, met or not. */
	snprintf(fig, sizeof fig, _("area %s owners %s %s"), pa, po,
	    met ? met_s : not_s);
	/* Every bar as long as the widest figure allows, so bars compare. */
	snprintf(widest, sizeof widest, _("area %s owners %s %s"), "100.00%",
	    "100.00%", utf8_width(met_s) > utf8_width(not_s) ? met_s : not_s);
	bar = cols - DASH_LABEL_COLS - DASH_THRESHOLD_COLS - 3 -
	    (int)utf8_width(widest);
	bar = bar > DASH_BAR_MAX ? DASH_BAR_MAX : bar;
	bar = bar < DASH_BAR_MIN ? DASH_BAR_MIN : bar;
	term_text(y, 1, DASH_LABEL_COLS, TERM_NORMAL, label);
	term_text(y, 1 + DASH_LABEL_COLS, DASH_THRESHOLD_COLS, TERM_NORMAL,
	    threshold);
	term_bar(y, 2 + DASH_LABEL_COLS + DASH_THRESHOLD_COLS, bar,
	    b->area.count, b->area.base, met ? TERM_OK : TERM_BAR, fig);
}

/*
 * The two lines under a question that decides nothing: who took part,
 * then each option or step with its owners (a rating's mean first);
 * plain figures, never a colour of success or failure.
 */
static void
dash_opinion(int y, int cols, const struct rv_report_question *rq)
{
	const struct rv_opinion	*op = &rq->result.opinion;
	struct present_row	 rows[PRESENT_ROWS_MAX];
	char			 line[RV_TEXT_MAX + 64], po[16];
	size_t			 i, n, used = 0;
	int			 w;

	percent_format(op->participating.owners, op->eligible.owners, po,
	    sizeof po);
	snprintf(line, sizeof line, _("  taking part: %lld of %lld owners "
	    "(%s), %lld flats"), (long long)op->participating.owners,
	    (long long)op->eligible.owners, po,
	    (long long)op->participating.flats);
	term_text(y, 0, cols, TERM_NORMAL, line);
	line[0] = '\0';
	if (rq->question->kind == RV_RATING) {
		line[0] = ' ';
		line[1] = ' ';
		present_mean_line(op, line + 2, sizeof line - 2);
		used = strlen(line);
	}
	n = present_opinion_rows(rq->question, &rq->result,
	    present_text_locale(), rows);
	for (i = 0; i < n && rq->question->kind != RV_RATING; i++) {
		w = snprintf(line + used, sizeof line - used, "%s%s %lld",
		    i == 0 ? "  " : " · ", rows[i].label,
		    (long long)rows[i].count->owners);
		if (w < 0 || (size_t)w >= sizeof line - used)
			break;
		used += (size_t)w;
	}
	term_text(y + 1, 0, cols, TERM_NORMAL, line);
}

/* Draw one question in three lines from row y, cols wide. */
static void
dash_question(int y, int cols, const struct rv_report_question *rq)
{
	const struct rv_question	*q = rq->question;
	const struct rv_qresult		*r = &rq->result;
	const char			*status = present_outcome_label(r->outcome);
	char				 line[RV_TEXT_MAX + 64];
	int				 sw;

	sw = (int)utf8_width(status);
	snprintf(line, sizeof line, "%s %s", q->id,
	    text_get(&q->title, present_text_locale()));
	term_text(y, 0, cols - sw - 1, TERM_EMPHASIS, line);
	term_text(y, cols - sw, sw, r->outcome == RV_OUT_APPROVED ||
	    r->outcome == RV_OUT_ADOPTED ? TERM_OK : r->outcome ==
	    RV_OUT_OPEN || r->outcome == RV_OUT_CLOSED ? TERM_NORMAL :
	    TERM_WARN, status);
	if (!question_decides(q)) {
		dash_opinion(y + 1, cols, rq);
		return;
	}

	/* TRANSLATORS: dashboard label of the participation bar; at most 8 columns. */
	dash_bar(y + 1, cols, _("turnout"), &r->participation,
	    r->participation_met);
	/* TRANSLATORS: dashboard label of the bar of owners agreeing; at most 8 columns. */
	dash_bar(y + 2, cols, _("agreeing"), &r->approval, r->approval_met);
}

/* Draw estate e's pledges from row y; returns the rows used. */
static int
dash_pledges(int y, int cols, const struct rv_report *r, size_t e)
{
	const struct rv_report_pledge	*rp;
	char				 line[RV_TEXT_MAX + 128], pf[16];
	char				 need[16];
	size_t				 p;
	int				 n = 0;

	for (p = 0; p < r->npledges; p++) {
		rp = &r->pledges[p];
		if (rp->estate != r->estates[e])
			continue;
		percent_format(rp->result.signed_flats, rp->result.flats, pf,
		    sizeof pf);
		snprintf(need, sizeof need, "%u/%u", rp->result.bar.num,
		    rp->result.bar.den);
		/* TRANSLATORS: dashboard pledge line: id, flats signed, share needed, met or not. */
		snprintf(line, sizeof line, _("%s: %s of flats signed (needs "
		    "%s) %s"), rp->pledge->id, pf, need, rp->result.met ?
		    _("met") : _("not yet"));
		term_text(y + n, 0, cols, rp->result.met ? TERM_OK :
		    TERM_NORMAL, line);
		n++;
	}
	return n;
}

/* Draw the kiosks of the shown estate and their last sync on row y. */
static void
dash_kiosks(int y, int cols, const struct dash *d)
{
	char	 line[512], when[RV_TIME_MAX];
	size_t	 i, len;

	len = (size_t)snprintf(line, sizeof line, "%s", _("kiosks:"));
	if (d->extra.nsyncs == 0)
		snprintf(line + len, sizeof line - len, " %s", _("none yet"));
	for (i = 0; i < d->extra.nsyncs && len < sizeof line; i++) {
		if (d->extra.syncs[i].last_sync == 0)
			snprintf(when, sizeof when, "%s", _("never synced"));
		else	/* Date and minute are enough on a wall display. */
			time_format_short(d->extra.syncs[i].last_sync, when,
			    sizeof when);
		len += (size_t)snprintf(line + len, sizeof line - len,
		    "  %s %s%s", d->extra.syncs[i].device, when,
		    d->extra.syncs[i].revoked ? _(" (revoked)") : "");
	}
	term_text(y, 0, cols, TERM_STATUS, line);
}

/* Draw the whole frame for page p. */
static void
dash_draw(struct dash *d, const struct dash_page *p, size_t npages,
    int cols, int rows)
{
	const struct rv_estate	*e;
	const struct rv_qr	*qr;
	char			 line[512], when[RV_TIME_MAX];
	int			 qcols, w, y, side;
	size_t			 i;

	term_clear();
	time_format_short(d->loaded_at, when, sizeof when);
	/* TRANSLATORS: dashboard title line; %s is the time of the figures. */
	snprintf(line, sizeof line, _("renovote street office · as of %s"),
	    when);
	term_fill(0, 0, cols, TERM_TITLE);
	term_text(0, 0, cols, TERM_TITLE, line);
	term_fill(rows - 1, 0, cols, TERM_STATUS);
	if (d->error != NULL)
		term_text(rows - 1, 0, cols, TERM_ERROR, d->error);
	else if (d->cert_warning != NULL)
		term_text(rows - 1, 0, cols, TERM_ERROR, d->cert_warning);
	else
		term_text(rows - 1, 0, cols, TERM_STATUS, _("arrows or space: "
		    "next  c: contrast  q: quit"));
	if (d->report == NULL || d->report->nestates == 0) {
		term_text(2, 0, cols, TERM_NORMAL, d->report == NULL ?
		    _("no figures yet") : _("no estates in this database "
		    "yet"));
		term_refresh();
		return;
	}
	e = d->report->estates[p->estate];
	snprintf(line, sizeof line, "%s %s  (%zu/%zu · %zu/%zu)",
	    estate_name(e, present_text_locale()),
	    e->id, p->estate + 1, d->report->nestates, d->page + 1, npages);
	term_text(1, 0, cols, TERM_EMPHASIS, line);

	qr = dash_qr(d, p->estate);
	if (p->qr_only) {
		side = qr->width + 2 * DASH_QUIET;
		y = 2 + term_qr(2, (cols - side) / 2, qr, DASH_QUIET);
		/* TRANSLATORS: under the QR code on the office dashboard. */
		snprintf(line, sizeof line, _("Scan for the results: %s/e/%s"),
		    d->base_url, e->id);
		if (y < rows - 1)
			term_text(y, 0, cols, TERM_STATUS, line);
		term_refresh();
		return;
	}
	qcols = dash_qr_cols(d, p->estate, cols, rows);
	w = cols - qcols;
	y = 2;
	for (i = 0; i < p->count; i++, y += DASH_QUESTION_LINES)
		dash_question(y, w, &d->report->questions[p->first + i]);
	if (p->count == 0 && p->first == 0)
		term_text(y++, 0, w, TERM_NORMAL, _("no plan yet"));
	y = rows - 2 - (int)dash_npledges(d->report, p->estate);
	dash_pledges(y, w, d->report, p->estate);
	dash_kiosks(rows - 2, w, d);
	if (qcols > 0)
		term_qr(2, w + 1, qr, DASH_QUIET);
	else if (d->base_url == NULL)
		term_text(y - 1, 0, w, TERM_STATUS, _("no --base-url: no QR "
		    "code"));
	else {
		/* TRANSLATORS: dashboard, when the QR code is not beside the figures. */
		snprintf(line, sizeof line, _("results: %s/e/%s"), d->base_url,
		    e->id);
		term_text(y - 1, 0, w, TERM_STATUS, line);
	}
	term_refresh();
}

/* Move to the next page, or the first page of the next estate. */
static void
dash_next(struct dash *d, size_t npages, int back)
{
	size_t	 n = d->report != NULL ? d->report->nestates : 0;

	if (n == 0)
		return;
	if (back) {
		if (d->page > 0) {
			d->page--;
			return;
		}
		d->estate = (d->estate + n - 1) % n;
		d->page = (size_t)-1;	/* the last page, clamped on draw */
		return;
	}
	if (d->page + 1 < npages) {
		d->page++;
		return;
	}
	d->estate = (d->estate + 1) % n;
	d->page = 0;
}

/*
 * The display loop: draw, wait for a key or the next refresh or cycle,
 * act.  Only q (or SIGTERM/SIGHUP) leaves it.
 */
static void
dash_run(struct dash *d, int refresh_ms, int cycle_ms)
{
	struct dash_page p;
	const char	*shown = NULL;
	size_t		 npages = 1;
	rv_ms		 next_load = 0, next_cycle, now;
	int		 cols, rows, key, wait;

	next_cycle = time_now() + cycle_ms;
	for (;;) {
		now = time_now();
		if (now >= next_load) {
			dash_load(d);
			next_load = now + refresh_ms;
		}
		term_size(&cols, &rows);
		if (d->report != NULL && d->report->nestates > 0) {
			npages = dash_pages(d, d->estate, cols, rows, 0, &p);
			if (d->page >= npages)
				d->page = npages - 1;
			dash_pages(d, d->estate, cols, rows, d->page, &p);
		} else
			memset(&p, 0, sizeof p);
		dash_draw(d, &p, npages, cols, rows);
		now = time_now();
		wait = (int)((next_load < next_cycle ? next_load :
		    next_cycle) - now);
		key = term_key(wait < 0 ? 0 : wait);
		switch (key) {
		case 'q':
		case 'Q':
		case TERM_KEY_QUIT:
			return;
		case 'c':
		case 'C':
			term_set_scheme(term_scheme() == TERM_SCHEME_NORMAL ?
			    TERM_SCHEME_CONTRAST : TERM_SCHEME_NORMAL);
			break;
		case ' ':
		case TERM_KEY_RIGHT:
		case TERM_KEY_DOWN:
		case TERM_KEY_PGDN:
		case TERM_KEY_LEFT:
		case TERM_KEY_UP:
		case TERM_KEY_PGUP:
			dash_next(d, npages, key == TERM_KEY_LEFT ||
			    key == TERM_KEY_UP || key == TERM_KEY_PGUP);
			next_cycle = time_now() + cycle_ms;
			break;
		case TERM_KEY_IDLE:
			if (time_now() >= next_cycle) {
				dash_next(d, npages, 0);
				next_cycle = time_now() + cycle_ms;
			}
			break;
		default:
			break;
		}
		/* Kiosks are per estate: reload when the estate changed. */
		if (d->report != NULL && d->report->nestates > 0) {
			shown = d->report->estates[d->estate]->id;
			if (d->kiosks_of == NULL ||
			    strcmp(d->kiosks_of, shown) != 0)
				next_load = 0;
		}
	}
}

/* Check the options and the store, then run the display until q. */
static enum rv_status
cmd_dashboard_exec(struct cmd *c, char **cause)
{
	struct dash	 d;
	const char	*base = cmd_get(c, "base-url");
	char		*url = NULL;
	long		 refresh = DASH_REFRESH_DEFAULT;
	long		 cycle = DASH_CYCLE_DEFAULT;
	enum rv_status	 st;

	memset(&d, 0, sizeof d);
	d.cert = cmd_get(c, "cert");
	if ((st = cmd_get_number(c, "refresh", 1, DASH_SECONDS_MAX, &refresh,
	    cause)) != RV_OK ||
	    (st = cmd_get_number(c, "cycle", 1, DASH_SECONDS_MAX, &cycle,
	    cause)) != RV_OK)
		return st;
	if (base != NULL) {
		/* One slash between the base and the path. */
		if ((st = url_base_check(base, "--base-url", &url,
		    cause)) != RV_OK)
			return st;
		d.base_url = url;
	}
	if ((st = cmd_open_store(c, &d.store, cause)) != RV_OK)
		goto out;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		st = rv_fail(cause, RV_EUSAGE, "dashboard: needs a terminal "
		    "(use tally for text)");
		goto out;
	}
	if ((st = term_open(cause)) != RV_OK)
		goto out;
	dash_run(&d, (int)refresh * 1000, (int)cycle * 1000);
	term_close();
out:
	report_free(d.report);
	report_extra_clear(&d.extra);
	free(d.kiosks_of);
	free(d.error);
	free(d.cert_warning);
	qr_free(d.qr);
	free(d.qr_of);
	free(url);
	cmd_close_store(d.store);
	return st;
}
