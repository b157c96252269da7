#!/bin/sh
# A kiosk serving a cluster: two estates' packages loaded, Welcome shows
# both, the resident picks the estate first, and the answer lands in the
# right estate.  With --estate the kiosk serves that one only.

. "$top_srcdir/tests/kiosk/lib.sh"

check "set up office and kiosk" kiosk_setup
expect 0 "$OFFICE" plan import --db "$T/office.db" "$ASSETS/demo-plan-LC-XNY-01.json"
expect 0 "$OFFICE" codes issue --db "$T/office.db" --estate LC-XNY-01 --out "$T/codes-01.csv"
expect 0 "$OFFICE" package --db "$T/office.db" --estate LC-XNY-01 --out "$T/p01.pkg"
expect 0 "$KIOSK" load --db "$T/k.db" "$T/p01.pkg"

for size in 80x24 40x12; do
	start_ui "${size%x*}" "${size#*x}" -- --lang en
	wait_for "$(plan_text en title)" "$size cluster welcome" || continue
	[ "$size" = 80x24 ] && wait_for "Huaiyin Estate"
	fits
	keys 1
	wait_for "Which estate do you live in?" || continue
	wait_for "Huaiyin Estate"
	wait_for "Dongfeng Estate"
	fits
	keys 2
	wait_for "Which building do you live in?" || continue
	wait_for "Dongfeng Estate · Your flat"
	keys 0
	wait_for "Which estate do you live in?"
	keys 0
	wait_for "1 start"
done

# The whole way in estate 02 of the cluster, answered and recorded.
keys 1 2 3 1 1
wait_for "Flat 3-1-101"
keys "$(code_of 3-1-101)" Enter
wait_for "✔ Thank you, the code is right."
keys 3 1 Enter Enter Enter 1 3
wait_for "Your suggestion"
keys 2
wait_for "Your receipt"
keys 0
wait_for "Thank you. Everything you entered has been cleared."
same "answer in estate 02" "$(sql "$T/k.db" "SELECT estate_id || ' ' || question_id || '=' || choice FROM answer WHERE flat_id = '3-1-101'")" \
    "LC-XNY-02 Q-BASIC=agree"

# --estate: that estate only, no picking.
start_ui 80 24 -- --lang en --estate LC-XNY-02
wait_for "Dongfeng"
wait_gone "Huaiyin"
keys 1
wait_for "Which building do you live in?"

kiosk_done
