# Shared by the make bench scripts (sourced from the build directory;
# POSIX sh).  Sourcing it sets what they share, which a script may set
# again after: strict mode, untranslated messages (the checks read the
# programs' messages), the programs, the scratch directory $T, the runs
# per figure, and the dates of bench-city's plans.

set -eu

LC_ALL=C.UTF-8
LANGUAGE=
export LC_ALL LANGUAGE

OFFICE=$(pwd)/renovote-office
GEN=$(pwd)/bench/bench-city
SQLITE3=${SQLITE3:-sqlite3}
T=bench/tmp
RUNS=3
DISTRICT=100			# estates of the middle row of a growth table
OPENS=2026-12-01T08:00:00+08:00	# as bench-city's plans
CLOSES=2026-12-20T18:00:00+08:00
MARGIN_MS=60000			# cast_at stays this far before now
AT=2026-12-21T00:00:00+08:00	# every question closed
AT_MS=1797782400000		# $AT in milliseconds since the epoch

# A fresh scratch directory $T, removed when the script ends.
scratch() {
	rm -rf "$T"
	mkdir -p "$T"
	trap 'rm -rf "$T"' EXIT
	trap 'exit 130' INT TERM
}

# The line of a table saying which machine and which sqlite3 ran it.
machine() {
	cpu=$(sed -n 's/^model name[[:space:]]*: *//p' /proc/cpuinfo \
	    2>/dev/null | head -1)
	echo "machine: $(nproc 2>/dev/null || echo '?') CPUs (nproc)," \
	    "${cpu:-unknown CPU}, $(uname -sm); sqlite3 $("$SQLITE3" \
	    -version | cut -d' ' -f1); $(date +%F)"
}

# Say what went wrong, with the failed command's messages, and stop.
die() {
	echo "$(basename "$0"): FAILED: $*" >&2
	if [ -s "$T/err" ]; then
		sed 's/^/  | /' "$T/err" | tail -20 >&2
	fi
	exit 1
}

# Run a command quietly; its messages are shown only if it fails.
run() {
	"$@" >"$T/out" 2>"$T/err" || die "$*"
}

# Stop unless every program given is built, the sqlite3 shell is there
# and date gives nanoseconds: what the timing scripts need.
needs() {
	for p in "$@"; do
		[ -x "$p" ] || { echo "$(basename "$0"): no $p; run make" \
		    "bench in the build directory" >&2; exit 1; }
	done
	command -v "$SQLITE3" >/dev/null 2>&1 || { echo "$(basename "$0"):" \
	    "no sqlite3 shell ($SQLITE3)" >&2; exit 1; }
	case $(date +%N) in
	*[!0-9]*|'') echo "$(basename "$0"): date +%N gives no" \
	    "nanoseconds" >&2; exit 1 ;;
	esac
}

# A TCP port on loopback nobody listens on right now.
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_pidfile FILE: until the server wrote it (15 s at most).
wait_pidfile() {
	n=0
	until [ -s "$1" ]; do
		n=$((n + 1))
		[ $n -lt 150 ] || die "server did not start; see $T"
		sleep 0.1
	done
}

# Nanoseconds since the epoch.
now() {
	date +%s%N
}

# Time a command RUNS times, calling the shell function $1 before each
# run (untimed; ':' for none); leaves the best wall time in $best (ns).
best_of() {
	prep=$1
	shift
	best=
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		$prep
		t0=$(now)
		"$@" >"$T/out" 2>"$T/err" || die "$*"
		t1=$(now)
		d=$((t1 - t0))
		if [ -z "$best" ] || [ "$d" -lt "$best" ]; then
			best=$d
		fi
		i=$((i + 1))
	done
}

# a / b with $3 decimals (default 1), for ratios.
ratio() {
	awk -v a="$1" -v b="$2" -v d="${3:-1}" \
	    'BEGIN { printf "%.*f", d, a / b }'
}

# An integer with thousands separators.
thousands() {
	awk -v n="$1" 'BEGIN {
		s = ""
		while (length(n) > 3) {
			s = "," substr(n, length(n) - 2) s
			n = substr(n, 1, length(n) - 3)
		}
		print n s
	}'
}

# One value from an SQLite database.
count() {
	"$SQLITE3" "$1" "$2" 2>"$T/err" || die "$SQLITE3 $1 '$2'"
}

# Nanoseconds as seconds with two decimals.
secs() {
	awk -v ns="$1" 'BEGIN { printf "%.2f", ns / 1e9 }'
}

# The head of a growth table: its title and what its rows count.
growth_head() {
	printf '%-26s%9s %10s %10s   %s\n' "$1" "$2" "renovote" "baseline" \
	    "ratio"
}

# One row of a growth table: what, how many, renovote's time and the
# baseline's (ns), and their ratio.
growth_row() {
	printf '%-26s%9s %8s s %8s s   %sx\n' "$1" "$(thousands "$2")" \
	    "$(secs "$3")" "$(secs "$4")" "$(ratio "$3" "$4")"
}

# Write to $2 the sqlite3 script that copies the ledger and answer rows
# of office database $1 (or, given, the INSERT statements $3 ..., which
# read it as src), row by row, into the same B-trees (ledger,
# ledger_receipt, answer, answer_question) of the office database it is
# run on, with the store's settings (store_open: WAL, synchronous=FULL,
# its page cache), in one transaction: SQLite's own floor under storing
# those records.  A WHERE keeps SQLite from copying whole B-tree pages,
# as it may into an empty table.
copy_sql() {
	c_src=$1
	c_out=$2
	shift 2
	[ $# -gt 0 ] || set -- \
	    "INSERT INTO ledger SELECT * FROM src.ledger WHERE seq > 0;" \
	    "INSERT INTO answer SELECT * FROM src.answer WHERE seq > 0;"
	{
		printf 'PRAGMA journal_mode = WAL;\n'
		printf 'PRAGMA synchronous = FULL;\n'
		printf 'PRAGMA cache_size = -32768;\n'
		printf "ATTACH '%s' AS src;\nBEGIN;\n" "$c_src"
		printf '%s\n' "$@" COMMIT\;
	} >"$c_out"
}

# Rewrite bench-city's answers CSV (stdin) as a ballots CSV (stdout):
# questions only (pledges are not paper ballots), cast_at as ISO 8601 at
# +08:00, folded into [opens, end) so that no ballot is in the future.
to_ballots() {
	awk -F, -v opens="$1" -v span="$2" '
	BEGIN { print "estate_id,flat_id,question_id,choice,cast_at" }
	NR == 1 || $6 == "signed" { next }
	{
		t = opens + ($7 - opens) % span
		s = int(t / 1000) + 8 * 3600
		z = int(s / 86400) + 719468
		r = s % 86400
		era = int(z / 146097)
		doe = z - era * 146097
		yoe = doe - int(doe / 1460) + int(doe / 36524)
		yoe = int((yoe - int(doe / 146096)) / 365)
		doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
		mp = int((5 * doy + 2) / 153)
		d = doy - int((153 * mp + 2) / 5) + 1
		m = mp < 10 ? mp + 3 : mp - 9
		y = yoe + era * 400 + (m <= 2)
		printf "%s,%s,%s,%s,%04d-%02d-%02dT%02d:%02d:%02d+08:00\n",
		    $3, $5, $4, $6, y, m, d, int(r / 3600),
		    int(r % 3600 / 60), r % 60
	}'
}

# The rows of the first $2 estates of ballots CSV $1, header included.
first_estates() {
	awk -F, -v n="$2" 'NR == 1 { print; next }
	    !($1 in seen) { if (k == n) exit; seen[$1] = 1; k++ } { print }' "$1"
}

# Make office database $1 holding the roster CSV $2 and bench-city's
# plans (in folder $3, by default $T/plans) of the estates it lists.
planned_db() {
	run "$OFFICE" init --db "$1"
	run "$OFFICE" roster import --db "$1" "$2"
	db=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
	awk -F, 'NR > 1 && !seen[$1]++ { print $1 ".json" }' "$2" |
	    (cd "${3:-$T/plans}" && xargs "$OFFICE" plan import --db "$db") \
	    >"$T/out" 2>"$T/err" || die "plan import into $1"
}

# The city as paper ballots: bench-city's roster ($T/city.csv) and plans
# ($T/plans), the office database $T/planned.db holding both, and every
# answer bench-city makes as a ballots CSV, $T/city-ballots.csv (the
# database bench-city stores them in is thrown away).
city_ballots() {
	run "$GEN" roster "$T/city.csv"
	run "$GEN" plans "$T/plans"
	planned_db "$T/planned.db" "$T/city.csv"
	cp "$T/planned.db" "$T/answers.db"
	cp "$T/planned.db.key" "$T/answers.db.key"
	run "$GEN" answers "$T/answers.db" "$T/answers.csv"
	rm -f "$T/answers.db" "$T/answers.db-wal" "$T/answers.db-shm"
	opens=$(($(date -d "$OPENS" +%s) * 1000))
	end=$(($(date -d "$CLOSES" +%s) * 1000))
	now_ms=$(($(now) / 1000000 - MARGIN_MS))
	[ "$now_ms" -lt "$end" ] && end=$now_ms
	[ "$end" -gt "$opens" ] ||
	    die "the clock is before the plans open ($OPENS)"
	to_ballots "$opens" "$((end - opens))" <"$T/answers.csv" \
	    >"$T/city-ballots.csv"
}

# Write to $1 the baseline of a tally: one GROUP BY counting the answers
# cast by $AT and summing the flats' area per estate, question and
# choice; $2 is the flat table's area column.
tally_sql() {
	cat >"$1" <<EOF
SELECT a.estate_id, a.question_id, a.choice, count(*), sum(f.$2)
FROM answer a JOIN flat f ON f.estate_id = a.estate_id AND
    f.flat_id = a.flat_id
WHERE a.cast_at <= $AT_MS
GROUP BY a.estate_id, a.question_id, a.choice;
EOF
}
