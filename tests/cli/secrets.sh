#!/bin/sh
# Secrets never leave the process: a voting code is refused on the command
# line of cast and pledge (argv is readable by every user and kept in
# shell history) and read from standard input, a file or a prompt; the
# running programs can leave no core file (docs/security.md, "Secrets").
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/serve-lib.sh"
need prlimit
# Cores are allowed here, so that a program that does not forbid its own
# would leave one.
ulimit -c unlimited 2>/dev/null || ulimit -c "$(ulimit -H -c)"

OD="$T/office.db"
live_office "$OD" "$T" || fail "office set-up"
new_kiosk "$T/k.db" hall-1 "$OD" "$T/p1.pkg" || fail "kiosk set-up"
c101=$(code_of 1-1-101)
c102=$(code_of 1-1-102)

# blocked PID: poll until PID runs the kiosk (its shell has exec'd it)
# and sleeps, waiting for its code.
blocked() {
	b_n=0
	while { [ "$(readlink "/proc/$1/exe")" != "$(readlink -f "$KIOSK")" ] ||
	    [ "$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)" != S ]; } &&
	    [ $b_n -lt 150 ]; do
		sleep 0.1
		b_n=$((b_n + 1))
	done
}

# A code in argv is refused, in one line saying how to give it, before
# anything is looked at or counted.
sig=$(db_signature "$T/k.db")
expect_error 2 "--code: never give a voting code on the command line.*--code - \\(standard input\\) or --code-file FILE" \
    "$KIOSK" cast --db "$T/k.db" --flat 1-1-101 --code "$c101" --question Q-BASIC --choice agree
expect_error 2 "--code: never give a voting code on the command line" \
    "$KIOSK" pledge --db "$T/k.db" --flat 1-1-101 --code "$c101" --pledge P-WILL
expect_error 2 "--code: never give a voting code" \
    "$KIOSK" cast --db "$T/k.db" --flat 1-1-102 --code 2222-3333-4444 --question Q-BASIC --choice agree
expect_error 2 "--code: never give a voting code" \
    "$KIOSK" cast --db "$T/k.db" --code "$c101" --choice agree
same "a refused argv code changes nothing (not even a wrong-code count)" "$(db_signature "$T/k.db")" "$sig"
# Without a terminal and without --code - or --code-file: refused.
expect_error 2 "no voting code given: .*--code - \\(standard input\\) or --code-file FILE" \
    "$KIOSK" cast --db "$T/k.db" --flat 1-1-101 --question Q-BASIC --choice agree </dev/null
expect_error 2 "give --code - or --code-file FILE, not both" \
    "$KIOSK" cast --db "$T/k.db" --flat 1-1-101 --code - --code-file "$(code_file "$c101")" --question Q-BASIC --choice agree </dev/null
expect_error 1 "no voting code was read" \
    "$KIOSK" cast --db "$T/k.db" --flat 1-1-101 --code - --question Q-BASIC --choice agree </dev/null
same "nothing recorded by the refusals" "$(db_signature "$T/k.db")" "$sig"

# --code-file and --code - work.
expect 0 "$KIOSK" cast --db "$T/k.db" --flat 1-1-101 --code-file "$(code_file "$c101")" --question Q-BASIC --choice agree
check "receipt from --code-file" grep -Eq '^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}  record [0-9]+ of kiosk [^ ]+, [0-9a-f]{8}$' "$T/out"
printf '%s\n' "$c101" >"$T/c101"
expect 0 "$KIOSK" pledge --db "$T/k.db" --flat 1-1-101 --code - --pledge P-WILL <"$T/c101"
check "receipt from --code -" grep -Eq '^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}  record [0-9]+ of kiosk [^ ]+, [0-9a-f]{8}$' "$T/out"

# A cast waiting for its code on a fifo: its command line, which every
# user can read, holds no code; given the code it records the answer.
# It cannot dump core while it waits.
mkfifo "$T/fifo"
mkdir "$T/run1"
(cd "$T/run1" && exec "$KIOSK" cast --db "$T/k.db" --flat 1-1-102 --code - \
    --question Q-BASIC --choice disagree <"$T/fifo" >"$T/cast.out" 2>"$T/cast.err") &
cast_pid=$!
exec 7>"$T/fifo"	# opens once cast's shell has opened its end
blocked $cast_pid
tr '\0' ' ' <"/proc/$cast_pid/cmdline" >"$T/cmdline"
contains "cast's command line is what it was given" "$T/cmdline" "--flat 1-1-102 --code - --question Q-BASIC"
check "no code in /proc/PID/cmdline" sh -c "! grep -qF -- '$c102' '$T/cmdline'"
same "cast core limit" "$(awk '/^Max core file size/ { print $5 }' "/proc/$cast_pid/limits")" 0
(printf '%s\n' "$c102" >&7) 2>/dev/null
exec 7>&-
wait $cast_pid
same "cast from the fifo exits 0" $? 0
check "cast from the fifo prints its receipt" grep -Eq '^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}  record [0-9]+ of kiosk [^ ]+, [0-9a-f]{8}$' "$T/cast.out"
same "the answer is stored" "$(sql "$T/k.db" "SELECT choice FROM answer WHERE flat_id = '1-1-102'")" disagree

# Another cast, waiting on the fifo, killed with SIGSEGV: no core file.
mkdir "$T/run2"
(cd "$T/run2" && exec "$KIOSK" cast --db "$T/k.db" --flat 1-1-201 --code - \
    --question Q-BASIC --choice agree <"$T/fifo" >/dev/null 2>&1) &
cast_pid=$!
exec 7>"$T/fifo"
blocked $cast_pid
undumpable "cast" "$cast_pid" "$T/run2"
wait $cast_pid 2>/dev/null
exec 7>&-

# The office's server, running: no core either.
mkdir "$T/run3"
cd "$T/run3" && start_office "$OD" && cd - >/dev/null
undumpable "serve" "$SERVER_PID" "$T/run3"
wait "$SERVER_PID" 2>/dev/null

test_done
