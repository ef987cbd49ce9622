#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build and install the debug kernel the VM tests run on in `make
# check-debug`: Debian's own 6.12 sources (package linux-source-6.12, the
# Debian patches applied) with allnoconfig + kvm_guest.config +
# selftests/vm/debug-kernel.config (KASAN, lockdep, kmemleak, UBSAN, debug
# objects, the net refcount trackers).
#
# It is built once and cached outside the work tree, keyed by the source
# package's version, the config fragment and this script:
#   $DCVIF_CACHE/debug-kernel/   sources and objects (default /var/cache/dcvif)
#   /boot/vmlinuz-KVER, /lib/modules/KVER   the install vm.sh boots, with
#                                           build -> the object tree
# KVER is <source version>-dcvif-debug (e.g. 6.12.118-dcvif-debug); the
# Makefile's default kernel list takes only *-amd64, so make check never
# picks it up by itself. Prints KVER on stdout; the build's log goes to
# $DCVIF_CACHE/debug-kernel/build.log.

set -u -o pipefail

readonly ME=debug-kernel.sh
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd) || exit 1
cache=${DCVIF_CACHE:-/var/cache/dcvif}/debug-kernel
tarball=/usr/src/linux-source-6.12.tar.xz
fragment=$here/debug-kernel.config
suffix=-dcvif-debug

die() {
	echo "$ME: error: $*" >&2
	exit 1
}

[ -r "$tarball" ] || die "$tarball not found (apt-get install linux-source-6.12)"
for tool in make gcc bc flex bison; do
	command -v "$tool" > /dev/null || die "$tool not installed (make debug-kernel installs it)"
done
[ -e /usr/include/libelf.h ] || die "libelf-dev not installed (objtool needs it)"

srcver=$(dpkg-query -W -f '${Version}' linux-source-6.12 2>/dev/null) || srcver=unknown
key=$( {
	echo "format 1"
	echo "linux-source-6.12 $srcver $(stat -c %s "$tarball")"
	sha256sum "$fragment" "${BASH_SOURCE[0]}" | cut -d' ' -f1
} | sha256sum | cut -d' ' -f1)

src=$cache/linux-source-6.12
obj=$cache/obj
mkdir -p "$cache" || die "cannot create $cache"
log=$cache/build.log

if [ -f "$cache/key" ] && [ "$(cat "$cache/key")" = "$key" ]; then
	kver=$(cat "$cache/kver")
	if [ -r "/boot/vmlinuz-$kver" ] && [ -d "/lib/modules/$kver/kernel" ] &&
	   [ "$(cat "/lib/modules/$kver/dcvif-debug.key" 2> /dev/null)" = "$key" ]; then
		echo "$kver"
		exit 0
	fi
fi

start=$SECONDS
echo "$ME: building the debug kernel in $cache (log: $log); about 15 min on 2 cores (859 s measured), a minute when only the config changed" >&2
: > "$log"
if [ ! -f "$src/.dcvif-unpacked" ] || [ "$(cat "$src/.dcvif-unpacked")" != "$srcver" ]; then
	rm -rf "$src" "$obj"
	tar -C "$cache" -xJf "$tarball" || die "cannot unpack $tarball"
	echo "$srcver" > "$src/.dcvif-unpacked"
fi
mkdir -p "$obj"

# The configuration: allnoconfig, then the fragments, then the defaults of
# everything they enable.
{
	make -C "$src" O="$obj" LOCALVERSION="$suffix" allnoconfig &&
	"$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" \
		"$src/kernel/configs/kvm_guest.config" "$fragment" &&
	make -C "$src" O="$obj" LOCALVERSION="$suffix" olddefconfig
} >> "$log" 2>&1 || die "configuration failed (see $log)"
# Every option of the fragment must have taken: a dependency not met
# silently drops one.
missing=$(grep -E '^CONFIG_[A-Z0-9_]+=' "$fragment" | while IFS= read -r line; do
	opt=${line%%=*}
	val=${line#*=}
	if [ "$val" = n ]; then
		grep -qx "# $opt is not set" "$obj/.config" || grep -qx "$opt=n" "$obj/.config" || echo "$line"
	else
		grep -qx "$line" "$obj/.config" || echo "$line (got: $(grep -E "^$opt=|^# $opt is not set" "$obj/.config"))"
	fi
done)
[ -z "$missing" ] || die "options that did not take (a dependency is missing):
$missing"

make -C "$src" O="$obj" LOCALVERSION="$suffix" -j"$(nproc)" bzImage modules >> "$log" 2>&1 ||
	die "build failed; the end of $log:
$(tail -n 30 "$log")"
kver=$(make -s -C "$src" O="$obj" LOCALVERSION="$suffix" kernelrelease) || die "no kernelrelease"

# The install vm.sh and Kbuild expect, as Debian's packages lay it out.
rm -rf "/lib/modules/$kver"
make -C "$src" O="$obj" LOCALVERSION="$suffix" INSTALL_MOD_PATH=/ modules_install >> "$log" 2>&1 ||
	die "modules_install failed (see $log)"
rm -f "/lib/modules/$kver/build" "/lib/modules/$kver/source"
ln -s "$obj" "/lib/modules/$kver/build"
install -m 0644 "$obj/arch/x86/boot/bzImage" "/boot/vmlinuz-$kver"
install -m 0644 "$obj/System.map" "/boot/System.map-$kver"
install -m 0644 "$obj/.config" "/boot/config-$kver"
echo "$key" > "/lib/modules/$kver/dcvif-debug.key"
echo "$key" > "$cache/key"
echo "$kver" > "$cache/kver"
echo "$ME: $kver built and installed in $((SECONDS - start)) s" >&2
echo "$kver"
