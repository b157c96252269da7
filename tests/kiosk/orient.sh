#!/bin/sh
# Orientation: step counts that are true (no total before the flat is
# known, one more per screen, N of N on the last, fewer after skipping
# items), a message and the terminal's bell for a wrong key, an answer's
# confirmation that stays on its question, the proxy banner on every
# screen of a proxy session with the witness picked from the plan's
# committee list, and no kiosk without a committee PIN.

. "$top_srcdir/tests/kiosk/lib.sh"

check "set up office and kiosk" kiosk_setup

# step_line: the step line of the screen ("Step 5 of 32 · English").
step_line() {
	screen | sed -n 2p
}

# step_of: "N M" from the step line, M empty when no total is shown.
step_of() {
	step_line | sed -n 's/^ *Step \([0-9]*\)\( of \([0-9]*\)\)\{0,1\} .*/\1 \3/p'
}

# wait_step N: poll until the step line shows step N.
wait_step() {
	deadline=$(($(date +%s) + TMUX_WAIT_S))
	while :; do
		set -- "$1" $(step_of)
		[ "$2" = "$1" ] && break
		if [ "$(date +%s)" -ge "$deadline" ]; then
			fail "step $1 never came; screen:
$(screen)"
			return 1
		fi
		sleep 0.05
	done
	pass
}

# pick_flat FLAT: from Welcome to the code screen of building-entrance-room
# FLAT (the room must be among the first seven of its entrance).
pick_flat() {
	b=${1%%-*}
	rest=${1#*-}
	e=${rest%%-*}
	n=$(sed -n "s/^LC-XNY-02,\($b-$e-[0-9]*\),.*/\1/p" "$T/codes.csv" |
	    grep -n "^$1\$" | cut -d: -f1)
	keys 1 "$b" "$e" "$n"
	wait_for "$1"
}

# --- true step counts: walk a whole vote, one step a screen -----------
start_ui 80 24 -- --lang en
wait_for "Dongfeng"
check "Welcome is no step" [ -z "$(step_of)" ]
keys 1
wait_step 1
same "no total before the flat is known" "$(step_of)" "1 "
keys 1
wait_step 2
keys 1
wait_step 3
keys 1
wait_step 4
wait_for "Your voting code"
same "still no total on the code screen" "$(step_of)" "4 "
keys "$(code_of 1-1-101)" Enter
wait_for "✔ Thank you, the code is right."
set -- $(step_of)
same "the first screen after the code is step 5" "$1" 5
total=$2
check "a total once the flat is known" [ -n "$total" ]
# What the flat pays comes first; then the items.
wait_for "What your flat pays"
keys 1
wait_for "Item 1 of"
same "the first item is step 6" "$(step_of)" "6 $total"
# The map is part of its item: the same step.
keys 2
wait_for "Site map"
same "the map shares its item's step" "$(step_of)" "6 $total"
keys 0
wait_for "Item 1 of"
# Every key that moves on: 1 next item, 1 answer, 1 confirm, 3 decline
# the pledge, 2 skip the suggestion; each screen is one step more, the
# total never changes.
n=6
while ! on_screen "Your receipt"; do
	if on_screen "Willingness pledge"; then k=3
	elif on_screen "Your suggestion"; then k=2
	else k=1; fi
	keys "$k"
	n=$((n + 1))
	wait_step "$n" || break
	same "step $n: the total holds" "$(step_of)" "$n $total"
	[ "$n" -gt 60 ] && break
done
wait_for "Your receipt"
same "the receipt is the last step: N of N" "$(step_of)" "$total $total"
same "every step in order" "$n" "$total"
wait_for "Step $total of $total"

# Skipping the items: the next step is one more, the total drops.
start_ui 80 24 -- --lang en
wait_for "Dongfeng"
pick_flat 1-1-102
keys "$(code_of 1-1-102)" Enter
wait_step 5
set -- $(step_of)
total=$2
keys 1
wait_step 6
keys 1
wait_step 7
keys 3
wait_for "Question 1 of"
set -- $(step_of)
same "skipping: the next step is 8" "$1" 8
same "skipping: the items not seen leave the total" "$2" $((total - 21 + 2))
keys 0
wait_for "Item 2 of 21"
same "back on the item: step 7 again" "$(step_of)" "7 $total"

# --- a wrong key: a message naming the keys, and the bell -------------
start_ui 80 24 -- --lang en
wait_for "Dongfeng"
pick_flat 1-1-202
same "no bell yet" "$(tm display -p '#{window_bell_flag}')" 0
# On a screen without choices the keys line is named.
keys F1
wait_for "This key does nothing here: the keys are on the last line."
same "the wrong key rings the bell" "$(tm display -p '#{window_bell_flag}')" 1
keys "$(code_of 1-1-202)" Enter
wait_for "What your flat pays"
keys 1
wait_for "Item 1 of 21"
keys 3
wait_for "Question 1 of"
keys x
wait_for "This key does nothing here: press 1 to 3."
keys Escape
wait_for "Item 1 of 21"
keys 3
wait_for "Question 1 of"
wait_gone "This key does nothing here"

# --- a confirmation stays with its question ---------------------------
for lang in en zh_CN; do
	flat=1-1-301
	[ "$lang" = en ] || flat=1-1-302
	rm -f "$T/said"
	start_ui 80 24 "RENOVOTE_SPEECH_LOG=$T/said" -- --guided --lang "$lang"
	wait_for "$(plan_text "$lang" title)" "$lang welcome" || continue
	pick_flat $flat
	keys "$(code_of $flat)" Enter
	wait_for "$(tr_ "$lang" "✔ Thank you, the code is right.")"
	keys 3
	wait_for "$(plan_text "$lang" questions.0.title)"
	keys 3
	wait_for "$(plan_text "$lang" questions.1.title)"
	chose=$(tr_ "$lang" "✔ You chose: %s" | sed "s/%s/$(tr_ "$lang" Abstain)/")
	# Give a stale message the time to show, then check it did not.
	sleep 0.5
	check "$lang: question 1's answer is not shown under question 2" \
	    sh -c "! tmux -L '$TMUX_SOCKET' capture-pane -p | tr -d ' \n' | grep -qF -- '$(printf %s "$chose" | tr -d ' ')'"
	# It is said before the next question, for who does not see it.
	deadline=$(($(date +%s) + TMUX_WAIT_S))
	said_chose=$(printf %s "$chose" | sed 's/^✔ //')
	until grep -qF -- "$said_chose" "$T/said" 2>/dev/null ||
	    [ "$(date +%s)" -ge "$deadline" ]; do
		sleep 0.05
	done
	contains "$lang: the confirmation is said" "$T/said" "$said_chose"
	# A message made for the screen it leads to stays: "recorded".
	keys 1 Enter Enter
	wait_for "$(tr_ "$lang" "Review your answers")"
	keys 1
	wait_for "$(tr_ "$lang" "✔ %zu answers recorded." | sed 's/%zu/2/')"
done

# --- the proxy banner on every screen; the witness from the list ------
start_ui 40 12 -- --lang zh_CN
wait_for "$(plan_text zh_CN title)"
keys C
wait_for "PIN"
keys "$PIN" Enter
wait_for "$(tr_ zh_CN "Committee mode")"
keys 4
wait_for "$(tr_ zh_CN "Proxy holder:")"
keys "赵六" Enter
wait_for "刘玉兰"
fits
keys 2
wait_for "$(tr_ zh_CN "Proxy holder: %s. Checked by: %s." | sed 's/%s/赵六/; s/%s/李秀英/')"
keys 1
banner="代理投票：代理人 赵六，见证 李秀英"
same "the banner's words" "$(tr_ zh_CN "Proxy answer: holder %s, checked by %s" | sed 's/%s/赵六/; s/%s/李秀英/')" "$banner"
wait_for "$(tr_ zh_CN "Your flat")"
wait_for "$banner" "banner on the flat picker"
keys 1 1 "$(sed -n 's/^LC-XNY-02,\(1-1-[0-9]*\),.*/\1/p' "$T/codes.csv" | grep -n '^1-1-202$' | cut -d: -f1)"
wait_for "$(tr_ zh_CN "Your voting code")"
wait_for "$banner" "banner on the code screen"
keys "$(code_of 1-1-202)" Enter
wait_for "$banner" "banner on what the flat pays"
keys 3
wait_for "$(tr_ zh_CN "Questions")"
wait_for "$banner" "banner on a question"
fits
keys 1
wait_for "$banner"
keys Enter Enter Enter
wait_for "$(tr_ zh_CN "Review your answers")"
wait_for "$banner" "banner on the review"
keys 1
wait_for "$(tr_ zh_CN "Willingness pledge")"
wait_for "$banner" "banner on the pledge"
keys 3
wait_for "$(tr_ zh_CN "Your suggestion")"
wait_for "$banner" "banner on the suggestion"
keys 2
wait_for "$(tr_ zh_CN "Your receipt")"
wait_for "$banner" "banner on the receipt"
keys 0
wait_for "$(tr_ zh_CN "Welcome")"
wait_gone "$banner"
same "the picked witness recorded as cast --witness records it" \
    "$(sql "$T/k.db" "SELECT count(*) FROM ledger WHERE type = 2 AND instr(body, CAST('赵六' AS BLOB)) > 0 AND instr(body, CAST('李秀英' AS BLOB)) > 0")" 1
expect 0 "$KIOSK" cast --db "$T/k.db" --flat 1-2-101 --code-file "$(code_file "$(code_of 1-2-101)")" \
    --question Q-BASIC --choice agree --proxy "赵六" --witness "李秀英"
same "same record shape as cast's" \
    "$(sql "$T/k.db" "SELECT count(*) FROM ledger WHERE type = 2 AND instr(body, CAST('赵六' AS BLOB)) > 0 AND instr(body, CAST('李秀英' AS BLOB)) > 0")" 2

# --- no kiosk without a committee PIN ---------------------------------
"$KIOSK" init --db "$T/n.db" --name hall-2 --pubkey-out "$T/n.pem" >/dev/null
expect_error 1 "no committee PIN yet: give --pin-file FILE" \
    "$KIOSK" load --db "$T/n.db" "$T/p1.pkg" </dev/null
same "nothing loaded without a PIN" "$(sql "$T/n.db" "SELECT count(*) FROM flat")" 0
check "one line" [ "$(wc -l <"$T/err")" -eq 1 ]
# On a terminal load asks twice; two different PINs are asked again.
tm kill-server 2>/dev/null
TMUX_SOCKET="test$$.load"
tm -f /dev/null new-session -d -x 100 -y 20 \
    "env LC_ALL=C.UTF-8 LANGUAGE= '$KIOSK' load --db '$T/n.db' '$T/p1.pkg'; echo EXITED \$?; sleep 600"
wait_for "New committee PIN (6 to 12 digits):"
keys 135791 Enter
wait_for "The same PIN again:"
keys 135792 Enter
wait_for "The two PINs differ; please type them again."
keys 12 Enter
wait_for "6 to 12 digits" "a short PIN refused"
keys 135791 Enter
deadline=$(($(date +%s) + TMUX_WAIT_S))
until [ "$(screen | grep -c 'The same PIN again:')" -ge 2 ] ||
    [ "$(date +%s)" -ge "$deadline" ]; do
	sleep 0.05
done
keys 135791 Enter
wait_for "EXITED 0"
wait_for "Loaded LC-XNY-02"
same "PIN stored" "$(sql "$T/n.db" "SELECT count(*) FROM meta WHERE key = 'pin_hash'")" 1
# A PIN held: a later load without one keeps it.
expect 0 "$KIOSK" load --db "$T/n.db" "$T/p1.pkg" </dev/null

# The interface refuses to start without a PIN.
cp "$T/k.db" "$T/nopin.db" && cp "$T/k.db.head" "$T/nopin.db.head"
sql "$T/nopin.db" "DELETE FROM meta WHERE key = 'pin_hash'" >/dev/null
start_ui 80 24 -- --db "$T/nopin.db"
wait_for "EXITED 1" "interface without a PIN"
wait_for "no committee PIN is set"

kiosk_done
