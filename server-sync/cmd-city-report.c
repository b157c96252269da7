/*
 * city report: the district's evaluation report (考评) across every
 * office's estates, from what the offices pushed to PostgreSQL and the
 * city re-verified (city.c, docs/federation.md): the same report publish
 * writes for one office, as report.html and report.csv.
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "office.h"
#include "web-int.h"

#ifdef HAVE_POSTGRESQL
static enum rv_status cmd_city_report_exec(struct cmd *, char **);
#endif

const struct cmd_entry cmd_city_report_entry = {
	.name = "city report",
	.options = "pg:,out:,at:",
	.minargs = 0,
	.maxargs = 0,
	.usage = N_("--pg CONNINFO --out DIR [--at ISO8601]"),
	.help = N_("Write the district's evaluation report across every "
	    "office's estates as\nDIR/report.html and DIR/report.csv, from "
	    "the city's PostgreSQL after the\nchecks of city tally."),
#ifdef HAVE_POSTGRESQL
	.exec = cmd_city_report_exec,
#else
	.exec = pg_missing,
#endif
};

#ifdef HAVE_POSTGRESQL
/* Load and check every office, write the report's two files durably. */
static enum rv_status
cmd_city_report_exec(struct cmd *c, char **cause)
{
	struct city	*city = NULL;
	const char	*conninfo, *dir;
	char		*html = NULL, *csv = NULL, *path = NULL;
	size_t		 hlen, clen;
	FILE		*h, *f;
	rv_ms		 at;
	int		 offset;
	enum rv_status	 st;

	if ((st = cmd_get_at(c, &at, &offset, cause)) != RV_OK ||
	    (st = cmd_require(c, "pg", &conninfo, cause)) != RV_OK ||
	    (st = cmd_require(c, "out", &dir, cause)) != RV_OK)
		return st;
	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
		return rv_fail(cause, RV_EENV, "%s: %s", dir, strerror(errno));
	if ((st = city_load(conninfo, NULL, at, offset, &city,
	    cause)) != RV_OK)
		return st;
	if ((h = open_memstream(&html, &hlen)) == NULL ||
	    (f = open_memstream(&csv, &clen)) == NULL)
		fatal("open_memstream failed");
	web_lang_enter(RV_ZH_CN);
	st = evaluation_write(NULL, city->stores, city->all, RV_ZH_CN, h, f,
	    cause);
	web_lang_leave();
	fclose(h);
	fclose(f);
	if (st != RV_OK)
		goto out;
	xasprintf(&path, "%s/report.csv", dir);
	if ((st = file_write_durable(path, csv, clen, 0644, cause)) != RV_OK)
		goto out;
	free(path);
	xasprintf(&path, "%s/report.html", dir);
	if ((st = file_write_durable(path, html, hlen, 0644, cause)) != RV_OK)
		goto out;
	printf(_("Wrote the evaluation report of %zu estates of %zu offices "
	    "to %s\n"), city->all->nestates, city->noffices, dir);
out:
	free(path);
	free(html);
	free(csv);
	city_free(city);
	return st;
}
#endif /* HAVE_POSTGRESQL */
