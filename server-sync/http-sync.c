/*
 * The sync API under /api/sync/ (docs/protocol.md, "Sync over HTTPS"):
 * a kiosk asks what the office holds of its chain, sends the rest in
 * chunks, and fetches newer packages.  Every request is signed by the
 * kiosk's key (sync_auth_verify); every answer is JSON, except a package
 * body.
 */

#include "config.h"

#include <sys/queue.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <jansson.h>

#include "office.h"
#include "http.h"
#include "store.h"
#include "web.h"

#define SYNC_PACKAGE_PREFIX	"/api/sync/package/"

/* {"device", "seq", "hash"}: what the office holds of a kiosk's chain. */
static json_t *
head_json(const char *device, const struct rv_head *h)
{
	char	 hex[2 * RV_HASH_LEN + 1];

	ledger_hash_hex(h->hash, hex, sizeof hex);
	return json_pack("{s:s,s:I,s:s}", "device", device, "seq",
	    (json_int_t)h->seq, "hash", hex);
}

/* Answer a failed store or ingest call: 503 for the environment. */
static void
reply_status(struct evhttp_request *req, enum rv_status st, int input_status,
    const char *cause)
{
	if (st == RV_EENV)
		fprintf(stderr, "renovote-office: %s\n", cause);
	http_reply_error(req, st == RV_EENV ? 503 : input_status, st ==
	    RV_EENV ? "the office cannot reach its database; try again" :
	    cause);
}

/*
 * The kiosk's own head from the query of a head request,
 * "?seq=N&hash=HEX": *given 0 when the request has no query (nothing is
 * checked then), -1 when the query is not such a head.
 */
static void
head_query(const char *target, struct rv_head *h, int *given)
{
	struct evkeyvalq q;
	const char	*q_seq, *q_hash, *query = strchr(target, '?');
	char		*end;
	unsigned long long v;

	*given = 0;
	if (query == NULL)
		return;
	*given = -1;
	TAILQ_INIT(&q);
	if (evhttp_parse_query_str(query + 1, &q) != 0)
		return;
	q_seq = evhttp_find_header(&q, "seq");
	q_hash = evhttp_find_header(&q, "hash");
	if (q_seq != NULL && q_hash != NULL && *q_seq >= '0' &&
	    *q_seq <= '9') {
		errno = 0;
		v = strtoull(q_seq, &end, 10);
		if (*end == '\0' && errno == 0 &&
		    ledger_hash_from_hex(q_hash, h->hash) == 0) {
			h->seq = v;
			*given = 1;
		}
	}
	evhttp_clear_headers(&q);
}

/*
 * Has the kiosk's reported head r gone backwards, given what the office
 * holds (held) and the furthest head it reported before (prev)?  A seq
 * lower than either, or the same seq with another hash, is backwards:
 * the kiosk runs an old copy of its database, or a fork.  Writes the
 * reason into why (size len).
 */
static int
head_backwards(const struct rv_head *r, const struct rv_head *held,
    const struct rv_head *prev, char *why, size_t len)
{
	char	 rh[2 * RV_HASH_LEN + 1], oh[2 * RV_HASH_LEN + 1];
	const struct rv_head *o = NULL;

	if (r->seq < held->seq || (r->seq == held->seq && r->seq > 0 &&
	    memcmp(r->hash, held->hash, RV_HASH_LEN) != 0))
		o = held;
	else if (r->seq < prev->seq || (r->seq == prev->seq && r->seq > 0 &&
	    memcmp(r->hash, prev->hash, RV_HASH_LEN) != 0))
		o = prev;
	if (o == NULL)
		return 0;
	ledger_hash_hex(r->hash, rh, sizeof rh);
	ledger_hash_hex(o->hash, oh, sizeof oh);
	if (r->seq == o->seq)
		snprintf(why, len, "head forked: the kiosk reports record %llu "
		    "(%.8s) but the office %s record %llu (%.8s); a copied "
		    "kiosk database?", (unsigned long long)r->seq, rh,
		    o == held ? "holds" : "was shown",
		    (unsigned long long)o->seq, oh);
	else
		snprintf(why, len, "head went backwards: the kiosk reports record "
	    "%llu (%.8s) but the office %s record %llu (%.8s); a kiosk "
	    "restored from an old copy?", (unsigned long long)r->seq, rh,
	    o == held ? "holds" : "was shown", (unsigned long long)o->seq,
	    oh);
	return 1;
}

/*
 * GET /api/sync/head[?seq=N&hash=HEX]: the office's head of the kiosk's
 * chain.  A kiosk's own head in the query is checked against what the
 * office holds and the furthest head the kiosk reported: going
 * backwards is a 409 and flags the kiosk.  Notes the kiosk's sync, in a
 * transaction of its own.
 */
static void
sync_head(struct store *s, struct evhttp_request *req, const char *device,
    const char *target)
{
	struct rv_head	 h, r, prev;
	char		*cause = NULL, why[512];
	int		 given;
	enum rv_status	 st;
	json_t		*doc;

	memset(&r, 0, sizeof r);
	head_query(target, &r, &given);
	if (given < 0) {
		http_reply_error(req, 400, "head: the query must be "
		    "?seq=N&hash=HEX, the kiosk's own head");
		return;
	}
	if ((st = store_begin(s, &cause)) != RV_OK)
		goto out;
	if ((st = store_ledger_head(s, device, &h, &cause)) != RV_OK ||
	    (st = store_device_reported_get(s, device, &prev,
	    &cause)) != RV_OK) {
		store_rollback(s);
		goto out;
	}
	if (given && head_backwards(&r, &h, &prev, why, sizeof why)) {
		store_rollback(s);
		sync_flag(s, device, why);
		doc = head_json(device, &h);
		json_object_set_new(doc, "error", json_string(why));
		json_object_set_new(doc, "rollback", json_true());
		http_reply_json(req, 409, doc);
		return;
	}
	if ((given && r.seq > prev.seq && (st = store_device_reported_put(s,
	    device, &r, &cause)) != RV_OK) ||
	    (st = store_device_synced(s, device, time_now(), &cause)) != RV_OK)
		store_rollback(s);
	else
		st = store_commit(s, &cause);
out:
	if (st != RV_OK)
		reply_status(req, st, 400, cause);
	else
		http_reply_json(req, 200, head_json(device, &h));
	free(cause);
}

/*
 * 403 to a revoked kiosk whose signature verified, with the office's
 * signed statement that it is revoked (docs/protocol.md, "Revocation"),
 * so the kiosk stops taking answers.  The office key is read from beside
 * the database; without it the answer carries no statement.
 */
static void
sync_revoked(struct store *s, struct evhttp_request *req, const char *device,
    const char *error)
{
	struct rv_key	*key = NULL;
	uint8_t		*msg, sig[RV_SIG_LEN];
	char		*path, *cause = NULL, hex[2 * RV_SIG_LEN + 1];
	size_t		 len;
	rv_ms		 at;
	json_t		*doc;

	doc = json_pack("{s:s}", "error", error);
	xasprintf(&path, "%s.key", store_path(s));
	if (store_device_revoked_at(s, device, &at, &cause) == RV_OK &&
	    at > 0 && key_load(path, &key, &cause) == RV_OK) {
		sync_revoked_message(device, at, &msg, &len);
		if (key_sign(key, msg, len, sig, &cause) == RV_OK) {
			hex_encode(sig, RV_SIG_LEN, hex);
			json_object_set_new(doc, "revoked", json_pack(
			    "{s:s,s:I,s:s}", "device", device, "at",
			    (json_int_t)at, "signature", hex));
		}
		free(msg);
	}
	if (cause != NULL)
		fprintf(stderr, "renovote-office: %s\n", cause);
	http_reply_json(req, 403, doc);
	key_free(key);
	free(path);
	free(cause);
}

/*
 * POST /api/sync/records: one chunk, a bundle of the kiosk's own
 * records, ingested and committed alone.  A chunk that starts past the
 * office's head, or forks from it, is a 409 carrying the head.
 */
static void
sync_records(struct store *s, struct evhttp_request *req, const char *device,
    const uint8_t *body, size_t len)
{
	struct rv_bundle_header bh;
	struct rv_head	 h;
	char		*name, *cause = NULL, *forked = NULL;
	size_t		 added = 0, stale = 0;
	enum rv_status	 st;
	json_t		*doc;

	/* Whose records and from where, before anything is stored. */
	xasprintf(&name, "chunk from %s", device);
	if ((st = ledger_bundle_header_read(name, body, len, &bh, &cause)) != RV_OK)
		goto out;
	if (strcmp(bh.device, device) != 0) {
		http_reply_error(req, 403, "a kiosk may send only its own "
		    "records");
		goto done;
	}
	if ((st = store_begin(s, &cause)) != RV_OK)
		goto out;
	if ((st = store_ledger_head(s, device, &h, &cause)) != RV_OK) {
		store_rollback(s);
		goto out;
	}
	if (bh.first > h.seq + 1) {
		store_rollback(s);
		doc = head_json(device, &h);
		json_object_set_new(doc, "error", json_sprintf("%s: starts at "
		    "record %llu but the office holds up to %llu; ask the "
		    "head again", name, (unsigned long long)bh.first,
		    (unsigned long long)h.seq));
		http_reply_json(req, 409, doc);
		goto done;
	}
	if ((st = sync_ingest_bundle(s, name, body, len, &added, &stale, &forked,
	    &cause)) != RV_OK) {
		store_rollback(s);
		if (forked != NULL) {
			sync_flag_fork(s, forked, name);
			doc = head_json(device, &h);
			json_object_set_new(doc, "error", json_string(cause));
			json_object_set_new(doc, "fork", json_true());
			http_reply_json(req, 409, doc);
			goto done;
		}
		goto out;
	}
	if ((st = store_ledger_head(s, device, &h, &cause)) != RV_OK) {
		store_rollback(s);
		goto out;
	}
	if ((st = store_commit(s, &cause)) != RV_OK)
		goto out;
	doc = head_json(device, &h);
	json_object_set_new(doc, "stored", json_integer((json_int_t)added));
	json_object_set_new(doc, "stale", json_integer((json_int_t)stale));
	http_reply_json(req, 200, doc);
	goto done;
out:
	reply_status(req, st, 400, cause);
done:
	free(forked);
	free(name);
	free(cause);
}

/*
 * POST /api/sync/packages, body {"held": [{"estate_id", "version"}...]}:
 * the estates among those the office has a newer package for, each with
 * its version and the path to fetch it from.
 */
static void
sync_packages(struct store *s, struct evhttp_request *req,
    const uint8_t *body, size_t len)
{
	json_t		*root, *held, *e, *out, *list;
	json_error_t	 err;
	const char	*id;
	json_int_t	 v;
	uint64_t	 have;
	char		*cause = NULL, *path;
	size_t		 i;
	enum rv_status	 st = RV_OK;

	root = json_loadb((const char *)body, len, JSON_REJECT_DUPLICATES,
	    &err);
	held = json_object_get(root, "held");
	if (!json_is_array(held) || json_array_size(held) > SYNC_HELD_MAX) {
		json_decref(root);
		http_reply_error(req, 400, "the body must be {\"held\": "
		    "[{\"estate_id\": ID, \"version\": N}, ...]}");
		return;
	}
	list = json_array();
	json_array_foreach(held, i, e) {
		id = json_string_value(json_object_get(e, "estate_id"));
		v = json_integer_value(json_object_get(e, "version"));
		if (id == NULL || !id_valid(id) || v < 0) {
			json_decref(list);
			json_decref(root);
			http_reply_error(req, 400, "held: each entry needs an "
			    "estate_id and a version");
			return;
		}
		if ((st = store_package_body_get(s, id, &have, NULL, NULL,
		    &cause)) != RV_OK)
			break;
		if (have > (uint64_t)v) {
			xasprintf(&path, "%s%s", SYNC_PACKAGE_PREFIX, id);
			json_array_append_new(list, json_pack("{s:s,s:I,s:s}",
			    "estate_id", id, "version", (json_int_t)have,
			    "path", path));
			free(path);
		}
	}
	json_decref(root);
	if (st != RV_OK) {
		json_decref(list);
		reply_status(req, st, 400, cause);
	} else {
		out = json_object();
		json_object_set_new(out, "packages", list);
		http_reply_json(req, 200, out);
	}
	free(cause);
}

/* GET /api/sync/package/ID: the latest signed package body of estate ID. */
static void
sync_package(struct store *s, struct evhttp_request *req, const char *id)
{
	uint8_t		*body = NULL;
	size_t		 len = 0;
	uint64_t	 version;
	char		*cause = NULL;
	enum rv_status	 st;

	if (!id_valid(id))
		http_reply_error(req, 404, "no such estate");
	else if ((st = store_package_body_get(s, id, &version, &body, &len,
	    &cause)) != RV_OK)
		reply_status(req, st, 400, cause);
	else if (body == NULL)
		http_reply_error(req, 404, "the office has no package for "
		    "this estate");
	else
		http_reply(req, 200, "application/octet-stream", body, len, 0);
	free(body);
	free(cause);
}

/*
 * One request under /api/sync/: authenticate it (the signature covers
 * the method, the raw target and the body), then route by method and
 * path.
 */
void
http_sync_handle(struct http_server *srv, struct evhttp_request *req,
    const char *path, const char *target)
{
	struct store		*s = http_store(srv);
	struct evkeyvalq	*in = evhttp_request_get_input_headers(req);
	struct evbuffer		*buf = evhttp_request_get_input_buffer(req);
	enum evhttp_cmd_type	 cmd = evhttp_request_get_command(req);
	const char		*device, *method;
	const uint8_t		*body;
	enum sync_refusal	 why;
	size_t			 len = evbuffer_get_length(buf);
	char			*cause = NULL;
	enum rv_status		 st;

	method = cmd == EVHTTP_REQ_GET ? "GET" : cmd == EVHTTP_REQ_POST ?
	    "POST" : cmd == EVHTTP_REQ_HEAD ? "HEAD" : "OTHER";
	body = len > 0 ? evbuffer_pullup(buf, -1) : NULL;
	device = evhttp_find_header(in, SYNC_HDR_DEVICE);
	/* A client that failed too often is refused before any check. */
	if (!http_rate_check(srv, req, HTTP_RATE_SYNC_FAIL, 0))
		return;
	if ((st = sync_auth_verify(s, device, method, target,
	    evhttp_find_header(in, SYNC_HDR_TIME),
	    evhttp_find_header(in, SYNC_HDR_NONCE),
	    evhttp_find_header(in, SYNC_HDR_SIGNATURE), body, len,
	    time_now(), &why, &cause)) != RV_OK) {
		if (st != RV_EENV)
			http_rate_charge(srv, req, HTTP_RATE_SYNC_FAIL);
		if (st == RV_EINPUT && why == SYNC_REVOKED)
			sync_revoked(s, req, device, cause);
		else
			reply_status(req, st, why == SYNC_UNAUTHENTICATED ?
			    401 : 403, cause);
		free(cause);
		return;
	}
	if (strcmp(path, "/api/sync/head") == 0 && cmd == EVHTTP_REQ_GET)
		sync_head(s, req, device, target);
	else if (strcmp(path, "/api/sync/records") == 0 &&
	    cmd == EVHTTP_REQ_POST)
		sync_records(s, req, device, body, len);
	else if (strcmp(path, "/api/sync/packages") == 0 &&
	    cmd == EVHTTP_REQ_POST)
		sync_packages(s, req, body, len);
	else if (strncmp(path, SYNC_PACKAGE_PREFIX,
	    strlen(SYNC_PACKAGE_PREFIX)) == 0 && cmd == EVHTTP_REQ_GET)
		sync_package(s, req, path + strlen(SYNC_PACKAGE_PREFIX));
	else if (strcmp(path, "/api/sync/head") == 0 ||
	    strcmp(path, "/api/sync/records") == 0 ||
	    strcmp(path, "/api/sync/packages") == 0 ||
	    strncmp(path, SYNC_PACKAGE_PREFIX,
	    strlen(SYNC_PACKAGE_PREFIX)) == 0)
		http_reply_error(req, 405, "method not allowed");
	else
		http_reply_error(req, 404, "no such sync endpoint");
	/* A kiosk's sync, records or not, changes what pages show. */
	web_cache_changed(http_cache(srv));
}
