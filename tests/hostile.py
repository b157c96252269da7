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
  hold N S   N TLS connections opened and held idle S seconds; prints
             "held N" (then closes them)
"""
import os, socket, ssl, sys, time

mode, host, port, ca = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
ctx = ssl.create_default_context(cafile=ca)

def tls():
    s = socket.create_connection((host, port), timeout=20)
    return ctx.wrap_socket(s, server_hostname="localhost")

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
    n, secs = int(sys.argv[5]), float(sys.argv[6])
    held = [tls() for _ in range(n)]
    print("held %d" % len(held))
    sys.stdout.flush()
    time.sleep(secs)
    for s in held:
        s.close()
