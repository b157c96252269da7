#!/bin/sh
# renovote-kiosk sync against renovote-office serve over real TLS on
# loopback: records reach the tally, syncing again sends nothing, USB
# bundles and network sync mix, newer packages reach the kiosk, and the
# office refuses what it must (wrong CA, unknown or revoked kiosk, stale
# or forged signatures, chunks that do not continue its copy).
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/serve-lib.sh"

OD="$T/office.db"
live_office "$OD" "$T" || fail "office set-up"
new_kiosk "$T/k1.db" hall-1 "$OD" "$T/p1.pkg" || fail "kiosk 1 set-up"
start_office "$OD" --timeout 5

# cast FLAT QUESTION CHOICE: an answer at kiosk 1.
cast() {
	"$KIOSK" cast --db "$T/k1.db" --flat "$1" --code-file "$(code_file "$(code_of "$1")")" \
	    --question "$2" --choice "$3" >/dev/null || fail "cast $1 $2"
}
# held DEVICE: the records of DEVICE the office holds.
held() {
	sql "$OD" "SELECT count(*) FROM ledger WHERE device = '$1'"
}
q='[q for q in j["questions"] if q["question_id"]=="Q-BASIC"][0]'

# A kiosk casts, syncs; the office's tally shows it, and so do the
# pages the server kept from before the sync (web-cache.c).
$CURL -o "$T/api-before" "$URL/api/e/LC-XNY-02" || fail "GET /api/e/ before"
$CURL -o /dev/null "$URL/" || fail "GET / before"
cast 1-1-101 Q-BASIC agree
cast 1-1-102 Q-BASIC agree
cast 1-1-201 Q-BASIC disagree
expect 0 "$KIOSK" sync --db "$T/k1.db" --office "$URL" --ca "$CA/ca.pem" --retries 0
contains "summary" "$T/out" "Synced with $URL: 4 records sent, 0 packages received"
same "office holds the kiosk's chain" "$(held hall-1)" 4
expect 0 "$OFFICE" tally --db "$OD" --estate LC-XNY-02 --json
same "tally shows the synced answers" "$(json_get "$T/out" "($q['choices']['agree']['owners'], $q['choices']['disagree']['owners'])")" "(2, 1)"
$CURL -o "$T/api-after" "$URL/api/e/LC-XNY-02" || fail "GET /api/e/ after"
$CURL -o "$T/estates-after" "$URL/api/estates" || fail "GET /api/estates"
check "the page after the sync agrees with tally --json" python3 -c '
import json, sys
t = json.load(open(sys.argv[1]))
a = json.load(open(sys.argv[2]))
b = json.load(open(sys.argv[3]))
assert a["questions"] == t["questions"] and b["questions"] != a["questions"]
e = [x for x in json.load(open(sys.argv[4]))["estates"]
     if x["estate_id"] == "LC-XNY-02"][0]
st = {q["question_id"]: q["status"] for q in e["questions"]}
assert all(st[q["question_id"]] == q["status"] for q in t["questions"])
' "$T/out" "$T/api-after" "$T/api-before" "$T/estates-after"
check "kiosk notes last_sync in ms" sh -c "test $(sql "$T/k1.db" "SELECT value FROM meta WHERE key = 'last_sync'") -gt 1700000000000"
check "office notes the kiosk's last sync" test "$(sql "$OD" "SELECT last_sync_at IS NOT NULL FROM device WHERE name = 'hall-1'")" = 1

# Again: nothing to send, nothing changes but the sync time.
sig=$(sql "$OD" "SELECT group_concat(hex(hash)) FROM ledger")
before=$(sql "$OD" "SELECT last_sync_at FROM device WHERE name = 'hall-1'")
sleep 0.01
expect 0 "$KIOSK" sync --db "$T/k1.db" --office "$URL/" --ca "$CA/ca.pem" --retries 0
contains "nothing new" "$T/out" "0 records sent, 0 packages received"
same "second sync stores nothing" "$(sql "$OD" "SELECT group_concat(hex(hash)) FROM ledger")" "$sig"
check "sync time moves even when nothing is new" test "$(sql "$OD" "SELECT last_sync_at FROM device WHERE name = 'hall-1'")" -gt "$before"

# USB and network mix: after a USB ingest the next sync sends nothing
# old, and a USB ingest after a sync adds nothing.
cast 1-1-202 Q-BASIC agree
cast 1-1-301 Q-BASIC agree
expect 0 "$KIOSK" export --db "$T/k1.db" --out "$T/usb1"
expect 0 "$OFFICE" ingest --db "$OD" "$T/usb1"
contains "USB brings the two new records" "$T/out" "stored 2 new records"
cast 1-1-302 Q-BASIC abstain
expect 0 "$KIOSK" sync --db "$T/k1.db" --office "$URL" --ca "$CA/ca.pem" --retries 0
contains "only what USB did not bring" "$T/out" "1 records sent"
expect 0 "$OFFICE" ingest --db "$OD" "$T/usb1"
contains "old USB bundle adds nothing" "$T/out" "nothing new"
same "kiosk and office chains equal" "$(held hall-1)" "$(sql "$T/k1.db" "SELECT count(*) FROM ledger")"
same "every record once" "$(sql "$OD" "SELECT count(DISTINCT seq) = count(*) AND max(seq) = count(*) FROM ledger WHERE device = 'hall-1'")" 1

# A USB ingest notes the sync time too.
new_kiosk "$T/k2.db" hall-2 "$OD" "$T/p1.pkg" || fail "kiosk 2 set-up"
same "no sync yet" "$(sql "$OD" "SELECT last_sync_at IS NULL FROM device WHERE name = 'hall-2'")" 1
expect 0 "$KIOSK" export --db "$T/k2.db" --out "$T/usb2"
expect 0 "$OFFICE" ingest --db "$OD" "$T/usb2"
same "USB ingest notes the sync" "$(sql "$OD" "SELECT last_sync_at IS NOT NULL FROM device WHERE name = 'hall-2'")" 1

# The office makes a newer package; the kiosk fetches and loads it, and
# its load record reaches the office in the same sync.
expect 0 "$OFFICE" package --db "$OD" --estate LC-XNY-02 --out "$T/p2.pkg"
same "office keeps the signed body" "$(sql "$OD" "SELECT version, length(body) = $(stat -c %s "$T/p2.pkg") FROM package_body")" "2|1"
expect 0 "$KIOSK" sync --db "$T/k1.db" --office "$URL" --ca "$CA/ca.pem" --retries 0
contains "package received" "$T/out" "1 records sent, 1 packages received"
same "kiosk holds version 2" "$(sql "$T/k1.db" "SELECT version FROM package")" 2
same "office knows the kiosk loaded it" "$(sql "$OD" "SELECT max(version) FROM kiosk_package WHERE device = 'hall-1'")" 2
expect 0 "$KIOSK" sync --db "$T/k1.db" --office "$URL" --ca "$CA/ca.pem" --retries 0
contains "no package twice" "$T/out" "0 records sent, 0 packages received"

# Refusals by the kiosk: a certificate from another CA; no office there.
sig=$(db_signature "$T/k1.db")
expect_error 1 "$URL: certificate not trusted" "$KIOSK" sync --db "$T/k1.db" --office "$URL" --ca "$CA/wrong-ca.pem" --retries 0
expect_error 1 "$CA/nope.pem: cannot read the CA" "$KIOSK" sync --db "$T/k1.db" --office "$URL" --ca "$CA/nope.pem" --retries 0
nobody=$(free_port)
expect_error 3 "https://localhost:$nobody: unreachable after 1 tries.*nothing was lost" "$KIOSK" sync --db "$T/k1.db" --office "https://localhost:$nobody" --ca "$CA/ca.pem" --retries 0
expect_error 3 "unreachable after 2 tries" "$KIOSK" sync --db "$T/k1.db" --office "https://localhost:$nobody" --ca "$CA/ca.pem" --retries 1
expect_error 2 "--office: 'http://localhost' is not an https:// URL" "$KIOSK" sync --db "$T/k1.db" --office "http://localhost" --ca "$CA/ca.pem"
expect_error 2 "--retries: 'x'" "$KIOSK" sync --db "$T/k1.db" --office "$URL" --ca "$CA/ca.pem" --retries x
same "refused syncs change nothing on the kiosk" "$(db_signature "$T/k1.db")" "$sig"

# Refusals by the office: an unknown kiosk, a revoked one.
"$KIOSK" init --db "$T/k3.db" --name hall-3 --pubkey-out "$T/k3.pem" >/dev/null &&
"$KIOSK" load --db "$T/k3.db" --pin-file "$KIOSK_PIN_FILE" "$T/p1.pkg" >/dev/null || fail "kiosk 3 set-up"
expect_error 1 "refused \\(403\\): kiosk 'hall-3' is not enrolled" "$KIOSK" sync --db "$T/k3.db" --office "$URL" --ca "$CA/ca.pem" --retries 0
expect 0 "$OFFICE" kiosk revoke --db "$OD" --name hall-2
expect_error 1 "refused \\(403\\): kiosk 'hall-2' is revoked" "$KIOSK" sync --db "$T/k2.db" --office "$URL" --ca "$CA/ca.pem" --retries 0

# protocol.md's sync vector: message and signature as documented.
expect 0 $SYNC_REQUEST --vector "$top_srcdir/docs/protocol.md"
contains "the sync vector holds" "$T/out" "^1 vectors ok$"

# The signed request as protocol.md describes it, made by a second
# implementation: accepted when fresh, refused when stale, forged, or
# for another kiosk's key.
expect 0 $SYNC_REQUEST "$URL" "$CA/ca.pem" "$T/k1.db.key" hall-1 GET /api/sync/head
same "documented signature accepted" "$(head -n 1 "$T/out")" 200
tail -n +2 "$T/out" >"$T/head.json"
same "head seq" "$(json_get "$T/head.json" "j['seq']")" "$(held hall-1)"
same "head hash" "$(json_get "$T/head.json" "j['hash']")" "$(sql "$OD" "SELECT lower(hex(hash)) FROM ledger WHERE device = 'hall-1' ORDER BY seq DESC LIMIT 1")"
expect 0 $SYNC_REQUEST "$URL" "$CA/ca.pem" "$T/k1.db.key" hall-1 GET /api/sync/head --skew -360000
same "stale time refused" "$(head -n 1 "$T/out")" 401
contains "stale time explained" "$T/out" "more than 5 minutes from the office's clock"
expect 0 $SYNC_REQUEST "$URL" "$CA/ca.pem" "$T/k1.db.key" hall-1 GET /api/sync/head --skew 360000
same "future time refused" "$(head -n 1 "$T/out")" 401
expect 0 $SYNC_REQUEST "$URL" "$CA/ca.pem" "$T/k3.db.key" hall-1 GET /api/sync/head
same "another key refused" "$(head -n 1 "$T/out")" 401
contains "bad signature explained" "$T/out" "does not verify with kiosk 'hall-1''s key"

# Duplicate pushes: the whole ledger again, twice, is a no-op success.
expect 0 "$KIOSK" export --db "$T/k1.db" --out "$T/all"
sig=$(sql "$OD" "SELECT group_concat(hex(hash)) FROM ledger")
for i in 1 2; do
	expect 0 $SYNC_REQUEST "$URL" "$CA/ca.pem" "$T/k1.db.key" hall-1 POST /api/sync/records "$T/all"
	same "duplicate push $i accepted" "$(head -n 1 "$T/out")" 200
	tail -n +2 "$T/out" >"$T/dup.json"
	same "duplicate push $i stores nothing" "$(json_get "$T/dup.json" "j['stored']")" 0
done
same "duplicates change nothing" "$(sql "$OD" "SELECT group_concat(hex(hash)) FROM ledger")" "$sig"

# Another kiosk's bundle through hall-1's signature is refused.
expect 0 $SYNC_REQUEST "$URL" "$CA/ca.pem" "$T/k1.db.key" hall-1 POST /api/sync/records "$T/usb2"
same "only its own records" "$(head -n 1 "$T/out")" 403

# A chunk that starts past the office's head: 409 with the head.
cast 2-1-101 Q-BASIC agree
cast 2-1-102 Q-BASIC agree
expect 0 "$KIOSK" export --db "$T/k1.db" --out "$T/all2"
h=$(held hall-1)
python3 - "$T/all2" "$T/gap" $((h + 2)) <<'PY'
import struct, sys
b = open(sys.argv[1], "rb").read()
n = struct.unpack(">H", b[8:10])[0]
dev, o = b[10:10 + n], 10 + n
first, count = struct.unpack(">QI", b[o:o + 12])
o += 12
recs = []
for _ in range(count):
    l = struct.unpack(">I", b[o:o + 4])[0]
    recs.append(b[o:o + 4 + l])
    o += 4 + l
keep = int(sys.argv[3]) - first
out = b[:10 + n] + struct.pack(">QI", first + keep, count - keep) + b"".join(recs[keep:]) + b[o:]
open(sys.argv[2], "wb").write(out)
PY
expect 0 $SYNC_REQUEST "$URL" "$CA/ca.pem" "$T/k1.db.key" hall-1 POST /api/sync/records "$T/gap"
same "gap refused with 409" "$(head -n 1 "$T/out")" 409
tail -n +2 "$T/out" >"$T/gap.json"
same "409 carries the office's head" "$(json_get "$T/gap.json" "j['seq']")" "$h"
contains "409 says to ask the head" "$T/gap.json" "ask the head again"
same "gap stores nothing" "$(held hall-1)" "$h"
expect 0 "$KIOSK" sync --db "$T/k1.db" --office "$URL" --ca "$CA/ca.pem" --retries 0
contains "kiosk fills the gap" "$T/out" "2 records sent"

# A fork: a copied kiosk database that went its own way.
cp "$T/k1.db" "$T/k1copy.db" && cp "$T/k1.db.key" "$T/k1copy.db.key" &&
    cp "$T/k1.db.head" "$T/k1copy.db.head" || fail "copy"
cast 2-1-201 Q-BASIC agree
expect 0 "$KIOSK" sync --db "$T/k1.db" --office "$URL" --ca "$CA/ca.pem" --retries 0
"$KIOSK" cast --db "$T/k1copy.db" --flat 2-1-202 --code-file "$(code_file "$(code_of 2-1-202)")" --question Q-BASIC --choice agree >/dev/null
expect_error 1 "head forked: .*a copied kiosk database\\?" "$KIOSK" sync --db "$T/k1copy.db" --office "$URL" --ca "$CA/ca.pem" --retries 0
expect 0 "$KIOSK" export --db "$T/k1copy.db" --out "$T/forked"
expect 0 $SYNC_REQUEST "$URL" "$CA/ca.pem" "$T/k1.db.key" hall-1 POST /api/sync/records "$T/forked"
same "a forked chunk is a 409" "$(head -n 1 "$T/out")" 409
tail -n +2 "$T/out" >"$T/fork.json"
same "409 says fork" "$(json_get "$T/fork.json" "j['fork']")" True
same "the fork is flagged for the committee" "$(sql "$OD" "SELECT count(*) FROM flag WHERE device = 'hall-1' AND reason LIKE 'fork in chunk from hall-1'")" 1

alive "the refusals"
stop_office
test_done
