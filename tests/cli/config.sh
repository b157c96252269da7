#!/bin/sh
# The configuration files (conf.c): office.conf and kiosk.conf give what
# a command line would repeat, the command line wins, a setting reaches
# only the commands that take it, and a bad file stops every command with
# its file and line, changing nothing.
. "$top_srcdir/tests/cli/lib.sh"
KIOSK="$top_builddir/renovote-kiosk"

CONF="$T/office.conf"
cat >"$CONF" <<CONF
# The street office's settings.
db = $T/office.db

base-url   =   https://office.example.cn
listen = 127.0.0.1:1
CONF
export RENOVOTE_CONFIG="$CONF"

# The database comes from the file: init, import and tally need no --db.
expect 0 "$OFFICE" init
check "init made the configured database" test -f "$T/office.db"
check "and its key" test -f "$T/office.db.key"
expect 0 "$OFFICE" roster import "$ASSETS/demo-roster.csv"
expect 0 "$OFFICE" plan import "$ASSETS"/demo-plan-*.json
expect 0 "$OFFICE" tally --estate LC-XNY-02 --json
same "tally reads the configured database" "$(json_get "$T/out" "j['questions'][0]['estate_id']")" LC-XNY-02

# base-url reaches publish, which takes it; listen is ignored by publish.
expect 0 "$OFFICE" publish --out "$T/site" --at 2027-07-01T00:00:00+08:00
contains "publish used the configured base URL" "$T/site/notice/LC-XNY-02.html" "https://office.example.cn/"
# The command line wins over the file.
expect 0 "$OFFICE" publish --out "$T/site2" --base-url https://other.example --at 2027-07-01T00:00:00+08:00
contains "--base-url wins" "$T/site2/notice/LC-XNY-02.html" "https://other.example/"
if grep -rq "office.example.cn" "$T/site2"; then
	fail "the file's base URL leaked past --base-url"
else
	pass
fi
expect_error 1 "nowhere.db: no such database" "$OFFICE" tally --db "$T/nowhere.db"

# A bad file: one line naming the file and line, exit 1, nothing changed.
sig=$(db_signature "$T/office.db")
bad() {
	printf '%s\n' "$2" >"$CONF"
	expect_error 1 "$1" "$OFFICE" roster import "$ASSETS/demo-roster.csv"
}
bad "office.conf:2: unknown setting 'databse'" "db = $T/office.db
databse = x"
bad "office.conf:1: expected NAME = VALUE" "db $T/office.db"
bad "office.conf:2: 'db' is set twice" "db = $T/office.db
db = $T/other.db"
bad "office.conf:1: cert: empty value" "cert ="
# A kiosk setting is not an office one.
bad "office.conf:1: unknown setting 'office-url'" "office-url = https://x"
same "bad files changed nothing" "$(db_signature "$T/office.db")" "$sig"
check "no other database made" test ! -e "$T/other.db"
# A file named by RENOVOTE_CONFIG must be there.
RENOVOTE_CONFIG="$T/missing.conf" expect_error 3 "missing.conf: cannot read the configuration" "$OFFICE" tally
# An empty RENOVOTE_CONFIG reads none: --db is then needed.
RENOVOTE_CONFIG= XDG_DATA_HOME="$T/xdg" expect_error 1 "xdg/renovote/office.db: no such database" "$OFFICE" tally

# kiosk.conf: the kiosk's database and its office URL.
printf 'db = %s\noffice-url = https://office.example.cn\n' "$T/kiosk.db" >"$T/kiosk.conf"
RENOVOTE_CONFIG="$T/kiosk.conf" expect 0 "$KIOSK" init --name hall-1 --pubkey-out "$T/k.pem"
check "kiosk init made the configured database" test -f "$T/kiosk.db"
printf 'listen = 127.0.0.1:1\n' >"$T/kiosk.conf"
RENOVOTE_CONFIG="$T/kiosk.conf" expect_error 1 "kiosk.conf:1: unknown setting 'listen'" "$KIOSK" export --out "$T/b"

test_done
