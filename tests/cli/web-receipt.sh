#!/bin/sh
# /r/<receipt> with real kiosks and ingest: an answer that is counted,
# one superseded by the same owner's later answer at another kiosk, one
# made with voting codes re-issued since (kept, not counted), one cast
# before its question's (moved) window, a pledge, a paper ballot with
# its clerk, a voided kiosk's answer, and receipts the office does not
# hold.  The page names the flat, never the owner.
. "$top_srcdir/tests/cli/lib.sh"

OD="$T/office.db"
live_office "$OD" "$T" || fail "office set-up"
new_kiosk "$T/k1.db" hall-1 "$OD" "$T/p1.pkg" || fail "kiosk 1 set-up"
new_kiosk "$T/k2.db" hall-2 "$OD" "$T/p1.pkg" || fail "kiosk 2 set-up"

# receipt_json RECEIPT EXPR: evaluate EXPR over /api/r/RECEIPT.
receipt_json() {
	"$OFFICE" page --db "$OD" "/api/r/$1" >"$T/r.json" || fail "/api/r/$1"
	json_get "$T/r.json" "$2"
}

c101=$(code_of 1-1-101)
c201=$(code_of 1-1-201)
expect 0 "$KIOSK" cast --db "$T/k1.db" --flat 1-1-101 --code-file "$(code_file "$c101")" --question Q-BASIC --choice agree
r1=$(cut -d" " -f1 "$T/out")
expect 0 "$KIOSK" cast --db "$T/k1.db" --flat 1-1-201 --code-file "$(code_file "$c201")" --question Q-BASIC --choice disagree
r2=$(cut -d" " -f1 "$T/out")
expect 0 "$KIOSK" pledge --db "$T/k1.db" --flat 1-1-101 --code-file "$(code_file "$c101")" --pledge P-WILL --amount 1200.50
rp=$(tail -n 1 "$T/out" | grep -Eo '[0-9A-Z]{5}-[0-9A-Z]{5}')

# Not yet at the office: 404 with a message saying why.
expect_error 1 "404" "$OFFICE" page --db "$OD" "/r/$r1"
expect 0 "$KIOSK" export --db "$T/k1.db" --out "$T/b1"
expect 0 "$OFFICE" ingest --db "$OD" "$T/b1"

# Counted: the page names estate, flat, question, choice, time, kiosk.
expect 0 "$OFFICE" page --db "$OD" --lang en "/r/$r1"
cp "$T/out" "$T/r1.html"
contains "verdict counted" "$T/r1.html" 'class="verdict counted">Counted: this is the answer that stands'
contains "estate, in English" "$T/r1.html" 'Dongfeng Estate LC-XNY-02'
contains "flat" "$T/r1.html" '<dd>1-1-101</dd>'
contains "question" "$T/r1.html" 'Q-BASIC'
contains "choice" "$T/r1.html" '<dt>choice</dt><dd>agree</dd>'
contains "kiosk" "$T/r1.html" '<dt>kiosk</dt><dd>hall-1</dd>'
contains "cast at" "$T/r1.html" '<dt>cast at</dt><dd><time datetime="20[0-9-]+T[0-9:.]+\+08:00">20[0-9-]+ [0-9]{2}:[0-9]{2}</time>'
contains "receipt shown" "$T/r1.html" "$r1"
owner=$(sql "$OD" "SELECT owner_name FROM flat WHERE estate_id = 'LC-XNY-02' AND flat_id = '1-1-101'")
check "owner name never shown" sh -c "! grep -qF '$owner' '$T/r1.html'"
same "JSON counted" "$(receipt_json "$r1" '(j["counted"], j["status"], j["flat_id"], j["choice"], j["device"])')" "(True, 'counted', '1-1-101', 'agree', 'hall-1')"
# Receipts are typed loosely: lower case, no dash, O for 0, I/L for 1.
loose=$(echo "$r1" | tr 'A-Z' 'a-z' | tr -d '-' | tr '0' 'o')
expect 0 "$OFFICE" page --db "$OD" "/r/$loose"
# The form on the estates page asks /r?receipt=...; ?lang= too.
expect 0 "$OFFICE" page --db "$OD" "/r?receipt=$loose&lang=en"
contains "form query" "$T/out" 'Counted: this is the answer'
expect 0 "$OFFICE" page --db "$OD" "/r/?lang=zh_TW&receipt=$(echo "$r1" | sed 's/-/%2D/')"
contains "form query, percent-encoded" "$T/out" '已計入'
expect_error 1 "404" "$OFFICE" page --db "$OD" "/r?receipt="
expect 0 "$OFFICE" page --db "$OD" "/r/$r2"
contains "second flat counted" "$T/out" 'verdict counted'

# A kiosk's session receipt: every code of the session on one page,
# each with its check, and one the office does not hold yet.
rx=$(echo "$r1" | tr -d -)+$(echo "$rp" | tr -d -)+ABCDEFGHJK
expect 0 "$OFFICE" page --db "$OD" --lang en "/r/$rx"
cp "$T/out" "$T/session.html"
contains "session: answer counted" "$T/session.html" "<tr><td><a href=\"/r/$r1\">$r1</a></td><td>[^<]+</td><td>agree</td><td class=\"verdict counted\">counted</td></tr>"
contains "session: pledge counted" "$T/session.html" "<tr><td><a href=\"/r/$rp\">$rp</a></td><td>willingness pledge</td><td>1200.50 yuan</td><td class=\"verdict counted\">counted</td></tr>"
contains "session: not yet received" "$T/session.html" '<tr><td>ABCDEFGHJK</td><td></td><td></td><td class="verdict not-counted">not yet received</td></tr>'
contains "session: summary" "$T/session.html" '2 of 3 received by the office, 2 counted.'
check "session: owner name never shown" sh -c "! grep -qF '$owner' '$T/session.html'"
"$OFFICE" page --db "$OD" "/api/r/$rx" >"$T/rs.json" || fail "/api/r/ session"
same "session JSON" "$(json_get "$T/rs.json" '([(r["receipt"], r["status"], r["counted"]) for r in j["receipts"]], j["received"], j["counted"])')" \
    "([('$r1', 'counted', True), ('$rp', 'counted', True), ('ABCDEFGHJK', 'not-received', False)], 2, 2)"
# Typed into the form with spaces; only separators, or too many codes: 404.
expect 0 "$OFFICE" page --db "$OD" "/r?lang=en&receipt=$(echo "$r1" | tr -d -)%20$(echo "$rp" | tr -d -)"
contains "session from the form" "$T/out" '2 of 2 received by the office'
expect_error 1 "404" "$OFFICE" page --db "$OD" "/r/+++"
expect_error 1 "404" "$OFFICE" page --db "$OD" "/api/r/ABCDEFGHJK+ABCDEFGHJK"
expect_error 1 "404" "$OFFICE" page --db "$OD" "/r/$(python3 -c 'print("+".join(["ABCDEFGHJK"] * 65))')"

# The pledge counts its flat, and its page says so in a pledge's words,
# with a way back to the estate's results.
expect 0 "$OFFICE" page --db "$OD" "/r/$rp"
contains "pledge verdict in its own words" "$T/out" '已计入：本户的签署计入意愿书。'
check "no answer wording on a pledge" sh -c "! grep -q '表决意见' '$T/out'"
contains "back to the estate" "$T/out" '<a href="/e/LC-XNY-02">东风印刷厂家属院的全部表决结果</a>'
same "pledge counted" "$(receipt_json "$rp" '(j["type"], j["counted"], j["pledge_id"], j["amount_yuan"])')" "('pledge', True, 'P-WILL', 1200.5)"

# Kiosk 2: the same owner answers again, later; that one stands.
sleep 1
expect 0 "$KIOSK" cast --db "$T/k2.db" --flat 1-1-101 --code-file "$(code_file "$c101")" --question Q-BASIC --choice disagree
r4=$(cut -d" " -f1 "$T/out")
expect 0 "$KIOSK" export --db "$T/k2.db" --out "$T/b2"
expect 0 "$OFFICE" ingest --db "$OD" "$T/b2"
expect 0 "$OFFICE" page --db "$OD" --lang en "/r/$r1"
contains "superseded" "$T/out" 'class="verdict not-counted">Recorded but not counted: a later answer of the same owner stands instead'
contains "what stands" "$T/out" 'the answer that stands was cast at</dt><dd><time [^>]+>[^<]+</time> \(hall-2\)'
same "JSON superseded" "$(receipt_json "$r1" '(j["counted"], j["status"], j["standing"]["device"])')" "(False, 'superseded', 'hall-2')"
same "later answer counted" "$(receipt_json "$r4" '(j["counted"], j["device"])')" "(True, 'hall-2')"

# New voting codes: kiosk 1 still holds the old package, so an answer
# made there with the old code is kept but not counted.
expect 0 "$OFFICE" codes issue --db "$OD" --estate LC-XNY-02 --out "$T/codes2.csv"
expect 0 "$OFFICE" package --db "$OD" --estate LC-XNY-02 --out "$T/p2.pkg"
expect 0 "$KIOSK" cast --db "$T/k1.db" --flat 1-1-102 --code-file "$(code_file "$(code_of 1-1-102)")" --question Q-BASIC --choice agree
rs=$(cut -d" " -f1 "$T/out")
expect 0 "$KIOSK" export --db "$T/k1.db" --out "$T/b3"
expect 0 "$OFFICE" ingest --db "$OD" "$T/b3"
same "JSON superseded codes" "$(receipt_json "$rs" '(j["counted"], j["status"])')" "(False, 'superseded-codes')"
expect 0 "$OFFICE" page --db "$OD" --lang en "/r/$rs"
contains "codes verdict" "$T/out" 're-issued since'

# A kiosk whose plan was tampered with (Q-FUND opened early in its own
# database) records an answer before the window the office knows: the
# office keeps the signed record but does not count it.
new_kiosk "$T/k3.db" hall-3 "$OD" "$T/p2.pkg" || fail "kiosk 3 set-up"
python3 - "$T/k3.db" "$(iso_at '-1 day')" <<'PY' || fail "kiosk plan tampered"
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
src, = db.execute("SELECT source FROM plan WHERE estate_id = 'LC-XNY-02'").fetchone()
p = json.loads(src)
for q in p["questions"]:
    if q["id"] == "Q-FUND":
        q["opens"] = sys.argv[2]
db.execute("UPDATE plan SET source = ? WHERE estate_id = 'LC-XNY-02'", (json.dumps(p, ensure_ascii=False),))
db.commit()
PY
c301=$(grep '^LC-XNY-02,1-1-301,' "$T/codes2.csv" | cut -d, -f3)
expect 0 "$KIOSK" cast --db "$T/k3.db" --flat 1-1-301 --code-file "$(code_file "$c301")" --question Q-FUND --choice agree
rw=$(cut -d" " -f1 "$T/out")
expect 0 "$KIOSK" export --db "$T/k3.db" --out "$T/b4"
expect 0 "$OFFICE" ingest --db "$OD" "$T/b4"
same "JSON outside window" "$(receipt_json "$rw" '(j["counted"], j["status"])')" "(False, 'outside-window')"
expect 0 "$OFFICE" page --db "$OD" --lang en "/r/$rw"
contains "window verdict" "$T/out" "outside the question's voting period"

# A paper ballot names its clerk, escaped.
printf 'estate_id,flat_id,question_id,choice,cast_at,form_ref\nLC-XNY-02,1-1-202,Q-BASIC,abstain,%s,F-0001\n' "$(iso_at '-1 hour')" >"$T/ballots.csv"
expect 0 "$OFFICE" ballots import --db "$OD" --clerk '王<b>文书' "$T/ballots.csv"
rb=$(sql "$OD" "SELECT receipt FROM ledger WHERE device = 'office' AND type = 5")
expect 0 "$OFFICE" page --db "$OD" --lang en "/r/$rb"
contains "ballot" "$T/out" 'paper ballot entered at the office'
contains "clerk escaped" "$T/out" '<dt>entered by</dt><dd>王&lt;b&gt;文书</dd>'
same "JSON ballot" "$(receipt_json "$rb" '(j["type"], j["counted"], j["choice"])')" "('ballot', True, 'abstain')"

# A voided kiosk's answers stay recorded but do not count.
expect 0 "$OFFICE" kiosk revoke --db "$OD" --name hall-2 --void
same "JSON voided" "$(receipt_json "$r4" '(j["counted"], j["status"])')" "(False, 'voided')"
same "then the earlier answer stands again" "$(receipt_json "$r1" '(j["counted"], j["status"])')" "(True, 'counted')"

# A package record's receipt is not a resident's: 404.
rk=$(sql "$OD" "SELECT receipt FROM ledger WHERE device = 'hall-1' AND type = 1 LIMIT 1")
expect_error 1 "404" "$OFFICE" page --db "$OD" "/r/$rk"
expect_error 1 "404" "$OFFICE" page --db "$OD" "/api/r/ZZZZZ-ZZZZZ"
expect_error 1 "404" "$OFFICE" page --db "$OD" "/r/%3Cscript%3E"

# The estate's page lists the kiosks that sent its records, with the
# time each last synced; the JSON too.
expect 0 "$OFFICE" page --db "$OD" --lang en /e/LC-XNY-02
contains "kiosk with last sync" "$T/out" '<tr><td>hall-1</td><td><time datetime="20[0-9-]+T[0-9:.]+\+08:00">20[0-9-]+ [0-9:]+</time></td><td>[0-9]+</td></tr>'
contains "revoked kiosk marked" "$T/out" '<tr><td>hall-2 \(revoked\)</td>'
expect 0 "$OFFICE" page --db "$OD" /api/e/LC-XNY-02
same "JSON kiosks" "$(json_get "$T/out" '[(k["device"], k["last_sync"] is not None, k["revoked"]) for k in j["kiosks"]]')" "[('hall-1', True, False), ('hall-2', True, True), ('hall-3', True, False)]"

# Published: a paper ballot and a pledge show their path to the root the
# notice fingerprints, checking; the voided kiosk's answer is in none.
same "JSON: not yet published" "$(receipt_json "$rb" 'j["publication"]')" None
expect 0 "$OFFICE" publish --db "$OD" --out "$T/site" --base-url https://office.example
for r in "$rb" "$rp"; do
	fp=$(receipt_json "$r" 'j["publication"]["fingerprint"]')
	same "JSON $r: the path checks" "$(receipt_json "$r" 'j["publication"]["checks"]')" True
	contains "notice prints $r's root" "$T/site/notice/LC-XNY-02.html" "指纹：$fp"
	expect 0 "$OFFICE" page --db "$OD" "/r/$r"
	contains "page $r: fingerprint" "$T/out" "<span class=\"nw fp\">$fp</span>"
	contains "page $r: the path checks" "$T/out" 'class="verdict counted path-checks">路径核验通过'
done
same "JSON pledge leaf" "$(receipt_json "$rp" '(j["publication"]["number"], j["publication"]["leaves"] > 1)')" "(1, True)"
expect 0 "$OFFICE" page --db "$OD" --lang zh_TW "/r/$r4"
contains "voided answer: no publication counts it" "$T/out" 'class="proof-none">沒有公示計入本記錄'

test_done
