#!/bin/sh
# Secrets on the kiosk: cast asks for the voting code on a terminal
# without echo, and the waiting process's command line holds none; the
# committee PIN's wrong tries and lockout are kept in the database, so a
# restart (SIGHUP) neither clears nor shortens them; the running
# interface can leave no core file (docs/security.md, "Secrets").

. "$top_srcdir/tests/kiosk/lib.sh"
need prlimit
# Cores are allowed here, so that a program that does not forbid its own
# would leave one.
ulimit -c unlimited 2>/dev/null || ulimit -c "$(ulimit -H -c)"

check "set up office and kiosk" kiosk_setup

# pane_program: the pid of the program the pane runs (the child of the
# pane's shell).
pane_program() {
	ps -o pid= --ppid "$(tm display-message -p '#{pane_pid}')" | tr -d ' ' | head -n 1
}

# enter_committee PIN: from Welcome, type the PIN.
enter_committee() {
	keys C
	wait_for "PIN:"
	keys "$1" Enter
}

# --- cast asks for the code on the terminal ---------------------------
c101=$(code_of 1-1-101)
tm kill-server 2>/dev/null
tmux_runs=$((tmux_runs + 1))
TMUX_SOCKET="test$$.$tmux_runs"
tm -f /dev/null new-session -d -x 100 -y 24 \
    "env LC_ALL=C.UTF-8 LANGUAGE= RENOVOTE_LOCALEDIR='$RENOVOTE_LOCALEDIR' '$KIOSK' cast --db '$T/k.db' --flat 1-1-101 --question Q-BASIC --choice agree; echo EXITED \$?; sleep 600"
wait_for "Voting code:"
pid=$(pane_program)
tr '\0' ' ' <"/proc/$pid/cmdline" >"$T/cmdline"
contains "the waiting cast's command line" "$T/cmdline" "cast --db $T/k.db --flat 1-1-101 --question Q-BASIC"
check "no code in /proc/PID/cmdline" sh -c "! grep -qF -- '$c101' '$T/cmdline'"
keys "$c101" Enter
wait_for "EXITED 0"
check "the code typed is not echoed" sh -c "! tmux -L '$TMUX_SOCKET' capture-pane -p | grep -qF -- '$c101'"
same "the answer is stored" "$(sql "$T/k.db" "SELECT choice FROM answer WHERE flat_id = '1-1-101'")" agree

# --- the committee PIN's lockout survives a restart -------------------
start_ui 80 24 -- --lang en
wait_for "Dongfeng"
enter_committee 111111
wait_for "Wrong PIN (4 tries left)."
enter_committee 111112
wait_for "Wrong PIN (3 tries left)."
same "wrong tries stored" "$(sql "$T/k.db" "SELECT value FROM meta WHERE key = 'pin_fails'")" 2
# SIGHUP ends the interface (exit 0); the count is not forgotten.
kill -HUP "$(pane_program)"
wait_for "EXITED 0"
start_ui 80 24 -- --lang en
wait_for "Dongfeng"
enter_committee 111113
wait_for "Wrong PIN (2 tries left)."
enter_committee 111114
wait_for "Wrong PIN (1 tries left)."
enter_committee 111115
wait_for "Wrong PIN. Committee entry is locked for 5 minutes."
kill -HUP "$(pane_program)"
wait_for "EXITED 0"
# After a restart the right PIN is still refused with the lockout message.
start_ui 80 24 -- --lang en
wait_for "Dongfeng"
enter_committee "$PIN"
wait_for "Committee entry is locked after 5 wrong PINs; try again in"
wait_gone "Committee mode"
# Once the lockout has run out (its end moved into the past: the kiosk
# has no clock to set), the right PIN opens committee mode at once.
sql "$T/k.db" "UPDATE meta SET value = CAST((julianday('now') - 2440587.5) * 86400000 - 1000 AS INTEGER) WHERE key = 'pin_locked_until'"
enter_committee "$PIN"
wait_for "Committee mode"
same "a right PIN clears the count" "$(sql "$T/k.db" "SELECT value FROM meta WHERE key = 'pin_fails'")" 0

# --- the running interface can leave no core file ---------------------
mkdir "$T/run"
cd "$T/run" && start_ui 80 24 -- --lang en && cd - >/dev/null
wait_for "Dongfeng"
undumpable "kiosk interface" "$(pane_program)" "$T/run"
wait_for "EXITED"

test_done
