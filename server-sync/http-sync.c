/*
 * The sync API under /api/sync/ (docs/protocol.md, "Sync over HTTPS"):
 * a kiosk asks what the office holds of its chain, sends the rest in
 * chunks, and fetches newer packages.  Every request is signed by the
 * kiosk's key (sync_auth_verify); every answer is JSON, except a package
 * body.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/http.h>
#include <jansson.h>

#include "office.h"
#include "http.h"
#include "store.h"

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
 * GET /api/sync/head: the office's head of the kiosk's chain.  Notes the
 * kiosk's sync, in a transaction of its own.
 */
static void
sync_head(struct store *s, struct evhttp_request *req, const char *device)
{
	struct rv_head	 h;
	char		*cause = NULL;
	enum rv_status	 st;

	if ((st = store_begin(s, &cause)) == RV_OK) {
		if ((st = store_ledger_head(s, device, &h, &cause)) != RV_OK ||
		    (st = store_device_synced(s, device, time_now(),
		    &cause)) != RV_OK)
			store_rollback(s);
		else
			st = store_commit(s, &cause);
	}
	if (st != RV_OK)
		reply_status(req, st, 400, cause);
	else
		http_reply_json(req, 200, head_json(device, &h));
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
	    evhttp_find_header(in, SYNC_HDR_SIGNATURE), body, len,
	    time_now(), &why, &cause)) != RV_OK) {
		if (st != RV_EENV)
			http_rate_charge(srv, req, HTTP_RATE_SYNC_FAIL);
		reply_status(req, st, why == SYNC_FORBIDDEN ? 403 : 401, cause);
		free(cause);
		return;
	}
	if (strcmp(path, "/api/sync/head") == 0 && cmd == EVHTTP_REQ_GET)
		sync_head(s, req, device);
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
}
