#!/bin/sh
# The layers the compiler holds, checked on the sources as they ship:
# presentation code (pages, notices, the dashboard, the text tally, kiosk
# screens, the terminal layer) reaches no header that declares the store;
# only term/ includes curses; only the store's files include sqlite3.h;
# nothing outside librenovote/ judges a bar or orders answers.
. "$top_srcdir/tests/cli/lib.sh"

cd "$top_srcdir" || exit 99

# includes FILE: the project headers FILE includes, one per line.
includes() {
	sed -n 's/^#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$1"
}

# header_path NAME: where a project header lives.
header_path() {
	for d in librenovote server-sync kiosk term; do
		[ -f "$d/$1" ] && { echo "$d/$1"; return; }
	done
}

# reached FILE: every project header FILE includes, directly or through
# other project headers, one per line.
reached() {
	seen=" "
	todo=$(includes "$1" | tr '\n' ' ')
	while [ -n "$(echo $todo)" ]; do
		set -- $todo
		h=$1
		shift
		todo=$*
		case "$seen" in *" $h "*) continue ;; esac
		seen="$seen$h "
		p=$(header_path "$h")
		[ -n "$p" ] && todo="$todo $(includes "$p")"
	done
	echo $seen | tr ' ' '\n'
}

presentation="server-sync/web.c server-sync/web-api.c server-sync/web-css.c
server-sync/web-estate.c server-sync/web-receipt.c server-sync/notice.c
server-sync/evaluation.c server-sync/cmd-dashboard.c server-sync/tally-print.c
server-sync/slip.c
librenovote/present.c librenovote/present.h $(ls kiosk/screen-*.c) kiosk/ui.c kiosk/speech.c
term/term.c"

for f in $presentation; do
	if reached "$f" | grep -qx 'store.h\|ledger.h'; then
		fail "$f reaches store.h or ledger.h: presentation asks the report layer"
	else
		pass
	fi
	if grep -n '\bstore_[a-z_]*(' "$f" | grep -v '^\([0-9]*\):[[:space:]]*\*' |
	    grep -q .; then
		fail "$f calls a store_* function"
	else
		pass
	fi
done

# Only the terminal layer includes curses.
bad=$(grep -l '#[[:space:]]*include[[:space:]]*<n\{0,1\}curses' \
    $(git ls-files '*.c' '*.h' 2>/dev/null || find . -name '*.[ch]') |
    grep -v '^term/' || true)
same "only term/ includes curses" "$bad" ""

# Only the store includes SQLite.
bad=$(grep -l '#[[:space:]]*include[[:space:]]*<sqlite3.h>' \
    librenovote/*.c librenovote/*.h server-sync/*.[ch] kiosk/*.[ch] term/*.[ch] |
    grep -v '^librenovote/store' || true)
same "only store*.c includes sqlite3.h" "$bad" ""

# Judging lives in librenovote/: no threshold fraction or bar comparison
# and no ordering of answers elsewhere.
bad=$(grep -n 'threshold_num\|threshold_den\|tally_bar_met\|RV_CHOICE_AGREE\|->cast_at *[<>]' \
    server-sync/*.c kiosk/*.c term/*.c | grep -v 'cmd-ballots-import.c' || true)
same "no judging outside librenovote/" "$bad" ""

test_done
