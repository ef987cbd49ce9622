#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Read dclag LAGs through the dcvif generic netlink family (lag-get), with
the kernel's own YNL library and the spec, as dcvif_ynl.py does for VIFs.
Events of the monitor group: dcvif_ynl.py monitor SECONDS.

usage: dclag_ynl.py get LAG [EXPR]     one LAG
       dclag_ynl.py dump [EXPR]        every LAG of the netns
EXPR is a Python expression over d (the reply: a dict, or a list for dump),
printed as JSON; without it the whole reply. Errors print
"Error: <extack message> (<errno name>)" and exit 1.
"""
import errno
import json
import os
import socket
import sys

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(TOP, "build/ynl/tools/net/ynl"))
from lib import YnlFamily, NlError  # noqa: E402

SPEC = os.path.join(TOP, "Documentation/netlink/specs/dcvif.yaml")


def ifindex(name):
    try:
        return socket.if_nametoindex(name)
    except OSError:
        return int(name, 0)


def main():
    ynl = YnlFamily(SPEC, schema="")
    cmd, args = sys.argv[1], sys.argv[2:]
    try:
        if cmd == "get":
            d = ynl.do("lag-get", {"ifindex": ifindex(args[0])}, None)
            expr = args[1] if len(args) > 1 else None
        elif cmd == "dump":
            d = ynl.dump("lag-get", {})
            expr = args[0] if args else None
        else:
            print(__doc__)
            return 2
    except NlError as e:
        msg = e.nl_msg.extack.get("msg", "") if e.nl_msg.extack else ""
        print("Error: %s (%s)" % (msg, errno.errorcode.get(e.error, e.error)))
        return 1
    print(json.dumps(eval(expr, {}, {"d": d}) if expr else d))
    return 0


if __name__ == "__main__":
    sys.exit(main())
