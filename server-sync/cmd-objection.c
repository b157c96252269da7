/*
 * objection add / objection resolve: the objections owners raise while
 * an estate's preliminary result is posted (询异公示), and how the office
 * resolved each.  The final notice lists them; "publish --final" waits
 * until every one is resolved.  Each command is one transaction.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "office.h"
#include "store.h"

#define OBJECTION_TEXT_MAX	RV_TEXT_MAX	/* bytes of an objection */
#define OBJECTION_ID_MAX	INT32_MAX	/* objection numbers (--id) */

static enum rv_status cmd_objection_add_exec(struct cmd *, char **);
static enum rv_status cmd_objection_resolve_exec(struct cmd *, char **);

const struct cmd_entry cmd_objection_add_entry = {
	.name = "objection add",
	.options = "db:,estate:,from:,text:,at:",
	.minargs = 0,
	.maxargs = 0,
	.usage = N_("[--db FILE] --estate ID --from NAME --text TEXT "
	    "[--at ISO8601]"),
	.help = N_("Record an objection to an estate's preliminary result.  "
	    "Only while its\nobjection period is open (from a preliminary "
	    "publish until the period ends\nor the final notice); prints the "
	    "objection's number."),
	.exec = cmd_objection_add_exec,
};

const struct cmd_entry cmd_objection_resolve_entry = {
	.name = "objection resolve",
	.options = "db:,id:,resolution:,at:",
	.minargs = 0,
	.maxargs = 0,
	.usage = N_("[--db FILE] --id N --resolution TEXT [--at ISO8601]"),
	.help = N_("Record how objection N was resolved; the final notice "
	    "shows it.  A\nresolution is not rewritten once recorded."),
	.exec = cmd_objection_resolve_exec,
};

/* --at, or now. */
static enum rv_status
at_option(struct cmd *c, rv_ms *at, char **cause)
{
	int	 offset;

	return cmd_get_at(c, at, &offset, cause);
}

/*
 * Is estate_id's objection period open at at?  Its latest publication
 * must be preliminary, published at or before at, with the period not
 * yet over.
 */
static enum rv_status
period_open(struct store *s, const char *estate_id, rv_ms at, char **cause)
{
	struct rv_publication	*v = NULL;
	size_t			 n = 0;
	char			 t[RV_TIME_MAX];
	enum rv_status		 st;

	if ((st = store_publications_load(s, estate_id, &v, &n,
	    cause)) != RV_OK)
		return st;
	if (n == 0)
		st = rv_fail(cause, RV_EINPUT, "--estate: %s has no "
		    "preliminary result published, so no objection period",
		    estate_id);
	else if (v[n - 1].final)
		st = rv_fail(cause, RV_EINPUT, "--estate: %s: the final "
		    "notice is published; the objection period is over",
		    estate_id);
	else if (at < v[n - 1].published_at || at > v[n - 1].objections_until) {
		time_format(v[n - 1].objections_until, RV_CST_OFFSET, t,
		    sizeof t);
		st = rv_fail(cause, RV_EINPUT, "--estate: %s: the objection "
		    "period ended at %s", estate_id, t);
	}
	free(v);
	return st;
}

/* Record one objection and print its number. */
static enum rv_status
cmd_objection_add_exec(struct cmd *c, char **cause)
{
	struct store	*s = NULL;
	struct rv_estate *e = NULL;
	const char	*estate, *from, *text;
	int64_t		 id = 0;
	rv_ms		 at;
	enum rv_status	 st;

	if ((st = cmd_require(c, "estate", &estate, cause)) != RV_OK ||
	    (st = cmd_text(c, "from", RV_NAME_MAX, 1, &from, cause)) != RV_OK ||
	    (st = cmd_text(c, "text", OBJECTION_TEXT_MAX, 1, &text,
	    cause)) != RV_OK ||
	    (st = at_option(c, &at, cause)) != RV_OK)
		return st;
	if (!id_valid(estate))
		return rv_fail(cause, RV_EUSAGE, "--estate: '%s' is not an "
		    "estate id", estate);
	if ((st = cmd_open_store(c, &s, cause)) != RV_OK ||
	    (st = store_begin(s, cause)) != RV_OK)
		goto out;
	if ((st = store_estate_load(s, estate, &e, cause)) != RV_OK ||
	    (st = period_open(s, estate, at, cause)) != RV_OK ||
	    (st = store_objection_add(s, estate, at, from, text, &id,
	    cause)) != RV_OK ||
	    (st = store_commit(s, cause)) != RV_OK)
		goto out;
	printf("%lld\n", (long long)id);
out:
	estate_free(e);
	store_close(s);
	return st;
}

/* Record how one objection was resolved. */
static enum rv_status
cmd_objection_resolve_exec(struct cmd *c, char **cause)
{
	struct store	*s = NULL;
	const char	*id_arg, *resolution;
	long		 id = 0;
	rv_ms		 at;
	enum rv_status	 st;

	if ((st = cmd_require(c, "id", &id_arg, cause)) != RV_OK ||
	    (st = cmd_text(c, "resolution", OBJECTION_TEXT_MAX, 1,
	    &resolution, cause)) != RV_OK ||
	    (st = cmd_get_number(c, "id", 1, OBJECTION_ID_MAX, &id,
	    cause)) != RV_OK ||
	    (st = at_option(c, &at, cause)) != RV_OK)
		return st;
	if ((st = cmd_open_store(c, &s, cause)) != RV_OK ||
	    (st = store_begin(s, cause)) != RV_OK)
		goto out;
	if ((st = store_objection_resolve(s, id, at, resolution,
	    cause)) != RV_OK ||
	    (st = store_commit(s, cause)) != RV_OK)
		goto out;
out:
	store_close(s);
	return st;
}
