/*
 * Estate packages: what the office signs and a kiosk loads to work
 * offline: the estate's flats (owner names masked, owner ids replaced by
 * pseudonyms), its plan, the voting
 * code hashes and the office's public key.
 *
 * File: "RVPKG001", u32 payload length, the payload (UTF-8 JSON), u16
 * signature length (64), an Ed25519 signature over "renovote-package-v1",
 * a zero byte and the payload.  Integers are big-endian.  A kiosk pins
 * the office key of the first package it loads and refuses packages
 * signed by another key or older than the one it holds.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ledger.h"

#define PKG_MAGIC	"RVPKG001"
#define PKG_MAGIC_LEN	8
#define PKG_CONTEXT	"renovote-package-v1"
#define PKG_FORMAT	"renovote-package-1"
#define PKG_MAX		(256 * 1024 * 1024)

/* The bytes signed: context, a zero byte, payload. */
static uint8_t *
pkg_signed_bytes(const uint8_t *payload, size_t len, size_t *outlen)
{
	size_t	 clen = sizeof PKG_CONTEXT;	/* with its NUL */
	uint8_t	*msg = xmalloc(clen + len);

	memcpy(msg, PKG_CONTEXT, clen);
	memcpy(msg + clen, payload, len);
	*outlen = clen + len;
	return msg;
}

/*
 * Mask an owner's name for display at the kiosk: the first character,
 * then one '*' for each further character ("张三丰" -> "张**").
 */
char *
package_owner_mask(const char *name)
{
	size_t		 n, i = 0, count = 0;
	uint32_t	 cp;
	char		*out;

	if (name == NULL || *name == '\0')
		return NULL;
	n = utf8_decode(name, &cp);
	for (i = n; name[i] != '\0'; count++)
		i += utf8_decode(name + i, &cp);
	out = xmalloc(n + count + 1);
	memcpy(out, name, n);
	memset(out + n, '*', count);
	out[n + count] = '\0';
	return out;
}

/*
 * The owner id a kiosk sees: a short hash of the estate and the real id.
 * It still groups an owner's flats (the kiosk's local tally needs that)
 * but does not carry the roster's id, which may be an ID card number.
 */
static void
owner_pseudonym(const char *estate_id, const char *owner_id, char *out,
    size_t len)
{
	uint8_t	 h[RV_HASH_LEN];
	char	 hex[2 * RV_HASH_LEN + 1], *in;

	xasprintf(&in, "%s/%s", estate_id, owner_id);
	ledger_sha256(in, strlen(in), h);
	free(in);
	ledger_hash_hex(h, hex, sizeof hex);
	snprintf(out, len, "o-%.16s", hex);
}

/*
 * An optional estate name in another locale, key of root: absent, or a
 * non-empty valid name, copied to *out.
 */
static enum rv_status
pkg_name(json_t *root, const char *key, const char *name, char **out,
    char **cause)
{
	json_t	*v = json_object_get(root, key);

	if (v == NULL)
		return RV_OK;
	if (!json_is_string(v) || !name_valid(json_string_value(v)) ||
	    *json_string_value(v) == '\0')
		return rv_fail(cause, RV_EINPUT, "%s: %s is malformed", name,
		    key);
	*out = xstrdup(json_string_value(v));
	return RV_OK;
}

/* The payload of estate e's package as JSON text. */
static char *
pkg_payload(const struct rv_estate *e, const char *plan_src,
    const struct rv_code_row *codes, size_t ncodes, uint64_t version,
    const char *office_pub)
{
	json_t		*root, *flats, *plan, *f;
	json_error_t	 err;
	char		 area[32], now[RV_TIME_MAX], owner[24], *masked, *text;
	size_t		 i, k;

	plan = json_loads(plan_src, 0, &err);
	if (plan == NULL)
		fatal("stored plan of %s does not parse: %s", e->id, err.text);
	flats = json_array();
	for (i = 0, k = 0; i < e->nflats; i++) {
		const struct rv_flat *fl = &e->flats[i];

		while (k < ncodes && strcmp(codes[k].flat_id, fl->flat_id) < 0)
			k++;
		area_format(fl->area, area, sizeof area);
		owner_pseudonym(e->id, fl->owner_id, owner, sizeof owner);
		masked = package_owner_mask(fl->owner_name);
		f = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s*, s:s*}",
		    "flat_id", fl->flat_id, "building", fl->building,
		    "entrance", fl->entrance, "room", fl->room,
		    "owner_id", owner, "area_m2", area,
		    "owner_name", masked,
		    "code_hash", k < ncodes && strcmp(codes[k].flat_id,
		    fl->flat_id) == 0 ? codes[k].hash : NULL);
		free(masked);
		json_array_append_new(flats, f);
	}
	time_format(time_now(), RV_CST_OFFSET, now, sizeof now);
	root = json_pack("{s:s, s:s, s:s, s:s*, s:s*, s:I, s:s, s:s, s:o, "
	    "s:o}", "format", PKG_FORMAT, "estate_id", e->id,
	    "estate_name", e->name, "estate_name_zh_TW", e->name_zh_tw,
	    "estate_name_en", e->name_en, "version", (json_int_t)version,
	    "created_at", now, "office_pubkey", office_pub, "flats", flats,
	    "plan", plan);
	text = json_dumps(root, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(root);
	if (text == NULL)
		fatal("cannot serialise package of %s", e->id);
	return text;
}

/*
 * Build and sign estate e's package: plan_src is the stored plan, codes
 * its code hashes sorted by flat id.
 */
enum rv_status
package_build(const struct rv_estate *e, const char *plan_src,
    const struct rv_code_row *codes, size_t ncodes, uint64_t version,
    const struct rv_key *key, uint8_t **out, size_t *outlen, char **cause)
{
	char		*pub = NULL, *payload;
	uint8_t		*msg, sig[RV_SIG_LEN], *buf;
	size_t		 plen, mlen;
	enum rv_status	 st;

	if ((st = key_public_pem(key, &pub, cause)) != RV_OK)
		return st;
	payload = pkg_payload(e, plan_src, codes, ncodes, version, pub);
	free(pub);
	plen = strlen(payload);
	msg = pkg_signed_bytes((const uint8_t *)payload, plen, &mlen);
	st = key_sign(key, msg, mlen, sig, cause);
	free(msg);
	if (st != RV_OK) {
		free(payload);
		return st;
	}
	buf = xmalloc(PKG_MAGIC_LEN + 4 + plen + 2 + RV_SIG_LEN);
	memcpy(buf, PKG_MAGIC, PKG_MAGIC_LEN);
	be_put(buf + PKG_MAGIC_LEN, plen, 4);
	memcpy(buf + PKG_MAGIC_LEN + 4, payload, plen);
	be_put(buf + PKG_MAGIC_LEN + 4 + plen, RV_SIG_LEN, 2);
	memcpy(buf + PKG_MAGIC_LEN + 4 + plen + 2, sig, RV_SIG_LEN);
	free(payload);
	*out = buf;
	*outlen = PKG_MAGIC_LEN + 4 + plen + 2 + RV_SIG_LEN;
	return RV_OK;
}

/* Free a loaded package. */
void
package_free(struct rv_package *p)
{
	size_t	 i;

	if (p == NULL)
		return;
	estate_free(p->estate);
	plan_free(p->plan);
	free(p->plan_src);
	for (i = 0; i < p->ncodes; i++)
		free(p->codes[i].flat_id);
	free(p->codes);
	free(p->office_pubkey);
	free(p);
}

/* Read one string member of a flat object, checking it as an id. */
static const char *
flat_member(json_t *f, const char *key, int required, size_t i,
    const char *name, char **cause)
{
	json_t		*v = json_object_get(f, key);
	const char	*s;

	if (v == NULL && !required)
		return "";
	if (!json_is_string(v) || (s = json_string_value(v)) == NULL ||
	    (required && !id_valid(s) && strcmp(key, "area_m2") != 0)) {
		rv_fail(cause, RV_EINPUT, "%s: flats[%zu].%s is missing or "
		    "malformed", name, i, key);
		return NULL;
	}
	return s;
}

/* Turn the payload's flats into an estate and code rows. */
static enum rv_status
pkg_flats(json_t *root, const char *name, struct rv_package *p, char **cause)
{
	json_t		*flats = json_object_get(root, "flats"), *f;
	const char	*v[6], *hash, *owner;
	static const char *keys[] = { "flat_id", "building", "entrance",
	    "room", "owner_id", "area_m2" };
	struct rv_estate *e = p->estate;
	size_t		 i, k, n;
	enum rv_status	 st;

	if (!json_is_array(flats) || (n = json_array_size(flats)) == 0 ||
	    n > RV_FLATS_MAX)
		return rv_fail(cause, RV_EINPUT, "%s: no flats", name);
	e->flats = xcalloc(n, sizeof *e->flats);
	p->codes = xcalloc(n, sizeof *p->codes);
	json_array_foreach(flats, i, f) {
		struct rv_flat *fl = &e->flats[i];

		for (k = 0; k < 6; k++) {
			if ((v[k] = flat_member(f, keys[k], 1, i, name,
			    cause)) == NULL)
				return RV_EINPUT;
		}
		fl->flat_id = xstrdup(v[0]);
		fl->building = xstrdup(v[1]);
		fl->entrance = xstrdup(v[2]);
		fl->room = xstrdup(v[3]);
		fl->owner_id = xstrdup(v[4]);
		e->nflats++;
		if ((st = area_parse(v[5], &fl->area, cause)) != RV_OK)
			return st;
		if ((owner = flat_member(f, "owner_name", 0, i, name,
		    cause)) == NULL ||
		    (hash = flat_member(f, "code_hash", 0, i, name,
		    cause)) == NULL)
			return RV_EINPUT;
		if (!name_valid(owner))
			return rv_fail(cause, RV_EINPUT, "%s: flats[%zu]."
			    "owner_name is malformed", name, i);
		fl->owner_name = *owner != '\0' ? xstrdup(owner) : NULL;
		if (*hash != '\0') {
			if (strlen(hash) >= RV_CODE_HASH_MAX)
				return rv_fail(cause, RV_EINPUT, "%s: "
				    "flats[%zu].code_hash is malformed", name,
				    i);
			p->codes[p->ncodes].flat_id = xstrdup(fl->flat_id);
			memcpy(p->codes[p->ncodes++].hash, hash,
			    strlen(hash) + 1);
		}
	}
	estate_prepare(e);
	for (i = 1; i < e->nflats; i++) {
		if (strcmp(e->flats[i - 1].flat_id, e->flats[i].flat_id) == 0)
			return rv_fail(cause, RV_EINPUT, "%s: flat %s appears "
			    "twice", name, e->flats[i].flat_id);
	}
	return RV_OK;
}

/*
 * Read a package file: check its structure and signature (with pinned,
 * the office key the kiosk already trusts, or the key inside the package
 * when pinned is NULL: trust on first load), then its contents as
 * strictly as the office checked them.
 */
enum rv_status
package_parse(const char *name, const uint8_t *buf, size_t len,
    const char *pinned, struct rv_package **out, char **cause)
{
	struct rv_package *p = NULL;
	json_t		*root = NULL, *v, *plan;
	json_error_t	 err;
	const uint8_t	*payload;
	uint8_t		*msg;
	size_t		 plen, mlen;
	enum rv_status	 st = RV_EINPUT;
	int		 ok;

	if (len < PKG_MAGIC_LEN + 4 || memcmp(buf, PKG_MAGIC,
	    PKG_MAGIC_LEN) != 0)
		return rv_fail(cause, RV_EINPUT, "%s: not a renovote estate "
		    "package", name);
	plen = (size_t)be_get(buf + PKG_MAGIC_LEN, 4);
	if (plen > PKG_MAX || len != PKG_MAGIC_LEN + 4 + plen + 2 +
	    RV_SIG_LEN || be_get(buf + PKG_MAGIC_LEN + 4 + plen, 2) !=
	    RV_SIG_LEN)
		return rv_fail(cause, RV_EINPUT, "%s: truncated or damaged "
		    "package", name);
	payload = buf + PKG_MAGIC_LEN + 4;
	if ((root = json_loadb((const char *)payload, plen,
	    JSON_REJECT_DUPLICATES, &err)) == NULL || !json_is_object(root)) {
		st = rv_fail(cause, RV_EINPUT, "%s: damaged package", name);
		goto fail;
	}
	p = xcalloc(1, sizeof *p);
	v = json_object_get(root, "office_pubkey");
	if (!json_is_string(v) || !key_pem_valid(json_string_value(v))) {
		st = rv_fail(cause, RV_EINPUT, "%s: no office key", name);
		goto fail;
	}
	p->office_pubkey = xstrdup(json_string_value(v));
	if (pinned != NULL && strcmp(pinned, p->office_pubkey) != 0) {
		st = rv_fail(cause, RV_EINPUT, "%s: signed by a different "
		    "office than the packages this kiosk holds", name);
		goto fail;
	}
	msg = pkg_signed_bytes(payload, plen, &mlen);
	ok = key_verify(p->office_pubkey, msg, mlen, payload + plen + 2);
	free(msg);
	if (!ok) {
		st = rv_fail(cause, RV_EINPUT, "%s: the office signature does "
		    "not verify; the package was altered", name);
		goto fail;
	}
	if (!json_is_string(v = json_object_get(root, "format")) ||
	    strcmp(json_string_value(v), PKG_FORMAT) != 0 ||
	    !json_is_integer(v = json_object_get(root, "version")) ||
	    json_integer_value(v) <= 0) {
		st = rv_fail(cause, RV_EINPUT, "%s: unknown package format",
		    name);
		goto fail;
	}
	p->version = (uint64_t)json_integer_value(v);
	ledger_sha256(payload, plen, p->digest);
	p->estate = xcalloc(1, sizeof *p->estate);
	if (!json_is_string(v = json_object_get(root, "estate_id")) ||
	    !id_valid(json_string_value(v))) {
		st = rv_fail(cause, RV_EINPUT, "%s: no estate id", name);
		goto fail;
	}
	p->estate->id = xstrdup(json_string_value(v));
	v = json_object_get(root, "estate_name");
	if (!json_is_string(v) || !name_valid(json_string_value(v)) ||
	    *json_string_value(v) == '\0') {
		st = rv_fail(cause, RV_EINPUT, "%s: estate_name is missing or "
		    "malformed", name);
		goto fail;
	}
	p->estate->name = xstrdup(json_string_value(v));
	if ((st = pkg_name(root, "estate_name_zh_TW", name,
	    &p->estate->name_zh_tw, cause)) != RV_OK ||
	    (st = pkg_name(root, "estate_name_en", name,
	    &p->estate->name_en, cause)) != RV_OK)
		goto fail;
	if ((st = pkg_flats(root, name, p, cause)) != RV_OK)
		goto fail;
	plan = json_object_get(root, "plan");
	if ((p->plan_src = json_dumps(plan, JSON_COMPACT)) == NULL) {
		st = rv_fail(cause, RV_EINPUT, "%s: no plan", name);
		goto fail;
	}
	p->plan_len = strlen(p->plan_src);
	if ((st = plan_parse(name, p->plan_src, p->plan_len, &p->plan,
	    cause)) != RV_OK ||
	    (st = plan_check_roster(name, p->plan, p->estate, cause)) != RV_OK)
		goto fail;
	json_decref(root);
	*out = p;
	return RV_OK;
fail:
	json_decref(root);
	package_free(p);
	return st;
}
