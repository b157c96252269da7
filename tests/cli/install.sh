#!/bin/sh
# make install: the tree it makes (programs, catalogues, manual pages,
# demo assets, example configuration, units), programs that find their
# catalogues in that tree, and pages man renders without a warning.
. "$top_srcdir/tests/cli/lib.sh"
need make man

check "make install DESTDIR" make -s -C "$top_builddir" install \
    DESTDIR="$T/root" >"$T/install.log" 2>&1
bin=$(find "$T/root" -type f -path '*/bin/renovote-office')
[ -n "$bin" ] || { fail "no installed renovote-office"; test_done; exit; }
bindir=${bin%/renovote-office}
root=${bindir%/bin}

# The tree, at the default places below the prefix.
for f in bin/renovote-office bin/renovote-kiosk \
    share/locale/zh_CN/LC_MESSAGES/renovote.mo \
    share/locale/zh_TW/LC_MESSAGES/renovote.mo \
    share/man/man1/renovote-kiosk.1 share/man/man5/renovote-formats.5 \
    share/man/man8/renovote-office.8 \
    share/renovote/federation.sql \
    share/doc/renovote/COPYING share/doc/renovote/NEWS \
    share/doc/renovote/README.md \
    share/doc/renovote/examples/serve.env \
    share/doc/renovote/examples/city.env \
    share/doc/renovote/examples/kiosk.env \
    share/doc/renovote/examples/dashboard.env \
    lib/systemd/system/renovote-serve.service \
    lib/systemd/system/renovote-city.service \
    lib/systemd/system/renovote-dashboard.service \
    lib/systemd/system/renovote-kiosk.service \
    libexec/renovote/renovote-screen \
    lib/sysusers.d/renovote.conf; do
	[ -s "$root/$f" ] || fail "not installed: $f"
done
for f in demo-roster.csv demo-plan-LC-XNY-01.json demo-plan-LC-XNY-02.json \
    demo-plan-LC-XNY-03.json README.md; do
	cmp -s "$ASSETS/$f" "$root/share/renovote/assets/$f" ||
	    fail "demo asset not installed as it is: $f"
done
[ -x "$root/bin/renovote-kiosk" ] || fail "renovote-kiosk not executable"
[ -x "$root/libexec/renovote/renovote-screen" ] || fail "renovote-screen not executable"

# The units name the installed programs, with every placeholder filled.
for u in "$root"/lib/systemd/system/*.service; do
	if grep -q '@[a-z]*@' "$u"; then fail "placeholder left in $u"; fi
done
contains "serve unit runs the installed program" \
    "$root/lib/systemd/system/renovote-serve.service" \
    "^ExecStart=${bindir#"$T/root"}/renovote-office serve "
contains "city unit runs the installed program" \
    "$root/lib/systemd/system/renovote-city.service" \
    "^ExecStart=${bindir#"$T/root"}/renovote-office city serve "

# The installed demo assets make an office, from the installed program.
expect 0 "$bin" init --db "$T/office.db"
expect 0 "$bin" roster import --db "$T/office.db" \
    "$root/share/renovote/assets/demo-roster.csv"
expect 0 "$bin" plan import --db "$T/office.db" \
    "$root/share/renovote/assets"/demo-plan-*.json

# The default database: a service's state directory (systemd sets
# STATE_DIRECTORY), else the user's own XDG data directory.
mkdir -p "$T/state"
expect 0 env STATE_DIRECTORY="$T/state" XDG_DATA_HOME="$T/xdg" "$bin" init
check "init in the state directory" test -s "$T/state/office.db"
check "and its key" test -s "$T/state/office.db.key"
check "not in the XDG directory" test ! -e "$T/xdg/renovote/office.db"
expect 0 env STATE_DIRECTORY="$T/state:$T/other" "$bin" tally
expect 0 env -u STATE_DIRECTORY XDG_DATA_HOME="$T/xdg" "$bin" init
check "a user's own run: XDG" test -s "$T/xdg/renovote/office.db"
mkdir -p "$T/home"
expect 0 env -u STATE_DIRECTORY -u XDG_DATA_HOME HOME="$T/home" "$bin" init
check "without XDG_DATA_HOME: ~/.local/share" \
    test -s "$T/home/.local/share/renovote/office.db"
expect_error 3 "$T/gone/office.db" env STATE_DIRECTORY="$T/gone" \
    "$bin" init
check "a missing state directory is not made" test ! -e "$T/gone"

# Under a real Chinese locale, with no RENOVOTE_LOCALEDIR, the installed
# programs speak Chinese from the catalogues in their own tree.
if locale -a | grep -qix 'zh_CN\.utf-\{0,1\}8'; then
	env -u RENOVOTE_LOCALEDIR -u LC_ALL -u LANGUAGE LANG=zh_CN.UTF-8 \
	    "$bin" --help >"$T/help.zh" 2>&1 || fail "office --help failed"
	contains "installed office --help in Chinese" "$T/help.zh" \
	    "^用法：renovote-office "
	env -u RENOVOTE_LOCALEDIR -u LC_ALL -u LANGUAGE LANG=zh_CN.UTF-8 \
	    "$root/bin/renovote-kiosk" --help >"$T/khelp.zh" 2>&1 ||
	    fail "kiosk --help failed"
	contains "installed kiosk --help in Chinese" "$T/khelp.zh" "^用法："
else
	fail "the zh_CN.UTF-8 locale is not available (setup.sh generates it)"
fi
if locale -a | grep -qix 'zh_TW\.utf-\{0,1\}8'; then
	env -u RENOVOTE_LOCALEDIR -u LC_ALL -u LANGUAGE LANG=zh_TW.UTF-8 \
	    "$bin" --help >"$T/help.tw" 2>&1 || fail "office --help failed"
	contains "installed office --help in Traditional Chinese" \
	    "$T/help.tw" "^用法："
fi

# Every page renders at 80 columns without a warning, and says its name.
for p in man1/renovote-kiosk.1 man5/renovote-formats.5 \
    man8/renovote-office.8; do
	page="$root/share/man/$p"
	w=$(MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null)
	same "man warnings for $p" "$w" ""
	MANWIDTH=80 man -l "$page" 2>/dev/null >"$T/page.txt"
	name=$(basename "$p" | sed 's/\.[0-9]$//')
	contains "$p renders its NAME" "$T/page.txt" "^ +$name "
done

# uninstall leaves none of the files behind.
check "make uninstall" make -s -C "$top_builddir" uninstall \
    DESTDIR="$T/root" >"$T/uninstall.log" 2>&1
same "nothing left after uninstall" \
    "$(find "$T/root" -type f | sed "s|^$T/root||")" ""

test_done
