/*
 * The server's per-client limits (docs/security.md, "The server under
 * abuse"): open connections per client, and rates of receipt lookups and
 * of failed sync signatures per client.
 *
 * A client is a source address: an IPv4 address, or the /64 an IPv6
 * address is in (one host is given a whole /64, so counting addresses
 * would let it open as many clients as it likes).  An IPv4-mapped IPv6
 * address is its IPv4 address.
 *
 * A rate is a generic cell rate algorithm in integer milliseconds: each
 * event pushes the client's "theoretical arrival time" on by one
 * interval (a minute divided by the rate); an event is refused while
 * that time is more than a minute (the burst) ahead of now.  One field a
 * limit, no timer, no floating point.
 *
 * Clients live in a hash table.  One with no open connection and every
 * rate back at rest is forgotten when the table fills; if none is, the
 * oldest idle one goes (it may then start its rates afresh: the table
 * stays bounded whatever many addresses an attacker has).
 */

#include "config.h"

#include <sys/socket.h>
#include <sys/types.h>

#include <netinet/in.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "office.h"
#include "http.h"

#define CLIENT_BUCKETS		4096	/* hash chains */
#define CLIENT_IDLE_MAX		16384	/* clients kept with no connection */
#define RATE_WINDOW_MS		60000	/* rates are per minute, burst a minute's */

struct http_client {
	uint8_t			 key[17];	/* family, then address or /64 */
	int			 nconn;		/* open connections */
	rv_ms			 tat[HTTP_RATES]; /* theoretical arrival times */
	rv_ms			 seen;		/* last event or connection */
	struct http_client	*next;		/* in its hash chain */
};

struct http_clients {
	struct http_client	*bucket[CLIENT_BUCKETS];
	size_t			 n;
};

/* An empty client table. */
struct http_clients *
http_clients_new(void)
{
	return xcalloc(1, sizeof(struct http_clients));
}

/* Free the table and every client in it. */
void
http_clients_free(struct http_clients *t)
{
	struct http_client	*c, *next;
	size_t			 i;

	if (t == NULL)
		return;
	for (i = 0; i < CLIENT_BUCKETS; i++) {
		for (c = t->bucket[i]; c != NULL; c = next) {
			next = c->next;
			free(c);
		}
	}
	free(t);
}

/*
 * The key of a source address: its family byte, then the IPv4 address or
 * the first 8 bytes of the IPv6 one.  Returns -1 for any other family.
 */
static int
client_key(const struct sockaddr *sa, uint8_t key[17])
{
	const struct sockaddr_in	*sin;
	const struct sockaddr_in6	*sin6;
	static const uint8_t		 mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0,
					    0, 0, 0xff, 0xff };

	memset(key, 0, 17);
	if (sa->sa_family == AF_INET) {
		sin = (const struct sockaddr_in *)sa;
		key[0] = 4;
		memcpy(key + 1, &sin->sin_addr, 4);
		return 0;
	}
	if (sa->sa_family == AF_INET6) {
		sin6 = (const struct sockaddr_in6 *)sa;
		if (memcmp(&sin6->sin6_addr, mapped, sizeof mapped) == 0) {
			key[0] = 4;
			memcpy(key + 1, (const uint8_t *)&sin6->sin6_addr + 12,
			    4);
		} else {
			key[0] = 6;
			memcpy(key + 1, &sin6->sin6_addr, 8);
		}
		return 0;
	}
	return -1;
}

/* FNV-1a of a key, a bucket index. */
static size_t
client_hash(const uint8_t key[17])
{
	uint32_t	 h = 2166136261u;
	size_t		 i;

	for (i = 0; i < 17; i++)
		h = (h ^ key[i]) * 16777619u;
	return h % CLIENT_BUCKETS;
}

/* Whether a client holds nothing: no connection, every rate at rest. */
static int
client_idle(const struct http_client *c, rv_ms now)
{
	size_t	 i;

	if (c->nconn > 0)
		return 0;
	for (i = 0; i < HTTP_RATES; i++) {
		if (c->tat[i] > now)
			return 0;
	}
	return 1;
}

/*
 * Make room for one more client: forget every idle one; if none is, the
 * one with no connection seen longest ago.
 */
static void
clients_sweep(struct http_clients *t, rv_ms now)
{
	struct http_client	**cp, *c, **oldest = NULL;
	size_t			 i, before = t->n;

	for (i = 0; i < CLIENT_BUCKETS; i++) {
		for (cp = &t->bucket[i]; (c = *cp) != NULL;) {
			if (client_idle(c, now)) {
				*cp = c->next;
				free(c);
				t->n--;
				continue;
			}
			cp = &c->next;
		}
	}
	if (t->n < before)
		return;
	for (i = 0; i < CLIENT_BUCKETS; i++) {
		for (cp = &t->bucket[i]; (c = *cp) != NULL; cp = &c->next) {
			if (c->nconn == 0 && (oldest == NULL ||
			    c->seen < (*oldest)->seen))
				oldest = cp;
		}
	}
	if (oldest != NULL) {
		c = *oldest;
		*oldest = c->next;
		free(c);
		t->n--;
	}
}

/*
 * The client a source address belongs to, added if new.  Returns NULL
 * for an address of no family we know (a Unix socket, say): such a
 * connection has no per-client limits.
 */
struct http_client *
http_client_get(struct http_clients *t, const struct sockaddr *sa, rv_ms now)
{
	struct http_client	*c;
	uint8_t			 key[17];
	size_t			 h;

	if (client_key(sa, key) != 0)
		return NULL;
	h = client_hash(key);
	for (c = t->bucket[h]; c != NULL; c = c->next) {
		if (memcmp(c->key, key, sizeof key) == 0) {
			c->seen = now;
			return c;
		}
	}
	if (t->n >= CLIENT_IDLE_MAX)
		clients_sweep(t, now);
	c = xcalloc(1, sizeof *c);
	memcpy(c->key, key, sizeof key);
	c->seen = now;
	c->next = t->bucket[h];
	t->bucket[h] = c;
	t->n++;
	return c;
}

/* A client's open connections. */
int
http_client_connections(const struct http_client *c)
{
	return c->nconn;
}

/* One more (delta 1) or one fewer (delta -1) open connection. */
void
http_client_connected(struct http_client *c, int delta)
{
	c->nconn += delta;
}

/*
 * Whether the client may have one more event of a rate of per_minute,
 * each minute, a minute's worth at once.  With charge set and the event
 * allowed, it is counted.  When refused, *retry says in whole seconds
 * (at least 1) when the next will be allowed.  Returns 1 if allowed.
 */
int
http_client_rate(struct http_client *c, enum http_rate which, int per_minute,
    int charge, rv_ms now, int *retry)
{
	rv_ms	 interval, tat, ahead;

	if (c == NULL || per_minute <= 0)
		return 1;
	interval = RATE_WINDOW_MS / per_minute;
	tat = c->tat[which] > now ? c->tat[which] : now;
	ahead = tat + interval - now;
	if (ahead > RATE_WINDOW_MS) {
		*retry = (int)((ahead - RATE_WINDOW_MS + 999) / 1000);
		if (*retry < 1)
			*retry = 1;
		return 0;
	}
	if (charge) {
		c->tat[which] = tat + interval;
		c->seen = now;
	}
	return 1;
}
