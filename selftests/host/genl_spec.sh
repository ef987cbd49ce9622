#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host test: the generic netlink family's uapi header and attribute policies
# are what the kernel's own generator (ynl-gen-c.py, from Debian's
# linux-source-6.12) makes of Documentation/netlink/specs/dcvif.yaml, the
# hand-written ops table in kmod/netlink.c agrees with the spec's operations,
# and userspace/lib's reply attribute tables (what dcvifctl and dcvifd accept
# from the kernel) agree with the spec's attribute sets.
#
# The generated kernel source ends with a genl_split_ops table that 6.1
# lacks; kmod/netlink-gen.c is the generated source up to that table (the
# policies, made global: the table was their only user), built as its own
# object; kmod/netlink.h declares them and kmod/netlink.c the ops in the
# form both kernels take.
#
# usage: selftests/host/genl_spec.sh [--regen|--setup]   (--regen rewrites the files)

TOP=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../lib.sh
source "$TOP/selftests/lib.sh"

SPEC=$TOP/Documentation/netlink/specs/dcvif.yaml
WORK=$TOP/build/ynl
ALL_TESTS="uapi_header kernel_policies ops_table lib_attr_tables"

# A minimal kernel-like tree for ynl-gen-c: its tools, the genetlink schema,
# a MAINTAINERS file (how it finds the tree's root) and our spec.
ynl_setup() {
	local src=linux-source-6.12
	if [[ ! -f $WORK/tools/net/ynl/ynl-gen-c.py ]]; then
		[[ -f /usr/src/$src.tar.xz ]] || { echo "linux-source-6.12 is not installed"; return 1; }
		mkdir -p "$WORK"
		tar -xJf "/usr/src/$src.tar.xz" -C "$WORK" --strip-components=1 \
			--wildcards "$src/tools/net/ynl/*" "$src/Documentation/netlink/*.yaml" ||
			return 1
		touch "$WORK/MAINTAINERS"
	fi
	mkdir -p "$WORK/Documentation/netlink/specs" "$WORK/out"
	cp "$SPEC" "$WORK/Documentation/netlink/specs/dcvif.yaml"
}

ynl_gen() { # mode header|source out
	(cd "$WORK/tools/net/ynl" &&
		/usr/bin/python3 ynl-gen-c.py --mode "$1" "--$2" \
			--spec "$WORK/Documentation/netlink/specs/dcvif.yaml" -o "$3")
}

generate() {
	ynl_setup &&
	ynl_gen uapi header "$WORK/out/dcvif_genl.h" &&
	ynl_gen kernel header "$WORK/out/netlink-gen.h" &&
	mkdir -p "$WORK/out/full" &&
	ynl_gen kernel source "$WORK/out/full/netlink-gen.c" &&
	sed -e '/^\/\* Ops table for /,$d' \
		-e 's/^static const struct nla_policy /const struct nla_policy /' \
		"$WORK/out/full/netlink-gen.c" > "$WORK/out/netlink-gen.c"
}

# --setup: only unpack the YNL tools and the spec into build/ynl, for the
# VM tests' YNL client (make check runs it before any test).
if [[ ${1:-} == --setup ]]; then
	ynl_setup
	exit
fi

if [[ ${1:-} == --regen ]]; then
	generate || exit 1
	cp "$WORK/out/dcvif_genl.h" "$TOP/kmod/uapi/linux/dcvif_genl.h"
	cp "$WORK/out/netlink-gen.h" "$WORK/out/netlink-gen.c" "$TOP/kmod/"
	echo "regenerated kmod/uapi/linux/dcvif_genl.h kmod/netlink-gen.h kmod/netlink-gen.c"
	exit 0
fi

GEN_OK=0
generate && GEN_OK=1

uapi_header() {
	RET=0
	[[ $GEN_OK == 1 ]]
	check_err $? "ynl-gen-c failed"
	diff -u "$WORK/out/dcvif_genl.h" "$TOP/kmod/uapi/linux/dcvif_genl.h" >/dev/null
	check_err $? "kmod/uapi/linux/dcvif_genl.h differs from the spec's (run $0 --regen):
$(diff -u "$WORK/out/dcvif_genl.h" "$TOP/kmod/uapi/linux/dcvif_genl.h" | head -20)"
	log_test "uapi header is generated from dcvif.yaml"
}

kernel_policies() {
	local f
	RET=0
	for f in netlink-gen.h netlink-gen.c; do
		diff -u "$WORK/out/$f" "$TOP/kmod/$f" >/dev/null
		check_err $? "kmod/$f differs from the spec's (run $0 --regen):
$(diff -u "$WORK/out/$f" "$TOP/kmod/$f" | head -20)"
	done
	log_test "kernel attribute policies are generated from dcvif.yaml"
}

# Every operation of the spec with a do or dump is in kmod/netlink.c's ops
# table, with GENL_UNS_ADMIN_PERM exactly where the spec says admin-perm, and
# with the generated policy.
ops_table() {
	local out
	RET=0
	out=$(/usr/bin/python3 - "$SPEC" "$TOP/kmod/netlink.c" <<'PY'
import re, sys, yaml
spec = yaml.safe_load(open(sys.argv[1]))
src = open(sys.argv[2]).read()
m = re.search(r"genl_ops dcvif_nl_ops\[\] = \{(.*?)\n\};", src, re.S)
if not m:
    print("no dcvif_nl_ops[] table in kmod/netlink.c"); sys.exit(1)
entries = re.findall(r"\{(.*?)\n\t\}", m.group(1), re.S)
table = {}
for e in entries:
    cmd = re.search(r"\.cmd\s*=\s*(\w+)", e).group(1)
    table[cmd] = e
bad = []
for op in spec["operations"]["list"]:
    if "do" not in op and "dump" not in op:
        continue
    cmd = "DCVIF_CMD_" + op["name"].upper().replace("-", "_")
    e = table.pop(cmd, None)
    if e is None:
        bad.append(f"{cmd}: missing"); continue
    # admin-perm is GENL_UNS_ADMIN_PERM here: CAP_NET_ADMIN in the user
    # namespace that owns the device's netns, as rtnetlink asks for the VIF
    # itself. The genetlink schema of 6.12 has no uns-admin-perm (only
    # genetlink-legacy has), so the spec cannot say it.
    admin = "admin-perm" in op.get("flags", [])
    if admin != ("GENL_UNS_ADMIN_PERM" in e) or "GENL_ADMIN_PERM" in e:
        bad.append(f"{cmd}: GENL_UNS_ADMIN_PERM {'missing' if admin else 'not in the spec'}"
                   " (admin-perm means GENL_UNS_ADMIN_PERM)")
    if ("do" in op) != (".doit" in e) or ("dump" in op) != (".dumpit" in e):
        bad.append(f"{cmd}: doit/dumpit differ from the spec")
    gen = open(sys.argv[2].replace("netlink.c", "netlink-gen.c")).read()
    base = "dcvif_" + op["name"].replace("-", "_")
    pol = base + "_do_nl_policy" if base + "_do_nl_policy" in gen else base + "_nl_policy"
    if "do" in op and pol not in e:
        bad.append(f"{cmd}: policy is not {pol}")
bad += [f"{c}: not in the spec" for c in table]
# the multicast groups: admin-perm is GENL_MCAST_CAP_NET_ADMIN (checked by
# genl_bind against the netns's user namespace)
g = re.search(r"genl_multicast_group dcvif_nl_mcgrps\[\] = \{(.*?)\n\};", src, re.S)
groups = {}
for name, body in re.findall(r"\[DCVIF_NLGRP_(\w+)\]\s*=\s*\{(.*?)\}", g.group(1) if g else "", re.S):
    groups[name] = body
for mg in spec.get("mcast-groups", {}).get("list", []):
    name = mg["name"].upper().replace("-", "_")
    body = groups.pop(name, None)
    if body is None:
        bad.append(f"multicast group {mg['name']}: missing"); continue
    if ("admin-perm" in mg.get("flags", [])) != ("GENL_MCAST_CAP_NET_ADMIN" in body):
        bad.append(f"multicast group {mg['name']}: GENL_MCAST_CAP_NET_ADMIN differs from the spec")
bad += [f"multicast group {g}: not in the spec" for g in groups]
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
)
	check_err $? "ops table vs spec:
$out"
	log_test "kmod/netlink.c ops table and multicast groups match the spec's, with their permissions"
}

# Every attribute of every set of the spec is in userspace/lib's table of
# that set, with the libmnl type its spec type is read as and, for binary
# attributes, the spec's exact length (local-v6: 16); and nothing else is.
lib_attr_tables() {
	local out
	RET=0
	out=$(make -s -C "$TOP/userspace/lib" dump_attrs 2>&1)
	check_err $? "cannot build userspace/lib/dump_attrs:
$out"
	if [[ $RET != 0 ]]; then
		log_test "userspace/lib's reply attribute tables match the spec's attribute sets"
		return
	fi
	mkdir -p "$WORK/out"
	"$TOP/userspace/lib/dump_attrs" > "$WORK/out/lib_attrs.txt"
	check_err $? "userspace/lib/dump_attrs failed"
	out=$(/usr/bin/python3 - "$SPEC" "$WORK/out/lib_attrs.txt" 2>&1 <<'PY'
import sys, yaml
spec = yaml.safe_load(open(sys.argv[1]))
mnl = {"pad": "MNL_TYPE_UNSPEC", "flag": "MNL_TYPE_FLAG",
       "u8": "MNL_TYPE_U8", "u16": "MNL_TYPE_U16", "u32": "MNL_TYPE_U32",
       "u64": "MNL_TYPE_U64", "s8": "MNL_TYPE_U8", "s16": "MNL_TYPE_U16",
       "s32": "MNL_TYPE_U32", "s64": "MNL_TYPE_U64",
       "string": "MNL_TYPE_NUL_STRING", "binary": "MNL_TYPE_BINARY",
       "nest": "MNL_TYPE_NESTED"}
want = {}
for aset in spec["attribute-sets"]:
    val = 0
    for a in aset["attributes"]:
        val = a.get("value", val + 1)
        length = 0
        if a["type"] == "binary":
            length = a.get("checks", {}).get("exact-len", 0)
        want[(aset["name"], val)] = (a["name"], mnl.get(a["type"], "?" + a["type"]), length)
have = {}
for line in open(sys.argv[2]).read().splitlines():
    name, val, typ, length = line.split()
    have[(name, int(val))] = (typ, int(length))
bad = []
for key, (attr, typ, length) in sorted(want.items()):
    if key not in have:
        bad.append(f"{key[0]} {attr} ({key[1]}): not in userspace/lib's table")
    elif have[key] != (typ, length):
        bad.append(f"{key[0]} {attr} ({key[1]}): table says {have[key][0]} len {have[key][1]}, "
                   f"spec says {typ} len {length}")
for key in sorted(set(have) - set(want)):
    bad.append(f"{key[0]} attribute {key[1]}: in userspace/lib's table, not in the spec")
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
)
	check_err $? "userspace/lib/dcvif_genl.c attribute tables vs spec:
$out"
	log_test "userspace/lib's reply attribute tables match the spec's attribute sets"
}

tests_run
exit "$EXIT_STATUS"
