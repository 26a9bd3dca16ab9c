#!/usr/bin/python3
"""aiozmq peer for the interop tests (aiozmq streams, as their users write them).

Usage:
  aiozmq_peer.py dealer-client ENDPOINT N   seed exchange, then N numbered
                                            multipart messages echoed and checked
  aiozmq_peer.py router-echo ENDPOINT       bind a ROUTER stream and echo until
                                            ["__quit__"]
"""
import asyncio
import signal
import sys

import aiozmq
import zmq

signal.alarm(120)


def fail(msg):
    print("aiozmq_peer.py: " + msg, file=sys.stderr, flush=True)
    sys.exit(1)


async def dealer_client(endpoint, n):
    dealer = await aiozmq.create_zmq_stream(zmq.DEALER, connect=endpoint)
    print("READY " + endpoint, flush=True)
    for i in range(10):  # the seed's exchange
        msg = (b"data", b"ask", str(i).encode("utf-8"))
        dealer.write(msg)
        answer = await dealer.read()
        if answer != list(msg):
            fail("seed answer %r" % answer)
    window, sent, received = 100, 0, 0
    while received < n:
        while sent < n and sent - received < window:
            dealer.write((b"seq", str(sent).encode(), bytes([sent % 256]) * (sent % 7)))
            sent += 1
        await dealer.drain()
        m = await dealer.read()
        expect = [b"seq", str(received).encode(), bytes([received % 256]) * (received % 7)]
        if m != expect:
            fail("echo %d: got %r" % (received, m[:2]))
        received += 1
    dealer.write((b"__quit__",))
    await dealer.read()
    dealer.close()


async def router_echo(endpoint):
    router = await aiozmq.create_zmq_stream(zmq.ROUTER, bind=endpoint)
    print("READY " + list(router.transport.bindings())[0], flush=True)
    while True:
        m = await router.read()
        router.write(m)
        if m[1:] == [b"__quit__"]:
            await router.drain()
            break
    router.close()


def main():
    mode = sys.argv[1]
    if mode == "dealer-client":
        asyncio.run(dealer_client(sys.argv[2], int(sys.argv[3])))
    elif mode == "router-echo":
        asyncio.run(router_echo(sys.argv[2]))
    else:
        fail("unknown mode " + mode)
    print("DONE", flush=True)


if __name__ == "__main__":
    main()
