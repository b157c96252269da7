#!/bin/sh
# Trust that cannot be sidestepped (docs/security.md): one key, one kiosk;
# a revoked kiosk learns it at its next sync and takes no more answers;
# a kiosk database restored from an old copy refuses to start; the office
# flags a kiosk whose reported head goes backwards; a replayed signed sync
# request is refused and does not move the kiosk's last sync.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/serve-lib.sh"

OD="$T/office.db"
live_office "$OD" "$T" || fail "office set-up"
new_kiosk "$T/k1.db" hall-1 "$OD" "$T/p1.pkg" || fail "kiosk 1 set-up"
new_kiosk "$T/k2.db" hall-2 "$OD" "$T/p1.pkg" || fail "kiosk 2 set-up"
start_office "$OD" --timeout 5

# cast DB FLAT: an answer to Q-BASIC at the kiosk DB.
cast() {
	"$KIOSK" cast --db "$1" --flat "$2" --code-file "$(code_file "$(code_of "$2")")" \
	    --question Q-BASIC --choice agree
}
sync_k() {
	"$KIOSK" sync --db "$1" --office "$URL" --ca "$CA/ca.pem" --retries 0
}

# --- One key, one kiosk ------------------------------------------------
sig=$(db_signature "$OD")
expect_error 1 "this public key is already enrolled as kiosk 'hall-1'" \
    "$OFFICE" kiosk enroll --db "$OD" --name hall-9 --pubkey "$T/k1.db.pem"
# The same key laid out otherwise (CRLF line ends) is the same key.
sed 's/$/\r/' "$T/k1.db.pem" >"$T/k1-crlf.pem"
expect_error 1 "already enrolled as kiosk 'hall-1'" \
    "$OFFICE" kiosk enroll --db "$OD" --name hall-9 --pubkey "$T/k1-crlf.pem"
same "refused enrolments change nothing" "$(db_signature "$OD")" "$sig"

# --- The receipt carries the chain position ----------------------------
expect 0 cast "$T/k1.db" 1-1-101
h1=$(sql "$T/k1.db" "SELECT lower(hex(hash)) FROM ledger WHERE device = 'hall-1' ORDER BY seq DESC LIMIT 1")
s1=$(sql "$T/k1.db" "SELECT max(seq) FROM ledger WHERE device = 'hall-1'")
contains "receipt with seq and hash" "$T/out" \
    "^[0-9A-Z]{5}-[0-9A-Z]{5}  record $s1 of kiosk hall-1, $(echo "$h1" | cut -c1-8)\$"
check "the head file follows each commit" grep -qx "renovote-head-v1 hall-1 $s1 $h1" "$T/k1.db.head"

# --- A replayed signed request is refused -------------------------------
expect 0 sync_k "$T/k1.db"
expect 0 $SYNC_REQUEST "$URL" "$CA/ca.pem" "$T/k1.db.key" hall-1 GET /api/sync/head --save "$T/req"
same "the request answered" "$(head -n 1 "$T/out")" 200
last=$(sql "$OD" "SELECT last_sync_at FROM device WHERE name = 'hall-1'")
# The clock moves on (a replay accepted now would note a later time).
sleep 0.01
expect 0 $SYNC_REQUEST "$URL" "$CA/ca.pem" "$T/k1.db.key" hall-1 GET /api/sync/head --resend "$T/req"
same "the replay refused" "$(head -n 1 "$T/out")" 401
contains "the replay named" "$T/out" "Renovote-Nonce: already used by kiosk 'hall-1' \\(a replayed request\\)"
same "a replay does not move the last sync" "$(sql "$OD" "SELECT last_sync_at FROM device WHERE name = 'hall-1'")" "$last"
# A request without a nonce is not signed.
expect 0 $CURL -H "Renovote-Device: hall-1" -H "Renovote-Time: 1" -H "Renovote-Signature: 00" "$URL/api/sync/head"
contains "the nonce is required" "$T/out" "Renovote-Nonce"

# --- Rollback: a kiosk database restored from an old copy ---------------
cp "$T/k1.db" "$T/k1-old.db" || fail "copy"
expect 0 cast "$T/k1.db" 1-1-102
expect 0 cast "$T/k1.db" 1-2-101
s3=$(sql "$T/k1.db" "SELECT max(seq) FROM ledger WHERE device = 'hall-1'")
cp "$T/k1.db" "$T/k1-new.db" && cp "$T/k1-old.db" "$T/k1.db" || fail "restore"
expect_error 1 "k1.db: the database is behind its head file: database head record $s1 \\($(echo "$h1" | cut -c1-8)\\), head file record $s3 " \
    cast "$T/k1.db" 1-2-102
expect_error 1 "the database is behind its head file" sync_k "$T/k1.db"
expect_error 1 "the database is behind its head file" "$KIOSK" export --db "$T/k1.db" --out "$T/b-old"
same "nothing recorded on the old copy" "$(sql "$T/k1.db" "SELECT max(seq) FROM ledger")" "$s1"
# The head file removed as well: refused, not re-made.
mv "$T/k1.db.head" "$T/k1.db.head.keep"
expect_error 1 "k1.db.head: missing" cast "$T/k1.db" 1-2-102
mv "$T/k1.db.head.keep" "$T/k1.db.head"
cp "$T/k1-new.db" "$T/k1.db" || fail "back to the new copy"
expect 0 cast "$T/k1.db" 1-2-102

# --- The office flags a head that goes backwards -----------------------
# A whole-disk image (database and head file) taken, the kiosk syncs
# more, the image is restored: the kiosk runs, but its head is behind
# what the office holds.
cp "$T/k1.db" "$T/img.db" && cp "$T/k1.db.head" "$T/img.db.head" || fail "image"
expect 0 cast "$T/k1.db" 2-1-101
expect 0 sync_k "$T/k1.db"
cp "$T/img.db" "$T/k1.db" && cp "$T/img.db.head" "$T/k1.db.head" || fail "image restore"
sig=$(sql "$OD" "SELECT group_concat(hex(hash)) FROM ledger")
expect_error 1 "refused: head went backwards: the kiosk reports record [0-9]+ .* but the office holds record [0-9]+" sync_k "$T/k1.db"
same "the kiosk is flagged" "$(sql "$OD" "SELECT count(*) FROM flag WHERE device = 'hall-1' AND reason LIKE 'head went backwards%'")" 1
same "nothing stored" "$(sql "$OD" "SELECT group_concat(hex(hash)) FROM ledger")" "$sig"
expect 0 "$OFFICE" tally --db "$OD" --estate LC-XNY-02
contains "the clerk sees the flag" "$T/out" "hall-1 .* head went backwards"

# --- Revocation reaches the kiosk --------------------------------------
expect 0 cast "$T/k2.db" 1-1-201
expect 0 "$OFFICE" kiosk revoke --db "$OD" --name hall-2
expect_error 1 "refused \\(403\\): kiosk 'hall-2' is revoked; this kiosk is withdrawn" sync_k "$T/k2.db"
check "the kiosk records the office's word" test -n "$(sql "$T/k2.db" "SELECT value FROM meta WHERE key = 'revoked_at'")"
sig=$(sql "$T/k2.db" "SELECT count(*) FROM ledger")
expect_error 1 "This kiosk has been withdrawn by the street office" cast "$T/k2.db" 1-1-202
expect_error 1 "This kiosk has been withdrawn" "$KIOSK" pledge --db "$T/k2.db" --flat 1-1-202 --code-file "$(code_file "$(code_of 1-1-202)")" --pledge P-WILL
same "a withdrawn kiosk records nothing" "$(sql "$T/k2.db" "SELECT count(*) FROM ledger")" "$sig"
# The key of the revoked kiosk cannot come back under another name.
expect_error 1 "already enrolled as kiosk 'hall-2'" \
    "$OFFICE" kiosk enroll --db "$OD" --name hall-22 --pubkey "$T/k2.db.pem"
# A revocation statement not signed by the pinned office key is not
# believed: a kiosk told so by a forged answer keeps working.
python3 - "$T/k2.db" <<'PY' || fail "forged statement check"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("DELETE FROM meta WHERE key = 'revoked_at'")
db.execute("UPDATE meta SET value = replace(value, 'A', 'B') WHERE key = 'office_pubkey'")
db.commit()
PY
expect_error 1 "refused \\(403\\): kiosk 'hall-2' is revoked\$" sync_k "$T/k2.db"
same "an unverified statement is not recorded" "$(sql "$T/k2.db" "SELECT count(*) FROM meta WHERE key = 'revoked_at'")" 0

alive "the refusals"
stop_office
test_done
