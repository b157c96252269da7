/*
 * Private to the pages (web*.c), publish, the notice and the evaluation
 * report: one page being written, the data an estate's page shows
 * besides its tally, and the HTML helpers they all use.  The server sees
 * only web.h.
 */

#ifndef RENOVOTE_WEB_INT_H
#define RENOVOTE_WEB_INT_H

#include "web.h"

#define WEB_HTML	"text/html; charset=utf-8"
#define WEB_JSON	"application/json; charset=utf-8"
#define WEB_CSS		"text/css; charset=utf-8"
#define WEB_SVG		"image/svg+xml"
#define WEB_QR_PX	8	/* pixels per QR module in the SVG */

/*
 * One page being written.  Served pages link by absolute paths and carry
 * ?lang= once a language was chosen by link; published (static) pages
 * link relatively, to one file per language (index.html is zh_CN,
 * index.zh_TW.html, index.en.html), so they work from any directory,
 * file:// included.
 */
struct web_page {
	FILE		*f;		/* the body (open_memstream) */
	char		*buf;
	size_t		 len;
	enum rv_locale	 loc;
	int		 static_site;
	int		 lang_chosen;	/* served: ?lang= was given */
	const char	*root;		/* static: "" or "../../" to the top */
	const char	*self;		/* served: this page's path */
	const char	*self_query;	/* served: kept by the language links
					   ("q=..&page=2", URL-encoded), or NULL */
	const char	*static_name;	/* static: this file's name without
					   suffix ("index-2"); NULL: "index" */
	const char	*base_url;
	rv_ms		 now;
	rv_ms		 verified;	/* the city's: records checked then */
};

/* web.c */
void	 web_lang_enter(enum rv_locale);
void	 web_lang_leave(void);
const char *web_lang_tag(enum rv_locale);
const char *web_static_suffix(enum rv_locale);
void	 web_page_open(struct web_page *);
void	 web_page_close(struct web_page *, char **, size_t *);
void	 html_put(FILE *, const char *);
void	 html_printf(FILE *, const char *, ...) RV_PRINTF(2, 3);
void	 html_put_nw(FILE *, const char *);
void	 html_printf_nw(FILE *, const char *, ...) RV_PRINTF(2, 3);
void	 web_link_index(const struct web_page *);
void	 web_link_estate(const struct web_page *, const char *);
void	 web_head(const struct web_page *, const char *);
void	 web_foot(const struct web_page *, rv_ms);
void	 web_time(char *, size_t, rv_ms);
void	 web_time_short(char *, size_t, rv_ms);
void	 web_put_time(FILE *, rv_ms);
void	 web_roster_changes(FILE *, const struct rv_report_extra *);
void	 web_kiosks(const struct web_page *, const struct rv_kiosk_sync *,
	    size_t, int64_t);

/* web-index.c */
#define INDEX_PAGE_ESTATES	50	/* estates on one page of the index */
#define INDEX_QUERY_MAX		64	/* bytes of a search (?q=) */
/*
 * What the index and /api/estates show of one estate: a copy of its
 * roster's names and places (no flats), its questions' outcomes and the
 * participation its line shows; until says how long it holds (the
 * cache's, web-cache.c).
 */
struct web_summary_question {
	char		*id;
	enum rv_outcome	 outcome;
};
struct web_summary {
	struct rv_estate		 e;	/* names and places only */
	int				 plan;	/* it has one */
	size_t				 passed, failed, open;
	int				 part;	/* owners below is shown */
	struct rv_bar			 owners; /* participation, by owners */
	struct web_summary_question	*qs;
	size_t				 nqs;
	rv_ms				 until;	/* tallies hold until then */
	int				 stale;	/* its data changed */
};
/* The summaries of every estate, in id order, tallied as of at. */
struct web_index {
	struct web_summary	*v;
	size_t			 n;
	rv_ms			 at;
	int			 offset;	/* of times shown */
	rv_ms			 until;		/* the earliest of v's */
};
void	 web_summary_fill(struct web_summary *, const struct rv_report *,
	    size_t);
void	 web_summary_clear(struct web_summary *);
void	 web_index_from_report(struct web_index *, const struct rv_report *);
void	 web_index_clear(struct web_index *);
size_t	 web_index_npages(size_t);
void	 web_index_render(struct web_page *, const struct web_index *,
	    const char *, size_t);

/* web-estate.c */
void	 web_estate_page(struct web_page *, const struct rv_report *,
	    const struct rv_report_extra *);
void	 web_question(FILE *, const struct web_page *,
	    const struct rv_report_question *, int);
void	 web_pledge(FILE *, const struct web_page *,
	    const struct rv_report_pledge *);

/* web-receipt.c */
enum rv_status web_receipt(struct store *, const char *, rv_ms,
	    struct web_page *, int, int *, char **);

/* web-api.c */
void	 web_api_estates(FILE *, const struct web_index *);
void	 web_api_estate(FILE *, const struct rv_report *,
	    const struct rv_report_extra *);

/* web-css.c */
extern const char web_css[];

/* notice.c */
#define NOTICE_META_NAME	"office_name"
#define NOTICE_META_ADDRESS	"office_address"
#define NOTICE_META_PHONE	"office_phone"
#define NOTICE_META_PLACE	"objection_place"
#define NOTICE_META_HOURS	"objection_hours"
/* Who issues the notices and where to object (office info); NULL: unset. */
struct notice_office {
	char	*name;
	char	*address;
	char	*phone;
	char	*place;
	char	*hours;
};
void	 notice_write(FILE *, const struct rv_report *, size_t,
	    const struct rv_report_extra *, const struct rv_publication *,
	    const struct notice_office *, const char *, const struct rv_qr *,
	    enum rv_locale, const char *);

/* evaluation.c */
/* One estate's part of the evaluation report (evaluation.c). */
struct eval_part {
	char	*csv;		/* its CSV row, CRLF-ended */
	char	*compare;	/* its row of the comparison across estates */
	char	*section;	/* its account in words */
};
enum rv_status evaluation_part(struct store *, const struct rv_report *,
	    size_t, enum rv_locale, struct eval_part *, char **);
void	 evaluation_part_clear(struct eval_part *);
void	 evaluation_put(const struct eval_part *const *, size_t, rv_ms,
	    enum rv_locale, FILE *, FILE *);
/* publish-part.c: each estate's part of the pages about every estate */
struct pub_part {
	char			*id;
	char			*digest;	/* its stamp's (publish-stamp.c) */
	struct web_summary	 sum;		/* its line of the index */
	struct eval_part	 eval;		/* its part of the report */
	char			*files;		/* "SIZE SHA256 PATH" lines */
};
void	 pub_parts_head(FILE *);
void	 pub_part_put(FILE *, const struct pub_part *);
int	 pub_parts_parse(const char *, size_t, struct pub_part **, size_t *);
const struct pub_part *pub_parts_find(const struct pub_part *, size_t,
	    const char *);
void	 pub_part_clear(struct pub_part *);
void	 pub_parts_free(struct pub_part *, size_t);
enum rv_status evaluation_write(struct store *, struct store *const *,
	    const struct rv_report *, enum rv_locale, FILE *, FILE *, char **);

#endif /* RENOVOTE_WEB_INT_H */
