#!/usr/bin/env bash
# Run the product on the demo cluster: three estates of Laocheng District
# with their plans, in the default SQLite databases (under XDG_DATA_HOME,
# here kept inside the build directory so a real database is never
# touched).  The street office imports the estates, issues voting codes
# and signs a package; a hall kiosk is enrolled and loads it; then the
# resident interface runs on this terminal.  Quit it from committee mode
# (C, PIN 246810, "exit"); the tally and the published results follow.
# Called by ./setup.sh demo.
set -euo pipefail
build=${1:-build}
src=$(cd "$(dirname "$0")" && pwd)
cd "$build"
export XDG_DATA_HOME="$PWD/demo-data"
# Not a service's state directory either (cmdline.c, cmd_default_dir).
unset STATE_DIRECTORY
export RENOVOTE_LOCALEDIR="$PWD/locale"
# The demo speaks Chinese unless the caller chose a language.
export LANGUAGE="${LANGUAGE:-zh_CN}"
office="$PWD/renovote-office"
kiosk="$PWD/renovote-kiosk"
data="$XDG_DATA_HOME/renovote"
estate=LC-XNY-02
pin=246810
url=https://office.example.cn

if [ ! -f "$data/office.db" ]; then
	"$office" init
	"$office" roster import "$src/assets/demo-roster.csv"
	"$office" plan import "$src"/assets/demo-plan-*.json
	mkdir -p demo-codes
	for e in LC-XNY-01 LC-XNY-02 LC-XNY-03; do
		"$office" codes issue --estate "$e" --out "demo-codes/$e.csv" \
		    --slips "demo-codes/$e.html"
	done
	# LC-XNY-01 has been through the whole consultation cycle: needs
	# survey, vote, notices, acceptance and two quarters of service
	# ratings, entered as paper ballots dated over the past year.
	echo "LC-XNY-01: running its consultation cycle (paper ballots)..."
	mkdir -p "$data/cycle"
	"$src/assets/demo-cycle.sh" "$office" "$data/office.db" LC-XNY-01 \
	    "$data/cycle" "$PWD/demo-site" "$url" >/dev/null
fi
if [ ! -f "$data/kiosk.db" ]; then
	"$kiosk" init --name hall-1 --pubkey-out "$data/hall-1.pem"
	"$office" kiosk enroll --name hall-1 --pubkey "$data/hall-1.pem"
	"$office" package --estate "$estate" --out "$data/$estate.pkg"
	umask 077
	printf '%s\n' "$pin" >"$data/pin"
	"$kiosk" load --pin-file "$data/pin" --office-url "$url" \
	    "$data/$estate.pkg"
fi

cat <<EOT

The hall kiosk of $estate (东风印刷厂家属院) starts now.  Voting codes to try:
$(sed -n '2,4p' "demo-codes/$estate.csv" | cut -d, -f2,3 | sed 's/,/  /; s/^/  flat /')
Keys: 1-7 choose, 0 back, L language, G guided mode, C committee (PIN $pin).
Leave through committee mode: C, the PIN, then "exit".

EOT
if [ -t 0 ] && [ -t 1 ]; then
	read -r -p "Press Enter to start the kiosk... " _
	"$kiosk" || true
else
	echo "(not a terminal: the kiosk interface is skipped)"
fi

# What the kiosk recorded reaches the office on a "USB stick".
"$kiosk" export --out "$data/hall-1.bundle" 2>/dev/null &&
    "$office" ingest "$data/hall-1.bundle" || true
"$office" tally --estate "$estate"
"$office" publish --out "$PWD/demo-site" --base-url "$url" \
    --objection-days 7 2>/dev/null || true
cat <<EOT

The demo databases are in $data.
Voting-code slips for printing (one A6 page per flat, open in a browser
and print) are in $PWD/demo-codes/*.html.
The published results (static pages, QR codes, A4 notices, the district
report) are in $PWD/demo-site/ (open demo-site/index.html).
Try:  $office dashboard --base-url $url
      $office demand --estate LC-XNY-01
      $office ratings --estate LC-XNY-01 --stage service
      $office tally --estate LC-XNY-01 --json
      LANGUAGE=en $office tally --estate $estate
EOT
