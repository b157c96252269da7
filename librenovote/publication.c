/*
 * Publications anyone can check (docs/protocol.md, "Publication").
 *
 * Which records "counted".  For a question: each answer record that
 * tally_standing calls RV_STANDS at the publication's instant (marked
 * all at once by tally_standing_all), that is
 * the one answer that stands for its owner, so one leaf per taking-part
 * owner, carrying all the owner's area in the question's scope (what the
 * tally counts for them).  For a pledge: for each signed flat, its first
 * signature cast by the instant (earliest cast_at, then device, then
 * seq), one leaf per signed flat with the flat's area, as tally_pledge
 * counts flats.  Superseded, late, out-of-window, out-of-scope and
 * unplaceable records are not leaves.
 *
 * A leaf names its owner only by a pseudonym: HMAC-SHA256 of the owner
 * id under a secret of the estate that lives in the office database's
 * meta table (publication_secret/<estate>), made on first use.
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "ledger.h"
#include "publication.h"
#include "store.h"

#define PUB_SECRET_LEN	32	/* bytes of an estate's secret */
#define PUB_META_PREFIX	"publication_secret/"

/* One leaf being built, owning its strings. */
struct pub_leaf {
	const char	*kind;
	char		*subject;
	char		*choice;
	char		 owner[RV_PSEUDONYM_TEXT];
	char		 area[32];
	char		*scope;
	char		 record[2 * RV_HASH_LEN + 1];
};

/* A parsed publication, checked on its own. */
struct pub_index;
struct rv_pub {
	json_t		*root;
	struct pub_index *ix;		/* its leaves, indexed */
	char		*estate;
	long		 number;
	char		*key;
};

/* The leaves of one build. */
struct pub_leaves {
	struct pub_leaf	*v;
	size_t		 n;
};

/*
 * The estate's pseudonym secret from meta, made and stored inside the
 * caller's write transaction when there is none yet.
 */
static enum rv_status
pub_secret(struct store *s, const char *estate, uint8_t out[PUB_SECRET_LEN],
    char **cause)
{
	char		*key, *val = NULL, hex[2 * PUB_SECRET_LEN + 1];
	enum rv_status	 st;

	xasprintf(&key, PUB_META_PREFIX "%s", estate);
	if ((st = store_meta_get(s, key, &val, cause)) != RV_OK)
		goto out;
	if (val != NULL) {
		if (hex_decode(val, strlen(val), out, PUB_SECRET_LEN) != 0)
			st = rv_fail(cause, RV_EENV, "meta %s: not %d bytes "
			    "of hex", key, PUB_SECRET_LEN);
		goto out;
	}
	if (RAND_bytes(out, PUB_SECRET_LEN) != 1) {
		st = rv_fail(cause, RV_EENV, "cannot make a random secret");
		goto out;
	}
	hex_encode(out, PUB_SECRET_LEN, hex);
	st = store_meta_put(s, key, hex, cause);
	explicit_bzero(hex, sizeof hex);
out:
	if (val != NULL) {
		explicit_bzero(val, strlen(val));
		free(val);
	}
	free(key);
	return st;
}

/* The scope a question counts in, as a leaf writes it. */
static char *
pub_scope(const struct rv_question *q)
{
	char	*s;

	if (q->scope_building == NULL)
		return xstrdup("estate");
	if (q->scope_entrance == NULL)
		xasprintf(&s, "b:%s", q->scope_building);
	else
		xasprintf(&s, "b:%s/e:%s", q->scope_building,
		    q->scope_entrance);
	return s;
}

/* Add a leaf and return it. */
static struct pub_leaf *
pub_leaf_add(struct pub_leaves *l)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	memset(&l->v[l->n], 0, sizeof l->v[l->n]);
	return &l->v[l->n++];
}

/* Free the leaves. */
static void
pub_leaves_free(struct pub_leaves *l)
{
	size_t	 i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].subject);
		free(l->v[i].choice);
		free(l->v[i].scope);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}

/* The ledger hash of record device/seq as hex into out. */
static enum rv_status
pub_record(struct store *s, const char *device, uint64_t seq,
    char out[2 * RV_HASH_LEN + 1], char **cause)
{
	uint8_t		 h[RV_HASH_LEN];
	int		 found;
	enum rv_status	 st;

	if ((st = store_ledger_hash(s, device, seq, h, &found,
	    cause)) != RV_OK)
		return st;
	if (!found)
		return rv_fail(cause, RV_EENV, "record %s/%llu is not in the "
		    "ledger", device, (unsigned long long)seq);
	hex_encode(h, RV_HASH_LEN, out);
	return RV_OK;
}

/* The leaves of one question: its standing answers. */
static enum rv_status
pub_question(struct store *s, const struct rv_report_question *rq,
    rv_ms at, const uint8_t *secret, struct pub_leaves *l, char **cause)
{
	const struct rv_estate	*e = rq->estate;
	const struct rv_question *q = rq->question;
	struct rv_answers	 ans;
	struct pub_leaf		*leaf;
	struct rv_count		 sum = { 0, 0 };
	unsigned char		*stands;
	char			 text[RV_CHOICE_TEXT_MAX];
	rv_area			 area;
	size_t			 i, f;
	uint32_t		 owner;
	enum rv_status		 st;

	if ((st = store_answers_load(s, e, q, &ans, cause)) != RV_OK)
		return st;
	stands = xcalloc(ans.n + 1, 1);
	tally_standing_all(e, q, ans.v, ans.n, at, stands);
	for (i = 0; i < ans.n && st == RV_OK; i++) {
		if (!stands[i])
			continue;
		owner = e->flats[ans.v[i].flat].owner;
		area = 0;
		for (f = 0; f < e->nflats; f++) {
			if (e->flats[f].owner == owner &&
			    estate_flat_in_scope(&e->flats[f], q))
				area += e->flats[f].area;
		}
		leaf = pub_leaf_add(l);
		leaf->kind = "answer";
		leaf->subject = xstrdup(q->id);
		if (question_choice_format(q, ans.v[i].choice, text,
		    sizeof text) != 0)
			fatal("pub_question: %s: choice %u stands, yet is none",
			    q->id, (unsigned)ans.v[i].choice);
		leaf->choice = xstrdup(text);
		merkle_pseudonym(secret, PUB_SECRET_LEN,
		    e->flats[ans.v[i].flat].owner_id, leaf->owner);
		area_format(area, leaf->area, sizeof leaf->area);
		leaf->scope = pub_scope(q);
		st = pub_record(s, ans.v[i].device, ans.v[i].seq,
		    leaf->record, cause);
		sum.owners++;
		sum.area += area;
	}
	free(stands);
	store_answers_clear(&ans);
	if (st == RV_OK && (sum.owners != rq->result.participating.owners ||
	    sum.area != rq->result.participating.area))
		st = rv_fail(cause, RV_EENV, "estate %s: question %s: records "
		    "arrived while publishing; publish again", e->id, q->id);
	return st;
}

/*
 * The leaves of the estate's confirmed roster changes up to at: each a
 * signed record of the office, kind "roster", subject the field changed,
 * owner the pseudonym of the flat's owner before the change.  Verify
 * lets such an owner's answers leave a later publication.
 */
static enum rv_status
pub_roster(struct store *s, const struct rv_estate *e, rv_ms at,
    const uint8_t *secret, struct pub_leaves *l, char **cause)
{
	struct rv_roster_change	*v;
	struct pub_leaf		*leaf;
	size_t			 n, i;
	enum rv_status		 st;

	if ((st = store_roster_changes_load(s, e->id, &v, &n, cause)) != RV_OK)
		return st;
	for (i = 0; i < n && st == RV_OK; i++) {
		if (v[i].at > at)
			continue;
		leaf = pub_leaf_add(l);
		leaf->kind = "roster";
		leaf->subject = xstrdup(v[i].field);
		leaf->choice = xstrdup("confirmed");
		merkle_pseudonym(secret, PUB_SECRET_LEN, v[i].owner_id != NULL ?
		    v[i].owner_id : "", leaf->owner);
		area_format(0, leaf->area, sizeof leaf->area);
		leaf->scope = xstrdup("estate");
		st = pub_record(s, v[i].device, v[i].seq, leaf->record, cause);
	}
	store_roster_changes_free(v, n);
	return st;
}

/* Does signature record a come before b: earlier, then device, seq? */
static int
pub_sig_before(const struct rv_signature_record *a,
    const struct rv_signature_record *b)
{
	int	 c;

	if (a->cast_at != b->cast_at)
		return a->cast_at < b->cast_at;
	if ((c = strcmp(a->device, b->device)) != 0)
		return c < 0;
	return a->seq < b->seq;
}

/* The leaves of one pledge: the first signature of each signed flat. */
static enum rv_status
pub_pledge(struct store *s, const struct rv_report_pledge *rp, rv_ms at,
    const uint8_t *secret, struct pub_leaves *l, char **cause)
{
	const struct rv_estate	*e = rp->estate;
	struct rv_signature_record *v = NULL, **first;
	struct pub_leaf		*leaf;
	size_t			 n = 0, i;
	int64_t			 flats = 0;
	enum rv_status		 st;

	if ((st = store_signature_records(s, e, rp->pledge->id, &v, &n,
	    cause)) != RV_OK)
		return st;
	first = xcalloc(e->nflats + 1, sizeof *first);
	for (i = 0; i < n; i++) {
		if (v[i].flat >= e->nflats || v[i].cast_at > at)
			continue;
		if (first[v[i].flat] == NULL ||
		    pub_sig_before(&v[i], first[v[i].flat]))
			first[v[i].flat] = &v[i];
	}
	for (i = 0; i < e->nflats && st == RV_OK; i++) {
		if (first[i] == NULL)
			continue;
		leaf = pub_leaf_add(l);
		leaf->kind = "pledge";
		leaf->subject = xstrdup(rp->pledge->id);
		leaf->choice = xstrdup("signed");
		merkle_pseudonym(secret, PUB_SECRET_LEN, e->flats[i].owner_id,
		    leaf->owner);
		area_format(e->flats[i].area, leaf->area, sizeof leaf->area);
		leaf->scope = xstrdup("estate");
		st = pub_record(s, first[i]->device, first[i]->seq,
		    leaf->record, cause);
		flats++;
	}
	free(first);
	store_signature_records_free(v, n);
	if (st == RV_OK && flats != rp->result.signed_flats)
		st = rv_fail(cause, RV_EENV, "estate %s: pledge %s: records "
		    "arrived while publishing; publish again", e->id,
		    rp->pledge->id);
	return st;
}

/* qsort order of leaves: kind, subject, record. */
static int
pub_leaf_cmp(const void *va, const void *vb)
{
	const struct pub_leaf	*a = va, *b = vb;
	int			 c;

	if ((c = strcmp(a->kind, b->kind)) != 0)
		return c;
	if ((c = strcmp(a->subject, b->subject)) != 0)
		return c;
	return strcmp(a->record, b->record);
}

/* The struct rv_leaf view of a JSON leaf object; 0 if malformed. */
static int
pub_leaf_view(json_t *o, struct rv_leaf *l)
{
	const char	*f[7];
	static const char *names[7] = { "kind", "subject", "choice", "owner",
	    "area", "scope", "record" };
	size_t		 i;

	if (!json_is_object(o))
		return 0;
	for (i = 0; i < 7; i++) {
		f[i] = json_string_value(json_object_get(o, names[i]));
		if (!merkle_field_valid(f[i]))
			return 0;
	}
	l->kind = f[0];
	l->subject = f[1];
	l->choice = f[2];
	l->owner = f[3];
	l->area = f[4];
	l->scope = f[5];
	l->record = f[6];
	return 1;
}

/* The root over a JSON array of leaves; -1 and *bad on a malformed one. */
static int
pub_root(json_t *leaves, uint8_t root[RV_MERKLE_LEN], size_t *bad)
{
	uint8_t		(*h)[RV_MERKLE_LEN];
	struct rv_leaf	 l;
	size_t		 i, n = json_array_size(leaves), len;
	char		*b;

	h = xreallocarray(NULL, n + 1, RV_MERKLE_LEN);
	for (i = 0; i < n; i++) {
		if (!pub_leaf_view(json_array_get(leaves, i), &l)) {
			free(h);
			*bad = i;
			return -1;
		}
		b = merkle_leaf_bytes(&l, &len);
		merkle_leaf_hash(b, len, h[i]);
		free(b);
	}
	merkle_root((const uint8_t (*)[RV_MERKLE_LEN])h, n, 0, NULL, NULL,
	    NULL, root);
	free(h);
	return 0;
}

/* The canonical text of a JSON value: compact, keys sorted. */
static char *
pub_canonical(json_t *v)
{
	char	*s;

	if ((s = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS |
	    JSON_ENCODE_ANY)) == NULL)
		fatal("json_dumps failed");
	return s;
}

/*
 * The bytes the office signs: the format, a zero byte, then the estate,
 * the number, the instant in ms, the root and the SHA-256 of the tally's
 * canonical text, in hex, one per line.
 */
static char *
pub_signed_bytes(const char *estate, long number, json_int_t at,
    const char *root_hex, json_t *tally, size_t *len)
{
	uint8_t		 th[RV_MERKLE_LEN];
	char		 thex[2 * RV_MERKLE_LEN + 1], *t, *body, *out;
	size_t		 blen;

	t = pub_canonical(tally);
	EVP_Digest(t, strlen(t), th, NULL, EVP_sha256(), NULL);
	free(t);
	hex_encode(th, sizeof th, thex);
	blen = (size_t)xasprintf(&body, "%s\n%ld\n%lld\n%s\n%s", estate,
	    number, (long long)at, root_hex, thex);
	*len = sizeof RV_PUB_FORMAT + blen;
	out = xmalloc(*len);
	memcpy(out, RV_PUB_FORMAT, sizeof RV_PUB_FORMAT);	/* with NUL */
	memcpy(out + sizeof RV_PUB_FORMAT, body, blen);
	free(body);
	return out;
}

/* The fingerprint of a root: its first 16 hex digits in groups of 4. */
void
pub_fingerprint(const char *root_hex, char out[RV_PUB_FINGERPRINT])
{
	snprintf(out, RV_PUB_FINGERPRINT, "%.4s %.4s %.4s %.4s", root_hex,
	    root_hex + 4, root_hex + 8, root_hex + 12);
}

/*
 * Build publication number of the estate report r (one estate, tallied
 * at r->at) inside the caller's write transaction: the leaves of every
 * record it counted, their root, and the office's signature over the
 * root and the tally.  The JSON text goes to *out, the root in hex
 * to root_out (pub_fingerprint shortens it).
 */
enum rv_status
pub_build(struct store *s, const struct rv_report *r, const struct rv_key *key,
    long number, char **out, size_t *outlen, char root_out[RV_PUB_ROOT_HEX],
    char **cause)
{
	const char	*estate = r->estates[0]->id;
	uint8_t		 secret[PUB_SECRET_LEN], root[RV_MERKLE_LEN];
	uint8_t		 sig[RV_SIG_LEN];
	char		 root_hex[RV_PUB_ROOT_HEX];
	char		 sig_hex[2 * RV_SIG_LEN + 1];
	struct pub_leaves l;
	json_t		*doc = NULL, *tally, *leaves;
	json_error_t	 err;
	char		*text = NULL, *pem = NULL, *msg;
	size_t		 i, tlen, mlen, bad;
	FILE		*f;
	enum rv_status	 st;

	memset(&l, 0, sizeof l);
	if ((st = pub_secret(s, estate, secret, cause)) != RV_OK)
		return st;
	for (i = 0; i < r->nquestions && st == RV_OK; i++)
		st = pub_question(s, &r->questions[i], r->at, secret, &l,
		    cause);
	for (i = 0; i < r->npledges && st == RV_OK; i++)
		st = pub_pledge(s, &r->pledges[i], r->at, secret, &l, cause);
	if (st == RV_OK)
		st = pub_roster(s, r->estates[0], r->at, secret, &l, cause);
	explicit_bzero(secret, sizeof secret);
	if (st != RV_OK || (st = key_public_pem(key, &pem, cause)) != RV_OK)
		goto out;
	/* qsort wants a real array, even of nothing. */
	if (l.n > 1)
		qsort(l.v, l.n, sizeof *l.v, pub_leaf_cmp);

	if ((f = open_memstream(&text, &tlen)) == NULL)
		fatal("open_memstream failed");
	report_json(f, r);
	fclose(f);
	if ((tally = json_loads(text, 0, &err)) == NULL)
		fatal("tally JSON does not parse: %s", err.text);
	free(text);
	text = NULL;
	leaves = json_array();
	for (i = 0; i < l.n; i++)
		json_array_append_new(leaves, json_pack("{s:s, s:s, s:s, s:s, "
		    "s:s, s:s, s:s}", "kind", l.v[i].kind, "subject",
		    l.v[i].subject, "choice", l.v[i].choice, "owner",
		    l.v[i].owner, "area", l.v[i].area, "scope", l.v[i].scope,
		    "record", l.v[i].record));
	if (pub_root(leaves, root, &bad) != 0)
		fatal("publication: leaf %zu is malformed", bad);
	hex_encode(root, sizeof root, root_hex);
	msg = pub_signed_bytes(estate, number, (json_int_t)r->at, root_hex,
	    tally, &mlen);
	st = key_sign(key, msg, mlen, sig, cause);
	free(msg);
	if (st != RV_OK) {
		json_decref(tally);
		json_decref(leaves);
		goto out;
	}
	hex_encode(sig, sizeof sig, sig_hex);
	doc = json_pack("{s:s, s:s, s:i, s:I, s:o, s:o, s:s, s:s, s:s}",
	    "format", RV_PUB_FORMAT, "estate", estate, "number", (int)number,
	    "at_ms", (json_int_t)r->at, "tally", tally, "leaves", leaves,
	    "root", root_hex, "signature", sig_hex, "office_pubkey", pem);
	if (doc == NULL)
		fatal("json_pack failed");
	text = json_dumps(doc, JSON_INDENT(1) | JSON_SORT_KEYS);
	if (text == NULL)
		fatal("json_dumps failed");
	*outlen = strlen(text);
	*out = xreallocarray(text, *outlen + 2, 1);
	(*out)[(*outlen)++] = '\n';
	(*out)[*outlen] = '\0';
	memcpy(root_out, root_hex, sizeof root_hex);
out:
	json_decref(doc);
	free(pem);
	pub_leaves_free(&l);
	return st;
}

/* Is v the JSON string s? */
static int
pub_str_is(json_t *v, const char *s)
{
	const char	*t = json_string_value(v);

	return t != NULL && strcmp(t, s) == 0;
}

/* An area in a JSON number of m2, in hundredths; -1 if it is none. */
static rv_area
pub_json_area(json_t *v)
{
	if (!json_is_number(v) || json_number_value(v) < 0)
		return -1;
	return (rv_area)llround(json_number_value(v) * 100.0);
}

/* A leaf's area in hundredths; -1 when it is not an area. */
static rv_area
pub_leaf_area(const char *s)
{
	rv_area	 a;
	char	*why = NULL;

	if (area_parse(s, &a, &why) != RV_OK) {
		free(why);
		return -1;
	}
	return a;
}

/*
 * Sums over the leaves of one subject, by choice; or, for a question
 * that decides nothing (split), by each id of a choice ("lift,roof"
 * counts for lift and for roof), with the Borda points of its place
 * when max is set (rank).
 */
struct pub_sum {
	struct rv_count	 all;
	size_t		 nchoices;
	const char	*choice[RV_OPTIONS_MAX + 2];
	struct rv_count	 count[RV_OPTIONS_MAX + 2];
	int64_t		 points[RV_OPTIONS_MAX + 2];
	char		 ids[RV_OPTIONS_MAX + 2][RV_ID_MAX + 1];	/* split */
};

/* Build a bar from a published one with count and base replaced. */
static int
pub_bar_met(json_t *bar, int64_t count, int64_t base, int *published)
{
	struct rv_bar	 b;
	const char	*t;

	t = json_string_value(json_object_get(bar, "threshold"));
	memset(&b, 0, sizeof b);
	if (t == NULL || sscanf(t, "%u/%u", &b.num, &b.den) != 2 ||
	    b.den == 0 || !json_is_boolean(json_object_get(bar, "met")))
		return -1;
	b.count = count;
	b.base = base;
	b.strict = json_is_true(json_object_get(bar, "strict"));
	*published = json_is_true(json_object_get(bar, "met"));
	return tally_bar_met(&b);
}

/*
 * Check one bar of a question against the leaves: its count and base
 * as recounted, and met as tally.c judges them.
 */
static enum rv_status
pub_check_bar(const char *where, const char *name, json_t *bars,
    const struct rv_count *count, const struct rv_count *base, char **cause)
{
	json_t		*o = json_object_get(bars, "owners");
	json_t		*a = json_object_get(bars, "area_m2");
	int		 pm, met;

	if (!json_is_integer(json_object_get(o, "count")) ||
	    json_integer_value(json_object_get(o, "count")) != count->owners ||
	    json_integer_value(json_object_get(o, "base")) != base->owners)
		return rv_fail(cause, RV_EINPUT, "%s: %s bar: owners %lld of "
		    "%lld do not match the leaves", where, name,
		    (long long)json_integer_value(json_object_get(o, "count")),
		    (long long)json_integer_value(json_object_get(o, "base")));
	if (pub_json_area(json_object_get(a, "count")) != count->area ||
	    pub_json_area(json_object_get(a, "base")) != base->area)
		return rv_fail(cause, RV_EINPUT, "%s: %s bar: area does not "
		    "match the leaves", where, name);
	if ((met = pub_bar_met(o, count->owners, base->owners, &pm)) < 0 ||
	    met != pm)
		return rv_fail(cause, RV_EINPUT, "%s: %s bar: owners \"met\" "
		    "is wrong", where, name);
	if ((met = pub_bar_met(a, count->area, base->area, &pm)) < 0 ||
	    met != pm)
		return rv_fail(cause, RV_EINPUT, "%s: %s bar: area \"met\" is "
		    "wrong", where, name);
	return RV_OK;
}

/* Are both measures of a published pair of bars met? */
static int
pub_bars_met(json_t *bars)
{
	return json_is_true(json_object_get(json_object_get(bars, "owners"),
	    "met")) && json_is_true(json_object_get(json_object_get(bars,
	    "area_m2"), "met"));
}

/* Order leaves by kind, subject, owner, then record. */
static int
pub_by_owner(const void *va, const void *vb)
{
	const struct rv_leaf	*a = *(const struct rv_leaf *const *)va;
	const struct rv_leaf	*b = *(const struct rv_leaf *const *)vb;
	int			 c;

	if ((c = strcmp(a->kind, b->kind)) != 0 ||
	    (c = strcmp(a->subject, b->subject)) != 0 ||
	    (c = strcmp(a->owner, b->owner)) != 0)
		return c;
	return strcmp(a->record, b->record);
}

/* Order leaves by kind, subject, then record. */
static int
pub_by_record(const void *va, const void *vb)
{
	const struct rv_leaf	*a = *(const struct rv_leaf *const *)va;
	const struct rv_leaf	*b = *(const struct rv_leaf *const *)vb;
	int			 c;

	if ((c = strcmp(a->kind, b->kind)) != 0 ||
	    (c = strcmp(a->subject, b->subject)) != 0)
		return c;
	return strcmp(a->record, b->record);
}

/*
 * The leaves of a publication as views into its JSON, and two sorted
 * orders of them, so each check is a sort and a pass, not a square.
 */
struct pub_index {
	struct rv_leaf	 *v;
	size_t		  n;
	struct rv_leaf	**by_owner;	/* pub_by_owner */
	struct rv_leaf	**by_record;	/* pub_by_record */
};

/* Free an index's arrays. */
static void
pub_index_free(struct pub_index *ix)
{
	free(ix->v);
	free(ix->by_owner);
	free(ix->by_record);
	memset(ix, 0, sizeof *ix);
}

/* Index a JSON array of leaves; -1 and *bad on a malformed leaf. */
static int
pub_index_build(json_t *leaves, struct pub_index *ix, size_t *bad)
{
	size_t	 i;

	memset(ix, 0, sizeof *ix);
	ix->n = json_array_size(leaves);
	ix->v = xcalloc(ix->n + 1, sizeof *ix->v);
	ix->by_owner = xcalloc(ix->n + 1, sizeof *ix->by_owner);
	ix->by_record = xcalloc(ix->n + 1, sizeof *ix->by_record);
	for (i = 0; i < ix->n; i++) {
		if (!pub_leaf_view(json_array_get(leaves, i), &ix->v[i])) {
			*bad = i;
			pub_index_free(ix);
			return -1;
		}
		ix->by_owner[i] = ix->by_record[i] = &ix->v[i];
	}
	if (ix->n > 1) {
		qsort(ix->by_owner, ix->n, sizeof *ix->by_owner, pub_by_owner);
		qsort(ix->by_record, ix->n, sizeof *ix->by_record,
		    pub_by_record);
	}
	return 0;
}

/* The first position in sorted v (by cmp) not before key. */
static size_t
pub_lower(struct rv_leaf *const *v, size_t n, const struct rv_leaf *key,
    int (*cmp)(const void *, const void *))
{
	size_t	 lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cmp(&v[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Count one owner with area for choice id (NUL-terminated, kept by the
 * caller), with points; -1 when sum has no room for another choice.
 */
static int
pub_sum_add(struct pub_sum *sum, const char *id, rv_area area,
    int64_t points)
{
	size_t	 k;

	for (k = 0; k < sum->nchoices; k++)
		if (strcmp(sum->choice[k], id) == 0)
			break;
	if (k == sum->nchoices) {
		if (k == RV_OPTIONS_MAX + 2)
			return -1;
		sum->choice[sum->nchoices++] = id;
	}
	sum->count[k].owners++;
	sum->count[k].area += area;
	sum->points[k] += points;
	return 0;
}

/*
 * Count one owner with area for each id of choice, the one at place k
 * (from 0) with max - k points (none when max is 0).  The ids are copied
 * into sum.  -1 on a choice that is not ids joined by commas, or that
 * would make too many different ids.
 */
static int
pub_sum_split(struct pub_sum *sum, const char *choice, int64_t max,
    rv_area area)
{
	const char	*p = choice, *comma;
	size_t		 n, k, place;

	if (!choice_text_valid(choice))
		return -1;
	for (place = 0;; place++) {
		comma = strchr(p, ',');
		n = comma != NULL ? (size_t)(comma - p) : strlen(p);
		for (k = 0; k < sum->nchoices; k++)
			if (strlen(sum->choice[k]) == n &&
			    memcmp(sum->choice[k], p, n) == 0)
				break;
		if (k == sum->nchoices) {
			if (k == RV_OPTIONS_MAX + 2)
				return -1;
			memcpy(sum->ids[k], p, n);
			sum->ids[k][n] = '\0';
		}
		if (pub_sum_add(sum, k < sum->nchoices ? sum->choice[k] :
		    sum->ids[k], area, max > 0 ? max - (int64_t)place : 0) != 0)
			return -1;
		if (comma == NULL)
			return 0;
		p = comma + 1;
	}
}

/*
 * Sum the leaves of kind and subject, by whole choice or (split) by each
 * id of a choice with points from max; -1 with *bad (the leaf's place in
 * the file) and why on a leaf that cannot count: no area, an owner
 * counted twice in one question, a choice that does not split.
 */
static int
pub_sum_leaves(const struct pub_index *ix, const char *kind,
    const char *subject, int split, int64_t max, struct pub_sum *sum,
    size_t *bad, char *why, size_t whylen)
{
	struct rv_leaf	 key, *l;
	size_t		 i;
	rv_area		 area;

	memset(sum, 0, sizeof *sum);
	memset(&key, 0, sizeof key);
	key.kind = kind;
	key.subject = subject;
	key.owner = key.record = "";
	for (i = pub_lower(ix->by_owner, ix->n, &key, pub_by_owner);
	    i < ix->n; i++) {
		l = ix->by_owner[i];
		if (strcmp(l->kind, kind) != 0 || strcmp(l->subject,
		    subject) != 0)
			break;
		*bad = (size_t)(l - ix->v);
		if ((area = pub_leaf_area(l->area)) < 0) {
			snprintf(why, whylen, "area '%s' is not an area",
			    l->area);
			return -1;
		}
		/* One voice per owner in a question. */
		if (strcmp(kind, "answer") == 0 && sum->all.owners > 0 &&
		    strcmp(ix->by_owner[i - 1]->owner, l->owner) == 0) {
			snprintf(why, whylen, "owner %s counted twice",
			    l->owner);
			return -1;
		}
		if (split && pub_sum_split(sum, l->choice, max, area) != 0) {
			snprintf(why, whylen, "choice '%.64s' is not ids "
			    "joined by commas, or names too many", l->choice);
			return -1;
		}
		if (!split && pub_sum_add(sum, l->choice, area, 0) != 0) {
			snprintf(why, whylen, "too many choices");
			return -1;
		}
		sum->all.owners++;
		sum->all.area += area;
	}
	return 0;
}

/* The count of choice id in sum; zero when no leaf has it. */
static struct rv_count
pub_sum_get(const struct pub_sum *sum, const char *id)
{
	struct rv_count	 zero = { 0, 0 };
	size_t		 k;

	for (k = 0; id != NULL && k < sum->nchoices; k++)
		if (strcmp(sum->choice[k], id) == 0)
			return sum->count[k];
	return zero;
}

/*
 * Check one published count {"owners", "area_m2", ...} of a question
 * that decides nothing against got, and its "points" against points
 * when want_points.  Flats are not in the leaves and are not checked.
 */
static enum rv_status
pub_check_tcount(const char *where, const char *what, json_t *c,
    struct rv_count got, int want_points, int64_t points, char **cause)
{
	if (!json_is_integer(json_object_get(c, "owners")) ||
	    json_integer_value(json_object_get(c, "owners")) != got.owners ||
	    pub_json_area(json_object_get(c, "area_m2")) != got.area)
		return rv_fail(cause, RV_EINPUT, "%s: %s: %lld owners in the "
		    "tally, %lld in the leaves", where, what,
		    (long long)json_integer_value(json_object_get(c,
		    "owners")), (long long)got.owners);
	if (want_points && (!json_is_integer(json_object_get(c, "points")) ||
	    json_integer_value(json_object_get(c, "points")) != points))
		return rv_fail(cause, RV_EINPUT, "%s: %s: %lld points in the "
		    "tally, %lld in the leaves", where, what,
		    (long long)json_integer_value(json_object_get(c,
		    "points")), (long long)points);
	return RV_OK;
}

/* The points of id in sum; zero when no leaf names it. */
static int64_t
pub_sum_points(const struct pub_sum *sum, const char *id)
{
	size_t	 k;

	for (k = 0; k < sum->nchoices; k++)
		if (strcmp(sum->choice[k], id) == 0)
			return sum->points[k];
	return 0;
}

/*
 * Check a choose-many, rank or rating question of the tally ("decision":
 * false) against the leaves of question id: participating, abstain or
 * none, every option's owners, area and (rank) Borda points, every step,
 * the answers and the mean, each as tally.c counts them; and no leaf
 * names an option or step the tally has not.
 */
static enum rv_status
pub_check_opinion(const char *where, json_t *q, const struct pub_index *ix,
    const char *id, char **cause)
{
	const char	*kind = json_string_value(json_object_get(q, "kind"));
	json_t		*set, *c, *mean;
	struct pub_sum	 sum;
	struct rv_opinion op;
	const char	*none, *key;
	char		 why[160], m[RV_MEAN_TEXT], pm[RV_MEAN_TEXT];
	int64_t		 max = 0, step, g;
	size_t		 bad, k;
	int		 rank, rating;
	enum rv_status	 st;

	rank = kind != NULL && strcmp(kind, "rank") == 0;
	rating = kind != NULL && strcmp(kind, "rating") == 0;
	if (rank)
		max = json_integer_value(json_object_get(q, "max"));
	if (pub_sum_leaves(ix, "answer", id, 1, max, &sum, &bad, why,
	    sizeof why) != 0)
		return rv_fail(cause, RV_EINPUT, "%s: leaf %zu: %s", where,
		    bad, why);
	none = rating ? "none" : "abstain";
	if ((st = pub_check_tcount(where, "participating", json_object_get(q,
	    "participating"), sum.all, 0, 0, cause)) != RV_OK ||
	    (st = pub_check_tcount(where, none, json_object_get(q, none),
	    pub_sum_get(&sum, none), 0, 0, cause)) != RV_OK)
		return st;
	set = json_object_get(q, rating ? "steps" : "options");
	if (!json_is_object(set))
		return rv_fail(cause, RV_EINPUT, "%s: no \"%s\"", where,
		    rating ? "steps" : "options");
	for (k = 0; k < sum.nchoices; k++)
		if (strcmp(sum.choice[k], none) != 0 &&
		    json_object_get(set, sum.choice[k]) == NULL)
			return rv_fail(cause, RV_EINPUT, "%s: the leaves have "
			    "choice %s, which the question has not", where,
			    sum.choice[k]);
	memset(&op, 0, sizeof op);
	json_object_foreach(set, key, c) {
		if ((st = pub_check_tcount(where, key, c, pub_sum_get(&sum, key),
		    rank, pub_sum_points(&sum, key), cause)) != RV_OK)
			return st;
		if (rating) {
			step = strtoll(key, NULL, 10);
			op.answers += pub_sum_get(&sum, key).owners;
			op.mean_num += step * pub_sum_get(&sum, key).owners;
		}
	}
	if (!rating)
		return RV_OK;
	if (json_integer_value(json_object_get(q, "answers")) != op.answers)
		return rv_fail(cause, RV_EINPUT, "%s: answers: %lld in the "
		    "tally, %lld in the leaves", where, (long long)
		    json_integer_value(json_object_get(q, "answers")),
		    (long long)op.answers);
	mean = json_object_get(q, "mean");
	if (op.answers == 0)
		return json_is_null(mean) ? RV_OK : rv_fail(cause, RV_EINPUT,
		    "%s: a mean without answers", where);
	/* As tally.c keeps it: the fraction in lowest terms. */
	for (g = op.mean_num, step = op.answers; step != 0;) {
		int64_t t = g % step;

		g = step;
		step = t;
	}
	op.mean_num /= g;
	op.mean_den = op.answers / g;
	if (tally_mean_format(&op, m, sizeof m) != 0 ||
	    !json_is_number(json_object_get(mean, "value")))
		return rv_fail(cause, RV_EINPUT, "%s: no mean", where);
	snprintf(pm, sizeof pm, "%.2f",
	    json_number_value(json_object_get(mean, "value")));
	if (json_integer_value(json_object_get(mean, "num")) != op.mean_num ||
	    json_integer_value(json_object_get(mean, "den")) != op.mean_den ||
	    strcmp(pm, m) != 0)
		return rv_fail(cause, RV_EINPUT, "%s: mean %s in the tally, "
		    "%lld/%lld = %s in the leaves", where, pm,
		    (long long)op.mean_num, (long long)op.mean_den, m);
	return RV_OK;
}

/* Check one question of the tally against the leaves. */
static enum rv_status
pub_check_question(const char *name, const char *estate, json_t *q,
    const struct pub_index *ix, char **cause)
{
	const char	*id = json_string_value(json_object_get(q, "question_id"));
	const char	*judged, *cid;
	json_t		*choices, *c, *bars;
	struct pub_sum	 sum;
	struct rv_count	 elig, part, jc, got;
	size_t		 bad, k;
	char		 where[512], why[128];
	enum rv_status	 st;

	if (id == NULL || !json_is_object(q))
		return rv_fail(cause, RV_EINPUT, "%s: estate %s: a question of "
		    "the tally has no question_id", name, estate);
	snprintf(where, sizeof where, "%s: estate %s: question %s", name,
	    estate, id);
	if (json_is_false(json_object_get(q, "decision")))
		return pub_check_opinion(where, q, ix, id, cause);
	if (pub_sum_leaves(ix, "answer", id, 0, 0, &sum, &bad, why,
	    sizeof why) != 0)
		return rv_fail(cause, RV_EINPUT, "%s: leaf %zu: %s", where,
		    bad, why);
	elig.owners = json_integer_value(json_object_get(json_object_get(q,
	    "eligible"), "owners"));
	elig.area = pub_json_area(json_object_get(json_object_get(q,
	    "eligible"), "area_m2"));
	part.owners = json_integer_value(json_object_get(json_object_get(q,
	    "participating"), "owners"));
	part.area = pub_json_area(json_object_get(json_object_get(q,
	    "participating"), "area_m2"));
	if (part.owners != sum.all.owners || part.area != sum.all.area)
		return rv_fail(cause, RV_EINPUT, "%s: participating: %lld "
		    "owners in the tally, %lld in the leaves", where,
		    (long long)part.owners, (long long)sum.all.owners);
	choices = json_object_get(q, "choices");
	for (k = 0; k < sum.nchoices; k++)
		if (json_object_get(choices, sum.choice[k]) == NULL)
			return rv_fail(cause, RV_EINPUT, "%s: the leaves have "
			    "choice %s, which the question has not", where,
			    sum.choice[k]);
	json_object_foreach(choices, cid, c) {
		got = pub_sum_get(&sum, cid);
		if (json_integer_value(json_object_get(c, "owners")) !=
		    got.owners || pub_json_area(json_object_get(c,
		    "area_m2")) != got.area)
			return rv_fail(cause, RV_EINPUT, "%s: choice %s: %lld "
			    "owners in the tally, %lld in the leaves", where,
			    cid, (long long)json_integer_value(
			    json_object_get(c, "owners")),
			    (long long)got.owners);
	}
	bars = json_object_get(q, "bars");
	if ((st = pub_check_bar(where, "participation", json_object_get(bars,
	    "participation"), &part, &elig, cause)) != RV_OK)
		return st;
	judged = json_string_value(json_object_get(q, "judged"));
	jc = pub_sum_get(&sum, judged);
	if ((st = pub_check_bar(where, "approval", json_object_get(bars,
	    "approval"), &jc, &part, cause)) != RV_OK)
		return st;
	/* Both bars of a kind met, as the bars above say. */
	if (json_is_true(json_object_get(q, "participation_met")) !=
	    pub_bars_met(json_object_get(bars, "participation")))
		return rv_fail(cause, RV_EINPUT, "%s: participation_met "
		    "does not follow from its bars", where);
	if (pub_str_is(json_object_get(q, "kind"), "approve") &&
	    json_is_true(json_object_get(q, "approval_met")) !=
	    pub_bars_met(json_object_get(bars, "approval")))
		return rv_fail(cause, RV_EINPUT, "%s: approval_met does not "
		    "follow from its bars", where);
	return RV_OK;
}

/* Check one pledge of the tally against the leaves. */
static enum rv_status
pub_check_pledge(const char *name, const char *estate, json_t *p,
    const struct pub_index *ix, char **cause)
{
	const char	*id = json_string_value(json_object_get(p, "pledge_id"));
	json_t		*sg = json_object_get(p, "signed"), *bar;
	struct pub_sum	 sum;
	size_t		 bad;
	int		 met, pm;
	char		 where[512], why[128];

	if (id == NULL)
		return rv_fail(cause, RV_EINPUT, "%s: estate %s: a pledge of "
		    "the tally has no pledge_id", name, estate);
	snprintf(where, sizeof where, "%s: estate %s: pledge %s", name,
	    estate, id);
	if (pub_sum_leaves(ix, "pledge", id, 0, 0, &sum, &bad, why,
	    sizeof why) != 0)
		return rv_fail(cause, RV_EINPUT, "%s: leaf %zu: %s", where,
		    bad, why);
	if (json_integer_value(json_object_get(sg, "flats")) !=
	    sum.all.owners || pub_json_area(json_object_get(sg,
	    "area_m2")) != sum.all.area)
		return rv_fail(cause, RV_EINPUT, "%s: signed: %lld flats in "
		    "the tally, %lld in the leaves", where,
		    (long long)json_integer_value(json_object_get(sg,
		    "flats")), (long long)sum.all.owners);
	bar = json_pack("{s:O, s:b, s:O}", "threshold", json_object_get(p,
	    "threshold"), "strict", 0, "met", json_object_get(p, "met"));
	met = bar == NULL ? -1 : pub_bar_met(bar, sum.all.owners,
	    json_integer_value(json_object_get(p, "flats")), &pm);
	json_decref(bar);
	if (met < 0 || met != pm)
		return rv_fail(cause, RV_EINPUT, "%s: \"met\" is wrong", where);
	return RV_OK;
}

/* Is every leaf's subject one the tally has? */
static enum rv_status
pub_check_subjects(const char *name, const char *estate, json_t *tally,
    json_t *leaves, char **cause)
{
	struct rv_leaf	 l;
	json_t		*x;
	size_t		 i, j;
	int		 found;

	for (i = 0; i < json_array_size(leaves); i++) {
		if (!pub_leaf_view(json_array_get(leaves, i), &l))
			return rv_fail(cause, RV_EINPUT, "%s: estate %s: leaf "
			    "%zu is malformed", name, estate, i);
		/* A confirmed roster change is no tally subject. */
		if (strcmp(l.kind, "roster") == 0)
			continue;
		found = 0;
		json_array_foreach(json_object_get(tally, strcmp(l.kind,
		    "answer") == 0 ? "questions" : "pledges"), j, x) {
			if (pub_str_is(json_object_get(x, strcmp(l.kind,
			    "answer") == 0 ? "question_id" : "pledge_id"),
			    l.subject))
				found = 1;
		}
		if (!found || (strcmp(l.kind, "answer") != 0 &&
		    strcmp(l.kind, "pledge") != 0))
			return rv_fail(cause, RV_EINPUT, "%s: estate %s: leaf "
			    "%zu (record %.16s): %s %s is not in the tally",
			    name, estate, i, l.record, l.kind, l.subject);
	}
	return RV_OK;
}

/*
 * Parse and check one publication file (name for messages): recount
 * every tally figure from the leaves, the root from the leaves, and the
 * office signature over root and tally.  On success *out holds it.
 */
enum rv_status
pub_verify(const char *name, const char *text, size_t len,
    struct rv_pub **out, char **cause)
{
	json_t		*doc, *tally, *leaves, *x;
	json_error_t	 err;
	const char	*estate, *root_s, *sig_s, *key;
	uint8_t		 root[RV_MERKLE_LEN], sig[RV_SIG_LEN];
	char		 root_hex[2 * RV_MERKLE_LEN + 1], *msg;
	size_t		 i, bad, mlen;
	json_int_t	 number, at;
	struct pub_index *ix;
	enum rv_status	 st = RV_OK;

	*out = NULL;
	ix = xcalloc(1, sizeof *ix);
	if ((doc = json_loadb(text, len, 0, &err)) == NULL) {
		free(ix);
		return rv_fail(cause, RV_EINPUT, "%s: line %d: %s", name,
		    err.line, err.text);
	}
	estate = json_string_value(json_object_get(doc, "estate"));
	tally = json_object_get(doc, "tally");
	leaves = json_object_get(doc, "leaves");
	root_s = json_string_value(json_object_get(doc, "root"));
	sig_s = json_string_value(json_object_get(doc, "signature"));
	key = json_string_value(json_object_get(doc, "office_pubkey"));
	number = json_integer_value(json_object_get(doc, "number"));
	at = json_integer_value(json_object_get(doc, "at_ms"));
	if (!pub_str_is(json_object_get(doc, "format"), RV_PUB_FORMAT) ||
	    estate == NULL || !id_valid(estate) ||
	    !json_is_object(tally) || !json_is_array(leaves) ||
	    root_s == NULL || sig_s == NULL || key == NULL || number < 1 ||
	    !json_is_integer(json_object_get(doc, "at_ms"))) {
		st = rv_fail(cause, RV_EINPUT, "%s: not a %s file (a field is "
		    "missing or wrong)", name, RV_PUB_FORMAT);
		goto out;
	}
	if (pub_index_build(leaves, ix, &bad) != 0) {
		st = rv_fail(cause, RV_EINPUT, "%s: estate %s: leaf %zu is "
		    "malformed", name, estate, bad);
		goto out;
	}
	json_array_foreach(json_object_get(tally, "questions"), i, x) {
		if ((st = pub_check_question(name, estate, x, ix,
		    cause)) != RV_OK)
			goto out;
	}
	json_array_foreach(json_object_get(tally, "pledges"), i, x) {
		if ((st = pub_check_pledge(name, estate, x, ix,
		    cause)) != RV_OK)
			goto out;
	}
	if ((st = pub_check_subjects(name, estate, tally, leaves,
	    cause)) != RV_OK)
		goto out;
	if (pub_root(leaves, root, &bad) != 0) {
		st = rv_fail(cause, RV_EINPUT, "%s: estate %s: leaf %zu is "
		    "malformed", name, estate, bad);
		goto out;
	}
	hex_encode(root, sizeof root, root_hex);
	if (strcmp(root_hex, root_s) != 0) {
		st = rv_fail(cause, RV_EINPUT, "%s: estate %s: the root %.16s "
		    "is not the root of the leaves (%.16s)", name, estate,
		    root_s, root_hex);
		goto out;
	}
	if (!key_pem_valid(key)) {
		st = rv_fail(cause, RV_EINPUT, "%s: estate %s: office_pubkey "
		    "is not an Ed25519 public key", name, estate);
		goto out;
	}
	msg = pub_signed_bytes(estate, (long)number, at, root_hex, tally,
	    &mlen);
	if (strlen(sig_s) != 2 * RV_SIG_LEN ||
	    hex_decode(sig_s, strlen(sig_s), sig, sizeof sig) != 0 ||
	    !key_verify(key, msg, mlen, sig))
		st = rv_fail(cause, RV_EINPUT, "%s: estate %s: the office "
		    "signature over root and tally does not verify", name,
		    estate);
	free(msg);
	if (st != RV_OK)
		goto out;
	*out = xcalloc(1, sizeof **out);
	(*out)->root = doc;
	(*out)->ix = ix;
	(*out)->estate = xstrdup(estate);
	(*out)->number = (long)number;
	(*out)->key = xstrdup(key);
	return RV_OK;
out:
	pub_index_free(ix);
	free(ix);
	json_decref(doc);
	return st;
}

/*
 * Does the publication carry a confirmed roster change of a flat of
 * owner (a pseudonym)?  Then that owner's answers may change or go.
 */
static int
pub_roster_of(const struct pub_index *ix, const char *owner)
{
	size_t	 i;

	for (i = 0; i < ix->n; i++) {
		if (strcmp(ix->v[i].kind, "roster") == 0 &&
		    strcmp(ix->v[i].owner, owner) == 0)
			return 1;
	}
	return 0;
}

/*
 * Check that later (lname) keeps every record earlier (ename) counted:
 * each of earlier's leaves is in later unchanged, or later counts
 * another record of the same owner for the same question instead (the
 * owner answered again), or later carries a confirmed roster change of
 * that owner's flat (a signed record of the office) that explains it.  Both passed pub_verify.
 */
enum rv_status
pub_verify_follows(const struct rv_pub *earlier, const char *ename,
    const struct rv_pub *later, const char *lname, char **cause)
{
	const struct pub_index *ix = later->ix;
	const struct rv_leaf	*a, *b;
	size_t			 i, k;

	if (strcmp(earlier->key, later->key) != 0)
		return rv_fail(cause, RV_EINPUT, "%s: estate %s: signed by "
		    "another office key than %s", lname, later->estate, ename);
	if (json_integer_value(json_object_get(later->root, "at_ms")) <
	    json_integer_value(json_object_get(earlier->root, "at_ms")))
		return rv_fail(cause, RV_EINPUT, "%s: estate %s: tallied "
		    "before %s", lname, later->estate, ename);
	for (i = 0; i < earlier->ix->n; i++) {
		a = &earlier->ix->v[i];
		k = pub_lower(ix->by_record, ix->n, a, pub_by_record);
		if (k < ix->n && pub_by_record(&ix->by_record[k], &a) == 0) {
			b = ix->by_record[k];
			if ((strcmp(a->choice, b->choice) != 0 ||
			    strcmp(a->owner, b->owner) != 0 ||
			    strcmp(a->area, b->area) != 0 ||
			    strcmp(a->scope, b->scope) != 0) &&
			    !pub_roster_of(ix, a->owner))
				return rv_fail(cause, RV_EINPUT, "%s: estate "
				    "%s: record %.16s of %s counts "
				    "differently than in %s", lname,
				    later->estate, a->record, a->subject,
				    ename);
			continue;
		}
		/* Ended: a confirmed roster change of the owner's flat. */
		if (strcmp(a->kind, "roster") != 0 &&
		    pub_roster_of(ix, a->owner))
			continue;
		/* Replaced: the owner's later answer to the question. */
		if (strcmp(a->kind, "answer") == 0) {
			k = pub_lower(ix->by_owner, ix->n, a, pub_by_owner);
			if (k < ix->n) {
				b = ix->by_owner[k];
				if (strcmp(a->kind, b->kind) == 0 &&
				    strcmp(a->subject, b->subject) == 0 &&
				    strcmp(a->owner, b->owner) == 0)
					continue;
			}
			if (k > 0) {
				b = ix->by_owner[k - 1];
				if (strcmp(a->kind, b->kind) == 0 &&
				    strcmp(a->subject, b->subject) == 0 &&
				    strcmp(a->owner, b->owner) == 0)
					continue;
			}
		}
		return rv_fail(cause, RV_EINPUT, "%s: estate %s: record %.16s "
		    "(%s %s, owner %.8s) counted in %s is missing", lname,
		    later->estate, a->record, a->kind, a->subject, a->owner,
		    ename);
	}
	return RV_OK;
}

/* The estate a publication is of. */
const char *
pub_estate(const struct rv_pub *p)
{
	return p->estate;
}

/* Its number in the estate's sequence, from 1. */
long
pub_number(const struct rv_pub *p)
{
	return p->number;
}

/* The office public key (PEM) that signed it. */
const char *
pub_office_key(const struct rv_pub *p)
{
	return p->key;
}

/* Free a publication from pub_verify.  NULL-safe. */
void
pub_free(struct rv_pub *p)
{
	if (p == NULL)
		return;
	pub_index_free(p->ix);
	free(p->ix);
	json_decref(p->root);
	free(p->estate);
	free(p->key);
	free(p);
}

/*
 * Find the leaf of receipt (as typed) in publication p and print it with
 * its path to the root on f: each step's sibling hash and whether it is
 * on the left, so anyone can recompute the root by hand.  Returns 1 if
 * the publication counts the record, 0 if not, -1 if receipt is no
 * receipt.
 */
int
pub_receipt_path(const struct rv_pub *p, const char *receipt, FILE *f)
{
	json_t		*leaves = json_object_get(p->root, "leaves");
	uint8_t		(*h)[RV_MERKLE_LEN], rec[RV_HASH_LEN];
	uint8_t		 path[RV_MERKLE_DEPTH][RV_MERKLE_LEN];
	uint8_t		 root[RV_MERKLE_LEN];
	int		 left[RV_MERKLE_DEPTH];
	char		 want[RV_RECEIPT_LEN + 1], got[RV_RECEIPT_LEN + 1];
	char		 text[RV_RECEIPT_TEXT], hex[2 * RV_MERKLE_LEN + 1];
	char		 fp[RV_PUB_FINGERPRINT], *b;
	struct rv_leaf	 l;
	size_t		 i, n = json_array_size(leaves), which = n, np, len;

	if (ledger_receipt_normalise(receipt, want, sizeof want) != 0)
		return -1;
	h = xreallocarray(NULL, n + 1, RV_MERKLE_LEN);
	for (i = 0; i < n; i++) {
		pub_leaf_view(json_array_get(leaves, i), &l);
		b = merkle_leaf_bytes(&l, &len);
		merkle_leaf_hash(b, len, h[i]);
		free(b);
		if (which == n && ledger_hash_from_hex(l.record, rec) == 0) {
			ledger_receipt_from_hash(rec, text, sizeof text);
			if (ledger_receipt_normalise(text, got,
			    sizeof got) == 0 && strcmp(got, want) == 0)
				which = i;
		}
	}
	if (which == n) {
		free(h);
		return 0;
	}
	pub_leaf_view(json_array_get(leaves, which), &l);
	merkle_root((const uint8_t (*)[RV_MERKLE_LEN])h, n, which, path, left,
	    &np, root);
	ledger_receipt_from_hash(rec, text, sizeof text);
	fprintf(f, "receipt: %s\nestate: %s\npublication: %ld\n", text,
	    p->estate, p->number);
	fprintf(f, "leaf: %zu of %zu: %s %s %s, area %s, scope %s, owner "
	    "%s\nrecord: %s\n", which, n, l.kind, l.subject, l.choice, l.area,
	    l.scope, l.owner, l.record);
	hex_encode(h[which], RV_MERKLE_LEN, hex);
	fprintf(f, "leaf_hash: %s\n", hex);
	for (i = 0; i < np; i++) {
		hex_encode(path[i], RV_MERKLE_LEN, hex);
		fprintf(f, "path: %s %s\n", left[i] ? "left" : "right", hex);
	}
	hex_encode(root, RV_MERKLE_LEN, hex);
	pub_fingerprint(hex, fp);
	fprintf(f, "root: %s\nfingerprint: %s\n", hex, fp);
	free(h);
	return 1;
}

/*
 * Store publication p (checked by pub_verify) in the office database,
 * inside the caller's write transaction: its number, instant, root and
 * leaves, from which the receipt page shows a record's path to the root
 * (report_receipt).
 */
enum rv_status
pub_store(struct store *s, const struct rv_pub *p, char **cause)
{
	json_t		*leaves = json_object_get(p->root, "leaves");
	struct rv_leaf	*v;
	size_t		 i, n = json_array_size(leaves);
	enum rv_status	 st;

	v = xcalloc(n + 1, sizeof *v);
	for (i = 0; i < n; i++) {
		if (!pub_leaf_view(json_array_get(leaves, i), &v[i]))
			fatal("publication: leaf %zu is malformed", i);
	}
	st = store_pub_tree_put(s, p->estate, p->number,
	    (rv_ms)json_integer_value(json_object_get(p->root, "at_ms")),
	    json_string_value(json_object_get(p->root, "root")), v, n, cause);
	free(v);
	return st;
}
