/*
 * Renovation plans (改造方案): the JSON a street office writes (the "Plan
 * JSON" section of docs/interface.md) and the checks that tie a plan to
 * the roster of its estate.
 *
 * A plan decides what residents are asked and what they may be asked to
 * pay, so it is validated completely before anyone keeps it.  Every member
 * is checked for kind, range and spelling; unknown keys are refused, so a
 * misspelt optional member ("contribution_yuan_per_m") is an error rather
 * than a silent default; and every refusal names the JSON path at fault,
 * e.g. "plan.json: $.questions[2].closes: ...", because the person fixing
 * the file has only that line to go on.
 *
 * Reading is built from one generic step, member(), which finds a required
 * or optional member of a given kind at a given path; the typed readers
 * (ids, enums, texts, money, times) and read_array(), which walks an array
 * of records and enforces unique ids, sit on top of it.
 */

#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "renovote.h"

/*
 * Sizes a plan may have.  A real estate has a handful of items, questions
 * and pledges; these bound what a broken or hostile file can make us
 * allocate and search.
 */
#define PLAN_ITEMS_MAX		1000	/* items of a plan */
#define PLAN_QUESTIONS_MAX	1000	/* questions of a plan */
#define PLAN_PLEDGES_MAX	1000	/* pledges of a plan */
#define PLAN_COMMITTEE_MAX	50	/* committee members named */
#define PLAN_MEMBER_MAX		64	/* bytes of a member's name */

/*
 * 100,000 yuan per m2 is far above any real share, and low enough that
 * RV_AREA_MAX times it fits an int64_t many times over.
 */
#define PLAN_CONTRIBUTION_MAX	10000000	/* fen per m2 */

#define PLAN_THRESHOLD_DEN_MAX	1000	/* denominator of a pledge threshold */
#define PLAN_THRESHOLD_NUM	2	/* the default threshold: 2/3 of flats */
#define PLAN_THRESHOLD_DEN	3

#define PLAN_PATH_MAX		128	/* bytes of a JSON path, with NUL */
#define PLAN_QUOTE_MAX		64	/* bytes of input quoted in a cause */
#define PLAN_QUOTE_BUF		(PLAN_QUOTE_MAX + sizeof "...")
#define PLAN_LIST_MAX		256	/* bytes of a list of names in a cause */

/* read_time() relies on every valid time being short enough to quote. */
_Static_assert(PLAN_QUOTE_MAX >= RV_TIME_MAX, "times must fit a quote");


/* Where refusals go: the file name they begin with and the caller's cause. */
struct plan_ctx {
	const char	*name;
	char		**cause;
};

enum presence {
	OPTIONAL,
	REQUIRED
};

/* The kinds of JSON value; integers and reals are one kind, numbers. */
enum kind {
	K_STRING,
	K_NUMBER,
	K_BOOL,
	K_ARRAY,
	K_OBJECT,
	K_NULL
};

static const char *const kind_names[] = {
	[K_STRING] = N_("a string"),
	[K_NUMBER] = N_("a number"),
	[K_BOOL] = N_("true or false"),
	[K_ARRAY] = N_("an array"),
	[K_OBJECT] = N_("an object"),
	[K_NULL] = N_("null"),
};

/*
 * Parse the array element v, found at path, into elem, a zeroed record
 * that the array owns from then on (so a failure half-way leaves nothing
 * plan_free cannot free).  arg is passed down from read_array's caller.
 */
typedef enum rv_status (*element_fn)(struct plan_ctx *, json_t *,
    const char *, void *, void *);

/* What read_array needs to know about one array member of a record. */
struct array_spec {
	const char	*key;		/* the member holding the array */
	enum presence	 presence;
	size_t		 min;		/* entries at least ... */
	size_t		 max;		/* ... and at most */
	enum kind	 kind;		/* of every entry */
	size_t		 size;		/* of one parsed record */
	size_t		 id_off;	/* of the record's char *id */
	const char	*id_key;	/* member the id came from, or NULL */
	element_fn	 parse;
};

static enum rv_status fail(struct plan_ctx *, const char *, const char *,
    const char *, ...) RV_PRINTF(4, 5);

/*
 * Refuse the input: set the cause to "NAME: PATH.KEY: MESSAGE" (or
 * "NAME: PATH: MESSAGE" when key is NULL and path names the value itself)
 * and return RV_EINPUT.
 */
static enum rv_status
fail(struct plan_ctx *c, const char *path, const char *key, const char *fmt,
    ...)
{
	va_list		 ap;
	char		*msg;
	enum rv_status	 rv;

	va_start(ap, fmt);
	xvasprintf(&msg, gettext(fmt), ap);
	va_end(ap);
	rv = rv_fail(c->cause, RV_EINPUT, "%s: %s%s%s: %s", c->name, path,
	    key != NULL ? "." : "", key != NULL ? key : "", msg);
	free(msg);
	if (c->cause != NULL)
		text_scrub(*c->cause);
	return rv;
}

/*
 * s as it may appear quoted in a cause: s itself when short, else its
 * first PLAN_QUOTE_MAX bytes, cut at a character boundary (jansson has
 * checked the UTF-8), and "..." copied into buf, which holds
 * PLAN_QUOTE_BUF bytes.  A hostile file must not make a megabyte cause.
 */
static const char *
quote(const char *s, char *buf)
{
	size_t	 len = strlen(s);

	if (len <= PLAN_QUOTE_MAX)
		return s;
	len = PLAN_QUOTE_MAX;
	while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
		len--;
	memcpy(buf, s, len);
	memcpy(buf + len, "...", sizeof "...");
	return buf;
}

/* Write names[0..n) into buf as "a, b, c" for a cause, cut if too long. */
static const char *
join(const char *const *names, size_t n, char *buf, size_t size)
{
	size_t	 i, len = 0;
	int	 w;

	buf[0] = '\0';
	for (i = 0; i < n && len < size; i++) {
		w = snprintf(buf + len, size - len, "%s%s", i > 0 ? ", " : "",
		    names[i]);
		if (w < 0)
			break;
		len += (size_t)w;
	}
	return buf;
}

/* Write "PATH.KEY" into buf, which holds PLAN_PATH_MAX bytes. */
static void
subpath(char *buf, const char *path, const char *key)
{
	snprintf(buf, PLAN_PATH_MAX, "%s.%s", path, key);
}

/* The kind of a JSON value. */
static enum kind
kind_of(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return K_OBJECT;
	case JSON_ARRAY:
		return K_ARRAY;
	case JSON_STRING:
		return K_STRING;
	case JSON_INTEGER:
	case JSON_REAL:
		return K_NUMBER;
	case JSON_TRUE:
	case JSON_FALSE:
		return K_BOOL;
	case JSON_NULL:
		break;
	}
	return K_NULL;
}

/* Refuse v, found at path (and key, if not NULL), unless it is of kind k. */
static enum rv_status
expect_kind(struct plan_ctx *c, const json_t *v, const char *path,
    const char *key, enum kind k)
{
	enum kind	 got = kind_of(v);

	if (got == k)
		return RV_OK;
	return fail(c, path, key, "expected %s, not %s", _(kind_names[k]),
	    _(kind_names[got]));
}

/*
 * The one step every reader starts with: find member key of the object
 * obj found at path.  An absent required member is refused; an absent
 * optional one sets *out to NULL, and the caller keeps its default.  A
 * present member must be of kind k; null is not "absent", because a file
 * that says null probably meant something else.
 */
static enum rv_status
member(struct plan_ctx *c, json_t *obj, const char *path, const char *key,
    enum presence presence, enum kind k, json_t **out)
{
	*out = json_object_get(obj, key);
	if (*out == NULL) {
		if (presence == REQUIRED)
			return fail(c, path, NULL, "missing '%s'", key);
		return RV_OK;
	}
	return expect_kind(c, *out, path, key, k);
}

/* Refuse key of the object at path, naming the keys that are known. */
static enum rv_status
unknown_key(struct plan_ctx *c, const char *path, const char *key,
    const char *const *known, size_t n)
{
	char	 qb[PLAN_QUOTE_BUF], lb[PLAN_LIST_MAX];

	return fail(c, path, NULL, "unknown key '%s' (known: %s)",
	    quote(key, qb), join(known, n, lb, sizeof lb));
}

/*
 * Refuse the object at path if it has a key other than known[0..n).
 * Readers only look up the keys they know, so without this a typo would
 * pass unseen.
 */
static enum rv_status
check_keys(struct plan_ctx *c, json_t *obj, const char *path,
    const char *const *known, size_t n)
{
	void		*it;
	const char	*key;
	size_t		 i;

	for (it = json_object_iter(obj); it != NULL;
	    it = json_object_iter_next(obj, it)) {
		key = json_object_iter_key(it);
		for (i = 0; i < n && strcmp(key, known[i]) != 0; i++)
			continue;
		if (i == n)
			return unknown_key(c, path, key, known, n);
	}
	return RV_OK;
}

/* Refuse s, found at path (and key), unless it is a valid id. */
static enum rv_status
check_id(struct plan_ctx *c, const char *s, const char *path,
    const char *key)
{
	char	 qb[PLAN_QUOTE_BUF];

	if (id_valid(s))
		return RV_OK;
	return fail(c, path, key, "'%s' is not a valid id (1 to %d bytes, no "
	    "control characters, no space at either end, none of , / \" \\ "
	    "? # %%)", quote(s, qb), RV_ID_MAX);
}

/* Read a string member; *s is NULL when an optional one is absent. */
static enum rv_status
read_string(struct plan_ctx *c, json_t *obj, const char *path,
    const char *key, enum presence presence, const char **s)
{
	json_t		*v;
	enum rv_status	 rv;

	*s = NULL;
	if ((rv = member(c, obj, path, key, presence, K_STRING, &v)) != RV_OK)
		return rv;
	if (v != NULL)
		*s = json_string_value(v);
	return RV_OK;
}

/* Read an id member into a copy at *out; absent optional ones leave it. */
static enum rv_status
read_id(struct plan_ctx *c, json_t *obj, const char *path, const char *key,
    enum presence presence, char **out)
{
	const char	*s;
	enum rv_status	 rv;

	if ((rv = read_string(c, obj, path, key, presence, &s)) != RV_OK ||
	    s == NULL)
		return rv;
	if ((rv = check_id(c, s, path, key)) != RV_OK)
		return rv;
	*out = xstrdup(s);
	return RV_OK;
}

/*
 * Read a member spelt as one of names[0..n); *out is the index, which
 * callers lay out to match their enum.  An absent optional member leaves
 * *out as it was.
 */
static enum rv_status
read_enum(struct plan_ctx *c, json_t *obj, const char *path, const char *key,
    enum presence presence, const char *const *names, size_t n, int *out)
{
	const char	*s;
	char		 qb[PLAN_QUOTE_BUF], lb[PLAN_LIST_MAX];
	size_t		 i;
	enum rv_status	 rv;

	if ((rv = read_string(c, obj, path, key, presence, &s)) != RV_OK ||
	    s == NULL)
		return rv;
	for (i = 0; i < n; i++) {
		if (strcmp(s, names[i]) == 0) {
			*out = (int)i;
			return RV_OK;
		}
	}
	return fail(c, path, key, "'%s' is not one of %s", quote(s, qb),
	    join(names, n, lb, sizeof lb));
}

/*
 * Refuse one locale's text s of len bytes unless it is not empty, at most
 * RV_TEXT_MAX bytes, and free of control characters but newline, which
 * paragraphs need: kiosks draw these texts on a terminal, where a stray
 * escape sequence would repaint the screen.
 */
static enum rv_status
check_text(struct plan_ctx *c, const char *s, size_t len, const char *path,
    const char *key)
{
	size_t		 at;
	unsigned	 cp;

	if (len == 0)
		return fail(c, path, key, "text is empty");
	if (len > RV_TEXT_MAX)
		return fail(c, path, key, "text is %zu bytes, longer than %d",
		    len, RV_TEXT_MAX);
	if (text_control_find(s, len, &at, &cp))
		return fail(c, path, key, "text has control character "
		    "U+%04X at byte %zu (only newlines are allowed)", cp, at);
	return RV_OK;
}

/*
 * Read the text v found at tpath, an object keyed by locale name, into t
 * (which is empty).  zh_CN is required since every other locale falls
 * back to it.
 */
static enum rv_status
read_text_value(struct plan_ctx *c, json_t *v, const char *tpath,
    struct rv_text *t)
{
	json_t		*s;
	const char	*loc_key, *names[RV_NLOCALES];
	enum rv_locale	 loc;
	int		 i;
	enum rv_status	 rv;

	json_object_foreach(v, loc_key, s) {
		if (locale_from_name(loc_key, &loc) != 0) {
			for (i = 0; i < RV_NLOCALES; i++)
				names[i] = locale_name((enum rv_locale)i);
			return unknown_key(c, tpath, loc_key, names,
			    RV_NLOCALES);
		}
		if ((rv = expect_kind(c, s, tpath, loc_key, K_STRING)) !=
		    RV_OK || (rv = check_text(c, json_string_value(s),
		    json_string_length(s), tpath, loc_key)) != RV_OK)
			return rv;
		/* Keys are unique (JSON_REJECT_DUPLICATES): nothing leaks. */
		t->loc[loc] = xstrdup(json_string_value(s));
	}
	if (t->loc[RV_ZH_CN] == NULL)
		return fail(c, tpath, NULL, "missing '%s', the text every "
		    "locale falls back to", locale_name(RV_ZH_CN));
	return RV_OK;
}

/* Read the text member key of obj (see read_text_value) into t. */
static enum rv_status
read_text(struct plan_ctx *c, json_t *obj, const char *path, const char *key,
    enum presence presence, struct rv_text *t)
{
	json_t		*v;
	char		 tpath[PLAN_PATH_MAX];
	enum rv_status	 rv;

	if ((rv = member(c, obj, path, key, presence, K_OBJECT, &v)) != RV_OK ||
	    v == NULL)
		return rv;
	subpath(tpath, path, key);
	return read_text_value(c, v, tpath, t);
}

/*
 * Read an amount of yuan into *fen: not negative, a whole number of fen,
 * and at most max fen.  An absent optional amount leaves *fen, the
 * caller's default.
 */
static enum rv_status
read_money(struct plan_ctx *c, json_t *obj, const char *path,
    const char *key, enum presence presence, int64_t max, int64_t *fen)
{
	json_t		*v;
	int64_t		 f;
	char		 mb[32];
	enum rv_status	 rv;

	if ((rv = member(c, obj, path, key, presence, K_NUMBER, &v)) != RV_OK ||
	    v == NULL)
		return rv;
	if (money_from_json_number(json_number_value(v), &f) != 0)
		return fail(c, path, key, "%.15g is not a non-negative number "
		    "of yuan in whole fen", json_number_value(v));
	if (f > max) {
		money_format(max, mb, sizeof mb);
		return fail(c, path, key, "%.15g is more than %s yuan",
		    json_number_value(v), mb);
	}
	*fen = f;
	return RV_OK;
}

/* Read a boolean member; an absent optional one leaves *out. */
static enum rv_status
read_bool(struct plan_ctx *c, json_t *obj, const char *path, const char *key,
    enum presence presence, int *out)
{
	json_t		*v;
	enum rv_status	 rv;

	if ((rv = member(c, obj, path, key, presence, K_BOOL, &v)) != RV_OK ||
	    v == NULL)
		return rv;
	*out = json_is_true(v);
	return RV_OK;
}

/*
 * Read a required ISO 8601 time with offset into *t, and its text into
 * *text for messages that compare it with another.
 */
static enum rv_status
read_time(struct plan_ctx *c, json_t *obj, const char *path, const char *key,
    rv_ms *t, const char **text)
{
	const char	*s;
	char		 qb[PLAN_QUOTE_BUF], *why = NULL;
	enum rv_status	 rv;

	if ((rv = read_string(c, obj, path, key, REQUIRED, &s)) != RV_OK)
		return rv;
	/*
	 * time_parse quotes its input in its cause.  A string too long to
	 * quote is too long to be a time, and its shortened copy ends in
	 * "...", so time_parse still refuses it, with a short cause.
	 */
	if (time_parse(quote(s, qb), t, NULL, &why) != RV_OK) {
		rv = fail(c, path, key, "%s", why);
		free(why);
		return rv;
	}
	*text = s;
	return RV_OK;
}

/*
 * Parse a share "N/D" with 0 < N <= D <= PLAN_THRESHOLD_DEN_MAX, digits
 * only, into *num and *den.  Returns 0, or -1 if s is not such a share.
 */
static int
ratio_parse(const char *s, uint32_t *num, uint32_t *den)
{
	uint32_t	 v[2] = { 0, 0 };
	int		 i, ndigits;

	for (i = 0; i < 2; i++) {
		for (ndigits = 0; *s >= '0' && *s <= '9'; s++, ndigits++) {
			v[i] = v[i] * 10 + (uint32_t)(*s - '0');
			if (v[i] > PLAN_THRESHOLD_DEN_MAX)
				return -1;
		}
		if (ndigits == 0 || *s != (i == 0 ? '/' : '\0'))
			return -1;
		if (i == 0)
			s++;
	}
	if (v[0] == 0 || v[0] > v[1])
		return -1;
	*num = v[0];
	*den = v[1];
	return 0;
}

/* The char *id at offset off of the record at rec. */
static const char *
record_id(const void *rec, size_t off)
{
	const char	*p = (const char *)rec + off;

	return *(char *const *)(const void *)p;
}

/*
 * Position of the first of the n records at base, size bytes apart, whose
 * id (at offset off) is id, or -1.  Records are items, questions, options,
 * pledges, or bare strings (size sizeof (char *), offset 0), so this one
 * search serves every uniqueness and reference check.
 */
static ssize_t
id_index(const void *base, size_t n, size_t size, size_t off, const char *id)
{
	const char	*id_i;
	size_t		 i;

	for (i = 0; i < n; i++) {
		id_i = record_id((const char *)base + i * size, off);
		if (id_i != NULL && strcmp(id_i, id) == 0)
			return (ssize_t)i;
	}
	return -1;
}

/*
 * Read the array member as->key of the object at path into *base, a
 * zeroed array of *n records each parsed by as->parse, and refuse repeated
 * ids.  *base and *n are set before any entry is parsed, so on failure the
 * caller still owns, and frees, whatever was parsed; an absent optional or
 * empty array leaves them alone (NULL and 0).
 */
static enum rv_status
read_array(struct plan_ctx *c, json_t *obj, const char *path,
    const struct array_spec *as, void **base, size_t *n, void *arg)
{
	json_t		*v, *e;
	char		 epath[PLAN_PATH_MAX], prev[PLAN_PATH_MAX];
	char		*rec;
	const char	*id;
	size_t		 i, len;
	ssize_t		 j;
	enum rv_status	 rv;

	if ((rv = member(c, obj, path, as->key, as->presence, K_ARRAY, &v)) !=
	    RV_OK || v == NULL)
		return rv;
	len = json_array_size(v);
	if (len < as->min)
		return fail(c, path, as->key, P_("has %zu entry, at least "
		    "%zu are needed", "has %zu entries, at least %zu are "
		    "needed", len), len, as->min);
	if (len > as->max)
		return fail(c, path, as->key, "has %zu entries, more than the "
		    "limit of %zu", len, as->max);
	if (len == 0)
		return RV_OK;
	*base = xcalloc(len, as->size);
	*n = len;
	json_array_foreach(v, i, e) {
		rec = (char *)*base + i * as->size;
		snprintf(epath, sizeof epath, "%s.%s[%zu]", path, as->key, i);
		if ((rv = expect_kind(c, e, epath, NULL, as->kind)) != RV_OK ||
		    (rv = as->parse(c, e, epath, rec, arg)) != RV_OK)
			return rv;
		id = record_id(rec, as->id_off);
		if ((j = id_index(*base, i, as->size, as->id_off, id)) >= 0) {
			snprintf(prev, sizeof prev, "%s.%s[%zd]%s%s", path,
			    as->key, j, as->id_key != NULL ? "." : "",
			    as->id_key != NULL ? as->id_key : "");
			return fail(c, epath, as->id_key, "'%s' repeats %s", id,
			    prev);
		}
	}
	return RV_OK;
}

/* One entry of a question's items: the id of an item of the plan (arg). */
static enum rv_status
parse_item_ref(struct plan_ctx *c, json_t *v, const char *path, void *rec,
    void *arg)
{
	const struct rv_plan	*plan = arg;
	const char		*s = json_string_value(v);
	enum rv_status		 rv;

	if ((rv = check_id(c, s, path, NULL)) != RV_OK)
		return rv;
	if (id_index(plan->items, plan->nitems, sizeof *plan->items,
	    offsetof(struct rv_item, id), s) < 0)
		return fail(c, path, NULL, "no item '%s' in $.items", s);
	*(char **)rec = xstrdup(s);
	return RV_OK;
}

/*
 * One option of a choose-one, choose-many or rank question.  A survey's
 * option may name the item of the plan (arg) it asks for, so that the
 * demand it gets can become the next plan's list of items.
 */
static enum rv_status
parse_option(struct plan_ctx *c, json_t *v, const char *path, void *rec,
    void *arg)
{
	static const char *const keys[] = { "id", "title", "item" };
	const struct rv_plan	*plan = arg;
	struct rv_option	*o = rec;
	enum rv_status		 rv;

	if ((rv = check_keys(c, v, path, keys, nitems(keys))) != RV_OK ||
	    (rv = read_id(c, v, path, "id", REQUIRED, &o->id)) != RV_OK ||
	    (rv = read_id(c, v, path, "item", OPTIONAL, &o->item)) != RV_OK)
		return rv;
	/* Choices are named by id, and every question has abstain built in. */
	if (strcmp(o->id, "abstain") == 0)
		return fail(c, path, "id", "'abstain' is a built-in choice of "
		    "every question");
	if (o->item != NULL && id_index(plan->items, plan->nitems,
	    sizeof *plan->items, offsetof(struct rv_item, id), o->item) < 0)
		return fail(c, path, "item", "no item '%s' in $.items",
		    o->item);
	return read_text(c, v, path, "title", REQUIRED, &o->title);
}

/* One item of the plan. */
static enum rv_status
parse_item(struct plan_ctx *c, json_t *v, const char *path, void *rec,
    void *arg)
{
	static const char *const keys[] = { "id", "class", "title",
	    "description", "cost_yuan", "contribution_yuan_per_m2" };
	const char *const	 classes[] = { question_class_name(RV_BASIC),
	    question_class_name(RV_IMPROVEMENT), question_class_name(RV_UPGRADE) };
	struct rv_item		*it = rec;
	int			 class;
	enum rv_status		 rv;

	(void)arg;
	if ((rv = check_keys(c, v, path, keys, nitems(keys))) != RV_OK ||
	    (rv = read_id(c, v, path, "id", REQUIRED, &it->id)) != RV_OK ||
	    (rv = read_enum(c, v, path, "class", REQUIRED, classes,
	    nitems(classes), &class)) != RV_OK)
		return rv;
	it->class = (enum rv_class)class;
	/* The cost has no bound but money_from_json_number's own. */
	if ((rv = read_text(c, v, path, "title", REQUIRED, &it->title)) !=
	    RV_OK || (rv = read_text(c, v, path, "description", OPTIONAL,
	    &it->description)) != RV_OK ||
	    (rv = read_money(c, v, path, "cost_yuan", REQUIRED, INT64_MAX,
	    &it->cost_fen)) != RV_OK)
		return rv;
	it->contribution_fen_per_m2 = 0;
	return read_money(c, v, path, "contribution_yuan_per_m2", OPTIONAL,
	    PLAN_CONTRIBUTION_MAX, &it->contribution_fen_per_m2);
}

/*
 * The optional scope of a question: {building, entrance?}.  Entrance ids
 * repeat across buildings ("1" is in every building), so an entrance
 * alone names no place.
 */
static enum rv_status
parse_scope(struct plan_ctx *c, json_t *v, const char *path,
    struct rv_question *q)
{
	static const char *const keys[] = { "building", "entrance" };
	json_t		*s;
	char		 spath[PLAN_PATH_MAX];
	enum rv_status	 rv;

	if ((rv = member(c, v, path, "scope", OPTIONAL, K_OBJECT, &s)) !=
	    RV_OK || s == NULL)
		return rv;
	subpath(spath, path, "scope");
	if ((rv = check_keys(c, s, spath, keys, nitems(keys))) != RV_OK ||
	    (rv = read_id(c, s, spath, "building", OPTIONAL,
	    &q->scope_building)) != RV_OK ||
	    (rv = read_id(c, s, spath, "entrance", OPTIONAL,
	    &q->scope_entrance)) != RV_OK)
		return rv;
	if (q->scope_building == NULL)
		return fail(c, spath, NULL, "%s", q->scope_entrance != NULL ?
		    "'entrance' needs 'building'" : "names no building (leave "
		    "scope out for the whole estate)");
	return RV_OK;
}

/*
 * Read an integer member into *out, refusing anything outside [min, max]
 * and any number with a fraction.  An absent optional member leaves *out
 * as it was, the caller's default.
 */
static enum rv_status
read_int(struct plan_ctx *c, json_t *obj, const char *path, const char *key,
    enum presence presence, int min, int max, int *out)
{
	json_t		*v;
	json_int_t	 i;
	enum rv_status	 rv;

	if ((rv = member(c, obj, path, key, presence, K_NUMBER, &v)) != RV_OK ||
	    v == NULL)
		return rv;
	if (!json_is_integer(v))
		return fail(c, path, key, "%.15g is not a whole number",
		    json_number_value(v));
	i = json_integer_value(v);
	if (i < min || i > max)
		return fail(c, path, key, "%lld is not between %d and %d",
		    (long long)i, min, max);
	*out = (int)i;
	return RV_OK;
}

/* One step's words of a rating question, e.g. {"zh_CN": "满意"}. */
static enum rv_status
parse_label(struct plan_ctx *c, json_t *v, const char *path, void *rec,
    void *arg)
{
	(void)arg;
	return read_text_value(c, v, path, rec);
}

/*
 * What a question answers besides its choices, by kind: the options of
 * choose-one, choose-many and rank; how many may be picked or ranked
 * (max); a rating's scale (min, max) and its words for every step.
 * Approve questions have none of these.
 */
static enum rv_status
parse_question_kind(struct plan_ctx *c, json_t *v, const char *path,
    struct rv_question *q, const struct rv_plan *plan)
{
	static const struct array_spec options_spec = {
		"options", REQUIRED, 2, RV_OPTIONS_MAX, K_OBJECT,
		sizeof (struct rv_option), offsetof(struct rv_option, id),
		"id", parse_option
	};
	struct array_spec	 labels_spec = {
		"labels", REQUIRED, 0, 0, K_OBJECT,
		sizeof (struct rv_text), 0, NULL, parse_label
	};
	void			*array = NULL;
	size_t			 steps;
	enum rv_status		 rv;

	if (q->kind != RV_RATING && q->kind != RV_CHOOSE_MANY &&
	    q->kind != RV_RANK && json_object_get(v, "max") != NULL)
		return fail(c, path, "max", "only choose-many, rank and "
		    "rating questions have a maximum");
	if (q->kind != RV_RATING && (json_object_get(v, "min") != NULL ||
	    json_object_get(v, "labels") != NULL))
		return fail(c, path, json_object_get(v, "min") != NULL ?
		    "min" : "labels", "only a rating question has a scale");
	switch (q->kind) {
	case RV_APPROVE:
		if (json_object_get(v, "options") != NULL)
			return fail(c, path, "options", "an approve question "
			    "has no options; its choices are agree, disagree "
			    "and abstain");
		return RV_OK;
	case RV_RATING:
		if (json_object_get(v, "options") != NULL)
			return fail(c, path, "options", "a rating question "
			    "has no options; its answers are the steps from "
			    "min to max, or none");
		if ((rv = read_int(c, v, path, "min", REQUIRED,
		    RV_RATING_MIN, RV_RATING_MAX - 1, &q->min)) != RV_OK ||
		    (rv = read_int(c, v, path, "max", REQUIRED, q->min + 1,
		    RV_RATING_MAX, &q->max)) != RV_OK)
			return rv;
		/* Every step has words: an elderly resident hears them. */
		steps = (size_t)(q->max - q->min + 1);
		labels_spec.min = labels_spec.max = steps;
		rv = read_array(c, v, path, &labels_spec, &array, &q->nlabels,
		    NULL);
		q->labels = array;
		return rv;
	case RV_CHOOSE_ONE:
	case RV_CHOOSE_MANY:
	case RV_RANK:
		break;
	}
	rv = read_array(c, v, path, &options_spec, &array, &q->noptions,
	    (void *)(uintptr_t)plan);
	q->options = array;
	if (rv != RV_OK || q->kind == RV_CHOOSE_ONE)
		return rv;
	/* By default every option may be picked, or ranked up to the cap. */
	q->max = (int)q->noptions;
	if (q->kind == RV_RANK && q->max > RV_RANK_PLACES_MAX)
		q->max = RV_RANK_PLACES_MAX;
	return read_int(c, v, path, "max", OPTIONAL, 1, q->max, &q->max);
}

/* Whether s is a quarter spelt YYYY-Qn, n from 1 to 4. */
static int
period_valid(const char *s)
{
	int	 i;

	if (strlen(s) != RV_PERIOD_LEN)
		return 0;
	for (i = 0; i < 4; i++) {
		if (!isdigit((unsigned char)s[i]))
			return 0;
	}
	return s[4] == '-' && s[5] == 'Q' && s[6] >= '1' && s[6] <= '4';
}

/*
 * The question's stage in the cycle and, for a service rating, its
 * period.  A stage asks for the kinds its report reads: a survey asks
 * for opinions (no decision), acceptance and service are ratings; only
 * a vote takes every kind.
 */
static enum rv_status
parse_stage(struct plan_ctx *c, json_t *v, const char *path,
    struct rv_question *q)
{
	const char *const	 stages[] = {
	    question_stage_name(RV_STAGE_VOTE),
	    question_stage_name(RV_STAGE_SURVEY),
	    question_stage_name(RV_STAGE_ACCEPTANCE),
	    question_stage_name(RV_STAGE_SERVICE) };
	const char		*period;
	char			 qb[PLAN_QUOTE_BUF];
	int			 stage = RV_STAGE_VOTE;
	enum rv_status		 rv;

	if ((rv = read_enum(c, v, path, "stage", OPTIONAL, stages,
	    nitems(stages), &stage)) != RV_OK ||
	    (rv = read_string(c, v, path, "period", OPTIONAL, &period)) !=
	    RV_OK)
		return rv;
	q->stage = (enum rv_stage)stage;
	if (q->stage == RV_STAGE_SURVEY && question_decides(q))
		return fail(c, path, "kind", "a survey asks choose-many, "
		    "rank or rating questions, not %s",
		    question_kind_name(q->kind));
	if ((q->stage == RV_STAGE_ACCEPTANCE || q->stage ==
	    RV_STAGE_SERVICE) && q->kind != RV_RATING)
		return fail(c, path, "kind", "%s questions are ratings, not "
		    "%s", question_stage_name(q->stage),
		    question_kind_name(q->kind));
	if (q->stage != RV_STAGE_SERVICE) {
		if (period != NULL)
			return fail(c, path, "period", "only a service rating "
			    "has a period");
		return RV_OK;
	}
	if (period == NULL)
		return fail(c, path, NULL, "missing 'period' (a quarter, "
		    "e.g. 2027-Q1) of the service rating");
	if (!period_valid(period))
		return fail(c, path, "period", "'%s' is not a quarter like "
		    "2027-Q1", quote(period, qb));
	memcpy(q->period, period, RV_PERIOD_LEN + 1);
	return RV_OK;
}

/* One question of the plan (arg), whose items are already parsed. */
static enum rv_status
parse_question(struct plan_ctx *c, json_t *v, const char *path, void *rec,
    void *arg)
{
	static const char *const keys[] = { "id", "kind", "matter", "title",
	    "items", "scope", "opens", "closes", "options", "topic", "max",
	    "min", "labels", "stage", "period" };
	static const struct array_spec items_spec = {
		"items", OPTIONAL, 0, PLAN_ITEMS_MAX, K_STRING,
		sizeof (char *), 0, NULL, parse_item_ref
	};
	const char *const	 kinds[] = { question_kind_name(RV_APPROVE),
	    question_kind_name(RV_CHOOSE_ONE),
	    question_kind_name(RV_CHOOSE_MANY), question_kind_name(RV_RANK),
	    question_kind_name(RV_RATING) };
	const char *const	 matters[] = { question_matter_name(RV_MAJOR),
	    question_matter_name(RV_ORDINARY) };
	/* Indexed from RV_TOPIC_PROPERTY: no topic is no member. */
	const char *const	 topics[] = {
	    question_topic_name(RV_TOPIC_PROPERTY),
	    question_topic_name(RV_TOPIC_FUND) };
	struct rv_question	*q = rec;
	const char		*opens, *closes;
	void			*array = NULL;
	int			 kind, matter = RV_ORDINARY, topic = -1;
	enum rv_status		 rv;

	if ((rv = check_keys(c, v, path, keys, nitems(keys))) != RV_OK ||
	    (rv = read_id(c, v, path, "id", REQUIRED, &q->id)) != RV_OK ||
	    (rv = read_enum(c, v, path, "kind", REQUIRED, kinds,
	    nitems(kinds), &kind)) != RV_OK)
		return rv;
	q->kind = (enum rv_kind)kind;
	/*
	 * Only approve and choose-one questions are decisions under art.
	 * 278, with a matter and a topic; a survey or a rating asks, and
	 * a matter there would suggest a threshold it never meets.
	 */
	if (!question_decides(q)) {
		if (json_object_get(v, "matter") != NULL ||
		    json_object_get(v, "topic") != NULL)
			return fail(c, path, json_object_get(v, "matter") !=
			    NULL ? "matter" : "topic", "a %s question decides "
			    "nothing: leave out matter and topic",
			    question_kind_name(q->kind));
	} else if ((rv = read_enum(c, v, path, "matter", REQUIRED, matters,
	    nitems(matters), &matter)) != RV_OK ||
	    (rv = read_enum(c, v, path, "topic", OPTIONAL, topics,
	    nitems(topics), &topic)) != RV_OK)
		return rv;
	q->matter = (enum rv_matter)matter;
	q->topic = (enum rv_topic)(topic + RV_TOPIC_PROPERTY);
	if ((rv = read_text(c, v, path, "title", REQUIRED, &q->title)) != RV_OK)
		return rv;
	rv = read_array(c, v, path, &items_spec, &array, &q->nitems, arg);
	q->items = array;
	if (rv != RV_OK ||
	    (rv = parse_scope(c, v, path, q)) != RV_OK ||
	    (rv = read_time(c, v, path, "opens", &q->opens, &opens)) != RV_OK ||
	    (rv = read_time(c, v, path, "closes", &q->closes, &closes)) !=
	    RV_OK)
		return rv;
	if (q->closes <= q->opens)
		return fail(c, path, "closes", "'%s' is not after opens '%s'",
		    closes, opens);
	if ((rv = parse_question_kind(c, v, path, q, arg)) != RV_OK)
		return rv;
	return parse_stage(c, v, path, q);
}

/*
 * A topic names the one question the evaluation report reads for it
 * (evaluation.c): two questions of one topic would leave it guessing.
 */
static enum rv_status
plan_topics_once(struct plan_ctx *c, const struct rv_plan *plan)
{
	char	 path[PLAN_PATH_MAX];
	size_t	 i, j;

	for (i = 0; i < plan->nquestions; i++) {
		if (plan->questions[i].topic == RV_TOPIC_NONE)
			continue;
		for (j = 0; j < i; j++) {
			if (plan->questions[j].topic !=
			    plan->questions[i].topic)
				continue;
			snprintf(path, sizeof path, "$.questions[%zu]", i);
			return fail(c, path, "topic", "'%s' is already the "
			    "topic of question %s", question_topic_name(
			    plan->questions[i].topic), plan->questions[j].id);
		}
	}
	return RV_OK;
}

/* One willingness pledge of the plan. */
static enum rv_status
parse_pledge(struct plan_ctx *c, json_t *v, const char *path, void *rec,
    void *arg)
{
	static const char *const keys[] = { "id", "text", "threshold",
	    "amount" };
	struct rv_pledge	*p = rec;
	const char		*share;
	char			 qb[PLAN_QUOTE_BUF];
	enum rv_status		 rv;

	(void)arg;
	p->threshold_num = PLAN_THRESHOLD_NUM;
	p->threshold_den = PLAN_THRESHOLD_DEN;
	p->amount = 0;
	if ((rv = check_keys(c, v, path, keys, nitems(keys))) != RV_OK ||
	    (rv = read_id(c, v, path, "id", REQUIRED, &p->id)) != RV_OK ||
	    (rv = read_text(c, v, path, "text", REQUIRED, &p->text)) != RV_OK ||
	    (rv = read_string(c, v, path, "threshold", OPTIONAL, &share)) !=
	    RV_OK)
		return rv;
	if (share != NULL &&
	    ratio_parse(share, &p->threshold_num, &p->threshold_den) != 0)
		return fail(c, path, "threshold", "'%s' is not a share N/D "
		    "with 0 < N <= D <= %d", quote(share, qb),
		    PLAN_THRESHOLD_DEN_MAX);
	return read_bool(c, v, path, "amount", OPTIONAL, &p->amount);
}


/* Whether building rectangles a and b share a cell. */
static int
map_overlap(const struct rv_place *a, const struct rv_place *b)
{
	return a->x < b->x + b->w && b->x < a->x + a->w &&
	    a->y < b->y + b->h && b->y < a->y + a->h;
}

/*
 * One place of the map m (arg): its position inside the grid and, by
 * kind, the building, item or label it shows.  Buildings are at least
 * 3 x 3 cells (a box around one line of text) and never overlap, so any
 * drawing of the map is unambiguous.
 */
static enum rv_status
parse_place(struct plan_ctx *c, json_t *v, const char *path,
    struct rv_place *pl, const struct rv_plan *plan, const struct rv_map *m)
{
	static const char *const bkeys[] = { "building", "x", "y", "w", "h" };
	static const char *const ikeys[] = { "item", "x", "y" };
	static const char *const lkeys[] = { "label", "x", "y" };
	size_t		 i;
	enum rv_status	 rv;

	pl->w = pl->h = 1;
	switch (pl->kind) {
	case RV_PLACE_BUILDING:
		if ((rv = check_keys(c, v, path, bkeys, nitems(bkeys))) !=
		    RV_OK || (rv = read_id(c, v, path, "building", REQUIRED,
		    &pl->building)) != RV_OK ||
		    (rv = read_int(c, v, path, "w", REQUIRED, 3, m->cols,
		    &pl->w)) != RV_OK ||
		    (rv = read_int(c, v, path, "h", REQUIRED, 3, m->rows,
		    &pl->h)) != RV_OK)
			return rv;
		break;
	case RV_PLACE_ITEM:
		if ((rv = check_keys(c, v, path, ikeys, nitems(ikeys))) !=
		    RV_OK || (rv = read_id(c, v, path, "item", REQUIRED,
		    &pl->item)) != RV_OK)
			return rv;
		if (id_index(plan->items, plan->nitems, sizeof *plan->items,
		    offsetof(struct rv_item, id), pl->item) < 0)
			return fail(c, path, "item", "no item '%s' in $.items",
			    pl->item);
		break;
	case RV_PLACE_LANDMARK:
		if ((rv = check_keys(c, v, path, lkeys, nitems(lkeys))) !=
		    RV_OK || (rv = read_text(c, v, path, "label", REQUIRED,
		    &pl->label)) != RV_OK)
			return rv;
		break;
	}
	if ((rv = read_int(c, v, path, "x", REQUIRED, 0, m->cols - pl->w,
	    &pl->x)) != RV_OK ||
	    (rv = read_int(c, v, path, "y", REQUIRED, 0, m->rows - pl->h,
	    &pl->y)) != RV_OK)
		return rv;
	if (pl->kind != RV_PLACE_BUILDING)
		return RV_OK;
	for (i = 0; i < m->nplaces; i++) {
		if (m->places[i].kind != RV_PLACE_BUILDING)
			continue;
		if (strcmp(m->places[i].building, pl->building) == 0)
			return fail(c, path, "building", "building '%s' is "
			    "already on the map", pl->building);
		if (map_overlap(&m->places[i], pl))
			return fail(c, path, NULL, "overlaps building '%s'",
			    m->places[i].building);
	}
	return RV_OK;
}

/*
 * The optional site map (docs/plan-map.md): a grid of cols x rows cells
 * with buildings, item places and landmarks, each list optional.  Items
 * are parsed already, so item places can be checked against them.
 */
static enum rv_status
parse_map(struct plan_ctx *c, json_t *root, struct rv_plan *plan)
{
	static const char *const keys[] = { "cols", "rows", "buildings",
	    "items", "landmarks" };
	static const enum rv_place_kind kinds[] = { RV_PLACE_BUILDING,
	    RV_PLACE_ITEM, RV_PLACE_LANDMARK };
	json_t		*v, *list, *e;
	struct rv_map	*m;
	const char	*mpath = "$.map";
	char		 epath[PLAN_PATH_MAX];
	size_t		 i, k, total = 0;
	enum rv_status	 rv;

	if ((rv = member(c, root, "$", "map", OPTIONAL, K_OBJECT, &v)) !=
	    RV_OK || v == NULL)
		return rv;
	m = plan->map = xcalloc(1, sizeof *m);
	if ((rv = check_keys(c, v, mpath, keys, nitems(keys))) != RV_OK ||
	    (rv = read_int(c, v, mpath, "cols", REQUIRED, 3, RV_MAP_COLS_MAX,
	    &m->cols)) != RV_OK ||
	    (rv = read_int(c, v, mpath, "rows", REQUIRED, 3, RV_MAP_ROWS_MAX,
	    &m->rows)) != RV_OK)
		return rv;
	for (k = 0; k < nitems(kinds); k++) {
		if ((rv = member(c, v, mpath, keys[2 + k], OPTIONAL, K_ARRAY,
		    &list)) != RV_OK)
			return rv;
		total += json_array_size(list);	/* 0 for NULL */
	}
	if (total > RV_MAP_PLACES_MAX)
		return fail(c, mpath, NULL, "has %zu places, more than the "
		    "limit of %d", total, RV_MAP_PLACES_MAX);
	m->places = xcalloc(total == 0 ? 1 : total, sizeof *m->places);
	for (k = 0; k < nitems(kinds); k++) {
		list = json_object_get(v, keys[2 + k]);
		json_array_foreach(list, i, e) {
			snprintf(epath, sizeof epath, "$.map.%s[%zu]",
			    keys[2 + k], i);
			m->places[m->nplaces].kind = kinds[k];
			if ((rv = expect_kind(c, e, epath, NULL, K_OBJECT)) !=
			    RV_OK || (rv = parse_place(c, e, epath,
			    &m->places[m->nplaces], plan, m)) != RV_OK) {
				m->nplaces++;	/* so plan_free frees it */
				return rv;
			}
			m->nplaces++;
		}
	}
	return RV_OK;
}

/* Free a site map; NULL is fine. */
static void
map_free(struct rv_map *m)
{
	size_t	 i;

	if (m == NULL)
		return;
	for (i = 0; i < m->nplaces; i++) {
		free(m->places[i].building);
		free(m->places[i].item);
		text_clear(&m->places[i].label);
	}
	free(m->places);
	free(m);
}

/*
 * The optional committee: the names of the members who check proxies at
 * the kiosk, each a short text, none repeated.
 */
static enum rv_status
parse_committee(struct plan_ctx *c, json_t *root, struct rv_plan *plan)
{
	char		 path[PLAN_PATH_MAX];
	json_t		*v, *e;
	const char	*name;
	size_t		 i, j, len;
	enum rv_status	 rv;

	if ((rv = member(c, root, "$", "committee", OPTIONAL, K_ARRAY,
	    &v)) != RV_OK || v == NULL)
		return rv;
	if (json_array_size(v) > PLAN_COMMITTEE_MAX)
		return fail(c, "$", "committee", "has %zu names, more than the "
		    "limit of %d", json_array_size(v), PLAN_COMMITTEE_MAX);
	plan->committee = xcalloc(json_array_size(v) + 1,
	    sizeof *plan->committee);
	json_array_foreach(v, i, e) {
		snprintf(path, sizeof path, "$.committee[%zu]", i);
		if ((rv = expect_kind(c, e, path, NULL, K_STRING)) != RV_OK)
			return rv;
		name = json_string_value(e);
		len = json_string_length(e);
		if (len > PLAN_MEMBER_MAX)
			return fail(c, path, NULL, "name is %zu bytes, longer "
			    "than %d", len, PLAN_MEMBER_MAX);
		if ((rv = check_text(c, name, len, path, NULL)) != RV_OK)
			return rv;
		if (strchr(name, '\n') != NULL || name[0] == ' ' ||
		    name[len - 1] == ' ')
			return fail(c, path, NULL, "a name is one line with no "
			    "space at either end");
		for (j = 0; j < plan->ncommittee; j++) {
			if (strcmp(plan->committee[j], name) == 0)
				return fail(c, path, NULL, "'%s' repeats "
				    "$.committee[%zu]", name, j);
		}
		plan->committee[plan->ncommittee++] = xstrdup(name);
	}
	return RV_OK;
}

/*
 * The whole plan, from the parsed document root into the zeroed plan.
 * Items come before questions, which refer to them.
 */
static enum rv_status
parse_plan(struct plan_ctx *c, json_t *root, struct rv_plan *plan)
{
	static const char *const keys[] = { "estate_id", "title", "items",
	    "questions", "pledges", "map", "committee" };
	static const struct array_spec items_spec = {
		"items", REQUIRED, 0, PLAN_ITEMS_MAX, K_OBJECT,
		sizeof (struct rv_item), offsetof(struct rv_item, id), "id",
		parse_item
	};
	static const struct array_spec questions_spec = {
		"questions", REQUIRED, 0, PLAN_QUESTIONS_MAX, K_OBJECT,
		sizeof (struct rv_question), offsetof(struct rv_question, id),
		"id", parse_question
	};
	static const struct array_spec pledges_spec = {
		"pledges", OPTIONAL, 0, PLAN_PLEDGES_MAX, K_OBJECT,
		sizeof (struct rv_pledge), offsetof(struct rv_pledge, id), "id",
		parse_pledge
	};
	void		*array = NULL;
	enum rv_status	 rv;

	if ((rv = expect_kind(c, root, "$", NULL, K_OBJECT)) != RV_OK ||
	    (rv = check_keys(c, root, "$", keys, nitems(keys))) != RV_OK ||
	    (rv = read_id(c, root, "$", "estate_id", REQUIRED,
	    &plan->estate_id)) != RV_OK ||
	    (rv = read_text(c, root, "$", "title", REQUIRED, &plan->title)) !=
	    RV_OK)
		return rv;

	rv = read_array(c, root, "$", &items_spec, &array, &plan->nitems, NULL);
	plan->items = array;
	if (rv != RV_OK)
		return rv;
	array = NULL;
	rv = read_array(c, root, "$", &questions_spec, &array,
	    &plan->nquestions, plan);
	plan->questions = array;
	if (rv != RV_OK)
		return rv;
	array = NULL;
	rv = read_array(c, root, "$", &pledges_spec, &array, &plan->npledges,
	    NULL);
	plan->pledges = array;
	if (rv != RV_OK || (rv = parse_map(c, root, plan)) != RV_OK ||
	    (rv = parse_committee(c, root, plan)) != RV_OK)
		return rv;

	if (plan->nquestions == 0 && plan->npledges == 0)
		return fail(c, "$", "questions", "the plan asks no question "
		    "and has no pledge");
	return plan_topics_once(c, plan);
}

/*
 * Parse and validate the plan file name (used only in causes) held in
 * buf[0..len); the caller has bounded len by RV_PLAN_FILE_MAX.  On success
 * *out is the plan, for plan_free; on failure *out is untouched, nothing
 * stays allocated but *cause, and the cause names the file and the JSON
 * path ("plan.json: $.items[0].class: ...") or, for a syntax error, the
 * line and column ("plan.json:3:17: ...").
 */
enum rv_status
plan_parse(const char *name, const char *buf, size_t len,
    struct rv_plan **out, char **cause)
{
	struct plan_ctx	 c = { name, cause };
	struct rv_plan	*plan = NULL;
	json_t		*root;
	json_error_t	 error;
	enum rv_status	 rv;

	/* A repeated key would leave one value unseen: refuse it. */
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &error);
	if (root == NULL) {
		rv = rv_fail(cause, RV_EINPUT, "%s:%d:%d: %s", name,
		    error.line, error.column, error.text);
		if (cause != NULL)
			text_scrub(*cause);
		goto out;
	}
	plan = xcalloc(1, sizeof *plan);
	if ((rv = parse_plan(&c, root, plan)) != RV_OK)
		goto out;
	*out = plan;
	plan = NULL;
out:
	plan_free(plan);
	json_decref(root);
	return rv;
}

/*
 * Check that the plan (parsed from the file name) fits estate e's roster:
 * it is e's plan, and every question's scope holds at least one flat, for
 * a question nobody may answer is surely a mistake in the file.
 */
enum rv_status
plan_check_roster(const char *name, const struct rv_plan *plan,
    const struct rv_estate *e, char **cause)
{
	struct plan_ctx			 c = { name, cause };
	const struct rv_question	*q;
	char				 path[PLAN_PATH_MAX];
	size_t				 i, j;

	if (strcmp(plan->estate_id, e->id) != 0)
		return fail(&c, "$", "estate_id", "'%s' is not estate %s of "
		    "the roster", plan->estate_id, e->id);
	for (i = 0; plan->map != NULL && i < plan->map->nplaces; i++) {
		if (plan->map->places[i].kind != RV_PLACE_BUILDING)
			continue;
		for (j = 0; j < e->nflats; j++) {
			if (strcmp(e->flats[j].building,
			    plan->map->places[i].building) == 0)
				break;
		}
		if (j < e->nflats)
			continue;
		snprintf(path, sizeof path, "$.map.buildings[%zu]", i);
		return fail(&c, path, "building", "estate %s has no building "
		    "'%s'", e->id, plan->map->places[i].building);
	}
	for (i = 0; i < plan->nquestions; i++) {
		q = &plan->questions[i];
		for (j = 0; j < e->nflats; j++) {
			if (estate_flat_in_scope(&e->flats[j], q))
				break;
		}
		if (j < e->nflats)
			continue;
		snprintf(path, sizeof path, "$.questions[%zu]", i);
		if (q->scope_building == NULL)
			return fail(&c, path, NULL, "estate %s has no flats",
			    e->id);
		if (q->scope_entrance != NULL)
			return fail(&c, path, "scope", "no flat of estate %s "
			    "is in building %s entrance %s", e->id,
			    q->scope_building, q->scope_entrance);
		return fail(&c, path, "scope", "no flat of estate %s is in "
		    "building %s", e->id, q->scope_building);
	}
	return RV_OK;
}

/*
 * What a flat of the given area (hundredths of a m2) contributes to the
 * item: area times the fen per m2, over 100, rounded half up.  Assumes
 * 0 <= area <= RV_AREA_MAX and a contribution plan_parse accepted.  The
 * whole square metres are multiplied apart from the remainder so that the
 * product stays small; as their part is a whole number of fen, rounding
 * the remainder's part alone rounds the sum.
 */
int64_t
plan_item_contribution_fen(const struct rv_item *it, rv_area area)
{
	int64_t	 per = it->contribution_fen_per_m2;

	return area / 100 * per + (area % 100 * per + 50) / 100;
}

/* Free what a question owns, not the question itself. */
static void
question_clear(struct rv_question *q)
{
	size_t	 i;

	free(q->id);
	free(q->scope_building);
	free(q->scope_entrance);
	for (i = 0; i < q->nitems; i++)
		free(q->items[i]);
	free(q->items);
	text_clear(&q->title);
	for (i = 0; i < q->noptions; i++) {
		free(q->options[i].id);
		free(q->options[i].item);
		text_clear(&q->options[i].title);
	}
	free(q->options);
	for (i = 0; i < q->nlabels; i++)
		text_clear(&q->labels[i]);
	free(q->labels);
}

/*
 * Free the plan and everything in it.  NULL is fine, and so is a plan
 * that parsing gave up on half-way: its records are zeroed until filled.
 */
void
plan_free(struct rv_plan *plan)
{
	size_t	 i;

	if (plan == NULL)
		return;
	free(plan->estate_id);
	text_clear(&plan->title);
	for (i = 0; i < plan->nitems; i++) {
		free(plan->items[i].id);
		text_clear(&plan->items[i].title);
		text_clear(&plan->items[i].description);
	}
	free(plan->items);
	for (i = 0; i < plan->nquestions; i++)
		question_clear(&plan->questions[i]);
	free(plan->questions);
	for (i = 0; i < plan->npledges; i++) {
		free(plan->pledges[i].id);
		text_clear(&plan->pledges[i].text);
	}
	free(plan->pledges);
	map_free(plan->map);
	strv_free(plan->committee, plan->ncommittee);
	free(plan);
}

/* The question of plan p with this id, or NULL. */
const struct rv_question *
plan_question(const struct rv_plan *p, const char *id)
{
	size_t	 i;

	for (i = 0; i < p->nquestions; i++) {
		if (strcmp(p->questions[i].id, id) == 0)
			return &p->questions[i];
	}
	return NULL;
}

/* The pledge of plan p with this id, or NULL. */
const struct rv_pledge *
plan_pledge(const struct rv_plan *p, const char *id)
{
	size_t	 i;

	for (i = 0; i < p->npledges; i++) {
		if (strcmp(p->pledges[i].id, id) == 0)
			return &p->pledges[i];
	}
	return NULL;
}
