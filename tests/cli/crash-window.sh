#!/bin/sh
# Crashes in the window between a file's rename and the commit beside it
# (issue 13): codes issue and publish are killed (-9) right before and
# right after they rename their files into place, by the LD_PRELOAD shim
# kill-at-rename.c.  The next office command must leave the codes file
# and the slips matching the stored hashes (or, when the new file is
# lost, the earlier codes and files as they were), the public site
# matching the publication rows, and no plaintext copy, temporary file
# or temporary directory behind.  What killed runs left beside the files
# (codes, slips, site, package, kiosk export) is removed when the command
# starts again.
. "$top_srcdir/tests/cli/lib.sh"

CC=${CC:-cc}
if ! "$CC" -shared -fPIC -o "$T/kill.so" "$top_srcdir/tests/cli/kill-at-rename.c" -ldl 2>"$T/cc.err"; then
	fail "cannot build the kill shim: $(head -c 300 "$T/cc.err")"
	test_done
	exit 1
fi
# In an ASan build the ASan runtime must come first in LD_PRELOAD.
ASAN_LIB=$(ldd "$OFFICE" 2>/dev/null | sed -n 's/^[[:space:]]*libasan[^ ]* => \([^ ]*\) .*/\1/p')

# killed WHEN NAME COMMAND...: run COMMAND, killed -9 WHEN (before or
# after) its rename of a file whose name starts with NAME.
killed() {
	k_when=$1
	k_name=$2
	shift 2
	RENOVOTE_KILL_WHEN=$k_when RENOVOTE_KILL_RENAME=$k_name \
	    LD_PRELOAD="${ASAN_LIB:+$ASAN_LIB }$T/kill.so" "$@" >"$T/out" 2>"$T/err"
	k_rc=$?
	same "killed at $k_when $k_name: exit" "$k_rc" 137
}

# codes_ok DESC: every code in the codes file opens its stored hash
# (scrypt, as code.c hashes), and each appears in the slips.
codes_ok() {
	got=$(python3 - "$T/fx-codes.csv" "$OD" "$T/fx-slips.html" <<'PY'
import csv, hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[2])
stored = dict(db.execute("SELECT flat_id, hash FROM code WHERE estate_id = 'FX-01'"))
slips = open(sys.argv[3], encoding="utf-8").read()
bad = []
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    _, logn, rr, p, salt, key = stored[r["flat_id"]].split("$")
    k = hashlib.scrypt(r["code"].replace("-", "").upper().encode(),
                       salt=bytes.fromhex(salt), n=1 << int(logn), r=int(rr),
                       p=int(p), dklen=len(key) // 2, maxmem=64 << 20)
    if k.hex() != key.lower():
        bad.append(r["flat_id"])
    if r["code"] not in slips:
        bad.append("slip " + r["flat_id"])
print(len(stored), " ".join(bad))
PY
)
	same "$1: every code in the file works" "$got" "6 "
}

# nothing_left DESC: no intent, no kept code, no temporary or old file.
nothing_left() {
	same "$1: intents settled" "$(sql "$OD" "SELECT count(*) FROM intent") $(sql "$OD" "SELECT count(*) FROM intent_code")" "0 0"
	left=$(cd "$T" && find . -name '*.tmp.*' -o -name '*.old.*' -o -name '.publish.*' | head -3)
	same "$1: nothing left beside" "$left" ""
}

OD="$T/office.db"
"$OFFICE" init --db "$OD" >/dev/null || fail "init"
{
	head -1 "$ASSETS/demo-roster.csv" | cut -d, -f1-10
	for r in 101 102 201 202 301 302; do
		echo "FX-01,试点小区,1,1,$r,1-1-$r,O-$r,60.00,业主$r,register"
	done
} >"$T/fx.csv"
"$OFFICE" roster import --db "$OD" "$T/fx.csv" >/dev/null || fail "roster"
ISSUE="$OFFICE codes issue --db $OD --estate FX-01 --out $T/fx-codes.csv --slips $T/fx-slips.html"
$ISSUE >/dev/null || fail "first issue"
codes_ok "first issue"

# --- codes issue killed after renaming the codes file ------------------
# Before the fix this left the new codes in the file, the old hashes
# stored and the working codes in fx-codes.csv.old.XXXXXX.
for when in after before; do
	killed $when fx-codes.csv.tmp. $ISSUE
	expect 0 "$OFFICE" office info --db "$OD"
	contains "killed $when the codes rename: next command finishes" "$T/err" "interrupted codes issue of FX-01 was finished"
	codes_ok "killed $when the codes rename"
	nothing_left "killed $when the codes rename"
done
# Killed between the two renames: the next codes issue itself settles.
killed after fx-slips.html.tmp. $ISSUE
expect 0 $ISSUE
contains "killed after the slips rename: codes issue finishes it first" "$T/err" "interrupted codes issue of FX-01 was finished"
codes_ok "killed after the slips rename, issued again"
nothing_left "killed after the slips rename, issued again"

# --- many kills (RENOVOTE_LONG=1: make check-long) ---------------------
# Killed at each rename in turn, before or after it, then issued again by
# a run that settles what the killed one left: every time the files match
# the stored hashes.
runs=2
[ "${RENOVOTE_LONG:-}" = 1 ] && runs=300
i=0
while [ $i -lt $runs ]; do
	case $((i % 4)) in
	0) k=fx-codes.csv.tmp.; w=before ;;
	1) k=fx-codes.csv.tmp.; w=after ;;
	2) k=fx-slips.html.tmp.; w=before ;;
	*) k=fx-slips.html.tmp.; w=after ;;
	esac
	RENOVOTE_KILL_WHEN=$w RENOVOTE_KILL_RENAME=$k \
	    LD_PRELOAD="${ASAN_LIB:+$ASAN_LIB }$T/kill.so" $ISSUE >/dev/null 2>&1
	[ $? -eq 137 ] || fail "kill run $i: not killed at $w $k"
	i=$((i + 1))
done
expect 0 "$OFFICE" office info --db "$OD"
codes_ok "after $runs kills"
nothing_left "after $runs kills"

# --- the new codes file lost before its rename: roll back --------------
cp "$T/fx-codes.csv" "$T/codes.before"
cp "$T/fx-slips.html" "$T/slips.before"
before=$(sql "$OD" "SELECT group_concat(flat_id || hash, ' ') FROM code WHERE estate_id = 'FX-01'")
epoch=$(sql "$OD" "SELECT from_version FROM codes_epoch WHERE estate_id = 'FX-01'")
killed before fx-codes.csv.tmp. $ISSUE
rm -f "$T"/fx-codes.csv.tmp.*
expect 0 "$OFFICE" office info --db "$OD"
contains "new codes lost: rolled back" "$T/err" "interrupted codes issue of FX-01 was rolled back"
same "new codes lost: the earlier hashes stored" "$(sql "$OD" "SELECT group_concat(flat_id || hash, ' ') FROM code WHERE estate_id = 'FX-01'")" "$before"
same "new codes lost: the earlier epoch" "$(sql "$OD" "SELECT from_version FROM codes_epoch WHERE estate_id = 'FX-01'")" "$epoch"
check "new codes lost: codes file as it was" cmp -s "$T/fx-codes.csv" "$T/codes.before"
check "new codes lost: slips as they were" cmp -s "$T/fx-slips.html" "$T/slips.before"
codes_ok "new codes lost"
nothing_left "new codes lost"

# --- leftovers of killed runs are removed at the start -----------------
for f in fx-codes.csv.tmp.aB3dE9 fx-codes.csv.old.Zz0019 fx-slips.html.tmp.QQQQQQ; do
	echo "stale 1-1-101 code" >"$T/$f"
done
echo keep >"$T/fx-codes.csv.notes"
expect 0 $ISSUE
nothing_left "stale files"
same "someone's own file kept" "$(cat "$T/fx-codes.csv.notes")" keep
codes_ok "stale files"

# --- publish killed around the site swap -------------------------------
# Before the fix the site was swapped in before the publication rows
# committed: killed after the swap, the site was ahead of the database.
DB="$T/demo.db"
SITE="$T/site"
demo_office "$DB" || fail "demo office"
pub() {
	"$OFFICE" publish --db "$DB" --out "$SITE" --base-url https://office.example --at "$1"
}
# consistent DESC: the site lists as many publications as are stored.
consistent() {
	same "$1: site matches the database" \
	    "$(find "$SITE/e" -path '*/publications/*.json' | wc -l)" \
	    "$(sql "$DB" "SELECT count(*) FROM publication")"
	same "$1: intents settled" "$(sql "$DB" "SELECT count(*) FROM intent")" 0
	same "$1: no temporary directory" "$(cd "$T" && find . -maxdepth 1 -name '.publish.*')" ""
}
expect 0 pub 2027-07-01T00:00:00+08:00
consistent "first publish"
day=2
for when in after before; do
	killed $when .publish. pub 2027-07-0${day}T00:00:00+08:00
	day=$((day + 1))
	expect 0 "$OFFICE" office info --db "$DB"
	contains "publish killed $when the swap: next command finishes" "$T/err" "interrupted publish was finished"
	consistent "publish killed $when the swap"
done
# The new site lost before its swap: the publications are removed.
n=$(sql "$DB" "SELECT count(*) FROM publication")
killed before .publish. pub 2027-07-0${day}T00:00:00+08:00
day=$((day + 1))
for d in "$T"/.publish.*; do rm -rf "$d"; done
expect 0 "$OFFICE" office info --db "$DB"
contains "new site lost: rolled back" "$T/err" "interrupted publish was rolled back"
same "new site lost: no new publication" "$(sql "$DB" "SELECT count(*) FROM publication")" "$n"
consistent "new site lost"
# A killed first publish (no site yet), finished by the next publish.
rm -rf "$SITE"
"$SQLITE3" "$DB" "DELETE FROM publication"
killed after .publish. pub 2027-07-0${day}T00:00:00+08:00
mkdir "$T/.publish.Stale1" && echo x >"$T/.publish.Stale1/f"
expect 0 pub 2027-07-0$((day + 1))T00:00:00+08:00
contains "first publish killed: the next publish finishes it" "$T/err" "interrupted publish was finished"
consistent "first publish killed, published again"

# --- package killed around its rename ---------------------------------
# Before the fix the package was renamed into place before its version
# was committed: killed after the rename, the file held a version the
# office had not counted, and the next package gave that number to a
# different package.
LO="$T/live.db"
live_office "$LO" "$T" || fail "live office"
PKG="$OFFICE package --db $LO --estate LC-XNY-02 --out $T/p.pkg"
# pkg_ok DESC: the file is the package the office stores and serves.
pkg_ok() {
	"$SQLITE3" "$LO" "SELECT writefile('$T/stored.pkg', body) FROM package_body WHERE estate_id = 'LC-XNY-02'" >/dev/null
	check "$1: the file is the stored package" cmp -s "$T/p.pkg" "$T/stored.pkg"
	same "$1: intents settled" "$(sql "$LO" "SELECT count(*) FROM intent")" 0
	same "$1: nothing left beside" "$(cd "$T" && ls p.pkg.* 2>/dev/null)" ""
}
expect 0 $PKG
pkg_ok "first package"
for when in after before; do
	v=$(sql "$LO" "SELECT version FROM package WHERE estate_id = 'LC-XNY-02'")
	killed $when p.pkg.tmp. $PKG
	same "package killed $when its rename: version counted" "$(sql "$LO" "SELECT version FROM package WHERE estate_id = 'LC-XNY-02'")" $((v + 1))
	expect 0 "$OFFICE" office info --db "$LO"
	contains "package killed $when its rename: next command finishes" "$T/err" "interrupted package of LC-XNY-02 was finished"
	pkg_ok "package killed $when its rename"
done
# The new file lost before its rename: the version stands (kiosks may
# have fetched it by sync), the old file stays, the next run goes on.
cp "$T/p.pkg" "$T/pkg.before"
v=$(sql "$LO" "SELECT version FROM package WHERE estate_id = 'LC-XNY-02'")
killed before p.pkg.tmp. $PKG
rm -f "$T"/p.pkg.tmp.*
expect 0 "$OFFICE" office info --db "$LO"
contains "package file lost: said so" "$T/err" "interrupted package of LC-XNY-02 was lost"
check "package file lost: the old file as it was" cmp -s "$T/p.pkg" "$T/pkg.before"
expect 0 $PKG
contains "package file lost: the next package is newer" "$T/out" "version $((v + 2)) of LC-XNY-02"
pkg_ok "package file lost, packaged again"

# --- package and kiosk export: leftovers removed at the start ----------
for f in p.pkg.tmp.Ab12Cd p.pkg.old.Ef34Gh b1.tmp.Ij56Kl b1.old.Mn78Op; do
	echo stale >"$T/$f"
done
expect 0 "$OFFICE" package --db "$LO" --estate LC-XNY-02 --out "$T/p.pkg"
same "package: stale files removed" "$(cd "$T" && ls p.pkg.*)" ""
new_kiosk "$T/k.db" hall-1 "$LO" "$T/p.pkg" || fail "kiosk set-up"
expect 0 "$KIOSK" cast --db "$T/k.db" --flat 1-1-101 --code-file "$(code_file "$(code_of 1-1-101)")" --question Q-BASIC --choice agree
expect 0 "$KIOSK" export --db "$T/k.db" --out "$T/b1"
same "export: stale files removed" "$(cd "$T" && ls b1.*)" ""
check "export: the bundle written" test -s "$T/b1"

test_done
