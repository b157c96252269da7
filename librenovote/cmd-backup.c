/*
 * backup, of both programs: an online copy of the database and its
 * signing key (docs/reliability.md, "Backups").  Safe while serve (or
 * the kiosk's interface) runs and while an ingest commits: the copy is
 * taken with SQLite's backup API (store-backup.c), checked with
 * integrity_check, fsynced and only then renamed over BACKUP; the key
 * goes beside it as BACKUP.key, because without it every kiosk would
 * have to be enrolled again (or, for a kiosk, enrolled anew).  A kiosk's
 * head file is not copied: restore writes it from the copy's own chain.
 */

#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "renovote.h"
#include "store.h"

#define BACKUP_KEY_MAX	16384	/* bytes of a signing key file */

static enum rv_status cmd_backup_exec(struct cmd *, char **);

const struct cmd_entry cmd_backup_entry = {
	.name = "backup",
	.options = "db:,out:,force",
	.minargs = 0,
	.maxargs = 0,
	.usage = N_("[--db FILE] --out BACKUP [--force]"),
	.help = N_("Copy the office database to BACKUP and its signing key to "
	    "BACKUP.key (mode\n0600), safely while serve runs.  The copy is "
	    "checked before it is renamed\ninto place; an existing BACKUP is "
	    "replaced only with --force."),
	.exec = cmd_backup_exec,
};

const struct cmd_entry cmd_kiosk_backup_entry = {
	.name = "backup",
	.options = "db:,out:,force",
	.minargs = 0,
	.maxargs = 0,
	.usage = N_("[--db FILE] --out BACKUP [--force]"),
	.help = N_("Copy the kiosk's database (its ledger) to BACKUP and its "
	    "signing key to\nBACKUP.key (mode 0600), safely while the "
	    "interface runs.  The copy is checked\nbefore it is renamed into "
	    "place; an existing BACKUP is replaced only with\n--force."),
	.exec = cmd_backup_exec,
};

/* The temporary files of a backup: FILE.tmp.XXXXXX, FILE.key.tmp.XXXXXX. */
static const char *const tmp_infix[] = { ".tmp." };

/* Is path the same file as the database db?  1 if so. */
static int
same_file(const char *path, const char *db)
{
	struct stat	 a, b;

	return stat(path, &a) == 0 && stat(db, &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/*
 * Read the office key at keypath into *data (the caller wipes it) and
 * check that it is the key whose public half the database records.
 */
static enum rv_status
backup_key_read(const char *keypath, const char *pubkey, char **data,
    size_t *len, char **cause)
{
	struct rv_key	*key = NULL;
	char		*pub = NULL;
	enum rv_status	 st;

	*data = NULL;
	if ((st = key_load(keypath, &key, cause)) != RV_OK ||
	    (st = key_public_pem(key, &pub, cause)) != RV_OK)
		goto out;
	if (pubkey == NULL || !key_public_same(pub, pubkey)) {
		st = rv_fail(cause, RV_EINPUT, _("%s: not the key of this "
		    "database (its public key differs from the one the "
		    "database records)"), keypath);
		goto out;
	}
	st = file_read(keypath, BACKUP_KEY_MAX, data, len, cause);
out:
	free(pub);
	key_free(key);
	return st;
}

/* Copy the database and its key; refuse to replace without --force. */
static enum rv_status
cmd_backup_exec(struct cmd *c, char **cause)
{
	struct store		*s = NULL;
	struct store_backup_info info;
	struct file_swap	 ks;
	const char		*out;
	char			*db = NULL, *keypath = NULL, *outkey = NULL;
	char			*tmp = NULL, *keydata = NULL;
	size_t			 keylen = 0;
	int			 force = cmd_has(c, "force");
	enum rv_status		 st;

	memset(&info, 0, sizeof info);
	memset(&ks, 0, sizeof ks);
	if ((st = cmd_require(c, "out", &out, cause)) != RV_OK)
		return st;
	db = cmd_db_path(c, 0);
	xasprintf(&keypath, "%s.key", db);
	xasprintf(&outkey, "%s.key", out);
	if (same_file(out, db) || same_file(outkey, keypath) ||
	    same_file(out, keypath) || same_file(outkey, db)) {
		st = rv_fail(cause, RV_EUSAGE, _("%s: is the database or its "
		    "key itself; back up to another file"), out);
		goto out;
	}
	if (!force && (access(out, F_OK) == 0 || access(outkey, F_OK) == 0)) {
		st = rv_fail(cause, RV_EINPUT, _("%s: already exists; give "
		    "--force to replace it (only once the new copy is "
		    "checked)"), access(out, F_OK) == 0 ? out : outkey);
		goto out;
	}
	if ((st = cmd_open_store(c, &s, cause)) != RV_OK)
		goto out;
	/* What a killed backup left beside the two (a copy is large). */
	intent_clean_beside(out, tmp_infix, 1);
	intent_clean_beside(outkey, tmp_infix, 1);
	if ((st = store_backup_stage(s, out, &tmp, &info, cause)) != RV_OK)
		goto out;
	if ((st = backup_key_read(keypath, info.pubkey, &keydata, &keylen,
	    cause)) != RV_OK ||
	    (st = file_swap_begin(&ks, outkey, keydata, keylen, 0600,
	    cause)) != RV_OK)
		goto out;
	/* Both are on disk; now the names, the key first. */
	if (rename(ks.tmp, outkey) != 0) {
		st = rv_fail(cause, RV_EENV, "%s: cannot rename into place: "
		    "%s", outkey, strerror(errno));
		goto out;
	}
	free(ks.tmp);
	ks.tmp = NULL;
	if (rename(tmp, out) != 0) {
		st = rv_fail(cause, RV_EENV, "%s: cannot rename into place: "
		    "%s", out, strerror(errno));
		goto out;
	}
	free(tmp);
	tmp = NULL;
	if ((st = file_sync_dir(out, cause)) != RV_OK)
		goto out;
	printf(_("Backed up %s (schema %d, %lld records) to %s and its "
	    "signing key to %s\n"), db, info.version, (long long)info.records,
	    out, outkey);
out:
	file_swap_end(&ks);
	store_backup_discard(tmp);
	free(tmp);
	if (keydata != NULL) {
		explicit_bzero(keydata, keylen);
		free(keydata);
	}
	store_backup_info_clear(&info);
	cmd_close_store(s);
	free(outkey);
	free(keypath);
	free(db);
	return st;
}
