#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""A scriptable BGP peer that can send anything, for malformed-input tests.

Reads commands on stdin, answers one line each on stdout:
  open LOCAL REMOTE AS [HOLD]   connect, exchange OPEN/KEEPALIVE
                                -> ESTABLISHED | NOTIFICATION c/s | CLOSED
  announce PREFIX NEXTHOP [path=AS,AS..] [origin=N] [med=N] [comm=A:B,..]
                                a well-formed UPDATE (AS_PATH: our AS)
  update HEX                    an UPDATE with this body (header added)
  msg TYPE HEX                  any type with this body (header added)
  raw HEX                       these bytes as they are
  expect SECONDS                wait, keeping the session alive
                                -> NONE | NOTIFICATION c/s | CLOSED
  collide LOCAL REMOTE AS ID    connection collision: accept dcvifd's
                                connection A, open our own B, send OPEN
                                with BGP identifier ID on both
                                -> A:<result> B:<result>, result one of
                                NOTIFICATION c/s, ESTABLISHED, CLOSED, NONE
  close
"""
import select
import socket
import struct
import sys
import time

MARKER = b"\xff" * 16


def msg(mtype, body):
    return MARKER + struct.pack("!HB", 19 + len(body), mtype) + body


class Peer:
    def __init__(self):
        self.s = None
        self.buf = b""
        self.as_ = 0

    def recv_msg(self, timeout):
        end = time.time() + timeout
        while True:
            if len(self.buf) >= 19:
                length = struct.unpack("!H", self.buf[16:18])[0]
                if len(self.buf) >= length:
                    m, self.buf = self.buf[:length], self.buf[length:]
                    return m
            left = end - time.time()
            if left <= 0:
                return None
            r, _, _ = select.select([self.s], [], [], left)
            if not r:
                return None
            data = self.s.recv(65536)
            if not data:
                return b""
            self.buf += data

    @staticmethod
    def open_msg(asn, hold=90, bgpid="10.0.0.2"):
        caps = b"\x01\x04\x00\x01\x00\x01" + b"\x02\x00" + \
            b"\x41\x04" + struct.pack("!I", asn)
        opt = b"\x02" + bytes([len(caps)]) + caps
        short = asn if asn < 65536 else 23456
        return msg(1, struct.pack("!BHH4sB", 4, short, hold,
                                  socket.inet_aton(bgpid), len(opt)) + opt)

    def collide(self, local, remote, asn, bgpid):
        ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        ls.bind((local, 179))
        ls.listen(1)
        ls.settimeout(15)
        a, _ = ls.accept()
        ls.close()
        conns = {"A": Peer(), "B": Peer()}
        conns["A"].s = a
        first = conns["A"].recv_msg(5)
        if not first or first[18] != 1:
            return "A:NO-OPEN B:NONE"
        b = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        b.bind((local, 0))
        b.connect((remote, 179))
        conns["B"].s = b
        b.sendall(self.open_msg(asn, bgpid=bgpid))
        # dcvifd decides when B's OPEN arrives, A still in OpenSent: only
        # then does A get its OPEN (if A is still there)
        early = conns["B"].recv_msg(3)
        conns["B"].buf = (early or b"") + conns["B"].buf
        a.sendall(self.open_msg(asn, bgpid=bgpid))
        # watch both for 3 s: a KEEPALIVE may come before the Cease
        res = {"A": "NONE", "B": "NONE"}
        end = time.time() + 3
        while time.time() < end:
            for k, c in conns.items():
                if res[k].startswith(("NOTIFICATION", "CLOSED")):
                    continue
                m = c.recv_msg(0.05)
                if m is None:
                    continue
                if m == b"":
                    res[k] = "CLOSED"
                elif m[18] == 3:
                    res[k] = f"NOTIFICATION {m[19]}/{m[20]}"
                elif m[18] == 1:
                    c.s.sendall(msg(4, b""))
                elif m[18] == 4:
                    res[k] = "ESTABLISHED"
                    c.s.sendall(msg(4, b""))
        self.s = conns["B"].s if res["B"] == "ESTABLISHED" else a
        self.as_ = asn
        return f"A:{res['A']} B:{res['B']}"

    def open(self, local, remote, asn, hold=90):
        fam = socket.AF_INET6 if ":" in remote else socket.AF_INET
        self.s = socket.socket(fam, socket.SOCK_STREAM)
        self.s.bind((local, 0))
        self.s.connect((remote, 179))
        self.as_ = asn
        caps = b"\x01\x04\x00\x01\x00\x01" + b"\x02\x00" + \
            b"\x41\x04" + struct.pack("!I", asn)
        opt = b"\x02" + bytes([len(caps)]) + caps
        short = asn if asn < 65536 else 23456
        body = struct.pack("!BHH4sB", 4, short, hold,
                           socket.inet_aton("10.0.0.2"), len(opt)) + opt
        self.s.sendall(msg(1, body))
        return self.until_established()

    def until_established(self):
        while True:
            m = self.recv_msg(10)
            if m is None:
                return "TIMEOUT"
            if m == b"":
                return "CLOSED"
            if m[18] == 3:
                return f"NOTIFICATION {m[19]}/{m[20]}"
            if m[18] == 1:
                self.s.sendall(msg(4, b""))
            if m[18] == 4:
                return "ESTABLISHED"

    def expect(self, seconds):
        end = time.time() + seconds
        while time.time() < end:
            m = self.recv_msg(min(1.0, end - time.time()))
            if m == b"":
                return "CLOSED"
            if m and m[18] == 3:
                return f"NOTIFICATION {m[19]}/{m[20]}"
            self.s.sendall(msg(4, b""))
        return "NONE"

    def announce(self, prefix, nexthop, *opts):
        o = dict(x.split("=") for x in opts)
        addr, plen = prefix.split("/")
        plen = int(plen)
        nlri = bytes([plen]) + socket.inet_aton(addr)[:(plen + 7) // 8]
        path = [int(a) for a in o.get("path", str(self.as_)).split(",")]
        aspath = bytes([2, len(path)]) + b"".join(struct.pack("!I", a)
                                                   for a in path)
        attrs = b"\x40\x01\x01" + bytes([int(o.get("origin", 0))]) + \
            b"\x40\x02" + bytes([len(aspath)]) + \
            aspath + b"\x40\x03\x04" + socket.inet_aton(nexthop)
        if "med" in o:
            attrs += b"\x80\x04\x04" + struct.pack("!I", int(o["med"]))
        if "comm" in o:
            c = b"".join(struct.pack("!HH", *map(int, x.split(":")))
                         for x in o["comm"].split(","))
            attrs += b"\xc0\x08" + bytes([len(c)]) + c
        body = b"\x00\x00" + struct.pack("!H", len(attrs)) + attrs + nlri
        self.s.sendall(msg(2, body))


def main():
    p = Peer()
    for line in sys.stdin:
        w = line.split()
        if not w:
            continue
        try:
            if w[0] == "open":
                out = p.open(w[1], w[2], int(w[3]),
                             int(w[4]) if len(w) > 4 else 90)
            elif w[0] == "collide":
                out = p.collide(w[1], w[2], int(w[3]), w[4])
            elif w[0] == "announce":
                p.announce(w[1], w[2], *w[3:])
                out = "SENT"
            elif w[0] == "update":
                p.s.sendall(msg(2, bytes.fromhex("".join(w[1:]))))
                out = "SENT"
            elif w[0] == "msg":
                p.s.sendall(msg(int(w[1]), bytes.fromhex("".join(w[2:]))))
                out = "SENT"
            elif w[0] == "raw":
                p.s.sendall(bytes.fromhex("".join(w[1:])))
                out = "SENT"
            elif w[0] == "expect":
                out = p.expect(float(w[1]))
            elif w[0] == "close":
                p.s.close()
                out = "CLOSED"
            else:
                out = "ERROR unknown command"
        except OSError as e:
            out = f"ERROR {e}"
        print(out, flush=True)


if __name__ == "__main__":
    main()
