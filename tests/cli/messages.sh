#!/bin/sh
# Every message of both programs is translated in every catalogue: the
# template made afresh from the sources, as update-po makes it, merged
# into each catalogue leaves nothing untranslated or fuzzy.  And a street
# office working in Chinese reads its errors in Chinese: one line that
# still names the estate, or the file, line and field, a non-zero exit,
# and the database unchanged.
. "$top_srcdir/tests/cli/lib.sh"
need "${XGETTEXT:-xgettext}" "${MSGMERGE:-msgmerge}" msgattrib

# msgids FILE: the msgid of each entry of a catalogue, one a line (a
# message of several lines joined as written), the header left out.
msgids() {
	awk 'BEGIN { RS = ""; FS = "\n" }
	{
		id = ""; in_id = 0
		for (i = 1; i <= NF; i++) {
			if ($i ~ /^msgid /) { in_id = 1; s = substr($i, 7) }
			else if (in_id && $i ~ /^"/) s = $i
			else { in_id = 0; continue }
			id = id substr(s, 2, length(s) - 2)
		}
		if (id != "") print id
	}' "$1"
}

# The flags and the files are lists: split them as make does.
# shellcheck disable=SC2086
(cd "$top_srcdir" && "$XGETTEXT" $XGETTEXT_FLAGS -o "$T/renovote.pot" \
    $MESSAGE_FILES) || fail "xgettext over the sources"
for l in $LINGUAS; do
	if ! "$MSGMERGE" -q --no-fuzzy-matching -o "$T/$l.po" \
	    "$top_srcdir/locale/$l.po" "$T/renovote.pot"; then
		fail "msgmerge $l.po"
		continue
	fi
	for kind in untranslated only-fuzzy; do
		msgattrib --"$kind" --no-obsolete --no-wrap "$T/$l.po" \
		    >"$T/$l.$kind.po" && msgids "$T/$l.$kind.po" >"$T/$l.$kind"
		n=$(wc -l <"$T/$l.$kind")
		first=$(head -3 "$T/$l.$kind" | sed "s/.*/'&'/" | tr '\n' ' ')
		same "$l.po: $n ${kind#only-} messages (make update-po, then translate them), first: $first" \
		    "$n" 0
	done
done

# An office with the demo roster; a roster whose first flat has an area
# that is not a number.
DB="$T/office.db"
"$OFFICE" init --db "$DB" >/dev/null &&
"$OFFICE" roster import --db "$DB" "$ASSETS/demo-roster.csv" >/dev/null ||
    fail "demo office"
sed '2s/,86\.42,/,abc,/' "$ASSETS/demo-roster.csv" >"$T/bad.csv"
before=$(db_signature "$DB")

# as_locale LOCALE COMMAND...: run it as a user whose LANG is LOCALE.
as_locale() {
	loc=$1
	shift
	env -u LC_ALL LANG="$loc" "$@"
}

# Each locale with the words its errors must carry: an estate that is
# not there, an area that is not one, a command the kiosk has not.  The
# English of C.UTF-8 shows the catalogues are chosen by the locale.
while IFS='|' read -r loc estate area command; do
	expect_error 1 "^renovote-office: $DB(: |：)$estate$" \
	    as_locale "$loc" "$OFFICE" tally --db "$DB" --estate NOPE
	expect_error 1 "^renovote-office: $T/bad.csv:2: area_m2: $area$" \
	    as_locale "$loc" "$OFFICE" roster import --db "$DB" "$T/bad.csv"
	expect_error 2 "^renovote-kiosk(: |：)$command$" \
	    as_locale "$loc" "$KIOSK" nosuch
done <<'LOCALES'
zh_CN.UTF-8|没有小区“NOPE”（请先导入其名册）|“abc”不是以平方米计的面积|未知命令“nosuch”（见 renovote-kiosk --help）
zh_TW.UTF-8|沒有社區「NOPE」（請先匯入其名冊）|「abc」不是以平方公尺計的面積|未知命令「nosuch」（見 renovote-kiosk --help）
C.UTF-8|no estate 'NOPE' \(import its roster first\)|'abc' is not an area in square metres|unknown command 'nosuch' \(see renovote-kiosk --help\)
LOCALES
same "refused commands leave the database as it was" "$(db_signature "$DB")" "$before"

test_done
