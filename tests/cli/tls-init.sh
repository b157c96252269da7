#!/bin/sh
# renovote-office tls init: the office's CA and server certificate made
# without the openssl command line, used by a real serve that a kiosk
# syncs with and curl reads, renewed with the CA kept (the kiosk still
# trusts the office), and every refusal leaving the files as they were.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/serve-lib.sh"
KIOSK="$top_builddir/renovote-kiosk"

D="$T/office-tls"
mkdir "$D"
expect 0 "$OFFICE" tls init --dir "$D" --name localhost,127.0.0.1
contains "says the CA goes to every kiosk" "$T/out" "office-ca.pem.*give it to every kiosk"
same "file modes" "$(cd "$D" && stat -c '%n %a' office-ca.pem office-ca.key cert.pem key.pem | tr '\n' ' ')" \
    "office-ca.pem 644 office-ca.key 600 cert.pem 644 key.pem 600 "
check "the CA signed the server certificate" openssl verify -CAfile "$D/office-ca.pem" "$D/cert.pem"
openssl x509 -in "$D/cert.pem" -noout -ext subjectAltName,extendedKeyUsage,basicConstraints >"$T/ext" 2>&1
contains "names: DNS and IP" "$T/ext" "DNS:localhost, IP Address:127.0.0.1"
contains "a server certificate" "$T/ext" "TLS Web Server Authentication"
contains "not a CA" "$T/ext" "CA:FALSE"
openssl x509 -in "$D/office-ca.pem" -noout -ext basicConstraints >"$T/caext" 2>&1
contains "the CA is a CA" "$T/caext" "CA:TRUE"
check "valid for 397 days, not a day more" openssl x509 -in "$D/cert.pem" -noout -checkend $((397 * 86400 - 3600))
if openssl x509 -in "$D/cert.pem" -noout -checkend $((398 * 86400)) >/dev/null; then
	fail "server certificate valid past 397 days"
else
	pass
fi

# serve uses them; the kiosk trusts office-ca.pem; curl too.
CA="$T/use"
mkdir -p "$CA"
ln -s "$D/cert.pem" "$CA/server.pem"
ln -s "$D/key.pem" "$CA/server.key"
ln -s "$D/office-ca.pem" "$CA/ca.pem"
OD="$T/office.db"
live_office "$OD" "$T" || fail "office set-up"
new_kiosk "$T/k.db" hall-1 "$OD" "$T/p1.pkg" || fail "kiosk set-up"
"$KIOSK" cast --db "$T/k.db" --flat 1-1-101 --code-file "$(code_file "$(code_of 1-1-101)")" \
    --question Q-BASIC --choice agree >/dev/null || fail "cast"
start_office "$OD"
expect 0 "$KIOSK" sync --db "$T/k.db" --office "$URL" --ca "$D/office-ca.pem" --retries 0
same "curl trusts the office CA" "$(curl -sS --max-time 20 --cacert "$D/office-ca.pem" -o /dev/null -w '%{http_code}' "$URL/e/LC-XNY-02")" 200
same "and by IP address" "$(curl -sS --max-time 20 --cacert "$D/office-ca.pem" -o /dev/null -w '%{http_code}' "https://127.0.0.1:$PORT/e/LC-XNY-02")" 200
stop_office

# Renewal: the CA is kept, the server certificate and key are new, and
# the kiosk syncs with the CA it already has.
cp "$D/office-ca.pem" "$T/ca.before"
cp "$D/cert.pem" "$T/cert.before"
expect 0 "$OFFICE" tls init --dir "$D" --name localhost,127.0.0.1 --days 10
contains "renewal keeps the CA" "$T/out" "Kept the office CA"
check "office-ca.pem unchanged" cmp -s "$D/office-ca.pem" "$T/ca.before"
if cmp -s "$D/cert.pem" "$T/cert.before"; then fail "cert.pem not renewed"; else pass; fi
check "the renewed certificate expires within 10 days" openssl x509 -in "$D/cert.pem" -noout -checkend $((9 * 86400))
if openssl x509 -in "$D/cert.pem" -noout -checkend $((11 * 86400)) >/dev/null; then
	fail "--days 10 not honoured"
else
	pass
fi
"$KIOSK" cast --db "$T/k.db" --flat 1-1-102 --code-file "$(code_file "$(code_of 1-1-102)")" \
    --question Q-BASIC --choice agree >/dev/null || fail "cast 2"
start_office "$OD"
# serve warns, in the journal, of a certificate that expires soon.
contains "serve warns of the coming expiry" "$T/serve.err" "warning: TLS certificate .*expires on [0-9-]+ \(in (9|10) days\)"
: >"$T/serve.err"
expect 0 "$KIOSK" sync --db "$T/k.db" --office "$URL" --ca "$D/office-ca.pem" --retries 0
stop_office
expect 0 "$OFFICE" tally --db "$OD" --estate LC-XNY-02 --json
same "both answers reached the office" "$(json_get "$T/out" "[q for q in j['questions'] if q['question_id'] == 'Q-BASIC'][0]['choices']['agree']['owners']")" 2

# Refusals: one line, exit 1 or 2, every file as it was.
sums() { (cd "$1" && sha256sum * 2>/dev/null); }
before=$(sums "$D")
expect_error 2 "'bad name' is not a host name" "$OFFICE" tls init --dir "$D" --name "localhost,bad name"
expect_error 2 "--days: '398' is not a number from 1 to 397" "$OFFICE" tls init --dir "$D" --name localhost --days 398
expect_error 2 "--name is required" "$OFFICE" tls init --dir "$D"
expect_error 1 "nowhere: No such file" "$OFFICE" tls init --dir "$T/nowhere" --name localhost
same "refusals changed nothing" "$(sums "$D")" "$before"
# A certificate from elsewhere is never replaced.
F="$T/foreign"
mkdir "$F"
cp "$T/tls/server.pem" "$F/cert.pem"
cp "$T/tls/server.key" "$F/key.pem"
before=$(sums "$F")
expect_error 1 "foreign/cert.pem: already there and not signed by this office's CA" "$OFFICE" tls init --dir "$F" --name localhost
same "foreign certificate kept" "$(sums "$F")" "$before"
# Nor is a CA certificate whose key is missing: kiosks trust it.
rm "$D/office-ca.key"
before=$(sums "$D")
expect_error 1 "office-ca.pem: found without .*office-ca.key" "$OFFICE" tls init --dir "$D" --name localhost
same "half a CA kept" "$(sums "$D")" "$before"

test_done
