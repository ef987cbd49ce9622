#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Print the BGP messages in a pcap, one line each: SRC>DST TYPE [details].

Reassembles each TCP direction from its sequence numbers (scapy reads the
capture), then splits the stream into BGP messages by their length field.
Used by the interop tests to see NOTIFICATIONs on the wire.
"""
import sys

from scapy.all import IP, IPv6, TCP, rdpcap  # noqa: E402

TYPES = {1: "OPEN", 2: "UPDATE", 3: "NOTIFICATION", 4: "KEEPALIVE",
         5: "ROUTE-REFRESH"}


def streams(path):
    flows = {}
    for pkt in rdpcap(path):
        if TCP not in pkt:
            continue
        ip = pkt[IP] if IP in pkt else pkt[IPv6]
        tcp = pkt[TCP]
        key = (ip.src, tcp.sport, ip.dst, tcp.dport)
        data = bytes(tcp.payload)
        if tcp.flags & 0x02:  # SYN: a new connection starts here
            flows[key] = {"isn": tcp.seq + 1, "segs": {}}
            continue
        if not data:
            continue
        # a connection older than the capture starts at its first segment
        flows.setdefault(key, {"isn": None, "segs": {}})
        flows[key]["segs"][tcp.seq] = data
    for (src, sport, dst, dport), f in flows.items():
        if not f["segs"]:
            continue
        buf = b""
        nxt = f["isn"] if f["isn"] is not None else min(f["segs"])
        for seq in sorted(f["segs"]):
            seg = f["segs"][seq]
            if seq + len(seg) <= nxt:
                continue
            buf += seg[max(0, nxt - seq):]
            nxt = seq + len(seg)
        yield src, dst, buf


def main():
    for src, dst, buf in streams(sys.argv[1]):
        off = 0
        while off + 19 <= len(buf):
            length = int.from_bytes(buf[off + 16:off + 18], "big")
            mtype = buf[off + 18]
            if length < 19:
                print(f"{src}>{dst} GARBAGE")
                break
            msg = buf[off:off + length]
            line = f"{src}>{dst} {TYPES.get(mtype, mtype)}"
            if mtype == 3 and len(msg) >= 21:
                line += f" {msg[19]}/{msg[20]}"
            print(line)
            off += length


if __name__ == "__main__":
    main()
