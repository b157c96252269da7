#!/bin/sh
# Power loss, the way SQLite tests itself: streams of real commands (kiosk
# cast and export, office ingest, ballots import, codes issue, publish) run
# under tests/powerloss/powerloss.so, which keeps what the disk would hold
# after a power cut (each file as of its last fsync, each directory's
# entries as of its last fsync) and at a chosen event (write, sync,
# create, rename, unlink, mkdir) cuts the power: the process ends and the
# directory is replaced by what the disk would hold.  Then: every
# acknowledged command (exit 0 and its confirmation printed before the
# cut) is there whole, nothing else is there in part, every database
# passes integrity_check, and the next command works.
#
# "make check" cuts each stream at one seeded point and after it; RENOVOTE_LONG=1
# ("make check-long") cuts every stream at every one of its events, and
# after its last command.  docs/reliability.md, "Power loss", says what
# was found.
. "$top_srcdir/tests/cli/lib.sh"

PL_LIB="$top_builddir/tests/powerloss/powerloss.so"
if [ ! -e "$PL_LIB" ]; then
	fail "$PL_LIB not built (make check builds it)"
	test_done
	exit 1
fi
# In an ASan build the ASan runtime must come first in LD_PRELOAD.
ASAN_LIB=$(ldd "$OFFICE" 2>/dev/null | sed -n 's/^[[:space:]]*libasan[^ ]* => \([^ ]*\) .*/\1/p')
PL_PRELOAD="${ASAN_LIB:+$ASAN_LIB }$PL_LIB"
PL_EXIT=86
W="$T/w"		# the directory the stream works in
BASE="$T/base"		# its state before each run, durable
SITE_URL=https://office.example:8443

# cast_code FLAT QUESTION CHOICE: a kiosk cast with the flat's code from
# $T/code.FLAT, written before the streams (code_files): it runs under the
# power-loss library, so it starts no other program (an ASan build's
# runtime, preloaded into mktemp, would fail it with a leak report).
cast_code() {
	"$KIOSK" cast --db "$W/k1.db" --flat "$1" --code-file "$T/code.$1" --question "$2" --choice "$3"
}

# code_files DIR FLAT...: $T/code.FLAT holding each flat's code from
# DIR/codes.csv (LC-XNY-02's codes are the same in every run).
code_files() {
	c_dir=$1
	shift
	for c_flat in "$@"; do
		grep "^LC-XNY-02,$c_flat," "$c_dir/codes.csv" | cut -d, -f3 >"$T/code.$c_flat" || return 1
	done
}

# --- the state each run starts from ----------------------------------
mkdir "$BASE" || fail "base"
live_office "$BASE/office.db" "$BASE" || fail "office set-up"
# A small estate of three flats for codes issue (each code costs an
# scrypt hash).
printf '%s\n' 'estate_id,estate_name,building,entrance,room,flat_id,owner_id,area_m2,owner_name,area_source,estate_name_zh_TW,estate_name_en' \
    'LC-XNY-09,试验小院,1,1,101,1-1-101,O-09-0001,61.20,甲一,contract,試驗小院,Test Yard' \
    'LC-XNY-09,试验小院,1,1,102,1-1-102,O-09-0002,58.40,乙二,contract,試驗小院,Test Yard' \
    'LC-XNY-09,试验小院,1,1,201,1-1-201,O-09-0003,61.20,丙三,contract,試驗小院,Test Yard' >"$T/small.csv"
"$OFFICE" roster import --db "$BASE/office.db" "$T/small.csv" >/dev/null || fail "small estate"
new_kiosk "$BASE/k1.db" hall-1 "$BASE/office.db" "$BASE/p1.pkg" || fail "kiosk 1 set-up"
new_kiosk "$BASE/k2.db" hall-2 "$BASE/office.db" "$BASE/p1.pkg" || fail "kiosk 2 set-up"
code_files "$BASE" 1-1-101 1-1-201 1-1-301 1-2-101 1-2-102 || fail "code files"
# Kiosk 2's bundles for the ingest stream: one answer, then two.
W=$BASE
cast2() {
	"$KIOSK" cast --db "$BASE/k2.db" --flat "$1" --code-file "$T/code.$1" --question Q-BASIC --choice agree >/dev/null
}
{ cast2 1-2-101 && "$KIOSK" export --db "$BASE/k2.db" --out "$BASE/b1" >/dev/null &&
    cast2 1-2-102 && "$KIOSK" export --db "$BASE/k2.db" --out "$BASE/b2" >/dev/null; } ||
    fail "kiosk 2 bundles"
# Paper ballots, three files.
# bal_of N: the entrance whose flats 101 and 102 file N holds.
bal_of() {
	case $1 in 1) echo 2-1 ;; 2) echo 2-2 ;; *) echo 3-1 ;; esac
}
for b in 1 2 3; do
	printf 'estate_id,flat_id,question_id,choice,cast_at,form_ref\nLC-XNY-02,%s-101,Q-BASIC,agree,%s,F-000%s\nLC-XNY-02,%s-102,Q-BASIC,disagree,%s,F-010%s\n' \
	    "$(bal_of $b)" "$(iso_at '-1 hour')" "$b" "$(bal_of $b)" "$(iso_at '-1 hour')" "$b" >"$BASE/bal$b.csv"
done
# A site published once, so publish replaces one.
PUB_AT=$(iso_at '+3 days')
PUB_AT2=$(iso_at '+3 days 1 hour')
PUB_MS=$(( $(date -d "$PUB_AT2" +%s) * 1000 ))
"$OFFICE" publish --db "$BASE/office.db" --out "$BASE/site" --base-url "$SITE_URL" --at "$PUB_AT" >/dev/null ||
    fail "first publish"
W="$T/w"

# --- running a stream under the power cut ------------------------------

# pl_run CMD...: run one command of a stream with the power going at
# event PL_LEFT; stdout in $T/out, stderr in $T/err, status in PL_RC;
# PL_LEFT less the events the command made.
pl_run() {
	rm -f "$T/count"
	POWERLOSS_ROOT="$W" POWERLOSS_SHADOW="$T/s" POWERLOSS_OUT="$T/cut" \
	    POWERLOSS_COUNT="$T/count" POWERLOSS_AT="$PL_LEFT" \
	    LD_PRELOAD="$PL_PRELOAD" "$@" >"$T/out" 2>"$T/err"
	PL_RC=$?
	pl_n=$(cat "$T/count" 2>/dev/null || echo 0)
	PL_EVENTS=$((PL_EVENTS + pl_n))
	if [ "$PL_LEFT" -gt 0 ]; then PL_LEFT=$((PL_LEFT - pl_n)); fi
}

# step NAME PATTERN CMD...: one command of the stream; when it exits 0
# and printed PATTERN it is acknowledged (NAME in ACKED).  Fails (1) once
# the power has gone.
step() {
	s_name=$1 s_pattern=$2
	shift 2
	[ "$PL_CUT" -eq 0 ] || return 1
	pl_run "$@"
	if [ "$PL_RC" -eq "$PL_EXIT" ]; then
		PL_CUT=1
		return 1
	fi
	if [ "$PL_RC" -eq 0 ] && grep -Eq -- "$s_pattern" "$T/out"; then
		ACKED="$ACKED $s_name"
	else
		fail "$STREAM at $PL_POINT: $s_name: exit $PL_RC: $(cat "$T/out" "$T/err" | head -3)"
	fi
	return 0
}

# acked NAME: was the step acknowledged?
acked() {
	case " $ACKED " in *" $1 "*) return 0 ;; esac
	return 1
}

# start: a fresh copy of the base state and an empty model.
start() {
	rm -rf "$W" "$T/s" "$T/cut"
	cp -a "$BASE" "$W" && mkdir -p "$T/s/d" "$T/s/n" "$T/s/l" "$T/s/k" "$T/s/g" ||
	    fail "copy of the base"
	ACKED= PL_CUT=0 PL_EVENTS=0
}

# cut_now: the power goes after the stream (if it has not yet), and the
# directory becomes what the disk holds.
cut_now() {
	if [ "$PL_CUT" -eq 0 ]; then
		POWERLOSS_ROOT="$W" POWERLOSS_SHADOW="$T/s" POWERLOSS_OUT="$T/cut" \
		    POWERLOSS_NOW=1 LD_PRELOAD="$PL_PRELOAD" env true
		[ $? -eq "$PL_EXIT" ] || fail "$STREAM: the power cut after the stream did not happen"
	fi
	if [ -d "$T/cut" ]; then
		rm -rf "$W" && mv "$T/cut" "$W" || fail "$STREAM: replacing the directory"
	else
		fail "$STREAM at $PL_POINT: no tree written at the power cut"
	fi
	rm -rf "$T/s"
}

# intact DB...: each database passes integrity_check.
intact() {
	for i_db in "$@"; do
		same "$STREAM at $PL_POINT: $(basename "$i_db") intact" \
		    "$(sql "$i_db" "PRAGMA integrity_check" 2>&1)" ok
	done
}

# now_works DESC PATTERN CMD...: the next command works (without the cut).
now_works() {
	n_desc=$1 n_pattern=$2
	shift 2
	"$@" >"$T/out" 2>"$T/err"
	n_rc=$?
	if [ "$n_rc" -eq 0 ] && grep -Eq -- "$n_pattern" "$T/out"; then
		pass
	else
		fail "$STREAM at $PL_POINT: $n_desc: exit $n_rc: $(cat "$T/out" "$T/err" | head -3)"
	fi
}

# no_debris: no temporary file or directory left after the next command.
no_debris() {
	n_left=$(find "$W" \( -name '*.tmp.*' -o -name '.publish.*' -o -name '*.old.*' \) | head -3)
	same "$STREAM at $PL_POINT: no temporary or old files after the next command" "$n_left" ""
}

# answers DB FLAT QUESTION: how many answers of FLAT to QUESTION DB holds.
answers() {
	sql "$1" "SELECT count(*) FROM answer WHERE flat_id = '$2' AND question_id = '$3'"
}

# --- the streams ---------------------------------------------------------
# Each stream_X runs the stream; check_X asserts after the cut.

# A kiosk takes two answers and exports.
stream_cast() {
	step c1 '^[0-9A-Z]{5}-[0-9A-Z]{5}  record [0-9]+ of kiosk hall-1, [0-9a-f]{8}$' cast_code 1-1-101 Q-BASIC agree &&
	step c2 '^[0-9A-Z]{5}-[0-9A-Z]{5}  record [0-9]+ of kiosk hall-1, [0-9a-f]{8}$' cast_code 1-1-201 Q-BASIC disagree &&
	step e1 'Exported' "$KIOSK" export --db "$W/k1.db" --out "$W/b-k1"
}
check_cast() {
	intact "$W/k1.db"
	for c in c1:1-1-101 c2:1-1-201; do
		c_n=$(answers "$W/k1.db" "${c#*:}" Q-BASIC)
		if acked "${c%%:*}"; then
			same "$STREAM at $PL_POINT: acknowledged answer ${c#*:} kept" "$c_n" 1
		else
			check "$STREAM at $PL_POINT: answer ${c#*:} whole or absent" test "$c_n" -le 1
		fi
	done
	if acked e1; then
		now_works "acknowledged bundle ingests" 'stored|no new' "$OFFICE" ingest --db "$W/office.db" "$W/b-k1"
	fi
	# The next answer, a new bundle, and the office takes the chain.
	now_works "next cast" '^[0-9A-Z]{5}-[0-9A-Z]{5}  record [0-9]+ of kiosk hall-1, [0-9a-f]{8}$' cast_code 1-1-301 Q-BASIC agree
	now_works "next export" 'Exported' "$KIOSK" export --db "$W/k1.db" --out "$W/b-next"
	now_works "office ingests the chain" 'stored' "$OFFICE" ingest --db "$W/office.db" "$W/b-next"
	same "$STREAM at $PL_POINT: office holds the kiosk's answers" \
	    "$(sql "$W/office.db" "SELECT count(*) FROM answer WHERE device = 'hall-1'")" \
	    "$(sql "$W/k1.db" "SELECT count(*) FROM answer")"
	intact "$W/k1.db" "$W/office.db"
	no_debris
}

# The office ingests two bundles of kiosk 2.
stream_ingest() {
	step i1 'stored' "$OFFICE" ingest --db "$W/office.db" "$W/b1" &&
	step i2 'stored' "$OFFICE" ingest --db "$W/office.db" "$W/b2"
}
check_ingest() {
	intact "$W/office.db"
	i_n=$(sql "$W/office.db" "SELECT count(*) FROM answer WHERE device = 'hall-2'")
	if acked i2; then
		same "$STREAM at $PL_POINT: both acknowledged ingests kept" "$i_n" 2
	elif acked i1; then
		check "$STREAM at $PL_POINT: acknowledged ingest kept ($i_n answers)" test "$i_n" -ge 1
	fi
	check "$STREAM at $PL_POINT: each bundle whole or absent ($i_n answers)" test "$i_n" -le 2
	now_works "ingest again" 'stored|nothing new' "$OFFICE" ingest --db "$W/office.db" "$W/b2"
	same "$STREAM at $PL_POINT: all answers after the next ingest" \
	    "$(sql "$W/office.db" "SELECT count(*) FROM answer WHERE device = 'hall-2'")" 2
	intact "$W/office.db"
	no_debris
}

# ballots_of N: the answers of file N's two flats the office holds.
ballots_of() {
	echo $(( $(answers "$W/office.db" "$(bal_of "$1")-101" Q-BASIC) + $(answers "$W/office.db" "$(bal_of "$1")-102" Q-BASIC) ))
}

# The office types in two files of paper ballots.
stream_ballots() {
	step p1 '.' "$OFFICE" ballots import --db "$W/office.db" --clerk 王文书 "$W/bal1.csv" &&
	step p2 '.' "$OFFICE" ballots import --db "$W/office.db" --clerk 王文书 "$W/bal2.csv"
}
check_ballots() {
	intact "$W/office.db"
	for b in 1 2; do
		b_n=$(ballots_of $b)
		if acked "p$b"; then
			same "$STREAM at $PL_POINT: acknowledged ballots bal$b kept" "$b_n" 2
		else
			check "$STREAM at $PL_POINT: ballots bal$b whole or absent ($b_n)" test "$b_n" -eq 0 -o "$b_n" -eq 2
		fi
	done
	now_works "next ballots" '.' "$OFFICE" ballots import --db "$W/office.db" --clerk 王文书 "$W/bal3.csv"
	same "$STREAM at $PL_POINT: next ballots stored" \
	    "$(ballots_of 3)" 2
	intact "$W/office.db"
	no_debris
}

# codes_work FILE: the three codes of FILE (estate LC-XNY-09) match the
# hashes the office holds; prints "ok" or what failed.
codes_work() {
	python3 - "$1" "$W/office.db" <<'PY'
import csv, hashlib, sqlite3, sys
try:
    rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
except OSError as e:
    print("cannot read: %s" % e.strerror); sys.exit()
if len(rows) != 3:
    print("%d codes, not 3" % len(rows)); sys.exit()
db = sqlite3.connect(sys.argv[2])
for r in rows:
    h = db.execute("SELECT hash FROM code WHERE estate_id = ? AND flat_id = ?",
        (r["estate_id"], r["flat_id"])).fetchone()
    if h is None:
        print("no hash for %s" % r["flat_id"]); sys.exit()
    _, logn, rr, p, salt, want = h[0].split("$")
    norm = "".join(c for c in r["code"].upper() if c.isalnum())
    got = hashlib.scrypt(norm.encode(), salt=bytes.fromhex(salt), n=1 << int(logn),
        r=int(rr), p=int(p), dklen=len(want) // 2, maxmem=1 << 28).hex()
    if got != want:
        print("code of %s does not match the office's hash" % r["flat_id"]); sys.exit()
print("ok")
PY
}

# The office issues new codes.
stream_codes() {
	step k1 'Issued 3 voting codes' "$OFFICE" codes issue --db "$W/office.db" --estate LC-XNY-09 --out "$W/CODES.csv"
}
check_codes() {
	intact "$W/office.db"
	if acked k1; then
		same "$STREAM at $PL_POINT: acknowledged CODES.csv works" "$(codes_work "$W/CODES.csv")" ok
	fi
	now_works "codes issue again" 'Issued 3 voting codes' "$OFFICE" codes issue --db "$W/office.db" --estate LC-XNY-09 --out "$W/CODES.csv"
	same "$STREAM at $PL_POINT: CODES.csv works after the next run" "$(codes_work "$W/CODES.csv")" ok
	intact "$W/office.db"
	no_debris
}

# The office publishes again.
stream_publish() {
	step u1 'published' "$OFFICE" publish --db "$W/office.db" --out "$W/site" --base-url "$SITE_URL" --at "$PUB_AT2"
}

# site_ahead: prints "ok" unless the site shows a publication at PUB_MS
# that the office has no row of.
site_ahead() {
	s_json="$W/site/e/LC-XNY-02/publication.json"
	s_at=$(json_get "$s_json" "j['at_ms']" 2>/dev/null)
	if [ "$s_at" = "$PUB_MS" ] &&
	    [ "$(sql "$W/office.db" "SELECT count(*) FROM publication WHERE published_at = $PUB_MS")" = 0 ]; then
		echo "site shows the publication at $PUB_AT2, the office has no row of it"
	else
		echo ok
	fi
}
check_publish() {
	intact "$W/office.db"
	if [ -e "$W/site" ]; then
		now_works "the site verifies" 'verified' "$OFFICE" verify "$W/site"
	else
		fail "$STREAM at $PL_POINT: the published site is gone"
	fi
	# The site is swapped in only after the publication's commit (its
	# intent, docs/reliability.md), so it is never ahead of the office.
	same "$STREAM at $PL_POINT: site not ahead of the office after the cut" "$(site_ahead)" ok
	if acked u1; then
		same "$STREAM at $PL_POINT: acknowledged publication recorded" \
		    "$(sql "$W/office.db" "SELECT count(*) FROM publication WHERE published_at = $PUB_MS")" 1
		same "$STREAM at $PL_POINT: acknowledged publication on the site" \
		    "$(json_get "$W/site/e/LC-XNY-02/publication.json" "j['at_ms']" 2>/dev/null)" "$PUB_MS"
	fi
	now_works "publish again" 'published' "$OFFICE" publish --db "$W/office.db" --out "$W/site" --base-url "$SITE_URL" --at "$PUB_AT2"
	now_works "the site verifies after" 'verified' "$OFFICE" verify "$W/site"
	same "$STREAM at $PL_POINT: site not ahead of the office after the next run" "$(site_ahead)" ok
	same "$STREAM at $PL_POINT: publication recorded after the next run" \
	    "$(sql "$W/office.db" "SELECT count(*) FROM publication WHERE published_at = $PUB_MS")" 1
	intact "$W/office.db"
	no_debris
}

# --- the model itself ----------------------------------------------------
# A test that cannot fail is a defect: first show that the cut loses what
# was not synced and keeps what was.  The steps, in python (os.fsync and
# the open/write/rename under it go through the library), write, sync
# and rename files; after the cut each file must read as the model says.
model_step() {
	pl_run python3 -c "
import os, sys
W = sys.argv[1]
def put(name, data, sync):
    fd = os.open(os.path.join(W, name), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.write(fd, data)
    if sync:
        os.fsync(fd)
    os.close(fd)
def syncdir():
    fd = os.open(W, os.O_RDONLY | os.O_DIRECTORY)
    os.fsync(fd)
    os.close(fd)
put('old', b'old', True)
put('synced', b'synced', True)
put('unsynced', b'unsynced', False)
put('gone', b'gone', True)
syncdir()
put('synced', b'changed', False)
put('noentry', b'noentry', True)
os.rename(os.path.join(W, 'old'), os.path.join(W, 'renamed'))
os.unlink(os.path.join(W, 'gone'))
" "$W"
}
# model_file NAME: the file after the cut, or "absent".
model_file() {
	if [ -e "$W/$1" ]; then cat "$W/$1"; else echo absent; fi
}
STREAM=model PL_POINT=end PL_LEFT=0
rm -rf "$W" "$T/s" "$T/cut"
mkdir -p "$W" "$T/s/d" "$T/s/n" "$T/s/l" "$T/s/k" "$T/s/g"
PL_CUT=0 PL_EVENTS=0
model_step
same "model: the steps ran" "$PL_RC" 0
cut_now
same "model: synced file and entry kept" "$(model_file synced)" synced
same "model: unsynced data lost, entry kept (empty)" "$(model_file unsynced)" ""
same "model: file synced, directory not: no entry" "$(model_file noentry)" absent
same "model: rename without a directory sync undone" "$(model_file old) $(model_file renamed)" "old absent"
same "model: unlink without a directory sync undone" "$(model_file gone)" gone

# --- the runs ----------------------------------------------------------

# run_at STREAM POINT: run STREAM with the power going at event POINT
# (past its last event: after the stream), then check.
run_at() {
	STREAM=$1 PL_POINT=$2 PL_LEFT=$2
	start
	"stream_$STREAM"
	cut_now
	"check_$STREAM"
	ITERATIONS=$((ITERATIONS + 1))
}

ITERATIONS=0
SEED=${POWERLOSS_SEED:-1}
for STREAM in ${POWERLOSS_STREAMS:-cast ingest ballots codes publish}; do
	# A run without a cut counts the stream's events and must succeed;
	# then the power goes after its last command.
	PL_POINT=after PL_LEFT=0
	start
	"stream_$STREAM"
	check "$STREAM: steps acknowledged without a power cut ($ACKED)" test -n "$ACKED"
	total=$PL_EVENTS
	check "$STREAM: the stream made events ($total)" test "$total" -gt 0
	cut_now
	"check_$STREAM"
	ITERATIONS=$((ITERATIONS + 1))
	if [ -n "${POWERLOSS_POINTS:-}" ]; then
		points=$POWERLOSS_POINTS	# to run one failure again
	elif [ -n "${RENOVOTE_LONG:-}" ]; then
		points=$(seq 1 "$total")
	else
		# One seeded point.
		points=$(python3 -c "import random, sys; print(random.Random(sys.argv[1] + sys.argv[2]).randint(1, int(sys.argv[3])))" "$SEED" "$STREAM" "$total")
	fi
	for p in $points; do
		run_at "$STREAM" "$p"
	done
	echo "$STREAM: $total events, cut at $(echo $points | wc -w) of them and after the stream"
done
echo "power cuts: $ITERATIONS"
test_done
