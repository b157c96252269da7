/*
 * Unit tests of plan.c: the plan of docs/interface.md parses with every
 * field as written; every rule plan_parse enforces refuses a variant of it
 * with a cause naming the exact JSON path; syntax errors carry line and column;
 * plan_check_roster ties plans to rosters; plan_item_contribution_fen rounds
 * half up.
 *
 * Variants are made by changing one or two values of the example through
 * jansson, so each refusal test breaks exactly one rule.
 */

#include "config.h"

#include <jansson.h>

#include "renovote.h"

#include "test.h"
#include "store.h"

#define NAME		"plan.json"
#define KEY_MAX		128	/* bytes of one key in a variant's path */
#define LONG		100	/* bytes of a value too long to quote whole */

/* The plan of docs/interface.md, with real times filled in. */
static const char example[] =
"{\n"
"  \"estate_id\": \"LC-XNY-03\",\n"
"  \"title\": {\"zh_CN\": \"春晖小区改造提质方案\", "
    "\"en\": \"Chunhui Estate renovation plan\"},\n"
"  \"items\": [\n"
"    {\"id\": \"roof\", \"class\": \"basic\", \"title\": {\"zh_CN\": \"屋面防水\"}, "
    "\"description\": {\"zh_CN\": \"…\"},\n"
"     \"cost_yuan\": 420000, \"contribution_yuan_per_m2\": 10}\n"
"  ],\n"
"  \"questions\": [\n"
"    {\"id\": \"Q-ROOF\", \"kind\": \"approve\", \"matter\": \"major\", "
    "\"items\": [\"roof\"],\n"
"     \"title\": {\"zh_CN\": \"是否同意屋面防水改造\"},\n"
"     \"opens\": \"2026-12-01T08:00:00+08:00\", "
    "\"closes\": \"2026-12-20T18:00:00+08:00\"},\n"
"    {\"id\": \"Q-LIFT-3-1\", \"kind\": \"approve\", \"matter\": \"major\", "
    "\"scope\": {\"building\": \"3\", \"entrance\": \"1\"},\n"
"     \"title\": {\"zh_CN\": \"3号楼1单元是否加装电梯\"}, "
    "\"opens\": \"2026-12-01T08:00:00+08:00\", "
    "\"closes\": \"2026-12-20T18:00:00+08:00\"},\n"
"    {\"id\": \"Q-PM\", \"kind\": \"choose-one\", \"matter\": \"ordinary\", "
    "\"title\": {\"zh_CN\": \"物业管理模式\"},\n"
"     \"options\": [{\"id\": \"market\", \"title\": {\"zh_CN\": \"市场化物业服务\"}},\n"
"                 {\"id\": \"community\", \"title\": {\"zh_CN\": \"社区保障性物业管理\"}},\n"
"                 {\"id\": \"self\", \"title\": {\"zh_CN\": \"业主自治管理\"}}],\n"
"     \"opens\": \"2026-12-05T00:00:00Z\", "
    "\"closes\": \"2026-12-31T23:59:59.999+08:00\"}\n"
"  ],\n"
"  \"pledges\": [{\"id\": \"P-WILL\", \"text\": {\"zh_CN\": \"本户同意参与改造并按方案出资\"}, "
    "\"threshold\": \"2/3\", \"amount\": true}]\n"
"}\n";

/* The same instants computed apart from time_parse (date -u +%s). */
#define ROOF_OPENS_MS	1796083200000LL	/* 2026-12-01T00:00:00Z */
#define ROOF_CLOSES_MS	1797760800000LL	/* 2026-12-20T10:00:00Z */
#define PM_OPENS_MS	1796428800000LL	/* 2026-12-05T00:00:00Z */
#define PM_CLOSES_MS	1798732799999LL	/* 2026-12-31T15:59:59.999Z */

/* Where a variant's change lands: a member of an object or an array slot. */
struct place {
	json_t	*parent;
	char	 key[KEY_MAX];
	int	 is_index;
	size_t	 index;
};

/* A test that cannot even be set up: stop with automake's hard error. */
static void
test_bug(const char *what, const char *detail)
{
	fprintf(stderr, "test-plan: test bug: %s: %s\n", what, detail);
	exit(99);
}

/* Parse text as NAME; *plan and *cause start NULL, the caller frees. */
static enum rv_status
parse(const char *text, struct rv_plan **plan, char **cause)
{
	*plan = NULL;
	*cause = NULL;
	return plan_parse(NAME, text, strlen(text), plan, cause);
}

/* The example as a jansson document to make variants of. */
static json_t *
example_doc(void)
{
	json_error_t	 error;
	json_t		*doc;

	if ((doc = json_loads(example, 0, &error)) == NULL)
		test_bug("example", error.text);
	return doc;
}

/*
 * Find where path ("questions[2].options[0].id") lands in doc: every step
 * but the last must exist, the last may not (to add a member or append).
 */
static void
locate(json_t *doc, const char *path, struct place *pl)
{
	const char	*p = path;
	char		*end;
	size_t		 n;

	pl->parent = doc;
	for (;;) {
		if (*p == '[') {
			pl->is_index = 1;
			pl->index = strtoul(p + 1, &end, 10);
			if (*end != ']')
				test_bug("bad path", path);
			p = end + 1;
		} else {
			pl->is_index = 0;
			n = strcspn(p, ".[");
			if (n == 0 || n >= sizeof pl->key)
				test_bug("bad path", path);
			memcpy(pl->key, p, n);
			pl->key[n] = '\0';
			p += n;
		}
		if (*p == '.')
			p++;
		if (*p == '\0')
			return;
		pl->parent = pl->is_index ?
		    json_array_get(pl->parent, pl->index) :
		    json_object_get(pl->parent, pl->key);
		if (pl->parent == NULL)
			test_bug("no such place", path);
	}
}

/*
 * Set the value at path in doc to the JSON text value, appending when the
 * index is one past the end, or remove it when value is NULL.
 */
static void
change(json_t *doc, const char *path, const char *value)
{
	struct place	 pl;
	json_error_t	 error;
	json_t		*v = NULL;
	int		 r;

	locate(doc, path, &pl);
	if (value != NULL &&
	    (v = json_loads(value, JSON_DECODE_ANY, &error)) == NULL)
		test_bug(error.text, value);
	if (pl.is_index) {
		if (v == NULL)
			r = json_array_remove(pl.parent, pl.index);
		else if (pl.index == json_array_size(pl.parent))
			r = json_array_append_new(pl.parent, v);
		else
			r = json_array_set_new(pl.parent, pl.index, v);
	} else if (v == NULL)
		r = json_object_del(pl.parent, pl.key);
	else
		r = json_object_set_new(pl.parent, pl.key, v);
	if (r != 0)
		test_bug("cannot change", path);
}

/* doc as text, which the caller frees; doc is released. */
static char *
dump(json_t *doc)
{
	char	*text;

	if ((text = json_dumps(doc, 0)) == NULL)
		test_bug("json_dumps", "failed");
	json_decref(doc);
	return text;
}

/* The example with up to two changes (path2 may be NULL), as text. */
static char *
variant(const char *path, const char *value, const char *path2,
    const char *value2)
{
	json_t	*doc = example_doc();

	change(doc, path, value);
	if (path2 != NULL)
		change(doc, path2, value2);
	return dump(doc);
}

/*
 * The example with the array at path holding n copies of its first entry:
 * the first keeps its id, so references to it still hold, and copy k > 0
 * has id "<id>-<k>", so that ids stay unique.
 */
static char *
copies(const char *path, size_t n)
{
	json_t		*doc = example_doc(), *array, *first, *copy;
	struct place	 pl;
	char		 id[KEY_MAX];
	size_t		 k;

	locate(doc, path, &pl);
	array = pl.is_index ? json_array_get(pl.parent, pl.index) :
	    json_object_get(pl.parent, pl.key);
	if ((first = json_deep_copy(json_array_get(array, 0))) == NULL)
		test_bug("no first entry", path);
	json_array_clear(array);
	for (k = 0; k < n; k++) {
		copy = json_deep_copy(first);
		if (k == 0) {
			json_array_append_new(array, copy);
			continue;
		}
		snprintf(id, sizeof id, "%s-%zu",
		    json_string_value(json_object_get(first, "id")), k);
		json_object_set_new(copy, "id", json_stringn(id, strlen(id)));
		json_array_append_new(array, copy);
	}
	json_decref(first);
	return dump(doc);
}

/*
 * Check that text is refused: RV_EINPUT, no plan, and a one-line cause
 * that begins with want (file, JSON path and message).
 */
static void
refused(const char *what, const char *text, const char *want)
{
	struct rv_plan	*plan;
	char		*cause, got[512];
	enum rv_status	 rv;

	TEST_BEGIN(what);
	rv = parse(text, &plan, &cause);
	CHECK_INT_EQ(rv, RV_EINPUT);
	CHECK(plan == NULL);
	CHECK(cause != NULL);
	if (cause != NULL) {
		snprintf(got, sizeof got, "%.*s", (int)strlen(want), cause);
		CHECK_STR_EQ(got, want);
		if (strcmp(got, want) != 0)
			fprintf(stderr, "  whole cause: %s\n", cause);
		CHECK(strchr(cause, '\n') == NULL);
	}
	plan_free(plan);
	free(cause);
}

/* Parse text, which must be accepted; the caller frees the plan. */
static struct rv_plan *
accepted(const char *what, const char *text)
{
	struct rv_plan	*plan;
	char		*cause;
	enum rv_status	 rv;

	TEST_BEGIN(what);
	rv = parse(text, &plan, &cause);
	CHECK_INT_EQ(rv, RV_OK);
	if (rv != RV_OK) {
		fprintf(stderr, "  cause: %s\n", cause != NULL ? cause : "");
		free(cause);
		return NULL;
	}
	CHECK(plan != NULL);
	CHECK(cause == NULL);
	return plan;
}

/* The ms time_parse makes of s, which must be a valid time. */
static rv_ms
ms(const char *s)
{
	rv_ms	 t = -1;
	char	*cause = NULL;

	CHECK_INT_EQ(time_parse(s, &t, NULL, &cause), RV_OK);
	free(cause);
	return t;
}

/* The example parses, and every field is as written. */
static void
test_example(void)
{
	struct rv_plan		*p;
	const struct rv_item	*it;
	const struct rv_question *q;
	const struct rv_pledge	*pl;

	if ((p = accepted("example", example)) == NULL)
		return;
	CHECK_STR_EQ(p->estate_id, "LC-XNY-03");
	CHECK_STR_EQ(p->title.loc[RV_ZH_CN], "春晖小区改造提质方案");
	CHECK_STR_EQ(p->title.loc[RV_EN], "Chunhui Estate renovation plan");
	CHECK(p->title.loc[RV_ZH_TW] == NULL);
	/* zh_TW without its own text: the zh_CN one in traditional. */
	CHECK_STR_EQ(text_get(&p->title, RV_ZH_TW), "春暉小區改造提質方案");

	CHECK_INT_EQ(p->nitems, 1);
	it = &p->items[0];
	CHECK_STR_EQ(it->id, "roof");
	CHECK_INT_EQ(it->class, RV_BASIC);
	CHECK_STR_EQ(it->title.loc[RV_ZH_CN], "屋面防水");
	CHECK_STR_EQ(it->description.loc[RV_ZH_CN], "…");
	CHECK_INT_EQ(it->cost_fen, 42000000);
	CHECK_INT_EQ(it->contribution_fen_per_m2, 1000);

	CHECK_INT_EQ(p->nquestions, 3);
	q = &p->questions[0];
	CHECK_STR_EQ(q->id, "Q-ROOF");
	CHECK_INT_EQ(q->kind, RV_APPROVE);
	CHECK_INT_EQ(q->matter, RV_MAJOR);
	CHECK_INT_EQ(q->nitems, 1);
	CHECK_STR_EQ(q->items[0], "roof");
	CHECK(q->scope_building == NULL);
	CHECK(q->scope_entrance == NULL);
	CHECK_STR_EQ(q->title.loc[RV_ZH_CN], "是否同意屋面防水改造");
	CHECK_INT_EQ(q->opens, ms("2026-12-01T08:00:00+08:00"));
	CHECK_INT_EQ(q->opens, ROOF_OPENS_MS);
	CHECK_INT_EQ(q->closes, ms("2026-12-20T18:00:00+08:00"));
	CHECK_INT_EQ(q->closes, ROOF_CLOSES_MS);
	CHECK_INT_EQ(q->noptions, 0);
	CHECK(q->options == NULL);
	CHECK_INT_EQ(question_nchoices(q), 3);

	q = &p->questions[1];
	CHECK_STR_EQ(q->id, "Q-LIFT-3-1");
	CHECK_INT_EQ(q->kind, RV_APPROVE);
	CHECK_INT_EQ(q->matter, RV_MAJOR);
	CHECK_STR_EQ(q->scope_building, "3");
	CHECK_STR_EQ(q->scope_entrance, "1");
	CHECK_INT_EQ(q->nitems, 0);
	CHECK(q->items == NULL);

	q = &p->questions[2];
	CHECK_STR_EQ(q->id, "Q-PM");
	CHECK_INT_EQ(q->kind, RV_CHOOSE_ONE);
	CHECK_INT_EQ(q->matter, RV_ORDINARY);
	CHECK_STR_EQ(q->title.loc[RV_ZH_CN], "物业管理模式");
	CHECK_INT_EQ(q->opens, ms("2026-12-05T00:00:00Z"));
	CHECK_INT_EQ(q->opens, PM_OPENS_MS);
	CHECK_INT_EQ(q->closes, ms("2026-12-31T23:59:59.999+08:00"));
	CHECK_INT_EQ(q->closes, PM_CLOSES_MS);
	CHECK_INT_EQ(q->noptions, 3);
	if (q->noptions == 3) {
		CHECK_STR_EQ(q->options[0].id, "market");
		CHECK_STR_EQ(q->options[0].title.loc[RV_ZH_CN],
		    "市场化物业服务");
		CHECK_STR_EQ(q->options[1].id, "community");
		CHECK_STR_EQ(q->options[1].title.loc[RV_ZH_CN],
		    "社区保障性物业管理");
		CHECK_STR_EQ(q->options[2].id, "self");
		CHECK_STR_EQ(q->options[2].title.loc[RV_ZH_CN],
		    "业主自治管理");
	}
	CHECK_INT_EQ(question_nchoices(q), 4);
	CHECK_STR_EQ(question_choice_id(q, 3), "abstain");

	CHECK_INT_EQ(p->npledges, 1);
	pl = &p->pledges[0];
	CHECK_STR_EQ(pl->id, "P-WILL");
	CHECK_STR_EQ(pl->text.loc[RV_ZH_CN], "本户同意参与改造并按方案出资");
	CHECK_INT_EQ(pl->threshold_num, 2);
	CHECK_INT_EQ(pl->threshold_den, 3);
	CHECK_INT_EQ(pl->amount, 1);

	CHECK_INT_EQ(plan_item_contribution_fen(it, 7550), 75500);
	plan_free(p);
}

/*
 * Choice labels for people: words for agree, disagree and abstain (the
 * msgids here: no catalogue is bound), option titles in the locale asked
 * for, falling back to zh_CN; "" past the last choice.
 */
static void
test_choice_labels(void)
{
	struct rv_plan			*p;
	const struct rv_question	*q;

	if ((p = accepted("example", example)) == NULL)
		return;
	TEST_BEGIN("choice labels");
	q = &p->questions[0];
	CHECK_STR_EQ(question_choice_label(q, RV_CHOICE_AGREE, RV_EN),
	    "agree");
	CHECK_STR_EQ(question_choice_label(q, RV_CHOICE_DISAGREE, RV_EN),
	    "disagree");
	CHECK_STR_EQ(question_choice_label(q, 2, RV_ZH_CN), "abstain");
	CHECK_STR_EQ(question_choice_label(q, 3, RV_ZH_CN), "");
	CHECK_STR_EQ(question_choice_title(q, RV_CHOICE_AGREE, RV_EN),
	    "Agree");
	CHECK_STR_EQ(question_choice_title(q, RV_CHOICE_DISAGREE, RV_EN),
	    "Disagree");
	CHECK_STR_EQ(question_choice_title(q, 2, RV_EN), "Abstain");
	CHECK_STR_EQ(question_choice_title(q, 3, RV_EN), "");

	q = &p->questions[2];
	CHECK_STR_EQ(question_choice_label(q, 0, RV_ZH_CN), "市场化物业服务");
	CHECK_STR_EQ(question_choice_label(q, 1, RV_ZH_TW),
	    "社區保障性物業管理");
	CHECK_STR_EQ(question_choice_title(q, 2, RV_EN), "业主自治管理");
	CHECK_STR_EQ(question_choice_label(q, 3, RV_EN), "abstain");
	CHECK_STR_EQ(question_choice_title(q, 3, RV_EN), "Abstain");
	CHECK_STR_EQ(question_choice_label(q, 4, RV_EN), "");
	plan_free(p);
}

/* Optional members take their defaults; accepted edge values stand. */
static void
test_accepted_variants(void)
{
	struct rv_plan	*p;
	char		*text, *big;
	size_t		 i;

	text = variant("pledges[0].threshold", NULL, "pledges[0].amount", NULL);
	if ((p = accepted("pledge defaults", text)) != NULL) {
		CHECK_INT_EQ(p->pledges[0].threshold_num, 2);
		CHECK_INT_EQ(p->pledges[0].threshold_den, 3);
		CHECK_INT_EQ(p->pledges[0].amount, 0);
		plan_free(p);
	}
	free(text);

	text = variant("pledges[0].threshold", "\"3/4\"", "pledges[0].amount",
	    "false");
	if ((p = accepted("threshold 3/4", text)) != NULL) {
		CHECK_INT_EQ(p->pledges[0].threshold_num, 3);
		CHECK_INT_EQ(p->pledges[0].threshold_den, 4);
		CHECK_INT_EQ(p->pledges[0].amount, 0);
		plan_free(p);
	}
	free(text);

	text = variant("pledges[0].threshold", "\"1000/1000\"", NULL, NULL);
	if ((p = accepted("threshold 1000/1000", text)) != NULL) {
		CHECK_INT_EQ(p->pledges[0].threshold_num, 1000);
		CHECK_INT_EQ(p->pledges[0].threshold_den, 1000);
		plan_free(p);
	}
	free(text);

	text = variant("items[0].contribution_yuan_per_m2", NULL,
	    "items[0].description", NULL);
	if ((p = accepted("item defaults", text)) != NULL) {
		CHECK_INT_EQ(p->items[0].contribution_fen_per_m2, 0);
		CHECK(p->items[0].description.loc[RV_ZH_CN] == NULL);
		CHECK_INT_EQ(plan_item_contribution_fen(&p->items[0], 7550), 0);
		plan_free(p);
	}
	free(text);

	text = variant("items[0].cost_yuan", "1234.56",
	    "items[0].contribution_yuan_per_m2", "100000");
	if ((p = accepted("money edges", text)) != NULL) {
		CHECK_INT_EQ(p->items[0].cost_fen, 123456);
		CHECK_INT_EQ(p->items[0].contribution_fen_per_m2, 10000000);
		/* The largest flat at the largest share: no overflow. */
		CHECK_INT_EQ(plan_item_contribution_fen(&p->items[0], RV_AREA_MAX),
		    INT64_C(1000000000000));
		plan_free(p);
	}
	free(text);

	text = variant("items[0].class", "\"upgrade\"", "items[1]",
	    "{\"id\": \"lift\", \"class\": \"improvement\", "
	    "\"title\": {\"zh_CN\": \"加装电梯\"}, \"cost_yuan\": 0}");
	if ((p = accepted("classes", text)) != NULL) {
		CHECK_INT_EQ(p->items[0].class, RV_UPGRADE);
		CHECK_INT_EQ(p->items[1].class, RV_IMPROVEMENT);
		CHECK_INT_EQ(p->items[1].cost_fen, 0);
		plan_free(p);
	}
	free(text);

	text = variant("map", "{\"cols\": 36, \"rows\": 8, \"buildings\": "
	    "[{\"building\": \"3\", \"x\": 1, \"y\": 0, \"w\": 16, "
	    "\"h\": 3}], \"items\": [{\"item\": \"roof\", \"x\": 35, "
	    "\"y\": 7}], \"landmarks\": [{\"label\": {\"zh_CN\": "
	    "\"大门\"}, \"x\": 14, \"y\": 7}]}", NULL, NULL);
	if ((p = accepted("map", text)) != NULL) {
		CHECK(p->map != NULL);
		CHECK_INT_EQ(p->map->cols, 36);
		CHECK_INT_EQ(p->map->rows, 8);
		CHECK_INT_EQ(p->map->nplaces, 3);
		CHECK_INT_EQ(p->map->places[0].kind, RV_PLACE_BUILDING);
		CHECK_STR_EQ(p->map->places[0].building, "3");
		CHECK_INT_EQ(p->map->places[0].x, 1);
		CHECK_INT_EQ(p->map->places[0].w, 16);
		CHECK_INT_EQ(p->map->places[0].h, 3);
		CHECK_INT_EQ(p->map->places[1].kind, RV_PLACE_ITEM);
		CHECK_STR_EQ(p->map->places[1].item, "roof");
		CHECK_INT_EQ(p->map->places[1].x, 35);
		CHECK_INT_EQ(p->map->places[1].w, 1);
		CHECK_INT_EQ(p->map->places[2].kind, RV_PLACE_LANDMARK);
		CHECK_STR_EQ(p->map->places[2].label.loc[RV_ZH_CN], "大门");
		plan_free(p);
	}
	free(text);

	text = variant("pledges", NULL, NULL, NULL);
	if ((p = accepted("no pledges", text)) != NULL) {
		CHECK_INT_EQ(p->npledges, 0);
		CHECK(p->pledges == NULL);
		plan_free(p);
	}
	free(text);

	text = variant("questions", "[]", NULL, NULL);
	if ((p = accepted("pledges only", text)) != NULL) {
		CHECK_INT_EQ(p->nquestions, 0);
		CHECK(p->questions == NULL);
		CHECK_INT_EQ(p->npledges, 1);
		plan_free(p);
	}
	free(text);

	text = variant("items", "[]", "questions[0].items", NULL);
	if ((p = accepted("no items", text)) != NULL) {
		CHECK_INT_EQ(p->nitems, 0);
		CHECK(p->items == NULL);
		CHECK_INT_EQ(p->questions[0].nitems, 0);
		plan_free(p);
	}
	free(text);

	text = variant("questions[1].scope.entrance", NULL,
	    "questions[0].title.en", "\"Line one\\nline two\"");
	if ((p = accepted("building scope, newline", text)) != NULL) {
		CHECK_STR_EQ(p->questions[1].scope_building, "3");
		CHECK(p->questions[1].scope_entrance == NULL);
		CHECK_STR_EQ(p->questions[0].title.loc[RV_EN],
		    "Line one\nline two");
		plan_free(p);
	}
	free(text);

	text = copies("questions[2].options", RV_OPTIONS_MAX);
	if ((p = accepted("most options", text)) != NULL) {
		CHECK_INT_EQ(p->questions[2].noptions, RV_OPTIONS_MAX);
		CHECK_STR_EQ(p->questions[2].options[15].id, "market-15");
		plan_free(p);
	}
	free(text);

	text = copies("items", 1000);
	if ((p = accepted("most items", text)) != NULL) {
		CHECK_INT_EQ(p->nitems, 1000);
		plan_free(p);
	}
	free(text);

	/* The longest text, in three-byte characters and a last 'a'. */
	big = xmalloc(RV_TEXT_MAX + 4);
	big[0] = '"';
	for (i = 1; i + 3 <= RV_TEXT_MAX; i += 3)
		memcpy(big + i, "改", 3);
	while (i <= RV_TEXT_MAX)
		big[i++] = 'a';
	memcpy(big + i, "\"", 2);
	text = variant("title.zh_TW", big, NULL, NULL);
	if ((p = accepted("longest text", text)) != NULL) {
		CHECK_INT_EQ(strlen(p->title.loc[RV_ZH_TW]), RV_TEXT_MAX);
		plan_free(p);
	}
	free(text);
	memcpy(big + i, "a\"", 3);
	text = variant("title.zh_TW", big, NULL, NULL);
	refused("text too long", text, NAME ": $.title.zh_TW: text is 8193 "
	    "bytes, longer than 8192");
	free(text);
	free(big);
}

/* One rule broken by changing the example at path (and path2). */
struct refusal {
	const char	*path;
	const char	*value;		/* JSON text, or NULL to remove */
	const char	*path2;
	const char	*value2;
	const char	*want;		/* how the cause begins */
};

static const struct refusal refusals[] = {
	/* the plan */
	{ "titel", "{\"zh_CN\": \"x\"}", NULL, NULL,
	  NAME ": $: unknown key 'titel' (known: estate_id, title, items, "
	  "questions, pledges, map, committee)" },
	/* the committee's names */
	{ "committee", "\"王建国\"", NULL, NULL,
	  NAME ": $.committee: expected an array, not a string" },
	{ "committee", "[\"王建国\", 3]", NULL, NULL,
	  NAME ": $.committee[1]: expected a string, not a number" },
	{ "committee", "[\"\"]", NULL, NULL,
	  NAME ": $.committee[0]: text is empty" },
	{ "committee", "[\" 王建国\"]", NULL, NULL,
	  NAME ": $.committee[0]: a name is one line" },
	{ "committee", "[\"王建国\", \"王建国\"]", NULL, NULL,
	  NAME ": $.committee[1]: '王建国' repeats $.committee[0]" },
	{ "committee", "[\"王建国王建国王建国王建国王建国王建国王建国王建国\"]", NULL, NULL,
	  NAME ": $.committee[0]: name is 72 bytes, longer than 64" },
	{ "estate_id", NULL, NULL, NULL, NAME ": $: missing 'estate_id'" },
	{ "estate_id", "42", NULL, NULL,
	  NAME ": $.estate_id: expected a string, not a number" },
	{ "estate_id", "\"LC/XNY\"", NULL, NULL,
	  NAME ": $.estate_id: 'LC/XNY' is not a valid id" },
	{ "estate_id", "\"\"", NULL, NULL,
	  NAME ": $.estate_id: '' is not a valid id" },
	{ "title", NULL, NULL, NULL, NAME ": $: missing 'title'" },
	{ "questions", NULL, NULL, NULL, NAME ": $: missing 'questions'" },
	{ "questions", "[]", "pledges", NULL,
	  NAME ": $.questions: the plan asks no question and has no pledge" },
	{ "questions", "[]", "pledges", "[]",
	  NAME ": $.questions: the plan asks no question and has no pledge" },

	/* texts */
	{ "title", "\"春晖\"", NULL, NULL,
	  NAME ": $.title: expected an object, not a string" },
	{ "title.zh_CN", NULL, NULL, NULL,
	  NAME ": $.title: missing 'zh_CN'" },
	{ "title.fr", "\"x\"", NULL, NULL,
	  NAME ": $.title: unknown key 'fr' (known: zh_CN, zh_TW, en)" },
	{ "title.en", "\"\"", NULL, NULL, NAME ": $.title.en: text is empty" },
	{ "title.en", "7", NULL, NULL,
	  NAME ": $.title.en: expected a string, not a number" },
	{ "title.zh_TW", "\"a\\tb\"", NULL, NULL,
	  NAME ": $.title.zh_TW: text has control character U+0009 at "
	  "byte 1" },
	{ "title.en", "\"ab\\u001b[2J\"", NULL, NULL,
	  NAME ": $.title.en: text has control character U+001B at byte 2" },
	{ "title.en", "\"a\\u0085\"", NULL, NULL,
	  NAME ": $.title.en: text has control character U+0085 at byte 1" },
	{ "title.en", "\"a\\u007f\"", NULL, NULL,
	  NAME ": $.title.en: text has control character U+007F at byte 1" },

	/* items */
	{ "items", NULL, NULL, NULL, NAME ": $: missing 'items'" },
	{ "items", "{}", NULL, NULL,
	  NAME ": $.items: expected an array, not an object" },
	{ "items[0]", "\"roof\"", NULL, NULL,
	  NAME ": $.items[0]: expected an object, not a string" },
	{ "items[0].cost", "1", NULL, NULL,
	  NAME ": $.items[0]: unknown key 'cost' (known: id, class, title, "
	  "description, cost_yuan, contribution_yuan_per_m2)" },
	{ "items[0].contribution_yuan_per_m", "10", NULL, NULL,
	  NAME ": $.items[0]: unknown key 'contribution_yuan_per_m'" },
	{ "items[0].id", NULL, NULL, NULL, NAME ": $.items[0]: missing 'id'" },
	{ "items[0].id", "\" roof\"", NULL, NULL,
	  NAME ": $.items[0].id: ' roof' is not a valid id" },
	{ "items[1]", "{\"id\": \"roof\", \"class\": \"upgrade\", "
	  "\"title\": {\"zh_CN\": \"再来\"}, \"cost_yuan\": 1}", NULL, NULL,
	  NAME ": $.items[1].id: 'roof' repeats $.items[0].id" },
	{ "items[0].class", "\"basics\"", NULL, NULL,
	  NAME ": $.items[0].class: 'basics' is not one of basic, "
	  "improvement, upgrade" },
	{ "items[0].class", NULL, NULL, NULL,
	  NAME ": $.items[0]: missing 'class'" },
	{ "items[0].title", NULL, NULL, NULL,
	  NAME ": $.items[0]: missing 'title'" },
	{ "items[0].description.zh_CN", NULL, NULL, NULL,
	  NAME ": $.items[0].description: missing 'zh_CN'" },
	{ "items[0].description", "null", NULL, NULL,
	  NAME ": $.items[0].description: expected an object, not null" },
	{ "items[0].cost_yuan", NULL, NULL, NULL,
	  NAME ": $.items[0]: missing 'cost_yuan'" },
	{ "items[0].cost_yuan", "-1", NULL, NULL,
	  NAME ": $.items[0].cost_yuan: -1 is not a non-negative number of "
	  "yuan in whole fen" },
	{ "items[0].cost_yuan", "0.005", NULL, NULL,
	  NAME ": $.items[0].cost_yuan: 0.005 is not a non-negative" },
	{ "items[0].cost_yuan", "1e14", NULL, NULL,
	  NAME ": $.items[0].cost_yuan: 100000000000000 is not a "
	  "non-negative" },
	{ "items[0].cost_yuan", "\"420000\"", NULL, NULL,
	  NAME ": $.items[0].cost_yuan: expected a number, not a string" },
	{ "items[0].contribution_yuan_per_m2", "-0.01", NULL, NULL,
	  NAME ": $.items[0].contribution_yuan_per_m2: -0.01 is not a "
	  "non-negative" },
	{ "items[0].contribution_yuan_per_m2", "10.001", NULL, NULL,
	  NAME ": $.items[0].contribution_yuan_per_m2: 10.001 is not a "
	  "non-negative" },
	{ "items[0].contribution_yuan_per_m2", "100000.01", NULL, NULL,
	  NAME ": $.items[0].contribution_yuan_per_m2: 100000.01 is more "
	  "than 100000.00 yuan" },
	{ "items[0].contribution_yuan_per_m2", "true", NULL, NULL,
	  NAME ": $.items[0].contribution_yuan_per_m2: expected a number, "
	  "not true or false" },

	/* questions */
	{ "questions", "{}", NULL, NULL,
	  NAME ": $.questions: expected an array, not an object" },
	{ "questions[0].colses", "\"2026-12-20T18:00:00+08:00\"", NULL, NULL,
	  NAME ": $.questions[0]: unknown key 'colses'" },
	{ "questions[0].id", "\"Q-ROOF \"", NULL, NULL,
	  NAME ": $.questions[0].id: 'Q-ROOF ' is not a valid id" },
	{ "questions[1].id", "\"Q-ROOF\"", NULL, NULL,
	  NAME ": $.questions[1].id: 'Q-ROOF' repeats $.questions[0].id" },
	{ "questions[0].kind", "\"vote\"", NULL, NULL,
	  NAME ": $.questions[0].kind: 'vote' is not one of approve, "
	  "choose-one" },
	{ "questions[0].kind", NULL, NULL, NULL,
	  NAME ": $.questions[0]: missing 'kind'" },
	{ "questions[0].matter", NULL, NULL, NULL,
	  NAME ": $.questions[0]: missing 'matter'" },
	{ "questions[0].matter", "\"minor\"", NULL, NULL,
	  NAME ": $.questions[0].matter: 'minor' is not one of major, "
	  "ordinary" },
	{ "questions[2].title", NULL, NULL, NULL,
	  NAME ": $.questions[2]: missing 'title'" },
	{ "questions[0].items", "\"roof\"", NULL, NULL,
	  NAME ": $.questions[0].items: expected an array, not a string" },
	{ "questions[0].items[0]", "\"roofs\"", NULL, NULL,
	  NAME ": $.questions[0].items[0]: no item 'roofs' in $.items" },
	{ "questions[0].items[1]", "\"roof\"", NULL, NULL,
	  NAME ": $.questions[0].items[1]: 'roof' repeats "
	  "$.questions[0].items[0]" },
	{ "questions[0].items[0]", "3", NULL, NULL,
	  NAME ": $.questions[0].items[0]: expected a string, not a number" },
	{ "questions[0].items[0]", "\"\"", NULL, NULL,
	  NAME ": $.questions[0].items[0]: '' is not a valid id" },

	/* scopes */
	{ "questions[1].scope", "\"3-1\"", NULL, NULL,
	  NAME ": $.questions[1].scope: expected an object, not a string" },
	{ "questions[1].scope.building", NULL, NULL, NULL,
	  NAME ": $.questions[1].scope: 'entrance' needs 'building'" },
	{ "questions[1].scope", "{}", NULL, NULL,
	  NAME ": $.questions[1].scope: names no building" },
	{ "questions[1].scope.floor", "\"2\"", NULL, NULL,
	  NAME ": $.questions[1].scope: unknown key 'floor' (known: "
	  "building, entrance)" },
	{ "questions[1].scope.building", "3", NULL, NULL,
	  NAME ": $.questions[1].scope.building: expected a string, not a "
	  "number" },
	{ "questions[1].scope.entrance", "\"1/2\"", NULL, NULL,
	  NAME ": $.questions[1].scope.entrance: '1/2' is not a valid id" },

	/* times */
	{ "questions[2].closes", "\"2026-12-20T18:00:00\"", NULL, NULL,
	  NAME ": $.questions[2].closes: '2026-12-20T18:00:00' has no UTC "
	  "offset" },
	{ "questions[2].closes", "\"2026-12-20\"", NULL, NULL,
	  NAME ": $.questions[2].closes: '2026-12-20' is not an ISO 8601 "
	  "time" },
	{ "questions[0].opens", "\"2026-02-30T08:00:00+08:00\"", NULL, NULL,
	  NAME ": $.questions[0].opens: '2026-02-30T08:00:00+08:00' is not "
	  "a valid date and time" },
	{ "questions[0].opens", NULL, NULL, NULL,
	  NAME ": $.questions[0]: missing 'opens'" },
	{ "questions[1].closes", NULL, NULL, NULL,
	  NAME ": $.questions[1]: missing 'closes'" },
	{ "questions[0].closes", "20261220", NULL, NULL,
	  NAME ": $.questions[0].closes: expected a string, not a number" },
	{ "questions[0].closes", "\"2026-12-01T00:00:00Z\"", NULL, NULL,
	  NAME ": $.questions[0].closes: '2026-12-01T00:00:00Z' is not after "
	  "opens '2026-12-01T08:00:00+08:00'" },
	{ "questions[0].closes", "\"2026-11-30T23:59:59Z\"", NULL, NULL,
	  NAME ": $.questions[0].closes: '2026-11-30T23:59:59Z' is not after "
	  "opens" },

	/* options */
	{ "questions[2].options", NULL, NULL, NULL,
	  NAME ": $.questions[2]: missing 'options'" },
	{ "questions[2].options", "[{\"id\": \"a\", \"title\": "
	  "{\"zh_CN\": \"甲\"}}]", NULL, NULL,
	  NAME ": $.questions[2].options: has 1 entry, at least 2 are "
	  "needed" },
	{ "questions[2].options", "[]", NULL, NULL,
	  NAME ": $.questions[2].options: has 0 entries, at least 2 are "
	  "needed" },
	{ "questions[0].options", "[{\"id\": \"a\", \"title\": "
	  "{\"zh_CN\": \"甲\"}}, {\"id\": \"b\", \"title\": "
	  "{\"zh_CN\": \"乙\"}}]", NULL, NULL,
	  NAME ": $.questions[0].options: an approve question has no "
	  "options" },
	{ "questions[2].options[1].id", "\"abstain\"", NULL, NULL,
	  NAME ": $.questions[2].options[1].id: 'abstain' is a built-in "
	  "choice" },
	{ "questions[2].options[1].id", "\"market\"", NULL, NULL,
	  NAME ": $.questions[2].options[1].id: 'market' repeats "
	  "$.questions[2].options[0].id" },
	{ "questions[2].options[0].label", "\"x\"", NULL, NULL,
	  NAME ": $.questions[2].options[0]: unknown key 'label' (known: "
	  "id, title, item)" },
	{ "questions[2].options[0].title", NULL, NULL, NULL,
	  NAME ": $.questions[2].options[0]: missing 'title'" },
	{ "questions[2].options[2].title.zh_CN", "\"\"", NULL, NULL,
	  NAME ": $.questions[2].options[2].title.zh_CN: text is empty" },
	{ "questions[2].options[0]", "\"market\"", NULL, NULL,
	  NAME ": $.questions[2].options[0]: expected an object, not a "
	  "string" },

	/* pledges */
	{ "pledges", "{}", NULL, NULL,
	  NAME ": $.pledges: expected an array, not an object" },
	{ "pledges[0].deadline", "\"x\"", NULL, NULL,
	  NAME ": $.pledges[0]: unknown key 'deadline' (known: id, text, "
	  "threshold, amount)" },
	{ "pledges[1]", "{\"id\": \"P-WILL\", \"text\": {\"zh_CN\": \"再签\"}}",
	  NULL, NULL,
	  NAME ": $.pledges[1].id: 'P-WILL' repeats $.pledges[0].id" },
	{ "pledges[0].id", NULL, NULL, NULL,
	  NAME ": $.pledges[0]: missing 'id'" },
	{ "pledges[0].text", NULL, NULL, NULL,
	  NAME ": $.pledges[0]: missing 'text'" },
	{ "pledges[0].threshold", "\"0/3\"", NULL, NULL,
	  NAME ": $.pledges[0].threshold: '0/3' is not a share N/D with "
	  "0 < N <= D <= 1000" },
	{ "pledges[0].threshold", "\"4/3\"", NULL, NULL,
	  NAME ": $.pledges[0].threshold: '4/3' is not a share" },
	{ "pledges[0].threshold", "\"2/1001\"", NULL, NULL,
	  NAME ": $.pledges[0].threshold: '2/1001' is not a share" },
	{ "pledges[0].threshold", "\"2/0\"", NULL, NULL,
	  NAME ": $.pledges[0].threshold: '2/0' is not a share" },
	{ "pledges[0].threshold", "\"2/3 \"", NULL, NULL,
	  NAME ": $.pledges[0].threshold: '2/3 ' is not a share" },
	{ "pledges[0].threshold", "\"+2/3\"", NULL, NULL,
	  NAME ": $.pledges[0].threshold: '+2/3' is not a share" },
	{ "pledges[0].threshold", "\"2\"", NULL, NULL,
	  NAME ": $.pledges[0].threshold: '2' is not a share" },
	{ "pledges[0].threshold", "\"/3\"", NULL, NULL,
	  NAME ": $.pledges[0].threshold: '/3' is not a share" },
	{ "pledges[0].threshold", "\"2/\"", NULL, NULL,
	  NAME ": $.pledges[0].threshold: '2/' is not a share" },
	{ "pledges[0].threshold", "\"2/3/4\"", NULL, NULL,
	  NAME ": $.pledges[0].threshold: '2/3/4' is not a share" },
	{ "pledges[0].threshold", "\"\"", NULL, NULL,
	  NAME ": $.pledges[0].threshold: '' is not a share" },
	{ "pledges[0].threshold", "0.667", NULL, NULL,
	  NAME ": $.pledges[0].threshold: expected a string, not a number" },
	{ "pledges[0].amount", "\"yes\"", NULL, NULL,
	  NAME ": $.pledges[0].amount: expected true or false, not a string" },
	{ "pledges[0].amount", "1", NULL, NULL,
	  NAME ": $.pledges[0].amount: expected true or false, not a number" },

	/* the site map */
	{ "map", "[]", NULL, NULL,
	  NAME ": $.map: expected an object, not an array" },
	{ "map", "{\"rows\": 8}", NULL, NULL, NAME ": $.map: missing 'cols'" },
	{ "map", "{\"cols\": 77, \"rows\": 8}", NULL, NULL,
	  NAME ": $.map.cols: 77 is not between 3 and 76" },
	{ "map", "{\"cols\": 36, \"rows\": 8.5}", NULL, NULL,
	  NAME ": $.map.rows: 8.5 is not a whole number" },
	{ "map", "{\"cols\": 36, \"rows\": 8, \"roads\": []}", NULL, NULL,
	  NAME ": $.map: unknown key 'roads' (known: cols, rows, buildings, "
	  "items, landmarks)" },
	{ "map", "{\"cols\": 36, \"rows\": 8, \"buildings\": "
	  "[{\"building\": \"3\", \"x\": 30, \"y\": 0, \"w\": 8, "
	  "\"h\": 3}]}", NULL, NULL,
	  NAME ": $.map.buildings[0].x: 30 is not between 0 and 28" },
	{ "map", "{\"cols\": 36, \"rows\": 8, \"buildings\": "
	  "[{\"building\": \"3\", \"x\": 0, \"y\": 0, \"w\": 2, "
	  "\"h\": 3}]}", NULL, NULL,
	  NAME ": $.map.buildings[0].w: 2 is not between 3 and 36" },
	{ "map", "{\"cols\": 36, \"rows\": 8, \"buildings\": "
	  "[{\"building\": \"3\", \"x\": 0, \"y\": 0, \"w\": 8, "
	  "\"h\": 3}, {\"building\": \"5\", \"x\": 7, \"y\": 2, "
	  "\"w\": 8, \"h\": 3}]}", NULL, NULL,
	  NAME ": $.map.buildings[1]: overlaps building '3'" },
	{ "map", "{\"cols\": 36, \"rows\": 8, \"buildings\": "
	  "[{\"building\": \"3\", \"x\": 0, \"y\": 0, \"w\": 8, "
	  "\"h\": 3}, {\"building\": \"3\", \"x\": 9, \"y\": 0, "
	  "\"w\": 8, \"h\": 3}]}", NULL, NULL,
	  NAME ": $.map.buildings[1].building: building '3' is already on "
	  "the map" },
	{ "map", "{\"cols\": 36, \"rows\": 8, \"items\": "
	  "[{\"item\": \"lift\", \"x\": 1, \"y\": 1}]}", NULL, NULL,
	  NAME ": $.map.items[0].item: no item 'lift' in $.items" },
	{ "map", "{\"cols\": 36, \"rows\": 8, \"items\": "
	  "[{\"item\": \"roof\", \"x\": 1, \"y\": 8}]}", NULL, NULL,
	  NAME ": $.map.items[0].y: 8 is not between 0 and 7" },
	{ "map", "{\"cols\": 36, \"rows\": 8, \"landmarks\": "
	  "[{\"x\": 1, \"y\": 1}]}", NULL, NULL,
	  NAME ": $.map.landmarks[0]: missing 'label'" },
	{ "map", "{\"cols\": 36, \"rows\": 8, \"landmarks\": "
	  "[{\"label\": {\"en\": \"Gate\"}, \"x\": 1, \"y\": 1}]}",
	  NULL, NULL,
	  NAME ": $.map.landmarks[0].label: missing 'zh_CN'" },
	{ "map", "{\"cols\": 36, \"rows\": 8, \"landmarks\": 3}",
	  NULL, NULL,
	  NAME ": $.map.landmarks: expected an array, not a number" },

	/* control characters in keys never reach the terminal */
	{ "ti\ntle", "1", NULL, NULL, NAME ": $: unknown key 'ti?tle'" },
};

/* Every entry of refusals[]. */
static void
test_refusals(void)
{
	const struct refusal	*r;
	char			*text;
	size_t			 i;

	for (i = 0; i < sizeof refusals / sizeof refusals[0]; i++) {
		r = &refusals[i];
		text = variant(r->path, r->value, r->path2, r->value2);
		refused(r->path, text, r->want);
		free(text);
	}
}

/* Refusals the table cannot express: sizes, long values, raw texts. */
static void
test_other_refusals(void)
{
	struct rv_plan	*p = NULL;
	char		*text, *cause = NULL, *deep;
	char		 lng[LONG + 1], want[2 * LONG], value[LONG + 3];
	const char	*hostile = "{\"estate_id\": \"LC\", \"title\": {\"zh_CN\": "
	    "\"x\"}, \"items\": [], \"questions\": [], \"pledges\": [], "
	    "\"x\\u001b[2J\\u0085\": 1}";
	size_t		 i, depth = 5000;

	text = copies("questions[2].options", RV_OPTIONS_MAX + 1);
	refused("too many options", text, NAME ": $.questions[2].options: has "
	    "17 entries, more than the limit of 16");
	free(text);
	text = copies("items", 1001);
	refused("too many items", text, NAME ": $.items: has 1001 entries, "
	    "more than the limit of 1000");
	free(text);
	text = copies("questions", 1001);
	refused("too many questions", text, NAME ": $.questions: has 1001 "
	    "entries, more than the limit of 1000");
	free(text);
	text = copies("pledges", 1001);
	refused("too many pledges", text, NAME ": $.pledges: has 1001 "
	    "entries, more than the limit of 1000");
	free(text);

	/* Values too long to quote whole are cut short in the cause. */
	memset(lng, 'k', LONG);
	lng[LONG] = '\0';
	text = variant(lng, "1", NULL, NULL);
	snprintf(want, sizeof want, NAME ": $: unknown key '%.64s...' (known: ",
	    lng);
	refused("long key", text, want);
	free(text);
	memcpy(lng, "2026-12-01T08:00:00+08:00", 25);
	snprintf(value, sizeof value, "\"%s\"", lng);
	text = variant("questions[0].opens", value, NULL, NULL);
	snprintf(want, sizeof want, NAME ": $.questions[0].opens: '%.64s...' "
	    "is not an ISO 8601 time", lng);
	refused("long time", text, want);
	free(text);

	/* Not an object, and syntax errors with line and column. */
	refused("array", "[]", NAME ": $: expected an object, not an array");
	refused("syntax", "{\n  \"estate_id\": \"LC-XNY-03\",\n  \"title\": ,\n}",
	    NAME ":3:12: unexpected token near ','");
	refused("duplicate key", "{\"estate_id\": \"A\",\n \"estate_id\": \"B\"}",
	    NAME ":2:12: duplicate object key");
	refused("empty", "", NAME ":1:0: '[' or '{' expected");
	refused("bad UTF-8", "{\"estate_id\": \"\xff\"}",
	    NAME ":1:15: unable to decode byte 0xff");
	refused("trailing", "{} x", NAME ":1:4: end of file expected");
	refused("string", "\"plan\"", NAME ":1:6: '[' or '{' expected");
	refused("NUL", "{\"a\": \"\\u0000\"}", NAME ":1:14: \\u0000 is not "
	    "allowed");
	refused("raw newline", "{\n\"a\": \"x\ny\"}",
	    NAME ":2:7: unexpected newline");

	deep = xmalloc(depth + 1);
	for (i = 0; i < depth; i++)
		deep[i] = '[';
	deep[depth] = '\0';
	refused("deep", deep, NAME ":1:");
	free(deep);

	/* Control characters in keys never reach the terminal. */
	refused("hostile key", hostile, NAME ": $: unknown key 'x?[2J?\?'");

	/* Without a cause to set, a refusal is still a refusal. */
	TEST_BEGIN("no cause");
	CHECK_INT_EQ(plan_parse(NAME, "[]", 2, &p, NULL), RV_EINPUT);
	CHECK(p == NULL);

	/* Only len bytes are read: the example cut short is refused. */
	TEST_BEGIN("length");
	CHECK_INT_EQ(plan_parse(NAME, example, strlen(example) - 3, &p,
	    &cause), RV_EINPUT);
	CHECK(p == NULL);
	CHECK(cause != NULL && strncmp(cause, NAME ":", strlen(NAME ":")) == 0);
	free(cause);
}

/* Append a flat to e; estate_free frees it. */
static void
add_flat(struct rv_estate *e, const char *flat_id, const char *building,
    const char *entrance, const char *owner_id, rv_area area)
{
	struct rv_flat	*f;

	e->flats = xreallocarray(e->flats, e->nflats + 1, sizeof *e->flats);
	f = &e->flats[e->nflats++];
	memset(f, 0, sizeof *f);
	f->flat_id = xstrdup(flat_id);
	f->building = xstrdup(building);
	f->entrance = xstrdup(entrance);
	f->room = xstrdup(flat_id + strlen(flat_id) - 3);
	f->owner_id = xstrdup(owner_id);
	f->area = area;
}

/*
 * Check plan_check_roster of the example changed at path (NULL: not
 * changed) against e: accepted when want is NULL, else refused with
 * exactly the cause want.
 */
static void
roster_case(const char *what, const char *path, const char *value,
    const struct rv_estate *e, const char *want)
{
	struct rv_plan	*p;
	char		*text, *cause = NULL;
	enum rv_status	 rv;

	text = path != NULL ? variant(path, value, NULL, NULL) :
	    xstrdup(example);
	p = accepted(what, text);
	free(text);
	if (p == NULL)
		return;
	rv = plan_check_roster(NAME, p, e, &cause);
	if (want == NULL) {
		CHECK_INT_EQ(rv, RV_OK);
		CHECK(cause == NULL);
	} else {
		CHECK_INT_EQ(rv, RV_EINPUT);
		CHECK_STR_EQ(cause, want);
	}
	free(cause);
	plan_free(p);
}

/* plan_check_roster: the estate must match and every scope hold a flat. */
static void
test_check_roster(void)
{
	struct rv_estate	 e, other, empty;

	memset(&e, 0, sizeof e);
	e.id = xstrdup("LC-XNY-03");
	e.name = xstrdup("春晖小区");
	add_flat(&e, "3-1-101", "3", "1", "A", 6000);
	add_flat(&e, "3-2-101", "3", "2", "B", 6000);
	add_flat(&e, "5-1-101", "5", "1", "C", 7550);
	estate_prepare(&e);

	memset(&other, 0, sizeof other);
	other.id = xstrdup("LC-XNY-04");
	other.name = xstrdup("秋实小区");
	add_flat(&other, "3-1-101", "3", "1", "A", 6000);
	estate_prepare(&other);

	memset(&empty, 0, sizeof empty);
	empty.id = xstrdup("LC-XNY-03");
	empty.name = xstrdup("春晖小区");

	roster_case("roster ok", NULL, NULL, &e, NULL);
	roster_case("building scope", "questions[1].scope",
	    "{\"building\": \"5\"}", &e, NULL);
	roster_case("other estate", NULL, NULL, &other,
	    NAME ": $.estate_id: 'LC-XNY-03' is not estate LC-XNY-04 of the "
	    "roster");
	roster_case("no such entrance", "questions[1].scope",
	    "{\"building\": \"9\", \"entrance\": \"1\"}", &e,
	    NAME ": $.questions[1].scope: no flat of estate LC-XNY-03 is in "
	    "building 9 entrance 1");
	roster_case("entrance not in building", "questions[1].scope",
	    "{\"building\": \"5\", \"entrance\": \"2\"}", &e,
	    NAME ": $.questions[1].scope: no flat of estate LC-XNY-03 is in "
	    "building 5 entrance 2");
	roster_case("no such building", "questions[1].scope",
	    "{\"building\": \"9\"}", &e,
	    NAME ": $.questions[1].scope: no flat of estate LC-XNY-03 is in "
	    "building 9");
	roster_case("no flats", NULL, NULL, &empty,
	    NAME ": $.questions[0]: estate LC-XNY-03 has no flats");
	roster_case("pledges only, no flats", "questions", "[]", &empty, NULL);
	roster_case("map building in roster", "map", "{\"cols\": 36, "
	    "\"rows\": 8, \"buildings\": [{\"building\": \"5\", \"x\": 0, "
	    "\"y\": 0, \"w\": 8, \"h\": 3}]}", &e, NULL);
	roster_case("map building not in roster", "map", "{\"cols\": 36, "
	    "\"rows\": 8, \"buildings\": [{\"building\": \"5\", \"x\": 0, "
	    "\"y\": 0, \"w\": 8, \"h\": 3}, {\"building\": \"7\", "
	    "\"x\": 9, \"y\": 0, \"w\": 8, \"h\": 3}]}", &e,
	    NAME ": $.map.buildings[1].building: estate LC-XNY-03 has no "
	    "building '7'");

	estate_clear(&e);
	estate_clear(&other);
	estate_clear(&empty);
}

/* plan_item_contribution_fen: area x fen per m2 / 100, rounded half up. */
static void
test_contribution(void)
{
	struct rv_item	 it;

	TEST_BEGIN("contribution");
	memset(&it, 0, sizeof it);
	it.contribution_fen_per_m2 = 1000;		/* 10.00 yuan */
	CHECK_INT_EQ(plan_item_contribution_fen(&it, 7550), 75500);	/* 755.00 */
	CHECK_INT_EQ(plan_item_contribution_fen(&it, 1), 10);
	CHECK_INT_EQ(plan_item_contribution_fen(&it, 0), 0);

	it.contribution_fen_per_m2 = 1005;		/* 10.05 yuan */
	/* 75.50 x 10.05 = 758.775 yuan: the half fen goes up */
	CHECK_INT_EQ(plan_item_contribution_fen(&it, 7550), 75878);
	/* 75.49 x 10.05 = 758.6745 yuan: down */
	CHECK_INT_EQ(plan_item_contribution_fen(&it, 7549), 75867);
	/* 75.51 x 10.05 = 758.8755 yuan: up */
	CHECK_INT_EQ(plan_item_contribution_fen(&it, 7551), 75888);

	it.contribution_fen_per_m2 = 1;			/* 0.01 yuan */
	CHECK_INT_EQ(plan_item_contribution_fen(&it, 50), 1);	/* 0.5 fen */
	CHECK_INT_EQ(plan_item_contribution_fen(&it, 49), 0);
	CHECK_INT_EQ(plan_item_contribution_fen(&it, 150), 2);	/* 1.5 fen */
	CHECK_INT_EQ(plan_item_contribution_fen(&it, 249), 2);

	it.contribution_fen_per_m2 = 0;
	CHECK_INT_EQ(plan_item_contribution_fen(&it, RV_AREA_MAX), 0);
}

/*
 * Check that text encodes to code for q and formats back to canon.
 */
static void
check_encode(const struct rv_question *q, const char *text, uint32_t code,
    const char *canon)
{
	uint32_t	 c = ~code;
	char		*cause = NULL, buf[RV_NAME_MAX];

	CHECK(question_choice_encode(q, text, &c, &cause) == 0);
	free(cause);
	CHECK_INT_EQ(c, code);
	CHECK(question_choice_format(q, code, buf, sizeof buf) == 0);
	CHECK_STR_EQ(buf, canon);
}

/* Check that text is refused for q with cause want (any cause if NULL). */
static void
check_refused(const struct rv_question *q, const char *text,
    const char *want)
{
	uint32_t	 c;
	char		*cause = NULL;

	CHECK(question_choice_encode(q, text, &c, &cause) == -1);
	CHECK(cause != NULL && strchr(cause, '\n') == NULL);
	if (want != NULL && cause != NULL)
		CHECK_STR_EQ(cause, want);
	free(cause);
}

/*
 * The choice texts of the kinds with several picks encode to the codes
 * question_choice_encode documents and format back to canonical text;
 * too many picks, a pick named twice, an unknown option, a rating out of
 * range and "none" outside ratings are refused with one-line causes, and
 * codes that no text gives are not formatted.
 */
static void
test_choice_encode(void)
{
	struct rv_option	 opts[4] = {
		{ .id = "A" }, { .id = "B" }, { .id = "C" }, { .id = "D" }
	};
	struct rv_question	 q = { .id = "Q", .options = opts,
	    .noptions = 4 };
	char			 buf[RV_NAME_MAX];

	TEST_BEGIN("choice encode");
	q.kind = RV_CHOOSE_MANY;
	q.max = 2;
	check_encode(&q, "C,A", 5, "A,C");
	check_encode(&q, "abstain", 0, "abstain");
	check_refused(&q, "A,B,C", "question Q: more than 2 options picked");
	check_refused(&q, "A,A", "question Q: option A named twice");
	check_refused(&q, "A,E", "question Q: unknown option \"E\"");
	check_refused(&q, "A,", "question Q: unknown option \"\"");
	check_refused(&q, "none", "question Q: unknown option \"none\"");
	CHECK(question_choice_format(&q, 1u << 4, buf, sizeof buf) == -1);

	q.kind = RV_RANK;
	q.max = 3;
	check_encode(&q, "C,A,D", 3 | 1 << 5 | 4 << 10, "C,A,D");
	check_refused(&q, "A,B,C,D", "question Q: more than 3 options picked");
	CHECK(question_choice_format(&q, 3 << 5, buf, sizeof buf) == -1);
	CHECK(question_choice_format(&q, 1 | 1 << 5, buf, sizeof buf) == -1);

	q.kind = RV_RATING;
	q.min = 1;
	q.max = 5;
	check_encode(&q, "4", 4, "4");
	check_encode(&q, "none", 0, "none");
	check_refused(&q, "6", "question Q: rating \"6\" is not a number "
	    "from 1 to 5 or none");
	check_refused(&q, "0", NULL);
	check_refused(&q, "4x", NULL);
	check_refused(&q, "", NULL);
	check_refused(&q, " 4", NULL);
	check_refused(&q, "+4", NULL);
	CHECK(question_choice_format(&q, 6, buf, sizeof buf) == -1);
}

/*
 * The example plan with question q (JSON text) put last, dumped; a test
 * that cannot build it stops with a hard error.
 */
static char *
with_question(const char *q)
{
	json_t		*doc = example_doc(), *v;
	json_error_t	 err;

	if ((v = json_loads(q, 0, &err)) == NULL)
		test_bug("bad question JSON", err.text);
	json_array_append_new(json_object_get(doc, "questions"), v);
	return dump(doc);
}

/* Check that the plan with question q is refused with cause want. */
static void
question_refused(const char *what, const char *q, const char *want)
{
	char	*text = with_question(q);

	refused(what, text, want);
	free(text);
}

#define SURVEY_TIMES	"\"opens\": \"2026-12-01T08:00:00+08:00\", " \
			"\"closes\": \"2026-12-20T18:00:00+08:00\""
#define SURVEY_OPTIONS	"\"options\": [" \
			"{\"id\": \"lift\", \"title\": {\"zh_CN\": \"电梯\"}}, " \
			"{\"id\": \"roof\", \"title\": {\"zh_CN\": \"屋面\"}}, " \
			"{\"id\": \"park\", \"title\": {\"zh_CN\": \"停车\"}}]"
#define SURVEY_LABELS	"\"labels\": [{\"zh_CN\": \"很不满意\"}, " \
			"{\"zh_CN\": \"不满意\"}, {\"zh_CN\": \"一般\"}, " \
			"{\"zh_CN\": \"满意\"}, {\"zh_CN\": \"很满意\", " \
			"\"en\": \"Very satisfied\"}]"

/*
 * Choose-many, rank and rating questions: accepted with their maximum
 * (given or by default), scale and words; refused with a matter or a
 * topic (they decide nothing), without words for every step, with a
 * maximum out of range, or with members of another kind.
 */
static void
test_survey_kinds(void)
{
	struct rv_plan		*p;
	const struct rv_question *q;
	char			*text, w[RV_TEXT_MAX];
	uint32_t		 c;

	text = with_question("{\"id\": \"S-NEED\", \"kind\": "
	    "\"choose-many\", \"max\": 2, \"title\": {\"zh_CN\": \"最需要\"}, "
	    SURVEY_TIMES ", " SURVEY_OPTIONS "}");
	if ((p = accepted("choose-many", text)) != NULL) {
		q = &p->questions[3];
		CHECK_INT_EQ(q->kind, RV_CHOOSE_MANY);
		CHECK_INT_EQ(q->max, 2);
		CHECK_INT_EQ(q->noptions, 3);
		CHECK(!question_decides(q));
		CHECK(question_decides(&p->questions[2]));
		/* Stored choices: only the canonical text reads back. */
		CHECK(question_choice_read(q, "lift,park", &c, NULL) == 0);
		CHECK_INT_EQ(c, 5);
		CHECK(question_choice_read(q, "park,lift", &c, NULL) == -1);
		CHECK(question_choice_canon(q, "park,lift", w, sizeof w,
		    NULL) == 0);
		CHECK_STR_EQ(w, "lift,park");
		CHECK(question_choice_valid(q, 5));
		CHECK(!question_choice_valid(q, 1u << 3));
		CHECK(question_choice_words(q, "lift,park", RV_ZH_CN, w,
		    sizeof w) == 0);
		CHECK_STR_EQ(w, "电梯, 停车");
		CHECK(question_choice_words(q, "park,lift", RV_ZH_CN, w,
		    sizeof w) == -1);
		CHECK(question_choice_words(q, "lift,park", RV_ZH_CN, w,
		    8) == -1);	/* does not fit */
		CHECK(question_choice_words(q, "abstain", RV_ZH_CN, w,
		    sizeof w) == 0);
		CHECK_STR_EQ(w, "abstain");
		plan_free(p);
	}
	free(text);
	text = with_question("{\"id\": \"S-RANK\", \"kind\": \"rank\", "
	    "\"title\": {\"zh_CN\": \"排序\"}, " SURVEY_TIMES ", "
	    SURVEY_OPTIONS "}");
	if ((p = accepted("rank, max by default", text)) != NULL) {
		CHECK_INT_EQ(p->questions[3].max, 3);
		plan_free(p);
	}
	free(text);
	text = with_question("{\"id\": \"S-RATE\", \"kind\": \"rating\", "
	    "\"min\": 1, \"max\": 5, \"title\": {\"zh_CN\": \"满意度\"}, "
	    SURVEY_TIMES ", " SURVEY_LABELS "}");
	if ((p = accepted("rating", text)) != NULL) {
		q = &p->questions[3];
		CHECK_INT_EQ(q->min, 1);
		CHECK_INT_EQ(q->max, 5);
		CHECK_INT_EQ(q->nlabels, 5);
		CHECK_STR_EQ(q->labels[4].loc[RV_EN], "Very satisfied");
		CHECK_STR_EQ(q->labels[0].loc[RV_ZH_CN], "很不满意");
		CHECK(question_choice_words(q, "5", RV_EN, w, sizeof w) == 0);
		CHECK_STR_EQ(w, "5 Very satisfied");
		CHECK(question_choice_words(q, "none", RV_EN, w,
		    sizeof w) == 0);
		CHECK_STR_EQ(w, "not used");
		CHECK(question_choice_read(q, "05", &c, NULL) == -1);
		CHECK(question_choice_read(q, "abstain", &c, NULL) == -1);
		plan_free(p);
	}
	free(text);

	question_refused("many with a matter", "{\"id\": \"S\", \"kind\": "
	    "\"choose-many\", \"matter\": \"major\", \"title\": {\"zh_CN\": "
	    "\"x\"}, " SURVEY_TIMES ", " SURVEY_OPTIONS "}",
	    NAME ": $.questions[3].matter: a choose-many question decides "
	    "nothing: leave out matter and topic");
	question_refused("rating with a topic", "{\"id\": \"S\", \"kind\": "
	    "\"rating\", \"topic\": \"property-management\", \"min\": 1, "
	    "\"max\": 5, \"title\": {\"zh_CN\": \"x\"}, " SURVEY_TIMES ", "
	    SURVEY_LABELS "}",
	    NAME ": $.questions[3].topic: a rating question decides nothing");
	question_refused("many max 4 of 3", "{\"id\": \"S\", \"kind\": "
	    "\"choose-many\", \"max\": 4, \"title\": {\"zh_CN\": \"x\"}, "
	    SURVEY_TIMES ", " SURVEY_OPTIONS "}",
	    NAME ": $.questions[3].max: 4 is not between 1 and 3");
	question_refused("many max 0", "{\"id\": \"S\", \"kind\": "
	    "\"choose-many\", \"max\": 0, \"title\": {\"zh_CN\": \"x\"}, "
	    SURVEY_TIMES ", " SURVEY_OPTIONS "}",
	    NAME ": $.questions[3].max: 0 is not between 1 and 3");
	question_refused("rating, 4 words for 5 steps", "{\"id\": \"S\", "
	    "\"kind\": \"rating\", \"min\": 1, \"max\": 6, \"title\": "
	    "{\"zh_CN\": \"x\"}, " SURVEY_TIMES ", " SURVEY_LABELS "}",
	    NAME ": $.questions[3].labels: has 5 entries, at least 6 are "
	    "needed");
	question_refused("rating without words", "{\"id\": \"S\", "
	    "\"kind\": \"rating\", \"min\": 1, \"max\": 5, \"title\": "
	    "{\"zh_CN\": \"x\"}, " SURVEY_TIMES "}",
	    NAME ": $.questions[3]: missing 'labels'");
	question_refused("rating without min", "{\"id\": \"S\", "
	    "\"kind\": \"rating\", \"max\": 5, \"title\": "
	    "{\"zh_CN\": \"x\"}, " SURVEY_TIMES ", " SURVEY_LABELS "}",
	    NAME ": $.questions[3]: missing 'min'");
	question_refused("rating max at min", "{\"id\": \"S\", "
	    "\"kind\": \"rating\", \"min\": 3, \"max\": 3, \"title\": "
	    "{\"zh_CN\": \"x\"}, " SURVEY_TIMES ", " SURVEY_LABELS "}",
	    NAME ": $.questions[3].max: 3 is not between 4 and 10");
	question_refused("rating with options", "{\"id\": \"S\", "
	    "\"kind\": \"rating\", \"min\": 1, \"max\": 5, \"title\": "
	    "{\"zh_CN\": \"x\"}, " SURVEY_TIMES ", " SURVEY_LABELS ", "
	    SURVEY_OPTIONS "}",
	    NAME ": $.questions[3].options: a rating question has no options");
	question_refused("rating label empty", "{\"id\": \"S\", "
	    "\"kind\": \"rating\", \"min\": 1, \"max\": 2, \"title\": "
	    "{\"zh_CN\": \"x\"}, " SURVEY_TIMES ", \"labels\": [{\"zh_CN\": "
	    "\"好\"}, {\"zh_CN\": \"\"}]}",
	    NAME ": $.questions[3].labels[1].zh_CN: text is empty");
	question_refused("choose-one with max", "{\"id\": \"S\", "
	    "\"kind\": \"choose-one\", \"matter\": \"ordinary\", \"max\": 2, "
	    "\"title\": {\"zh_CN\": \"x\"}, " SURVEY_TIMES ", "
	    SURVEY_OPTIONS "}",
	    NAME ": $.questions[3].max: only choose-many, rank and rating");
	question_refused("approve with min", "{\"id\": \"S\", "
	    "\"kind\": \"approve\", \"matter\": \"ordinary\", \"min\": 1, "
	    "\"title\": {\"zh_CN\": \"x\"}, " SURVEY_TIMES "}",
	    NAME ": $.questions[3].min: only a rating question has a scale");
}

/*
 * Stages: a survey asks opinions (its options may name items), an
 * acceptance and a service question are ratings, and only a service
 * rating has a period, a quarter; stage and period are terms of the
 * question once it has answers.
 */
static void
test_stages(void)
{
	struct rv_plan		*p;
	char			*text;

	text = with_question("{\"id\": \"S-NEED\", \"kind\": "
	    "\"choose-many\", \"stage\": \"survey\", \"max\": 2, \"title\": "
	    "{\"zh_CN\": \"最需要\"}, " SURVEY_TIMES ", \"options\": ["
	    "{\"id\": \"roof\", \"item\": \"roof\", \"title\": {\"zh_CN\": "
	    "\"屋面\"}}, {\"id\": \"park\", \"title\": {\"zh_CN\": "
	    "\"停车\"}}]}");
	if ((p = accepted("survey", text)) != NULL) {
		CHECK_INT_EQ(p->questions[3].stage, RV_STAGE_SURVEY);
		CHECK_STR_EQ(p->questions[3].options[0].item, "roof");
		CHECK(p->questions[3].options[1].item == NULL);
		CHECK_INT_EQ(p->questions[0].stage, RV_STAGE_VOTE);
		plan_free(p);
	}
	free(text);
	text = with_question("{\"id\": \"SR-1\", \"kind\": \"rating\", "
	    "\"stage\": \"service\", \"period\": \"2027-Q1\", \"min\": 1, "
	    "\"max\": 5, \"title\": {\"zh_CN\": \"物业服务\"}, " SURVEY_TIMES
	    ", " SURVEY_LABELS "}");
	if ((p = accepted("service", text)) != NULL) {
		CHECK_INT_EQ(p->questions[3].stage, RV_STAGE_SERVICE);
		CHECK_STR_EQ(p->questions[3].period, "2027-Q1");
		plan_free(p);
	}
	free(text);

	question_refused("survey approve", "{\"id\": \"S\", \"kind\": "
	    "\"approve\", \"matter\": \"major\", \"stage\": \"survey\", "
	    "\"title\": {\"zh_CN\": \"x\"}, " SURVEY_TIMES "}",
	    NAME ": $.questions[3].kind: a survey asks choose-many, rank or "
	    "rating questions, not approve");
	question_refused("acceptance many", "{\"id\": \"S\", \"kind\": "
	    "\"choose-many\", \"stage\": \"acceptance\", \"title\": "
	    "{\"zh_CN\": \"x\"}, " SURVEY_TIMES ", " SURVEY_OPTIONS "}",
	    NAME ": $.questions[3].kind: acceptance questions are ratings, "
	    "not choose-many");
	question_refused("service without period", "{\"id\": \"S\", "
	    "\"kind\": \"rating\", \"stage\": \"service\", \"min\": 1, "
	    "\"max\": 5, \"title\": {\"zh_CN\": \"x\"}, " SURVEY_TIMES ", "
	    SURVEY_LABELS "}",
	    NAME ": $.questions[3]: missing 'period'");
	question_refused("service period Q5", "{\"id\": \"S\", "
	    "\"kind\": \"rating\", \"stage\": \"service\", \"period\": "
	    "\"2027-Q5\", \"min\": 1, \"max\": 5, \"title\": {\"zh_CN\": "
	    "\"x\"}, " SURVEY_TIMES ", " SURVEY_LABELS "}",
	    NAME ": $.questions[3].period: '2027-Q5' is not a quarter");
	question_refused("acceptance with period", "{\"id\": \"S\", "
	    "\"kind\": \"rating\", \"stage\": \"acceptance\", \"period\": "
	    "\"2027-Q1\", \"min\": 1, \"max\": 5, \"title\": {\"zh_CN\": "
	    "\"x\"}, " SURVEY_TIMES ", " SURVEY_LABELS "}",
	    NAME ": $.questions[3].period: only a service rating has a period");
	question_refused("stage typo", "{\"id\": \"S\", \"kind\": "
	    "\"rating\", \"stage\": \"after\", \"min\": 1, \"max\": 5, "
	    "\"title\": {\"zh_CN\": \"x\"}, " SURVEY_TIMES ", " SURVEY_LABELS
	    "}", NAME ": $.questions[3].stage: 'after' is not one of vote, "
	    "survey, acceptance, service");
	question_refused("option item unknown", "{\"id\": \"S\", "
	    "\"kind\": \"choose-many\", \"stage\": \"survey\", \"title\": "
	    "{\"zh_CN\": \"x\"}, " SURVEY_TIMES ", \"options\": [{\"id\": "
	    "\"a\", \"item\": \"lift\", \"title\": {\"zh_CN\": \"甲\"}}, "
	    "{\"id\": \"b\", \"title\": {\"zh_CN\": \"乙\"}}]}",
	    NAME ": $.questions[3].options[0].item: no item 'lift' in "
	    "$.items");
}

/* Run every group of checks; the exit status is what automake reads. */
int
main(void)
{
	test_example();
	test_choice_labels();
	test_accepted_variants();
	test_refusals();
	test_other_refusals();
	test_check_roster();
	test_contribution();
	test_choice_encode();
	test_survey_kinds();
	test_stages();
	plan_free(NULL);
	return test_done("test-plan");
}
