#!/usr/bin/env python3
"""A TCP proxy that cuts the line: tcp-cut.py PORTFILE TARGET_PORT LIMIT
listens on a free loopback port (written to PORTFILE once listening),
forwards every connection to TARGET_PORT on 127.0.0.1, and once LIMIT
bytes in all have gone from clients to the server, drops every
connection and stops listening, as a network that goes away in the
middle of a transfer.  It prints how many bytes it let through."""
import select, socket, sys

portfile, target, limit = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
lsock = socket.socket()
lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
lsock.bind(("127.0.0.1", 0))
lsock.listen(16)
open(portfile + ".tmp", "w").write("%d\n" % lsock.getsockname()[1])
import os
os.rename(portfile + ".tmp", portfile)
peer = {}          # socket -> the socket it forwards to
upstream = set()   # client-side sockets
sent = 0
while sent < limit:
    r, _, _ = select.select([lsock] + list(peer), [], [], 60)
    if not r:
        break
    for s in r:
        if s is lsock:
            c, _ = lsock.accept()
            u = socket.create_connection(("127.0.0.1", target))
            peer[c], peer[u] = u, c
            upstream.add(c)
            continue
        if s not in peer:
            continue
        try:
            data = s.recv(65536)
        except ConnectionError:
            data = b""
        if not data:
            o = peer.pop(s)
            peer.pop(o, None)
            s.close()
            o.close()
            continue
        if s in upstream:
            data = data[:max(0, limit - sent)]
            sent += len(data)
        peer[s].sendall(data)
for s in list(peer):
    s.close()
lsock.close()
print(sent)
