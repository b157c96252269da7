#!/bin/sh
# publish in proportion to what changed: an estate whose pages show
# nothing new is carried over from the site as it was (its files linked,
# not written), every other one is made again.  After each change in
# turn (a paper ballot, a roster change, a plan change, an objection, the
# notice's office details, another --at, another --base-url) the estate
# it touches is made and the others are carried over (publish's counts,
# the files' inodes), and every page of the site is byte for byte what a
# publish of the same database into an empty directory writes: the index
# and the evaluation report too, whose lines of the estates carried over
# come from the parts kept in the site, not from a tally.  Parts or
# stamps that are missing, changed or unreadable make every estate again.
. "$top_srcdir/tests/cli/lib.sh"

DB="$T/office.db"
SITE="$T/site"
BASE=https://office.example:8443
AT=2027-07-01T00:00:00+08:00
demo_office "$DB" || fail "demo office"

# inode FILE: its inode number.
inode() {
	stat -c %i "$1"
}

# inodes: each estate's page, notice and QR code inodes, one per line.
inodes() {
	for e in LC-XNY-01 LC-XNY-02 LC-XNY-03; do
		echo "$e $(inode "$SITE/e/$e/index.html") $(inode "$SITE/e/$e/index.en.html") $(inode "$SITE/notice/$e.html") $(inode "$SITE/qr/$e.svg")"
	done
}

# pages DIR: a digest per file of DIR but its publications and the
# files that record them (the history of publications is the site's own).
pages() {
	(cd "$1" && find . -type f ! -path '*/publications/*' \
	    ! -name publication.json ! -name .renovote-site \
	    ! -name .renovote-stamps ! -name .renovote-parts | sort |
	    xargs sha256sum)
}

# publish_as NAME MADE [ESTATE]: publish again at $AT to $BASE; MADE
# estates are made, the rest carried over with the same inodes; ESTATE,
# when given, is made, with new pages; then the site's pages equal those
# of a publish of a copy of the database into an empty directory.
publish_as() {
	inodes >"$T/before"
	expect 0 "$OFFICE" publish --db "$DB" --out "$SITE" --base-url "$BASE" --at "$AT"
	contains "$1: counts" "$T/out" "^$2 estates made, $((3 - $2)) unchanged and carried over\$"
	inodes >"$T/after"
	if [ -n "${3:-}" ]; then
		check "$1: $3 written anew" sh -c "! grep -qxF \"\$(grep '^$3 ' '$T/before')\" '$T/after'"
		grep -v "^$3 " "$T/before" >"$T/before.rest"
		grep -v "^$3 " "$T/after" >"$T/after.rest"
	else
		cp "$T/before" "$T/before.rest"
		cp "$T/after" "$T/after.rest"
	fi
	if [ "$2" -lt 3 ]; then
		same "$1: the others carried over (linked)" "$(cat "$T/after.rest")" "$(cat "$T/before.rest")"
	fi
	rm -rf "$T/fresh" "$T/fresh.db" "$T/fresh.db-wal" "$T/fresh.db-shm"
	sqlite3 "$DB" ".backup '$T/fresh.db'" || fail "copy the database"
	cp "$DB.key" "$T/fresh.db.key"
	expect 0 "$OFFICE" publish --db "$T/fresh.db" --out "$T/fresh" --base-url "$BASE" --at "$AT"
	same "$1: pages as a publish into an empty directory" "$(pages "$SITE")" "$(pages "$T/fresh")"
}

# The first publish makes every estate; again, nothing changed.
expect 0 "$OFFICE" publish --db "$DB" --out "$SITE" --base-url "$BASE" --at "$AT"
contains "first: every estate made" "$T/out" '^3 estates made, 0 unchanged'
check "stamps kept in the site" test -s "$SITE/.renovote-stamps"
check "parts kept in the site" test -s "$SITE/.renovote-parts"
cp "$SITE/.renovote-site" "$T/marker"
publish_as "nothing changed" 0
# The files carried over are hashed for the marker from the list in
# their estate's part: the same marker as when they were read.
same "nothing changed: the same marker" "$(cat "$SITE/.renovote-site")" "$(cat "$T/marker")"

# A paper ballot in LC-XNY-02 (a record of the office's chain).
printf 'estate_id,flat_id,question_id,choice,cast_at,form_ref\nLC-XNY-02,1-1-202,Q-BASIC,agree,2026-12-01T10:00:00+08:00,F-0001\n' >"$T/ballot.csv"
expect 0 "$OFFICE" ballots import --db "$DB" --clerk 王文书 "$T/ballot.csv"
publish_as "paper ballot" 1 LC-XNY-02

# A confirmed change of owner in LC-XNY-02, whose voting has begun (a
# roster record of the office's chain); the roster lists that estate
# only, so only its stamp moves.
awk -F, 'NR == 1 || $1 == "LC-XNY-02"' "$ASSETS/demo-roster.csv" |
    sed 's/^\(LC-XNY-02,[^,]*,1,1,202,1-1-202,\)O-02-0004,48.90,崔素芳/\1O-02-9999,48.90,崔新/' >"$T/roster.csv"
expect 0 "$OFFICE" roster import --db "$DB" --confirm-changes --clerk 李文书 "$T/roster.csv"
contains "roster change recorded" "$T/out" "Recorded 1 roster changes"
publish_as "roster change" 1 LC-XNY-02

# A new version of LC-XNY-03's plan.
sed 's/"en": "Do you agree to carry out the basic renovation works?"/"en": "Do you agree to the basic renovation works?"/' \
    "$ASSETS/demo-plan-LC-XNY-03.json" >"$T/plan-03.json"
expect 0 "$OFFICE" plan import --db "$DB" "$T/plan-03.json"
publish_as "plan change" 1 LC-XNY-03

# An objection to LC-XNY-02's preliminary result, then its resolution.
expect 0 "$OFFICE" objection add --db "$DB" --estate LC-XNY-02 --from 张三 --text '面积有误' --at 2027-07-02T09:00:00+08:00
publish_as "objection" 1 LC-XNY-02
id=$(sql "$DB" "SELECT max(id) FROM objection")
expect 0 "$OFFICE" objection resolve --db "$DB" --id "$id" --resolution '已核实，面积无误' --at 2027-07-03T09:00:00+08:00
# Its resolution shows on the final notice only: LC-XNY-02 is made
# again, to the same bytes.
publish_as "objection resolved" 1

# The notice's office details: every notice changes.
expect 0 "$OFFICE" office info --db "$DB" --name 城关街道办事处 --phone 0379-6321-0000
publish_as "office details" 3

# Another instant, another address: everything is made again.
AT=2027-07-09T00:00:00+08:00
publish_as "another --at" 3
BASE=https://results.example
publish_as "another --base-url" 3

# Another ballot: the index and the report show it, the other estates'
# lines spliced from their parts.
printf 'estate_id,flat_id,question_id,choice,cast_at,form_ref\nLC-XNY-01,1-1-101,Q-BASIC,agree,2026-12-01T10:00:00+08:00,F-0002\n' >"$T/ballot2.csv"
expect 0 "$OFFICE" ballots import --db "$DB" --clerk 王文书 "$T/ballot2.csv"
publish_as "second ballot" 1 LC-XNY-01

# Stamps that cannot be read make every estate again.  (The site made
# then equals the one before, marker included, so it is not swapped in:
# what was changed in it stays until put back, and so does the
# remaking.)
chmod u+w "$SITE"
cp "$SITE/.renovote-stamps" "$T/stamps.good"
cp "$SITE/.renovote-parts" "$T/parts.good"
# put_back NAME FILE: the site's file NAME as FILE holds it.
put_back() {
	cp "$2" "$SITE/$1.new" && mv "$SITE/$1.new" "$SITE/$1"
}
printf 'something else\n' >"$T/junk"
put_back .renovote-stamps "$T/junk"
publish_as "unreadable stamps" 3
put_back .renovote-stamps "$T/stamps.good"
publish_as "stamps put back" 0

# Parts changed (one figure of each estate), missing, or not parts at
# all: every estate is made again, never a stale line.
sed 's/^\([0-9]*\):1$/\1:0/' "$T/parts.good" >"$T/parts"
check "a figure of the parts changed" sh -c "! cmp -s '$T/parts' '$T/parts.good'"
put_back .renovote-parts "$T/parts"
publish_as "changed parts" 3
rm "$SITE/.renovote-parts"
publish_as "missing parts" 3
put_back .renovote-parts "$T/junk"
publish_as "unreadable parts" 3
# Parts that parse but that the stamps do not name: another run's.
sed '/^parts /d' "$T/stamps.good" >"$T/stamps"
put_back .renovote-parts "$T/parts.good"
put_back .renovote-stamps "$T/stamps"
publish_as "stamps naming no parts" 3
put_back .renovote-stamps "$T/stamps.good"
publish_as "parts put back" 0

# A part whose list of files also names another estate's page, with its
# size and hash, and stamps naming those parts (as anyone who can write
# to the site could make them): a list naming anything but the
# estate's own files is not trusted, its files are read instead, and
# the publish neither fails nor carries a stray file.
python3 - "$T/parts.good" "$T/parts" "$SITE/e/LC-XNY-02/index.html" <<'EOF' ||
import hashlib, sys
src, dst, page = sys.argv[1:4]
data = open(src, 'rb').read()
body = open(page, 'rb').read()
extra = b'%d %s e/LC-XNY-02/index.html\n' % (len(body),
    hashlib.sha256(body).hexdigest().encode())
out, at = [], data.index(b'\n') + 1
out.append(data[:at])
while at < len(data):
    nl = data.index(b'\n', at)
    head = data[at:nl + 1]
    out.append(head)
    at = nl + 1
    for k in range(16):          # an estate's fields; the list is last
        if data[at:at + 2] == b'-\n':
            out.append(b'-\n')
            at += 2
            continue
        colon = data.index(b':', at)
        n = int(data[at:colon])
        value = data[colon + 1:colon + 1 + n]
        if k == 15 and head.startswith(b'estate LC-XNY-01 '):
            value += extra
        out.append(b'%d:' % len(value) + value + b'\n')
        at = colon + 1 + n + 1
open(dst, 'wb').write(b''.join(out))
EOF
    fail "write the parts"
check "the list names LC-XNY-02's page" grep -q ' e/LC-XNY-02/index.html$' "$T/parts"
put_back .renovote-parts "$T/parts"
sed "s/^parts .*/parts $(sha256sum "$T/parts" | cut -d' ' -f1)/" "$T/stamps.good" >"$T/stamps"
put_back .renovote-stamps "$T/stamps"
publish_as "a part listing another estate's page" 0
put_back .renovote-parts "$T/parts.good"
put_back .renovote-stamps "$T/stamps.good"
publish_as "parts put back again" 0

test_done
