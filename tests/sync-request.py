#!/usr/bin/env python3
"""One signed request to the office's sync API, made independently of
renovote's C code (docs/protocol.md, "Sync over HTTPS"): the message is
built here and signed with the openssl command, so the tests check the
protocol as documented, not just the code against itself.

sync-request.py URL CA KEY DEVICE METHOD PATH [BODYFILE] [--skew MS]
[--save FILE | --resend FILE] prints the status on the first line, then
the body.  --save keeps the request's signed headers (time, nonce,
signature) in FILE; --resend sends them again unchanged: a replay.

sync-request.py --vector docs/protocol.md checks the document's sync-vector
blocks: message and signature (by the seed's key, with openssl) must be
those written there; prints "N vectors ok"."""
import base64, hashlib, http.client, os, ssl, struct, subprocess, sys, tempfile, time, urllib.parse

def s(b):
    return struct.pack(">H", len(b)) + b

def message(method, target, at, nonce, body):
    return (b"renovote-sync-v2\0" + s(method.encode()) + s(target.encode())
            + struct.pack(">q", at) + nonce + hashlib.sha256(body).digest())

def sign(keyfile, msg):
    with tempfile.TemporaryDirectory() as d:
        m = os.path.join(d, "msg")
        open(m, "wb").write(msg)
        return subprocess.run(["openssl", "pkeyutl", "-sign", "-rawin",
                               "-inkey", keyfile, "-in", m], check=True,
                              capture_output=True).stdout

if sys.argv[1] == "--vector":
    text = open(sys.argv[2], encoding="utf-8").read()
    blocks = text.split("```sync-vector\n")[1:]
    for b in blocks:
        v = dict(l.split(": ", 1) for l in b.split("```")[0].splitlines())
        body = v["body"].encode()
        assert hashlib.sha256(body).hexdigest() == v["body_sha256"], v["name"]
        msg = message(v["method"], v["target"], int(v["time"]),
                      bytes.fromhex(v["nonce"]), body)
        assert msg.hex() == v["message"], v["name"] + ": message"
        der = bytes.fromhex("302e020100300506032b657004220420" + v["seed"])
        with tempfile.TemporaryDirectory() as d:
            k = os.path.join(d, "key.pem")
            open(k, "w").write("-----BEGIN PRIVATE KEY-----\n" +
                               base64.b64encode(der).decode() +
                               "\n-----END PRIVATE KEY-----\n")
            assert sign(k, msg).hex() == v["signature"], v["name"] + ": signature"
    print("%d vectors ok" % len(blocks))
    sys.exit(0)

args = sys.argv[1:]
skew = 0
save = resend = None
if "--skew" in args:
    i = args.index("--skew")
    skew = int(args[i + 1])
    del args[i:i + 2]
if "--save" in args:
    i = args.index("--save")
    save = args[i + 1]
    del args[i:i + 2]
if "--resend" in args:
    i = args.index("--resend")
    resend = args[i + 1]
    del args[i:i + 2]
url, ca, key, device, method, path = args[:6]
body = open(args[6], "rb").read() if len(args) > 6 else b""

if resend:
    at, nonce, sig = open(resend).read().split()
    at, nonce, sig = int(at), bytes.fromhex(nonce), bytes.fromhex(sig)
else:
    at = int(time.time() * 1000) + skew
    nonce = os.urandom(16)
    sig = sign(key, message(method, path, at, nonce, body))
if save:
    open(save, "w").write("%d %s %s\n" % (at, nonce.hex(), sig.hex()))
u = urllib.parse.urlsplit(url)
ctx = ssl.create_default_context(cafile=ca)
c = http.client.HTTPSConnection(u.hostname, u.port, context=ctx, timeout=20)
c.request(method, path, body=body if method == "POST" else None, headers={
    "Renovote-Device": device, "Renovote-Time": str(at),
    "Renovote-Nonce": nonce.hex(), "Renovote-Signature": sig.hex()})
r = c.getresponse()
print(r.status)
sys.stdout.flush()
sys.stdout.buffer.write(r.read())
