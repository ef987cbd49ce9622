#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Mutated UPDATEs into dcvifd's session engine, session after session.

usage: privsep_fuzz.py LOCAL REMOTE AS ROUNDS SEED
Each round: connect (dcvifd is passive; retried while it holds the peer
Idle), OPEN, a valid UPDATE, then UPDATEs with random bytes flipped,
inserted or cut, until dcvifd closes the session (or 20 were sent).  Then a last
session with the valid UPDATE, held (keepalives) until stdin closes.
Prints "rounds R updates U notifications N seed S" once that is sent.
"""
import random
import select
import socket
import struct
import sys
import time

MARKER = b"\xff" * 16


def msg(mtype, body):
    return MARKER + struct.pack("!HB", 19 + len(body), mtype) + body


def valid_update(my_as, nexthop):
    aspath = bytes([2, 1]) + struct.pack("!I", my_as)
    attrs = (b"\x40\x01\x01\x00" + b"\x40\x02" + bytes([len(aspath)]) +
             aspath + b"\x40\x03\x04" + socket.inet_aton(nexthop) +
             b"\xc0\x08\x04" + struct.pack("!HH", 7224, 8100))
    nlri = b"\x18\xc6\x33\x64" + b"\x18\xcb\x00\x71"
    return b"\x00\x00" + struct.pack("!H", len(attrs)) + attrs + nlri


def mutate(rng, body):
    b = bytearray(body)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(4)
        i = rng.randrange(len(b)) if b else 0
        if op == 0 and b:
            b[i] = rng.randrange(256)
        elif op == 1 and b:
            b[i] ^= 1 << rng.randrange(8)
        elif op == 2:
            b[i:i] = bytes(rng.randrange(256)
                           for _ in range(rng.randint(1, 8)))
        elif b:
            del b[i:i + rng.randint(1, 8)]
    return bytes(b[:4077])


def session(local, remote, my_as):
    deadline = time.time() + 15
    while True:
        s = socket.socket()
        s.bind((local, 0))
        s.settimeout(2)
        try:
            s.connect((remote, 179))
            break
        except OSError:
            s.close()
            if time.time() > deadline:
                raise
            time.sleep(0.2)
    opt = b"\x02\x06\x41\x04" + struct.pack("!I", my_as)      # 4-byte AS
    opt += b"\x02\x06\x01\x04\x00\x01\x00\x01"                # IPv4 unicast
    s.sendall(msg(1, bytes([4]) + struct.pack("!HH", 23456, 90) +
                  socket.inet_aton(local) + bytes([len(opt)]) + opt))
    s.sendall(msg(4, b""))
    return s


def closed(s, wait):
    """True once dcvifd sent a NOTIFICATION or closed; counts the former"""
    s.settimeout(wait)
    try:
        while True:
            d = s.recv(65536)
            if not d:
                return True, False
            i = d.find(MARKER + b"")
            while i != -1 and i + 19 <= len(d):
                if d[i + 18] == 3:
                    return True, True
                i = d.find(MARKER, i + 19)
    except socket.timeout:
        return False, False
    except OSError:
        return True, False


def main():
    local, remote, my_as, rounds, seed = sys.argv[1:6]
    my_as, rounds, seed = int(my_as), int(rounds), int(seed)
    rng = random.Random(seed)
    updates = notifications = 0
    good = valid_update(my_as, local)
    for _ in range(rounds):
        s = session(local, remote, my_as)
        s.sendall(msg(2, good))
        for _ in range(20):
            s.sendall(msg(2, mutate(rng, good)))
            updates += 1
            done, notif = closed(s, 0.05)
            if done:
                notifications += notif
                break
        s.close()
    # a last session with the valid UPDATE only, held until stdin closes
    s = session(local, remote, my_as)
    s.sendall(msg(2, good))
    print(f"rounds {rounds} updates {updates} notifications "
          f"{notifications} seed {seed}", flush=True)
    s.settimeout(1)
    while True:
        r, _, _ = select.select([sys.stdin, s], [], [], 10)
        if sys.stdin in r and not sys.stdin.readline():
            break
        if s in r:
            try:
                if not s.recv(65536):
                    break
            except OSError:
                break
        s.sendall(msg(4, b""))


if __name__ == "__main__":
    main()
