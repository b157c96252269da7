/*
 * load: load an estate package after checking the office signature.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <termios.h>
#include <unistd.h>

#include "kiosk.h"
#include "present.h"
#include "store.h"

#define LOAD_PRINTER_MAX	4096	/* bytes of a printer's device path */


static enum rv_status cmd_kiosk_load_exec(struct cmd *, char **);

const struct cmd_entry cmd_kiosk_load_entry = {
	.name = "load",
	.options = "db:,pin-file:,office-url:,printer:,printer-no-qr",
	.minargs = 1,
	.maxargs = 1,
	.usage = N_("[--db FILE] [--pin-file FILE] [--office-url URL] "
	    "[--printer DEVICE|cups:QUEUE|none] [--printer-no-qr] PACKAGE"),
	.help = N_("Load an estate package signed by the street office: the "
	    "estate's flats,\nplan and voting-code hashes.  The first package "
	    "pins the office's key; a\npackage signed by another key, or "
	    "older than the one held, is refused.\nThe committee PIN (6 to 12 "
	    "digits) is read from the first line of the\n--pin-file, or asked "
	    "for twice without echo on a terminal; without one the\nPIN set "
	    "before stays.  A kiosk with no PIN yet refuses to load without "
	    "one.\n--office-url is the office's public address, for the "
	    "receipt QR codes.\n--printer is the receipt printer (ESC/POS): a "
	    "device such as /dev/usb/lp0,\nor cups:QUEUE for a raw CUPS queue; "
	    "none removes it.  --printer-no-qr prints\nthe check address "
	    "without a QR code, for printers without GS ( k."),
	.exec = cmd_kiosk_load_exec,
};

#define LOAD_PIN_TRIES	3	/* PINs typed before load gives up */
#define LOAD_PIN_LINE	64	/* bytes of a PIN line read */

/*
 * Ask for a PIN on the terminal without echo, with prompt; line (of
 * LOAD_PIN_LINE bytes) receives it without its line end, "" at the end
 * of input.
 */
static void
load_pin_ask(const char *prompt, char *line)
{
	struct termios	 old, quiet;

	line[0] = '\0';
	if (tcgetattr(STDIN_FILENO, &old) != 0)
		return;
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	fprintf(stderr, "%s", prompt);
	tcsetattr(STDIN_FILENO, TCSADRAIN, &quiet);
	if (fgets(line, LOAD_PIN_LINE, stdin) == NULL)
		line[0] = '\0';
	tcsetattr(STDIN_FILENO, TCSADRAIN, &old);
	fprintf(stderr, "\n");
	line[strcspn(line, "\r\n")] = '\0';
}

/*
 * Ask for a new PIN on the terminal, twice: both must match and be a
 * valid PIN; up to LOAD_PIN_TRIES times.  An empty first answer keeps
 * the PIN held (when held is set).  *hash receives the salted hash, or
 * stays empty.
 */
static enum rv_status
load_pin_terminal(int held, char *hash, size_t hashlen, char **cause)
{
	char		 line[LOAD_PIN_LINE], again[LOAD_PIN_LINE];
	char		*why = NULL;
	enum rv_status	 st = RV_OK;
	int		 tries;

	for (tries = 0; tries < LOAD_PIN_TRIES; tries++) {
		load_pin_ask(held ? _("Committee PIN (6 to 12 digits; Enter "
		    "keeps the PIN held): ") : _("New committee PIN (6 to 12 "
		    "digits): "), line);
		if (line[0] == '\0' && held)
			goto out;
		if (line[0] == '\0' && feof(stdin))
			break;
		if ((st = code_pin_hash(line, hash, hashlen, &why)) != RV_OK) {
			fprintf(stderr, "%s\n", why);
			free(why);
			why = NULL;
			continue;
		}
		load_pin_ask(_("The same PIN again: "), again);
		if (strcmp(line, again) == 0)
			goto out;
		explicit_bzero(hash, hashlen);
		fprintf(stderr, "%s\n", _("The two PINs differ; please type "
		    "them again."));
	}
	*hash = '\0';
	st = rv_fail(cause, RV_EINPUT, "%s", _("load: no committee PIN was "
	    "set (two matching PINs of 6 to 12 digits are needed)"));
out:
	explicit_bzero(line, sizeof line);
	explicit_bzero(again, sizeof again);
	return st;
}

/*
 * Read the committee PIN: the first line of --pin-file, else from the
 * terminal (load_pin_terminal) when stdin is one.  held says a PIN is
 * stored already: without it, a PIN must be given, for the resident
 * interface never starts without one.  *hash receives its salted hash,
 * or stays empty (keeping the PIN held).
 */
static enum rv_status
load_pin(const struct cmd *c, int held, char *hash, size_t hashlen,
    char **cause)
{
	const char	*file = cmd_get(c, "pin-file");
	char		*buf = NULL, line[LOAD_PIN_LINE];
	size_t		 len = 0;
	enum rv_status	 st = RV_OK;

	*hash = '\0';
	if (file == NULL && isatty(STDIN_FILENO))
		return load_pin_terminal(held, hash, hashlen, cause);
	if (file == NULL) {
		if (held)
			return RV_OK;
		return rv_fail(cause, RV_EINPUT, "%s", _("load: this kiosk "
		    "has no committee PIN yet: give --pin-file FILE, or run "
		    "load on a terminal"));
	}
	if ((st = file_read(file, sizeof line - 1, &buf, &len,
	    cause)) != RV_OK)
		return st;
	memcpy(line, buf, len);
	line[len] = '\0';
	freezero(buf, len);
	line[strcspn(line, "\r\n")] = '\0';
	if (line[0] == '\0' && held)
		goto out;
	if ((st = code_pin_hash(line, hash, hashlen, cause)) != RV_OK) {
		free(*cause);
		st = rv_fail(cause, RV_EINPUT, _("%s: the committee PIN must "
		    "be %d to %d digits"), file, RV_PIN_MIN, RV_PIN_MAX);
	}
out:
	explicit_bzero(line, sizeof line);
	return st;
}

/* Store the PIN's hash and the office URL given, in the open transaction. */
static enum rv_status
load_settings(struct kiosk *k, const char *pin_hash_text, const char *url,
    char **cause)
{
	enum rv_status	 st;

	if (*pin_hash_text != '\0' && (st = store_meta_put(k->store,
	    "pin_hash", pin_hash_text, cause)) != RV_OK)
		return st;
	if (url != NULL && (st = store_meta_put(k->store, "office_url", url,
	    cause)) != RV_OK)
		return st;
	return RV_OK;
}

/* Store the package's estate, plan and codes and record the load. */
static enum rv_status
load_store(struct kiosk *k, const struct rv_package *p, const char *pin,
    const char *url, char **cause)
{
	struct store_appender	*a = NULL;
	struct rv_head		 head;
	struct rv_record	 rec;
	enum rv_status		 st;

	memset(&rec, 0, sizeof rec);
	rec.type = RV_REC_PACKAGE;
	rec.device = k->device;
	rec.time = time_now();
	rec.estate_id = p->estate->id;
	rec.version = p->version;
	memcpy(rec.digest, p->digest, RV_HASH_LEN);
	if ((st = store_begin(k->store, cause)) != RV_OK)
		return st;
	if ((st = store_roster_put(k->store, p->estate, cause)) != RV_OK ||
	    (st = store_plan_put(k->store, p->plan, p->plan_src, p->plan_len,
	    cause)) != RV_OK ||
	    (st = store_codes_replace(k->store, p->estate->id, p->codes,
	    p->ncodes, cause)) != RV_OK ||
	    (st = store_package_put(k->store, p->estate->id, p->version,
	    p->digest, cause)) != RV_OK ||
	    (st = store_meta_put(k->store, "office_pubkey", p->office_pubkey,
	    cause)) != RV_OK ||
	    (st = load_settings(k, pin, url, cause)) != RV_OK ||
	    (st = store_ledger_head(k->store, k->device, &head,
	    cause)) != RV_OK ||
	    (st = store_appender_open(k->store, &a, cause)) != RV_OK ||
	    (st = chain_append(a, &head, &rec, cause)) != RV_OK) {
		store_appender_close(a);
		store_rollback(k->store);
		return st;
	}
	store_appender_close(a);
	return store_commit(k->store, cause);
}

/*
 * Check a package (office signature, the pinned office key, not older
 * than the version held) and store it, with the committee PIN's hash
 * pin (may be "") and the office URL url (may be NULL).  *out receives
 * the package for the caller's message (package_free); *already is set
 * when the kiosk holds that version (then only the settings are
 * stored).  load and sync load here.
 */
enum rv_status
kiosk_load_package(struct kiosk *k, const char *name, const uint8_t *buf,
    size_t len, const char *pin, const char *url, struct rv_package **out,
    int *already, char **cause)
{
	struct rv_package *p = NULL;
	char		*pinned = NULL;
	uint64_t	 held;
	enum rv_status	 st;

	*out = NULL;
	*already = 0;
	if ((st = store_meta_get(k->store, "office_pubkey", &pinned,
	    cause)) != RV_OK ||
	    (st = package_parse(name, buf, len, pinned, &p, cause)) != RV_OK ||
	    (st = store_package_get(k->store, p->estate->id, &held,
	    cause)) != RV_OK)
		goto out;
	if (p->version < held) {
		st = rv_fail(cause, RV_EINPUT, "%s: package version %llu of %s "
		    "is older than version %llu held by this kiosk", name,
		    (unsigned long long)p->version, p->estate->id,
		    (unsigned long long)held);
		goto out;
	}
	if (p->version == held) {
		*already = 1;
		if (*pin != '\0' || url != NULL) {
			if ((st = store_begin(k->store, cause)) != RV_OK)
				goto out;
			if ((st = load_settings(k, pin, url, cause)) != RV_OK) {
				store_rollback(k->store);
				goto out;
			}
			if ((st = store_commit(k->store, cause)) != RV_OK)
				goto out;
		}
	} else if ((st = load_store(k, p, pin, url, cause)) != RV_OK)
		goto out;
	*out = p;
	p = NULL;
out:
	package_free(p);
	free(pinned);
	return st;
}

/*
 * Store the receipt printer given (meta printer, "" for none, and
 * printer_qr 0 or 1) in its own transaction; with k NULL only check
 * it.  A device must be an absolute path; a CUPS queue a plain name.
 */
static enum rv_status
load_printer(const struct cmd *c, struct kiosk *k, char **cause)
{
	const char	*spec = cmd_get(c, "printer"), *q;
	enum rv_status	 st;

	if (spec == NULL)
		return RV_OK;
	if (strcmp(spec, "none") == 0)
		spec = "";
	else if (strncmp(spec, "cups:", 5) == 0) {
		q = spec + 5;
		if (*q == '\0' || *q == '-' || strspn(q, "ABCDEFGHIJKLMNOPQRST"
		    "UVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.@") !=
		    strlen(q))
			return rv_fail(cause, RV_EUSAGE, _("load: --printer: "
			    "'%s' is not a CUPS queue name"), q);
	} else if (*spec != '/' || strlen(spec) >= LOAD_PRINTER_MAX)
		return rv_fail(cause, RV_EUSAGE, _("load: --printer: '%s' is "
		    "neither an absolute device path nor cups:QUEUE"), spec);
	if (k == NULL)
		return RV_OK;
	if ((st = store_begin(k->store, cause)) != RV_OK)
		return st;
	if ((st = store_meta_put(k->store, "printer", spec, cause)) != RV_OK ||
	    (st = store_meta_put(k->store, "printer_qr", cmd_has(c,
	    "printer-no-qr") ? "0" : "1", cause)) != RV_OK) {
		store_rollback(k->store);
		return st;
	}
	return store_commit(k->store, cause);
}

/* Check the options, read the file, load it, say what was loaded. */
static enum rv_status
cmd_kiosk_load_exec(struct cmd *c, char **cause)
{
	struct kiosk	 k;
	struct rv_package *p = NULL;
	const char	*file = c->argv[0], *given = cmd_get(c, "office-url");
	char		*buf = NULL, *url = NULL, *held = NULL;
	char		 pin[RV_CODE_HASH_MAX];
	size_t		 len;
	int		 already;
	enum rv_status	 st;

	if ((given != NULL && (st = url_base_check(given, "load: --office-url",
	    &url, cause)) != RV_OK) ||
	    (st = load_printer(c, NULL, cause)) != RV_OK)
		return st;
	if ((st = kiosk_open(c, 0, &k, cause)) != RV_OK) {
		free(url);
		return st;
	}
	/* The package is read first: no PIN is asked for a file unread. */
	if ((st = file_read(file, KIOSK_PACKAGE_MAX, &buf, &len,
	    cause)) != RV_OK ||
	    (st = store_meta_get(k.store, "pin_hash", &held,
	    cause)) != RV_OK ||
	    (st = load_pin(c, held != NULL, pin, sizeof pin, cause)) != RV_OK ||
	    (st = kiosk_load_package(&k, file, (const uint8_t *)buf, len, pin,
	    url, &p, &already, cause)) != RV_OK ||
	    (st = load_printer(c, &k, cause)) != RV_OK)
		goto out;
	if (already)
		printf(_("Package version %llu of %s is already loaded\n"),
		    (unsigned long long)p->version, p->estate->id);
	else
		printf(_("Loaded %s (%s) package version %llu: %zu flats, %zu "
		    "questions, %zu pledges\n"), p->estate->id,
		    estate_name(p->estate, present_text_locale()),
		    (unsigned long long)p->version, p->estate->nflats,
		    p->plan->nquestions, p->plan->npledges);
out:
	package_free(p);
	free(buf);
	free(url);
	free(held);
	explicit_bzero(pin, sizeof pin);
	kiosk_close(&k);
	return st;
}
