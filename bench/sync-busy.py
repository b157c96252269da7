#!/usr/bin/env python3
"""bench/sync-busy.py PORT CA KEY DEVICE CHUNK PAGE RECORDS: for
bench/sync-busy.sh.  GET PAGE from the office on 127.0.0.1:PORT, one
request after another on one keep-alive TLS connection: first alone,
then while a second connection POSTs CHUNK (a bundle of RECORDS records
of kiosk DEVICE) to /api/sync/records, signed with KEY by the openssl
command as docs/protocol.md says.  Prints "alone MS" for each request
alone, "while MS" for each begun after the chunk was sent and answered
before the chunk's answer, and "chunk MS", the chunk's time from sent to
answered.  The chunk must be stored whole (200, "stored": RECORDS)."""
import hashlib, http.client, json, os, ssl, struct, subprocess, sys, tempfile, threading, time

port, ca, key, device, chunk, page, records = sys.argv[1:8]
ALONE = 200	# requests alone

def s(b):
    return struct.pack(">H", len(b)) + b

def signed_headers(method, target, body):
    """The sync headers of a request (docs/protocol.md, "Sync over HTTPS")."""
    at = int(time.time() * 1000)
    nonce = os.urandom(16)
    msg = (b"renovote-sync-v2\0" + s(method.encode()) + s(target.encode())
           + struct.pack(">q", at) + nonce + hashlib.sha256(body).digest())
    with tempfile.TemporaryDirectory() as d:
        m = os.path.join(d, "msg")
        open(m, "wb").write(msg)
        sig = subprocess.run(["openssl", "pkeyutl", "-sign", "-rawin",
                              "-inkey", key, "-in", m], check=True,
                             capture_output=True).stdout
    return {"Renovote-Device": device, "Renovote-Time": str(at),
            "Renovote-Nonce": nonce.hex(), "Renovote-Signature": sig.hex(),
            "Content-Type": "application/octet-stream"}

ctx = ssl.create_default_context(cafile=ca)

def connect():
    c = http.client.HTTPSConnection("localhost", int(port), context=ctx)
    c.connect()
    return c

def get(c):
    t0 = time.monotonic()
    c.request("GET", page)
    r = c.getresponse()
    r.read()
    t1 = time.monotonic()
    if r.status != 200:
        sys.exit("GET %s: %d" % (page, r.status))
    return t0, t1

body = open(chunk, "rb").read()
headers = signed_headers("POST", "/api/sync/records", body)
pc = connect()
gc = connect()
for _ in range(20):
    get(gc)	# the page made once, the connection warm
for _ in range(ALONE):
    t0, t1 = get(gc)
    print("alone %.3f" % ((t1 - t0) * 1000))

span = {}
def post():
    pc.request("POST", "/api/sync/records", body, headers)
    span["sent"] = time.monotonic()
    r = pc.getresponse()
    span["reply"] = r.read()
    span["answered"] = time.monotonic()
    span["status"] = r.status

th = threading.Thread(target=post)
th.start()
times = []
while th.is_alive():
    times.append(get(gc))
th.join()
if span["status"] != 200 or json.loads(span["reply"]).get("stored") != int(records):
    sys.exit("the chunk was not stored whole: %d %s" % (span["status"], span["reply"][:200]))
for t0, t1 in times:
    if t0 >= span["sent"] and t1 <= span["answered"]:
        print("while %.3f" % ((t1 - t0) * 1000))
print("chunk %.3f" % ((span["answered"] - span["sent"]) * 1000))
