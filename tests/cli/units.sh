#!/bin/sh
# The installed systemd units: systemd-analyze verify finds nothing to
# say about any of them (keys, programs, manual pages), serve and the
# city's server are hardened, the kiosk and dashboard run their programs through the
# installed renovote-screen as the unprivileged user with no way to a
# shell, foot takes its options, and sysusers makes the user.
. "$top_srcdir/tests/cli/lib.sh"
need make man systemd-analyze systemd-sysusers cage foot

check "make install DESTDIR" make -s -C "$top_builddir" install \
    DESTDIR="$T/root" >"$T/install.log" 2>&1
bin=$(find "$T/root" -type f -path '*/bin/renovote-office')
[ -n "$bin" ] || { fail "no installed renovote-office"; test_done; exit; }
bindir=${bin%/renovote-office}
root=${bindir%/bin}
units="$root/lib/systemd/system"
screen=$(find "$T/root" -type f -path '*/renovote-screen')
[ -x "$screen" ] || { fail "no installed renovote-screen"; test_done; exit; }
libexecdir=${screen%/renovote-screen}

# The units with their programs where DESTDIR put them, verified with
# the installed pages on MANPATH: any line at all fails.
mkdir -p "$T/units"
n=0
for u in "$units"/*.service; do
	sed -e "s|${bindir#"$T/root"}/|$bindir/|g" \
	    -e "s|${libexecdir#"$T/root"}/|$libexecdir/|g" "$u" >"$T/units/${u##*/}"
	n=$((n + 1))
done
same "four units installed" "$n" 4
(cd "$T/units" && MANPATH="$root/share/man:" systemd-analyze verify \
    ./*.service) >"$T/verify.log" 2>&1 || fail "systemd-analyze verify failed"
same "systemd-analyze verify says nothing" "$(cat "$T/verify.log")" ""

# serve and city serve: hardened as systemd judges it (exposure 0
# safest .. 10).
for u in serve city; do
	(cd "$T/units" && MANPATH="$root/share/man:" systemd-analyze security \
	    --offline=yes "./renovote-$u.service") >"$T/security.log" 2>&1
	level=$(sed -n "s/.*Overall exposure level for renovote-$u.service: \\([0-9.]*\\).*/\\1/p" \
	    "$T/security.log")
	[ -n "$level" ] || fail "no exposure level: $(tail -3 "$T/security.log")"
	check "$u exposure $level at most 2.5" \
	    awk -v l="${level:-99}" 'BEGIN { exit !(l <= 2.5) }'
done
c="$T/units/renovote-city.service"
for k in User=renovote CacheDirectory=renovote-city \
    'Environment=TMPDIR=%C/renovote-city' ProtectSystem=strict \
    NoNewPrivileges=yes Restart=on-failure; do
	contains "city has $k" "$c" "^$k\$"
done
contains "city runs city serve" "$c" "^ExecStart=$bindir/renovote-office city serve --pg "
s="$T/units/renovote-serve.service"
for k in User=renovote StateDirectory=renovote ProtectSystem=strict \
    NoNewPrivileges=yes PrivateTmp=yes Restart=on-failure \
    LimitNOFILE=1024; do
	contains "serve has $k" "$s" "^$k\$"
done

# The screens: renovote-screen, restarted always, as renovote, no shell.
for u in kiosk dashboard; do
	f="$T/units/renovote-$u.service"
	for k in User=renovote Restart=always \
	    Environment=SHELL=/usr/sbin/nologin; do
		contains "$u has $k" "$f" "^$k\$"
	done
	contains "$u runs its program through renovote-screen" "$f" \
	    "^ExecStart=$libexecdir/renovote-screen \\\\\$"
done
contains "kiosk runs the resident interface" "$T/units/renovote-kiosk.service" \
    "^	$bindir/renovote-kiosk --db /var/lib/renovote/kiosk.db\$"
contains "kiosk asks for normal text" "$T/units/renovote-kiosk.service" \
    '^Environment=RENOVOTE_TEXT_SIZE=normal$'
contains "dashboard runs the dashboard" "$T/units/renovote-dashboard.service" \
    "^	$bindir/renovote-office dashboard \\\\\$"

# renovote-screen: foot in cage with the CJK font, no VT switching.
contains "screen runs foot in cage" "$screen" '^exec /usr/bin/cage -d \$turn -- /usr/bin/foot'
contains "screen asks for the CJK font" "$screen" \
    '-f "Noto Sans Mono CJK SC:size=\$size"'
if grep -q '^exec .*cage.* -s' "$screen"; then
	fail "renovote-screen lets cage switch VTs"
fi
# foot accepts the overrides renovote-screen gives (and refuses a wrong one).
set -- $(sed -n 's/.*\(-o key-bindings\.[a-z-]*=none\).*/\1/p' "$screen")
same "screen turns off foot's two program-starting bindings" "$#" 4
check "foot takes renovote-screen's overrides" env HOME="$T" XDG_CONFIG_HOME="$T" \
    foot -C "$@"
if env HOME="$T" XDG_CONFIG_HOME="$T" foot -C -o key-bindings.bogus=none \
    >/dev/null 2>&1; then
	fail "foot -C accepts anything; the check above means nothing"
fi

# The system user: a root directory made by systemd-sysusers.
mkdir -p "$T/sysroot/etc"
check "systemd-sysusers" systemd-sysusers --root="$T/sysroot" \
    "$root/lib/sysusers.d/renovote.conf"
contains "renovote user, nologin, home the state directory" \
    "$T/sysroot/etc/passwd" '^renovote:x:[0-9]+:[0-9]+:[^:]*:/var/lib/renovote:/usr/sbin/nologin$'

test_done
