#!/usr/bin/env bash
# Run the street office on the demo cluster: three estates of Laocheng
# District with their plans, in the default SQLite database (under
# XDG_DATA_HOME, here kept inside the build directory so a real office
# database is never touched).  Called by ./setup.sh demo.
set -euo pipefail
build=${1:-build}
src=$(cd "$(dirname "$0")" && pwd)
cd "$build"
export XDG_DATA_HOME="$PWD/demo-data"
export RENOVOTE_LOCALEDIR="$PWD/locale"
# The demo speaks Chinese unless the caller chose a language.
export LANGUAGE="${LANGUAGE:-zh_CN}"
office="$PWD/renovote-office"
db="$XDG_DATA_HOME/renovote/office.db"

if [ ! -f "$db" ]; then
	"$office" init
	"$office" roster import "$src/assets/demo-roster.csv"
	"$office" plan import "$src"/assets/demo-plan-*.json
	mkdir -p demo-codes
	for estate in LC-XNY-01 LC-XNY-02 LC-XNY-03; do
		"$office" codes issue --estate "$estate" \
		    --out "demo-codes/$estate.csv"
	done
fi
"$office" tally
cat <<EOT

The demo office database is $db.
Voting-code slips for printing are in $PWD/demo-codes/.
Try:  $office tally --estate LC-XNY-01 --json
      LANGUAGE=en $office tally --estate LC-XNY-02
EOT
