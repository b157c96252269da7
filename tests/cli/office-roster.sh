#!/bin/sh
# renovote-office roster import: the demo roster, replacement, and every
# refusal leaving the database exactly as it was.
. "$top_srcdir/tests/cli/lib.sh"

DB="$T/office.db"
"$OFFICE" init --db "$DB" >/dev/null
expect 0 "$OFFICE" roster import --db "$DB" "$ASSETS/demo-roster.csv"
contains "reports what it imported" "$T/out" "Imported 228 flats of 3 estates"
same "flats stored" "$(sql "$DB" "SELECT count(*) FROM flat")" 228
same "estates stored" "$(sql "$DB" "SELECT group_concat(id) FROM (SELECT id FROM estate ORDER BY id)")" "LC-XNY-01,LC-XNY-02,LC-XNY-03"
same "areas in hundredths" "$(sql "$DB" "SELECT typeof(area) FROM flat LIMIT 1")" integer

same "estate names per language stored" "$(sql "$DB" "SELECT name || '|' || coalesce(name_zh_TW, '-') || '|' || name_en FROM estate ORDER BY id" | tr '\n' ' ')" \
    "槐荫小区|槐蔭小區|Huaiyin Estate 东风印刷厂家属院|東風印刷廠家屬院|Dongfeng Estate 金桂小区|-|Jingui Estate "

# The rows below carry the required and the two older optional columns.
head -1 "$ASSETS/demo-roster.csv" | cut -d, -f1-10 >"$T/header"
row='EX-01,春晖小区,3,1,101,3-1-101,A,60.00,张三,register'

# bad NAME PATTERN LINES...: a roster made of the header and LINES must be
# refused with exit 1 and a one-line error matching PATTERN, and the
# database must not change.
bad() {
	name=$1
	pattern=$2
	shift 2
	cp "$T/header" "$T/$name.csv"
	for l in "$@"; do printf '%s\n' "$l" >>"$T/$name.csv"; done
	sig=$(db_signature "$DB")
	expect_error 1 "$pattern" "$OFFICE" roster import --db "$DB" "$T/$name.csv"
	same "$name leaves the database" "$(db_signature "$DB")" "$sig"
}

bad decimals "$T/decimals.csv:2: area_m2: '60.123'" \
    'EX-01,春晖小区,3,1,101,3-1-101,A,60.123,张三,register'
bad zero "$T/zero.csv:3: area_m2" "$row" \
    'EX-01,春晖小区,3,1,102,3-1-102,B,0,李四,register'
bad negative "$T/negative.csv:2: area_m2" \
    'EX-01,春晖小区,3,1,101,3-1-101,A,-60,张三,register'
bad duplicate "$T/duplicate.csv:3: flat_id: '3-1-101'.*line 2" "$row" \
    'EX-01,春晖小区,3,1,102,3-1-101,B,60.00,李四,register'
bad name "$T/name.csv:3: estate_name.*line 2" "$row" \
    'EX-01,春晖花园,3,1,102,3-1-102,B,60.00,李四,register'
bad fields "$T/fields.csv:2" 'EX-01,春晖小区,3,1,101,3-1-101,A,60.00'
bad source "$T/source.csv:2: area_source" \
    'EX-01,春晖小区,3,1,101,3-1-101,A,60.00,张三,guess'
bad empty "$T/empty.csv: no flats"
# A later bad row refuses the whole file, good rows included.
bad late "$T/late.csv:4: area_m2" "$row" \
    'EX-01,春晖小区,3,1,102,3-1-102,B,60.00,李四,register' \
    'EX-01,春晖小区,3,1,201,3-1-201,C,abc,王五,register'
same "no part of a refused file is stored" "$(sql "$DB" "SELECT count(*) FROM estate WHERE id = 'EX-01'")" 0

# The per-language names: every row of an estate agrees on each, and
# a refusal names the line and the column.
n='estate_id,estate_name,estate_name_zh_TW,estate_name_en,building,entrance,room,flat_id,owner_id,area_m2'
printf '%s\n' "$n" 'EX-02,春晖小区,春暉社區,Chunhui Estate,3,1,101,3-1-101,A,60' \
    'EX-02,春晖小区,春暉社區,Chunhui Garden,3,1,102,3-1-102,B,60' >"$T/en.csv"
sig=$(db_signature "$DB")
expect_error 1 "$T/en.csv:3: estate_name_en: 'Chunhui Garden' differs from 'Chunhui Estate' on line 2" \
    "$OFFICE" roster import --db "$DB" "$T/en.csv"
printf '%s\n' "$n" 'EX-02,春晖小区,春暉社區,Chunhui Estate,3,1,101,3-1-101,A,60' \
    'EX-02,春晖小区,,Chunhui Estate,3,1,102,3-1-102,B,60' >"$T/tw.csv"
expect_error 1 "$T/tw.csv:3: estate_name_zh_TW: '' differs from '春暉社區' on line 2" \
    "$OFFICE" roster import --db "$DB" "$T/tw.csv"
printf '%s\n' "$(echo "$n" | sed 's/_zh_TW/_zh_tw/')" >"$T/case.csv"
expect_error 1 "$T/case.csv:1: .*unknown column 'estate_name_zh_tw'.*did you mean 'estate_name_zh_TW'" \
    "$OFFICE" roster import --db "$DB" "$T/case.csv"
same "refused names leave the database" "$(db_signature "$DB")" "$sig"
printf '%s\n' "$n" 'EX-02,春晖小区,春暉社區,Chunhui Estate,3,1,101,3-1-101,A,60' \
    'EX-02,春晖小区,春暉社區,Chunhui Estate,3,1,102,3-1-102,B,60' >"$T/names.csv"
expect 0 "$OFFICE" roster import --db "$DB" "$T/names.csv"
same "names stored" "$(sql "$DB" "SELECT name_zh_TW || '|' || name_en FROM estate WHERE id = 'EX-02'")" "春暉社區|Chunhui Estate"
# A later roster without the columns clears them.
printf '%s\n' "$(head -1 "$T/header")" 'EX-02,春晖小区,3,1,101,3-1-101,A,60.00,张三,register' >"$T/plain.csv"
expect 0 "$OFFICE" roster import --db "$DB" "$T/plain.csv"
same "names cleared" "$(sql "$DB" "SELECT name_zh_TW IS NULL AND name_en IS NULL FROM estate WHERE id = 'EX-02'")" 1
"$SQLITE3" "$DB" "DELETE FROM flat WHERE estate_id = 'EX-02'; DELETE FROM estate WHERE id = 'EX-02'"

printf 'estate_id,estate_name,building,entrance,room,flat_id,owner_id,area_m2,colour\n' >"$T/unknown.csv"
sig=$(db_signature "$DB")
expect_error 1 "$T/unknown.csv:1: .*unknown column 'colour'" "$OFFICE" roster import --db "$DB" "$T/unknown.csv"
printf 'estate_id,estate_name,building,entrance,room,flat_id,area_m2\n' >"$T/missing.csv"
expect_error 1 "$T/missing.csv:1: .*owner_id" "$OFFICE" roster import --db "$DB" "$T/missing.csv"
printf '\377\376bad' >"$T/binary.csv"
expect_error 1 "$T/binary.csv:1" "$OFFICE" roster import --db "$DB" "$T/binary.csv"
expect_error 1 "nothing.csv" "$OFFICE" roster import --db "$DB" "$T/nothing.csv"
same "refusals leave the database" "$(db_signature "$DB")" "$sig"

# Replacement: a flat that is gone loses its code, the others keep theirs.
cp "$T/header" "$T/small.csv"
printf '%s\n' "$row" 'EX-01,春晖小区,3,1,102,3-1-102,B,60.00,李四,register' >>"$T/small.csv"
expect 0 "$OFFICE" roster import --db "$DB" "$T/small.csv"
expect 0 "$OFFICE" codes issue --db "$DB" --estate EX-01 --out "$T/codes.csv"
h101=$(sql "$DB" "SELECT hash FROM code WHERE estate_id = 'EX-01' AND flat_id = '3-1-101'")
cp "$T/header" "$T/smaller.csv"
printf '%s\n' 'EX-01,春晖小区,3,1,101,3-1-101,A,61.50,张三,survey' >>"$T/smaller.csv"
expect 0 "$OFFICE" roster import --db "$DB" "$T/smaller.csv"
same "removed flat is gone" "$(sql "$DB" "SELECT count(*) FROM flat WHERE estate_id = 'EX-01'")" 1
same "updated area" "$(sql "$DB" "SELECT area FROM flat WHERE estate_id = 'EX-01' AND flat_id = '3-1-101'")" 6150
same "kept flat keeps its code" "$(sql "$DB" "SELECT hash FROM code WHERE estate_id = 'EX-01' AND flat_id = '3-1-101'")" "$h101"
same "removed flat's code is gone" "$(sql "$DB" "SELECT count(*) FROM code WHERE estate_id = 'EX-01' AND flat_id = '3-1-102'")" 0
same "other estates untouched" "$(sql "$DB" "SELECT count(*) FROM flat")" 229

# A roster that drops an entrance the estate's plan asks about is refused.
expect 0 "$OFFICE" plan import --db "$DB" "$ASSETS/demo-plan-LC-XNY-02.json"
grep -v '^LC-XNY-02,[^,]*,3,2,' "$ASSETS/demo-roster.csv" >"$T/dropped.csv"
sig=$(db_signature "$DB")
expect_error 1 "dropped.csv: estate LC-XNY-02: .*plan" "$OFFICE" roster import --db "$DB" "$T/dropped.csv"
same "plan-breaking roster leaves the database" "$(db_signature "$DB")" "$sig"

test_done
