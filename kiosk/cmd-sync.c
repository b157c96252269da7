/*
 * sync: send the office what it lacks of this kiosk's chain and fetch
 * newer packages, over HTTPS with libcurl, loaded when sync runs
 * (docs/protocol.md, "Sync over HTTPS"; the states are in
 * librenovote/sync.c).  The office's certificate is checked against
 * --ca only.  Without a network the kiosk goes on working and the next
 * sync sends everything since.  A busy office's Retry-After is waited
 * out, within SYNC_WAIT_MAX_S.
 */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CURL_DISABLE_TYPECHECK	/* every call goes through a pointer */
#include <curl/curl.h>
#include <jansson.h>

#include "kiosk.h"
#include "store.h"

#define SYNC_RETRIES_DEFAULT	5
#define SYNC_RETRIES_MAX	20
#define SYNC_BACKOFF_MS		1000	/* first wait before a retry */
#define SYNC_BACKOFF_MAX_MS	30000	/* waits double up to this */
#define SYNC_CONNECT_TIMEOUT	10	/* seconds */
#define SYNC_SLOW_SECONDS	30	/* abort below 1 byte/s for this long */
#define SYNC_REPLY_MAX		(1024 * 1024)	/* bytes of a JSON answer */
#define SYNC_REHEAD_MAX		3	/* 409s in a row before giving up */
#define SYNC_WAIT_MAX_S		300	/* the longest Retry-After waited out */

/*
 * The libcurl functions sync uses.  libcurl is loaded when sync runs
 * (dynlib.c), so the resident interface and cast never map it and the
 * libraries it pulls in.
 */
#define SYNC_CURL_FUNCTIONS(F) \
	F(CURLcode, global_init, (long)) \
	F(void, global_cleanup, (void)) \
	F(CURL *, easy_init, (void)) \
	F(CURLcode, easy_setopt, (CURL *, CURLoption, ...)) \
	F(CURLcode, easy_perform, (CURL *)) \
	F(CURLcode, easy_getinfo, (CURL *, CURLINFO, ...)) \
	F(void, easy_reset, (CURL *)) \
	F(void, easy_cleanup, (CURL *)) \
	F(const char *, easy_strerror, (CURLcode)) \
	F(struct curl_slist *, slist_append, (struct curl_slist *, \
	    const char *)) \
	F(void, slist_free_all, (struct curl_slist *))

static struct {
	SYNC_CURL_FUNCTIONS(DYNLIB_MEMBER)
} cu;
#define SYNC_CURL_CHECK(ret, name, args) DYNLIB_CHECK(curl_, ret, name, args)
SYNC_CURL_FUNCTIONS(SYNC_CURL_CHECK)
#define SYNC_CURL_ENTRY(ret, name, args) DYNLIB_ENTRY(curl_, cu, name)
static const struct dynlib_sym sync_curl_syms[] = {
	SYNC_CURL_FUNCTIONS(SYNC_CURL_ENTRY)
	{ NULL, NULL }
};

/* A signal that ends a wait for the office (sync_wait). */
static volatile sig_atomic_t sync_interrupted;

static enum rv_status cmd_kiosk_sync_exec(struct cmd *, char **);

const struct cmd_entry cmd_kiosk_sync_entry = {
	.name = "sync",
	.options = "db:,office:,ca:,retries:,chunk:,max-wait:,no-wait",
	.minargs = 0,
	.maxargs = 0,
	.usage = N_("[--db FILE] --office URL --ca PEM [--retries N] "
	    "[--chunk N] [--max-wait S | --no-wait]"),
	.help = N_("Over HTTPS, fetch newer packages of the estates this "
	    "kiosk holds, then send\nthe office the records it lacks, in "
	    "chunks (--chunk N records at most).\nThe office's certificate "
	    "must be issued by the CA in --ca.  A failed request\nis retried "
	    "N times (default 5) with growing waits; an office that cannot "
	    "be\nreached exits 3 and nothing is lost: the next sync sends "
	    "everything since.\nAn office that answers 429 or 503 with "
	    "Retry-After is waited for as it asks,\nup to --max-wait S "
	    "seconds (default and at most 300) a time; a longer wait,\nor "
	    "any with --no-wait, exits 3 naming the delay."),
	.exec = cmd_kiosk_sync_exec,
};

/* One sync session. */
struct sync {
	struct kiosk	 k;
	struct rv_key	*key;
	CURL		*curl;
	char		*office;	/* the base URL, no trailing '/' */
	const char	*prefix;	/* its path, in office; may be "" */
	const char	*ca;
	int		 retries;
	long		 max_wait;	/* seconds of Retry-After waited out */
	size_t		 chunk;		/* records per chunk */
	size_t		 sent;
	size_t		 packages;
};

/* An answer: status and body. */
struct reply {
	long		 status;
	char		*body;
	size_t		 len;
	size_t		 max;
	int		 over;		/* more than max bytes came */
};

/* libcurl's write callback: keep at most r->max bytes. */
static size_t
reply_write(char *p, size_t size, size_t n, void *arg)
{
	struct reply	*r = arg;
	size_t		 len = size * n;

	if (len > r->max - r->len) {
		r->over = 1;
		return 0;
	}
	r->body = xreallocarray(r->body, r->len + len + 1, 1);
	memcpy(r->body + r->len, p, len);
	r->len += len;
	r->body[r->len] = '\0';
	return len;
}

/* Free an answer's body; the struct itself is the caller's. */
static void
reply_clear(struct reply *r)
{
	free(r->body);
	memset(r, 0, sizeof *r);
}

/* The "error" of a JSON answer, or a fallback, allocated. */
static char *
reply_error(const struct reply *r)
{
	json_t		*doc;
	const char	*e;
	char		*out;

	doc = r->body != NULL ? json_loadb(r->body, r->len, 0, NULL) : NULL;
	e = json_string_value(json_object_get(doc, "error"));
	if (e != NULL)
		out = xstrdup(e);
	else
		xasprintf(&out, "HTTP status %ld", r->status);
	json_decref(doc);
	return out;
}

/* SIGINT or SIGTERM while sync waits: note it, and the wait ends. */
static void
sync_signal(int sig)
{
	(void)sig;
	sync_interrupted = 1;
}

/*
 * Wait ms milliseconds before trying the office again, or until SIGINT
 * or SIGTERM: 0 when the time ran out, -1 when a signal ended it.  The
 * handlers stand for the wait only and never replace a signal the
 * caller ignores (a background job's SIGINT); the signals are blocked
 * but inside pselect, so one cannot slip in between the check and the
 * sleep.
 */
static int
sync_wait(long ms)
{
	static const int	 sigs[] = { SIGINT, SIGTERM };
	struct sigaction	 sa, old[2];
	struct timespec		 now, end, left;
	sigset_t		 block, saved;
	size_t			 i;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = sync_signal;
	sigemptyset(&sa.sa_mask);
	sigemptyset(&block);
	for (i = 0; i < 2; i++)
		sigaddset(&block, sigs[i]);
	sigprocmask(SIG_BLOCK, &block, &saved);
	sync_interrupted = 0;
	for (i = 0; i < 2; i++) {
		sigaction(sigs[i], NULL, &old[i]);
		if (old[i].sa_handler != SIG_IGN)
			sigaction(sigs[i], &sa, NULL);
	}
	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += ms / 1000;
	end.tv_nsec += (ms % 1000) * 1000000;
	if (end.tv_nsec >= 1000000000) {
		end.tv_sec++;
		end.tv_nsec -= 1000000000;
	}
	while (!sync_interrupted) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		left.tv_sec = end.tv_sec - now.tv_sec;
		left.tv_nsec = end.tv_nsec - now.tv_nsec;
		if (left.tv_nsec < 0) {
			left.tv_sec--;
			left.tv_nsec += 1000000000;
		}
		if (left.tv_sec < 0)
			break;
		pselect(0, NULL, NULL, NULL, &left, &saved);
	}
	for (i = 0; i < 2; i++)
		sigaction(sigs[i], &old[i], NULL);
	sigprocmask(SIG_SETMASK, &saved, NULL);
	return sync_interrupted ? -1 : 0;
}

/* Is this transfer failure worth another try after a wait? */
static int
transient(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_SSL_CONNECT_ERROR:
		return 1;
	default:
		return 0;
	}
}

/*
 * One attempt of a signed request: method GET, or POST with body.  The
 * signature covers the target as the office sees it (the office URL's
 * path and path) and a fresh time.
 */
static CURLcode
sync_attempt(struct sync *y, const char *method, const char *path,
    const void *body, size_t len, struct reply *r, char *err, char **cause,
    enum rv_status *st)
{
	struct curl_slist	*h = NULL;
	char			 sig[2 * RV_SIG_LEN + 1], *url, *target, *line;
	char			 nonce[2 * SYNC_NONCE_LEN + 1];
	rv_ms			 now = time_now();
	CURLcode		 rc;

	*st = RV_OK;
	xasprintf(&url, "%s%s", y->office, path);
	xasprintf(&target, "%s%s", y->prefix, path);
	if ((*st = sync_auth_sign(y->key, method, target, now, body, len,
	    nonce, sig, cause)) != RV_OK) {
		free(url);
		free(target);
		return CURLE_OK;
	}
	xasprintf(&line, "%s: %s", SYNC_HDR_DEVICE, y->k.device);
	h = cu.slist_append(h, line);
	free(line);
	xasprintf(&line, "%s: %lld", SYNC_HDR_TIME, (long long)now);
	h = cu.slist_append(h, line);
	free(line);
	xasprintf(&line, "%s: %s", SYNC_HDR_NONCE, nonce);
	h = cu.slist_append(h, line);
	free(line);
	xasprintf(&line, "%s: %s", SYNC_HDR_SIGNATURE, sig);
	h = cu.slist_append(h, line);
	free(line);
	h = cu.slist_append(h, "Expect:");	/* no 100-continue round trip */
	h = cu.slist_append(h, strcmp(path, "/api/sync/records") == 0 ?
	    "Content-Type: application/octet-stream" :
	    "Content-Type: application/json");
	if (h == NULL)
		fatal("curl_slist_append");

	cu.easy_reset(y->curl);
	cu.easy_setopt(y->curl, CURLOPT_URL, url);
	cu.easy_setopt(y->curl, CURLOPT_PROTOCOLS_STR, "https");
	cu.easy_setopt(y->curl, CURLOPT_CAINFO, y->ca);
	cu.easy_setopt(y->curl, CURLOPT_CAPATH, NULL);
	cu.easy_setopt(y->curl, CURLOPT_SSL_VERIFYPEER, 1L);
	cu.easy_setopt(y->curl, CURLOPT_SSL_VERIFYHOST, 2L);
	cu.easy_setopt(y->curl, CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_2);
	cu.easy_setopt(y->curl, CURLOPT_NOSIGNAL, 1L);
	cu.easy_setopt(y->curl, CURLOPT_CONNECTTIMEOUT, SYNC_CONNECT_TIMEOUT);
	cu.easy_setopt(y->curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
	cu.easy_setopt(y->curl, CURLOPT_LOW_SPEED_TIME, SYNC_SLOW_SECONDS);
	cu.easy_setopt(y->curl, CURLOPT_HTTPHEADER, h);
	cu.easy_setopt(y->curl, CURLOPT_WRITEFUNCTION, reply_write);
	cu.easy_setopt(y->curl, CURLOPT_WRITEDATA, r);
	cu.easy_setopt(y->curl, CURLOPT_ERRORBUFFER, err);
	if (strcmp(method, "POST") == 0) {
		cu.easy_setopt(y->curl, CURLOPT_POST, 1L);
		cu.easy_setopt(y->curl, CURLOPT_POSTFIELDS, body);
		cu.easy_setopt(y->curl, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)len);
	}
	err[0] = '\0';
	rc = cu.easy_perform(y->curl);
	if (rc == CURLE_OK)
		cu.easy_getinfo(y->curl, CURLINFO_RESPONSE_CODE, &r->status);
	cu.slist_free_all(h);
	free(url);
	free(target);
	return rc;
}

/*
 * The seconds an office that answered 429 or 503 asks the kiosk to wait
 * (Retry-After, in seconds or as a date; libcurl reads both), or 0 when
 * it did not say.
 */
static long long
sync_retry_after(struct sync *y)
{
	curl_off_t	 secs = 0;

	if (cu.easy_getinfo(y->curl, CURLINFO_RETRY_AFTER, &secs) !=
	    CURLE_OK || secs < 0)
		return 0;
	return (long long)secs;
}

/*
 * A signed request to the office, retried after a transfer failure or
 * a 503 with doubling waits, and after a 429 or 503 with Retry-After by
 * waiting what the office asks, within --max-wait, saying so in one
 * line.  *r receives the answer (at most max bytes), whatever its
 * status: the caller decides (a 429 without Retry-After is its
 * refusal).  An office that stays unreachable or busy, asks for too long
 * a wait, or a wait interrupted, is RV_EENV; an untrusted certificate
 * RV_EINPUT.
 */
static enum rv_status
sync_request(struct sync *y, const char *method, const char *path,
    const void *body, size_t len, size_t max, struct reply *r, char **cause)
{
	char		 err[CURL_ERROR_SIZE];
	long		 wait = SYNC_BACKOFF_MS;
	long long	 asked = 0;
	int		 attempt;
	CURLcode	 rc;
	enum rv_status	 st;

	for (attempt = 0;; attempt++) {
		reply_clear(r);
		r->max = max;
		rc = sync_attempt(y, method, path, body, len, r, err, cause,
		    &st);
		if (st != RV_OK)
			return st;
		asked = rc == CURLE_OK && (r->status == 429 ||
		    r->status == 503) ? sync_retry_after(y) : 0;
		if (asked > y->max_wait)
			return rv_fail(cause, RV_EENV, _("%s: the office is "
			    "busy (%ld) and asks to wait %lld s, longer than "
			    "this sync waits (%ld s); nothing was lost, sync "
			    "again later"), y->office, r->status, asked,
			    y->max_wait);
		if (rc == CURLE_OK && r->status != 503 && asked == 0)
			return RV_OK;
		if (rc == CURLE_PEER_FAILED_VERIFICATION)
			return rv_fail(cause, RV_EINPUT, "%s: certificate not "
			    "trusted (checked against %s): %s", y->office,
			    y->ca, err);
		if (rc == CURLE_SSL_CACERT_BADFILE)
			return rv_fail(cause, RV_EINPUT, "%s: cannot read the "
			    "CA certificate", y->ca);
		if (rc == CURLE_WRITE_ERROR && r->over)
			return rv_fail(cause, RV_EINPUT, "%s%s: the answer is "
			    "larger than %zu bytes", y->office, path, max);
		if (rc != CURLE_OK && !transient(rc))
			return rv_fail(cause, RV_EENV, "%s: %s", y->office,
			    err[0] != '\0' ? err : cu.easy_strerror(rc));
		if (attempt >= y->retries)
			break;
		if (asked > 0)
			fprintf(stderr, _("%s: the office is busy (%ld); "
			    "waiting %lld s as it asks, then try %d of %d\n"),
			    y->office, r->status, asked, attempt + 2,
			    y->retries + 1);
		if (sync_wait(asked > 0 ? (long)asked * 1000 : wait) != 0)
			return rv_fail(cause, RV_EENV, _("%s: interrupted "
			    "while waiting for the office; nothing was lost, "
			    "sync again later"), y->office);
		if (asked == 0)
			wait = wait * 2 > SYNC_BACKOFF_MAX_MS ?
			    SYNC_BACKOFF_MAX_MS : wait * 2;
	}
	if (rc == CURLE_OK)
		return rv_fail(cause, RV_EENV, _("%s: the office is busy (%ld) "
		    "after %d tries; nothing was lost, sync again later"),
		    y->office, r->status, attempt + 1);
	return rv_fail(cause, RV_EENV, "%s: unreachable after %d tries (%s); "
	    "nothing was lost, sync again later", y->office, attempt + 1,
	    err[0] != '\0' ? err : cu.easy_strerror(rc));
}

/*
 * The office said this kiosk is revoked: check its signed statement
 * (docs/protocol.md, "Revocation") with the office key the kiosk pinned
 * when it loaded its first package, and record it (meta revoked_at), so
 * the kiosk takes no more answers.  An unsigned or wrong statement is
 * not believed; the refusal is reported either way.
 */
static enum rv_status
sync_withdraw(struct sync *y, json_t *doc, char **cause)
{
	json_t		*r = json_object_get(doc, "revoked");
	const char	*dev, *hex;
	uint8_t		*msg, sig[RV_SIG_LEN];
	char		*pinned = NULL, at[32];
	size_t		 len;
	json_int_t	 when;
	int		 ok = 0;
	enum rv_status	 st;

	dev = json_string_value(json_object_get(r, "device"));
	hex = json_string_value(json_object_get(r, "signature"));
	when = json_integer_value(json_object_get(r, "at"));
	if (dev == NULL || hex == NULL || when <= 0 ||
	    strcmp(dev, y->k.device) != 0 || strlen(hex) != 2 * RV_SIG_LEN ||
	    hex_decode(hex, strlen(hex), sig, sizeof sig) != 0)
		return RV_OK;
	if ((st = store_meta_get(y->k.store, "office_pubkey", &pinned,
	    cause)) != RV_OK)
		return st;
	if (pinned != NULL) {
		sync_revoked_message(dev, (rv_ms)when, &msg, &len);
		ok = key_verify(pinned, msg, len, sig);
		free(msg);
	}
	free(pinned);
	if (!ok)
		return RV_OK;
	snprintf(at, sizeof at, "%lld", (long long)when);
	if ((st = store_begin(y->k.store, cause)) != RV_OK)
		return st;
	if ((st = store_meta_put(y->k.store, "revoked_at", at,
	    cause)) != RV_OK) {
		store_rollback(y->k.store);
		return st;
	}
	return store_commit(y->k.store, cause);
}

/* A request whose answer must be 200 with a JSON object in *doc. */
static enum rv_status
sync_json(struct sync *y, const char *method, const char *path,
    const void *body, size_t len, json_t **doc, long *status, char **cause)
{
	struct reply	 r;
	char		*e;
	enum rv_status	 st;

	memset(&r, 0, sizeof r);
	*doc = NULL;
	if ((st = sync_request(y, method, path, body, len, SYNC_REPLY_MAX, &r,
	    cause)) != RV_OK)
		goto out;
	*status = r.status;
	*doc = r.body != NULL ? json_loadb(r.body, r.len, 0, NULL) : NULL;
	if (r.status == 200 || r.status == 409) {
		if (!json_is_object(*doc))
			st = rv_fail(cause, RV_EINPUT, "%s%s: the office's "
			    "answer is not JSON", y->office, path);
		goto out;
	}
	if (r.status == 403 && json_is_object(json_object_get(*doc,
	    "revoked")) && (st = sync_withdraw(y, *doc, cause)) != RV_OK)
		goto out;
	e = reply_error(&r);
	if (kiosk_withdrawn(&y->k))
		st = rv_fail(cause, RV_EINPUT, "%s: refused (%ld): %s; this "
		    "kiosk is withdrawn and takes no more answers", y->office,
		    r.status, e);
	else
		st = rv_fail(cause, RV_EINPUT, "%s: refused (%ld): %s",
		    y->office, r.status, e);
	free(e);
out:
	if (st != RV_OK) {
		json_decref(*doc);
		*doc = NULL;
	}
	reply_clear(&r);
	return st;
}

/*
 * Tell the office the packages this kiosk holds; fetch and load every
 * newer one it names, with load's checks.
 */
static enum rv_status
sync_packages(struct sync *y, char **cause)
{
	struct rv_package *p;
	struct reply	 r;
	json_t		*req, *doc = NULL, *e;
	const char	*path;
	char		**ids = NULL, *text = NULL, *name;
	uint64_t	*versions = NULL;
	size_t		 n = 0, i;
	long		 status;
	int		 already;
	enum rv_status	 st;

	memset(&r, 0, sizeof r);
	if ((st = store_packages_held(y->k.store, &ids, &versions, &n,
	    cause)) != RV_OK)
		goto out;
	req = json_pack("{s:[]}", "held");
	for (i = 0; i < n; i++)
		json_array_append_new(json_object_get(req, "held"),
		    json_pack("{s:s,s:I}", "estate_id", ids[i], "version",
		    (json_int_t)versions[i]));
	text = json_dumps(req, JSON_COMPACT);
	json_decref(req);
	if (text == NULL)
		fatal("json_dumps");
	if ((st = sync_json(y, "POST", "/api/sync/packages", text,
	    strlen(text), &doc, &status, cause)) != RV_OK)
		goto out;
	json_array_foreach(json_object_get(doc, "packages"), i, e) {
		path = json_string_value(json_object_get(e, "path"));
		if (path == NULL || strncmp(path, "/api/sync/package/",
		    18) != 0 || strlen(path) > SYNC_TARGET_MAX / 2) {
			st = rv_fail(cause, RV_EINPUT, "%s: packages: entry "
			    "%zu has no package path", y->office, i);
			goto out;
		}
		if ((st = sync_request(y, "GET", path, NULL, 0,
		    KIOSK_PACKAGE_MAX, &r, cause)) != RV_OK)
			goto out;
		if (r.status != 200) {
			name = reply_error(&r);
			st = rv_fail(cause, RV_EINPUT, "%s: refused (%ld): %s",
			    y->office, r.status, name);
			free(name);
			goto out;
		}
		xasprintf(&name, "%s%s", y->office, path);
		st = kiosk_load_package(&y->k, name, (const uint8_t *)r.body,
		    r.len, "", NULL, &p, &already, cause);
		free(name);
		if (st != RV_OK)
			goto out;
		if (!already)
			y->packages++;
		package_free(p);
	}
out:
	reply_clear(&r);
	json_decref(doc);
	free(text);
	strv_free(ids, n);
	free(versions);
	return st;
}

/*
 * Ask the office's head of this kiosk's chain and check it is a prefix
 * of ours: *seq receives it.  An office ahead of the kiosk, or holding
 * another record at that seq, is refused: the kiosk's database was
 * restored or copied.
 */
static enum rv_status
sync_head(struct sync *y, const struct rv_head *local, uint64_t *seq,
    char **cause)
{
	json_t		*doc;
	json_int_t	 s;
	const char	*hex;
	uint8_t		 theirs[RV_HASH_LEN], ours[RV_HASH_LEN];
	char		 lhex[2 * RV_HASH_LEN + 1], *path;
	const char	*e;
	long		 status;
	int		 found;
	enum rv_status	 st;

	/* Report our own head: the office flags one going backwards. */
	ledger_hash_hex(local->hash, lhex, sizeof lhex);
	xasprintf(&path, "/api/sync/head?seq=%llu&hash=%s",
	    (unsigned long long)local->seq, lhex);
	st = sync_json(y, "GET", path, NULL, 0, &doc, &status, cause);
	free(path);
	if (st != RV_OK)
		return st;
	if (status == 409) {
		e = json_string_value(json_object_get(doc, "error"));
		st = rv_fail(cause, RV_EINPUT, "%s: refused: %s", y->office,
		    e != NULL ? e : "conflict");
		json_decref(doc);
		return st;
	}
	s = json_integer_value(json_object_get(doc, "seq"));
	hex = json_string_value(json_object_get(doc, "hash"));
	if (status != 200 || s < 0 || hex == NULL ||
	    ledger_hash_from_hex(hex, theirs) != 0) {
		json_decref(doc);
		return rv_fail(cause, RV_EINPUT, "%s: head: not a head",
		    y->office);
	}
	json_decref(doc);
	if ((uint64_t)s > local->seq)
		return rv_fail(cause, RV_EINPUT, "%s: the office holds %lld "
		    "records of kiosk %s, this kiosk only %llu (a restored or "
		    "copied kiosk database?)", y->office, (long long)s,
		    y->k.device, (unsigned long long)local->seq);
	if (s > 0) {
		if ((st = store_ledger_hash(y->k.store, y->k.device,
		    (uint64_t)s, ours, &found, cause)) != RV_OK)
			return st;
		if (!found || memcmp(ours, theirs, RV_HASH_LEN) != 0)
			return rv_fail(cause, RV_EINPUT, "%s: the office's "
			    "record %lld of kiosk %s differs from this kiosk's "
			    "(a copied kiosk database?)", y->office,
			    (long long)s, y->k.device);
	}
	*seq = (uint64_t)s;
	return RV_OK;
}

/*
 * Send every record after the office's head, a chunk at a time.  A 409
 * (the office's chain moved, say by a USB ingest) means asking the head
 * again, up to SYNC_REHEAD_MAX times in a row.
 */
static enum rv_status
sync_records(struct sync *y, char **cause)
{
	struct rv_head	 local;
	json_t		*doc;
	const char	*e;
	uint8_t		*buf;
	uint64_t	 held = 0, last;
	json_int_t	 seq;
	size_t		 len;
	long		 status;
	int		 reheads = 0;
	enum rv_status	 st;

	if ((st = store_ledger_head(y->k.store, y->k.device, &local,
	    cause)) != RV_OK ||
	    (st = sync_head(y, &local, &held, cause)) != RV_OK)
		return st;
	while (held < local.seq) {
		if ((st = sync_chunk(y->k.store, y->key, y->k.device, held + 1,
		    y->chunk, SYNC_CHUNK_BYTES, &buf, &len, &last,
		    cause)) != RV_OK)
			return st;
		st = sync_json(y, "POST", "/api/sync/records", buf, len, &doc,
		    &status, cause);
		free(buf);
		if (st != RV_OK)
			return st;
		seq = json_integer_value(json_object_get(doc, "seq"));
		if (status == 409) {
			if (json_is_true(json_object_get(doc, "fork")) ||
			    ++reheads > SYNC_REHEAD_MAX) {
				e = json_string_value(json_object_get(doc,
				    "error"));
				st = rv_fail(cause, RV_EINPUT, "%s: refused: "
				    "%s", y->office, e != NULL ? e :
				    "conflict");
				json_decref(doc);
				return st;
			}
			json_decref(doc);
			if ((st = sync_head(y, &local, &held, cause)) != RV_OK)
				return st;
			continue;
		}
		y->sent += (size_t)json_integer_value(json_object_get(doc,
		    "stored"));
		json_decref(doc);
		if (seq < 0 || (uint64_t)seq < last)
			return rv_fail(cause, RV_EINPUT, "%s: the office "
			    "acknowledged record %lld, not %llu", y->office,
			    (long long)seq, (unsigned long long)last);
		held = (uint64_t)seq;
		reheads = 0;
	}
	return RV_OK;
}

/* Check --office, --ca, --retries, --chunk and the waits into y. */
static enum rv_status
sync_options(const struct cmd *c, struct sync *y, char **cause)
{
	const char	*office, *slash;
	long		 retries = SYNC_RETRIES_DEFAULT;
	long		 chunk = SYNC_CHUNK_RECORDS;
	long		 max_wait = SYNC_WAIT_MAX_S;
	enum rv_status	 st;

	if ((st = cmd_require(c, "office", &office, cause)) != RV_OK ||
	    (st = cmd_require(c, "ca", &y->ca, cause)) != RV_OK ||
	    (st = cmd_get_number(c, "retries", 0, SYNC_RETRIES_MAX, &retries,
	    cause)) != RV_OK ||
	    (st = cmd_get_number(c, "chunk", 1, SYNC_CHUNK_RECORDS, &chunk,
	    cause)) != RV_OK ||
	    (st = cmd_get_number(c, "max-wait", 0, SYNC_WAIT_MAX_S, &max_wait,
	    cause)) != RV_OK)
		return st;
	if (cmd_has(c, "no-wait")) {
		if (cmd_get(c, "max-wait") != NULL)
			return rv_fail(cause, RV_EUSAGE, "sync: give --max-wait "
			    "or --no-wait, not both");
		max_wait = 0;
	}
	if ((st = url_base_check(office, "sync: --office", &y->office,
	    cause)) != RV_OK)
		return st;
	slash = strchr(y->office + 8, '/');
	y->prefix = slash != NULL ? slash : "";
	y->retries = (int)retries;
	y->max_wait = max_wait;
	y->chunk = (size_t)chunk;
	return RV_OK;
}

/* Load libcurl (once): sync's one line when it is missing. */
static enum rv_status
sync_curl_open(char **cause)
{
	char		*why = NULL;
	enum rv_status	 st;

	if (cu.easy_init != NULL)
		return RV_OK;
	if ((st = dynlib_open(KIOSK_CURL_SONAME, sync_curl_syms,
	    &why)) != RV_OK) {
		rv_fail(cause, st, _("sync needs libcurl, which cannot be "
		    "loaded: %s"), why);
		free(why);
	}
	return st;
}

/* Packages first (their load records then travel too), then records. */
static enum rv_status
cmd_kiosk_sync_exec(struct cmd *c, char **cause)
{
	struct sync	 y;
	char		 now[32];
	enum rv_status	 st;

	memset(&y, 0, sizeof y);
	if ((st = sync_options(c, &y, cause)) != RV_OK ||
	    (st = sync_curl_open(cause)) != RV_OK ||
	    (st = kiosk_open(c, 0, &y.k, cause)) != RV_OK) {
		free(y.office);
		return st;
	}
	if (cu.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK ||
	    (y.curl = cu.easy_init()) == NULL)
		fatal("libcurl: cannot initialise");
	if ((st = cmd_load_key(c, &y.key, cause)) != RV_OK ||
	    (st = sync_packages(&y, cause)) != RV_OK ||
	    (st = sync_records(&y, cause)) != RV_OK)
		goto out;
	snprintf(now, sizeof now, "%lld", (long long)time_now());
	if ((st = store_begin(y.k.store, cause)) != RV_OK)
		goto out;
	if ((st = store_meta_put(y.k.store, "last_sync", now,
	    cause)) != RV_OK) {
		store_rollback(y.k.store);
		goto out;
	}
	if ((st = store_commit(y.k.store, cause)) != RV_OK)
		goto out;
	printf(_("Synced with %s: %zu records sent, %zu packages received\n"),
	    y.office, y.sent, y.packages);
out:
	cu.easy_cleanup(y.curl);
	cu.global_cleanup();
	key_free(y.key);
	kiosk_close(&y.k);
	free(y.office);
	return st;
}
