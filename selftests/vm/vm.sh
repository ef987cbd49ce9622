#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot a Debian kernel in qemu (TCG) with the host root as a read-only 9p
# lower layer under a tmpfs overlay and this repository shared read-write at
# its own path, run one command in it as root, and report the result.

set -u -o pipefail

readonly ME=vm.sh
readonly SPLAT_RE='BUG:|WARNING:|Oops|Call Trace:|general protection fault|Kernel panic|kernel BUG at|UBSAN:|kmemleak: [0-9]+ new suspected memory leak'
# A kernel line on the console carries a printk timestamp (printk.time=1).
readonly KMSG_RE='\[ *[0-9]+\.[0-9]{6}\]'

usage() {
	cat <<EOF
Usage: $ME -k KVER [-t TIMEOUT_S] [-n NAME] [-q | -o] [-b] -- COMMAND [ARGS...]

Boot /boot/vmlinuz-KVER in qemu (TCG) and run COMMAND as root inside it,
with the repository mounted read-write at its own path and as the cwd.
One argument is run as a bash command line (bash -c semantics, so
"a; b | c" works); several arguments are run as an argv.

  -k KVER     kernel release; /boot/vmlinuz-KVER and /lib/modules/KVER
  -t SECONDS  hard timeout for the whole run, qemu is killed (default 300)
  -n NAME     log name: build/vm/logs/NAME.log (default: command + KVER)
  -q          do not copy the console to stdout (the log is still written)
  -o          copy only COMMAND's own output to stdout: the console from
              its start to its end, less the kernel's lines (the boot log
              and kernel messages are in the log only)
  -b          boot the compressed /boot/vmlinuz-KVER as is; by default its
              kernel is decompressed once (cached in build/vm/KVER/) and
              booted through the PVH entry, which saves 1-3 s per boot

Exit status:
  0  COMMAND exited 0 and the console shows no kernel splat
  1  COMMAND exited non-zero
  2  kernel splat: a kernel line (one with a printk timestamp, so a tool
     printing "WARNING:" does not count) on the console matching BUG:,
     WARNING:, Oops, Call Trace:, general protection fault, Kernel panic
     kernel BUG at, UBSAN: or "kmemleak: N new suspected memory
     leaks" (guest.sh scans at the end of a boot on a kernel with
     kmemleak: make check-debug); this wins over every other status
  3  timeout, or the VM did not boot or did not report a result
  4  usage or host-side setup error

The console goes to stdout live and to build/vm/logs/NAME.log; the verdict
and the time taken go to stderr.  Environment: VM_QEMU_OPTS adds qemu options;
VM_SMP sets the number of vCPUs (default 2); VM_APPEND adds kernel parameters
(the BFD benchmark boots with idle=poll, see selftests/bench/bfd_vs_bfdd.sh).
EOF
}

die() {
	echo "$ME: error: $*" >&2
	exit 4
}

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

start=$(now)
smp=${VM_SMP:-2}
kver=
timeout_s=300
name=
quiet=0
only=0
bzimage=0
while getopts "k:t:n:qobh" opt; do
	case $opt in
	k) kver=$OPTARG ;;
	t) timeout_s=$OPTARG ;;
	n) name=$OPTARG ;;
	q) quiet=1 ;;
	o) only=1 ;;
	b) bzimage=1 ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 4 ;;
	esac
done
shift $((OPTIND - 1))
[ "${1-}" = -- ] && shift
# shellcheck disable=SC2086 # $2 is a glob
installed() { (cd "$1" && printf '%s ' $2); }
[ -n "$kver" ] || { usage >&2; die "-k KVER is required (installed: $(installed /lib/modules '*'))"; }
[ $# -gt 0 ] || { usage >&2; die "no COMMAND given after --"; }
[[ $timeout_s =~ ^[1-9][0-9]*$ ]] || die "-t wants a positive number of seconds, got '$timeout_s'"
[[ $smp =~ ^[1-9][0-9]*$ ]] || die "VM_SMP wants a positive number of vCPUs, got '$smp'"

kernel=/boot/vmlinuz-$kver
moddir=/lib/modules/$kver
[ -r "$kernel" ] || die "$kernel not found (installed: $(installed /boot 'vmlinuz-*'))"
[ -d "$moddir" ] || die "$moddir not found"
for tool in qemu-system-x86_64 modprobe cpio xz timeout; do
	command -v "$tool" >/dev/null || die "$tool not installed"
done
busybox=$(command -v busybox) || die "busybox not installed (apt-get install busybox-static)"
if command -v file > /dev/null && ! file -L "$busybox" | grep -q 'statically linked'; then
	die "$busybox is not statically linked (apt-get install busybox-static)"
fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd) || die "cannot find my own directory"
repo=$(git -C "$here" rev-parse --show-toplevel 2>/dev/null) || repo=$(cd "$here/../.." && pwd)
[[ $repo =~ ^/[A-Za-z0-9._/+-]*$ ]] || die "repository path '$repo' has characters the kernel command line cannot carry"

vmdir=$repo/build/vm
kdir=$vmdir/$kver
logdir=$vmdir/logs
mkdir -p "$kdir" "$logdir" "$vmdir/run" || die "cannot create $vmdir"

if [ -z "$name" ]; then
	name=$(printf '%s' "$*" | tr -c 'A-Za-z0-9._-' '-' | tr -s '-' | cut -c1-60)
	name=${name#-}
	name=${name%-}-$kver
fi
name=$(printf '%s' "$name" | tr -c 'A-Za-z0-9._+-' '-')
log=$logdir/$name.log

# --- initramfs -------------------------------------------------------------

# Modules needed to reach the root, in load order, deps first, once each.
root_modules() {
	local m verb path

	for m in virtio_pci 9pnet_virtio 9p overlay; do
		modprobe -S "$kver" --show-depends "$m" ||
			die "modprobe -S $kver --show-depends $m failed"
	done | while read -r verb path _; do
		# "builtin NAME" lines need nothing.
		[ "$verb" != insmod ] || echo "$path"
	done | awk '!seen[$0]++'
}

build_initramfs() {
	local mods key tmp m base n=0

	mods=$(root_modules) || exit
	# Empty when all are built in (the debug kernel of make debug-kernel).
	key=$( {
		echo "format 1"
		sha256sum "$here/init" "$busybox"
		for m in $mods; do stat -c '%n %s %Y' "$m"; done
	} | sha256sum | cut -d' ' -f1)

	if [ -f "$kdir/initramfs.cpio" ] && [ "$(cat "$kdir/initramfs.key" 2>/dev/null)" = "$key" ]; then
		return
	fi
	echo "$ME: building $kdir/initramfs.cpio" >&2
	tmp=$(mktemp -d "$kdir/.initramfs.XXXXXX") || die "mktemp failed"
	mkdir -p "$tmp/root/bin" "$tmp/root/modules" "$tmp/root/proc" "$tmp/root/sys" "$tmp/root/dev"
	cp "$busybox" "$tmp/root/bin/busybox"
	install -m 0755 "$here/init" "$tmp/root/init"
	for m in $mods; do
		n=$((n + 1))
		base=$(printf '%02d-%s' "$n" "$(basename "$m")")
		case "$m" in
		*.ko.xz) base=${base%.xz}; xz -dc "$m" > "$tmp/root/modules/$base" ;;
		*.ko.zst) base=${base%.zst}; zstd -qdc "$m" > "$tmp/root/modules/$base" ;;
		*.ko.gz) base=${base%.gz}; gzip -dc "$m" > "$tmp/root/modules/$base" ;;
		*) cp "$m" "$tmp/root/modules/$base" ;;
		esac || { rm -rf "$tmp"; die "cannot unpack $m"; }
		echo "$base" >> "$tmp/root/modules/order"
	done
	(cd "$tmp/root" && find . -print0 | LC_ALL=C sort -z |
		cpio --null -o -H newc --quiet) > "$tmp/initramfs.cpio" ||
		{ rm -rf "$tmp"; die "cpio failed"; }
	mv -f "$tmp/initramfs.cpio" "$kdir/initramfs.cpio"
	echo "$key" > "$kdir/initramfs.key"
	rm -rf "$tmp"
}

# The kernel from /boot/vmlinuz-KVER, decompressed once and booted through
# its PVH entry: decompressing the bzImage under TCG costs 1-3 s per boot.
# The bits are the same; -b boots the bzImage itself.
extract_vmlinux() {
	local key out=$kdir/vmlinux magic off

	key=$(stat -c '%n %s %Y' "$kernel")
	if [ -s "$out" ] && [ "$(cat "$kdir/vmlinux.key" 2>/dev/null)" = "$key" ]; then
		echo "$out"
		return
	fi
	for magic in '\xfd7zXZ\x00:xz -qdc --single-stream' '\x28\xb5\x2f\xfd:zstd -qdc' \
		     '\x1f\x8b\x08:gzip -qdc'; do
		off=$(LC_ALL=C grep -obUaP "${magic%%:*}" "$kernel" | head -n1 | cut -d: -f1)
		[ -n "$off" ] || continue
		# The payload is followed by trailing bytes the decompressor
		# complains about; the ELF check below is what counts.
		tail -c +$((off + 1)) "$kernel" | ${magic#*:} > "$out.tmp.$$" 2>/dev/null
		if [ "$(head -c4 "$out.tmp.$$" | od -An -tx1 | tr -d ' ')" = 7f454c46 ] &&
		   readelf -n "$out.tmp.$$" 2>/dev/null | grep -q 'Xen.*(0x00000012)'; then
			mv -f "$out.tmp.$$" "$out"
			echo "$key" > "$kdir/vmlinux.key"
			echo "$out"
			return
		fi
	done
	rm -f "$out.tmp.$$"
	echo "$ME: cannot extract a PVH vmlinux from $kernel, booting the bzImage" >&2
	echo "$kernel"
}

# Two VMs starting at once must not build the same initramfs together.
exec 9>"$kdir/.lock"
flock 9 || die "cannot lock $kdir/.lock"
build_initramfs
[ "$bzimage" = 1 ] || kernel=$(extract_vmlinux)
cp "$kdir/initramfs.cpio" "$vmdir/run/.initramfs.$$" || die "cannot copy the initramfs"
exec 9>&-

# --- run -------------------------------------------------------------------

run=$(mktemp -d "$vmdir/run/$name.XXXXXX") || die "cannot create a run directory"
mv "$vmdir/run/.initramfs.$$" "$run/initramfs.cpio"
# shellcheck disable=SC2317 # called through trap
cleanup() {
	local pid

	pid=$(cat "$run/qemu.pid" 2>/dev/null) && kill "$pid" 2>/dev/null
	rm -rf "$run"
}
trap cleanup EXIT
# Die by the signal, so that a calling runner stops too.
# shellcheck disable=SC2317
on_signal() {
	trap - "$1" EXIT
	echo "$ME: $kver: interrupted by SIG$1, stopping the VM" >&2
	cleanup
	kill -s "$1" $$
}
trap 'on_signal INT' INT
trap 'on_signal TERM' TERM
trap 'on_signal HUP' HUP

if [ $# -eq 1 ]; then
	printf '%s\n' "$1" > "$run/cmd"
else
	printf '%q ' "$@" > "$run/cmd"
	echo >> "$run/cmd"
fi

append="console=ttyS0 printk.time=1 panic=-1 rdinit=/init"
append+=" dcvif.repo=$repo dcvif.run=$run"
# Speed under TCG: no mitigations, no timer probing, one serial port.
append+=" mitigations=off no_timer_check tsc=reliable 8250.nr_uarts=1 random.trust_cpu=on"
# A vCPU of a loaded TCG host can stall for seconds; report RCU stalls and
# soft lockups (both splats) only after 60 s, still well inside any timeout.
append+=" rcupdate.rcu_cpu_stall_timeout=60 watchdog_thresh=30"
[[ -n ${VM_APPEND:-} ]] && append+=" $VM_APPEND"

# shellcheck disable=SC2054 # commas belong to qemu's option syntax
qemu=(qemu-system-x86_64 -accel tcg -cpu max -smp "$smp" -m 2G -nic none -no-reboot -nographic
	-device isa-debug-exit,iobase=0xf4,iosize=0x04
	-kernel "$kernel" -initrd "$run/initramfs.cpio" -append "$append"
	-fsdev local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap
	-device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot
	-fsdev "local,id=repo,path=$repo,security_model=none"
	-device virtio-9p-pci,fsdev=repo,mount_tag=repo
	-pidfile "$run/qemu.pid")
# Extra qemu options for experiments, e.g. VM_QEMU_OPTS="-d guest_errors".
# shellcheck disable=SC2206
qemu+=(${VM_QEMU_OPTS-})

: > "$log" || die "cannot write $log"
echo "$ME: $kver: $* (log: $log)" >&2
# Drop CRs and the firmware's terminal escapes (ESC c would clear the
# caller's terminal), then log and show.  In the background so that a signal
# is handled at once (the trap then kills qemu through its pid file).
{
	timeout -k 5 "$timeout_s" "${qemu[@]}" < /dev/null 2>&1
	echo $? 2> /dev/null > "$run/qemu.status"
} | sed -u -e 's/\r$//' -e 's/\x1bc//g' -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' |
	if [ "$quiet" = 1 ]; then
		cat > "$log"
	elif [ "$only" = 1 ]; then
		tee -p "$log" | sed -u -n -E -e '/^DCVIF_VM_BEGIN /,/^DCVIF_VM_END /{' \
			-e '/^DCVIF_VM_(BEGIN|END) /d' -e "/$KMSG_RE/d" -e 'p' -e '}'
	else
		tee -p "$log"
	fi &
wait $!
qrc=$(cat "$run/qemu.status" 2>/dev/null) || qrc=255

# --- verdict ---------------------------------------------------------------

splats=$(grep -naE "$KMSG_RE.*($SPLAT_RE)" "$log")
marker=$(grep -oaE '^DCVIF_VM_RESULT=[a-z-]+' "$log" | tail -n1)
status=$(cat "$run/status" 2>/dev/null)

if [ -n "$splats" ]; then
	echo "$ME: $kver: kernel splat on the console:" >&2
	printf '%s\n' "$splats" | head -n 40 | sed "s/^/$ME:   log line /" >&2
	rc=2
	verdict="SPLAT"
elif [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
	echo "$ME: $kver: timeout after ${timeout_s}s, qemu killed" >&2
	rc=3
	verdict="TIMEOUT"
elif [ "$qrc" = 65 ] || { [ "$qrc" = 0 ] && [ "$marker" = DCVIF_VM_RESULT=pass ]; }; then
	rc=0
	verdict="PASS"
elif [ "$qrc" = 67 ] || { [ "$qrc" = 0 ] && [ "$marker" = DCVIF_VM_RESULT=fail ]; }; then
	if [ -z "$status" ]; then
		echo "$ME: $kver: the VM failed before running the command (see $log)" >&2
		rc=3
		verdict="BOOT FAILURE"
	else
		echo "$ME: $kver: command exited with status $status" >&2
		rc=1
		verdict="FAIL"
	fi
else
	echo "$ME: $kver: no result from the VM (qemu exit status $qrc${marker:+, $marker}); boot failure? see $log" >&2
	tail -n 5 "$log" | sed "s/^/$ME:   /" >&2
	rc=3
	verdict="BOOT FAILURE"
fi

echo "$ME: $kver: $verdict in $(elapsed "$start") s (log: $log)" >&2
exit "$rc"
