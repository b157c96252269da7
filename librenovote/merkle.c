/*
 * The Merkle tree of a publication (docs/protocol.md, "Publication"):
 * SHA-256 with domain separation, a leaf hashed as SHA-256(0x00 || leaf
 * bytes), an inner node as SHA-256(0x01 || left || right).  A level with
 * an odd number of nodes promotes its last node unchanged to the next
 * level (it is not duplicated).  The root of no leaves is SHA-256 of
 * nothing.  Also the canonical bytes of a leaf and the keyed pseudonym
 * of an owner (HMAC-SHA256 under a secret of the estate).
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "renovote.h"

/* SHA-256 of a one-byte prefix and up to two buffers. */
static void
merkle_sha(uint8_t prefix, const void *a, size_t alen, const void *b,
    size_t blen, uint8_t out[RV_MERKLE_LEN])
{
	EVP_MD_CTX	*ctx;
	unsigned int	 len = RV_MERKLE_LEN;

	if ((ctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1 ||
	    EVP_DigestUpdate(ctx, &prefix, 1) != 1 ||
	    (alen > 0 && EVP_DigestUpdate(ctx, a, alen) != 1) ||
	    (blen > 0 && EVP_DigestUpdate(ctx, b, blen) != 1) ||
	    EVP_DigestFinal_ex(ctx, out, &len) != 1)
		fatal("merkle: SHA-256 failed");
	EVP_MD_CTX_free(ctx);
}

/* The hash of a leaf: SHA-256(0x00 || bytes). */
void
merkle_leaf_hash(const void *bytes, size_t len, uint8_t out[RV_MERKLE_LEN])
{
	merkle_sha(0x00, bytes, len, NULL, 0, out);
}

/* The hash of an inner node: SHA-256(0x01 || left || right). */
void
merkle_node_hash(const uint8_t left[RV_MERKLE_LEN],
    const uint8_t right[RV_MERKLE_LEN], uint8_t out[RV_MERKLE_LEN])
{
	merkle_sha(0x01, left, RV_MERKLE_LEN, right, RV_MERKLE_LEN, out);
}

/*
 * The root over n leaf hashes.  When path is not NULL, also the audit
 * path of leaf which (which < n): up to RV_MERKLE_DEPTH sibling hashes,
 * bottom first, in path, each flagged in left[] when the sibling is on
 * the left; *npath is their count (a promoted node has no sibling).
 */
void
merkle_root(const uint8_t (*leaves)[RV_MERKLE_LEN], size_t n, size_t which,
    uint8_t (*path)[RV_MERKLE_LEN], int *left, size_t *npath,
    uint8_t root[RV_MERKLE_LEN])
{
	uint8_t		(*level)[RV_MERKLE_LEN];
	size_t		 i, m, k = 0;

	if (npath != NULL)
		*npath = 0;
	if (n == 0) {
		EVP_Digest("", 0, root, NULL, EVP_sha256(), NULL);
		return;
	}
	level = xreallocarray(NULL, n, RV_MERKLE_LEN);
	memcpy(level, leaves, n * RV_MERKLE_LEN);
	for (m = n; m > 1; m = (m + 1) / 2) {
		if (path != NULL && k < RV_MERKLE_DEPTH) {
			if ((which ^ 1) < m) {
				memcpy(path[k], level[which ^ 1], RV_MERKLE_LEN);
				left[k] = (which & 1) != 0;
				k++;
			}
		}
		for (i = 0; i + 1 < m; i += 2)
			merkle_node_hash(level[i], level[i + 1], level[i / 2]);
		if (m % 2 == 1)
			memcpy(level[m / 2], level[m - 1], RV_MERKLE_LEN);
		which /= 2;
	}
	memcpy(root, level[0], RV_MERKLE_LEN);
	free(level);
	if (npath != NULL)
		*npath = k;
}

/*
 * The canonical bytes of a leaf: its seven fields, each on a line of its
 * own, in this order, with no newline after the last (fields never hold
 * a newline: the caller checks them with merkle_field_valid).
 */
char *
merkle_leaf_bytes(const struct rv_leaf *l, size_t *len)
{
	char	*s;
	int	 n;

	n = xasprintf(&s, "%s\n%s\n%s\n%s\n%s\n%s\n%s", l->kind, l->subject,
	    l->choice, l->owner, l->area, l->scope, l->record);
	*len = (size_t)n;
	return s;
}

/* May s be a field of a leaf?  Printable ASCII or UTF-8, no newline. */
int
merkle_field_valid(const char *s)
{
	const unsigned char	*p;

	if (s == NULL || *s == '\0' || strlen(s) > RV_LEAF_FIELD_MAX)
		return 0;
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return 0;
	}
	return 1;
}

/*
 * The pseudonym of an owner in a publication: the first 16 bytes of
 * HMAC-SHA256(secret, owner id), as 32 lowercase hex digits in out.
 */
void
merkle_pseudonym(const uint8_t *secret, size_t slen, const char *owner_id,
    char out[RV_PSEUDONYM_TEXT])
{
	uint8_t		 mac[RV_MERKLE_LEN];
	size_t		 len = 0;

	if (EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, secret, slen,
	    (const unsigned char *)owner_id, strlen(owner_id), mac,
	    sizeof mac, &len) == NULL || len != RV_MERKLE_LEN)
		fatal("merkle: HMAC-SHA256 failed");
	hex_encode(mac, (RV_PSEUDONYM_TEXT - 1) / 2, out);
	explicit_bzero(mac, sizeof mac);
}
