#!/bin/sh
# make bench, part 4: the kiosk's start.  On a pseudo-terminal (80x24),
# the time from starting the resident interface until its Welcome
# screen is on the terminal, beside the time the same harness takes to
# start a program that prints the word at once (the terminal's own
# start); the interface's peak RSS at Welcome; cast's CPU time beside
# the same cast failing before the code check (an unknown question);
# and how many shared libraries renovote-kiosk links (ldd).
#
# Run from the build directory (make bench does); the scratch directory
# ./bench/tmp-kiosk is removed at the end.  Best of RUNS runs.

set -eu

LC_ALL=C.UTF-8
LANGUAGE=
export LC_ALL LANGUAGE

top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
. "$top_srcdir/bench/lib.sh"
OFFICE=$(pwd)/renovote-office
KIOSK=$(pwd)/renovote-kiosk
SQLITE3=${SQLITE3:-sqlite3}
T=$(pwd)/bench/tmp-kiosk
RUNS=${BENCH_KIOSK_RUNS:-9}
needs "$OFFICE" "$KIOSK"
command -v python3 >/dev/null 2>&1 || { echo "kiosk.sh: no python3" >&2; exit 1; }
rm -rf "$T"
mkdir -p "$T"
trap 'rm -rf "$T"' EXIT

# An office with the demo plan open for a month, a kiosk loaded with it.
at() { TZ=Asia/Shanghai date -d "$1" +%Y-%m-%dT%H:%M:%S+08:00; }
python3 - "$top_srcdir/assets/demo-plan-LC-XNY-02.json" "$T/plan.json" \
    "$(at '-1 day')" "$(at '+30 days')" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
for q in p["questions"]:
    q["opens"], q["closes"] = sys.argv[3], sys.argv[4]
open(sys.argv[2], "w").write(json.dumps(p, ensure_ascii=False))
PY
run "$OFFICE" init --db "$T/o.db"
run "$OFFICE" roster import --db "$T/o.db" "$top_srcdir/assets/demo-roster.csv"
run "$OFFICE" plan import --db "$T/o.db" "$T/plan.json"
run "$OFFICE" codes issue --db "$T/o.db" --estate LC-XNY-02 --out "$T/codes.csv"
run "$OFFICE" package --db "$T/o.db" --estate LC-XNY-02 --out "$T/p1.pkg"
printf '246810\n' >"$T/pin"
run "$KIOSK" init --db "$T/k.db" --name hall-1 --pubkey-out "$T/k.pem"
run "$OFFICE" kiosk enroll --db "$T/o.db" --name hall-1 --pubkey "$T/k.pem"
run "$KIOSK" load --db "$T/k.db" --pin-file "$T/pin" "$T/p1.pkg"
grep '^LC-XNY-02,1-1-101,' "$T/codes.csv" | cut -d, -f3 >"$T/code"

# pty RUNS WANT PROGRAM ARGS...: start PROGRAM on an 80x24 pty RUNS
# times; prints the best time (ms) until WANT was written, and the
# largest peak RSS (KB) of the runs.
pty() {
	python3 - "$@" <<'PY'
import fcntl, os, pty, select, struct, sys, termios, time
runs, want, argv = int(sys.argv[1]), sys.argv[2].encode(), sys.argv[3:]
env = dict(os.environ, TERM="xterm-256color")
best, rss = None, 0
for _ in range(runs):
    t0 = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        os.execve(argv[0], argv, env)
    buf = b""
    while want not in buf:
        r, _, _ = select.select([fd], [], [], 20)
        if not r:
            sys.exit("kiosk.sh: %r never came" % want)
        try:
            d = os.read(fd, 65536)
        except OSError:
            d = b""
        if not d:
            sys.exit("kiosk.sh: %r never came" % want)
        buf += d
    t = (time.monotonic() - t0) * 1000
    os.kill(pid, 9)
    _, _, ru = os.wait4(pid, 0)
    os.close(fd)
    best = t if best is None or t < best else best
    rss = max(rss, ru.ru_maxrss)
print("%.1f %d" % (best, rss))
PY
}

# cpu RUNS PROGRAM ARGS...: the best user+system CPU time (ms) of RUNS
# runs and the largest peak RSS (KB); the program's status is ignored.
cpu() {
	python3 - "$@" <<'PY'
import os, resource, subprocess, sys
runs, argv = int(sys.argv[1]), sys.argv[2:]
best, rss = None, 0
for _ in range(runs):
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, ru = os.wait4(p.pid, 0)
    t = (ru.ru_utime + ru.ru_stime) * 1000
    best = t if best is None or t < best else best
    rss = max(rss, ru.ru_maxrss)
print("%.1f %d" % (best, rss))
PY
}

set -- $(pty "$RUNS" Welcome /bin/echo Welcome)
base_ms=$1
set -- $(pty "$RUNS" Welcome "$KIOSK" --db "$T/k.db" --lang en)
ui_ms=$1
ui_rss=$2
cast="$KIOSK cast --db $T/k.db --flat 1-1-101 --code-file $T/code --choice agree"
set -- $(cpu "$RUNS" $cast --question Q-BASIC)
cast_ms=$1
cast_rss=$2
set -- $(cpu "$RUNS" $cast --question Q-NOPE)
fail_ms=$1
libs=$(ldd "$KIOSK" | wc -l)
heavy=$(ldd "$KIOSK" | grep -ci 'curl\|espeak\|pulse\|X11' || true)

echo "kiosk start to Welcome: $ui_ms ms; the terminal's own start (echo): $base_ms ms; over it: $(awk -v a="$ui_ms" -v b="$base_ms" 'BEGIN { printf "%.1f", a - b }') ms (target <= 50)"
echo "kiosk UI peak RSS at Welcome: $((ui_rss / 1024)) MB ($ui_rss KB; target <= 16 MB)"
echo "kiosk cast: $cast_ms ms CPU; failing before the code check: $fail_ms ms; $(ratio "$cast_ms" "$fail_ms")x; peak RSS $((cast_rss / 1024)) MB"
echo "renovote-kiosk links $libs shared libraries (ldd), $heavy of curl, espeak-ng, pulseaudio, X11"
