#!/bin/sh
# Kiosk safety: wrong codes and the lockout, Ctrl-C / Ctrl-Z / Ctrl-\ that
# do nothing, the idle reset that wipes the resident's data and settings,
# SIGTERM that ends it cleanly, a terminal without colour (TERM=vt100) that still shows every state in
# words and symbols, a resize that redraws, and the refusals without a
# terminal or a package.

. "$top_srcdir/tests/kiosk/lib.sh"

check "set up office and kiosk" kiosk_setup

# No terminal, no package: one line, exit 1.
expect_error 1 'needs a terminal' "$KIOSK" --db "$T/k.db" </dev/null
"$KIOSK" init --db "$T/empty.db" --name hall-2 --pubkey-out "$T/e.pem" >/dev/null
start_ui 80 24 -- --db "$T/empty.db"
wait_for "EXITED 1" "kiosk without a package"
wait_for "holds no estate with a plan yet (load a package first)"

# pick_flat FLAT: from Welcome to the code screen of building-entrance-room
# FLAT (the room must be among the first four of its entrance).
pick_flat() {
	b=${1%%-*}
	rest=${1#*-}
	e=${rest%%-*}
	n=$(sed -n "s/^LC-XNY-02,\($b-$e-[0-9]*\),.*/\1/p" "$T/codes.csv" |
	    grep -n "^$1\$" | cut -d: -f1)
	keys 1 "$b" "$e" "$n"
	wait_for "$1"
}

# Wrong codes: each one says how many tries are left; the fifth locks the
# flat until a time; then even the right code is refused.
start_ui 80 24 -- --lang en
wait_for "Dongfeng"
pick_flat 2-1-101
for left in 4 3 2 1; do
	keys 2222-3333-4444 Enter
	wait_for "wrong voting code for flat 2-1-101 ($left more tries before the flat is locked)"
done
keys 2222-3333-4444 Enter
wait_for "✖ Locked. Try again after"
keys "$(code_of 2-1-101)" Enter
wait_for "✖ Locked. Try again after"
same "lockout in the ledger" "$(sql "$T/k.db" "SELECT count(*) FROM ledger WHERE type = 4")" 1
# In Chinese too, from the catalogue.
start_ui 80 24 -- --lang zh_CN
wait_for "东风"
pick_flat 2-1-102
keys 2222-3333-4444 Enter
wait_for "$(tr_ zh_CN "wrong voting code for flat %s (%d more tries before the flat is locked)" |
    sed 's/%s/2-1-102/; s/%d/4/')"

# Ctrl-C, Ctrl-Z, Ctrl-\ and stray keys do nothing: the program runs on
# and the screen is as it was (+ then shows that keys are still read).
start_ui 80 24 -- --lang en
wait_for "Dongfeng"
pick_flat 2-2-101
screen | head -n 8 >"$T/before"
keys C-c C-z 'C-\' C-d F1
wait_for "Flat 2-2-101"
keys +
wait_for "Speech speed 4 of 5"
screen | head -n 8 >"$T/after"
check "screen unchanged by Ctrl-C, Ctrl-Z, Ctrl-\\" cmp -s "$T/before" "$T/after"
same "still running" "$(ui_exited)" ""

# SIGTERM restores the terminal and ends the program cleanly.
pane=$(tm display-message -p '#{pane_pid}')
kid=$(cut -d' ' -f1 "/proc/$pane/task/$pane/children")
check "the kiosk's process" [ -n "$kid" ]
kill -TERM "$kid"
wait_for "EXITED 0" "after SIGTERM"

# Idle: a warning, then Welcome with nothing of the resident left, and
# the settings (language, contrast) back to their defaults.
start_ui 80 24 -- --idle 4
wait_for "东风"
keys L L
wait_for "English"
pick_flat 3-1-101
keys 23
wait_for "Code: [23_]"
wait_for "Are you still there?"
wait_for "$(tr_ zh_CN "Welcome")"
wait_gone "3-1-101"
wait_gone "English"
keys 1
wait_for "$(tr_ zh_CN "Which building do you live in?")"

# Without colour every state still shows in words or symbols.
start_ui 80 24 TERM=vt100 -- --lang en
wait_for "Dongfeng"
pick_flat 3-1-102
keys 2222-3333-4444 Enter
wait_for "✖ wrong voting code"
keys "$(code_of 3-1-102)" Enter
wait_for "✔ Thank you, the code is right."
keys 3 2
wait_for "Question 2 of"
# The answer's confirmation stays with its question (it is said only).
wait_gone "✔ You chose: Disagree"
keys 0
wait_for "[2] ✔ Disagree"
keys Enter Enter Enter Enter
wait_for "✎ Do you agree to carry out the basic renovation works?: Disagree (new)"
wait_for "- Add a lift to Building 3, Entrance 1?: no answer"

# A resize redraws at the new size.
start_ui 80 24 -- --lang en
wait_for "Dongfeng Printing Works Staff Estate renovation plan"
tm resize-window -x 40 -y 12
UI_COLS=40
wait_for "1 start  2 guided"
wait_for "renovation plan: 21 items, 11"
fits
tm resize-window -x 120 -y 40
UI_COLS=120
wait_for "Dongfeng Printing Works Staff Estate renovation plan"
fits

kiosk_done
