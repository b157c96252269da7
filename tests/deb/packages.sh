#!/bin/sh
# The Debian packages (debian/), as a city's deployer makes and installs
# them: dpkg-buildpackage builds renovote-common, renovote-office and
# renovote-kiosk from a copy of the source tree (the tree itself is left
# as it was); lintian finds no error; dpkg installs them into an empty
# root, running their maintainer scripts there (the renovote user), and
# the host's dpkg database, users and systemd are untouched; every file a
# package lists is in that root, the units, pages, sysusers file and
# catalogues in the package that should carry them; the installed
# programs answer --help, in Chinese from the installed catalogues; and
# a purge takes every packaged file away again.
#
# Not part of "make check" (a package build takes a minute or more):
# ./setup.sh test runs it after the suite, as root on Debian 12.  It
# prints one PASS or FAIL line and exits non-zero on failure.
top_srcdir=$(cd "$(dirname "$0")/../.." && pwd)
# lib.sh's helpers want a build tree; this test builds its own.
top_builddir=${top_builddir:-$top_srcdir/build}
export top_srcdir top_builddir
. "$top_srcdir/tests/cli/lib.sh"

# finish: the counts, then the one line setup.sh's reader looks for.
finish() {
	if test_done; then
		echo "PASS: Debian packages (tests/deb/packages.sh)"
		exit 0
	fi
	echo "FAIL: Debian packages (tests/deb/packages.sh)"
	exit 1
}

for tool in dpkg-buildpackage dh lintian dpkg dpkg-deb unshare \
    systemd-sysusers man strings; do
	command -v "$tool" >/dev/null 2>&1 ||
	    { fail "$tool is not installed (setup.sh installs it)"; finish; }
done
[ -f "$top_srcdir/debian/control" ] || { fail "no debian/control"; finish; }

# A private mount namespace needs root, or else a user namespace in
# which this user is root.  A container may refuse both: then there is
# no systemd on the host to protect (else this test stops here), and
# the programs still read the root's catalogues, not the host's (below).
userns=
[ "$(id -u)" -eq 0 ] || userns=-r
private_mounts=yes
if ! unshare $userns -m true 2>/dev/null; then
	private_mounts=no
	echo "packages: no private mount namespace (unshare -m refused)"
	if [ -d /run/systemd/system ]; then
		fail "systemd runs here and unshare -m is refused: maintainer scripts would reach it"
		finish
	fi
fi

# masked COMMAND...: run it in a private mount namespace where the
# host's /run/systemd and /usr/share/locale are empty: no maintainer
# script can reach a running systemd on the host, and a program finds
# renovote's catalogues only in the root it was installed into (not in
# any the host has).
masked() {
	if [ "$private_mounts" = no ]; then
		"$@"
		return
	fi
	unshare $userns -m sh -c '
	    for d in /run/systemd /usr/share/locale; do
		    [ ! -d "$d" ] || mount -t tmpfs -o size=1m renovote-test "$d" ||
			exit 125
	    done
	    exec "$@"' masked "$@"
}

# in_root dpkg ARGS...: dpkg on the root R's own database, its scripts
# run outside R with DPKG_ROOT=R (they need the host's tools: R has
# none, and the packages' libraries are the host's, hence
# --force-depends).
R="$T/root"
in_root() {
	masked dpkg --root="$R" --log="$T/dpkg.log" --force-script-chrootless \
	    --force-depends "$@"
}

# --- build, from a copy ---------------------------------------------------
# tree_files: the source files, NUL-separated, relative to top_srcdir.
# In a git checkout those git tracks or would track (so an uncommitted
# change is built), else (a release tarball) all but the build trees.
tree_files() {
	if git -C "$top_srcdir" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		git -C "$top_srcdir" ls-files -z --cached --others --exclude-standard
	else
		(cd "$top_srcdir" && find . \( -name 'build' -o -name 'build-*' \) \
		    -prune -o ! -type d -print0)
	fi
}
mkdir -p "$T/src"
tree_files | (cd "$top_srcdir" && tar --null --ignore-failed-read -T - -cf -) |
    tar -xf - -C "$T/src" || fail "copying the source tree"
touch "$T/copied"
version=$(cd "$T/src" && dpkg-parsechangelog -S Version)
same "debian/changelog version" "$version" "0.1.0-1"
if ! (cd "$T/src" && DEB_BUILD_OPTIONS="parallel=$(nproc)" \
    dpkg-buildpackage -b -us -uc) >"$T/build.log" 2>&1; then
	tail -40 "$T/build.log" >&2
	fail "dpkg-buildpackage -b -us -uc"
	finish
fi
same "nothing in the source tree changed by the package build" \
    "$(find "$top_srcdir" -path "$top_srcdir/.git" -prune -o \
        -newer "$T/copied" -print)" ""
arch=$(dpkg --print-architecture)
common="$T/renovote-common_${version}_all.deb"
office="$T/renovote-office_${version}_$arch.deb"
kiosk="$T/renovote-kiosk_${version}_$arch.deb"
changes="$T/renovote_${version}_$arch.changes"
for f in "$common" "$office" "$kiosk" "$changes"; do
	[ -s "$f" ] || { fail "not built: ${f##*/}"; finish; }
done
# The compiler said nothing about renovote's own code.
if grep -E '^[^ :]+\.[ch]:[0-9]+:[0-9]+: warning:' "$T/build.log" \
    >"$T/cc-warnings"; then
	fail "compiler warnings: $(head -5 "$T/cc-warnings")"
fi

# --- lintian: no error; its warnings are printed for the reader -----------
lintian --no-tag-display-limit "$changes" >"$T/lintian.log" 2>&1
if grep '^E: ' "$T/lintian.log" >"$T/lintian.err"; then
	fail "lintian errors: $(cat "$T/lintian.err")"
else
	pass
fi
grep '^W: ' "$T/lintian.log" | sed 's/^/lintian: /'

# --- what each package carries ------------------------------------------
# listing DEB: the files (not directories) the package holds, one path a
# line without the leading "./".
listing() {
	dpkg-deb -c "$1" | awk '$1 !~ /^d/ { sub(/^\.\//, "", $6); print $6 }'
}
# carries DEB FILE...: the package holds each FILE.
carries() {
	c_deb=$1
	shift
	listing "$c_deb" >"$T/listing"
	for c_f in "$@"; do
		if grep -qxF "$c_f" "$T/listing"; then pass
		else fail "${c_deb##*/} does not carry $c_f"; fi
	done
}
carries "$common" usr/lib/sysusers.d/renovote.conf \
    usr/share/locale/zh_CN/LC_MESSAGES/renovote.mo \
    usr/share/locale/zh_TW/LC_MESSAGES/renovote.mo \
    usr/share/man/man5/renovote-formats.5.gz \
    usr/share/renovote/assets/demo-roster.csv \
    usr/share/doc/renovote-common/copyright \
    usr/share/doc/renovote-common/examples/serve.env \
    usr/share/doc/renovote-common/examples/city.env \
    usr/libexec/renovote/renovote-screen
carries "$office" usr/bin/renovote-office \
    usr/share/man/man8/renovote-office.8.gz \
    lib/systemd/system/renovote-serve.service \
    lib/systemd/system/renovote-city.service \
    lib/systemd/system/renovote-dashboard.service \
    usr/share/doc/renovote-office/copyright
carries "$kiosk" usr/bin/renovote-kiosk \
    usr/share/man/man1/renovote-kiosk.1.gz \
    lib/systemd/system/renovote-kiosk.service \
    usr/share/doc/renovote-kiosk/copyright
same "renovote-common is for every architecture" \
    "$(dpkg-deb -f "$common" Architecture)" all
for deb in "$office" "$kiosk"; do
	dpkg-deb -f "$deb" Depends >"$T/depends.${deb##*/}"
	contains "${deb##*/} depends on renovote-common of its version" \
	    "$T/depends.${deb##*/}" "(^|, )renovote-common \(= $version\)"
done
contains "the kiosk depends on the libcurl it loads" "$T/depends.${kiosk##*/}" \
    "(^|, )libcurl4(,|$)"

# --- install into an empty root -------------------------------------------
mkdir -p "$R/var/lib/dpkg/info" "$R/var/lib/dpkg/updates" "$R/etc"
: >"$R/var/lib/dpkg/status"
# host_state: a digest of the host's users and dpkg database, and its
# renovote maintainer scripts (none, unless installed for real).
host_state() {
	cat /etc/passwd /etc/group /var/lib/dpkg/status | sha256sum
	find /var/lib/dpkg/info -name 'renovote-*'
}
host_before=$(host_state)
if ! in_root -i "$common" "$office" "$kiosk" >"$T/install.log" 2>&1; then
	cat "$T/install.log" >&2
	fail "dpkg --root -i"
	finish
fi
same "the host's users and dpkg database untouched" "$(host_state)" \
    "$host_before"
same "the three installed in the root" \
    "$(dpkg-query --admindir="$R/var/lib/dpkg" -W \
        -f='${Package} ${Status}\n' 'renovote-*' | sort)" \
    "renovote-common install ok installed
renovote-kiosk install ok installed
renovote-office install ok installed"
for deb in "$common" "$office" "$kiosk"; do
	listing "$deb" | while read -r f; do
		[ -e "$R/$f" ] || echo "$f"
	done >"$T/missing"
	same "every file of ${deb##*/} in the root" "$(cat "$T/missing")" ""
done

# The postinst made the renovote user in the root, as sysusers.d says.
cmp -s "$top_srcdir/systemd/sysusers.d/renovote.conf" \
    "$R/usr/lib/sysusers.d/renovote.conf" || fail "sysusers file changed"
contains "postinst made the renovote user in the root" "$R/etc/passwd" \
    '^renovote:x:[0-9]+:[0-9]+:[^:]*:/var/lib/renovote:/usr/sbin/nologin$'
contains "and its group" "$R/etc/group" '^renovote:x:[0-9]+:'
# No unit is enabled by installing (debian/rules says why).
same "no unit enabled" "$(find "$R/etc" -name 'renovote-*.service')" ""
contains "serve unit runs the packaged program" \
    "$R/lib/systemd/system/renovote-serve.service" \
    '^ExecStart=/usr/bin/renovote-office serve '
contains "city unit runs the packaged program" \
    "$R/lib/systemd/system/renovote-city.service" \
    '^ExecStart=/usr/bin/renovote-office city serve '
contains "kiosk unit runs the packaged program on the packaged screen" \
    "$R/lib/systemd/system/renovote-kiosk.service" \
    '^ExecStart=/usr/libexec/renovote/renovote-screen \\$'
contains "kiosk unit runs the packaged program" \
    "$R/lib/systemd/system/renovote-kiosk.service" \
    '	/usr/bin/renovote-kiosk --db /var/lib/renovote/kiosk.db$'
for f in demo-roster.csv demo-plan-LC-XNY-01.json; do
	cmp -s "$ASSETS/$f" "$R/usr/share/renovote/assets/$f" ||
	    fail "demo asset not packaged as it is: $f"
done

# --- the installed programs -------------------------------------------------
expect 0 "$R/usr/bin/renovote-office" --help
contains "office --help" "$T/out" '^usage: renovote-office '
expect 0 "$R/usr/bin/renovote-kiosk" --help
contains "kiosk --help" "$T/out" '^usage: renovote-kiosk'
expect 0 "$R/usr/bin/renovote-office" --version
contains "office --version" "$T/out" '0\.1\.0'

# help LANG PROGRAM: PROGRAM --help under LANG, no RENOVOTE_LOCALEDIR,
# the host's catalogues hidden (masked), into $T/help.
help() {
	masked env -u RENOVOTE_LOCALEDIR -u LC_ALL -u LANGUAGE LANG="$1" \
	    "$R/usr/bin/$2" --help >"$T/help" 2>&1 || fail "$2 --help under $1"
}
# The programs look for catalogues in the LOCALEDIR compiled in, which
# must be where renovote-common puts them; run from a copy of the
# installed tree (here R/usr/bin), they take that copy's R/usr/share/locale
# instead when it exists (librenovote/cmdline.c, locale_dir_installed):
# the package's files, and never the host's.
for prog in renovote-office renovote-kiosk; do
	strings -a "$R/usr/bin/$prog" >"$T/strings"
	contains "$prog was built with LOCALEDIR /usr/share/locale" \
	    "$T/strings" '^/usr/share/locale$'
done
for l in zh_CN zh_TW; do
	if ! locale -a | grep -qix "$l\.utf-\{0,1\}8"; then
		fail "the $l.UTF-8 locale is not available (setup.sh generates it)"
		continue
	fi
	help "$l.UTF-8" renovote-office
	contains "office --help in $l from the installed catalogue" "$T/help" \
	    '^用法：renovote-office '
	help "$l.UTF-8" renovote-kiosk
	contains "kiosk --help in $l from the installed catalogue" "$T/help" \
	    '^用法：renovote-kiosk'
done
# Without the package's zh_CN catalogue the same run is English: the
# Chinese above came from that file.
mv "$R/usr/share/locale/zh_CN" "$T/zh_CN.aside"
help zh_CN.UTF-8 renovote-office
contains "without the catalogue, English" "$T/help" '^usage: renovote-office '
mv "$T/zh_CN.aside" "$R/usr/share/locale/zh_CN"

# The pages render with their NAME.
for p in man1/renovote-kiosk.1.gz man5/renovote-formats.5.gz \
    man8/renovote-office.8.gz; do
	MANWIDTH=80 man -l "$R/usr/share/man/$p" >"$T/page.txt" 2>/dev/null
	name=$(basename "$p" | sed 's/\.[0-9]\.gz$//')
	contains "$p renders its NAME" "$T/page.txt" "^ +$name "
done

# --- purge ------------------------------------------------------------------
if in_root --purge renovote-kiosk renovote-office renovote-common \
    >"$T/purge.log" 2>&1; then
	pass
else
	fail "dpkg --purge: $(tail -5 "$T/purge.log")"
fi
for deb in "$common" "$office" "$kiosk"; do
	listing "$deb" | while read -r f; do
		[ ! -e "$R/$f" ] || echo "$f"
	done >"$T/left"
	same "nothing of ${deb##*/} left after purge" "$(cat "$T/left")" ""
done
same "the host's users and dpkg database still untouched" \
    "$(host_state)" "$host_before"

finish
