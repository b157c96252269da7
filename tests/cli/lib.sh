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
LC_ALL=C.UTF-8
LANGUAGE=
export LC_ALL LANGUAGE

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

test_done() {
	echo "$TEST_NAME: $passes passed, $fails failed"
	[ "$fails" -eq 0 ] && [ "$passes" -gt 0 ]
}
