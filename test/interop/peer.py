#!/usr/bin/python3
"""pyzmq peer for the interop tests: run with Debian's /usr/bin/python3.

Usage: peer.py MODE SOCKTYPE bind|connect ENDPOINT [ARGS...]
Prints "READY <endpoint>" once bound or connected (the endpoint resolved when
bound), then does MODE. Exits 0 when everything it checked was right, 1 with a
message on stderr otherwise. An alarm kills it if the test never finishes.
"""
import signal
import sys
import time

import zmq
from zmq.utils.monitor import recv_monitor_message

signal.alarm(120)

ALL_BYTES = bytes(range(256))
FOUR_MIB = bytes((i * 131) & 0xFF for i in range(4 << 20))


def fail(msg):
    print("peer.py: " + msg, file=sys.stderr, flush=True)
    sys.exit(1)


def socket_for(ctx, socktype, how, endpoint, setup=None):
    s = ctx.socket(getattr(zmq, socktype))
    if setup:
        setup(s)
    if how == "bind":
        s.bind(endpoint)
        endpoint = s.getsockopt_string(zmq.LAST_ENDPOINT)
    else:
        s.connect(endpoint)
    print("READY " + endpoint, flush=True)
    return s


def echo(s, socktype):
    """Echo every message back until ["__quit__"] (echoed too)."""
    while True:
        m = s.recv_multipart()
        s.send_multipart(m)
        body = m[1:] if socktype == "ROUTER" else m
        if body == [b"__quit__"]:
            return


def client_echo(s, n, window):
    """Send n numbered multipart messages, at most `window` unanswered, and
    check each echo for content and order; then ask the echo to quit."""
    sent = received = 0
    while received < n:
        while sent < n and sent - received < window:
            s.send_multipart([b"seq", str(sent).encode(), ALL_BYTES[: sent % 256]])
            sent += 1
        m = s.recv_multipart()
        expect = [b"seq", str(received).encode(), ALL_BYTES[: received % 256]]
        if m != expect:
            fail("echo %d: got %r" % (received, m[:2]))
        received += 1
    s.send_multipart([b"__quit__"])
    if s.recv_multipart() != [b"__quit__"]:
        fail("no quit echo")


def frames(s):
    """Special frames through an echo: empty, every byte value, 4 MiB, 100 frames."""
    cases = [
        [b""],
        [b"", b"", b""],
        [ALL_BYTES],
        [FOUR_MIB],
        [str(i).encode() for i in range(100)],
    ]
    for c in cases:
        s.send_multipart(c)
        if s.recv_multipart() != c:
            fail("frames case of %d frames came back different" % len(c))
    s.send_multipart([b"__quit__"])
    s.recv_multipart()


def main():
    mode, socktype, how, endpoint = sys.argv[1:5]
    args = sys.argv[5:]
    ctx = zmq.Context()

    if mode == "echo":
        s = socket_for(ctx, socktype, how, endpoint)
        echo(s, socktype)
    elif mode == "client-echo":  # DEALER / PAIR / REQ against a C++ echo
        s = socket_for(ctx, socktype, how, endpoint)
        n = int(args[0])
        client_echo(s, n, 1 if socktype == "REQ" else 100)
    elif mode == "frames":
        s = socket_for(ctx, socktype, how, endpoint)
        frames(s)
    elif mode == "xpub":  # publisher: waits for the subscriptions, then publishes
        s = socket_for(ctx, "XPUB", how, endpoint)
        wanted = {("\x01" + t).encode() for t in args}
        while wanted:
            wanted.discard(s.recv())
        for topic in ("sport", "news", "weather"):
            s.send_multipart([topic.encode(), b"from python"])
        s.send_multipart([b"news", b"end"])
        s.send_multipart([b"weather", b"end"])
        s.recv()  # the C++ side unsubscribes when done: "\x00news"
    elif mode == "pub":  # plain PUB: probes until the C++ subscriber says "go" on a side REP socket
        s = ctx.socket(zmq.PUB)
        s.bind(endpoint)
        go = ctx.socket(zmq.REP)
        go.bind(args[0])
        print("READY %s %s" % (s.getsockopt_string(zmq.LAST_ENDPOINT), go.getsockopt_string(zmq.LAST_ENDPOINT)),
              flush=True)
        while not go.poll(5):
            s.send_multipart([b"news", b"probe"])
        go.recv()
        for topic in ("sport", "news", "weather"):
            s.send_multipart([topic.encode(), b"from python"])
        s.send_multipart([b"news", b"end"])
        go.send(b"done")
        go.recv()  # the subscriber has everything
    elif mode == "plain-sub":  # plain SUB: reports the first probe on stdout, then checks
        s = socket_for(ctx, "SUB", how, endpoint)
        for t in args:
            s.setsockopt_string(zmq.SUBSCRIBE, t)
        while s.recv_multipart()[1] != b"probe":
            pass
        print("SUBSCRIBED", flush=True)
        got = []
        while True:
            m = s.recv_multipart()
            if m[1] == b"probe":
                continue
            if m[0].decode() not in args:
                fail("unsubscribed topic %r arrived" % m[0])
            got.append(m)
            if m[1] == b"end":
                break
        if got != [[b"news", b"kept"], [b"news", b"end"]]:
            fail("got %r" % got)
    elif mode == "sub":  # subscriber: subscribes after connecting
        s = socket_for(ctx, "SUB", how, endpoint)
        for t in args:
            s.setsockopt_string(zmq.SUBSCRIBE, t)
        got = []
        while True:
            m = s.recv_multipart()
            if m[0].decode() not in args:
                fail("unsubscribed topic %r arrived" % m[0])
            got.append(m)
            if m[1] == b"end":
                break
        if [m[0] for m in got] != [b"news", b"news"]:
            fail("got %r" % got)
    elif mode == "push":
        s = socket_for(ctx, "PUSH", how, endpoint)
        monitor = s.get_monitor_socket(zmq.EVENT_DISCONNECTED)
        for i in range(int(args[0])):
            s.send_multipart([str(i).encode(), b"x" * 100])
        # libzmq 4.3.4 drops the unsent tail of a closed ipc:// socket
        # (zeromq/libzmq#4660): keep the socket until the reader hangs up.
        recv_monitor_message(monitor)
    elif mode == "slow-pull":  # a slow reader: the C++ PUSH must drain
        s = socket_for(ctx, "PULL", how, endpoint, lambda s: s.setsockopt(zmq.RCVHWM, 10))
        n = int(args[0])
        for i in range(n):
            m = s.recv_multipart()
            if m[0] != str(i).encode():
                fail("pull %d: got %r" % (i, m[0]))
            if i % 1000 == 0:
                time.sleep(0.01)  # pacing: this peer is meant to be slow
    elif mode == "curve-client":  # REQ with CURVE; args: server public key, expected "reply"|"none"
        server_key, expected = args
        public, secret = zmq.curve_keypair()

        def setup(s):
            s.curve_serverkey = server_key.encode()
            s.curve_publickey = public
            s.curve_secretkey = secret
            s.setsockopt(zmq.LINGER, 0)

        s = socket_for(ctx, "REQ", how, endpoint, setup)
        s.send(b"secret hello")
        if expected == "reply":
            if s.recv() != b"secret hello":
                fail("wrong CURVE reply")
        else:
            # The C++ side watches its monitor for the failed handshake and
            # then kills us; we only must not get a reply.
            if s.poll(60000):
                fail("a client with the wrong server key got a reply")
    else:
        fail("unknown mode " + mode)
    print("DONE", flush=True)


if __name__ == "__main__":
    main()
