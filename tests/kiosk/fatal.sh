#!/bin/sh
# A fatal error while a program owns the terminal.  Once the resident
# interface (or the office dashboard) is up, libfiu (fiu-run's preload
# libraries, driven through fiu-ctrl) makes strdup fail, as when memory
# runs out, and the program's next copy of a string is fatal.  The
# terminal must then be given back sane (canonical mode and echo, the
# program's screen gone).  The kiosk's message must be in its log next to
# its database (<db>.log, mode 0600, after a time-stamped start line),
# not in /dev/null nor on the hall's screen; the dashboard's must be
# readable on the restored terminal.  A normal end of the interface
# leaves a time-stamped end line too.  Under ASan, which libfiu cannot
# reach, only that normal run is checked and the test reports SKIP.

. "$top_srcdir/tests/kiosk/lib.sh"

LOG="$T/k.db.log"
STAMP='[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\+08:00'

check "set up office and kiosk" kiosk_setup
title=$(plan_text en title)

# kid: the process id of the program the pane runs.
kid() {
	k_pane=$(tm display-message -p '#{pane_pid}')
	cut -d' ' -f1 "/proc/$k_pane/task/$k_pane/children"
}

# A normal run and end: the log has its start and end lines, stamped.
start_ui 80 24 -- --lang en
wait_for "$title" "interface up"
pid=$(kid)
check "the kiosk's process" [ -n "$pid" ]
kill -TERM "$pid"
wait_for "EXITED 0" "after SIGTERM"
same "log mode" "$(stat -c %a "$LOG")" 600
contains "start line" "$LOG" "^$STAMP renovote-kiosk\[$pid\]: resident interface started$"
contains "end line" "$LOG" "^$STAMP renovote-kiosk\[$pid\]: resident interface ended$"
# What libraries say (ALSA without a sound card, say) goes to the log too.

# skip_rest WHY: what ran must have passed (else FAIL); the rest cannot
# run, so the test reports SKIP (77) and says why.
skip_rest() {
	kiosk_done || exit 1
	echo "SKIP: $TEST_NAME: $1"
	exit 77
}

command -v fiu-run >/dev/null 2>&1 && command -v fiu-ctrl >/dev/null 2>&1 ||
    skip_rest "fiu-run and fiu-ctrl are needed (Debian package fiu-utils) to make a program fail"
# The ASan runtime must come first and has its own strdup and malloc,
# which never reach libfiu's (and libfiu first crashes it).
if ldd "$KIOSK" 2>/dev/null | grep -q libasan; then
	skip_rest "libfiu cannot make strdup fail under the ASan runtime, which replaces it"
fi
FIU_LIBS=$(sed -n 's/^PLIBPATH="\(.*\)"$/\1/p' "$(command -v fiu-run)")
[ -e "$FIU_LIBS/fiu_posix_preload.so" ] || fail "no fiu_posix_preload.so in '$FIU_LIBS'"
PRELOAD="$FIU_LIBS/fiu_run_preload.so $FIU_LIBS/fiu_posix_preload.so"

# start_faulty COMMAND: run the command (one shell string) in a fresh
# 80x24 tmux with libfiu preloaded and its control pipe in $T; when it
# ends the pane shows "EXITED status", then "MODES" and the terminal's
# canonical and echo modes as stty prints them, and waits, so that typed
# keys show whether the terminal echoes.
start_faulty() {
	tm kill-server 2>/dev/null
	while tm ls >/dev/null 2>&1; do
		sleep 0.05
	done
	tmux_runs=$((tmux_runs + 1))
	TMUX_SOCKET="test$$.$tmux_runs"
	UI_COLS=80
	UI_ROWS=24
	tm -f /dev/null new-session -d -x 80 -y 24 \
	    "env LC_ALL=C.UTF-8 LANGUAGE=en RENOVOTE_LOCALEDIR='$RENOVOTE_LOCALEDIR' FIU_CTRL_FIFO='$T/fiu' LD_PRELOAD='$PRELOAD' UBSAN_OPTIONS='${UBSAN_OPTIONS:-}:log_path=$T/sanitizer' $1; echo EXITED \$?; echo MODES \$(stty -a | tr ' ;' '\n\n' | grep -x -e '-*icanon' -e '-*echo'); sleep 600"
}

# fail_strdup WHAT: make strdup fail from now on in the pane's program,
# through libfiu's control pipe.
fail_strdup() {
	f_pid=$(kid)
	check "$1: libfiu's control pipe" [ -p "$T/fiu-$f_pid.in" ]
	check "$1: strdup made to fail" fiu-ctrl -f "$T/fiu" -c "enable name=libc/str/strdup" "$f_pid"
}

# restored WHAT GONE: after the fatal error the terminal is sane, the
# text GONE of the program's screen has left it, and typed keys echo.
restored() {
	wait_for "EXITED 3" "$1: exit status of a fatal error"
	wait_for "MODES icanon echo" "$1: terminal back in canonical mode with echo"
	wait_gone "$2" "$1: the program's screen gone"
	keys "typed-after-$1"
	wait_for "typed-after-$1" "$1: typed keys echo"
}

# The resident interface: the next key copies strings.
start_faulty "'$KIOSK' --db '$T/k.db' --lang en"
wait_for "$title" "interface up under libfiu"
fail_strdup kiosk
keys 1
restored kiosk "$title"
if screen | grep -q fatal; then fail "kiosk: the fatal message is on the hall's screen"; else pass; fi
contains "kiosk: fatal message in the log" "$LOG" "^renovote: fatal: xstrdup: out of memory$"
contains "kiosk: stamped start line before it" "$LOG" "renovote-kiosk\[$f_pid\]: resident interface started$"
same "kiosk: no end line after a fatal error" "$(grep -c "renovote-kiosk\[$f_pid\]: resident interface ended" "$LOG")" 0
same "kiosk: log mode kept" "$(stat -c %a "$LOG")" 600

# The office dashboard: the next reload, a second later, copies strings;
# its message is on the terminal it gave back.
start_faulty "'$OFFICE' dashboard --db '$T/office.db' --refresh 1"
wait_for "LC-XNY-02" "dashboard up under libfiu"
fail_strdup dashboard
restored dashboard "LC-XNY-02"
wait_for "renovote: fatal: xstrdup: out of memory" "dashboard: the message on the terminal"

kiosk_done
