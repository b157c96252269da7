/*
 * The Merkle tree of a publication: the 3-leaf vector of docs/protocol.md
 * ("Publication"), leaf bytes, leaf and node hashes, the promoted odd
 * node, audit paths that lead back to the root, the empty tree and the
 * owner pseudonym.  The document's hex is checked to be there too, so
 * document and code cannot disagree.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "renovote.h"
#include "test.h"

#define DOC_MAX		(1024 * 1024)

static const struct rv_leaf vec[3] = {
	{ "answer", "Q-BASIC", "agree", "00112233445566778899aabbccddeeff",
	    "85.30", "estate", "1111111111111111111111111111111111111111111111111111111111111111" },
	{ "answer", "Q-BASIC", "disagree", "ffeeddccbbaa99887766554433221100",
	    "62.05", "b:3", "2222222222222222222222222222222222222222222222222222222222222222" },
	{ "pledge", "P-WILL", "signed", "0123456789abcdef0123456789abcdef",
	    "85.30", "estate", "3333333333333333333333333333333333333333333333333333333333333333" },
};
static const char *vec_leaf[3] = {
	"7f443cb4c7fd7bd48e8e9693f711a42c32523c52e81afc3f44426bf748732da0",
	"2b9353a0d98c9209a3f835404182838ad32ab80fad38de0c8a2faf51d41b2149",
	"84900d02ddeebe774bedce73075214929e36c68f7d5d6a0adcd89a71c212ca52",
};
static const char vec_node[] =
    "cb0042f5702306b0f88dd8b66b8c7777849a980b4f628bbf0717c7364ba3d7ae";
static const char vec_root[] =
    "5d98da9f94d283989a7d9ee2bebc89f084b98801d56543c5f9970533617591dd";
static const char vec_empty[] =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
static const char vec_pseudonym[] = "db468b933aa5f58bd86f26366e5a78bc";

/* Hash bytes to hex. */
static void
hex_of(const uint8_t *h, char out[2 * RV_MERKLE_LEN + 1])
{
	hex_encode(h, RV_MERKLE_LEN, out);
}

/* Walk a path from leaf hash h to a root. */
static void
walk(const uint8_t *h, uint8_t (*path)[RV_MERKLE_LEN], const int *left,
    size_t n, uint8_t out[RV_MERKLE_LEN])
{
	uint8_t	 cur[RV_MERKLE_LEN];
	size_t	 i;

	memcpy(cur, h, RV_MERKLE_LEN);
	for (i = 0; i < n; i++) {
		if (left[i])
			merkle_node_hash(path[i], cur, cur);
		else
			merkle_node_hash(cur, path[i], cur);
	}
	memcpy(out, cur, RV_MERKLE_LEN);
}

/* The vectors of docs/protocol.md. */
static void
test_vectors(void)
{
	uint8_t		 h[3][RV_MERKLE_LEN], node[RV_MERKLE_LEN];
	uint8_t		 root[RV_MERKLE_LEN], path[RV_MERKLE_DEPTH][RV_MERKLE_LEN];
	uint8_t		 again[RV_MERKLE_LEN], secret[32];
	int		 left[RV_MERKLE_DEPTH];
	char		 hex[2 * RV_MERKLE_LEN + 1], *b, ps[RV_PSEUDONYM_TEXT];
	size_t		 i, len, n;

	TEST_BEGIN("vectors");
	for (i = 0; i < 3; i++) {
		b = merkle_leaf_bytes(&vec[i], &len);
		CHECK(memchr(b, '\n', len) != NULL);
		CHECK(b[len - 1] != '\n');
		merkle_leaf_hash(b, len, h[i]);
		hex_of(h[i], hex);
		CHECK_STR_EQ(hex, vec_leaf[i]);
		free(b);
	}
	merkle_node_hash(h[0], h[1], node);
	hex_of(node, hex);
	CHECK_STR_EQ(hex, vec_node);
	merkle_root((const uint8_t (*)[RV_MERKLE_LEN])h, 3, 0, NULL, NULL,
	    NULL, root);
	hex_of(root, hex);
	CHECK_STR_EQ(hex, vec_root);

	/* Each leaf's path leads back to the root. */
	for (i = 0; i < 3; i++) {
		merkle_root((const uint8_t (*)[RV_MERKLE_LEN])h, 3, i, path,
		    left, &n, again);
		CHECK(memcmp(again, root, RV_MERKLE_LEN) == 0);
		CHECK_INT_EQ(n, i == 2 ? 1 : 2);	/* leaf 2 is promoted */
		walk(h[i], path, left, n, again);
		CHECK(memcmp(again, root, RV_MERKLE_LEN) == 0);
	}

	/* A changed leaf changes the root. */
	h[1][0] ^= 1;
	merkle_root((const uint8_t (*)[RV_MERKLE_LEN])h, 3, 0, NULL, NULL,
	    NULL, again);
	CHECK(memcmp(again, root, RV_MERKLE_LEN) != 0);

	/* One leaf: the root is its hash; none: SHA-256 of nothing. */
	merkle_root((const uint8_t (*)[RV_MERKLE_LEN])h, 1, 0, NULL, NULL,
	    NULL, again);
	CHECK(memcmp(again, h[0], RV_MERKLE_LEN) == 0);
	merkle_root(NULL, 0, 0, NULL, NULL, NULL, again);
	hex_of(again, hex);
	CHECK_STR_EQ(hex, vec_empty);

	memset(secret, 0, sizeof secret);
	secret[31] = 1;
	merkle_pseudonym(secret, sizeof secret, "OWN-0042", ps);
	CHECK_STR_EQ(ps, vec_pseudonym);

	CHECK(!merkle_field_valid("a\nb"));
	CHECK(!merkle_field_valid(""));
	CHECK(merkle_field_valid("b:3/e:1"));
}

/* Paths of trees of every size up to 40 lead back to their root. */
static void
test_paths(void)
{
	uint8_t		 h[40][RV_MERKLE_LEN], root[RV_MERKLE_LEN];
	uint8_t		 again[RV_MERKLE_LEN], path[RV_MERKLE_DEPTH][RV_MERKLE_LEN];
	int		 left[RV_MERKLE_DEPTH], ok = 1;
	size_t		 n, i, np;
	char		 b[16];

	TEST_BEGIN("paths");
	for (i = 0; i < 40; i++) {
		snprintf(b, sizeof b, "leaf %zu", i);
		merkle_leaf_hash(b, strlen(b), h[i]);
	}
	for (n = 1; n <= 40; n++) {
		merkle_root((const uint8_t (*)[RV_MERKLE_LEN])h, n, 0, NULL,
		    NULL, NULL, root);
		for (i = 0; i < n; i++) {
			merkle_root((const uint8_t (*)[RV_MERKLE_LEN])h, n, i,
			    path, left, &np, again);
			walk(h[i], path, left, np, again);
			if (memcmp(again, root, RV_MERKLE_LEN) != 0)
				ok = 0;
		}
	}
	CHECK(ok);
}

/* The document shows the same hex. */
static void
test_document(void)
{
	const char	*top = getenv("top_srcdir");
	char		*path, *doc = NULL, *why = NULL;
	size_t		 len, i;

	TEST_BEGIN("document");
	xasprintf(&path, "%s/docs/protocol.md", top != NULL ? top : "..");
	if (file_read(path, DOC_MAX, &doc, &len, &why) != RV_OK) {
		CHECK(why == NULL);
		free(why);
		free(path);
		return;
	}
	for (i = 0; i < 3; i++)
		CHECK(strstr(doc, vec_leaf[i]) != NULL);
	CHECK(strstr(doc, vec_node) != NULL);
	CHECK(strstr(doc, vec_root) != NULL);
	CHECK(strstr(doc, vec_pseudonym) != NULL);
	free(doc);
	free(path);
}

int
main(void)
{
	test_vectors();
	test_paths();
	test_document();
	return test_done("test-merkle");
}
