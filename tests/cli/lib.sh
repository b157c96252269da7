# Shared helpers for the command-line tests.  Each test sources this,
# runs the real binaries against real SQLite files in a private directory,
# and ends with test_done, which prints "NAME: N passed, N failed" and
# exits non-zero on any failure.

set -u
: "${top_builddir:?run through make check}" "${top_srcdir:?}"

OFFICE="$top_builddir/renovote-office"
ANSWER_PUT="$top_builddir/tests/answer-put"
ASSETS="$top_srcdir/assets"
SQLITE3="${SQLITE3:-sqlite3}"
TEST_NAME=$(basename "$0" .sh)
T=$(mktemp -d "${TMPDIR:-/tmp}/renovote-$TEST_NAME.XXXXXX")
trap 'rm -rf "$T"' EXIT
# A kiosk loads its first package only with a committee PIN: this one.
KIOSK_PIN_FILE="$T/kiosk-pin"
printf '135790\n' >"$KIOSK_PIN_FILE"
LC_ALL=C.UTF-8
LANGUAGE=
export LC_ALL LANGUAGE
# Default databases never in a service's state directory (cmdline.c).
unset STATE_DIRECTORY

passes=0
fails=0

# Record a failure with its reason.
fail() {
	echo "FAIL: $*" >&2
	fails=$((fails + 1))
}

# Record a passed check.
pass() {
	passes=$((passes + 1))
}

# check DESCRIPTION COMMAND...: the command must succeed.
check() {
	desc=$1
	shift
	if "$@"; then pass; else fail "$desc"; fi
}

# expect CODE COMMAND...: run it, keep stdout in $T/out and stderr in
# $T/err, and require exit status CODE.
expect() {
	want=$1
	shift
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" = "$want" ]; then
		pass
	else
		fail "$*: exit $got, expected $want; stderr: $(head -c 400 "$T/err")"
	fi
}

# expect_error CODE PATTERN COMMAND...: the command must fail with CODE
# and exactly one line on stderr matching PATTERN (extended regex).
expect_error() {
	want=$1
	pattern=$2
	shift 2
	expect "$want" "$@"
	if [ "$(wc -l <"$T/err")" -ne 1 ]; then
		fail "$*: stderr is not one line: $(cat "$T/err")"
	elif ! grep -Eq -- "$pattern" "$T/err"; then
		fail "$*: stderr '$(cat "$T/err")' does not match '$pattern'"
	else
		pass
	fi
}

# db_signature DB: a digest of every row, to show data did not change.
db_signature() {
	"$SQLITE3" "$1" .dump | sha256sum | cut -d' ' -f1
}

# sql DB QUERY: one query's output.
sql() {
	"$SQLITE3" -batch -noheader "$1" "$2"
}

# same DESCRIPTION GOT WANT: compare two strings.
same() {
	if [ "$2" = "$3" ]; then pass; else fail "$1: got '$2', expected '$3'"; fi
}

# contains DESCRIPTION FILE PATTERN: grep -E in a file.
contains() {
	if grep -Eq -- "$3" "$2"; then pass; else fail "$1: '$3' not in $(head -c 600 "$2")"; fi
}

# json_get FILE EXPR: evaluate a Python expression over the JSON as j.
json_get() {
	python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# demo_office DB: an office database with the demo roster and plans.
demo_office() {
	"$OFFICE" init --db "$1" >/dev/null &&
	"$OFFICE" roster import --db "$1" "$ASSETS/demo-roster.csv" >/dev/null &&
	"$OFFICE" plan import --db "$1" "$ASSETS"/demo-plan-*.json >/dev/null
}

# browser_script SCRIPT: $T/browser holding tests/browser/SCRIPT with
# playwright-core beside it, from tests/browser/node_modules (setup.sh:
# npm ci there) or RENOVOTE_NODE_MODULES for a tree without it (make
# distcheck).  Without the module the test fails and ends here.
browser_script() {
	b_modules=
	for m in "${RENOVOTE_NODE_MODULES:-}" "$top_srcdir/tests/browser/node_modules" \
	    "$top_builddir/tests/browser/node_modules"; do
		if [ -n "$m" ] && [ -d "$m/playwright-core" ]; then b_modules=$m; break; fi
	done
	if [ -z "$b_modules" ]; then
		fail "playwright-core not installed: cd tests/browser && npm ci"
		test_done
		exit 1
	fi
	mkdir -p "$T/browser" && cp "$top_srcdir/tests/browser/$1" "$T/browser/" &&
	    ln -sfn "$b_modules" "$T/browser/node_modules" || fail "browser script"
}

# static_server DIR: serve DIR over HTTP on a loopback port the kernel
# picks, as a plain web server would serve a published site; sets PORT
# and HTTP_PID (the caller kills it), and fails if it does not start.
static_server() {
	python3 -c '
import http.server, os, sys
os.chdir(sys.argv[1])
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
open(sys.argv[2] + ".tmp", "w").write(str(s.server_address[1]))
os.rename(sys.argv[2] + ".tmp", sys.argv[2])
s.serve_forever()
' "$1" "$T/port" 2>"$T/http.log" &
	HTTP_PID=$!
	s_i=0
	while [ ! -s "$T/port" ] && [ $s_i -lt 100 ]; do
		sleep 0.1
		s_i=$((s_i + 1))
	done
	PORT=$(cat "$T/port" 2>/dev/null)
	[ -n "$PORT" ] || fail "http.server did not start"
}

# need TOOL...: without one of these tools the test cannot mean anything
# (a check against what a missing tool prints passes on nothing): say
# which is missing and exit 77, automake's SKIP, rather than pass.
need() {
	for n_tool in "$@"; do
		if ! command -v "$n_tool" >/dev/null 2>&1; then
			echo "SKIP: $TEST_NAME needs $n_tool, which is not installed (setup.sh installs it)"
			exit 77
		fi
	done
}

test_done() {
	echo "$TEST_NAME: $passes passed, $fails failed"
	[ "$fails" -eq 0 ] && [ "$passes" -gt 0 ]
}

KIOSK="$top_builddir/renovote-kiosk"

# iso_at OFFSET: the time OFFSET from now (a date(1) phrase, e.g.
# "-2 days"), ISO 8601 in China Standard Time.
iso_at() {
	TZ=Asia/Shanghai date -d "$1" +%Y-%m-%dT%H:%M:%S+08:00
}

# live_plan OUT: plan 02 of the demo with every question open from a day
# ago to a day from now, Q-UPGRADE closed two days ago, Q-FUND opening
# tomorrow.
live_plan() {
	python3 - "$ASSETS/demo-plan-LC-XNY-02.json" "$1" "$(iso_at '-1 day')" \
	    "$(iso_at '+1 day')" "$(iso_at '-3 days')" "$(iso_at '-2 days')" \
	    "$(iso_at '+1 day')" "$(iso_at '+2 days')" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
for q in p["questions"]:
    q["opens"], q["closes"] = sys.argv[3], sys.argv[4]
    if q["id"] == "Q-UPGRADE":
        q["opens"], q["closes"] = sys.argv[5], sys.argv[6]
    if q["id"] == "Q-FUND":
        q["opens"], q["closes"] = sys.argv[7], sys.argv[8]
open(sys.argv[2], "w").write(json.dumps(p, ensure_ascii=False))
PY
}

# live_office DB DIR: an office with the demo roster, the live plan of
# LC-XNY-02, its codes in DIR/codes.csv and its package in DIR/p1.pkg.
# With PLAN_EDIT set, the command $PLAN_EDIT FILE changes the plan first.
live_office() {
	live_plan "$2/plan.json" &&
	{ [ -z "${PLAN_EDIT:-}" ] || $PLAN_EDIT "$2/plan.json"; } &&
	"$OFFICE" init --db "$1" >/dev/null &&
	"$OFFICE" roster import --db "$1" "$ASSETS/demo-roster.csv" >/dev/null &&
	"$OFFICE" plan import --db "$1" "$2/plan.json" >/dev/null &&
	"$OFFICE" codes issue --db "$1" --estate LC-XNY-02 --out "$2/codes.csv" >/dev/null &&
	"$OFFICE" package --db "$1" --estate LC-XNY-02 --out "$2/p1.pkg" >/dev/null
}

# new_kiosk DB NAME OFFICE_DB PACKAGE: a kiosk, enrolled, package loaded.
new_kiosk() {
	"$KIOSK" init --db "$1" --name "$2" --pubkey-out "$1.pem" >/dev/null &&
	"$OFFICE" kiosk enroll --db "$3" --name "$2" --pubkey "$1.pem" >/dev/null &&
	"$KIOSK" load --db "$1" --pin-file "$KIOSK_PIN_FILE" "$4" >/dev/null
}

# code_file CODE: the path of a new file in $T holding CODE on one line,
# for cast and pledge --code-file (a voting code never goes in argv).
code_file() {
	f=$(mktemp "$T/code.XXXXXX") && printf '%s\n' "$1" >"$f" && echo "$f"
}

# code_of FLAT: the voting code of a flat of LC-XNY-02 from $T/codes.csv.
code_of() {
	grep "^LC-XNY-02,$1," "$T/codes.csv" | cut -d, -f3
}

# undumpable WHAT PID DIR: the running process PID, started in the empty
# directory DIR under "ulimit -c unlimited", can leave no core file: its
# core limit reads 0 (RLIMIT_CORE); as another user than root its /proc
# files are root's (PR_SET_DUMPABLE 0); as root, with the limit raised
# again from outside (prlimit), a SIGSEGV still writes no core (not
# dumpable).  Where cores do not go to DIR (core_pattern a pipe or an
# absolute path) the SIGSEGV half is skipped.  The process ends.
undumpable() {
	u_what=$1
	u_pid=$2
	u_dir=$3
	same "$u_what: core file size limit" \
	    "$(awk '/^Max core file size/ { print $5 " " $6 }' "/proc/$u_pid/limits")" "0 0"
	if [ "$(id -u)" != 0 ]; then
		same "$u_what: not dumpable (its /proc files are root's)" \
		    "$(stat -c %u "/proc/$u_pid/environ")" 0
	fi
	case $(cat /proc/sys/kernel/core_pattern) in
	'|'*|/*)
		echo "note: $u_what: cores do not go to the working directory; SIGSEGV check skipped"
		kill -KILL "$u_pid"
		return ;;
	esac
	if [ "$(id -u)" = 0 ] &&
	    prlimit --pid "$u_pid" --core=unlimited:unlimited 2>/dev/null; then
		kill -SEGV "$u_pid"
		u_n=0
		while [ -e "/proc/$u_pid" ] &&
		    [ "$(awk '{ print $3 }' "/proc/$u_pid/stat" 2>/dev/null)" != Z ] &&
		    [ $u_n -lt 150 ]; do
			sleep 0.1
			u_n=$((u_n + 1))
		done
		same "$u_what: no core file after SIGSEGV" "$(ls -A "$u_dir")" ""
	else
		kill -KILL "$u_pid"
	fi
}
