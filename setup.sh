#!/usr/bin/env bash
# renovote set-up on Debian 12: install the packages the build needs,
# build, then either run the demo estate or run every test.
#
#   ./setup.sh demo    a demo street office on the embedded SQLite default
#   ./setup.sh test    every test: the normal build, then ASan+UBSan, a
#                      short run of every fuzzer, then make distcheck
#                      (the tarball, with a sample of the suite), then
#                      the Debian packages (built, lintian, installed)
set -euo pipefail
cd "$(dirname "$0")"

mode=${1:-demo}
case "$mode" in
demo|test) ;;
*) echo "usage: ./setup.sh demo|test" >&2; exit 2 ;;
esac

PACKAGES="build-essential autoconf automake autopoint pkg-config gettext
locales python3 sqlite3 fiu-utils tmux clang libclang-rt-14-dev
libsqlite3-dev libssl-dev libncurses-dev libqrencode-dev libjansson-dev
libevent-dev libcurl4-openssl-dev espeak-ng libespeak-ng-dev zbar-tools
libopencc-dev zlib1g-dev libpq-dev postgresql
chromium fonts-noto-cjk poppler-utils wrk nginx-light openssl curl
man-db systemd cage foot xwayland grim tesseract-ocr tesseract-ocr-chi-sim
git debhelper dpkg-dev lintian"

# The browser tests drive Chromium with playwright-core from npm; a machine
# without Node.js gets Debian's.
command -v npm >/dev/null 2>&1 || PACKAGES="$PACKAGES nodejs npm"

# Install only what is missing, so a prepared machine needs no network.
missing=""
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
	    missing="$missing $p"
done
if [ -n "$missing" ]; then
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	$sudo apt-get update -qq
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing
fi

# The install test runs the installed programs under real Chinese
# locales (LANG=zh_CN.UTF-8), which a fresh Debian has not generated.
for l in zh_CN zh_TW; do
	locale -a | grep -qix "$l\.utf-\{0,1\}8" && continue
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	$sudo sed -i "s/^# *\($l\.UTF-8 UTF-8\)/\1/" /etc/locale.gen
	grep -q "^$l\.UTF-8 UTF-8" /etc/locale.gen ||
	    echo "$l.UTF-8 UTF-8" | $sudo tee -a /etc/locale.gen >/dev/null
	$sudo locale-gen >/dev/null
done

[ -x configure ] || autoreconf -fi
# An in-place ./configure makes every out-of-tree build refuse ("source
# directory already configured"); the builds here are out of tree, so
# the in-place one is cleaned as automake asks.
if [ -f config.status ]; then
	echo "setup.sh: the source tree was configured in place; running" \
	    "make distclean there so build/ can be configured" >&2
	{ [ -f Makefile ] && make -s distclean; } || rm -f config.status
fi
jobs=$(nproc)

# build DIR [CONFIGURE ARGS]: an out-of-tree build in DIR, configured
# again when it was configured with other arguments (an old build without
# --with-speech would give a silent kiosk).
build() {
	dir=$1
	shift
	mkdir -p "$dir"
	(cd "$dir" && { { [ -f Makefile ] &&
	    [ "$(cat .setup-args 2>/dev/null)" = "$*" ]; } ||
	    { ../configure -q "$@" && printf '%s\n' "$*" >.setup-args; }; } &&
	    make -s -j"$jobs")
}

# summarise DIR: the counts of automake's test-suite.log as one line.
summarise() {
	log="$1/test-suite.log"
	pass=$(sed -n 's/^# PASS: *//p' "$log" | head -1)
	fail=$(sed -n 's/^# FAIL: *//p' "$log" | head -1)
	err=$(sed -n 's/^# ERROR: *//p' "$log" | head -1)
	echo "$1: ${pass:-0} passed, $((${fail:-0} + ${err:-0})) failed"
}

# The kiosk speaks guided mode (espeak-ng, installed above): configure
# fails rather than build a silent kiosk.
if [ "$mode" = demo ]; then
	build build --with-speech
	exec ./demo.sh build
fi

# playwright-core for tests/browser, pinned by its package-lock.json.
[ -d tests/browser/node_modules/playwright-core ] ||
    (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
export RENOVOTE_NODE_MODULES="$PWD/tests/browser/node_modules"

status=0
build build --with-speech
(cd build && make -s -j"$jobs" check) || { cat build/test-suite.log; status=1; }
build build-asan --enable-sanitizers CFLAGS="-g -O1"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 make -s -j"$jobs" check) ||
    { cat build-asan/test-suite.log; status=1; }
build build-fuzz --enable-fuzzers CC=clang
(cd build-fuzz && make -s fuzz-smoke) || status=1
# distcheck runs a sample of the suite (Makefile.am, DISTCHECK_TESTS):
# the whole of it has run twice above.
(cd build && make -s distcheck TESTS='$(DISTCHECK_TESTS)' >distcheck.log 2>&1) ||
    { tail -50 build/distcheck.log; status=1; }
# The Debian packages, built from a copy of this tree, checked by
# lintian and installed into an empty root (tests/deb/packages.sh).
deb_status=0
tests/deb/packages.sh || { deb_status=1; status=1; }
summarise build
summarise build-asan
total_pass=$((1 - deb_status))
total_fail=$deb_status
for d in build build-asan; do
	p=$(sed -n 's/^# PASS: *//p' "$d/test-suite.log" | head -1)
	f=$(sed -n 's/^# FAIL: *//p' "$d/test-suite.log" | head -1)
	e=$(sed -n 's/^# ERROR: *//p' "$d/test-suite.log" | head -1)
	total_pass=$((total_pass + ${p:-0}))
	total_fail=$((total_fail + ${f:-0} + ${e:-0}))
done
[ "$status" -eq 0 ] || total_fail=$((total_fail > 0 ? total_fail : 1))
echo "$total_pass passed, $total_fail failed"
exit "$status"
