#!/bin/sh
# The session's one receipt and its printout: a resident answers three
# questions and signs the pledge; the receipt lists each answer with its
# code, one QR code links to the session's check page, and 1 prints it
# in ESC/POS on the printer set by load: a file standing for the device
# (checked byte by byte: ESC @, the GB18030 text of every question and
# answer, the codes, the QR code's GS ( k commands with the URL the
# screen's code decodes to, the cut), a CUPS queue through a stand-in
# lp, a printer that cannot be opened (a message, the receipt stays, the
# session still ends), and none.  Then the office's /r/ page for the
# session shows every answer counted.

. "$top_srcdir/tests/kiosk/lib.sh"

need zbarimg iconv

check "set up office and kiosk" kiosk_setup
PRINTER="$T/printer.out"

# load_printer ARGS...: load the package again with printer options.
load_printer() {
	"$KIOSK" load --db "$T/k.db" --pin-file "$T/pin" "$@" "$T/p1.pkg" >/dev/null
}

# Refusals name the option; the kiosk's settings stay as they were.
before=$(db_signature "$T/k.db")
expect_error 2 "--printer: 'printer.out' is neither an absolute device path nor cups:QUEUE" \
    "$KIOSK" load --db "$T/k.db" --pin-file "$T/pin" --printer printer.out "$T/p1.pkg"
expect_error 2 "--printer: 'a/b' is not a CUPS queue name" \
    "$KIOSK" load --db "$T/k.db" --pin-file "$T/pin" --printer cups:a/b "$T/p1.pkg"
same "refused load changed nothing" "$(db_signature "$T/k.db")" "$before"

# session SIZE ROOM [ENV...]: start the interface at SIZE and vote for
# the ROOM-th flat of building 1 entrance 1 in zh_CN: agree, disagree,
# no answer to the lift, option 3, the pledge with 1234.5 yuan; leaves
# the receipt on screen and $flat set.
session() {
	size=$1
	flat=$(sed -n "s/^LC-XNY-02,\(1-1-[0-9]*\),.*/\1/p" "$T/codes.csv" |
	    sed -n "${2}p")
	pick=$2
	shift 2
	start_ui "${size%x*}" "${size#*x}" "$@" -- --lang zh_CN
	wait_for "$(plan_text zh_CN title)" "$size welcome" || return 1
	keys 1
	wait_for "$(tr_ zh_CN "Which building do you live in?")" || return 1
	keys 1
	wait_for "$(tr_ zh_CN "Building %s. Which entrance?" | sed 's/%s/1/')" || return 1
	keys 1
	wait_for "$(tr_ zh_CN "Page %zu of %zu · 8 next page" | sed 's/%zu/1/; s/%zu/2/')" || return 1
	keys "$pick"
	wait_for "$(tr_ zh_CN "Your voting code")" || return 1
	keys "$(code_of "$flat")" Enter
	wait_for "$(tr_ zh_CN "✔ Thank you, the code is right.")" || return 1
	keys 3
	wait_for "$(plan_text zh_CN questions.0.title)" || return 1
	keys 1
	wait_for "$(plan_text zh_CN questions.1.title)" || return 1
	keys 2
	wait_for "$(plan_text zh_CN questions.3.title)" || return 1
	keys Enter
	wait_for "$(plan_text zh_CN questions.9.options.2.title)" || return 1
	keys 3
	wait_for "$(tr_ zh_CN "Review your answers")" || return 1
	keys 1
	wait_for "$(tr_ zh_CN "Willingness pledge")" || return 1
	keys 2 1 2 3 4 . 5 Enter
	wait_for "1,234.50" || return 1
	keys 1
	wait_for "$(tr_ zh_CN "Your suggestion")" "$size suggestion" || return 1
	keys 2
	wait_for "$(tr_ zh_CN "Your receipt")" "$size receipt" || return 1
	receipts=$(sql "$T/k.db" "SELECT receipt FROM ledger WHERE seq IN (SELECT seq FROM answer WHERE flat_id = '$flat' UNION SELECT seq FROM signature WHERE flat_id = '$flat') ORDER BY seq")
	url="$OFFICE_URL/r/$(echo "$receipts" | tr -d - | paste -sd+)"
}

# to_qr: press 8 until the receipt's QR view is on screen.
to_qr() {
	n=0
	while ! on_screen "$(tr_ zh_CN "8 list  1 print  0 finish")" && [ $n -lt 8 ]; do
		keys 8
		sleep 0.3
		n=$((n + 1))
	done
	wait_for "$(tr_ zh_CN "8 list  1 print  0 finish")" "QR view"
}

# A printer that is a plain file (as a device node would be).
: >"$PRINTER"
check "load with a printer" load_printer --printer "$PRINTER"
same "printer in meta" "$(sql "$T/k.db" "SELECT value FROM meta WHERE key = 'printer'")" "$PRINTER"
session 80x24 1 || fail "session at 80x24"
same "four records" "$(echo "$receipts" | wc -l)" 4
wait_for "$(tr_ zh_CN "8 QR code  1 print  0 finish")" "print key offered"
# The list names each question with its answer and code.
for r in $receipts; do
	wait_for "$r" "code $r listed"
done
line_of() {
	fmt=$(tr_ zh_CN "$1" | sed 's/%zu/%s/g')
	shift
	# shellcheck disable=SC2059
	printf "$fmt" "$@"
}
wait_for "$(line_of '%zu. %s: %s  %s' 1 "$(plan_text zh_CN questions.0.title)" "$(tr_ zh_CN Agree)" "$(echo "$receipts" | sed -n 1p)")" "question 1 with its answer and code"
wait_for "$(line_of '%zu. %s: %s  %s' 2 "$(plan_text zh_CN questions.1.title)" "$(tr_ zh_CN Disagree)" "$(echo "$receipts" | sed -n 2p)")" "question 2 with its answer and code"
wait_for "$(line_of '%zu. %s: %s  %s' 3 "$(plan_text zh_CN questions.9.title)" "$(plan_text zh_CN questions.9.options.2.title)" "$(echo "$receipts" | sed -n 3p)")" "question 3 with its answer and code"
wait_for "$(line_of '%zu. Pledge signed, %s yuan  %s' 4 1,234.50 "$(echo "$receipts" | sed -n 4p)")" "pledge with amount and code"
fits
keys 1
wait_for "$(tr_ zh_CN "✔ The receipt was printed.")" || fail "print"
# The QR view: the code decodes to the session's URL.
to_qr
fits
screen_url=$(qr_decode)
same "screen QR is the session's URL" "$screen_url" "$url"

python3 - "$PRINTER" "$url" "$T/texts" $receipts <<'PY' >"$T/printed" 2>&1 || fail "printout: $(cat "$T/printed")"
import sys
data = open(sys.argv[1], "rb").read()
url = sys.argv[2].encode()
texts = {}
for line in open(sys.argv[3], encoding="utf-8"):
    path, lang, text = line.rstrip("\n").split("\t")
    if lang == "zh_CN":
        texts[path] = text
assert data.startswith(b"\x1b@"), "does not begin with ESC @: %r" % data[:8]
assert data.endswith(b"\x1dVB\x04"), "does not end with a cut: %r" % data[-8:]
n = len(url) + 3
store = b"\x1d(k" + bytes([n & 0xff, n >> 8]) + b"1P0" + url
assert store in data, "no GS ( k store command with the URL"
assert data.index(store) < data.index(b"\x1d(k\x03\x001Q0"), "no GS ( k print after the store"
assert b"\x1d(k\x04\x001A2\x00" in data, "no model 2"
text = data.decode("gb18030")
for want in (texts["questions.0.title"], "同意", texts["questions.1.title"], "不同意",
             texts["questions.9.title"], texts["questions.9.options.2.title"], "1,234.50",
             sys.argv[2]):
    assert want in text, "%r not printed" % want
for r in sys.argv[4:]:
    assert r in text, "receipt %s not printed" % r
# The text really is GB18030, not UTF-8.
assert texts["questions.0.title"].encode("gb18030") in data
assert texts["questions.0.title"].encode("utf-8") not in data
print("ok")
PY
same "printout checked" "$(cat "$T/printed")" ok
# The printout carries the chain position of the session's last record.
set -- $(sql "$T/k.db" "SELECT seq, lower(substr(hex(hash), 1, 8)) FROM ledger ORDER BY seq DESC LIMIT 1" | tr '|' ' ')
pos=$(printf "$(tr_ zh_CN "Kiosk %s, record %llu, %s" | sed 's/%llu/%s/')" hall-1 "$1" "$2")
check "printout names the chain position '$pos'" python3 -c 'import sys; sys.exit(sys.argv[2] not in open(sys.argv[1], "rb").read().decode("gb18030"))' "$PRINTER" "$pos"
# 0 finishes; the receipt and the flat leave the screen.
keys 0
wait_for "$(tr_ zh_CN "Thank you. Everything you entered has been cleared.")"
wait_gone "$flat"

# The office's page for the session, once the kiosk's records are in.
expect 0 "$KIOSK" export --db "$T/k.db" --out "$T/b1"
expect 0 "$OFFICE" ingest --db "$T/office.db" "$T/b1"
"$OFFICE" page --db "$T/office.db" "/api/r/${url#"$OFFICE_URL/r/"}" >"$T/s.json" || fail "session page"
same "office: every answer of the session counted" \
    "$(json_get "$T/s.json" '[r["status"] for r in j["receipts"]]')" \
    "['counted', 'counted', 'counted', 'counted']"

# At 40x12: 8 scrolls the list and never leaves the receipt; the QR view
# gives the address with each code whole on a line.
session 40x12 2 || fail "session at 40x12"
for r in $receipts; do
	n=0
	while ! on_screen "$r" && [ $n -lt 6 ]; do
		keys 8
		sleep 0.3
		n=$((n + 1))
	done
	wait_for "$r" "40x12 code $r listed"
	wait_for "$(tr_ zh_CN "Your receipt")" "40x12 8 stays in the receipt"
	fits
done
to_qr
fits
for r in $receipts; do
	check "40x12 code $r whole" sh -c "tmux -L '$TMUX_SOCKET' capture-pane -p | grep -qF '$(echo "$r" | tr -d -)'"
done
keys 8
wait_for "$(tr_ zh_CN "8 QR code  1 print  0 finish")" "8 back to the list"
keys 0
wait_for "$(tr_ zh_CN "Thank you. Everything you entered has been cleared.")"

# A printer that cannot be opened: a message, the receipt stays on the
# screen, the session still finishes.
check "load with a missing printer" load_printer --printer "$T/missing/lp0"
session 80x24 3 || fail "session with a broken printer"
keys 1
wait_for "$(tr_ zh_CN "✖ The printer failed (%s); the receipt stays on the screen." | sed 's/%s.*//')" "printer failure shown"
wait_for "$(tr_ zh_CN "✖ The printer failed (%s); the receipt stays on the screen." | sed 's/.*%s//')" "printer failure: the receipt stays"
wait_for "$T/missing/lp0" "printer failure names the device"
wait_for "$(echo "$receipts" | head -1)" "receipt stays"
wait_for "$(tr_ zh_CN "Your receipt")"
keys Enter
wait_for "$(tr_ zh_CN "Thank you. Everything you entered has been cleared.")"
same "ledger holds the broken-printer session" "$(echo "$receipts" | wc -l)" 4

# A CUPS queue: the bytes go to lp -d QUEUE -o raw (a stand-in here).
mkdir -p "$T/bin"
cat >"$T/bin/lp" <<EOF
#!/bin/sh
echo "\$*" >"$T/lp.args"
cat >"$T/lp.out"
EOF
chmod +x "$T/bin/lp"
check "load with a CUPS queue, no QR" load_printer --printer cups:receipts --printer-no-qr
session 80x24 4 "PATH=$T/bin:$PATH" || fail "session with CUPS"
keys 1
wait_for "$(tr_ zh_CN "✔ The receipt was printed.")" || fail "print to CUPS"
same "lp arguments" "$(cat "$T/lp.args")" "-s -d receipts -o raw"
check "CUPS bytes begin with ESC @" sh -c "head -c 2 '$T/lp.out' | od -An -tx1 | grep -q '1b 40'"
check "without QR: no GS ( k" sh -c "! grep -qF \"\$(printf '\\035(k')\" '$T/lp.out'"
check "without QR: the URL printed" sh -c "iconv -f GB18030 -t UTF-8 '$T/lp.out' | grep -qF '$url'"
keys 0
wait_for "$(tr_ zh_CN "Thank you. Everything you entered has been cleared.")"

# No printer: no print key, 1 does nothing.
check "load without a printer" load_printer --printer none
session 80x24 5 || fail "session without a printer"
wait_for "$(tr_ zh_CN "8 QR code  0 finish")" "keys without print"
wait_gone "$(tr_ zh_CN "1 print  0 finish")" "no print key"
keys 1
sleep 0.5
wait_for "$(tr_ zh_CN "Your receipt")" "1 does nothing without a printer"
keys 0
wait_for "$(tr_ zh_CN "Thank you. Everything you entered has been cleared.")"

kiosk_done
