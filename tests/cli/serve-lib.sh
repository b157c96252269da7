# Helpers for the tests of "renovote-office serve" and "renovote-kiosk
# sync": a CA made with openssl, a free loopback port, the server started
# in the background and waited for through its pidfile.  Source after
# lib.sh.

CA="$T/tls"
sh "$top_srcdir/tests/tls-ca.sh" "$CA" || fail "test CA"
CURL="curl -sS --max-time 20 --cacert $CA/ca.pem"
SYNC_REQUEST="python3 $top_srcdir/tests/sync-request.py"

# free_port: a TCP port on loopback nobody listens on right now.
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# agree_at KIOSKDB FLAT: FLAT of LC-XNY-02 agrees to Q-BASIC at the kiosk.
agree_at() {
	"$KIOSK" cast --db "$1" --flat "$2" --code-file "$(code_file "$(code_of "$2")")" \
	    --question Q-BASIC --choice agree >/dev/null
}

# wait_for DESCRIPTION COMMAND...: poll COMMAND every 0.1 s for 15 s.
wait_for() {
	desc=$1
	shift
	n=0
	until "$@"; do
		n=$((n + 1))
		if [ $n -ge 150 ]; then
			fail "timed out waiting for $desc"
			return 1
		fi
		sleep 0.1
	done
}

# start_office DB [OPTIONS...]: serve DB on a free port of 127.0.0.1;
# sets PORT, URL (https://localhost:PORT) and SERVER_PID.
start_office() {
	db=$1
	shift
	start_server serve --db "$db" "$@"
}

# start_server COMMAND [OPTIONS...]: renovote-office COMMAND (serve, city
# serve) on a free loopback port with the test CA's certificate, in the
# background ($SERVER_PID, $URL, output in $T/serve.out and .err),
# waited for through its pidfile.
start_server() {
	PORT=$(free_port)
	URL="https://localhost:$PORT"
	rm -f "$T/serve.pid"
	"$OFFICE" "$@" --listen "127.0.0.1:$PORT" \
	    --cert "$CA/server.pem" --key "$CA/server.key" \
	    --pidfile "$T/serve.pid" >"$T/serve.out" 2>"$T/serve.err" &
	SERVER_PID=$!
	wait_for "the server's pidfile" test -s "$T/serve.pid"
}

# stop_office [SIGNAL]: SIGTERM (or SIGNAL); the server must exit 0
# (under ASan: no leak, no error) and remove its pidfile.
stop_office() {
	kill -"${1:-TERM}" "$SERVER_PID"
	wait "$SERVER_PID"
	code=$?
	same "server exit status on SIGTERM" "$code" 0
	check "pidfile removed" test ! -e "$T/serve.pid"
	if [ -s "$T/serve.err" ]; then
		fail "server stderr: $(head -c 2000 "$T/serve.err")"
	fi
}

# http_code PATH [CURL OPTIONS...]: the status the server answers.
http_code() {
	p=$1
	shift
	$CURL -o /dev/null -w '%{http_code}' "$@" "$URL$p" 2>/dev/null
}

# alive WHAT: the server still answers a normal request after WHAT.
alive() {
	same "server answers after $1" "$(http_code /api/sync/head)" 401
	check "server still running after $1" kill -0 "$SERVER_PID"
}
