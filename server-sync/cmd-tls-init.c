/*
 * tls init: the office's CA and server certificate (tls-cert.c).
 */

#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "office.h"

#define TLS_SERVER_DAYS_MAX	397	/* browsers refuse longer */
#define TLS_SERVER_DAYS		397

static enum rv_status cmd_tls_init_exec(struct cmd *, char **);

const struct cmd_entry cmd_tls_init_entry = {
	.name = "tls init",
	.options = "dir:,name:,days:",
	.minargs = 0,
	.maxargs = 0,
	.usage = N_("--dir DIR --name HOST[,HOST...] [--days N]"),
	.help = N_("Make the office's certificate authority (DIR/office-ca.pem "
	    "and its key) and\na server certificate for the office's host "
	    "names and IP addresses\n(DIR/cert.pem, DIR/key.pem), valid for N "
	    "days (at most 397, the default).\nRun it again to renew: the CA "
	    "is kept, so kiosks that trust office-ca.pem\n(renovote-kiosk sync "
	    "--ca) go on trusting the new certificate.  To use a\ncertificate "
	    "from elsewhere, give it to serve with --cert and --key instead."),
	.exec = cmd_tls_init_exec,
};

/* Check the directory, make the certificates, say what was made. */
static enum rv_status
cmd_tls_init_exec(struct cmd *c, char **cause)
{
	const char	*dir, *names;
	char		 ca_date[RV_TIME_MAX], date[RV_TIME_MAX];
	struct stat	 sb;
	time_t		 ca_until, until;
	long		 days = TLS_SERVER_DAYS;
	int		 made_ca;
	enum rv_status	 st;

	if ((st = cmd_require(c, "dir", &dir, cause)) != RV_OK ||
	    (st = cmd_require(c, "name", &names, cause)) != RV_OK ||
	    (st = cmd_get_number(c, "days", 1, TLS_SERVER_DAYS_MAX, &days,
	    cause)) != RV_OK)
		return st;
	if (stat(dir, &sb) != 0)
		return rv_fail(cause, RV_EINPUT, "--dir: %s: %s", dir,
		    strerror(errno));
	if (!S_ISDIR(sb.st_mode))
		return rv_fail(cause, RV_EINPUT, "--dir: %s: not a directory",
		    dir);
	if ((st = tls_cert_init(dir, names, days, &made_ca, &ca_until,
	    &until, cause)) != RV_OK)
		return st;
	time_format((rv_ms)ca_until * 1000, RV_CST_OFFSET, ca_date,
	    sizeof ca_date);
	time_format((rv_ms)until * 1000, RV_CST_OFFSET, date, sizeof date);
	ca_date[10] = date[10] = '\0';
	if (made_ca)
		printf(_("Made the office CA %s/office-ca.pem, valid until %s: "
		    "give it to every kiosk\n(renovote-kiosk sync --ca); keep "
		    "%s/office-ca.key secret and backed up.\n"), dir, ca_date,
		    dir);
	else
		printf(_("Kept the office CA %s/office-ca.pem (valid until "
		    "%s).\n"), dir, ca_date);
	printf(_("Made %s/cert.pem and %s/key.pem for %s, valid until %s; "
	    "restart serve to use them.\n"), dir, dir, names, date);
	return RV_OK;
}
