#!/bin/sh
# tls-ca.sh DIR: a throw-away certificate authority for the TLS tests,
# made with the openssl command: DIR/ca.pem (the CA kiosks trust),
# DIR/server.pem and DIR/server.key (the office, for localhost and
# 127.0.0.1, signed by the CA), and DIR/wrong-ca.pem (another CA, which
# must not be trusted for it).  EC P-256 keys: quick to make.
set -eu
d=$1
mkdir -p "$d"
cd "$d"
gen() {
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
	    -out "$1" 2>/dev/null
	chmod 600 "$1"
}
gen ca.key
openssl req -x509 -new -key ca.key -days 100 -subj "/CN=renovote test CA" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" -out ca.pem 2>/dev/null
gen wrong-ca.key
openssl req -x509 -new -key wrong-ca.key -days 100 \
    -subj "/CN=renovote wrong CA" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" -out wrong-ca.pem 2>/dev/null
gen server.key
openssl req -new -key server.key -subj "/CN=localhost" -out server.csr 2>/dev/null
printf '%s\n' "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    "basicConstraints=CA:FALSE" "extendedKeyUsage=serverAuth" >server.ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
    -days 100 -extfile server.ext -out server.pem 2>/dev/null
rm -f server.csr server.ext ca.srl
