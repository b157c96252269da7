/*
 * The office's own chain: what the office records itself (paper ballots,
 * confirmed roster changes, suggestions from paper forms) is appended to
 * the chain of OFFICE_DEVICE and its new head signed with the office key,
 * like any kiosk's records.
 */

#include "config.h"

#include "office.h"
#include "store.h"

/*
 * Append n complete records (device OFFICE_DEVICE, type, time and fields
 * set) to the office chain, then sign and store its new head.  Inside the
 * caller's transaction, which the caller commits or rolls back.
 */
enum rv_status
office_chain_append(struct store *s, const struct cmd *c,
    struct rv_record *recs, size_t n, char **cause)
{
	struct store_appender	*a = NULL;
	struct rv_key		*key = NULL;
	struct rv_head		 head;
	uint8_t			 sig[RV_SIG_LEN];
	size_t			 i;
	enum rv_status		 st;

	if ((st = cmd_load_key(c, &key, cause)) != RV_OK)
		return st;
	if ((st = store_ledger_head(s, OFFICE_DEVICE, &head, cause)) != RV_OK ||
	    (st = store_appender_open(s, &a, cause)) != RV_OK)
		goto out;
	for (i = 0; i < n; i++) {
		if ((st = chain_append(a, &head, &recs[i], cause)) != RV_OK)
			goto out;
	}
	store_appender_close(a);
	a = NULL;
	if ((st = chain_sign_head(s, key, OFFICE_DEVICE, &head, sig,
	    cause)) != RV_OK)
		goto out;
	st = store_head_put(s, OFFICE_DEVICE, head.seq, head.hash, sig, cause);
out:
	store_appender_close(a);
	key_free(key);
	return st;
}
