#!/bin/sh
# A publication anyone can check: publish commits, per estate, to every
# record it counted (kiosk answers, a paper ballot, a pledge) in a Merkle
# tree of pseudonymous leaves whose root the office signs and the notice
# prints as a fingerprint; verify checks the site offline and passes,
# then fails naming the cause when a leaf's choice, a tally figure or a
# signature byte is changed, and when a later publication drops a record
# an earlier one counted.
. "$top_srcdir/tests/cli/lib.sh"

OD="$T/office.db"
SITE="$T/site"
BASE=https://office.example:8443
E=LC-XNY-02
live_office "$OD" "$T" || fail "office set-up"
new_kiosk "$T/k1.db" hall-1 "$OD" "$T/p1.pkg" || fail "kiosk set-up"

c101=$(code_of 1-1-101)
c201=$(code_of 1-1-201)
c301=$(code_of 1-1-301)
expect 0 "$KIOSK" cast --db "$T/k1.db" --flat 1-1-101 --code-file "$(code_file "$c101")" --question Q-BASIC --choice agree
r101=$(cut -d" " -f1 "$T/out")
expect 0 "$KIOSK" cast --db "$T/k1.db" --flat 1-1-201 --code-file "$(code_file "$c201")" --question Q-BASIC --choice disagree
r201=$(cut -d" " -f1 "$T/out")
expect 0 "$KIOSK" pledge --db "$T/k1.db" --flat 1-1-101 --code-file "$(code_file "$c101")" --pledge P-WILL --amount 1200.50
expect 0 "$KIOSK" export --db "$T/k1.db" --out "$T/b1"
expect 0 "$OFFICE" ingest --db "$OD" "$T/b1"
printf 'estate_id,flat_id,question_id,choice,cast_at,form_ref\n%s,1-1-202,Q-BASIC,agree,%s,F-0001\n' \
    "$E" "$(iso_at '-1 hour')" >"$T/ballots.csv"
expect 0 "$OFFICE" ballots import --db "$OD" --clerk 王文书 "$T/ballots.csv"

# Before any publish the receipt page says plainly it is not published.
expect 0 "$OFFICE" page --db "$OD" --lang en "/r/$r101"
contains "receipt page before publish: not yet published" "$T/out" 'class="proof-none">Not published yet'
contains "receipt page: place in the kiosk's chain" "$T/out" '<dt>place in its chain</dt><dd>record [0-9]+ of the [0-9]+ the office holds</dd>'

expect 0 "$OFFICE" publish --db "$OD" --out "$SITE" --base-url "$BASE"
P="$SITE/e/$E/publication.json"
check "publication written" test -s "$P"
check "first of the history" cmp -s "$P" "$SITE/e/$E/publications/1.json"
same "one leaf per counted record" "$(json_get "$P" "len(j['leaves'])")" 4
same "leaves per kind" "$(json_get "$P" "sorted((l['kind'], l['choice']) for l in j['leaves'])")" \
    "[('answer', 'agree'), ('answer', 'agree'), ('answer', 'disagree'), ('pledge', 'signed')]"
same "paper ballot's ledger record is a leaf" \
    "$(json_get "$P" "any(l['record'] == '$(sql "$OD" "SELECT lower(hex(hash)) FROM ledger WHERE device = 'office'")' for l in j['leaves'])")" True
same "published tally is the tally" "$(json_get "$P" "[q['participating']['owners'] for q in j['tally']['questions'] if q['question_id'] == 'Q-BASIC']")" "[3]"
check "no flat id in the leaves" sh -c "! grep -q '1-1-101' '$P'"
owner=$(sql "$OD" "SELECT owner_id FROM flat WHERE estate_id = '$E' AND flat_id = '1-1-101'")
check "no owner id in the leaves" sh -c "! grep -qF '\"$owner\"' '$P'"
same "pseudonym secret kept in meta" "$(sql "$OD" "SELECT length(value) FROM meta WHERE key = 'publication_secret/$E'")" 64
root=$(json_get "$P" "j['root']")
fp=$(echo "$root" | cut -c1-16 | sed 's/\(....\)\(....\)\(....\)\(....\)/\1 \2 \3 \4/')
contains "fingerprint on the notice" "$SITE/notice/$E.html" "<p class=\"fp\">已签名的计入记录清单指纹：$fp"
expect 0 "$OFFICE" verify "$SITE"
contains "verify passes" "$T/out" "verified 1 publications of 1 estates"
cp "$P" "$T/first.json"
t1=$(cd "$SITE" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum)
expect 0 "$OFFICE" publish --db "$OD" --out "$SITE" --base-url "$BASE" --at "$(json_get "$P" "__import__('datetime').datetime.fromtimestamp(j['at_ms'] / 1000, __import__('datetime').timezone(__import__('datetime').timedelta(hours=8))).isoformat(timespec='milliseconds')")"
same "again at the same instant: the same files" "$(cd "$SITE" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum)" "$t1"

# Again at the same instant adds nothing; later, with the owner of
# 1-1-201 changing their answer and 1-1-301 answering, a second one.
expect 0 "$KIOSK" cast --db "$T/k1.db" --flat 1-1-201 --code-file "$(code_file "$c201")" --question Q-BASIC --choice agree
expect 0 "$KIOSK" cast --db "$T/k1.db" --flat 1-1-301 --code-file "$(code_file "$c301")" --question Q-BASIC --choice abstain
expect 0 "$KIOSK" export --db "$T/k1.db" --out "$T/b2"
expect 0 "$OFFICE" ingest --db "$OD" "$T/b2"
expect 0 "$OFFICE" publish --db "$OD" --out "$SITE" --base-url "$BASE"
check "second publication" cmp -s "$P" "$SITE/e/$E/publications/2.json"
check "first kept as it was" cmp -s "$T/first.json" "$SITE/e/$E/publications/1.json"
same "second counts five records" "$(json_get "$P" "len(j['leaves'])")" 5
expect 0 "$OFFICE" verify "$SITE"
contains "verify passes on the history" "$T/out" "verified 2 publications of 1 estates"

# A receipt's record and its path to the root: recomputing the root from
# the printed leaf hash and path by hand gives the published root.
expect 0 "$OFFICE" verify --receipt "$r101" "$SITE"
contains "receipt's leaf" "$T/out" "^leaf: [0-9]+ of 5: answer Q-BASIC agree, area [0-9.]+, scope estate, owner [0-9a-f]{32}$"
contains "receipt's publication" "$T/out" "^publication: 2$"
same "path leads to the published root" "$(python3 -c 'import hashlib,sys
h = None
for line in open(sys.argv[1]):
    k, _, v = line.rstrip("\n").partition(": ")
    if k == "leaf_hash": h = bytes.fromhex(v)
    if k == "path":
        side, x = v.split()
        x = bytes.fromhex(x)
        h = hashlib.sha256(b"\x01" + (x + h if side == "left" else h + x)).digest()
print(h.hex())' "$T/out")" "$(json_get "$P" "j['root']")"
# The live receipt page shows the same leaf, path and root as verify
# --receipt, and the fingerprint the notice prints, in every language.
cp "$T/out" "$T/verify-r101"
vroot=$(sed -n 's/^root: //p' "$T/verify-r101")
vfp=$(sed -n 's/^fingerprint: //p' "$T/verify-r101")
contains "notice prints verify's fingerprint" "$SITE/notice/$E.html" "指纹：$vfp"
for lang in en zh_CN zh_TW; do
	expect 0 "$OFFICE" page --db "$OD" --lang $lang "/r/$r101"
	cp "$T/out" "$T/r101.$lang.html"
	contains "receipt page ($lang): publication 2" "$T/r101.$lang.html" '<dt>[^<]+</dt><dd>[^<]*2[^<]* <time'
	contains "receipt page ($lang): root fingerprint of the notice" "$T/r101.$lang.html" "<span class=\"nw fp\">$vfp</span>"
	contains "receipt page ($lang): the path checks" "$T/r101.$lang.html" 'class="verdict counted path-checks"'
done
contains "receipt page (zh_CN): in Chinese" "$T/r101.zh_CN.html" '路径核验通过'
contains "receipt page (zh_TW): in Traditional Chinese" "$T/r101.zh_TW.html" '路徑核驗通過'
same "receipt page: leaf hash as verify" "$(sed -n 's/.*<code class="hash leaf-hash">\([0-9a-f]*\)<.*/\1/p' "$T/r101.en.html")" \
    "$(sed -n 's/^leaf_hash: //p' "$T/verify-r101")"
same "receipt page: the path as verify" "$(sed -n 's/.*<li>\([a-z]*\) <code class="hash step">\([0-9a-f]*\)<.*/\1 \2/p' "$T/r101.en.html")" \
    "$(sed -n 's/^path: //p' "$T/verify-r101")"
same "receipt page: the root as verify" "$(sed -n 's/.*<code class="hash root">\([0-9a-f]*\)<.*/\1/p' "$T/r101.en.html")" "$vroot"
rec101=$(sed -n 's/^record: //p' "$T/verify-r101")
contains "receipt page: the leaf as published" "$T/r101.en.html" "<code class=\"leaf\">\{&quot;area&quot;: &quot;[0-9.]+&quot;, &quot;choice&quot;: &quot;agree&quot;, &quot;kind&quot;: &quot;answer&quot;, &quot;owner&quot;: &quot;[0-9a-f]{32}&quot;, &quot;record&quot;: &quot;$rec101&quot;"
"$OFFICE" page --db "$OD" "/api/r/$r101" >"$T/r101.json" || fail "/api/r/$r101"
same "receipt JSON: path and root as the published file" \
    "$(json_get "$T/r101.json" "(j['publication']['number'], j['publication']['root'], j['publication']['checks'])")" \
    "(2, '$vroot', True)"
# The superseded answer of 1-1-201 was counted in publication 1 only.
expect 0 "$OFFICE" page --db "$OD" --lang en "/r/$r201"
contains "superseded receipt: the publication that counted it" "$T/out" '<dd>No. 1 <time'
contains "superseded receipt: the latest no longer counts it" "$T/out" 'Publication No. 2, the latest, no longer counts this record'
# A stored leaf changed behind publish's back: the path no longer checks.
cp "$OD" "$T/tampered.db"
sql "$T/tampered.db" "UPDATE publication_leaf SET choice = 'disagree' WHERE record = '$rec101'"
expect 0 "$OFFICE" page --db "$T/tampered.db" --lang en "/r/$r101"
contains "tampered stored leaf: the path does not check" "$T/out" 'class="verdict not-counted path-fails">The path does not check'
expect_error 1 "--receipt: $r201: no latest publication of .* counts this record" "$OFFICE" verify --receipt "$r201" "$SITE"
expect_error 2 "--receipt: 'nonsense' is not a receipt" "$OFFICE" verify --receipt nonsense "$SITE"

# tamper NAME PYTHON: a copy of the site as $T/NAME with PYTHON applied
# to publications/2.json (and publication.json) as j.
tamper() {
	rm -rf "$T/$1"
	cp -r "$SITE" "$T/$1"
	for f in "$T/$1/e/$E/publications/2.json" "$T/$1/e/$E/publication.json"; do
		python3 -c 'import json,sys
j = json.load(open(sys.argv[1]))
exec(sys.argv[2])
open(sys.argv[1], "w").write(json.dumps(j, ensure_ascii=False, indent=1, sort_keys=True))' "$f" "$2" ||
		    fail "tamper $1"
	done
}
tamper choice 'l = [l for l in j["leaves"] if l["kind"] == "answer" and l["choice"] == "abstain"][0]; l["choice"] = "agree"'
expect_error 1 "e/$E/publications/2.json: estate $E: question Q-BASIC: choice (abstain|agree): [0-9]+ owners in the tally, [0-9]+ in the leaves" \
    "$OFFICE" verify "$T/choice"
tamper figure 'q = [q for q in j["tally"]["questions"] if q["question_id"] == "Q-BASIC"][0]; q["eligible"]["owners"] += 1'
expect_error 1 "e/$E/publications/2.json: estate $E: question Q-BASIC: participation bar: owners" \
    "$OFFICE" verify "$T/figure"
tamper figure2 'q = [q for q in j["tally"]["questions"] if q["question_id"] == "Q-BASIC"][0]; q["participating"]["owners"] -= 1'
expect_error 1 "e/$E/publications/2.json: estate $E: question Q-BASIC: participating: 3 owners in the tally, 4 in the leaves" \
    "$OFFICE" verify "$T/figure2"
tamper verdict 'q = [q for q in j["tally"]["questions"] if q["question_id"] == "Q-BASIC"][0]; q["approval_met"] = not q["approval_met"]'
expect_error 1 "e/$E/publications/2.json: estate $E: question Q-BASIC: approval_met does not follow from its bars" \
    "$OFFICE" verify "$T/verdict"
tamper signature 's = j["signature"]; j["signature"] = ("0" if s[0] != "0" else "1") + s[1:]'
expect_error 1 "e/$E/publications/2.json: estate $E: the office signature over root and tally does not verify" \
    "$OFFICE" verify "$T/signature"
tamper root 'j["leaves"][0], j["leaves"][1] = j["leaves"][1], j["leaves"][0]'
expect_error 1 "e/$E/publications/2.json: estate $E: the root [0-9a-f]{16} is not the root of the leaves" \
    "$OFFICE" verify "$T/root"
tamper extra 'l = dict(j["leaves"][0]); l["kind"] = "pledge"; l["subject"] = "P-NONE"; j["leaves"].append(l)'
expect_error 1 "e/$E/publications/2.json: estate $E: leaf 5 \\(record [0-9a-f]{16}\\): pledge P-NONE is not in the tally" \
    "$OFFICE" verify "$T/extra"
rm -rf "$T/gap" && cp -r "$SITE" "$T/gap" && mv "$T/gap/e/$E/publications/2.json" "$T/gap/e/$E/publications/3.json"
expect_error 1 "e/$E/publications/3.json: estate $E: publication 2 is missing before it" "$OFFICE" verify "$T/gap"
rm -rf "$T/latest" && cp -r "$SITE" "$T/latest" && cp "$T/latest/e/$E/publications/1.json" "$T/latest/e/$E/publication.json"
expect_error 1 "e/$E/publication.json: estate $E: not the same as the latest" "$OFFICE" verify "$T/latest"

# A later publication, properly signed, that drops a record counted
# earlier (the row removed from the office database behind its back).
rec=$(sql "$OD" "SELECT lower(hex(l.hash)) FROM ledger l JOIN answer a ON a.device = l.device AND a.seq = l.seq WHERE a.flat_id = '1-1-301'")
sql "$OD" "DELETE FROM answer WHERE flat_id = '1-1-301'"
expect 0 "$OFFICE" publish --db "$OD" --out "$SITE" --base-url "$BASE"
check "third publication" test -s "$SITE/e/$E/publications/3.json"
expect_error 1 "e/$E/publications/3.json: estate $E: record $(echo "$rec" | cut -c1-16) \\(answer Q-BASIC, owner [0-9a-f]{8}\\) counted in e/$E/publications/2.json is missing" \
    "$OFFICE" verify "$SITE"

expect_error 1 "no publication to verify|not a published site" "$OFFICE" verify "$T/nothing"
test_done
