/*
 * bench-city: the made-up city that make bench measures renovote on.
 *
 *   bench-city roster OUT.csv            the roster of every estate
 *   bench-city plans DIR                 one plan per estate, DIR/ID.json
 *   bench-city answers DB [ANSWERS.csv]  answers and pledges, stored in DB
 *                                        through the core library in one
 *                                        transaction, and the same rows as
 *                                        CSV for the sqlite3 baseline
 *
 * The city is the size of Luoyang's old estates: 1,850 estates and
 * 201,831 flats.  Everything comes from fixed-seed generators (splitmix64),
 * never from the clock or rand(), so every run and every machine sees the
 * same city, byte for byte: the three subcommands regenerate the same
 * estates independently and agree on every flat.
 *
 * Estates are walk-up blocks of 2 to 4 entrances, 5 to 7 floors and two
 * flats a floor, filled building by building until the estate has its
 * size; the last building may be partial.  About 5% of flats belong to an
 * owner who already holds another flat of the estate, and one estate in
 * eight still has a few developer flats.  Areas are 40.00 to 140.00 m2.
 *
 * Each plan asks three estate-wide questions (two approve questions of
 * major matters, one choose-one question of an ordinary matter with three
 * options) and has one pledge.  About 70% of flats answer each question
 * and about 60% sign the pledge; each estate has its own kiosk, device
 * "bench-N", whose sequence numbers and cast_at times both increase.
 *
 * The answers CSV has the columns device, seq, estate_id, question_id,
 * flat_id, choice, cast_at (milliseconds since the epoch); pledge
 * signatures appear in it too, with the pledge id as question_id and
 * "signed" as choice, so one GROUP BY covers what the tally counts.
 */

#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "renovote.h"
#include "bench.h"
#include "store.h"

#define CITY_ESTATES	1850
#define CITY_FLATS	201831
#define CITY_SEED	0x52564f4c554f59ULL	/* "RVOLUOY" */
#define ANSWER_SEED	0x52564f414e5357ULL	/* "RVOANSW" */
#define ESTATE_MIN	24	/* flats of the smallest estate */
#define ESTATE_MAX	640	/* flats of the largest estate */
#define FLAT_DEVELOPER	UINT32_MAX	/* owner of a developer flat */

#define OPENS		"2026-12-01T08:00:00+08:00"
#define CLOSES		"2026-12-20T18:00:00+08:00"
#define NQUESTIONS	3
#define ANSWER_PCT	70	/* of flats answering each question */
#define PLEDGE_PCT	60	/* of flats signing the pledge */
#define PLEDGE_ID	"P-WILL"
#define YUAN_PER_M2	10	/* the pledge's contribution */

/* One flat, kept small: 201,831 of them are held at once. */
struct city_flat {
	uint32_t	 owner;		/* owner number, or FLAT_DEVELOPER */
	uint32_t	 area;		/* hundredths of a m2 */
	uint16_t	 room;		/* floor * 100 + position */
	uint8_t		 building;
	uint8_t		 entrance;
	uint8_t		 source;	/* index into area_sources */
};

/* One estate and its flats, in building, entrance, room order. */
struct city_estate {
	char		 id[24];
	char		 name[96];
	struct city_flat *flats;
	size_t		 nflats;
	int		 mood;		/* -20..20: how keen its owners are */
};

/* The whole city. */
struct city {
	struct city_estate	*estates;
	size_t			 nestates;
	size_t			 nflats;
};

/* The questions every plan asks, in plan order. */
static const struct bench_question {
	const char	*id;
	const char	*choices[4];	/* the last one is abstain */
	int		 weight[4];	/* percent before the estate's mood */
} questions[NQUESTIONS] = {
	{ "Q-BASIC", { "agree", "disagree", "abstain", NULL },
	    { 80, 12, 8, 0 } },
	{ "Q-IMPROVE", { "agree", "disagree", "abstain", NULL },
	    { 65, 25, 10, 0 } },
	{ "Q-PM", { "market", "community", "self", "abstain" },
	    { 30, 45, 15, 10 } },
};

static const char *districts[] = {
	"涧西", "西工", "老城", "瀍河", "洛龙", "吉利", "偃师", "孟津"
};
static const char *places[] = {
	"牡丹", "龙门", "春晖", "槐荫", "青年宫", "天津路", "建设路", "中州",
	"凯旋", "南昌路", "景华", "芳林", "丽春", "王城", "周公", "九都",
	"联盟", "武汉路", "长安路", "西苑", "珠江路", "辽宁路", "衡山路",
	"太原路", "纱厂", "拖拉机厂", "轴承厂", "矿山厂", "玻璃厂"
};
static const char *kinds[] = {
	"小区", "家属院", "新村", "社区", "花园"
};
static const char *surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐",
	"孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁"
};
static const char *givens[] = {
	"伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋",
	"勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚",
	"桂英", "建国", "建华", "国强", "淑珍", "玉兰", "志强", "红梅"
};
static const char *area_sources[] = { "register", "survey", "contract" };

/* Print the usage and exit with the usage status. */
static void RV_NORETURN
usage(void)
{
	fprintf(stderr, "usage: bench-city roster OUT.csv\n"
	    "       bench-city plans DIR\n"
	    "       bench-city answers DB [ANSWERS.csv]\n");
	exit(RV_EUSAGE);
}

/*
 * Choose the size of every estate: mostly 24 to 180 flats, one in ten
 * larger, then nudged one flat at a time, round robin, until the sizes
 * add up to exactly CITY_FLATS.
 */
static void
city_sizes(size_t *size, size_t n, uint64_t *rng)
{
	size_t	 i, total = 0;

	for (i = 0; i < n; i++) {
		size[i] = ESTATE_MIN + rng_below(rng, 150);
		if (rng_below(rng, 10) == 0)
			size[i] += rng_below(rng, 300);
		total += size[i];
	}
	for (i = 0; total != CITY_FLATS; i = (i + 1) % n) {
		if (total < CITY_FLATS && size[i] < ESTATE_MAX) {
			size[i]++;
			total++;
		} else if (total > CITY_FLATS && size[i] > ESTATE_MIN) {
			size[i]--;
			total--;
		}
	}
}

/*
 * Fill estate e with n flats: buildings of its own shape, owners (new,
 * a second flat of an earlier owner, or the developer) and areas.
 * *owners numbers owners across the city.
 */
static void
estate_fill(struct city_estate *e, size_t n, uint32_t *owners,
    uint64_t *rng)
{
	struct city_flat	*f;
	uint32_t		 entrances, floors, b = 1, en = 1, fl = 1, pos = 1;
	uint32_t		 j;
	int			 developer;
	size_t			 i;

	entrances = 2 + rng_below(rng, 3);
	floors = 5 + rng_below(rng, 3);
	developer = rng_below(rng, 8) == 0;
	e->flats = xcalloc(n, sizeof *e->flats);
	e->nflats = n;
	for (i = 0; i < n; i++) {
		f = &e->flats[i];
		f->building = (uint8_t)b;
		f->entrance = (uint8_t)en;
		f->room = (uint16_t)(fl * 100 + pos);
		if (++pos > 2) {
			pos = 1;
			if (++fl > floors) {
				fl = 1;
				if (++en > entrances) {
					en = 1;
					b++;
				}
			}
		}
		f->owner = *owners;
		if (developer && rng_below(rng, 100) < 3)
			f->owner = FLAT_DEVELOPER;
		else if (i > 0 && rng_below(rng, 100) < 5) {
			j = rng_below(rng, (uint32_t)i);
			if (e->flats[j].owner != FLAT_DEVELOPER)
				f->owner = e->flats[j].owner;
		}
		if (f->owner == *owners)
			(*owners)++;
		f->area = 4000 + rng_below(rng, 10001);
		f->source = (uint8_t)rng_below(rng, nitems(area_sources));
	}
}

/* Build the whole city from CITY_SEED; the same city on every call. */
static void
city_build(struct city *c)
{
	struct city_estate	*e;
	uint64_t		 rng = CITY_SEED;
	uint32_t		 owners = 1;
	size_t			*size, i;

	c->nestates = CITY_ESTATES;
	c->estates = xcalloc(c->nestates, sizeof *c->estates);
	size = xcalloc(c->nestates, sizeof *size);
	city_sizes(size, c->nestates, &rng);
	c->nflats = 0;
	for (i = 0; i < c->nestates; i++) {
		e = &c->estates[i];
		snprintf(e->id, sizeof e->id, "LY-%04zu", i + 1);
		snprintf(e->name, sizeof e->name, "%s区%s%s%zu号院",
		    districts[rng_below(&rng, nitems(districts))],
		    places[rng_below(&rng, nitems(places))],
		    kinds[rng_below(&rng, nitems(kinds))], i % 9 + 1);
		e->mood = (int)rng_below(&rng, 41) - 20;
		estate_fill(e, size[i], &owners, &rng);
		c->nflats += e->nflats;
	}
	free(size);
}

/* Free what the city holds; the struct itself is the caller's. */
static void
city_clear(struct city *c)
{
	size_t	 i;

	for (i = 0; i < c->nestates; i++)
		free(c->estates[i].flats);
	free(c->estates);
	memset(c, 0, sizeof *c);
}

/* Write flat f's id, "BUILDING-ENTRANCE-ROOM", into buf. */
static void
flat_id(const struct city_flat *f, char *buf, size_t len)
{
	snprintf(buf, len, "%u-%u-%u", (unsigned)f->building,
	    (unsigned)f->entrance, (unsigned)f->room);
}

/* Write the owner id of flat f into buf. */
static void
owner_id(const struct city_flat *f, char *buf, size_t len)
{
	if (f->owner == FLAT_DEVELOPER)
		snprintf(buf, len, "developer");
	else
		snprintf(buf, len, "P%07u", (unsigned)f->owner);
}

/* The name of owner number n, the same for all of the owner's flats. */
static void
owner_name(uint32_t n, char *buf, size_t len)
{
	if (n == FLAT_DEVELOPER)
		snprintf(buf, len, "开发商");
	else
		snprintf(buf, len, "%s%s", surnames[n % nitems(surnames)],
		    givens[(n / nitems(surnames)) % nitems(givens)]);
}

/* Open path for writing or exit naming it. */
static FILE *
open_out(const char *path)
{
	FILE	*f;

	if ((f = fopen(path, "w")) == NULL)
		fatal("%s: %s", path, strerror(errno));
	return f;
}

/* Close f, exiting if anything written to it was lost. */
static void
close_out(FILE *f, const char *path)
{
	if (ferror(f) | (fclose(f) != 0))
		fatal("%s: write error", path);
}

/* bench-city roster OUT.csv: the roster of the whole city. */
static int
cmd_roster(const char *path)
{
	struct city		 c;
	const struct city_estate *e;
	const struct city_flat	*f;
	FILE			*out;
	char			 fid[32], oid[32], name[64];
	size_t			 i, j;

	city_build(&c);
	out = open_out(path);
	fprintf(out, "estate_id,estate_name,building,entrance,room,flat_id,"
	    "owner_id,owner_name,area_m2,area_source\n");
	for (i = 0; i < c.nestates; i++) {
		e = &c.estates[i];
		for (j = 0; j < e->nflats; j++) {
			f = &e->flats[j];
			flat_id(f, fid, sizeof fid);
			owner_id(f, oid, sizeof oid);
			owner_name(f->owner, name, sizeof name);
			fprintf(out, "%s,%s,%u,%u,%u,%s,%s,%s,%u.%02u,%s\n",
			    e->id, e->name, (unsigned)f->building,
			    (unsigned)f->entrance, (unsigned)f->room, fid,
			    oid, name, (unsigned)(f->area / 100),
			    (unsigned)(f->area % 100),
			    area_sources[f->source]);
		}
	}
	close_out(out, path);
	fprintf(stderr, "bench-city: %zu flats of %zu estates in %s\n",
	    c.nflats, c.nestates, path);
	city_clear(&c);
	return 0;
}

/* Write estate e's plan as JSON to out. */
static void
plan_write(FILE *out, const struct city_estate *e)
{
	fprintf(out, "{\n  \"estate_id\": \"%s\",\n", e->id);
	fprintf(out, "  \"title\": {\"zh_CN\": \"%s改造提质方案\", "
	    "\"en\": \"%s renovation plan\"},\n", e->name, e->id);
	fprintf(out, "  \"items\": [\n"
	    "    {\"id\": \"pipes\", \"class\": \"basic\", "
	    "\"title\": {\"zh_CN\": \"供水排水管网改造\"}, "
	    "\"cost_yuan\": %zu, \"contribution_yuan_per_m2\": 0},\n"
	    "    {\"id\": \"facade\", \"class\": \"improvement\", "
	    "\"title\": {\"zh_CN\": \"外墙保温及立面整治\"}, "
	    "\"cost_yuan\": %zu, \"contribution_yuan_per_m2\": %d}\n"
	    "  ],\n", e->nflats * 4800, e->nflats * 3100, YUAN_PER_M2);
	fprintf(out, "  \"questions\": [\n"
	    "    {\"id\": \"Q-BASIC\", \"kind\": \"approve\", "
	    "\"matter\": \"major\", \"items\": [\"pipes\"],\n"
	    "     \"title\": {\"zh_CN\": \"是否同意实施基础类改造\"},\n"
	    "     \"opens\": \"" OPENS "\", \"closes\": \"" CLOSES "\"},\n"
	    "    {\"id\": \"Q-IMPROVE\", \"kind\": \"approve\", "
	    "\"matter\": \"major\", \"items\": [\"facade\"],\n"
	    "     \"title\": {\"zh_CN\": \"是否同意实施完善类改造\"},\n"
	    "     \"opens\": \"" OPENS "\", \"closes\": \"" CLOSES "\"},\n"
	    "    {\"id\": \"Q-PM\", \"kind\": \"choose-one\", "
	    "\"matter\": \"ordinary\",\n"
	    "     \"title\": {\"zh_CN\": \"改造后本小区的物业管理模式\"},\n"
	    "     \"options\": [\n"
	    "       {\"id\": \"market\", \"title\": "
	    "{\"zh_CN\": \"市场化物业服务\"}},\n"
	    "       {\"id\": \"community\", \"title\": "
	    "{\"zh_CN\": \"社区保障性物业管理\"}},\n"
	    "       {\"id\": \"self\", \"title\": "
	    "{\"zh_CN\": \"业主自治管理\"}}],\n"
	    "     \"opens\": \"" OPENS "\", \"closes\": \"" CLOSES "\"}\n"
	    "  ],\n");
	fprintf(out, "  \"pledges\": [\n"
	    "    {\"id\": \"" PLEDGE_ID "\", \"text\": {\"zh_CN\": "
	    "\"本户同意参与改造并按方案出资\"}, \"threshold\": \"2/3\", "
	    "\"amount\": true}\n"
	    "  ]\n}\n");
}

/* bench-city plans DIR: one plan file per estate, DIR/ESTATE.json. */
static int
cmd_plans(const char *dir)
{
	struct city	 c;
	FILE		*out;
	char		*path;
	size_t		 i;

	if (mkdir(dir, 0777) == -1 && errno != EEXIST)
		fatal("%s: %s", dir, strerror(errno));
	city_build(&c);
	for (i = 0; i < c.nestates; i++) {
		xasprintf(&path, "%s/%s.json", dir, c.estates[i].id);
		out = open_out(path);
		plan_write(out, &c.estates[i]);
		close_out(out, path);
		free(path);
	}
	fprintf(stderr, "bench-city: %zu plans in %s\n", c.nestates, dir);
	city_clear(&c);
	return 0;
}

/*
 * Pick a choice of question q for an estate of the given mood: the
 * first choice's weight moves by the mood, the second's the other way.
 */
static const char *
pick_choice(const struct bench_question *q, int mood, uint64_t *rng)
{
	int	 w[4], total = 0, r, i;

	for (i = 0; i < 4; i++) {
		w[i] = q->weight[i];
		if (i == 0)
			w[i] += mood;
		else if (i == 1)
			w[i] -= mood;
		if (w[i] < 0)
			w[i] = 0;
		total += w[i];
	}
	r = (int)rng_below(rng, (uint32_t)total);
	for (i = 0; i < 3 && r >= w[i]; i++)
		r -= w[i];
	return q->choices[i];
}

/* Write one answers CSV row, unless there is no file. */
static void
csv_row(FILE *out, const char *device, uint64_t seq, const char *estate,
    const char *question, const char *flat, const char *choice, rv_ms at)
{
	if (out == NULL)
		return;
	fprintf(out, "%s,%llu,%s,%s,%s,%s,%lld\n", device,
	    (unsigned long long)seq, estate, question, flat, choice,
	    (long long)at);
}

/* Report a failed store call, roll back and exit. */
static void RV_NORETURN
store_die(struct store *s, char *cause)
{
	fprintf(stderr, "bench-city: %s\n", cause);
	free(cause);
	store_close(s);
	exit(RV_EENV);
}

/*
 * The next cast_at of a kiosk: a random step whose mean spreads the
 * estate's expected records over the window, never past its close.
 */
static rv_ms
next_cast_at(rv_ms t, rv_ms gap, rv_ms closes, uint64_t *rng)
{
	t += (rv_ms)(rng_next(rng) % (uint64_t)(2 * gap + 1));
	return t > closes ? closes : t;
}

/*
 * bench-city answers DB [ANSWERS.csv]: store the answers and pledge
 * signatures of the whole city in DB through store_answer_add and
 * store_signature_add, all in one transaction, and write them as CSV.
 */
static int
cmd_answers(const char *db, const char *csvpath)
{
	struct city		 c;
	const struct city_estate *e;
	const struct city_flat	*f;
	struct store		*s = NULL;
	FILE			*out = NULL;
	uint64_t		 rng = ANSWER_SEED, seq;
	rv_ms			 opens, closes, t, gap;
	char			 device[32], fid[32], *cause = NULL;
	size_t			 i, j, q, nanswers = 0, npledges = 0;

	if (time_parse(OPENS, &opens, NULL, &cause) != RV_OK ||
	    time_parse(CLOSES, &closes, NULL, &cause) != RV_OK)
		fatal("%s", cause);
	city_build(&c);
	if (csvpath != NULL) {
		out = open_out(csvpath);
		fprintf(out, "device,seq,estate_id,question_id,flat_id,choice,"
		    "cast_at\n");
	}
	if (store_open(db, 0, &s, &cause) != RV_OK)
		store_die(NULL, cause);
	if (store_begin(s, &cause) != RV_OK)
		store_die(s, cause);
	for (i = 0; i < c.nestates; i++) {
		e = &c.estates[i];
		snprintf(device, sizeof device, "bench-%zu", i + 1);
		seq = 0;
		/* NQUESTIONS * 0.7 + 0.6 records a flat, on average. */
		gap = (closes - opens) * 10 / (rv_ms)(e->nflats *
		    (NQUESTIONS * ANSWER_PCT + PLEDGE_PCT) / 10 + 10);
		t = opens + (rv_ms)rng_below(&rng, 3600 * 1000);
		for (j = 0; j < e->nflats; j++) {
			f = &e->flats[j];
			flat_id(f, fid, sizeof fid);
			for (q = 0; q < NQUESTIONS; q++) {
				struct rv_answer_in a;

				if (rng_below(&rng, 100) >= ANSWER_PCT)
					continue;
				t = next_cast_at(t, gap, closes, &rng);
				a.estate_id = e->id;
				a.question_id = questions[q].id;
				a.flat_id = fid;
				a.choice = pick_choice(&questions[q], e->mood,
				    &rng);
				a.cast_at = t;
				a.device = device;
				a.seq = ++seq;
				if (store_answer_add(s, &a, &cause) != RV_OK)
					store_die(s, cause);
				csv_row(out, device, a.seq, e->id, a.question_id,
				    fid, a.choice, t);
				nanswers++;
			}
			if (rng_below(&rng, 100) < PLEDGE_PCT) {
				struct rv_signature_in g;

				t = next_cast_at(t, gap, closes, &rng);
				g.estate_id = e->id;
				g.pledge_id = PLEDGE_ID;
				g.flat_id = fid;
				g.amount_fen = rng_below(&rng, 2) == 0 ? -1 :
				    (int64_t)f->area * YUAN_PER_M2;
				g.cast_at = t;
				g.device = device;
				g.seq = ++seq;
				if (store_signature_add(s, &g, &cause) != RV_OK)
					store_die(s, cause);
				csv_row(out, device, g.seq, e->id, PLEDGE_ID,
				    fid, "signed", t);
				npledges++;
			}
		}
	}
	if (store_commit(s, &cause) != RV_OK)
		store_die(s, cause);
	store_close(s);
	if (out != NULL)
		close_out(out, csvpath);
	fprintf(stderr, "bench-city: %zu answers and %zu pledges of %zu "
	    "flats stored in %s\n", nanswers, npledges, c.nflats, db);
	city_clear(&c);
	return 0;
}

/* Dispatch on the subcommand. */
int
main(int argc, char **argv)
{
	if (argc < 3)
		usage();
	if (strcmp(argv[1], "roster") == 0 && argc == 3)
		return cmd_roster(argv[2]);
	if (strcmp(argv[1], "plans") == 0 && argc == 3)
		return cmd_plans(argv[2]);
	if (strcmp(argv[1], "answers") == 0 && (argc == 3 || argc == 4))
		return cmd_answers(argv[2], argc == 4 ? argv[3] : NULL);
	usage();
}
