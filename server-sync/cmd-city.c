/*
 * city init / city enrol-office: set up the city's PostgreSQL database
 * and register each street office's role and public key
 * (docs/federation.md).
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "office.h"
#include "store.h"

#ifdef HAVE_POSTGRESQL
#include <libpq-fe.h>

static enum rv_status cmd_city_init_exec(struct cmd *, char **);
static enum rv_status cmd_city_enrol_exec(struct cmd *, char **);
#endif

#define CITY_SCHEMA_MAX		(1024 * 1024)	/* bytes of the schema file */
#define CITY_PUBKEY_MAX		4096


const struct cmd_entry cmd_city_init_entry = {
	.name = "city init",
	.options = "pg:,schema:",
	.minargs = 0,
	.maxargs = 0,
	.usage = N_("--pg CONNINFO [--schema FILE]"),
	.help = N_("Create the city's tables, roles and row-level security "
	    "in the PostgreSQL\ndatabase CONNINFO, in one transaction, from "
	    "FILE (default the installed\nfederation.sql).  Run it as the "
	    "database's owner."),
#ifdef HAVE_POSTGRESQL
	.exec = cmd_city_init_exec,
#else
	.exec = pg_missing,
#endif
};

const struct cmd_entry cmd_city_enrol_entry = {
	.name = "city enrol-office",
	.options = "pg:,office:,role:,pubkey:",
	.minargs = 0,
	.maxargs = 0,
	.usage = N_("--pg CONNINFO --office NAME --role ROLE --pubkey PUB.pem"),
	.help = N_("Register the street office NAME: the PostgreSQL role it "
	    "pushes as (which\nthen writes only NAME's rows) and its public "
	    "key, against which the city\nchecks every chain the office "
	    "pushes."),
#ifdef HAVE_POSTGRESQL
	.exec = cmd_city_enrol_exec,
#else
	.exec = pg_missing,
#endif
};

#ifdef HAVE_POSTGRESQL

/* Apply the schema file in one transaction. */
static enum rv_status
cmd_city_init_exec(struct cmd *c, char **cause)
{
	struct pg_conn	*pg = NULL;
	const char	*conninfo, *file = cmd_get(c, "schema");
	char		*sql = NULL;
	size_t		 len;
	enum rv_status	 st;

	if (file == NULL)
		file = PKGDATADIR "/federation.sql";
	if ((st = cmd_require(c, "pg", &conninfo, cause)) != RV_OK ||
	    (st = file_read(file, CITY_SCHEMA_MAX, &sql, &len,
	    cause)) != RV_OK ||
	    (st = pg_connect(conninfo, &pg, cause)) != RV_OK)
		goto out;
	if ((st = pg_run(pg, "BEGIN", "begin", cause)) != RV_OK)
		goto out;
	/* Many statements: the simple protocol, within the transaction. */
	if ((st = pg_script(pg, sql, file, cause)) != RV_OK ||
	    (st = pg_run(pg, "COMMIT", "commit", cause)) != RV_OK) {
		pg_rollback(pg);
		goto out;
	}
	printf(_("Created the city's tables in PostgreSQL from %s\n"), file);
out:
	free(sql);
	pg_close(pg);
	return st;
}

/*
 * Register the office and its key, and make its role a member of
 * renovote_office, in one transaction.
 */
static enum rv_status
cmd_city_enrol_exec(struct cmd *c, char **cause)
{
	struct pg_conn	*pg = NULL;
	const char	*conninfo, *office, *role, *file, *param[3];
	char		*pem = NULL, *ident = NULL, *grant = NULL;
	size_t		 len;
	enum rv_status	 st;

	if ((st = cmd_require(c, "pg", &conninfo, cause)) != RV_OK ||
	    (st = cmd_require(c, "office", &office, cause)) != RV_OK ||
	    (st = cmd_require(c, "role", &role, cause)) != RV_OK ||
	    (st = cmd_require(c, "pubkey", &file, cause)) != RV_OK)
		return st;
	if (!id_valid(office))
		return rv_fail(cause, RV_EUSAGE, "--office: '%s' cannot name "
		    "an office", office);
	if ((st = file_read(file, CITY_PUBKEY_MAX, &pem, &len,
	    cause)) != RV_OK)
		return st;
	/* Stored as the office's store holds it: one final newline. */
	while (len > 0 && (pem[len - 1] == '\n' || pem[len - 1] == '\r' ||
	    pem[len - 1] == ' '))
		pem[--len] = '\0';
	pem = xreallocarray(pem, len + 2, 1);
	memcpy(pem + len, "\n", 2);
	if (!key_pem_valid(pem)) {
		st = rv_fail(cause, RV_EINPUT, "%s: not an Ed25519 public key "
		    "in PEM form", file);
		goto out;
	}
	if ((st = pg_connect(conninfo, &pg, cause)) != RV_OK)
		goto out;
	if ((ident = PQescapeIdentifier(pg, role,
	    strlen(role))) == NULL) {
		st = pg_fail(pg, NULL, "quote the role", cause);
		goto out;
	}
	xasprintf(&grant, "GRANT renovote_office TO %s", ident);
	param[0] = office;
	param[1] = role;
	param[2] = pem;
	if ((st = pg_run(pg, "BEGIN", "begin", cause)) != RV_OK)
		goto out;
	if ((st = pg_exec(pg, "INSERT INTO office_key (office, role, pubkey) "
	    "VALUES ($1, $2, $3)", 3, param, NULL, NULL, NULL,
	    "enrol the office", cause)) != RV_OK ||
	    (st = pg_run(pg, grant, "grant the role", cause)) != RV_OK ||
	    (st = pg_run(pg, "COMMIT", "commit", cause)) != RV_OK) {
		pg_rollback(pg);
		goto out;
	}
	printf(_("Enrolled office %s as PostgreSQL role %s\n"), office, role);
out:
	PQfreemem(ident);
	free(grant);
	free(pem);
	pg_close(pg);
	return st;
}

#endif /* HAVE_POSTGRESQL */
