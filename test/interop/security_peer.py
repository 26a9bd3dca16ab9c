#!/usr/bin/python3
"""pyzmq peer for the security interop tests: run with Debian's /usr/bin/python3.

Usage:
  security_peer.py make-certs DIR
      zmq.auth.create_certificates(DIR/server, "server") and (DIR/clients, "client").
  security_peer.py curve-client SECRET_CERT SERVER_CERT ENDPOINT reply|none
      A DEALER with the keys of SECRET_CERT (pyzmq's load_certificate) sends
      "hello from pyzmq"; with "reply" it expects the echo back.
  security_peer.py asyncio-server SERVER_SECRET_CERT CLIENTS_DIR ENDPOINT
      A CURVE ROUTER guarded by zmq.auth.asyncio.AsyncioAuthenticator
      (configure_curve with CLIENTS_DIR); answers every [id, body] with
      [id, body, User-Id] until a body of "__quit__".
Prints "READY <endpoint>" when ready (the resolved endpoint when bound), "DONE"
at the end. Exits 0 when everything it checked was right, 1 with a message on
stderr otherwise. An alarm kills it if the test never finishes.
"""
import asyncio
import os
import signal
import sys

import zmq
import zmq.asyncio
import zmq.auth
from zmq.auth.asyncio import AsyncioAuthenticator

signal.alarm(120)


def fail(msg):
    print("security_peer.py: " + msg, file=sys.stderr, flush=True)
    sys.exit(1)


def make_certs(root):
    for sub, name in (("server", "server"), ("clients", "client")):
        d = os.path.join(root, sub)
        os.makedirs(d, exist_ok=True)
        zmq.auth.create_certificates(d, name, metadata={"name": name})
    print("READY " + root, flush=True)


def curve_client(secret_cert, server_cert, endpoint, expected):
    public, secret = zmq.auth.load_certificate(secret_cert)
    server_public, _ = zmq.auth.load_certificate(server_cert)
    if secret is None:
        fail("no secret key in " + secret_cert)
    ctx = zmq.Context()
    s = ctx.socket(zmq.DEALER)
    s.linger = 0
    s.curve_publickey = public
    s.curve_secretkey = secret
    s.curve_serverkey = server_public
    s.connect(endpoint)
    print("READY " + endpoint, flush=True)
    s.send(b"hello from pyzmq")
    if expected == "reply":
        if s.recv() != b"re: hello from pyzmq":
            fail("wrong reply")
    else:
        # The C++ side kills us once its authenticator refused us.
        if s.poll(60000):
            fail("a refused client got a reply")


async def asyncio_server(server_secret_cert, clients_dir, endpoint):
    ctx = zmq.asyncio.Context()
    auth = AsyncioAuthenticator(ctx)
    auth.start()
    auth.configure_curve(domain="*", location=clients_dir)
    public, secret = zmq.auth.load_certificate(server_secret_cert)
    if secret is None:
        fail("no secret key in " + server_secret_cert)
    s = ctx.socket(zmq.ROUTER)
    s.linger = 0
    s.curve_server = True
    s.curve_publickey = public
    s.curve_secretkey = secret
    s.bind(endpoint)
    print("READY " + s.getsockopt_string(zmq.LAST_ENDPOINT), flush=True)
    while True:
        frames = await s.recv_multipart(copy=False)
        user = frames[-1].get("User-Id").encode()
        rid, body = frames[0].bytes, frames[-1].bytes
        await s.send_multipart([rid, body, user])
        if body == b"__quit__":
            break
    s.close()
    auth.stop()
    ctx.term()


def main():
    mode, args = sys.argv[1], sys.argv[2:]
    if mode == "make-certs":
        make_certs(*args)
    elif mode == "curve-client":
        curve_client(*args)
    elif mode == "asyncio-server":
        asyncio.run(asyncio_server(*args))
    else:
        fail("unknown mode " + mode)
    print("DONE", flush=True)


if __name__ == "__main__":
    main()
