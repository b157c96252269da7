/*
 * /r/<receipt> and /api/r/<receipt>: a resident checks that their answer
 * or pledge is recorded as cast and whether it is the one counted.  The
 * page names the estate, the flat (never the owner), the question and
 * the choice, when and where it was cast, and one verdict:
 *
 *   counted        the answer that stands for its owner (or a pledge
 *                  signature, which counts its flat)
 *   superseded     a later answer of the same owner stands instead
 *   window         cast outside the question's window: kept, not counted
 *   codes          made with voting codes re-issued since: kept, not counted
 *   voided         its kiosk was revoked with --void
 *   gone           its flat, question or pledge is no longer in the roster
 *                  or plan
 *   scope          its flat is outside the question's scope
 *   later          cast after the instant of the tally
 *
 * The verdict is the consent engine's (tally_standing in tally.c), read
 * through report_receipt in one snapshot; this file only shows it.
 *
 * A kiosk's session receipt lists every record of the session:
 * /r/R1+R2+... (up to RECEIPT_SESSION_MAX receipts, separated by '+',
 * or by spaces or commas when typed into the form) shows each one's
 * verdict on one page, and "not yet received" for a receipt the office
 * does not hold yet (docs/interface.md, "Session receipt").
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "office.h"
#include "publication.h"
#include "web-int.h"

#define RECEIPT_SESSION_MAX	64	/* receipts on one session page */
#define RECEIPT_SEPARATORS	"+ ,"

/* The verdict in words. */
static const char *
verdict_text(enum rv_verdict v)
{
	switch (v) {
	case RV_VERDICT_COUNTED:
		return _("Counted: this is the answer that stands for its "
		    "owner.");
	case RV_VERDICT_SUPERSEDED:
		return _("Recorded but not counted: a later answer of the same "
		    "owner stands instead.");
	case RV_VERDICT_WINDOW:
		return _("Recorded but not counted: it was cast outside the "
		    "question's voting period.");
	case RV_VERDICT_CODES:
		return _("Recorded but not counted: it was made with voting "
		    "codes that have been re-issued since.");
	case RV_VERDICT_VOIDED:
		return _("Recorded but not counted: the office voided its "
		    "kiosk.");
	case RV_VERDICT_GONE:
		return _("Recorded but not counted: its flat, question or "
		    "pledge is no longer in the roster or plan.");
	case RV_VERDICT_SCOPE:
		return _("Recorded but not counted: the flat is outside the "
		    "question's scope.");
	case RV_VERDICT_LATER:
		return _("Recorded; it will count from its time of casting.");
	case RV_VERDICT_OWNER:
		return _("Recorded but no longer stands: the flat changed "
		    "owner since.");
	}
	return "";
}

/* The kind of record in words. */
static const char *
kind_text(enum rv_receipt_kind t)
{
	if (t == RV_RECEIPT_BALLOT)
		return _("paper ballot entered at the office");
	if (t == RV_RECEIPT_PLEDGE)
		return _("willingness pledge");
	return _("answer at a kiosk");
}

/* One term of the record's description list, the value escaped. */
static void
put_dd(FILE *f, const char *term, const char *value)
{
	fprintf(f, "<dt>%s</dt><dd>", term);
	html_put(f, value);
	fputs("</dd>\n", f);
}

/* A hash's short form: its first 16 hex digits in groups, unbroken. */
static void
put_hash_short(FILE *f, const char *hex)
{
	char	 fp[RV_PUB_FINGERPRINT];

	pub_fingerprint(hex, fp);
	fprintf(f, "<code class=\"nw\">%s…</code>", fp);
}

/* The leaf as the published records file writes it, keys sorted. */
static void
put_leaf(FILE *f, const struct rv_leaf *l)
{
	const char	*names[] = { "area", "choice", "kind", "owner",
	    "record", "scope", "subject" };
	const char	*values[] = { l->area, l->choice, l->kind, l->owner,
	    l->record, l->scope, l->subject };
	char		*text = NULL;
	size_t		 len, i;
	FILE		*m;

	if ((m = open_memstream(&text, &len)) == NULL)
		fatal("open_memstream failed");
	fputc('{', m);
	for (i = 0; i < nitems(names); i++) {
		fprintf(m, "%s\"%s\": ", i > 0 ? ", " : "", names[i]);
		report_json_string(m, values[i]);
	}
	fputc('}', m);
	fclose(m);
	fputs("<code class=\"leaf\">", f);
	html_put(f, text);
	fputs("</code>", f);
	free(text);
}

/*
 * The record's place in the latest publication that counted it: the
 * publication, the leaf, the path to the root (short, and in full in a
 * <details>), the root's fingerprint as the notice prints it, and
 * whether the path gives the signed root; or that no publication counts
 * it yet.
 */
static void
receipt_proof_html(struct web_page *p, const struct rv_receipt_check *k)
{
	const struct rv_receipt_proof *pr = &k->proof;
	FILE		*f = p->f;
	char		 fp[RV_PUB_FINGERPRINT];
	size_t		 i;

	fprintf(f, "<section class=\"proof\">\n<h2>%s</h2>\n",
	    _("In the published results"));
	if (pr->number == 0) {
		fprintf(f, "<p class=\"proof-none\">%s</p>\n</section>\n",
		    pr->latest == 0 ? _("Not published yet: the office has not "
		    "published this estate's results since this record was "
		    "made.") : _("No publication counts this record: it was "
		    "not counted when the results were published."));
		return;
	}
	fprintf(f, "<dl class=\"record\">\n<dt>%s</dt><dd>", _("publication"));
	html_printf(f, _("No. %ld"), pr->number);
	fputc(' ', f);
	web_put_time(f, pr->at);
	fprintf(f, "</dd>\n<dt>%s</dt><dd>", _("your record as published"));
	put_leaf(f, &pr->leaf);
	fprintf(f, "</dd>\n<dt>%s</dt><dd>", _("its hash"));
	put_hash_short(f, pr->leaf_hash);
	fprintf(f, "</dd>\n<dt>%s</dt><dd>", _("path to the root"));
	if (pr->npath == 0)
		fputs(_("none: this record is the only one, its hash is the "
		    "root"), f);
	else {
		fputs("<ol class=\"path\">", f);
		for (i = 0; i < pr->npath; i++) {
			fprintf(f, "<li>%s ", pr->left[i] ? _("left") :
			    _("right"));
			put_hash_short(f, pr->path[i]);
			fputs("</li>", f);
		}
		fputs("</ol>", f);
	}
	fprintf(f, "<details><summary>%s</summary>\n<ol class=\"hashes\">"
	    "<li>%s <code class=\"hash leaf-hash\">%s</code></li>\n",
	    _("every hash in full"), _("its hash"), pr->leaf_hash);
	for (i = 0; i < pr->npath; i++)
		fprintf(f, "<li>%s <code class=\"hash step\">%s</code></li>\n",
		    pr->left[i] ? _("left") : _("right"), pr->path[i]);
	fprintf(f, "<li>%s <code class=\"hash root\">%s</code></li>\n</ol>"
	    "\n</details></dd>\n", _("root"), pr->root);
	pub_fingerprint(pr->root, fp);
	fprintf(f, "<dt>%s</dt><dd><span class=\"nw fp\">%s</span> %s</dd>\n",
	    _("root"), fp, _("(the fingerprint printed on the notice)"));
	fprintf(f, "<dt>%s</dt><dd class=\"verdict %s\">%s</dd>\n</dl>\n",
	    _("check"), pr->checks ? "counted path-checks" :
	    "not-counted path-fails", pr->checks ? _("The path checks: from "
	    "this record it gives the root the office signed.") : _("The path "
	    "does not check: the records the office holds do not give the "
	    "root it signed.  Ask the office why."));
	if (pr->latest > pr->number) {
		fputs("<p>", f);
		html_printf(f, _("Publication No. %ld, the latest, no longer "
		    "counts this record."), pr->latest);
		fputs("</p>\n", f);
	}
	fputs("</section>\n", f);
}

/* The receipt page for a record found. */
static void
receipt_html(struct web_page *p, const struct rv_receipt_check *k)
{
	FILE			*f = p->f;
	char			 m[32], d[RV_TIME_MAX], words[RV_TEXT_MAX];

	web_head(p, k->receipt);
	fprintf(f, "<header>\n<h1>%s <small>%s</small></h1>\n</header>\n"
	    "<main>\n<p class=\"verdict %s\">", _("Receipt"), k->receipt,
	    k->verdict == RV_VERDICT_COUNTED ? "counted" : "not-counted");
	if (k->verdict == RV_VERDICT_OWNER) {
		/* The one verdict that names a date: when the owner changed. */
		web_time_short(d, sizeof d, k->owner_since);
		html_printf(f, _("Recorded but no longer stands: the flat "
		    "changed owner on %s."), d);
	} else
		fputs(k->kind == RV_RECEIPT_PLEDGE &&
		    k->verdict == RV_VERDICT_COUNTED ? _("Counted: this flat's "
		    "signature counts toward the pledge.") :
		    verdict_text(k->verdict), f);
	fputs("</p>\n<dl class=\"record\">\n", f);
	put_dd(f, _("recorded as"), kind_text(k->kind));
	fprintf(f, "<dt>%s</dt><dd>", _("estate"));
	if (k->estate != NULL) {
		html_put(f, estate_name(k->estate, p->loc));
		fputs(" ", f);
	}
	html_put(f, k->estate_id);
	fputs("</dd>\n", f);
	put_dd(f, _("flat"), k->flat_id);
	if (k->kind == RV_RECEIPT_PLEDGE) {
		fprintf(f, "<dt>%s</dt><dd>", _("pledge"));
		if (k->pledge != NULL) {
			html_put(f, text_get(&k->pledge->text, p->loc));
			fputs(" ", f);
		}
		html_put(f, k->subject_id);
		fputs("</dd>\n", f);
		if (k->amount_fen >= 0) {
			money_format(k->amount_fen, m, sizeof m);
			fprintf(f, "<dt>%s</dt><dd>%s</dd>\n",
			    _("contribution (yuan)"), m);
		}
	} else {
		fprintf(f, "<dt>%s</dt><dd>", _("question"));
		if (k->question != NULL) {
			html_put(f, text_get(&k->question->title, p->loc));
			fputs(" ", f);
		}
		html_put(f, k->subject_id);
		fprintf(f, "</dd>\n<dt>%s</dt><dd>", _("choice"));
		if (k->question != NULL && question_choice_words(k->question,
		    k->choice, p->loc, words, sizeof words) == 0)
			html_put(f, words);
		else
			html_put(f, k->choice);
		fputs("</dd>\n", f);
	}
	fprintf(f, "<dt>%s</dt><dd>", _("cast at"));
	web_put_time(f, k->cast_at);
	fputs("</dd>\n", f);
	put_dd(f, k->kind == RV_RECEIPT_BALLOT ? _("entered by") : _("kiosk"),
	    k->kind == RV_RECEIPT_BALLOT && k->actor != NULL ? k->actor :
	    k->device);
	if (k->verdict == RV_VERDICT_SUPERSEDED) {
		fprintf(f, "<dt>%s</dt><dd>", _("the answer that stands was "
		    "cast at"));
		web_put_time(f, k->standing_cast_at);
		fputs(" (", f);
		html_put(f, k->standing_device);
		fputs(")</dd>\n", f);
	}
	if (k->chain_held > 0) {
		fprintf(f, "<dt>%s</dt><dd>", _("place in its chain"));
		html_printf(f, _("record %llu of the %llu the office holds"),
		    (unsigned long long)k->seq,
		    (unsigned long long)k->chain_held);
		fputs("</dd>\n", f);
	}
	fputs("</dl>\n", f);
	receipt_proof_html(p, k);
	/* Back to the estate's results, where the record is counted. */
	if (k->estate != NULL) {
		fputs("<p><a href=\"", f);
		web_link_estate(p, k->estate_id);
		fputs("\">", f);
		html_printf(f, _("All results of %s"), estate_name(k->estate,
		    p->loc));
		fputs("</a></p>\n", f);
	}
	fputs("</main>\n", f);
	web_foot(p, p->now);
}

/* The record's place in a publication as JSON ("publication": null if none). */
static void
receipt_proof_json(FILE *f, const struct rv_receipt_proof *pr)
{
	char	 t[RV_TIME_MAX], fp[RV_PUB_FINGERPRINT];
	size_t	 i;

	fputs(", \"publication\": ", f);
	if (pr->number == 0) {
		fputs("null", f);
		return;
	}
	web_time(t, sizeof t, pr->at);
	pub_fingerprint(pr->root, fp);
	fprintf(f, "{\"number\": %ld, \"at\": \"%s\", \"leaf_index\": %zu, "
	    "\"leaves\": %zu, \"leaf_hash\": \"%s\", \"path\": [", pr->number,
	    t, pr->index, pr->nleaves, pr->leaf_hash);
	for (i = 0; i < pr->npath; i++)
		fprintf(f, "%s{\"side\": \"%s\", \"hash\": \"%s\"}",
		    i > 0 ? ", " : "", pr->left[i] ? "left" : "right",
		    pr->path[i]);
	fprintf(f, "], \"root\": \"%s\", \"fingerprint\": \"%s\", "
	    "\"checks\": %s, \"latest\": %ld}", pr->root, fp,
	    pr->checks ? "true" : "false", pr->latest);
}

/*
 * The receipt as JSON; with proof, its place in the publication too
 * (report_receipt_proof), which a session's list does not look up.
 */
static void
receipt_json(FILE *f, const struct rv_receipt_check *k, int proof)
{
	char			 t[RV_TIME_MAX], m[32];

	fprintf(f, "{\"receipt\": \"%s\", \"type\": \"%s\", \"estate_id\": ",
	    k->receipt, k->kind == RV_RECEIPT_PLEDGE ? "pledge" :
	    k->kind == RV_RECEIPT_BALLOT ? "ballot" : "answer");
	report_json_string(f, k->estate_id);
	fputs(", \"flat_id\": ", f);
	report_json_string(f, k->flat_id);
	fprintf(f, ", \"%s\": ", k->kind == RV_RECEIPT_PLEDGE ? "pledge_id" :
	    "question_id");
	report_json_string(f, k->subject_id);
	if (k->kind == RV_RECEIPT_PLEDGE) {
		money_format(k->amount_fen, m, sizeof m);
		fprintf(f, ", \"amount_yuan\": %s", k->amount_fen >= 0 ? m :
		    "null");
	} else {
		fputs(", \"choice\": ", f);
		report_json_string(f, k->choice);
	}
	web_time(t, sizeof t, k->cast_at);
	fprintf(f, ", \"cast_at\": \"%s\", \"device\": ", t);
	report_json_string(f, k->device);
	fprintf(f, ", \"counted\": %s, \"status\": \"%s\"",
	    k->verdict == RV_VERDICT_COUNTED ? "true" : "false",
	    report_verdict_name(k->verdict));
	if (k->verdict == RV_VERDICT_SUPERSEDED) {
		web_time(t, sizeof t, k->standing_cast_at);
		fprintf(f, ", \"standing\": {\"cast_at\": \"%s\", \"device\": ",
		    t);
		report_json_string(f, k->standing_device);
		fputc('}', f);
	}
	fprintf(f, ", \"chain\": {\"seq\": %llu, \"held\": %llu}",
	    (unsigned long long)k->seq, (unsigned long long)k->chain_held);
	if (proof)
		receipt_proof_json(f, &k->proof);
	fputc('}', f);
}

/* The verdict of a session's line in a few words. */
static const char *
verdict_short(const struct rv_receipt_check *k, int found)
{
	if (!found)
		return _("not yet received");
	switch (k->verdict) {
	case RV_VERDICT_COUNTED:
		return _("counted");
	case RV_VERDICT_SUPERSEDED:
		return _("superseded by a later answer");
	case RV_VERDICT_LATER:
		return _("recorded, counts from its time");
	default:
		return _("recorded, not counted");
	}
}

/* One row of the session page: receipt, question or pledge, answer, verdict. */
static void
session_row(struct web_page *p, const char *part,
    const struct rv_receipt_check *k, int found)
{
	FILE		*f = p->f;
	char		 m[32], words[RV_TEXT_MAX];

	fputs("<tr><td>", f);
	if (found) {
		fprintf(f, "<a href=\"%sr/%s\">%s</a></td><td>", p->root,
		    k->receipt, k->receipt);
		if (k->kind == RV_RECEIPT_PLEDGE) {
			fputs(kind_text(k->kind), f);
			fputs("</td><td>", f);
			if (k->amount_fen >= 0) {
				money_format(k->amount_fen, m, sizeof m);
				fprintf(f, "%s %s", m, _("yuan"));
			} else
				fputs(_("signed"), f);
		} else {
			html_put(f, k->question != NULL ?
			    text_get(&k->question->title, p->loc) :
			    k->subject_id);
			fputs("</td><td>", f);
			if (k->question != NULL && question_choice_words(
			    k->question, k->choice, p->loc, words,
			    sizeof words) == 0)
				html_put(f, words);
			else
				html_put(f, k->choice);
		}
	} else {
		html_put(f, part);
		fputs("</td><td></td><td>", f);
	}
	fprintf(f, "</td><td class=\"verdict %s\">%s</td></tr>\n", found &&
	    k->verdict == RV_VERDICT_COUNTED ? "counted" : "not-counted",
	    verdict_short(k, found));
}

/*
 * The session page (or JSON) for the receipts in list (separated by
 * '+', spaces or commas); *found is 1 when the office holds at least one
 * of them.
 */
static enum rv_status
web_receipt_session(struct store *s, const char *list, rv_ms now,
    struct web_page *p, int json, int *found, char **cause)
{
	struct rv_receipt_check	 k;
	char			*copy = xstrdup(list), *part, *next;
	const char		*parts[RECEIPT_SESSION_MAX];
	size_t			 n = 0, i, got = 0, counted = 0;
	int			 one, header = 0;
	enum rv_status		 st = RV_OK;

	*found = 0;
	memset(&k, 0, sizeof k);
	for (next = copy; (part = strsep(&next, RECEIPT_SEPARATORS)) != NULL;) {
		if (*part == '\0')
			continue;
		if (n == nitems(parts)) {
			n = 0;
			break;
		}
		parts[n++] = part;
	}
	if (n == 0) {
		/* Only separators, or more receipts than a session has. */
		if (json) {
			fputs("{\"error\": ", p->f);
			report_json_string(p->f, _("No such receipt"));
			fputs("}\n", p->f);
		} else {
			web_head(p, _("Receipt not found"));
			fprintf(p->f, "<header>\n<h1>%s</h1>\n</header>\n",
			    _("Receipt not found"));
			web_foot(p, now);
		}
		goto out;
	}
	if (json)
		fputs("{\"receipts\": [", p->f);
	for (i = 0; i < n; i++) {
		if ((st = report_receipt(s, parts[i], now, &k, &one,
		    cause)) != RV_OK)
			goto out;
		got += one != 0;
		counted += one && k.verdict == RV_VERDICT_COUNTED;
		if (json) {
			fputs(i > 0 ? ",\n" : "\n", p->f);
			if (one)
				receipt_json(p->f, &k, 0);
			else {
				fputs("{\"receipt\": ", p->f);
				report_json_string(p->f, parts[i]);
				fputs(", \"counted\": false, \"status\": "
				    "\"not-received\"}", p->f);
			}
		} else {
			if (!header) {
				web_head(p, _("Receipt"));
				fprintf(p->f, "<header>\n<h1>%s</h1>\n</header>"
				    "\n<main>\n", _("Receipt"));
				header = 1;
			}
			if (i == 0)
				fprintf(p->f, "<table class=\"session\">\n"
				    "<tr><th>%s</th><th>%s</th><th>%s</th>"
				    "<th>%s</th></tr>\n", _("receipt"),
				    _("question or pledge"), _("answer"),
				    _("check"));
			session_row(p, parts[i], &k, one);
		}
		report_receipt_clear(&k);
	}
	if (json)
		fprintf(p->f, "\n], \"received\": %zu, \"counted\": %zu}\n",
		    got, counted);
	else {
		fputs("</table>\n<p>", p->f);
		fprintf(p->f, _("%zu of %zu received by the office, %zu "
		    "counted."), got, n, counted);
		if (got < n)
			fprintf(p->f, " %s", _("Kiosks send what they record "
			    "when they sync: try again later, or ask at the "
			    "community hall."));
		fputs("</p>\n</main>\n", p->f);
		web_foot(p, now);
	}
	*found = got > 0;
out:
	report_receipt_clear(&k);
	free(copy);
	return st;
}

/*
 * Write the receipt page (or JSON) for receipt into p; *found is 0 when
 * the office holds no resident's record with it, and the page then says
 * so (the caller answers 404).
 */
enum rv_status
web_receipt(struct store *s, const char *receipt, rv_ms now,
    struct web_page *p, int json, int *found, char **cause)
{
	struct rv_receipt_check	 k;
	enum rv_status		 st;
	const char		*msg;

	if (receipt[strcspn(receipt, RECEIPT_SEPARATORS)] != '\0')
		return web_receipt_session(s, receipt, now, p, json, found,
		    cause);
	if ((st = report_receipt(s, receipt, now, &k, found, cause)) != RV_OK ||
	    (*found && (st = report_receipt_proof(s, &k, cause)) != RV_OK))
		goto out;
	if (*found) {
		if (json) {
			receipt_json(p->f, &k, 1);
			fputc('\n', p->f);
		} else
			receipt_html(p, &k);
		goto out;
	}
	msg = _("No answer or pledge with this receipt is recorded at the "
	    "office yet.  Kiosks send what they record when they sync: try "
	    "again later, or ask at the community hall.");
	if (json) {
		fputs("{\"error\": ", p->f);
		report_json_string(p->f, msg);
		fputs("}\n", p->f);
		goto out;
	}
	web_head(p, _("Receipt not found"));
	fprintf(p->f, "<header>\n<h1>%s</h1>\n</header>\n<main>\n"
	    "<p class=\"verdict not-counted\">", _("Receipt not found"));
	html_put(p->f, receipt);
	fprintf(p->f, "</p>\n<p>%s</p>\n</main>\n", msg);
	web_foot(p, now);
out:
	report_receipt_clear(&k);
	return st;
}
