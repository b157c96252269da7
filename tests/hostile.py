#!/usr/bin/env python3
"""Hostile clients for the server tests.  hostile.py MODE HOST PORT CA
prints one line saying what the server did:

  slowloris  TLS, then a request's headers one byte every 0.3 s; prints
             "closed after S s" when the server hangs up (or "open" if it
             still has not after 20 s)
  garbage    TLS, then 4 KiB of random bytes; prints the status line the
             server answered, or "closed"
  plain      no TLS: a plain HTTP request on the TLS port; prints "closed"
             when the server hangs up without an HTTP answer
  hold N FILE [SRC]
             N TLS connections (from source address SRC) opened and held
             idle until FILE exists (at most 120 s); prints "held N"
             once all are open, then closes them
  flood N FILE SRC
             from source address SRC, N TCP connections that never start
             TLS, each reopened as soon as the server closes it, until
             FILE exists (at most 120 s); prints "opened N" once N
             connections were made and the server closed one, and
             "reopened K" at the end
  idle [SRC] a TCP connection that never starts TLS; "closed" when the
             server hangs up, "open" if it has not after 20 s
  tlsidle    TLS, then nothing; as idle
"""
import errno, selectors
import os, socket, ssl, sys, time

mode, host, port, ca = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
ctx = ssl.create_default_context(cafile=ca)

def tls(src=None):
    s = socket.create_connection((host, port), timeout=20,
                                 source_address=(src, 0) if src else None)
    return ctx.wrap_socket(s, server_hostname="localhost")

def until(path, limit=120):
    """Wait until path exists (or limit seconds pass)."""
    end = time.time() + limit
    while not os.path.exists(path) and time.time() < end:
        time.sleep(0.05)

def wait_closed(s, limit=20):
    """'closed' once the peer hangs up, 'open' if not within limit s."""
    s.settimeout(limit)
    try:
        d = s.recv(100)
        return "closed" if not d else "answered"
    except socket.timeout:
        return "open"
    except (ConnectionError, ssl.SSLError, OSError):
        return "closed"

def answer(s):
    try:
        data = s.recv(200)
    except (ConnectionError, ssl.SSLError, socket.timeout):
        return "closed"
    if not data:
        return "closed"
    return data.split(b"\r\n")[0].decode("latin-1")

if mode == "slowloris":
    s = tls()
    start = time.time()
    req = b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + b"a" * 1000
    s.settimeout(0.3)
    for b in req:
        try:
            s.send(bytes([b]))
            if s.recv(1) == b"":
                print("closed after %d s" % round(time.time() - start))
                break
        except socket.timeout:
            pass
        except (ConnectionError, ssl.SSLError, OSError):
            print("closed after %d s" % round(time.time() - start))
            break
        if time.time() - start > 20:
            print("open")
            break
elif mode == "garbage":
    s = tls()
    s.sendall(os.urandom(4096).replace(b"\n", b"x"))
    s.sendall(b"\r\n\r\n")
    print(answer(s))
elif mode == "plain":
    s = socket.create_connection((host, port), timeout=20)
    s.sendall(b"GET / HTTP/1.0\r\nHost: localhost\r\n\r\n")
    data = b""
    try:
        while True:
            d = s.recv(4096)
            if not d:
                break
            data += d
    except (ConnectionError, socket.timeout):
        pass
    print("answered HTTP" if data.startswith(b"HTTP/") else "closed")
elif mode == "hold":
    n, stop = int(sys.argv[5]), sys.argv[6]
    src = sys.argv[7] if len(sys.argv) > 7 else None
    held = [tls(src) for _ in range(n)]
    print("held %d" % len(held))
    sys.stdout.flush()
    until(stop)
    for s in held:
        s.close()
elif mode == "idle":
    src = sys.argv[5] if len(sys.argv) > 5 else None
    s = socket.create_connection((host, port), timeout=20,
                                 source_address=(src, 0) if src else None)
    print(wait_closed(s))
elif mode == "tlsidle":
    print(wait_closed(tls()))
elif mode == "flood":
    n, stop, src = int(sys.argv[5]), sys.argv[6], sys.argv[7]
    sel = selectors.DefaultSelector()
    made = reopened = 0
    told = False
    def connect():
        s = socket.socket()
        s.setblocking(False)
        s.bind((src, 0))
        try:
            s.connect((host, port))
        except BlockingIOError:
            pass
        sel.register(s, selectors.EVENT_WRITE)
    def again(s):
        global reopened
        sel.unregister(s)
        s.close()
        connect()
        reopened += 1
    for _ in range(n):
        connect()
    end = time.time() + 120
    while not os.path.exists(stop) and time.time() < end:
        if made >= n and reopened > 0 and not told:
            print("opened %d" % n)
            sys.stdout.flush()
            told = True
        # At most a hundred rounds of reopening a second: hundreds of
        # sockets a second, not all of a shared test machine's CPU.
        time.sleep(0.01)
        for key, ev in sel.select(timeout=0.05):
            s = key.fileobj
            if ev & selectors.EVENT_WRITE:
                if s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) != 0:
                    again(s)
                    continue
                made += 1
                sel.modify(s, selectors.EVENT_READ)
                continue
            try:
                gone = s.recv(1) == b""
            except BlockingIOError:
                gone = False
            except OSError:
                gone = True
            if gone:
                again(s)
    print("reopened %d" % reopened)
