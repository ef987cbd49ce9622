#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send an RTM_NEWLINK for kind dcvif with raw IFLA_DCVIF_* attributes that
ip(8) would never build (unknown VIF types, read-only attributes, wrong
sizes) and print the kernel's answer: "OK" or "Error: <extack> (<errno>)".

usage: dcvif_nl.py NAME LOWER ATTR=TYPE:VALUE ...
       e.g. dcvif_nl.py v5 cust0 id=u16:5 type=u8:9
ATTR: id, type, policy_mtu, lower_jumbo or a number; TYPE: u8, u16, u32, u64.
"""
import errno
import os
import socket
import struct
import sys

NETLINK_ROUTE = 0
RTM_NEWLINK = 16
NLM_F_REQUEST, NLM_F_ACK, NLM_F_EXCL, NLM_F_CREATE = 1, 4, 0x200, 0x400
NLMSG_ERROR = 2
NETLINK_EXT_ACK = 11
NLMSGERR_ATTR_MSG = 1
IFLA_IFNAME, IFLA_LINK, IFLA_LINKINFO = 3, 5, 18
IFLA_INFO_KIND, IFLA_INFO_DATA = 1, 2
NLA_F_NESTED = 0x8000
ATTRS = {"id": 1, "type": 2, "policy_mtu": 3, "lower_jumbo": 4}
FMT = {"u8": "B", "u16": "H", "u32": "I", "u64": "Q"}


def nla(typ, payload):
    hdr = struct.pack("HH", 4 + len(payload), typ)
    return hdr + payload + b"\0" * ((4 - len(payload) % 4) % 4)


def main():
    name, lower, specs = sys.argv[1], sys.argv[2], sys.argv[3:]
    data = b""
    for spec in specs:
        key, val = spec.split("=", 1)
        typ, num = val.split(":", 1)
        data += nla(ATTRS.get(key) or int(key), struct.pack(FMT[typ], int(num, 0)))
    info = nla(IFLA_INFO_KIND, b"dcvif\0") + nla(IFLA_INFO_DATA | NLA_F_NESTED, data)
    attrs = nla(IFLA_IFNAME, name.encode() + b"\0")
    attrs += nla(IFLA_LINK, struct.pack("I", socket.if_nametoindex(lower)))
    attrs += nla(IFLA_LINKINFO | NLA_F_NESTED, info)
    ifinfo = struct.pack("BxHiII", socket.AF_UNSPEC, 0, 0, 0, 0)
    flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_EXCL | NLM_F_CREATE
    msg = struct.pack("IHHII", 16 + len(ifinfo) + len(attrs), RTM_NEWLINK, flags, 1, 0)
    msg += ifinfo + attrs

    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_ROUTE)
    sock.setsockopt(270, NETLINK_EXT_ACK, 1)  # SOL_NETLINK
    sock.send(msg)
    reply = sock.recv(65536)
    length, typ, rflags = struct.unpack_from("IHH", reply)
    if typ != NLMSG_ERROR:
        print("unexpected reply type", typ)
        return 2
    err = -struct.unpack_from("i", reply, 16)[0]
    if err == 0:
        print("OK")
        return 0
    # Error: header, errno, the original nlmsghdr (capped: NLM_F_CAPPED), TLVs.
    off = 16 + 4 + 16
    if not rflags & 0x100:
        off = 16 + 4 + len(msg)
    text = ""
    while off + 4 <= length:
        alen, atyp = struct.unpack_from("HH", reply, off)
        if alen < 4:
            break
        if atyp == NLMSGERR_ATTR_MSG:
            text = reply[off + 4:off + alen].split(b"\0")[0].decode()
        off += (alen + 3) & ~3
    print("Error: %s (%s)" % (text, errno.errorcode.get(err, err)))
    return 1


if __name__ == "__main__":
    sys.exit(main())
