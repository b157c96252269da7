#!/bin/sh
# Guided mode: number keys only, "step N of M" always shown, every screen
# spoken (read from the RENOVOTE_SPEECH_LOG the kiosk appends to, in the
# words handed to the voice: tests/kiosk/speech.sh checks those), 9
# repeats, the speech rate changes in steps, each action is confirmed in
# words, and the spoken warning comes before the idle reset.  Also the
# key on Welcome that turns guided mode on.

. "$top_srcdir/tests/kiosk/lib.sh"

check "set up office and kiosk" kiosk_setup
LOG="$T/speech.log"

for lang in zh_CN en; do
	rm -f "$LOG"
	start_ui 80 24 "RENOVOTE_SPEECH_LOG=$LOG" -- --guided --idle 8 --lang "$lang"
	wait_for "$(tr_ "$lang" "Speak slower")" "$lang guided welcome" || continue
	said "$(tr_ "$lang" "Welcome")"
	said "$(spoken "$lang" "$(tr_ "$lang" "Press 1 to start; 2 changes the language, 4 and 5 the speed, 6 and 7 the volume, 0 leaves guided mode.")")"
	keys 1
	# Before the flat is known, no total.
	wait_for "$(tr_ "$lang" "Step %d" | sed 's/%d/1/')·"
	said "$(tr_ "$lang" "Which building do you live in?")"
	# 9 repeats what was said.
	n=$(grep -cF "$(tr_ "$lang" "Which building do you live in?")" "$LOG")
	keys 9
	deadline=$(($(date +%s) + TMUX_WAIT_S))
	while [ "$(grep -cF "$(tr_ "$lang" "Which building do you live in?")" "$LOG")" -le "$n" ] &&
	    [ "$(date +%s)" -lt "$deadline" ]; do
		sleep 0.05
	done
	check "$lang: 9 repeats" [ "$(grep -cF "$(tr_ "$lang" "Which building do you live in?")" "$LOG")" -gt "$n" ]
	# Faster speech, said in words, and used from then on.
	keys +
	said "$(spoken "$lang" "$(tr_ "$lang" "Speech speed %d of %d" | sed 's/%d/4/; s/%d/5/')")"
	said "r4 v3"
	# 0 goes back; numbers pick.
	keys 3 0
	wait_for "$(tr_ "$lang" "Which building do you live in?")"
	keys 3 1 1
	wait_for "$(tr_ "$lang" "Your voting code")"
	wait_for "$(tr_ "$lang" "Step %d" | sed 's/%d/4/')·"
	keys "$(code_of 3-1-101)" Enter
	said "$(spoken "$lang" "$(tr_ "$lang" "✔ Thank you, the code is right.")")"
	wait_for "$(tr_ "$lang" "Step %d of %d" | sed 's/%d/5/; s/%d/34/')"
	keys 3 1
	said "$(spoken "$lang" "$(tr_ "$lang" "✔ You chose: %s" | sed "s/%s/$(tr_ "$lang" Agree)/")")"
	# Idle: the warning is spoken, then the kiosk starts over.
	said "$(spoken "$lang" "$(tr_ "$lang" "Are you still there? Press any key, or the kiosk starts over in %d seconds." |
	    sed 's/%d/4/')")"
	wait_for "$(tr_ "$lang" "Speak slower")"
	wait_gone "3-1-101"
	wait_gone "$(tr_ "$lang" "Step %d of %d" | sed 's/%d/5/; s/%d/34/')"
done

# Welcome's key 2 turns guided mode on; it is off again for the next
# resident.
rm -f "$LOG"
start_ui 40 12 "RENOVOTE_SPEECH_LOG=$LOG" -- --lang en --idle 4
wait_for "2 guided"
keys 2
wait_for "Guided mode is on."
said "Guided mode is on."
wait_for "guided"
fits
wait_gone "· guided"
wait_for "1 start  2 guided"

kiosk_done
