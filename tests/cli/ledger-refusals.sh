#!/bin/sh
# What the office and the kiosk refuse: damaged, truncated, unknown,
# revoked and forked bundles; altered, foreign and older packages.  Each
# refusal exits 1 with one line and stores nothing.
. "$top_srcdir/tests/cli/lib.sh"

OD="$T/office.db"
live_office "$OD" "$T" || fail "office set-up"
new_kiosk "$T/k1.db" hall-1 "$OD" "$T/p1.pkg" || fail "kiosk set-up"
for f in 1-1-101 1-1-102 1-2-101; do
	"$KIOSK" cast --db "$T/k1.db" --flat $f --code-file "$(code_file "$(code_of $f)")" --question Q-BASIC --choice agree >/dev/null ||
	    fail "cast $f"
done
"$KIOSK" export --db "$T/k1.db" --out "$T/b1" >/dev/null

# A flipped byte anywhere is refused (the chain, the lengths or the head
# signature catch it) and stores nothing.  test-ledger flips every byte
# through the library; here 40 places spread over the file, the first and
# the last go through the real binary.
sig=$(db_signature "$OD")
size=$(stat -c %s "$T/b1")
python3 - "$T/b1" "$T" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
n = len(data)
places = sorted({0, n - 1} | {i * n // 40 for i in range(40)})
for k, pos in enumerate(places):
    b = bytearray(data)
    b[pos] ^= 0x01
    open("%s/flip-%02d" % (sys.argv[2], k), "wb").write(b)
PY
refused=0
tried=0
for f in "$T"/flip-*; do
	tried=$((tried + 1))
	if "$OFFICE" ingest --db "$OD" "$f" >/dev/null 2>"$T/err"; then
		fail "$f accepted"
	elif [ $? -eq 1 ] && [ "$(wc -l <"$T/err")" -eq 1 ]; then
		refused=$((refused + 1))
	else
		fail "$f: $(cat "$T/err")"
	fi
done
size=$tried
same "every flipped byte refused" "$refused" "$size"
for cut in 1 8 40 100 $((size / 2)) $((size - 1)); do
	head -c "$cut" "$T/b1" >"$T/cut"
	expect_error 1 "cut" "$OFFICE" ingest --db "$OD" "$T/cut"
done
same "damaged bundles store nothing" "$(db_signature "$OD")" "$sig"

# An unknown kiosk, then a revoked one.
"$KIOSK" init --db "$T/x.db" --name hall-x --pubkey-out "$T/x.pem" >/dev/null
"$KIOSK" load --db "$T/x.db" --pin-file "$KIOSK_PIN_FILE" "$T/p1.pkg" >/dev/null
"$KIOSK" export --db "$T/x.db" --out "$T/bx" >/dev/null
sig=$(db_signature "$OD")
expect_error 1 "kiosk 'hall-x' is not enrolled" "$OFFICE" ingest --db "$OD" "$T/bx"
# A kiosk enrolled under the name with another key: the signature fails.
"$KIOSK" init --db "$T/y.db" --name hall-y --pubkey-out "$T/y.pem" >/dev/null
"$OFFICE" kiosk enroll --db "$OD" --name hall-x --pubkey "$T/y.pem" >/dev/null
expect_error 1 "head signature does not verify" "$OFFICE" ingest --db "$OD" "$T/bx"
expect_error 1 "already enrolled" "$OFFICE" kiosk enroll --db "$OD" --name hall-x --pubkey "$T/x.pem"
head -c 2000 "$T/codes.csv" >"$T/not-a-key.pem"
expect_error 1 "not an Ed25519 public key" "$OFFICE" kiosk enroll --db "$OD" --name hall-z --pubkey "$T/not-a-key.pem"
expect_error 2 "cannot name a kiosk" "$OFFICE" kiosk enroll --db "$OD" --name office --pubkey "$T/x.pem"
same "refused bundles store nothing" "$(sql "$OD" "SELECT count(*) FROM ledger")" 0

expect 0 "$OFFICE" ingest --db "$OD" "$T/b1"
expect 0 "$OFFICE" tally --db "$OD" --estate LC-XNY-02 --json
q='[q for q in j["questions"] if q["question_id"]=="Q-BASIC"][0]'
same "three answers counted" "$(json_get "$T/out" "$q['participating']['owners']")" 3

# A copied kiosk database: both copies record seq 5 differently.
cp "$T/k1.db" "$T/copy.db"
cp "$T/k1.db.key" "$T/copy.db.key"
cp "$T/k1.db.head" "$T/copy.db.head"
"$KIOSK" cast --db "$T/k1.db" --flat 1-2-102 --code-file "$(code_file "$(code_of 1-2-102)")" --question Q-BASIC --choice agree >/dev/null
"$KIOSK" cast --db "$T/copy.db" --flat 2-1-101 --code-file "$(code_file "$(code_of 2-1-101)")" --question Q-BASIC --choice disagree >/dev/null
"$KIOSK" export --db "$T/k1.db" --out "$T/b1b" >/dev/null
"$KIOSK" export --db "$T/copy.db" --out "$T/bcopy" >/dev/null
expect 0 "$OFFICE" ingest --db "$OD" "$T/b1b"
# A bundle ending before the office's head is checked against the stored
# record it ends with.
expect 0 "$OFFICE" ingest --db "$OD" "$T/b1"
contains "an earlier bundle again adds nothing" "$T/out" "nothing new"
sig=$(sql "$OD" "SELECT count(*), sum(seq) FROM ledger")
expect_error 1 "fork: kiosk 'hall-1' record 5 differs" "$OFFICE" ingest --db "$OD" "$T/bcopy"
same "fork stores no record" "$(sql "$OD" "SELECT count(*), sum(seq) FROM ledger")" "$sig"
same "fork flagged for the committee" "$(sql "$OD" "SELECT count(*) FROM flag WHERE device = 'hall-1' AND reason LIKE 'fork%'")" 1
expect 0 "$OFFICE" tally --db "$OD" --json
same "the tally shows the flag" "$(json_get "$T/out" "j['flags'][0]['device']")" hall-1
expect 0 env LANGUAGE=en "$OFFICE" tally --db "$OD"
contains "the readable tally shows the flag" "$T/out" "flagged for the committee"

# Revoked: refused from now on; what came before still counts, unless
# --void.
expect 0 "$OFFICE" kiosk revoke --db "$OD" --name hall-1
"$KIOSK" cast --db "$T/k1.db" --flat 2-1-102 --code-file "$(code_file "$(code_of 2-1-102)")" --question Q-BASIC --choice agree >/dev/null
"$KIOSK" export --db "$T/k1.db" --out "$T/b1c" >/dev/null
expect_error 1 "kiosk 'hall-1' is revoked" "$OFFICE" ingest --db "$OD" "$T/b1c"
expect 0 "$OFFICE" tally --db "$OD" --estate LC-XNY-02 --json
same "revoked kiosk's answers still count" "$(json_get "$T/out" "$q['participating']['owners']")" 4
expect 0 "$OFFICE" kiosk revoke --db "$OD" --name hall-1 --void
expect 0 "$OFFICE" tally --db "$OD" --estate LC-XNY-02 --json
same "voided kiosk's answers do not count" "$(json_get "$T/out" "$q['participating']['owners']")" 0
same "voided records stay for the audit" "$(sql "$OD" "SELECT count(*) FROM ledger WHERE device = 'hall-1'")" 5
expect_error 1 "not enrolled" "$OFFICE" kiosk revoke --db "$OD" --name nobody

# Packages: altered, from another office, older.
new_kiosk "$T/k3.db" hall-3 "$OD" "$T/p1.pkg" || fail "kiosk 3"
ksig=$(db_signature "$T/k3.db")
python3 -c 'import sys; b = bytearray(open(sys.argv[1], "rb").read()); i = b.find(b"\"area_m2\":\"") + 11; b[i] = ord("9"); open(sys.argv[2], "wb").write(b)' "$T/p1.pkg" "$T/altered.pkg"
expect_error 1 "office signature does not verify" "$KIOSK" load --db "$T/k3.db" "$T/altered.pkg"
head -c 100 "$T/p1.pkg" >"$T/short.pkg"
expect_error 1 "truncated" "$KIOSK" load --db "$T/k3.db" "$T/short.pkg"
live_plan "$T/plan2.json"
"$OFFICE" init --db "$T/other.db" >/dev/null
"$OFFICE" roster import --db "$T/other.db" "$ASSETS/demo-roster.csv" >/dev/null
"$OFFICE" plan import --db "$T/other.db" "$T/plan2.json" >/dev/null
"$OFFICE" codes issue --db "$T/other.db" --estate LC-XNY-02 --out "$T/other.csv" >/dev/null
"$OFFICE" package --db "$T/other.db" --estate LC-XNY-02 --out "$T/other.pkg" >/dev/null
"$OFFICE" package --db "$T/other.db" --estate LC-XNY-02 --out "$T/other.pkg" >/dev/null
expect_error 1 "signed by a different office" "$KIOSK" load --db "$T/k3.db" "$T/other.pkg"
expect 0 "$OFFICE" package --db "$OD" --estate LC-XNY-02 --out "$T/p2.pkg"
contains "version 2" "$T/out" "version 2"
expect 0 "$KIOSK" load --db "$T/k3.db" "$T/p2.pkg"
ksig=$(db_signature "$T/k3.db")
expect_error 1 "version 1 of LC-XNY-02 is older than version 2" "$KIOSK" load --db "$T/k3.db" "$T/p1.pkg"
expect 0 "$KIOSK" load --db "$T/k3.db" "$T/p2.pkg"
contains "same package again" "$T/out" "already loaded"
same "refused packages change nothing" "$(db_signature "$T/k3.db")" "$ksig"
expect_error 1 "LC-XNY-01 has no plan" "$OFFICE" package --db "$OD" --estate LC-XNY-01 --out "$T/p01.pkg"
"$OFFICE" plan import --db "$OD" "$ASSETS/demo-plan-LC-XNY-01.json" >/dev/null
expect_error 1 "no voting codes" "$OFFICE" package --db "$OD" --estate LC-XNY-01 --out "$T/p01.pkg"
check "no package file on refusal" test ! -e "$T/p01.pkg"

# A kiosk command on an office database and the reverse.
expect_error 1 "office database, not a kiosk one" "$KIOSK" export --db "$OD" --out "$T/nope"
expect_error 1 "kiosk database, not a office one" "$OFFICE" tally --db "$T/k1.db"

test_done
