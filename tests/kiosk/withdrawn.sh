#!/bin/sh
# A kiosk the office revoked learns it at its next sync and takes no more
# answers: the resident interface shows only the withdrawn notice (in the
# resident's language), 1 does not lead to the code screen, and a code
# typed nowhere is checked.

. "$top_srcdir/tests/kiosk/lib.sh"
. "$top_srcdir/tests/cli/serve-lib.sh"

check "set up office and kiosk" kiosk_setup
title=$(plan_text en title)
start_office "$T/office.db" --timeout 5
# serve-lib.sh's wait_for polls a command; the screen's is wanted here.
wait_for() {
	wait_screen 1 "$@"
}

# Before revocation the welcome screen invites residents in.
start_ui 80 24 -- --lang en
wait_for "$title" "welcome before revocation"
tm kill-server 2>/dev/null

expect 0 "$OFFICE" kiosk revoke --db "$T/office.db" --name hall-1
expect 1 "$KIOSK" sync --db "$T/k.db" --office "$URL" --ca "$CA/ca.pem" --retries 0
contains "sync says the kiosk is withdrawn" "$T/err" "this kiosk is withdrawn"

start_ui 80 24 -- --lang en
wait_for "$(tr_ en "This kiosk has been withdrawn by the street office and takes no more answers.  Please use another kiosk or call the office.")" "withdrawn notice"
if on_screen "$title"; then fail "the plan is still offered"; else pass; fi
keys 1
wait_for "$(tr_ en "This kiosk has been withdrawn by the street office and takes no more answers.  Please use another kiosk or call the office.")" "1 leads nowhere"
if on_screen "$(tr_ en "Your flat")"; then fail "1 led to the flat screen"; else pass; fi
# In the resident's language.
tm kill-server 2>/dev/null
start_ui 80 24 -- --lang zh_CN
wait_for "$(tr_ zh_CN "This kiosk has been withdrawn by the street office and takes no more answers.  Please use another kiosk or call the office.")" "zh_CN notice"

stop_office
kiosk_done
