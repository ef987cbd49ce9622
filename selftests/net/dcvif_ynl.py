#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Drive the dcvif generic netlink family from the tests, through the
kernel's own YNL library (tools/net/ynl from Debian's linux-source-6.12,
unpacked into build/ynl by selftests/host/genl_spec.sh) and the spec.

usage: dcvif_ynl.py new VIF LOCAL PEER [attr=value ...]
       dcvif_ynl.py set VIF PEER attr=value ...
       dcvif_ynl.py del VIF PEER
       dcvif_ynl.py get VIF PEER [FIELD[.SUB]]
       dcvif_ynl.py dump [VIF]
       dcvif_ynl.py vif VIF [FIELD]
       dcvif_ynl.py many VIF LOCAL4 COUNT      (peers LOCAL4+1 ...)
       dcvif_ynl.py pairs VIF LOCAL4 PEER4 COUNT   (LOCAL4+i to PEER4+i)
                    (many, pairs: attr=value ... for every session)
       dcvif_ynl.py batch [attr=value ...] < FILE    (lines: VIF LOCAL PEER;
                    prints how many were made, one error line per refusal)
       dcvif_ynl.py monitor SECONDS
Attribute values are integers; auth-key is text. Errors print
"Error: <extack message> (<errno name>)" and exit 1.
"""
import errno
import ipaddress
import json
import os
import socket
import sys
import time

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(TOP, "build/ynl/tools/net/ynl"))
from lib import YnlFamily, NlError  # noqa: E402

SPEC = os.path.join(TOP, "Documentation/netlink/specs/dcvif.yaml")


def addr_attrs(prefix, addr):
    ip = ipaddress.ip_address(addr)
    if ip.version == 4:
        return {prefix + "-v4": int(ip)}
    return {prefix + "-v6": ip.packed.hex()}


def key(vif, peer):
    return {"ifindex": socket.if_nametoindex(vif), **addr_attrs("peer", peer)}


def extra(args):
    out = {}
    for a in args:
        k, v = a.split("=", 1)
        # the key is text; YNL takes a binary attribute as bytes
        out[k] = v.encode() if k == "auth-key" else int(v, 0)
    return out


def field(obj, path):
    for p in path.split("."):
        obj = obj[p]
    return obj


def main():
    ynl = YnlFamily(SPEC, schema="")
    cmd, args = sys.argv[1], sys.argv[2:]
    try:
        if cmd == "new":
            req = {"ifindex": socket.if_nametoindex(args[0]),
                   **addr_attrs("local", args[1]), **addr_attrs("peer", args[2]),
                   **extra(args[3:])}
            print(json.dumps(ynl.do("bfd-new", req, None)))
        elif cmd == "set":
            ynl.do("bfd-set", {**key(args[0], args[1]), **extra(args[2:])}, None)
        elif cmd == "del":
            ynl.do("bfd-del", key(args[0], args[1]), None)
        elif cmd == "get":
            r = ynl.do("bfd-get", key(args[0], args[1]), None)
            print(json.dumps(field(r, args[2]) if len(args) > 2 else r))
        elif cmd == "dump":
            req = {"ifindex": socket.if_nametoindex(args[0])} if args else {}
            print(json.dumps(ynl.dump("bfd-get", req)))
        elif cmd == "vif":
            r = ynl.do("vif-get", {"ifindex": socket.if_nametoindex(args[0])}, None)
            print(json.dumps(field(r, args[1]) if len(args) > 1 else r))
        elif cmd == "many":
            base = int(ipaddress.ip_address(args[1]))
            for i in range(int(args[2])):
                ynl.do("bfd-new", {"ifindex": socket.if_nametoindex(args[0]),
                                   "local-v4": base, "peer-v4": base + 1 + i,
                                   **extra(args[3:])}, None)
            print(args[2])
        elif cmd == "pairs":
            lb = int(ipaddress.ip_address(args[1]))
            pb = int(ipaddress.ip_address(args[2]))
            for i in range(int(args[3])):
                ynl.do("bfd-new", {"ifindex": socket.if_nametoindex(args[0]),
                                   "local-v4": lb + i, "peer-v4": pb + i,
                                   **extra(args[4:])}, None)
            print(args[3])
        elif cmd == "batch":
            n = 0
            for line in sys.stdin:
                w = line.split()
                if len(w) != 3:
                    continue
                try:
                    ynl.do("bfd-new", {"ifindex": socket.if_nametoindex(w[0]),
                                       **addr_attrs("local", w[1]),
                                       **addr_attrs("peer", w[2]), **extra(args)}, None)
                    n += 1
                except (NlError, OSError) as e:
                    print("Error: %s: %s" % (line.strip(), e), file=sys.stderr)
            print(n)
        elif cmd == "monitor":
            ynl.ntf_subscribe("monitor")
            print('{"ready": true}', flush=True)
            end = time.time() + float(args[0])
            while time.time() < end:
                ynl.check_ntf()
                while ynl.async_msg_queue:
                    print(json.dumps(ynl.async_msg_queue.pop(0)), flush=True)
                time.sleep(0.05)
        else:
            print(__doc__)
            return 2
    except NlError as e:
        msg = e.nl_msg.extack.get("msg", "") if e.nl_msg.extack else ""
        print("Error: %s (%s)" % (msg, errno.errorcode.get(e.error, e.error)))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
