#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Send the dcvif family a BFD_NEW with a simple-password key (ARGV: ifindex,
key) that the kernel refuses (no such VIF, or a key too long for the type),
without NETLINK_CAP_ACK, so that the error
ack echoes the whole request, and print what the echoed key attribute holds:
"key: <hex>" (the kernel wiped it: all zeros), or "no key" / "no echo".
Plain sockets: the YNL client does not show an ack's echoed request."""
import os
import socket
import struct
import sys

NETLINK_GENERIC = 16
GENL_ID_CTRL = 16
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
NLM_F_REQUEST, NLM_F_ACK = 1, 4
NLMSG_ERROR = 2
SOL_NETLINK, NETLINK_EXT_ACK, NETLINK_CAP_ACK = 270, 11, 10
# kmod/uapi/linux/dcvif_genl.h
DCVIF_CMD_BFD_NEW = 1
A_IFINDEX, A_LOCAL_V4, A_PEER_V4 = 1, 2, 3
A_AUTH_TYPE, A_AUTH_KEY_ID, A_AUTH_KEY = 14, 15, 16


def attr(t, data):
    ln = 4 + len(data)
    return struct.pack("=HH", ln, t) + data + b"\0" * ((4 - ln % 4) % 4)


def attrs(buf):
    out = {}
    while len(buf) >= 4:
        ln, t = struct.unpack_from("=HH", buf)
        if ln < 4:
            break
        out[t & 0x3fff] = buf[4:ln]
        buf = buf[(ln + 3) & ~3:]
    return out


def talk(s, ftype, cmd, payload, seq):
    hdr = struct.pack("=BBH", cmd, 1, 0)
    msg = struct.pack("=IHHII", 16 + 4 + len(payload), ftype,
                      NLM_F_REQUEST | NLM_F_ACK, seq, os.getpid()) + hdr + payload
    s.send(msg)
    return s.recv(65536)


def main():
    ifindex, key = int(sys.argv[1]), sys.argv[2].encode()
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
    s.bind((0, 0))
    s.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 0)
    r = talk(s, GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
             attr(CTRL_ATTR_FAMILY_NAME, b"dcvif\0"), 1)
    fam = struct.unpack("=H", attrs(r[20:])[CTRL_ATTR_FAMILY_ID][:2])[0]
    s.recv(65536)  # the ack
    payload = (attr(A_IFINDEX, struct.pack("=I", ifindex)) +
               attr(A_PEER_V4, socket.inet_aton("10.200.0.9")) +
               attr(A_LOCAL_V4, socket.inet_aton("10.200.0.1")) +
               attr(A_AUTH_TYPE, b"\x01") + attr(A_AUTH_KEY_ID, b"\x01") +
               attr(A_AUTH_KEY, key))
    r = talk(s, fam, DCVIF_CMD_BFD_NEW, payload, 2)
    ln, typ = struct.unpack_from("=IH", r)
    if typ != NLMSG_ERROR:
        print("no error ack")
        return
    err = struct.unpack_from("=i", r, 16)[0]
    echoed = r[20:ln]
    if len(echoed) <= 16 + 4:
        print("no echo (error %d)" % err)
        return
    a = attrs(echoed[20:])
    if A_AUTH_KEY not in a:
        print("no key (error %d)" % err)
        return
    print("error %d key: %s" % (err, a[A_AUTH_KEY].hex()))


main()
