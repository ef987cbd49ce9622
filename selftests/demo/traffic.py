#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The demo's traffic: a sequence-numbered UDP stream, so that every lost
packet is known by its number and the time it was sent.

  traffic.py send DST PORT RATE FLOWS LOG   send RATE packets/s to DST:PORT,
      round robin from FLOWS source ports (so that ECMP and the LAGs' flow
      hash spread them), until SIGTERM; LOG gets "seq sent_time" per line
  traffic.py sink PORT LOG                  receive until SIGTERM; LOG gets
      "seq sent_time received_time" per line

Times are seconds since the epoch (CLOCK_REALTIME, as dcvifctl monitor's).
A packet is 16 bytes of payload: sequence number and send time.
"""
import signal
import socket
import struct
import sys
import time

PKT = struct.Struct("!Qd")
BASE_PORT = 40000
SO_RCVBUFFORCE = getattr(socket, "SO_RCVBUFFORCE", 33)
TICK = 0.01  # the sender's clock: what is due goes out every TICK s


class Stop(Exception):
    pass


def on_term(_sig, _frame):
    raise Stop()


def send(dst, port, rate, flows, log):
    socks = []
    for i in range(flows):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("0.0.0.0", BASE_PORT + i))
        socks.append(s)
    sent = []
    start = time.monotonic()
    seq = 0
    try:
        while True:
            # what is due by now, then sleep to the next tick: fewer
            # wakeups than one a packet (CPU is scarce under TCG)
            el = time.monotonic() - start
            due = int(el * rate) + 1
            while seq < due:
                now = time.time()
                try:
                    socks[seq % flows].sendto(PKT.pack(seq, now), (dst, port))
                except OSError:
                    pass  # no route at this moment: lost like any other
                sent.append((seq, now))
                seq += 1
            time.sleep(TICK - el % TICK)
    except Stop:
        pass
    with open(log, "w") as f:
        f.writelines("%d %.6f\n" % s for s in sent)


def sink(port, log):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    # room for a burst of a sender that caught up while this sink slept
    # (as root past rmem_max)
    try:
        s.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 8 << 20)
    except OSError:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
    s.bind(("0.0.0.0", port))
    got = []
    # ready: the caller waits for the file
    open(log, "w").close()
    try:
        while True:
            data = s.recv(64)
            now = time.time()
            if len(data) >= PKT.size:
                seq, sent = PKT.unpack_from(data)
                got.append((seq, sent, now))
    except Stop:
        pass
    with open(log, "w") as f:
        f.writelines("%d %.6f %.6f\n" % g for g in got)


def main():
    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)
    a = sys.argv[1:]
    if len(a) == 6 and a[0] == "send":
        send(a[1], int(a[2]), float(a[3]), int(a[4]), a[5])
    elif len(a) == 3 and a[0] == "sink":
        sink(int(a[1]), a[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
