/*
 * Ed25519 signing keys through OpenSSL 3 EVP.  A private key lives in a
 * PEM file of mode 0600 written durably; its bytes are wiped from memory
 * as soon as they are on disk.
 */

#include "config.h"

#include <string.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "renovote.h"

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
