/*
 * The roster CSV (docs/interface.md, "Roster CSV"): every flat of one or
 * more estates, with its owner and exclusive area.
 *
 * Importing is all or nothing, so the whole file is checked before
 * anything is handed back.  While checking, rows live in a staging area:
 * their strings are packed into one growing arena and referred to by
 * offset, so a refused file of two million rows costs a few large blocks
 * rather than millions of small ones.  Only once every row has passed are
 * the flats built with their own strings, as estate_free expects.
 *
 * Duplicates (a flat id, or a building/entrance/room, seen twice in one
 * estate) and the estate of each row are found through hash tables, so a
 * city roster of 200,000 rows takes linear time, and every problem is
 * reported in file order: the first one a clerk would reach.
 */

#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "renovote.h"

#define ROSTER_SHOW_MAX		80	/* bytes of a value quoted in a message */
#define ROSTER_TABLE_INIT	64	/* least number of hash table slots */
#define ROSTER_ROWS_INIT	256	/* least number of staged rows */
#define ROSTER_ARENA_INIT	4096	/* first size of the string arena */
#define ROSTER_NONE		SIZE_MAX	/* no offset, no index */

/* Table slots hold indices in 32 bits; see struct roster_slot. */
#if RV_FLATS_MAX >= UINT32_MAX
#error "RV_FLATS_MAX does not fit a roster_slot index"
#endif

/* The columns of docs/interface.md, in the order messages list them. */
enum roster_col {
	COL_ESTATE_ID,
	COL_ESTATE_NAME,
	COL_BUILDING,
	COL_ENTRANCE,
	COL_ROOM,
	COL_FLAT_ID,
	COL_OWNER_ID,
	COL_AREA,
	COL_OWNER_NAME,
	COL_AREA_SOURCE,
	COL_ESTATE_NAME_ZH_TW,
	COL_ESTATE_NAME_EN,
	COL_STREET,
	COL_COMMUNITY,
	NCOLS
};

/* How a column's values are checked. */
enum roster_check {
	CHECK_ID,		/* id_valid */
	CHECK_NAME,		/* RV_NAME_MAX bytes, no control characters */
	CHECK_AREA,		/* area_parse */
	CHECK_SOURCE		/* one of area_sources, or empty */
};

/* The strings a staged row keeps; each becomes one rv_flat member. */
enum roster_str {
	STR_FLAT_ID,
	STR_BUILDING,
	STR_ENTRANCE,
	STR_ROOM,
	STR_OWNER_ID,
	STR_OWNER_NAME,
	STR_AREA_SOURCE,
	NSTRS
};

static const struct roster_column {
	const char		*name;
	int			 required;
	enum roster_check	 check;
	int			 str;	/* enum roster_str, or -1: kept elsewhere */
} roster_columns[NCOLS] = {
	[COL_ESTATE_ID] =	{ "estate_id", 1, CHECK_ID, -1 },
	[COL_ESTATE_NAME] =	{ "estate_name", 1, CHECK_NAME, -1 },
	[COL_BUILDING] =	{ "building", 1, CHECK_ID, STR_BUILDING },
	[COL_ENTRANCE] =	{ "entrance", 1, CHECK_ID, STR_ENTRANCE },
	[COL_ROOM] =		{ "room", 1, CHECK_ID, STR_ROOM },
	[COL_FLAT_ID] =		{ "flat_id", 1, CHECK_ID, STR_FLAT_ID },
	[COL_OWNER_ID] =	{ "owner_id", 1, CHECK_ID, STR_OWNER_ID },
	[COL_AREA] =		{ "area_m2", 1, CHECK_AREA, -1 },
	[COL_OWNER_NAME] =	{ "owner_name", 0, CHECK_NAME, STR_OWNER_NAME },
	[COL_AREA_SOURCE] =	{ "area_source", 0, CHECK_SOURCE,
				    STR_AREA_SOURCE },
	[COL_ESTATE_NAME_ZH_TW] = { "estate_name_zh_TW", 0, CHECK_NAME, -1 },
	[COL_ESTATE_NAME_EN] =	{ "estate_name_en", 0, CHECK_NAME, -1 },
	[COL_STREET] =		{ "street", 0, CHECK_NAME, -1 },
	[COL_COMMUNITY] =	{ "community", 0, CHECK_NAME, -1 },
};

/*
 * The estate's name columns, each locale's (docs/interface.md): every
 * row of an estate agrees on each.  Only estate_name is required.
 */
static const struct {
	enum roster_col	 col;
	enum rv_locale	 loc;
} roster_names[] = {
	{ COL_ESTATE_NAME, RV_ZH_CN },
	{ COL_ESTATE_NAME_ZH_TW, RV_ZH_TW },
	{ COL_ESTATE_NAME_EN, RV_EN },
};
#define ROSTER_NNAMES	(sizeof roster_names / sizeof roster_names[0])

/*
 * Where the estate lies: its street (街道) and community (社区), which
 * the city index groups by.  Optional; every row of an estate agrees.
 */
enum roster_place {
	PLACE_STREET,
	PLACE_COMMUNITY,
	NPLACES
};
static const enum roster_col roster_places[NPLACES] = {
	[PLACE_STREET] = COL_STREET,
	[PLACE_COMMUNITY] = COL_COMMUNITY,
};

static const char *area_sources[] = { "register", "survey", "contract" };
#define NAREA_SOURCES	(sizeof area_sources / sizeof area_sources[0])

/* Characters id_valid refuses besides controls; see util.c. */
static const char id_forbidden[] = ",/\"\\?#%";

/* A row that has passed every check, waiting for the whole file to. */
struct roster_row {
	size_t	 str[NSTRS];	/* offsets into the arena, or ROSTER_NONE */
	rv_area	 area;
	size_t	 line;
	size_t	 estate;	/* index into the staged estates */
};

/* An estate as first seen, and how many rows it has so far. */
struct roster_estate {
	char	*id;
	char	*name[RV_NLOCALES];	/* by locale; "" when none */
	char	*place[NPLACES];	/* street, community; "" when none */
	size_t	 line;
	size_t	 nflats;
};

/*
 * A hash key: an estate index and up to ROSTER_KEY_PARTS strings, unused
 * ones NULL.  One shape serves the three tables.
 */
#define ROSTER_KEY_PARTS	3
struct roster_key {
	size_t		 estate;
	const char	*part[ROSTER_KEY_PARTS];
};

struct roster;

/*
 * An open-addressing hash set of indices (rows or estates).  Each slot
 * keeps 32 bits of its key's hash, so growing never recomputes keys and
 * most mismatches are seen without reading a key; keyof gives the key of
 * an index already in the table.  Slots are 8 bytes and zero means empty,
 * so a fresh table is one calloc: at 200,000 rows the tables' memory is
 * most of their cost.
 */
struct roster_slot {
	uint32_t	 hash;
	uint32_t	 index;	/* index + 1, or 0 when empty */
};
struct roster_table {
	struct roster_slot	*slots;
	size_t			 size;	/* a power of two, or 0 */
	size_t			 used;
	void			(*keyof)(const struct roster *, size_t,
				    struct roster_key *);
};

/* Everything roster_parse holds while it checks the file. */
struct roster {
	const char		*name;
	struct csv		*csv;
	size_t			 line;		/* of the record being checked */

	int			 pos[NCOLS];	/* field of each column, or -1 */
	int			 colat[NCOLS];	/* column of each field */
	size_t			 ncols;		/* fields in the header */

	struct roster_row	*rows;
	size_t			 nrows;
	size_t			 rowsize;

	char			*arena;
	size_t			 arenalen;
	size_t			 arenasize;

	struct roster_estate	*estates;
	size_t			 nestates;
	size_t			 estatesize;

	struct roster_table	 by_estate;	/* estate id */
	struct roster_table	 by_flat;	/* estate, flat id */
	struct roster_table	 by_room;	/* estate, building, entrance, room */
};

/*
 * Copy s into buf for quoting in a one-line message: control characters
 * become '?' (text_scrub), and a long value is cut at a character boundary and marked
 * with "...".  Assumes s is valid UTF-8 (the CSV reader checked).
 */
static const char *
roster_show(const char *s, char *buf, size_t size)
{
	size_t	 len = strlen(s), n = len;

	if (len >= size) {
		n = size - 4;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(buf, s, n);
	if (n < len) {
		memcpy(buf + n, "...", 3);
		n += 3;
	}
	buf[n] = '\0';
	return text_scrub(buf);
}

/*
 * Refuse the record being checked: "NAME:LINE: FIELD: reason", or without
 * the field when field is NULL.  Returns RV_EINPUT.
 */
static enum rv_status RV_PRINTF(4, 5)
roster_fail(const struct roster *r, char **cause, const char *field,
    const char *fmt, ...)
{
	va_list	 ap;
	char	*why;

	va_start(ap, fmt);
	xvasprintf(&why, gettext(fmt), ap);
	va_end(ap);
	if (field != NULL)
		rv_fail(cause, RV_EINPUT, "%s:%zu: %s: %s", r->name, r->line,
		    field, why);
	else
		rv_fail(cause, RV_EINPUT, "%s:%zu: %s", r->name, r->line, why);
	free(why);
	return RV_EINPUT;
}

/* A staged row's string, or NULL when it has none. */
static const char *
roster_str(const struct roster *r, const struct roster_row *w,
    enum roster_str s)
{
	return w->str[s] == ROSTER_NONE ? NULL : r->arena + w->str[s];
}

/*
 * Copy s into the arena and return its offset.  Offsets, not pointers,
 * because the arena moves when it grows.
 */
static size_t
roster_arena_add(struct roster *r, const char *s)
{
	size_t	 n = strlen(s) + 1, off = r->arenalen, size = r->arenasize;

	while (size - r->arenalen < n)
		size = size == 0 ? ROSTER_ARENA_INIT : size * 2;
	if (size != r->arenasize) {
		r->arena = xreallocarray(r->arena, size, 1);
		r->arenasize = size;
	}
	memcpy(r->arena + off, s, n);
	r->arenalen += n;
	return off;
}

/* FNV-1a over n bytes, continuing from h. */
static uint64_t
roster_hash_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char	*b = p;
	size_t			 i;

	for (i = 0; i < n; i++) {
		h ^= b[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/*
 * Hash a key.  Each part's NUL is hashed too, so ("a", "bc") and
 * ("ab", "c") differ.
 */
static uint64_t
roster_hash(const struct roster_key *k)
{
	uint64_t	 h = 0xcbf29ce484222325ULL;
	size_t		 i;

	h = roster_hash_bytes(h, &k->estate, sizeof k->estate);
	for (i = 0; i < ROSTER_KEY_PARTS && k->part[i] != NULL; i++)
		h = roster_hash_bytes(h, k->part[i], strlen(k->part[i]) + 1);
	return h;
}

/* Are two keys equal? */
static int
roster_key_eq(const struct roster_key *a, const struct roster_key *b)
{
	size_t	 i;

	if (a->estate != b->estate)
		return 0;
	for (i = 0; i < ROSTER_KEY_PARTS; i++) {
		if (a->part[i] == NULL || b->part[i] == NULL) {
			if (a->part[i] != b->part[i])
				return 0;
			break;
		}
		if (strcmp(a->part[i], b->part[i]) != 0)
			return 0;
	}
	return 1;
}

/*
 * Resize the table to hold n entries at most half full (at least
 * ROSTER_TABLE_INIT slots), placing every entry by its stored hash.
 */
static void
roster_table_resize(struct roster_table *t, size_t n)
{
	struct roster_slot	*old = t->slots;
	size_t			 oldsize = t->size, size, i, j;

	for (size = ROSTER_TABLE_INIT; size / 2 < n; size *= 2)
		/* nothing */;
	t->size = size;
	t->slots = xcalloc(size, sizeof *t->slots);
	for (i = 0; i < oldsize; i++) {
		if (old[i].index == 0)
			continue;
		j = old[i].hash & (size - 1);
		while (t->slots[j].index != 0)
			j = (j + 1) & (size - 1);
		t->slots[j] = old[i];
	}
	free(old);
}

/*
 * Look k up; if an index with an equal key is there, return it, else add
 * index (below RV_FLATS_MAX) under k and return ROSTER_NONE.  The table
 * stays at most half full so probes stay short.
 */
static size_t
roster_table_add(const struct roster *r, struct roster_table *t,
    const struct roster_key *k, size_t index)
{
	struct roster_key	 other;
	uint32_t		 h = (uint32_t)roster_hash(k);
	size_t			 j;

	if ((t->used + 1) * 2 > t->size)
		roster_table_resize(t, t->used * 2 + 1);
	j = h & (t->size - 1);
	while (t->slots[j].index != 0) {
		if (t->slots[j].hash == h) {
			t->keyof(r, t->slots[j].index - 1, &other);
			if (roster_key_eq(k, &other))
				return t->slots[j].index - 1;
		}
		j = (j + 1) & (t->size - 1);
	}
	t->slots[j].hash = h;
	t->slots[j].index = (uint32_t)index + 1;
	t->used++;
	return ROSTER_NONE;
}

/* The key of staged estate i: its id. */
static void
roster_estate_key(const struct roster *r, size_t i, struct roster_key *k)
{
	memset(k, 0, sizeof *k);
	k->part[0] = r->estates[i].id;
}

/* The key of staged row i in by_flat: its estate and flat id. */
static void
roster_flat_key(const struct roster *r, size_t i, struct roster_key *k)
{
	const struct roster_row	*w = &r->rows[i];

	memset(k, 0, sizeof *k);
	k->estate = w->estate;
	k->part[0] = roster_str(r, w, STR_FLAT_ID);
}

/* The key of staged row i in by_room: estate, building, entrance, room. */
static void
roster_room_key(const struct roster *r, size_t i, struct roster_key *k)
{
	const struct roster_row	*w = &r->rows[i];

	k->estate = w->estate;
	k->part[0] = roster_str(r, w, STR_BUILDING);
	k->part[1] = roster_str(r, w, STR_ENTRANCE);
	k->part[2] = roster_str(r, w, STR_ROOM);
}

/*
 * The column a header name is, or -1.  Names are exact: a roster is
 * machine-made often enough that guessing would hide real mistakes.
 */
static int
roster_column_find(const char *name)
{
	int	 i;

	for (i = 0; i < NCOLS; i++) {
		if (strcmp(name, roster_columns[i].name) == 0)
			return i;
	}
	return -1;
}

/*
 * The column a header name was probably meant to be, ignoring ASCII case,
 * surrounding spaces, and '-' or ' ' for '_'; or -1.  Only used to make a
 * refusal's message point at the fix.
 */
static int
roster_column_near(const char *name)
{
	char	 buf[RV_NAME_MAX];
	size_t	 len = strlen(name), n = 0, i;

	while (len > 0 && name[len - 1] == ' ')
		len--;
	for (i = 0; i < len && name[i] == ' '; i++)
		/* skip */;
	for (; i < len && n < sizeof buf - 1; i++) {
		char ch = name[i];
		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		else if (ch == '-' || ch == ' ')
			ch = '_';
		buf[n++] = ch;
	}
	buf[n] = '\0';
	if (i < len)
		return -1;
	for (i = 0; i < NCOLS; i++) {
		if (strcasecmp(buf, roster_columns[i].name) == 0)
			return (int)i;
	}
	return -1;
}

/*
 * A comma-separated list of column names: all of them, or (missing set)
 * only the required ones the header lacks.  Allocated.
 */
static char *
roster_column_list(const struct roster *r, int missing)
{
	char	*list = NULL, *next;
	int	 i;

	for (i = 0; i < NCOLS; i++) {
		if (missing && (!roster_columns[i].required || r->pos[i] != -1))
			continue;
		xasprintf(&next, "%s%s%s", list == NULL ? "" : list,
		    list == NULL ? "" : ", ", roster_columns[i].name);
		free(list);
		list = next;
	}
	return list;
}

/* Refuse a header field that names no column, hinting at a near miss. */
static enum rv_status
roster_unknown(const struct roster *r, const char *name, size_t field,
    char **cause)
{
	char		 shown[ROSTER_SHOW_MAX], *all;
	enum rv_status	 st;
	int		 near = roster_column_near(name);

	roster_show(name, shown, sizeof shown);
	if (near != -1)
		return roster_fail(r, cause, NULL, "unknown column '%s' (field "
		    "%zu): did you mean '%s'? Column names are exact and "
		    "lower-case", shown, field, roster_columns[near].name);
	all = roster_column_list(r, 0);
	st = roster_fail(r, cause, NULL, "unknown column '%s' (field %zu); "
	    "columns are %s", shown, field, all);
	free(all);
	return st;
}

/*
 * Read and check the header row: every field a known column, none twice,
 * every required column present.  A first row that names no column at all,
 * not even nearly, is most likely data, and is refused as a missing header.
 */
static enum rv_status
roster_header(struct roster *r, char **cause)
{
	char		**fields, *list;
	size_t		 nfields, i;
	enum rv_status	 st;
	int		 n, col, known = 0;

	if ((n = csv_next(r->csv, &fields, &nfields, cause)) == -1)
		return RV_EINPUT;
	if (n == 0) {
		list = roster_column_list(r, 1);
		st = rv_fail(cause, RV_EINPUT, "%s: empty file: expected a "
		    "header row naming the columns (%s)", r->name, list);
		free(list);
		return st;
	}
	r->line = csv_line(r->csv);

	/* A near miss counts: "ESTATE_ID,..." is a header, wrongly spelt. */
	for (i = 0; i < nfields; i++) {
		if (roster_column_near(fields[i]) != -1)
			known = 1;
	}
	if (!known) {
		list = roster_column_list(r, 1);
		st = roster_fail(r, cause, NULL, "no header row: the first "
		    "row must name the columns (%s)", list);
		free(list);
		return st;
	}

	for (i = 0; i < nfields; i++) {
		if ((col = roster_column_find(fields[i])) == -1)
			return roster_unknown(r, fields[i], i + 1, cause);
		if (r->pos[col] != -1)
			return roster_fail(r, cause, NULL, "column '%s' appears "
			    "twice (fields %d and %zu)", fields[i],
			    r->pos[col] + 1, i + 1);
		/* Distinct known columns, so i < NCOLS here. */
		r->pos[col] = (int)i;
		r->colat[i] = col;
	}
	r->ncols = nfields;

	list = roster_column_list(r, 1);
	st = RV_OK;
	if (list != NULL)
		st = roster_fail(r, cause, NULL, P_("missing required "
		    "column: %s", "missing required columns: %s",
		    strchr(list, ',') != NULL ? 2 : 1), list);
	free(list);
	return st;
}

/*
 * Say in words why id_valid refuses s, as "'VALUE' reason".  id_valid in
 * util.c is the rule; this only explains it, so it ends with a catch-all.
 */
static enum rv_status
roster_bad_id(const struct roster *r, const char *field, const char *s,
    char **cause)
{
	char		 shown[ROSTER_SHOW_MAX];
	size_t		 len = strlen(s), i;
	unsigned char	 ch;

	roster_show(s, shown, sizeof shown);
	if (len > RV_ID_MAX)
		return roster_fail(r, cause, field, "'%s' is longer than %d "
		    "bytes", shown, RV_ID_MAX);
	if (s[0] == ' ' || s[len - 1] == ' ')
		return roster_fail(r, cause, field, "'%s' starts or ends with "
		    "a space", shown);
	for (i = 0; i < len; i++) {
		ch = (unsigned char)s[i];
		if (ch < 0x20 || ch == 0x7f)
			return roster_fail(r, cause, field, "'%s' contains a "
			    "control character (a line break or tab?)", shown);
		if (strchr(id_forbidden, ch) != NULL)
			return roster_fail(r, cause, field, "'%s' contains "
			    "'%c', which an id may not contain", shown, ch);
	}
	return roster_fail(r, cause, field, "'%s' is not a valid id", shown);
}

/*
 * Check a name (estate_name, owner_name): at most RV_NAME_MAX bytes and
 * no control characters, C0 or C1, since names are shown on one line of
 * a kiosk screen and a printed notice.
 */
static enum rv_status
roster_check_name(const struct roster *r, const char *field, const char *s,
    char **cause)
{
	char		 shown[ROSTER_SHOW_MAX];
	const unsigned char *p;
	size_t		 len = strlen(s);

	if (len > RV_NAME_MAX)
		return roster_fail(r, cause, field, "longer than %d bytes "
		    "(%zu)", RV_NAME_MAX, len);
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f ||
		    (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
			return roster_fail(r, cause, field, "'%s' contains a "
			    "control character", roster_show(s, shown,
			    sizeof shown));
	}
	return RV_OK;
}

/*
 * Check an area and store it in *area.  area_parse quotes the value in
 * its message, so a value with a control character is quoted through
 * roster_show first to keep the message on one line; it fails either way.
 */
static enum rv_status
roster_check_area(const struct roster *r, const char *field, const char *s,
    rv_area *area, char **cause)
{
	char		 shown[ROSTER_SHOW_MAX], *why = NULL;
	const char	*p;
	enum rv_status	 st;

	for (p = s; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			s = roster_show(s, shown, sizeof shown);
			break;
		}
	}
	if (area_parse(s, area, &why) == RV_OK)
		return RV_OK;
	st = roster_fail(r, cause, field, "%s", why);
	free(why);
	return st;
}

/* Check an area_source: empty, or one of area_sources. */
static enum rv_status
roster_check_source(const struct roster *r, const char *field,
    const char *s, char **cause)
{
	char	 shown[ROSTER_SHOW_MAX];
	size_t	 i;

	for (i = 0; i < NAREA_SOURCES; i++) {
		if (strcmp(s, area_sources[i]) == 0)
			return RV_OK;
	}
	return roster_fail(r, cause, field, "'%s' is not one of register, "
	    "survey, contract (or empty)", roster_show(s, shown, sizeof shown));
}

/*
 * Check one field of a data row by its column's rule.  Empty fields are
 * refused in required columns and allowed in optional ones.  Sets *area
 * for the area column.
 */
static enum rv_status
roster_check(const struct roster *r, int col, const char *s, rv_area *area,
    char **cause)
{
	const struct roster_column	*c = &roster_columns[col];

	if (*s == '\0') {
		if (c->required)
			return roster_fail(r, cause, c->name, "empty, but every "
			    "flat needs one");
		return RV_OK;
	}
	switch (c->check) {
	case CHECK_ID:
		if (!id_valid(s))
			return roster_bad_id(r, c->name, s, cause);
		return RV_OK;
	case CHECK_NAME:
		return roster_check_name(r, c->name, s, cause);
	case CHECK_AREA:
		return roster_check_area(r, c->name, s, area, cause);
	case CHECK_SOURCE:
		return roster_check_source(r, c->name, s, cause);
	}
	return RV_OK;
}

/*
 * Find the staged estate with this id, or stage it with the names,
 * street and community of row v (by enum roster_col); refuse a row
 * whose names or place disagree with the estate's first row, naming the
 * column.
 */
static enum rv_status
roster_estate(struct roster *r, const char *id, const char **v,
    size_t *index, char **cause)
{
	struct roster_estate	*e;
	struct roster_key	 k;
	char			 shown[ROSTER_SHOW_MAX], first[ROSTER_SHOW_MAX];
	const char		*name;
	size_t			 i, j;

	memset(&k, 0, sizeof k);
	k.part[0] = id;
	if ((i = roster_table_add(r, &r->by_estate, &k, r->nestates)) !=
	    ROSTER_NONE) {
		e = &r->estates[i];
		for (j = 0; j < ROSTER_NNAMES; j++) {
			name = v[roster_names[j].col];
			if (strcmp(e->name[roster_names[j].loc], name) == 0)
				continue;
			return roster_fail(r, cause,
			    roster_columns[roster_names[j].col].name, "'%s' "
			    "differs from '%s' on line %zu for estate_id '%s'",
			    roster_show(name, shown, sizeof shown),
			    roster_show(e->name[roster_names[j].loc], first,
			    sizeof first), e->line, e->id);
		}
		for (j = 0; j < NPLACES; j++) {
			name = v[roster_places[j]];
			if (strcmp(e->place[j], name) == 0)
				continue;
			return roster_fail(r, cause,
			    roster_columns[roster_places[j]].name, "'%s' "
			    "differs from '%s' on line %zu for estate_id '%s'",
			    roster_show(name, shown, sizeof shown),
			    roster_show(e->place[j], first, sizeof first),
			    e->line, e->id);
		}
		*index = i;
		return RV_OK;
	}

	if (r->nestates == r->estatesize) {
		r->estatesize = r->estatesize == 0 ? 8 : r->estatesize * 2;
		r->estates = xreallocarray(r->estates, r->estatesize,
		    sizeof *r->estates);
	}
	e = &r->estates[r->nestates];
	e->id = xstrdup(id);
	for (j = 0; j < ROSTER_NNAMES; j++)
		e->name[roster_names[j].loc] = xstrdup(v[roster_names[j].col]);
	for (j = 0; j < NPLACES; j++)
		e->place[j] = xstrdup(v[roster_places[j]]);
	e->line = r->line;
	e->nflats = 0;
	*index = r->nestates++;
	return RV_OK;
}

/* Is every field of the record empty?  Excel pads with such rows. */
static int
roster_blank(char **fields, size_t nfields)
{
	size_t	 i;

	for (i = 0; i < nfields; i++) {
		if (fields[i][0] != '\0')
			return 0;
	}
	return 1;
}

/*
 * A flat id written as building-entrance-room (it holds a '-') must be
 * exactly the row's building, entrance and room joined so: "1-1-1O2"
 * beside room 102 is a typo (the letter O for a zero), not a new flat.
 * Ids without a '-' are the office's own numbering and are not compared.
 */
static enum rv_status
roster_check_flat_id(const struct roster *r, const char **v, char **cause)
{
	char	*want, sa[ROSTER_SHOW_MAX], sb[ROSTER_SHOW_MAX];
	int	 same;

	if (strchr(v[COL_FLAT_ID], '-') == NULL)
		return RV_OK;
	xasprintf(&want, "%s-%s-%s", v[COL_BUILDING], v[COL_ENTRANCE],
	    v[COL_ROOM]);
	same = strcmp(want, v[COL_FLAT_ID]) == 0;
	if (!same)
		roster_fail(r, cause, "flat_id", "'%s' does not match building, "
		    "entrance and room ('%s')", roster_show(v[COL_FLAT_ID], sa,
		    sizeof sa), roster_show(want, sb, sizeof sb));
	free(want);
	return same ? RV_OK : RV_EINPUT;
}

/*
 * Fold an owner id for comparison: full-width forms (U+FF01..U+FF5E, and
 * the ideographic space U+3000) become their ASCII twins, then ASCII
 * letters lower case.  Assumes s is valid UTF-8; the result is allocated.
 */
static char *
roster_owner_fold(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	char			*out, *o;
	unsigned		 c;

	out = o = xmalloc(strlen(s) + 1);
	while (*p != '\0') {
		if (p[0] == 0xef && (p[1] == 0xbc || p[1] == 0xbd) &&
		    p[2] >= 0x80 && p[2] <= 0xbf) {
			c = 0xff00 | ((p[1] & 0x03) << 6) | (p[2] & 0x3f);
			if (c >= 0xff01 && c <= 0xff5e) {
				*o++ = (char)(c - 0xff01 + 0x21);
				p += 3;
				continue;
			}
		}
		if (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80) {
			*o++ = ' ';
			p += 3;
			continue;
		}
		c = *p++;
		*o++ = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	*o = '\0';
	return out;
}

/* One staged row's owner id, folded, for roster_check_owners. */
struct roster_owner {
	size_t		 estate;
	char		*folded;
	const char	*id;
	size_t		 line;
};

/* Order by estate, folded id, then line. */
static int
roster_owner_cmp(const void *va, const void *vb)
{
	const struct roster_owner	*a = va, *b = vb;
	int				 c;

	if (a->estate != b->estate)
		return a->estate < b->estate ? -1 : 1;
	if ((c = strcmp(a->folded, b->folded)) != 0)
		return c;
	return a->line < b->line ? -1 : a->line > b->line;
}

/*
 * Refuse two owner ids of one estate that differ only by letter case or
 * by full-width and half-width forms ("Developer" and "developer"): they
 * would silently be two owners.  Of all such pairs the one whose later
 * line comes first in the file is reported, naming both lines.
 */
static enum rv_status
roster_check_owners(struct roster *r, char **cause)
{
	struct roster_owner	*v;
	size_t			 i, j, best = ROSTER_NONE, bestfirst = 0;
	char			 sa[ROSTER_SHOW_MAX], sb[ROSTER_SHOW_MAX];
	enum rv_status		 st = RV_OK;

	v = xcalloc(r->nrows, sizeof *v);
	for (i = 0; i < r->nrows; i++) {
		v[i].estate = r->rows[i].estate;
		v[i].id = roster_str(r, &r->rows[i], STR_OWNER_ID);
		v[i].folded = roster_owner_fold(v[i].id);
		v[i].line = r->rows[i].line;
	}
	qsort(v, r->nrows, sizeof *v, roster_owner_cmp);
	for (i = 0; i < r->nrows; i = j) {
		for (j = i + 1; j < r->nrows && v[j].estate == v[i].estate &&
		    strcmp(v[j].folded, v[i].folded) == 0; j++) {
			if (strcmp(v[j].id, v[i].id) == 0)
				continue;
			if (best == ROSTER_NONE || v[j].line < v[best].line) {
				best = j;
				bestfirst = i;
			}
			break;
		}
	}
	if (best != ROSTER_NONE) {
		r->line = v[best].line;
		st = roster_fail(r, cause, "owner_id", "'%s' differs only by "
		    "case or width from '%s' on line %zu",
		    roster_show(v[best].id, sa, sizeof sa),
		    roster_show(v[bestfirst].id, sb, sizeof sb),
		    v[bestfirst].line);
	}
	for (i = 0; i < r->nrows; i++)
		free(v[i].folded);
	free(v);
	return st;
}

/*
 * Check one data row against its columns, its estate and the rows before
 * it, then stage it.  A row of nothing but empty fields is skipped.
 */
static enum rv_status
roster_row(struct roster *r, char **fields, size_t nfields, char **cause)
{
	const char		*v[NCOLS];
	struct roster_row	*w;
	struct roster_key	 k;
	rv_area			 area = 0;
	size_t			 estate = 0, prev, i;
	enum rv_status		 st;
	int			 col, s;

	r->line = csv_line(r->csv);
	if (roster_blank(fields, nfields))
		return RV_OK;
	if (nfields != r->ncols)
		return roster_fail(r, cause, NULL, P_("%zu field, but the "
		    "header has %zu columns", "%zu fields, but the header has "
		    "%zu columns", nfields), nfields, r->ncols);
	if (r->nrows == RV_FLATS_MAX)
		return roster_fail(r, cause, NULL, "more than %d flats in one "
		    "file", RV_FLATS_MAX);

	/* Left to right, so the first problem reported is the leftmost. */
	for (i = 0; i < nfields; i++) {
		if ((st = roster_check(r, r->colat[i], fields[i], &area,
		    cause)) != RV_OK)
			return st;
	}
	for (col = 0; col < NCOLS; col++)
		v[col] = r->pos[col] == -1 ? "" : fields[r->pos[col]];

	if ((st = roster_estate(r, v[COL_ESTATE_ID], v, &estate,
	    cause)) != RV_OK)
		return st;

	memset(&k, 0, sizeof k);
	k.estate = estate;
	k.part[0] = v[COL_FLAT_ID];
	if ((prev = roster_table_add(r, &r->by_flat, &k, r->nrows)) !=
	    ROSTER_NONE)
		return roster_fail(r, cause, "flat_id", "'%s' already on line "
		    "%zu", v[COL_FLAT_ID], r->rows[prev].line);
	k.part[0] = v[COL_BUILDING];
	k.part[1] = v[COL_ENTRANCE];
	k.part[2] = v[COL_ROOM];
	if ((prev = roster_table_add(r, &r->by_room, &k, r->nrows)) !=
	    ROSTER_NONE)
		return roster_fail(r, cause, "building/entrance/room", "'%s/%s/"
		    "%s' already on line %zu (flat_id '%s')", v[COL_BUILDING],
		    v[COL_ENTRANCE], v[COL_ROOM], r->rows[prev].line,
		    roster_str(r, &r->rows[prev], STR_FLAT_ID));
	if ((st = roster_check_flat_id(r, v, cause)) != RV_OK)
		return st;

	if (r->nrows == r->rowsize) {
		r->rowsize *= 2;
		r->rows = xreallocarray(r->rows, r->rowsize, sizeof *r->rows);
	}
	w = &r->rows[r->nrows++];
	w->area = area;
	w->line = r->line;
	w->estate = estate;
	for (i = 0; i < NSTRS; i++)
		w->str[i] = ROSTER_NONE;
	for (col = 0; col < NCOLS; col++) {
		s = roster_columns[col].str;
		if (s != -1 && *v[col] != '\0')
			w->str[s] = roster_arena_add(r, v[col]);
	}
	r->estates[estate].nflats++;
	return RV_OK;
}

/* A copy of a staged row's string, or NULL when it has none. */
static char *
roster_strdup(const struct roster *r, const struct roster_row *w,
    enum roster_str s)
{
	const char	*p = roster_str(r, w, s);

	return p == NULL ? NULL : xstrdup(p);
}

/*
 * Turn the staged rows into estates, in order of first appearance, each
 * flat owning its strings, then sort and index each estate.  The staged
 * estates give up their id and names (an empty one becomes NULL).
 */
static void
roster_build(struct roster *r, struct rv_estate **estates, size_t *nestates)
{
	struct rv_estate	*out, *e;
	struct rv_flat		*f;
	const struct roster_row	*w;
	size_t			 i;

	out = xcalloc(r->nestates, sizeof *out);
	for (i = 0; i < r->nestates; i++) {
		out[i].id = r->estates[i].id;
		out[i].name = r->estates[i].name[RV_ZH_CN];
		out[i].name_zh_tw = r->estates[i].name[RV_ZH_TW];
		out[i].name_en = r->estates[i].name[RV_EN];
		if (*out[i].name_zh_tw == '\0') {
			free(out[i].name_zh_tw);
			out[i].name_zh_tw = NULL;
		}
		if (*out[i].name_en == '\0') {
			free(out[i].name_en);
			out[i].name_en = NULL;
		}
		out[i].street = r->estates[i].place[PLACE_STREET];
		out[i].community = r->estates[i].place[PLACE_COMMUNITY];
		if (*out[i].street == '\0') {
			free(out[i].street);
			out[i].street = NULL;
		}
		if (*out[i].community == '\0') {
			free(out[i].community);
			out[i].community = NULL;
		}
		r->estates[i].id = NULL;
		memset(r->estates[i].name, 0, sizeof r->estates[i].name);
		memset(r->estates[i].place, 0, sizeof r->estates[i].place);
		out[i].flats = xcalloc(r->estates[i].nflats, sizeof
		    *out[i].flats);
	}
	for (i = 0; i < r->nrows; i++) {
		w = &r->rows[i];
		e = &out[w->estate];
		f = &e->flats[e->nflats++];
		f->flat_id = roster_strdup(r, w, STR_FLAT_ID);
		f->building = roster_strdup(r, w, STR_BUILDING);
		f->entrance = roster_strdup(r, w, STR_ENTRANCE);
		f->room = roster_strdup(r, w, STR_ROOM);
		f->owner_id = roster_strdup(r, w, STR_OWNER_ID);
		f->owner_name = roster_strdup(r, w, STR_OWNER_NAME);
		f->area_source = roster_strdup(r, w, STR_AREA_SOURCE);
		f->area = w->area;
	}
	for (i = 0; i < r->nestates; i++)
		estate_prepare(&out[i]);
	*estates = out;
	*nestates = r->nestates;
}

/* Free everything staged; the estates handed out are not touched. */
static void
roster_clear(struct roster *r)
{
	size_t	 i, j;

	csv_free(r->csv);
	for (i = 0; i < r->nestates; i++) {
		free(r->estates[i].id);
		for (j = 0; j < RV_NLOCALES; j++)
			free(r->estates[i].name[j]);
		for (j = 0; j < NPLACES; j++)
			free(r->estates[i].place[j]);
	}
	free(r->estates);
	free(r->rows);
	free(r->arena);
	free(r->by_estate.slots);
	free(r->by_flat.slots);
	free(r->by_room.slots);
}

/*
 * Size the rows and the per-row tables for the number of lines in the
 * buffer (a bound on the rows, up to RV_FLATS_MAX + 1), so that a city
 * roster is not copied and rehashed a dozen times on the way up.
 */
static void
roster_presize(struct roster *r, const char *buf, size_t len)
{
	const char	*p = buf, *end = buf + len;
	size_t		 lines = 1;

	while (p < end && lines <= RV_FLATS_MAX &&
	    (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		lines++;
		p++;
	}
	r->rowsize = lines < ROSTER_ROWS_INIT ? ROSTER_ROWS_INIT : lines;
	r->rows = xcalloc(r->rowsize, sizeof *r->rows);
	roster_table_resize(&r->by_flat, lines);
	roster_table_resize(&r->by_room, lines);
}

/*
 * Parse a roster file held in buf[0..len), name being its name for
 * messages.  On success *estates is an array of *nestates estates in
 * order of first appearance, each prepared (flats in id order, owners
 * indexed); the caller frees it with estates_free.  On failure returns
 * RV_EINPUT with *cause naming file, line and field, and *estates is
 * NULL: the whole file is checked before anything is built.
 */
enum rv_status
roster_parse(const char *name, const char *buf, size_t len,
    struct rv_estate **estates, size_t *nestates, char **cause)
{
	struct roster	 r;
	char		**fields;
	size_t		 nfields;
	enum rv_status	 st;
	int		 col, n;

	*estates = NULL;
	*nestates = 0;
	memset(&r, 0, sizeof r);
	r.name = name;
	r.csv = csv_open(name, buf, len);
	for (col = 0; col < NCOLS; col++)
		r.pos[col] = -1;
	r.by_estate.keyof = roster_estate_key;
	r.by_flat.keyof = roster_flat_key;
	r.by_room.keyof = roster_room_key;
	roster_presize(&r, buf, len);

	if ((st = roster_header(&r, cause)) != RV_OK)
		goto out;
	while ((n = csv_next(r.csv, &fields, &nfields, cause)) == 1) {
		if ((st = roster_row(&r, fields, nfields, cause)) != RV_OK)
			goto out;
	}
	if (n == -1) {
		st = RV_EINPUT;	/* csv_next set *cause */
		goto out;
	}
	if (r.nrows == 0) {
		st = rv_fail(cause, RV_EINPUT, "%s: no flats: the file has a "
		    "header row but no rows", name);
		goto out;
	}
	if ((st = roster_check_owners(&r, cause)) != RV_OK)
		goto out;
	roster_build(&r, estates, nestates);
	st = RV_OK;
out:
	roster_clear(&r);
	return st;
}
