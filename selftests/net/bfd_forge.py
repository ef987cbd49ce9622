#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Forge BFD control packets (RFC 5880/5881) from a live one, with scapy.

    bfd_forge.py [--count N] [--key-id N --key KEY] IFACE SRC FORGERY...

Waits (at most 10 s) for the next IPv4 BFD control packet that SRC sends on
IFACE (tagged or not: scapy puts an offloaded VLAN tag back), takes it as
the template, so that addresses, ports, MACs, VLAN and discriminators are
the real session's, and sends each FORGERY N times (default 5) on IFACE.
Every forgery but "admin-down" would take the receiver's session Down if it
were accepted (state Down, diagnostic 1), so that a packet let through
shows as a state change, not only as a missing drop.

Malformed or foreign (any session):
  ttl254        TTL 254 (RFC 5881 section 5 requires 255)
  version2      version 2
  unknown-discr Your Discriminator 0x7777 (no such session)
  len40-in-24   Length field 40 in a 24-byte packet
  len20         Length field 20 (below the 24 of a packet without auth)
  len16-in-16   Length field 16, 16 bytes of packet

Authentication (the template must be authenticated, keyed MD5 or SHA1,
meticulous or not; --key-id and --key are the session's real ones):
  replay        the template itself again (meticulous types: sequence
                number already seen)
  stale-digest  sequence number + 1, the template's digest kept
  wrong-key     sequence number + 1, digest computed with another key
  wrong-key-id  sequence number + 1, Key ID + 1, digest with the real key
  no-auth       the A bit clear, no authentication section
  other-type    the other hash (MD5 <-> SHA1) with the real key
  seq-far       sequence number + 100 (outside 3 x Detect Mult), real key
  admin-down    a correct packet (real key, sequence number + 5) saying
                AdminDown, diagnostic 7: the control, accepted by a correct
                receiver (+5 so that the peer's own packets sent meanwhile
                do not make it a replay)

Prints one line per forgery: "sent NAME xN".
"""

import argparse
import hashlib
import struct
import sys

from scapy.all import IP, UDP, Raw, sendp, sniff
from scapy.contrib.bfd import BFD

STA_ADMIN_DOWN, STA_DOWN = 0, 1
DIAG_DETECT, DIAG_ADMIN = 1, 7
FLAG_A = 0x04
FLAG_POLL_FINAL = 0x30
HASH = {2: (hashlib.md5, 16), 3: (hashlib.md5, 16),
        4: (hashlib.sha1, 20), 5: (hashlib.sha1, 20)}
OTHER_TYPE = {2: 4, 3: 5, 4: 2, 5: 3}


def header(hdr, sta, diag, length, auth=True, version=1):
    h = bytearray(hdr[:24])
    h[0] = (version << 5) | diag
    flags = h[1] & 0x3f & ~FLAG_POLL_FINAL
    flags = flags | FLAG_A if auth else flags & ~FLAG_A
    h[1] = (sta << 6) | flags
    h[3] = length
    return bytes(h)


def signed(hdr, sta, diag, atype, key_id, seq, key):
    """A packet authenticated as RFC 5880 6.7.3/6.7.4 say."""
    hashf, dlen = HASH[atype]
    auth = struct.pack("!BBBBI", atype, 8 + dlen, key_id, 0, seq & 0xffffffff)
    pkt = bytearray(header(hdr, sta, diag, 24 + len(auth) + dlen) + auth +
                    key.ljust(dlen, b"\0"))
    pkt[32:32 + dlen] = hashf(bytes(pkt)).digest()
    return bytes(pkt)


def forgery(name, tmpl, key_id, key):
    """(BFD payload, IP TTL) of one forgery."""
    hdr = bytes(tmpl)
    ttl = 255
    if name == "ttl254":
        return header(hdr, STA_DOWN, DIAG_DETECT, 24, auth=False), 254
    if name == "version2":
        return header(hdr, STA_DOWN, DIAG_DETECT, 24, False, version=2), ttl
    if name == "unknown-discr":
        h = bytearray(header(hdr, STA_DOWN, DIAG_DETECT, 24, auth=False))
        h[8:12] = struct.pack("!I", 0x7777)
        return bytes(h), ttl
    if name == "len40-in-24":
        return header(hdr, STA_DOWN, DIAG_DETECT, 40, auth=False), ttl
    if name == "len20":
        return header(hdr, STA_DOWN, DIAG_DETECT, 20, auth=False), ttl
    if name == "len16-in-16":
        return header(hdr, STA_DOWN, DIAG_DETECT, 16, auth=False)[:16], ttl

    if len(hdr) < 32 or not hdr[1] & FLAG_A:
        sys.exit(f"bfd_forge: {name}: the template is not authenticated")
    atype, _, tkey_id, _, seq = struct.unpack("!BBBBI", hdr[24:32])
    if atype not in HASH:
        sys.exit(f"bfd_forge: {name}: auth type {atype} is not keyed MD5/SHA1")
    if tkey_id != key_id:
        sys.exit(f"bfd_forge: template Key ID {tkey_id}, --key-id {key_id}")
    if name == "replay":
        return hdr, ttl
    if name == "stale-digest":
        p = bytearray(signed(hdr, STA_DOWN, DIAG_DETECT, atype, key_id,
                             seq + 1, key))
        p[32:] = hdr[32:]
        return bytes(p), ttl
    if name == "wrong-key":
        return signed(hdr, STA_DOWN, DIAG_DETECT, atype, key_id, seq + 1,
                      b"not the key"), ttl
    if name == "wrong-key-id":
        return signed(hdr, STA_DOWN, DIAG_DETECT, atype, (key_id + 1) & 0xff,
                      seq + 1, key), ttl
    if name == "no-auth":
        return header(hdr, STA_DOWN, DIAG_DETECT, 24, auth=False), ttl
    if name == "other-type":
        return signed(hdr, STA_DOWN, DIAG_DETECT, OTHER_TYPE[atype], key_id,
                      seq + 1, key), ttl
    if name == "seq-far":
        return signed(hdr, STA_DOWN, DIAG_DETECT, atype, key_id, seq + 100,
                      key), ttl
    if name == "admin-down":
        return signed(hdr, STA_ADMIN_DOWN, DIAG_ADMIN, atype, key_id, seq + 5,
                      key), ttl
    sys.exit(f"bfd_forge: unknown forgery {name}")


def frame(tmpl_frame, payload, ttl):
    q = tmpl_frame.copy()
    q[IP].ttl = ttl
    q[UDP].remove_payload()
    q = q / Raw(payload)
    for f in ((IP, "len"), (IP, "chksum"), (UDP, "len"), (UDP, "chksum")):
        delattr(q[f[0]], f[1])
    return q


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=5)
    ap.add_argument("--key-id", type=int, default=0)
    ap.add_argument("--key", default="")
    ap.add_argument("iface")
    ap.add_argument("src")
    ap.add_argument("forgeries", nargs="+")
    a = ap.parse_args()

    def from_src(p):
        return (IP in p and UDP in p and p[IP].src == a.src and
                p[UDP].dport == 3784)

    got = sniff(iface=a.iface, count=1, timeout=10, lfilter=from_src)
    if not got:
        sys.exit(f"bfd_forge: no BFD packet from {a.src} on {a.iface} in 10 s")
    tmpl_frame = got[0]
    tmpl = tmpl_frame[UDP].payload
    if not isinstance(tmpl, BFD):
        tmpl = BFD(bytes(tmpl))
    key = a.key.encode()
    frames, lines = [], []
    for name in a.forgeries:
        payload, ttl = forgery(name, tmpl, a.key_id, key)
        frames += [frame(tmpl_frame, payload, ttl)] * a.count
        lines.append(f"sent {name} x{a.count}")
    sendp(frames, iface=a.iface, verbose=False)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
