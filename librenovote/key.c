/*
 * Ed25519 signing keys through OpenSSL 3 EVP.  A private key lives in a
 * PEM file of mode 0600 written durably; its bytes are wiped from memory
 * as soon as they are on disk, and as soon as they are parsed when read
 * back.  A public key travels as PEM text (SubjectPublicKeyInfo).
 */

#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "renovote.h"

#define KEY_FILE_MAX	16384	/* bytes of a private key file */
#define KEY_PEM_MAX	4096	/* bytes of a public key's PEM text */

/* A loaded private key. */
struct rv_key {
	EVP_PKEY	*pkey;
};

/* The message of OpenSSL's latest error, or a generic one. */
static const char *
ssl_error(void)
{
	const char	*s = ERR_reason_error_string(ERR_get_error());

	return s != NULL ? s : "OpenSSL failure";
}

/*
 * Create a new Ed25519 key, write its private half to path (mode 0600,
 * refusing to replace nothing: the caller checks the path is new) and
 * return the public half as PEM text in *pub.
 */
enum rv_status
key_generate(const char *path, char **pub, char **cause)
{
	EVP_PKEY	*pkey = NULL;
	BIO		*priv = NULL, *pubio = NULL;
	char		*data;
	long		 len;
	enum rv_status	 st;

	if ((pkey = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519")) == NULL ||
	    (priv = BIO_new(BIO_s_secmem())) == NULL ||
	    (pubio = BIO_new(BIO_s_mem())) == NULL ||
	    PEM_write_bio_PrivateKey(priv, pkey, NULL, NULL, 0, NULL,
	    NULL) != 1 ||
	    PEM_write_bio_PUBKEY(pubio, pkey) != 1) {
		st = rv_fail(cause, RV_EENV, "cannot create signing key: %s",
		    ssl_error());
		goto out;
	}
	len = BIO_get_mem_data(priv, &data);
	if ((st = file_write_durable(path, data, (size_t)len, 0600,
	    cause)) != RV_OK)
		goto out;
	len = BIO_get_mem_data(pubio, &data);
	*pub = xstrndup(data, (size_t)len);
out:
	BIO_free(priv);		/* secure memory is cleared on free */
	BIO_free(pubio);
	EVP_PKEY_free(pkey);
	return st;
}

/*
 * Passphrase callback for reading keys: there is never a passphrase, and
 * without this OpenSSL would prompt on the terminal for an encrypted key.
 */
static int
no_passphrase(char *buf, int size, int rwflag, void *arg)
{
	(void)buf;
	(void)size;
	(void)rwflag;
	(void)arg;
	return -1;
}

/*
 * Load the Ed25519 private key in the PEM file path.  The file must be a
 * regular file no one but its owner may read or write; anything else, an
 * encrypted key or a key of another type is refused.  The file's bytes
 * are wiped once parsed.  Free the key with key_free.
 */
enum rv_status
key_load(const char *path, struct rv_key **out, char **cause)
{
	char		*buf = NULL;
	size_t		 len = 0, size;
	unsigned	 mode;
	BIO		*bio = NULL;
	EVP_PKEY	*pkey = NULL;
	int		 fd;
	enum rv_status	 st;

	*out = NULL;
	if ((st = file_open_regular(path, &fd, &mode, &size, cause)) != RV_OK)
		return st;
	if ((mode & 077) != 0) {
		st = rv_fail(cause, RV_EINPUT, "%s: mode %04o: a private key "
		    "must be readable by its owner only", path, mode);
		goto out;
	}
	if ((st = file_read_fd(path, fd, KEY_FILE_MAX, &buf, &len,
	    cause)) != RV_OK)
		goto out;
	if ((bio = BIO_new_mem_buf(buf, (int)len)) == NULL) {
		st = rv_fail(cause, RV_EENV, "%s: %s", path, ssl_error());
		goto out;
	}
	if ((pkey = PEM_read_bio_PrivateKey(bio, NULL, no_passphrase,
	    NULL)) == NULL) {
		st = rv_fail(cause, RV_EINPUT, "%s: not an unencrypted PEM "
		    "private key", path);
		goto out;
	}
	if (!EVP_PKEY_is_a(pkey, "ED25519")) {
		st = rv_fail(cause, RV_EINPUT, "%s: not an Ed25519 key (%s)",
		    path, EVP_PKEY_get0_type_name(pkey) != NULL ?
		    EVP_PKEY_get0_type_name(pkey) : "unknown type");
		goto out;
	}
	*out = xmalloc(sizeof **out);
	(*out)->pkey = pkey;
	pkey = NULL;
	st = RV_OK;
out:
	BIO_free(bio);
	freezero(buf, KEY_FILE_MAX + 1);
	EVP_PKEY_free(pkey);
	close(fd);
	ERR_clear_error();
	return st;
}

/* Free a key from key_load; OpenSSL wipes the key material.  NULL-safe. */
void
key_free(struct rv_key *key)
{
	if (key == NULL)
		return;
	EVP_PKEY_free(key->pkey);
	free(key);
}

/* The public half of key as PEM text in *pem, for the office to hold. */
enum rv_status
key_public_pem(const struct rv_key *key, char **pem, char **cause)
{
	BIO		*bio;
	char		*data;
	long		 len;
	enum rv_status	 st = RV_OK;

	if ((bio = BIO_new(BIO_s_mem())) == NULL ||
	    PEM_write_bio_PUBKEY(bio, key->pkey) != 1 ||
	    (len = BIO_get_mem_data(bio, &data)) <= 0)
		st = rv_fail(cause, RV_EENV, "cannot write public key: %s",
		    ssl_error());
	else
		*pem = xstrndup(data, (size_t)len);
	BIO_free(bio);
	ERR_clear_error();
	return st;
}

/* Sign len bytes of msg with key (pure Ed25519: no digest of our own). */
enum rv_status
key_sign(const struct rv_key *key, const void *msg, size_t len,
    uint8_t sig[RV_SIG_LEN], char **cause)
{
	EVP_MD_CTX	*ctx;
	size_t		 siglen = RV_SIG_LEN;
	enum rv_status	 st = RV_OK;

	if ((ctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestSignInit(ctx, NULL, NULL, NULL, key->pkey) != 1 ||
	    EVP_DigestSign(ctx, sig, &siglen, msg, len) != 1 ||
	    siglen != RV_SIG_LEN)
		st = rv_fail(cause, RV_EENV, "cannot sign: %s", ssl_error());
	EVP_MD_CTX_free(ctx);
	ERR_clear_error();
	return st;
}

/* The Ed25519 public key in PEM text, or NULL if it is anything else. */
static EVP_PKEY *
public_from_pem(const char *pem)
{
	BIO		*bio;
	EVP_PKEY	*pkey = NULL;
	size_t		 len = strnlen(pem, KEY_PEM_MAX + 1);

	if (len > KEY_PEM_MAX)
		return NULL;
	if ((bio = BIO_new_mem_buf(pem, (int)len)) == NULL)
		return NULL;
	pkey = PEM_read_bio_PUBKEY(bio, NULL, no_passphrase, NULL);
	BIO_free(bio);
	if (pkey != NULL && !EVP_PKEY_is_a(pkey, "ED25519")) {
		EVP_PKEY_free(pkey);
		pkey = NULL;
	}
	ERR_clear_error();
	return pkey;
}

/*
 * Is sig a valid signature of len bytes of msg by the Ed25519 public key
 * in pem?  Returns 1 if it is, 0 if it is not or the key is unusable.
 */
int
key_verify(const char *pem, const void *msg, size_t len,
    const uint8_t sig[RV_SIG_LEN])
{
	EVP_PKEY	*pkey;
	EVP_MD_CTX	*ctx = NULL;
	int		 ok = 0;

	if ((pkey = public_from_pem(pem)) == NULL)
		return 0;
	if ((ctx = EVP_MD_CTX_new()) != NULL &&
	    EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, pkey) == 1)
		ok = EVP_DigestVerify(ctx, sig, RV_SIG_LEN, msg, len) == 1;
	EVP_MD_CTX_free(ctx);
	EVP_PKEY_free(pkey);
	ERR_clear_error();
	return ok;
}

/* Is pem the PEM text of an Ed25519 public key?  1 if so, else 0. */
int
key_pem_valid(const char *pem)
{
	EVP_PKEY	*pkey;

	if ((pkey = public_from_pem(pem)) == NULL)
		return 0;
	EVP_PKEY_free(pkey);
	return 1;
}

/*
 * Are pem_a and pem_b the same Ed25519 public key, however their PEM text
 * is laid out?  1 if so; 0 if not or if either is not a key.
 */
int
key_public_same(const char *pem_a, const char *pem_b)
{
	EVP_PKEY	*a, *b = NULL;
	uint8_t		 ra[32], rb[32];
	size_t		 la = sizeof ra, lb = sizeof rb;
	int		 same = 0;

	if ((a = public_from_pem(pem_a)) != NULL &&
	    (b = public_from_pem(pem_b)) != NULL &&
	    EVP_PKEY_get_raw_public_key(a, ra, &la) == 1 &&
	    EVP_PKEY_get_raw_public_key(b, rb, &lb) == 1)
		same = la == lb && memcmp(ra, rb, la) == 0;
	EVP_PKEY_free(a);
	EVP_PKEY_free(b);
	ERR_clear_error();
	return same;
}

/*
 * The fingerprint of the Ed25519 public key in pem, for people to compare:
 * the first 8 bytes of the SHA-256 of the raw key, as 16 hex digits in
 * groups of 4 ("1a2b:3c4d:5e6f:7a8b").  "unknown" if pem is not a key.
 */
void
key_fingerprint(const char *pem, char out[RV_KEY_FINGERPRINT])
{
	EVP_PKEY	*pkey;
	uint8_t		 raw[32], md[EVP_MAX_MD_SIZE];
	size_t		 rawlen = sizeof raw;
	unsigned int	 mdlen = 0;
	char		 hex[17];
	int		 i;

	snprintf(out, RV_KEY_FINGERPRINT, "unknown");
	if ((pkey = public_from_pem(pem)) == NULL)
		return;
	if (EVP_PKEY_get_raw_public_key(pkey, raw, &rawlen) == 1 &&
	    EVP_Digest(raw, rawlen, md, &mdlen, EVP_sha256(), NULL) == 1 &&
	    mdlen >= 8) {
		hex_encode(md, 8, hex);
		for (i = 0; i < 4; i++)
			snprintf(out + i * 5, RV_KEY_FINGERPRINT - i * 5,
			    "%.4s%s", hex + i * 4, i < 3 ? ":" : "");
	}
	EVP_PKEY_free(pkey);
	ERR_clear_error();
}
