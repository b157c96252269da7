/*
 * Voting codes: twelve characters from RAND_bytes over an alphabet without
 * look-alikes (no 0/O, 1/I/L), printed in groups of four and also as an
 * 18-digit number (the same secret, for number keys), and stored only
 * as salted scrypt hashes whose cost makes each guess take tens of
 * milliseconds, so a stolen database does not yield the codes.
 *
 * A stored hash reads "scrypt$LOGN$R$P$SALTHEX$HASHHEX": the parameters
 * travel with the hash, so the cost can be raised later without breaking
 * codes already issued.
 */

#include "config.h"

#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include "renovote.h"

#define CODE_ALPHABET	"23456789ABCDEFGHJKMNPQRSTUVWXYZ"
#define CODE_GROUP	4
#define CODE_SALT_LEN	16
#define CODE_KEY_LEN	32
#define CODE_LOGN	14	/* scrypt N = 2^14, r = 6: about 50 ms */
#define CODE_R		6
#define CODE_P		1
#define CODE_THREADS_MAX 8

static enum rv_status code_draw(char *, size_t, char **);

/*
 * Fill buf (RV_CODE_TEXT bytes at least) with a fresh code such as
 * "K7QM-3XRD-WP9A".  Rejection sampling keeps every character uniform.
 * A code of digits only (8^12 of 31^12, one draw in ten million) is drawn
 * again, so that digits typed on the number keys are always the numeric
 * form.
 */
enum rv_status
code_generate(char *buf, size_t len, char **cause)
{
	enum rv_status	 st;

	do {
		if ((st = code_draw(buf, len, cause)) != RV_OK)
			return st;
	} while (strspn(buf, "23456789-") == strlen(buf));
	return RV_OK;
}

/* Draw twelve uniform characters of the alphabet into buf, grouped. */
static enum rv_status
code_draw(char *buf, size_t len, char **cause)
{
	const size_t	 n = sizeof CODE_ALPHABET - 1;
	const unsigned	 limit = 256 - 256 % n;
	unsigned char	 rnd[32];
	size_t		 i = 0, j = sizeof rnd, out = 0;

	if (len < RV_CODE_TEXT)
		fatal("code_generate: buffer too small");
	while (i < RV_CODE_LEN) {
		if (j == sizeof rnd) {
			if (RAND_bytes(rnd, sizeof rnd) != 1) {
				explicit_bzero(rnd, sizeof rnd);
				return rv_fail(cause, RV_EENV, "no random "
				    "numbers: %s", ERR_reason_error_string(
				    ERR_get_error()));
			}
			j = 0;
		}
		if (rnd[j] >= limit) {
			j++;
			continue;
		}
		if (i > 0 && i % CODE_GROUP == 0)
			buf[out++] = '-';
		buf[out++] = CODE_ALPHABET[rnd[j++] % n];
		i++;
	}
	buf[out] = '\0';
	explicit_bzero(rnd, sizeof rnd);
	return RV_OK;
}

/*
 * The numeric form of a code is the same secret written in decimal: the
 * twelve characters are the digits of a number in base 31 (the alphabet's
 * order, first character most significant), and 31^12 - 1 =
 * 787662783788549760 has 18 decimal digits.  Both forms name the same
 * code, so either is hashed as the letter form and the strength is the
 * same (docs/security.md, "The numeric form of a voting code").
 */
#define CODE_BASE	31
#define CODE_NUM_GROUP	3
#define CODE_SPACE	787662783788549761ULL	/* 31^12 */

/* Is c a separator a code may be typed or printed with? */
static int
code_separator(int c)
{
	return c == '-' || c == ' ';
}

/*
 * What kind of input is in: RV_CODE_OK when it is a code in either form
 * (twelve characters of the alphabet, or eighteen digits naming a code),
 * else what is wrong with it.  Twelve digits from 2 to 9 have the shape
 * of a letter code; code_generate makes no code of digits only, so where
 * the input came from the number keys (no dashes) the kiosk may take it
 * for a numeric code cut short.  *n receives how many significant
 * characters (all, for the digits-only case, digits) were typed.
 * Separators (dashes, spaces) and case are ignored.
 */
enum rv_code_shape
code_shape(const char *in, size_t *n)
{
	enum rv_code_shape shape;
	size_t		 count = 0;
	int		 digits = 1, alphabet = 1, c;
	uint64_t	 v = 0;

	for (; *in != '\0'; in++) {
		if (code_separator((unsigned char)*in))
			continue;
		c = toupper((unsigned char)*in);
		if (c < '0' || c > '9')
			digits = 0;
		else if (count < RV_CODE_DIGITS)
			v = v * 10 + (uint64_t)(c - '0');
		if (c == 0 || strchr(CODE_ALPHABET, c) == NULL)
			alphabet = 0;
		count++;
	}
	*n = count;
	if (count == 0)
		shape = RV_CODE_EMPTY;
	else if (count == RV_CODE_LEN && alphabet)
		shape = RV_CODE_OK;
	else if (digits && count == RV_CODE_DIGITS)
		shape = v < CODE_SPACE ? RV_CODE_OK : RV_CODE_RANGE;
	else if (digits)
		shape = RV_CODE_DIGITS_LEN;
	else if (!alphabet)
		shape = RV_CODE_BAD_CHAR;
	else
		shape = RV_CODE_LETTERS_LEN;
	explicit_bzero(&v, sizeof v);
	return shape;
}

/*
 * Reduce what a resident typed to the twelve significant characters:
 * case is ignored, dashes and spaces dropped, and the numeric form (18
 * digits) turned into the letter form.  Returns 0, or -1 when the input
 * cannot be a code (code_shape says why).  out holds at least
 * RV_CODE_LEN + 1 bytes.
 */
int
code_normalise(const char *in, char *out, size_t len)
{
	uint64_t	 v = 0;
	size_t		 n = 0, i;
	int		 c;

	if (len < RV_CODE_LEN + 1 || code_shape(in, &n) != RV_CODE_OK)
		return -1;
	if (n == RV_CODE_LEN) {
		for (n = 0; *in != '\0'; in++) {
			if (!code_separator((unsigned char)*in))
				out[n++] = (char)toupper((unsigned char)*in);
		}
		out[n] = '\0';
		return 0;
	}
	for (; *in != '\0'; in++) {
		if (!code_separator((unsigned char)*in))
			v = v * 10 + (uint64_t)(*in - '0');
	}
	for (i = RV_CODE_LEN; i > 0; i--) {
		c = CODE_ALPHABET[v % CODE_BASE];
		v /= CODE_BASE;
		out[i - 1] = (char)c;
	}
	out[RV_CODE_LEN] = '\0';
	explicit_bzero(&v, sizeof v);
	return 0;
}

/*
 * Write the numeric form of code (either form, as code_normalise takes
 * it) into out, RV_CODE_NUM_TEXT bytes at least, in groups of three:
 * "078 766 278 378 854 976".  Returns 0, or -1 if code is not a code.
 */
int
code_numeric(const char *code, char *out, size_t len)
{
	char		 norm[RV_CODE_LEN + 1], digits[RV_CODE_DIGITS + 1];
	uint64_t	 v = 0;
	size_t		 i, o = 0;

	if (len < RV_CODE_NUM_TEXT || code_normalise(code, norm,
	    sizeof norm) != 0)
		return -1;
	for (i = 0; i < RV_CODE_LEN; i++)
		v = v * CODE_BASE + (uint64_t)(strchr(CODE_ALPHABET,
		    norm[i]) - CODE_ALPHABET);
	for (i = RV_CODE_DIGITS; i > 0; i--) {
		digits[i - 1] = (char)('0' + v % 10);
		v /= 10;
	}
	for (i = 0; i < RV_CODE_DIGITS; i++) {
		if (i > 0 && i % CODE_NUM_GROUP == 0)
			out[o++] = ' ';
		out[o++] = digits[i];
	}
	out[o] = '\0';
	explicit_bzero(norm, sizeof norm);
	explicit_bzero(digits, sizeof digits);
	explicit_bzero(&v, sizeof v);
	return 0;
}

static enum rv_status secret_hash(const char *, char *, size_t, char **);
static int secret_verify(const char *, const char *);

/* Derive the scrypt key of a normalised code. */
static int
code_derive(const char *norm, const unsigned char *salt, size_t saltlen,
    unsigned logn, unsigned r, unsigned p, unsigned char *key)
{
	EVP_KDF		*kdf;
	EVP_KDF_CTX	*ctx = NULL;
	OSSL_PARAM	 params[6];
	uint64_t	 n = (uint64_t)1 << logn;
	uint32_t	 r32 = r, p32 = p;
	int		 ok = 0;

	if ((kdf = EVP_KDF_fetch(NULL, "SCRYPT", NULL)) == NULL)
		return 0;
	if ((ctx = EVP_KDF_CTX_new(kdf)) == NULL)
		goto out;
	params[0] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD,
	    (void *)norm, strlen(norm));
	params[1] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT,
	    (void *)salt, saltlen);
	params[2] = OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n);
	params[3] = OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r32);
	params[4] = OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p32);
	params[5] = OSSL_PARAM_construct_end();
	ok = EVP_KDF_derive(ctx, key, CODE_KEY_LEN, params) == 1;
out:
	EVP_KDF_CTX_free(ctx);
	EVP_KDF_free(kdf);
	return ok;
}

/*
 * Hash a code (as printed or as typed) for storage into out, which holds
 * RV_CODE_HASH_MAX bytes.
 */
enum rv_status
code_hash(const char *code, char *out, size_t len, char **cause)
{
	char		 norm[RV_CODE_LEN + 1];
	enum rv_status	 st;

	if (code_normalise(code, norm, sizeof norm) != 0)
		return rv_fail(cause, RV_EINPUT, "not a voting code");
	st = secret_hash(norm, out, len, cause);
	explicit_bzero(norm, sizeof norm);
	return st;
}

/*
 * Hash a normalised secret (a code, a PIN) with a fresh salt into out
 * (RV_CODE_HASH_MAX bytes) as "scrypt$LOGN$R$P$SALTHEX$HASHHEX".
 */
static enum rv_status
secret_hash(const char *norm, char *out, size_t len, char **cause)
{
	unsigned char	 salt[CODE_SALT_LEN], key[CODE_KEY_LEN];
	char		 salthex[2 * CODE_SALT_LEN + 1];
	char		 keyhex[2 * CODE_KEY_LEN + 1];
	enum rv_status	 st = RV_OK;

	if (RAND_bytes(salt, sizeof salt) != 1 ||
	    !code_derive(norm, salt, sizeof salt, CODE_LOGN, CODE_R, CODE_P,
	    key)) {
		st = rv_fail(cause, RV_EENV, "cannot hash voting code: %s",
		    ERR_reason_error_string(ERR_get_error()));
		goto out;
	}
	hex_encode(salt, sizeof salt, salthex);
	hex_encode(key, sizeof key, keyhex);
	if ((size_t)snprintf(out, len, "scrypt$%u$%u$%u$%s$%s", CODE_LOGN,
	    CODE_R, CODE_P, salthex, keyhex) >= len)
		fatal("secret_hash: buffer too small");
out:
	explicit_bzero(key, sizeof key);
	return st;
}

/*
 * Does code match the stored hash?  Returns 1 if it does, 0 if not, -1 if
 * the stored hash is malformed.  The comparison takes constant time.
 */
int
code_verify(const char *code, const char *stored)
{
	char	 norm[RV_CODE_LEN + 1];
	int	 ret;

	if (code_normalise(code, norm, sizeof norm) != 0)
		norm[0] = '\0';	/* matches no hash, but the hash is checked */
	ret = secret_verify(norm, stored);
	explicit_bzero(norm, sizeof norm);
	return ret;
}

/*
 * Does the normalised secret match the stored hash?  1 yes, 0 no, -1 for
 * a malformed hash.  An empty secret never matches.
 */
static int
secret_verify(const char *norm, const char *stored)
{
	char		*copy, *f[6], *p, *save;
	unsigned char	 salt[CODE_SALT_LEN], want[CODE_KEY_LEN];
	unsigned char	 got[CODE_KEY_LEN];
	unsigned long	 logn, r, pp;
	int		 i, ret = -1;

	copy = xstrdup(stored);
	for (i = 0, p = copy; i < 6; i++, p = NULL) {
		if ((f[i] = strtok_r(p, "$", &save)) == NULL)
			goto out;
	}
	logn = strtoul(f[1], NULL, 10);
	r = strtoul(f[2], NULL, 10);
	pp = strtoul(f[3], NULL, 10);
	if (strcmp(f[0], "scrypt") != 0 || logn < 10 || logn > 22 ||
	    r < 1 || r > 32 || pp < 1 || pp > 16 ||
	    hex_decode(f[4], strlen(f[4]), salt, sizeof salt) != 0 ||
	    hex_decode(f[5], strlen(f[5]), want, sizeof want) != 0)
		goto out;
	if (*norm == '\0') {
		ret = 0;
		goto out;
	}
	if (!code_derive(norm, salt, sizeof salt, (unsigned)logn, (unsigned)r,
	    (unsigned)pp, got))
		goto out;
	ret = CRYPTO_memcmp(got, want, sizeof got) == 0;
out:
	explicit_bzero(got, sizeof got);
	free(copy);
	return ret;
}

/* Is pin a committee PIN: RV_PIN_MIN to RV_PIN_MAX digits? */
int
code_pin_valid(const char *pin)
{
	size_t	 n = strspn(pin, "0123456789");

	return pin[n] == '\0' && n >= RV_PIN_MIN && n <= RV_PIN_MAX;
}

/*
 * Hash a committee PIN for the kiosk's meta table the way voting codes
 * are hashed: salted scrypt, so a copied database does not give it away.
 */
enum rv_status
code_pin_hash(const char *pin, char *out, size_t len, char **cause)
{
	if (!code_pin_valid(pin))
		return rv_fail(cause, RV_EINPUT, _("the committee PIN must be "
		    "%d to %d digits"), RV_PIN_MIN, RV_PIN_MAX);
	return secret_hash(pin, out, len, cause);
}

/* Does pin match the stored hash?  1 yes, 0 no, -1 malformed hash. */
int
code_pin_verify(const char *pin, const char *stored)
{
	return code_pin_valid(pin) ? secret_verify(pin, stored) : 0;
}

struct hash_job {
	const char	**codes;
	char		(*hashes)[RV_CODE_HASH_MAX];
	size_t		 n;
	size_t		 next;
	pthread_mutex_t	 lock;
	int		 failed;
};

/* Worker: hash codes until none are left or one fails. */
static void *
hash_worker(void *arg)
{
	struct hash_job	*job = arg;
	size_t		 i;

	for (;;) {
		pthread_mutex_lock(&job->lock);
		i = job->failed ? job->n : job->next++;
		pthread_mutex_unlock(&job->lock);
		if (i >= job->n)
			return NULL;
		if (code_hash(job->codes[i], job->hashes[i], RV_CODE_HASH_MAX,
		    NULL) != RV_OK) {
			pthread_mutex_lock(&job->lock);
			job->failed = 1;
			pthread_mutex_unlock(&job->lock);
		}
	}
}

/*
 * Hash n codes on every core: a slow hash per flat is the cost of issuing
 * codes, and an estate of a thousand flats should not take a minute.
 */
enum rv_status
code_hash_many(const char **codes, char (*hashes)[RV_CODE_HASH_MAX],
    size_t n, char **cause)
{
	struct hash_job	 job = { codes, hashes, n, 0,
	    PTHREAD_MUTEX_INITIALIZER, 0 };
	pthread_t	 tid[CODE_THREADS_MAX];
	long		 cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t		 nt, i, started = 0;

	nt = cpus < 1 ? 1 : cpus > CODE_THREADS_MAX ? CODE_THREADS_MAX :
	    (size_t)cpus;
	if (nt > n)
		nt = n;
	for (i = 0; i + 1 < nt; i++) {
		if (pthread_create(&tid[i], NULL, hash_worker, &job) != 0)
			break;
		started++;
	}
	hash_worker(&job);
	for (i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	if (job.failed)
		return rv_fail(cause, RV_EENV, "cannot hash voting codes");
	return RV_OK;
}
