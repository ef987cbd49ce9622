#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Golden check of the BFD core against an independent decoder.

Packets built by the core (each auth type, several states) must decode in
scapy's BFD layer to the values the core says it encoded, and their
authentication section must verify with Python's hashlib (digest over the
packet with the key in place).  Packets built by scapy must decode the
same in the core.  Prints TAP; skips if scapy is not installed.
"""
import hashlib
import random
import subprocess
import sys

n = 0
failed = 0


def ok(cond, desc):
    global n, failed
    n += 1
    if not cond:
        failed += 1
    print(("ok" if cond else "not ok") + " %d - %s" % (n, desc))


def main():
    golden = sys.argv[1]
    print("TAP version 13")
    try:
        from scapy.contrib.bfd import BFD
    except ImportError:
        print("ok 1 # SKIP python3-scapy not installed")
        print("1..1")
        return 0

    out = subprocess.run([golden, "emit"], check=True, capture_output=True,
                         text=True).stdout
    for line in out.splitlines():
        f = dict(kv.split("=", 1) for kv in line.split())
        raw = bytes.fromhex(f["pkt"])
        key = bytes.fromhex(f["key"])
        e = {k: int(v) for k, v in f.items() if k not in ("pkt", "key")}
        b = BFD(raw)
        got = (b.version, b.diag, b.sta, int(b.flags), b.detect_mult, b.len,
               b.my_discriminator, b.your_discriminator, b.min_tx_interval,
               b.min_rx_interval, b.echo_rx_interval)
        want = (1, e["diag"], e["state"], e["flags"], e["mult"], e["len"],
                e["my"], e["your"], e["tx"], e["rx"], 0)
        what = "auth %d state %d flags %#x" % (e["auth"], e["state"],
                                              e["flags"])
        ok(got == want and len(raw) == e["len"],
           "scapy decodes the core's packet (%s): %s" % (what, got))
        t = e["auth"]
        if t == 0:
            continue
        a = raw[24:]
        if t == 1:
            ok(a[0] == 1 and a[1] == 3 + len(key) and a[2] == e["keyid"]
               and a[3:] == key, "simple password section (%s)" % what)
            continue
        dlen = 20 if t in (4, 5) else 16
        seq = int.from_bytes(a[4:8], "big")
        ok(a[0] == t and a[1] == 8 + dlen and a[2] == e["keyid"]
           and a[3] == 0 and seq == e["seq"],
           "auth section Type/Len/Key ID/Reserved/Seq (%s)" % what)
        h = hashlib.sha1 if dlen == 20 else hashlib.md5
        keyed = raw[:32] + key.ljust(dlen, b"\0") + raw[32 + dlen:]
        ok(h(keyed).digest() == raw[32:32 + dlen],
           "hashlib verifies the digest (%s)" % what)

    rnd = random.Random(5880)
    bad = 0
    for i in range(300):
        sta = rnd.randrange(4)
        flags = rnd.choice([0, 0x20, 0x10, 0x08, 0x02])
        pkt = BFD(version=1, diag=rnd.randrange(32), sta=sta, flags=flags,
                  detect_mult=rnd.randrange(1, 256), len=24,
                  my_discriminator=rnd.randrange(1, 2**32),
                  your_discriminator=rnd.randrange(1, 2**32),
                  min_tx_interval=rnd.randrange(2**32),
                  min_rx_interval=rnd.randrange(2**32),
                  echo_rx_interval=rnd.randrange(2**32))
        res = subprocess.run([golden, "parse", bytes(pkt).hex()], check=True,
                             capture_output=True, text=True).stdout
        g = dict(kv.split("=", 1) for kv in res.split())
        got = (g["reason"], int(g["diag"]), int(g["state"]), int(g["flags"]),
               int(g["mult"]), int(g["my"]), int(g["your"]), int(g["tx"]),
               int(g["rx"]), int(g["echo"]))
        want = ("ok", pkt.diag, pkt.sta, int(pkt.flags), pkt.detect_mult,
                pkt.my_discriminator, pkt.your_discriminator,
                pkt.min_tx_interval, pkt.min_rx_interval,
                pkt.echo_rx_interval)
        if got != want:
            bad += 1
            print("# mismatch %s vs %s" % (got, want))
    ok(bad == 0, "300 random scapy packets decode identically in the core")

    cases = [
        (BFD(version=2), "bad_version"),
        (BFD(len=23), "bad_length"),
        (BFD(len=25), "length_exceeds_payload"),
        (BFD(detect_mult=0), "detect_mult_zero"),
        (BFD(flags="M"), "multipoint"),
        (BFD(my_discriminator=0), "my_discr_zero"),
        (BFD(sta="Up", your_discriminator=0), "your_discr_zero"),
        (BFD(flags="A", len=25), "bad_length"),
    ]
    for pkt, want in cases:
        res = subprocess.run([golden, "parse", bytes(pkt).hex()], check=True,
                             capture_output=True, text=True).stdout
        ok(("reason=%s " % want) in res,
           "scapy %s -> %s" % (pkt.summary(), want))
    print("1..%d" % n)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
