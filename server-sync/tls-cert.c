/*
 * The office's own certificates: a small certificate authority that the
 * kiosks trust (their sync --ca) and the server certificate it signs for
 * the office's names, so a street office needs no outside CA and no
 * openssl command line.  Keys are ECDSA P-256: phones' browsers and
 * libcurl accept it everywhere (Ed25519 certificates they do not).
 *
 * Making them again keeps the CA when its certificate and key are there
 * and issues a new server certificate and key: renewal that the kiosks
 * need not hear about.
 */

#include "config.h"

#include <sys/stat.h>

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "office.h"

#define TLS_CA_DAYS		3650	/* the office CA: ten years */
#define TLS_SERIAL_BITS		127	/* random, positive */
#define TLS_NAMES_MAX		16	/* names on one certificate */
#define TLS_NAME_MAX		253	/* a DNS name, at most */
#define TLS_LABEL_MAX		63	/* one label of it */
#define TLS_CA_CN		"renovote street office CA"

/* The four files, below the directory. */
#define TLS_CA_CERT	"office-ca.pem"
#define TLS_CA_KEY	"office-ca.key"
#define TLS_CERT	"cert.pem"
#define TLS_KEY		"key.pem"

/* OpenSSL's last error as text, for a cause; the queue is cleared. */
static const char *
tls_cert_error(void)
{
	static char	 buf[256];
	unsigned long	 e = ERR_get_error();

	if (e == 0)
		return "unknown error";
	ERR_error_string_n(e, buf, sizeof buf);
	ERR_clear_error();
	return buf;
}

/* Is name a DNS host name ("office.example.cn", "localhost")? */
static int
tls_dns_name(const char *name)
{
	size_t	 len = strlen(name), label = 0, i;
	char	 ch;

	if (len == 0 || len > TLS_NAME_MAX || name[0] == '.' ||
	    name[len - 1] == '.')
		return 0;
	for (i = 0; i < len; i++) {
		ch = name[i];
		if (ch == '.') {
			if (label == 0 || name[i - 1] == '-')
				return 0;
			label = 0;
			continue;
		}
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || (ch == '-' && label > 0)))
			return 0;
		if (++label > TLS_LABEL_MAX)
			return 0;
	}
	return name[len - 1] != '-';
}

/*
 * The subjectAltName value for a comma-separated list of host names and
 * IP addresses ("DNS:office.example.cn,IP:192.168.1.10"), a string to
 * free, and the first name (for the subject's CN) in *first.
 */
static enum rv_status
tls_san(const char *names, char **san, char **first, char **cause)
{
	char		*copy = xstrdup(names), *p, *name, *out = NULL, *tmp;
	unsigned char	 addr[sizeof(struct in6_addr)];
	enum rv_status	 st = RV_OK;
	size_t		 n = 0;
	int		 ip;

	*san = *first = NULL;
	for (p = copy; (name = strsep(&p, ",")) != NULL; ) {
		ip = inet_pton(AF_INET, name, addr) == 1 ||
		    inet_pton(AF_INET6, name, addr) == 1;
		if (!ip && !tls_dns_name(name)) {
			st = rv_fail(cause, RV_EUSAGE, "--name: '%s' is not a "
			    "host name or an IP address", name);
			goto out;
		}
		if (++n > TLS_NAMES_MAX) {
			st = rv_fail(cause, RV_EUSAGE, "--name: more than %d "
			    "names", TLS_NAMES_MAX);
			goto out;
		}
		xasprintf(&tmp, "%s%s%s:%s", out != NULL ? out : "",
		    out != NULL ? "," : "", ip ? "IP" : "DNS", name);
		free(out);
		out = tmp;
		if (*first == NULL)
			*first = xstrdup(name);
	}
	*san = out;
	out = NULL;
out:
	if (st != RV_OK) {
		free(*first);
		*first = NULL;
	}
	free(out);
	free(copy);
	return st;
}

/* Add one extension given in openssl's configuration syntax. */
static enum rv_status
tls_ext(X509 *x, X509V3_CTX *ctx, int nid, const char *value, char **cause)
{
	X509_EXTENSION	*ext;
	int		 ok;

	if ((ext = X509V3_EXT_conf_nid(NULL, ctx, nid, value)) == NULL)
		return rv_fail(cause, RV_EENV, "certificate extension %s: %s",
		    value, tls_cert_error());
	ok = X509_add_ext(x, ext, -1);
	X509_EXTENSION_free(ext);
	if (!ok)
		return rv_fail(cause, RV_EENV, "certificate extension %s: %s",
		    value, tls_cert_error());
	return RV_OK;
}

/*
 * A certificate for key's public half, named cn, valid for days from a
 * minute ago (clocks differ a little), signed by issuer_key as issuer
 * (NULL: self-signed).  ca says which kind of extensions it gets; san
 * is the subjectAltName of a server certificate.
 */
static enum rv_status
tls_make_cert(EVP_PKEY *key, const char *cn, long days, X509 *issuer,
    EVP_PKEY *issuer_key, int ca, const char *san, X509 **out, char **cause)
{
	X509		*x = NULL;
	X509_NAME	*name;
	BIGNUM		*bn = NULL;
	X509V3_CTX	 ctx;
	enum rv_status	 st = RV_EENV;

	*out = NULL;
	if ((x = X509_new()) == NULL || (bn = BN_new()) == NULL ||
	    !X509_set_version(x, X509_VERSION_3) ||
	    !BN_rand(bn, TLS_SERIAL_BITS, BN_RAND_TOP_ANY,
	    BN_RAND_BOTTOM_ANY) ||
	    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x)) == NULL ||
	    X509_gmtime_adj(X509_getm_notBefore(x), -60) == NULL ||
	    X509_time_adj_ex(X509_getm_notAfter(x), (int)days, 0,
	    NULL) == NULL ||
	    !X509_set_pubkey(x, key) ||
	    (name = X509_get_subject_name(x)) == NULL ||
	    !X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
	    (const unsigned char *)cn, -1, -1, 0) ||
	    !X509_set_issuer_name(x, issuer != NULL ?
	    X509_get_subject_name(issuer) : name)) {
		rv_fail(cause, RV_EENV, "cannot make a certificate: %s",
		    tls_cert_error());
		goto out;
	}
	X509V3_set_ctx(&ctx, issuer != NULL ? issuer : x, x, NULL, NULL, 0);
	if ((st = tls_ext(x, &ctx, NID_subject_key_identifier, "hash",
	    cause)) != RV_OK)
		goto out;
	if (ca)
		st = tls_ext(x, &ctx, NID_basic_constraints,
		    "critical,CA:TRUE,pathlen:0", cause);
	else if ((st = tls_ext(x, &ctx, NID_basic_constraints, "CA:FALSE",
	    cause)) == RV_OK &&
	    (st = tls_ext(x, &ctx, NID_authority_key_identifier, "keyid",
	    cause)) == RV_OK &&
	    (st = tls_ext(x, &ctx, NID_ext_key_usage, "serverAuth",
	    cause)) == RV_OK)
		st = tls_ext(x, &ctx, NID_subject_alt_name, san, cause);
	if (st != RV_OK ||
	    (st = tls_ext(x, &ctx, NID_key_usage, ca ?
	    "critical,keyCertSign,cRLSign" : "critical,digitalSignature",
	    cause)) != RV_OK)
		goto out;
	if (X509_sign(x, issuer_key != NULL ? issuer_key : key,
	    EVP_sha256()) == 0) {
		st = rv_fail(cause, RV_EENV, "cannot sign a certificate: %s",
		    tls_cert_error());
		goto out;
	}
	*out = x;
	x = NULL;
	st = RV_OK;
out:
	BN_free(bn);
	X509_free(x);
	return st;
}

/*
 * Write a certificate (key NULL) or a private key (x NULL) as PEM to
 * path, durably (file_write_durable); a key's bytes pass only through
 * OpenSSL's secure-memory BIO, which wipes them when freed.
 */
static enum rv_status
tls_write_pem(const char *path, X509 *x, EVP_PKEY *key, char **cause)
{
	BIO		*b;
	char		*data;
	long		 len;
	enum rv_status	 st;

	if ((b = BIO_new(key != NULL ? BIO_s_secmem() : BIO_s_mem())) == NULL)
		fatal("tls_write_pem: out of memory");
	if ((x != NULL && !PEM_write_bio_X509(b, x)) || (key != NULL &&
	    !PEM_write_bio_PrivateKey(b, key, NULL, NULL, 0, NULL, NULL))) {
		BIO_free(b);
		return rv_fail(cause, RV_EENV, "%s: cannot encode: %s", path,
		    tls_cert_error());
	}
	len = BIO_get_mem_data(b, &data);
	st = file_write_durable(path, data, (size_t)len, key != NULL ? 0600 :
	    0644, cause);
	BIO_free(b);
	return st;
}

/* Read a PEM certificate (key NULL) or private key (x NULL). */
static enum rv_status
tls_read_pem(const char *path, X509 **x, EVP_PKEY **key, char **cause)
{
	FILE	*f;

	if ((f = fopen(path, "re")) == NULL)
		return rv_fail(cause, RV_EENV, "%s: %s", path,
		    strerror(errno));
	if (x != NULL)
		*x = PEM_read_X509(f, NULL, NULL, NULL);
	else
		*key = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	if ((x != NULL && *x == NULL) || (key != NULL && *key == NULL))
		return rv_fail(cause, RV_EINPUT, "%s: not a PEM %s: %s", path,
		    x != NULL ? "certificate" : "private key",
		    tls_cert_error());
	return RV_OK;
}

/* Does path exist? */
static int
tls_exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/*
 * Load the office CA from dir when both its files are there (*have = 1),
 * checking that they belong together; nothing when neither is.  One
 * without the other is refused: a CA key must not be replaced behind
 * the kiosks' backs.
 */
static enum rv_status
tls_load_ca(const char *capem, const char *cakey, X509 **ca, EVP_PKEY **key,
    int *have, char **cause)
{
	enum rv_status	 st;

	*have = 0;
	if (!tls_exists(capem) && !tls_exists(cakey))
		return RV_OK;
	if (!tls_exists(capem) || !tls_exists(cakey))
		return rv_fail(cause, RV_EINPUT, "%s: found without %s; "
		    "restore the missing file, or remove both to make a new CA "
		    "(then every kiosk needs the new %s)",
		    tls_exists(capem) ? capem : cakey,
		    tls_exists(capem) ? cakey : capem, TLS_CA_CERT);
	if ((st = tls_read_pem(capem, ca, NULL, cause)) != RV_OK ||
	    (st = tls_read_pem(cakey, NULL, key, cause)) != RV_OK)
		return st;
	if (X509_check_private_key(*ca, *key) != 1) {
		ERR_clear_error();
		return rv_fail(cause, RV_EINPUT, "%s: does not match the "
		    "certificate %s", cakey, capem);
	}
	*have = 1;
	return RV_OK;
}

/* When a certificate expires, as a time_t. */
static enum rv_status
tls_not_after(X509 *x, const char *path, time_t *when, char **cause)
{
	struct tm	 tm;

	if (ASN1_TIME_to_tm(X509_get0_notAfter(x), &tm) != 1)
		return rv_fail(cause, RV_EINPUT, "%s: unreadable expiry date",
		    path);
	*when = timegm(&tm);
	return RV_OK;
}

/*
 * Make the office's certificates in dir for names (comma-separated host
 * names and addresses), the server certificate valid for days: the CA
 * first when dir has none (*made_ca), then a new server key and
 * certificate.  A server certificate already in dir that this CA did
 * not sign is refused rather than replaced.  The dates each certificate
 * expires go to *ca_until and *until.
 */
enum rv_status
tls_cert_init(const char *dir, const char *names, long days, int *made_ca,
    time_t *ca_until, time_t *until, char **cause)
{
	char		*capem, *cakey, *cert, *key, *san = NULL, *cn = NULL;
	X509		*ca = NULL, *x = NULL, *old = NULL;
	EVP_PKEY	*ca_key = NULL, *k = NULL;
	enum rv_status	 st;
	int		 have;

	*made_ca = 0;
	xasprintf(&capem, "%s/%s", dir, TLS_CA_CERT);
	xasprintf(&cakey, "%s/%s", dir, TLS_CA_KEY);
	xasprintf(&cert, "%s/%s", dir, TLS_CERT);
	xasprintf(&key, "%s/%s", dir, TLS_KEY);
	if ((st = tls_san(names, &san, &cn, cause)) != RV_OK ||
	    (st = tls_load_ca(capem, cakey, &ca, &ca_key, &have,
	    cause)) != RV_OK)
		goto out;
	/* Renewal replaces only what this office's CA signed. */
	if ((tls_exists(cert) || tls_exists(key)) && (!have ||
	    tls_read_pem(cert, &old, NULL, NULL) != RV_OK ||
	    X509_verify(old, ca_key) != 1)) {
		ERR_clear_error();
		st = rv_fail(cause, RV_EINPUT, "%s: already there and not "
		    "signed by this office's CA; refusing to replace it "
		    "(remove it, or use another --dir)",
		    tls_exists(cert) ? cert : key);
		goto out;
	}
	if (!have) {
		if ((ca_key = EVP_EC_gen("P-256")) == NULL) {
			st = rv_fail(cause, RV_EENV, "cannot make a key: %s",
			    tls_cert_error());
			goto out;
		}
		if ((st = tls_make_cert(ca_key, TLS_CA_CN, TLS_CA_DAYS, NULL,
		    NULL, 1, NULL, &ca, cause)) != RV_OK ||
		    (st = tls_write_pem(cakey, NULL, ca_key, cause)) != RV_OK ||
		    (st = tls_write_pem(capem, ca, NULL, cause)) != RV_OK)
			goto out;
		*made_ca = 1;
	}
	if ((k = EVP_EC_gen("P-256")) == NULL) {
		st = rv_fail(cause, RV_EENV, "cannot make a key: %s",
		    tls_cert_error());
		goto out;
	}
	/*
	 * The key goes first: a run stopped between the two leaves a key
	 * that does not match the old certificate, which serve refuses
	 * with that reason, and running this again mends it.
	 */
	if ((st = tls_make_cert(k, cn, days, ca, ca_key, 0, san, &x,
	    cause)) != RV_OK ||
	    (st = tls_write_pem(key, NULL, k, cause)) != RV_OK ||
	    (st = tls_write_pem(cert, x, NULL, cause)) != RV_OK ||
	    (st = tls_not_after(ca, capem, ca_until, cause)) != RV_OK)
		goto out;
	st = tls_not_after(x, cert, until, cause);
out:
	EVP_PKEY_free(k);
	EVP_PKEY_free(ca_key);
	X509_free(old);
	X509_free(x);
	X509_free(ca);
	free(san);
	free(cn);
	free(capem);
	free(cakey);
	free(cert);
	free(key);
	return st;
}

/* When the first certificate in the PEM file path expires. */
enum rv_status
tls_cert_expiry(const char *path, time_t *when, char **cause)
{
	X509		*x = NULL;
	enum rv_status	 st;

	if ((st = tls_read_pem(path, &x, NULL, cause)) == RV_OK)
		st = tls_not_after(x, path, when, cause);
	X509_free(x);
	return st;
}

/*
 * The warning to show when the certificate at path expires within
 * TLS_WARN_DAYS of now (or has expired), a string to free; NULL when it
 * has longer, or cannot be read (serve says that in its own words).
 */
char *
tls_cert_warning(const char *path, time_t now)
{
	char	 date[RV_TIME_MAX], *w = NULL;
	time_t	 until = 0;
	long	 days;

	if (tls_cert_expiry(path, &until, NULL) != RV_OK)
		return NULL;
	days = (long)((until - now) / 86400);
	if (until - now > (time_t)TLS_WARN_DAYS * 86400)
		return NULL;
	time_format((rv_ms)until * 1000, RV_CST_OFFSET, date, sizeof date);
	date[10] = '\0';	/* the day is enough */
	if (until <= now)
		xasprintf(&w, _("TLS certificate %s expired on %s: phones and "
		    "kiosks refuse it; renew it with renovote-office tls init"),
		    path, date);
	else
		xasprintf(&w, _("TLS certificate %s expires on %s (in %ld "
		    "days): renew it with renovote-office tls init"), path,
		    date, days);
	return w;
}
