/*
 * restore, of both programs: put a backup (made by backup) back as the
 * database, safely while serve runs (docs/reliability.md, "Backups").
 * Everything is checked first: the backup is a sound renovote office
 * database of a schema this program knows, BACKUP.key is the key it
 * records, and the office's own key, if there is one, is the same key
 * (unless --force).  Only then is the database's content replaced, in one
 * write transaction through SQLite's backup API, and the key installed
 * if it was missing or (with --force) different.  Any refusal leaves the
 * database and its key exactly as they were.  A database SQLite cannot
 * read at all (a damaged header, not a database) is replaced as a file,
 * only with --force, and with serve stopped.  A kiosk is not rolled
 * back: a backup behind the kiosk's head file (records handed out after
 * it) is refused unless --force, and the head file is then written from
 * the restored chain.
 */

#include "config.h"

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "renovote.h"
#include "store.h"

#define RESTORE_KEY_MAX	16384	/* bytes of a signing key file */

static enum rv_status cmd_restore_exec(struct cmd *, char **);

const struct cmd_entry cmd_restore_entry = {
	.name = "restore",
	.options = "db:,force",
	.minargs = 1,
	.maxargs = 1,
	.usage = N_("[--db FILE] [--force] BACKUP"),
	.help = N_("Replace the office database's content with BACKUP (made by "
	    "backup), safely\nwhile serve runs, and install BACKUP.key as its "
	    "signing key if it has none.\nThe backup and its key are checked "
	    "first; a database or key of another\noffice is replaced only with "
	    "--force."),
	.exec = cmd_restore_exec,
};

const struct cmd_entry cmd_kiosk_restore_entry = {
	.name = "restore",
	.options = "db:,force",
	.minargs = 1,
	.maxargs = 1,
	.usage = N_("[--db FILE] [--force] BACKUP"),
	.help = N_("Put BACKUP (made by backup) back as the kiosk's database "
	    "and BACKUP.key as\nits signing key, then write its head file "
	    "from the restored chain.  A\nbackup behind the records this kiosk "
	    "has handed out (its head file), or of\nanother kiosk, is "
	    "restored only with --force."),
	.exec = cmd_restore_exec,
};

/*
 * Refuse, unless force, to roll a kiosk back: the head file beside db
 * records the last record it handed out, and a backup ending before it
 * would make the receipts after it vanish.
 */
static enum rv_status
restore_not_behind(const char *db, const struct store_backup_info *info,
    const char *backup, int force, char **cause)
{
	struct rv_head	 h;
	int		 present;
	enum rv_status	 st;

	if (info->device == NULL || force)
		return RV_OK;
	if ((st = store_head_file_peek(db, info->device, &h, &present,
	    cause)) != RV_OK || !present || h.seq <= (uint64_t)info->head_seq)
		return st;
	return rv_fail(cause, RV_EINPUT, _("%s: ends at record %lld, but this "
	    "kiosk has handed out records up to %llu (%s.head): their "
	    "receipts would vanish; give --force, and the office will flag "
	    "the kiosk"), backup, (long long)info->head_seq,
	    (unsigned long long)h.seq, db);
}

/* The public key of the private key file path in *pub. */
static enum rv_status
restore_key_public(const char *path, char **pub, char **cause)
{
	struct rv_key	*key = NULL;
	enum rv_status	 st;

	*pub = NULL;
	if ((st = key_load(path, &key, cause)) == RV_OK)
		st = key_public_pem(key, pub, cause);
	key_free(key);
	return st;
}

/*
 * Refuse, unless force, to replace something of another office: what
 * (the database db or its key) holds the public key live, the backup
 * backup_pub.
 */
static enum rv_status
restore_same_office(const char *path, const char *live,
    const char *backup_pub, const char *backup, int force, char **cause)
{
	char	 fl[RV_KEY_FINGERPRINT], fb[RV_KEY_FINGERPRINT];

	if (live == NULL || force || key_public_same(live, backup_pub))
		return RV_OK;
	key_fingerprint(live, fl);
	key_fingerprint(backup_pub, fb);
	return rv_fail(cause, RV_EINPUT, _("%s: holds the key %s, but %s is "
	    "of the key %s; give --force to replace it"), path, fl, backup,
	    fb);
}

/* Check everything, then restore the database and install the key. */
static enum rv_status
cmd_restore_exec(struct cmd *c, char **cause)
{
	struct store		*s = NULL;
	struct store_backup_info info, live;
	struct file_swap	 ks;
	const char		*backup = c->argv[0];
	char			*db, *dbkey = NULL, *backupkey = NULL;
	char			*bpub = NULL, *lpub = NULL, *keydata = NULL;
	char			*why;
	char			 fb[RV_KEY_FINGERPRINT], fr[RV_KEY_FINGERPRINT];
	size_t			 keylen = 0;
	struct stat		 sa, sb;
	int			 force = cmd_has(c, "force");
	int			 install_key = 0, replace = 0, db_exists;
	enum rv_status		 st;

	memset(&info, 0, sizeof info);
	memset(&live, 0, sizeof live);
	memset(&ks, 0, sizeof ks);
	db = cmd_db_path(c, 0);
	xasprintf(&dbkey, "%s.key", db);
	xasprintf(&backupkey, "%s.key", backup);
	db_exists = access(db, F_OK) == 0;
	if (db_exists && stat(db, &sa) == 0 && stat(backup, &sb) == 0 &&
	    sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino) {
		st = rv_fail(cause, RV_EUSAGE, _("%s: is the database itself"),
		    backup);
		goto out;
	}

	/* The backup: sound, an office's, a schema we know, its key. */
	if ((st = store_backup_check(backup, &info, cause)) != RV_OK)
		goto out;
	if (info.version > store_version_known()) {
		st = rv_fail(cause, RV_EINPUT, _("%s: made by a newer renovote "
		    "(schema %d, this one knows %d)"), backup, info.version,
		    store_version_known());
		goto out;
	}
	if (info.role == NULL || strcmp(info.role, c->program->role) != 0 ||
	    info.pubkey == NULL) {
		st = rv_fail(cause, RV_EINPUT, strcmp(c->program->role,
		    "kiosk") == 0 ? _("%s: not a backup of a kiosk database") :
		    _("%s: not a backup of an office database"), backup);
		goto out;
	}
	if (access(backupkey, F_OK) != 0) {
		st = rv_fail(cause, RV_EINPUT, _("%s: missing; a backup is "
		    "restored together with its signing key"), backupkey);
		goto out;
	}
	if ((st = restore_key_public(backupkey, &bpub, cause)) != RV_OK)
		goto out;
	if (!key_public_same(bpub, info.pubkey)) {
		key_fingerprint(bpub, fb);
		key_fingerprint(info.pubkey, fr);
		st = rv_fail(cause, RV_EINPUT, _("%s: holds the key %s, but %s "
		    "records the key %s"), backupkey, fb, backup, fr);
		goto out;
	}

	/* What it replaces: the same office's, or --force. */
	if (access(dbkey, F_OK) == 0) {
		if ((st = restore_key_public(dbkey, &lpub, cause)) != RV_OK) {
			if (!force)
				goto out;
			free(*cause);
			*cause = NULL;
			install_key = 1;
		} else if (!key_public_same(lpub, bpub)) {
			if ((st = restore_same_office(dbkey, lpub, bpub,
			    backupkey, force, cause)) != RV_OK)
				goto out;
			install_key = 1;
		}
	} else
		install_key = 1;
	if (db_exists) {
		if ((st = store_backup_peek(db, &live, cause)) != RV_OK) {
			/* Locked or unreadable disk: never replace. */
			if (st != RV_EINPUT)
				goto out;
			if (!force) {
				/* One line: what is wrong and what to do. */
				why = *cause;
				*cause = NULL;
				st = rv_fail(cause, st, _("%s; give --force to "
				    "replace it with the backup"), why);
				free(why);
				goto out;
			}
			free(*cause);
			*cause = NULL;
			replace = 1;
		} else if (live.role != NULL &&
		    strcmp(live.role, c->program->role) != 0) {
			st = rv_fail(cause, RV_EINPUT, _("%s: a %s database, "
			    "not a %s one; refusing to replace it"), db,
			    live.role, c->program->role);
			goto out;
		} else if ((st = restore_same_office(db, live.pubkey, bpub,
		    backupkey, force, cause)) != RV_OK)
			goto out;
	}

	if ((st = restore_not_behind(db, &info, backup, force,
	    cause)) != RV_OK)
		goto out;

	/* The key waits on disk beside its place; then the database. */
	if (install_key) {
		if ((st = file_read(backupkey, RESTORE_KEY_MAX, &keydata,
		    &keylen, cause)) != RV_OK ||
		    (st = file_swap_begin(&ks, dbkey, keydata, keylen, 0600,
		    cause)) != RV_OK)
			goto out;
	}
	if ((st = store_restore(backup, db, replace ?
	    STORE_RESTORE_REPLACE : 0, cause)) != RV_OK)
		goto out;
	if (install_key && (st = file_swap_install(&ks, cause)) != RV_OK)
		goto out;
	/* An older schema is migrated as by any command. */
	if ((st = cmd_open_store(c, &s, cause)) != RV_OK)
		goto out;
	if (info.device != NULL && (st = store_head_file_reset(s, info.device,
	    cause)) != RV_OK)
		goto out;
	printf(_("Restored %s from %s (schema %d, %lld records)\n"), db,
	    backup, info.version, (long long)info.records);
	if (install_key)
		printf(_("Installed its signing key as %s\n"), dbkey);
out:
	file_swap_end(&ks);
	if (keydata != NULL) {
		explicit_bzero(keydata, keylen);
		free(keydata);
	}
	cmd_close_store(s);
	store_backup_info_clear(&info);
	store_backup_info_clear(&live);
	free(bpub);
	free(lpub);
	free(backupkey);
	free(dbkey);
	free(db);
	return st;
}
