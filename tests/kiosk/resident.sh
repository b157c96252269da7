#!/bin/sh
# The resident's whole path in zh_CN, zh_TW and en at 80x24 and 40x12:
# Welcome, the flat, the code, the plan and its site map, the questions,
# the review, the pledge with an amount, the session's one receipt with its
# QR code,
# and the screen cleared afterwards.  Every screen is checked for lines
# wider than the terminal, and the answers are checked in the ledger.

. "$top_srcdir/tests/kiosk/lib.sh"

check "set up office and kiosk" kiosk_setup

# Each run answers for its own flat: building 1, entrance 1 at 80x24 and
# entrance 2 at 40x12, the first, second or third flat.
for size in 80x24 40x12; do
	room=0
	for lang in zh_CN zh_TW en; do
		room=$((room + 1))
		entrance=1
		lift=3
		if [ "$size" = 40x12 ]; then
			entrance=2
			lift=4
		fi
		flat=$(sed -n "s/^LC-XNY-02,\(1-$entrance-[0-9]*\),.*/\1/p" \
		    "$T/codes.csv" | sed -n "${room}p")
		code=$(code_of "$flat")
		start_ui "${size%x*}" "${size#*x}" -- --lang "$lang"
		# Welcome: the plan's title in the language, the way in.
		wait_for "$(plan_text "$lang" title)" "$lang $size welcome" || continue
		[ "$size" = 80x24 ] && wait_for "$(tr_ "$lang" "Start")"
		fits
		keys 1
		wait_for "$(tr_ "$lang" "Which building do you live in?")" || continue
		fits
		keys 1
		wait_for "$(tr_ "$lang" "Building %s. Which entrance?" | sed 's/%s/1/')"
		keys "$entrance"
		wait_for "$(tr_ "$lang" "Page %zu of %zu · 8 next page" |
		    sed 's/%zu/1/; s/%zu/2/')"
		fits
		keys "$room"
		# The flat, masked owner, area; then the code.
		wait_for "$(tr_ "$lang" "Your voting code")" || continue
		wait_for "$flat"
		wait_for '*'
		fits
		keys "$code" Enter
		wait_for "$(tr_ "$lang" "✔ Thank you, the code is right.")" || continue
		# What the flat pays (tests/kiosk/money.sh checks the sums).
		wait_for "$(tr_ "$lang" "What your flat pays")" || continue
		fits
		keys 1
		wait_for "$(plan_text "$lang" items.0.title)"
		fits
		# The map of an item with places on it: the resident's
		# building with a star, the item with a diamond.
		keys 1 1 1 1 1 1
		wait_for "$(plan_text "$lang" items.6.title)" || continue
		keys 2
		wait_for "$(tr_ "$lang" "Site map")" || continue
		wait_for "★1"
		wait_for "◆"
		fits
		keys 0 3
		# Questions: agree, disagree, keep, option 3.
		wait_for "$(plan_text "$lang" questions.0.title)" || continue
		wait_for "$(tr_ "$lang" "Agree")"
		fits
		keys 1
		wait_for "$(plan_text "$lang" questions.1.title)" || continue
		# Question 1's confirmation is not shown under question 2.
		wait_gone "$(tr_ "$lang" "✔ You chose: %s" | sed "s/%s/$(tr_ "$lang" Agree)/")"
		keys 2
		wait_for "$(plan_text "$lang" "questions.$lift.title")" || continue
		keys Enter
		wait_for "$(plan_text "$lang" questions.9.options.2.title)" || continue
		keys 3
		wait_for "$(tr_ "$lang" "Review your answers")" || continue
		wait_for "$(tr_ "$lang" "1 confirm  2 change  0 back")"
		fits
		keys 1
		# The pledge, with 1234.5 yuan offered.
		wait_for "$(tr_ "$lang" "Willingness pledge")" || continue
		wait_for "$(plan_text "$lang" pledges.0.text)"
		fits
		keys 2 1 2 3 4 . 5 Enter
		wait_for "1,234.50" || continue
		keys 1
		wait_for "$(tr_ "$lang" "Your suggestion")" || continue
		keys 2
		wait_for "$(tr_ "$lang" "Your receipt")" || continue
		fits
		# One receipt: the session's records in the ledger, in order.
		receipts=$(sql "$T/k.db" "SELECT receipt FROM ledger WHERE seq IN (SELECT seq FROM answer WHERE flat_id = '$flat' UNION SELECT seq FROM signature WHERE flat_id = '$flat') ORDER BY seq")
		same "$lang $size four records" "$(echo "$receipts" | wc -l)" 4
		receipt=$(echo "$receipts" | head -1)
		url="$OFFICE_URL/r/$(echo "$receipts" | tr -d - | paste -sd+)"
		# Every code on the list (8 scrolls it), with its answer.
		wait_for "$(tr_ "$lang" "Agree")"
		for r in $receipts; do
			n=0
			while ! on_screen "$r" && [ $n -lt 6 ]; do
				keys 8
				sleep 0.3
				n=$((n + 1))
			done
			wait_for "$r" "$lang $size receipt $r listed"
			fits
		done
		# Then 8 shows the QR code of the whole session.
		n=0
		while ! on_screen "$(tr_ "$lang" "8 list  0 finish")" && [ $n -lt 6 ]; do
			keys 8
			sleep 0.3
			n=$((n + 1))
		done
		wait_for "$(tr_ "$lang" "8 list  0 finish")" || continue
		fits
		if [ "$size" = 80x24 ]; then
			# The QR code scans, and links to the session's page.
			same "$lang QR code" "$(qr_decode)" "$url"
		else
			wait_for "$(tr_ "$lang" "The screen is too small for the QR code; the check page is:")"
			# The address in text, broken only between codes.
			for r in $receipts; do
				check "$lang $size code $r whole on a line" sh -c "tmux -L '$TMUX_SOCKET' capture-pane -p | grep -qF '$(echo "$r" | tr -d -)'"
			done
		fi
		# 8 goes back to the same receipt's list, never elsewhere.
		keys 8
		wait_for "$(tr_ "$lang" "8 QR code  0 finish")" || continue
		keys 0
		wait_for "$(tr_ "$lang" "Thank you. Everything you entered has been cleared.")"
		wait_gone "$receipt"
		wait_gone "$flat"
		fits
		# The ledger holds exactly what was chosen.
		same "$lang $size answers" "$(sql "$T/k.db" "SELECT question_id || '=' || choice FROM answer WHERE flat_id = '$flat' ORDER BY question_id" | tr '\n' ' ')" \
		    "Q-BASIC=agree Q-IMPROVE=disagree Q-PM=self "
		same "$lang $size pledge" "$(sql "$T/k.db" "SELECT pledge_id || '=' || amount_fen FROM signature WHERE flat_id = '$flat'")" "P-WILL=123450"
	done
done

kiosk_done
