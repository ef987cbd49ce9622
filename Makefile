# SPDX-License-Identifier: GPL-2.0
#
# dcvif: kernel module for Debian 12's kernels (6.1 and 6.12), userspace,
# tests. `make help` lists the targets.

SHELL := /bin/bash
TOP := $(CURDIR)
VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' $(TOP)/dkms.conf)

# The newest installed ABI of each supported series (never a hard-coded ABI
# number: Debian bumps it with every security update). KVER=... picks one.
newest_kver = $(lastword $(shell ls -d /lib/modules/$(1).*-amd64/build 2>/dev/null | \
	sed -n 's|^/lib/modules/\(.*\)/build$$|\1|p' | grep -v -e '-rt-' -e '-cloud-' | sort -V))
KSERIES := 6.1 6.12
ifdef KVER
KVERS := $(KVER)
else
KVERS := $(strip $(foreach s,$(KSERIES),$(call newest_kver,$(s))))
endif

# Packages the build, the VM lab and the tests need on a fresh Debian 12.
# The kernels come from their meta-packages, which follow Debian's ABI bumps.
DEB_PKGS := build-essential pkg-config kmod cpio xz-utils busybox-static \
	qemu-system-x86 linux-image-amd64 linux-headers-amd64 \
	linux-image-6.12-amd64 linux-headers-6.12-amd64 linux-source-6.12 dkms sparse \
	iproute2 iputils-ping tcpdump iperf3 ethtool procps python3-yaml python3-jsonschema \
	libmnl-dev libjson-c-dev libnl-3-dev libnl-genl-3-dev \
	libmicrohttpd-dev curl \
	libssl-dev clang libclang-rt-dev python3-scapy frr bird2 strace stress-ng \
	libteam-utils jq tshark gnuplot-nox flex bison libelf-dev bc prometheus nftables

.PHONY: all modules userspace userspace-san deps ynl check demo bench check-run demo-run bench-run \
	debug-kernel check-debug check-debug-run fuzz-genl fuzz-vm fuzz-vm-run soak soak-run install uninstall \
	dkms-install dkms-uninstall sparse style clean help

all: modules userspace

# VM timer-lateness probe for the BFD benchmark (runs inside the VM)
build/stallprobe: selftests/bench/stallprobe.c
	@mkdir -p build
	$(CC) -O2 -Wall -Wextra -Werror -pthread -o $@ $<

# The failover benchmark's probe stream, sender and receiver (inside the VM)
build/foprobe: selftests/bench/foprobe.c
	@mkdir -p build
	$(CC) -O2 -Wall -Wextra -Werror -o $@ $<

help:
	@echo "make [KVER=...]        build dcvif.ko for $(or $(KVERS),<no kernel headers found>) and userspace"
	@echo "make demo              the Direct Connect lab in a VM: two LAGs, two VIFs, BFD, BGP, ECMP, failures"
	@echo "make check             install what is missing, build, run every test (VM + host)"
	@echo "make debug-kernel      build the KASAN/lockdep/kmemleak kernel (once, cached in /var/cache/dcvif)"
	@echo "make check-debug       every VM test on the debug kernel, kmemleak scanned after each"
	@echo "make fuzz-vm           the long netlink + frames fuzz on the debug kernel (FUZZ_SECONDS, FUZZ_MESSAGES, FUZZ_SEED)"
	@echo "make soak              load and fault soak in a VM (SOAK_KVER, SOAK_VIFS, SOAK_SESSIONS, SOAK_SECONDS, ...)"
	@echo "make bench             benchmarks (dcvif vs kernel 8021q, BFD vs FRR bfdd), not part of check"
	@echo "make dkms-install KVER=...   install the module with DKMS"
	@echo "make install [DESTDIR=...]   dcvifd, dcvifctl, dcvif-bfddp, man pages, ip plugins, systemd units"
	@echo "make sparse            build with C=1 W=1"
	@echo "make style             checkpatch --strict, W=1 and sparse, as make check runs them"

# Install missing Debian packages (as root), or say what to run: a line per
# step, apt's own output in build/deps.log (shown when it fails).
DEPS_LOG := build/deps.log
# dcvifd's engine runs as user dcvifd (privilege separation): made from
# its sysusers.d file, as a package would
deps:
	@if ! getent passwd dcvifd > /dev/null; then \
		if [ "$$(id -u)" != 0 ]; then echo "no user dcvifd; run as root:"; \
			echo "  systemd-sysusers $(CURDIR)/userspace/systemd/dcvifd.sysusers"; exit 1; fi; \
		systemd-sysusers $(CURDIR)/userspace/systemd/dcvifd.sysusers && echo "  USER    dcvifd: made"; \
	fi
	@missing=$$(for p in $(DEB_PKGS); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; \
	done); \
	if [ -z "$$missing" ]; then echo "  DEPS    $(words $(DEB_PKGS)) Debian packages: installed"; exit 0; fi; \
	if [ "$$(id -u)" != 0 ]; then \
		echo "missing packages; run as root:"; \
		echo "  apt-get install --no-install-recommends $$missing"; exit 1; \
	fi; \
	mkdir -p $(dir $(DEPS_LOG)); : > $(DEPS_LOG); \
	aptq() { DEBIAN_FRONTEND=noninteractive apt-get -q "$$@" >> $(DEPS_LOG) 2>&1 || { \
		echo "apt-get $$1 failed; the end of $(DEPS_LOG):"; tail -n 20 $(DEPS_LOG); exit 1; }; }; \
	echo "  APT     update (log: $(DEPS_LOG))"; aptq update; \
	echo "  APT     install $$(echo $$missing | wc -w) packages:" $$missing; \
	aptq install -y --no-install-recommends $$missing; \
	echo "  DEPS    $(words $(DEB_PKGS)) Debian packages: installed"

# Headers packages carry no vmlinux, so kbuild says it skips BTF: noise.
NOBTF := { grep -v 'Skipping BTF' || true; }
.SHELLFLAGS := -o pipefail -c

# Each kernel builds in its own copy of the sources: Kbuild writes objects
# next to them.
modules:
	@if [ -z "$(KVERS)" ]; then echo "no kernel headers found: run 'make deps' as root" >&2; exit 1; fi
	@set -e; for k in $(KVERS); do \
		mkdir -p build/$$k; cp -a Kbuild kmod build/$$k/; \
		echo "  KMOD    build/$$k/dcvif.ko"; \
		$(MAKE) -s -C /lib/modules/$$k/build M=$(TOP)/build/$$k modules 2>&1 | $(NOBTF); \
	done

# In a copy of its own, so that the module a running test loads is never
# rewritten under it.
sparse:
	@set -e; for k in $(KVERS); do \
		rm -rf build/sparse-$$k; mkdir -p build/sparse-$$k; cp -a Kbuild kmod build/sparse-$$k/; \
		$(MAKE) -s -C /lib/modules/$$k/build M=$(TOP)/build/sparse-$$k C=1 W=1 modules 2>&1 | $(NOBTF); \
	done

style:
	selftests/host/kernel_style.sh $(KVERS)

userspace:
	$(MAKE) -C userspace/iproute2
	$(MAKE) -C userspace/lib all
	$(MAKE) -C userspace/dcvifctl all
	$(MAKE) -C userspace/dcvifd all
	$(MAKE) -C userspace/bfddp all

# run.sh takes every run longest first, by the times in
# selftests/vm/durations (--order); a run it does not know goes first.
VM_TESTS := selftests/net/dcvifd_interop.sh selftests/net/bfddp_frr.sh \
	selftests/net/dclag_mbfd.sh selftests/net/dcvif_bfd_nd.sh \
	selftests/net/dcvif_bfd.sh selftests/net/dcvif_bfd_cli.sh \
	selftests/net/dcvif_lifecycle.sh \
	selftests/net/dclag_lacp.sh selftests/net/dcvif_macsec.sh \
	selftests/net/dclag_basic.sh \
	selftests/net/dcvif_errors.sh selftests/net/dcvif_basic.sh \
	selftests/net/dcvif_mtu.sh selftests/net/dcvif_noipv6.sh \
	selftests/net/dcvifctl_lag.sh

# On the newest kernel only, unless CHECK_FULL=1: what they test is
# dcvifd's, and the kernel behaviour it follows (nexthops flushed on carrier
# loss; the module's rtnl link ops and BFD, which dcvif_*.sh test on both)
# is the same on 6.1; dclag_teamd.sh is interop with teamd's LACP runner,
# whose kernel side dclag_lacp.sh tests on both; dcvifd_interop.sh runs
# dcvifd's BFD coupling (outage,
# silence, min-links) on both kernels. CHECK_FULL=1 runs these on 6.1 too.
# The quick lane goes further: on 6.1 a script's NEWEST_ONLY cases (peer
# interop, our protocol core, scale: the same code on every kernel) are
# reported as skipped; CHECK_FULL=1 (run.sh --full) runs them there too.
# The quick lane keeps make check under 30 minutes on 2 cores.
VM_TESTS_NEWEST := selftests/net/dcvifd_vif.sh selftests/net/dcvifd_bfd.sh \
	selftests/net/dcvifd_fib.sh selftests/net/dclag_teamd.sh \
	selftests/net/dcvifd_recipes.sh selftests/net/dcvif_fuzz.sh \
	selftests/net/dcvif_bfd_pad.sh
# dcvif_fuzz.sh: a minute of spec-driven fuzzing (netlink, frames, module
# reloads), about two minutes of one lane; the same module code on both
# kernels, so the newest only unless CHECK_FULL=1. `make fuzz-vm` is the
# long run, on the debug kernel.
# dcvif_bfd_pad.sh: RFC 9764 padding builds the same packets on both
# kernels; only a refusal's extack differs (6.1 has no formatted ones, and
# dcvif_bfd.sh covers that path): the newest only unless CHECK_FULL=1.

# Two runs at a time (one vCPU each: two VMs keep both CPUs busy), the
# longest first (selftests/vm/durations). dcvifd's host suite (6 minutes, a third
# of a CPU: BGP timers) runs beside them from the start (run.sh --side).
CHECK_JOBS ?= 2
# The kernel's YNL library and our spec in build/ynl, for the VM tests'
# YNL client (selftests/net/dcvif_ynl.py).
ynl: deps
	@selftests/host/genl_spec.sh --setup

# check, demo and bench first install what is missing, then run in a new
# make: KVERS is read when a make starts, and on a fresh machine the kernel
# headers arrive only with `deps`.
check demo bench: deps
	@$(MAKE) --no-print-directory $@-run

# The VM tests that run dcvifd run its sanitizer build.
# and everything dcvifd's host suite builds, so that the suite, running
# beside the VMs (--side), relinks nothing they use
userspace-san:
	$(MAKE) -C userspace/dcvifd dcvifd.san all tests/test_codec tests/test_pool \
		tests/test_privcheck fuzz_codec ctl
	$(MAKE) -C userspace/bfddp san

# The fuzzer of the VM tests (selftests/fuzz/genl): its tables are
# generated from the genl spec and the uapi header at build time.
fuzz-genl:
	$(MAKE) -s -C selftests/fuzz/genl

check-run: all ynl userspace-san fuzz-genl
	selftests/run.sh --kernels "$(KVERS)" --timeout 900 --jobs $(CHECK_JOBS) \
		--order selftests/vm/durations $(if $(CHECK_FULL),--full) \
		$(foreach t,$(VM_TESTS_NEWEST),$(if $(CHECK_FULL),--vm,--vm-newest) $(t)) \
		$(foreach t,$(VM_TESTS),--vm $(t)) \
		--host selftests/lib_test.sh \
		--host "make -s -C userspace/iproute2 check" \
		--host "selftests/host/kernel_style.sh $(KVERS)" \
		--host selftests/host/genl_spec.sh \
		--host selftests/host/dcvifctl_bfd.sh \
		--host selftests/host/dcvifd_service.sh \
		--host "make -s -C userspace/lib check" \
		--host "make -s -C userspace/bfddp check" \
		--host "make -s -C selftests/unit/bfd check" \
		--host "make -s -C selftests/fuzz/bfd check" \
		--host "make -s -C selftests/unit/lacp check" \
		--host "make -s -C selftests/fuzz/lacp check" \
		--host "selftests/dkms_test.sh $(KVERS)" \
		--side "make -s -C userspace/dcvifd check"

# Userspace as a Debian package would lay it out; the module goes with
# dkms-install. dcvifd.service: systemctl enable --now dcvifd once
# /etc/dcvifd.conf exists (mode 0600: it holds MD5 keys).
DESTDIR ?=
PREFIX ?= /usr
install: userspace
	install -d $(DESTDIR)$(PREFIX)/sbin $(DESTDIR)$(PREFIX)/share/man/man5 \
		$(DESTDIR)$(PREFIX)/share/man/man8 $(DESTDIR)$(PREFIX)/share/doc/dcvif/examples
	install -m 0755 userspace/dcvifd/dcvifd userspace/dcvifctl/dcvifctl \
		userspace/bfddp/dcvif-bfddp $(DESTDIR)$(PREFIX)/sbin/
	install -m 0644 Documentation/man/dcvifd.conf.5 $(DESTDIR)$(PREFIX)/share/man/man5/
	install -m 0644 Documentation/man/dcvifd.8 Documentation/man/dcvifctl.8 \
		Documentation/man/dcvifctl-bfd.8 Documentation/man/dcvif-bfddp.8 \
		$(DESTDIR)$(PREFIX)/share/man/man8/
	install -m 0644 selftests/bgp/config/vif.conf \
		$(DESTDIR)$(PREFIX)/share/doc/dcvif/examples/dcvifd.conf
	$(MAKE) -C userspace/iproute2 install DESTDIR=$(DESTDIR)
	$(MAKE) -C userspace/systemd install DESTDIR=$(DESTDIR)

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/sbin/dcvifd $(DESTDIR)$(PREFIX)/sbin/dcvifctl \
		$(DESTDIR)$(PREFIX)/sbin/dcvif-bfddp \
		$(DESTDIR)$(PREFIX)/share/man/man8/dcvif-bfddp.8 \
		$(DESTDIR)$(PREFIX)/share/man/man5/dcvifd.conf.5 \
		$(DESTDIR)$(PREFIX)/share/man/man8/dcvifd.8 \
		$(DESTDIR)$(PREFIX)/share/man/man8/dcvifctl.8 \
		$(DESTDIR)$(PREFIX)/share/man/man8/dcvifctl-bfd.8
	rm -rf $(DESTDIR)$(PREFIX)/share/doc/dcvif
	$(MAKE) -C userspace/iproute2 uninstall DESTDIR=$(DESTDIR)
	$(MAKE) -C userspace/systemd uninstall DESTDIR=$(DESTDIR)

# The debug kernel (selftests/vm/debug-kernel.sh): Debian's 6.12 sources with
# KASAN, lockdep, kmemleak, UBSAN, debug objects and the net refcount
# trackers, built once (15 min on 2 cores) and cached outside the tree.
debug-kernel: deps
	@selftests/vm/debug-kernel.sh > /dev/null

# Every VM test, every case (--full), on the debug kernel; guest.sh scans
# kmemleak after each command and a report fails the run like any splat.
# A debug kernel under TCG is several times slower: longer timeouts.
check-debug: deps
	@kver=$$(selftests/vm/debug-kernel.sh) && \
		$(MAKE) --no-print-directory check-debug-run DEBUG_KVER=$$kver

check-debug-run: ynl userspace userspace-san fuzz-genl
	$(MAKE) --no-print-directory KVER=$(DEBUG_KVER) modules
	selftests/run.sh --kernels "$(DEBUG_KVER)" --timeout 3600 --jobs $(CHECK_JOBS) --full \
		--order selftests/vm/durations \
		$(foreach t,$(VM_TESTS_NEWEST) $(VM_TESTS),--vm $(t))

# The long fuzz (selftests/net/dcvif_fuzz.sh) on the debug kernel, where
# KASAN, lockdep, the refcount trackers and kmemleak (scanned by guest.sh
# at the end) see what the fuzz provokes. FUZZ_SECONDS (default 1800) or
# FUZZ_MESSAGES (netlink messages, instead of a time), FUZZ_SEED,
# FUZZ_PPS, FUZZ_RELOAD_EVERY, FUZZ_RTNL_PCT pass through to the script;
# FUZZ_KVER=... runs it on another kernel, FUZZ_TIMEOUT bounds the VM.
# The debug kernel under TCG is slow: 30-300 netlink messages a second as
# the host is loaded (72916 in 2400 s beside other VMs, 71856 in 240 s
# alone, FUZZ_PPS=200; the stock 6.12 kernel does 100000 in about 70 s).
FUZZ_SECONDS ?= 1800
FUZZ_PPS ?= 200
FUZZ_RELOAD_EVERY ?= 600
FUZZ_RTNL_PCT ?= 15
FUZZ_TIMEOUT ?= $(if $(FUZZ_MESSAGES),14400,$(shell echo $$(($(FUZZ_SECONDS) + 1500))))
FUZZ_ENV = $(foreach v,FUZZ_SECONDS FUZZ_MESSAGES FUZZ_SEED FUZZ_PPS FUZZ_RELOAD_EVERY \
	FUZZ_RTNL_PCT,$(if $($(v)),$(v)=$($(v))))
fuzz-vm: deps
	@kver=$${FUZZ_KVER:-$$(selftests/vm/debug-kernel.sh)} && \
		$(MAKE) --no-print-directory fuzz-vm-run FUZZ_KVER=$$kver

fuzz-vm-run: userspace fuzz-genl
	$(MAKE) --no-print-directory KVER=$(FUZZ_KVER) modules
	selftests/vm/vm.sh -q -k $(FUZZ_KVER) -n fuzz-vm-$(FUZZ_KVER) -t $(FUZZ_TIMEOUT) -- \
		"$(FUZZ_ENV) selftests/net/dcvif_fuzz.sh"; st=$$?; \
	grep -a -e '^# ' -e '^ok ' -e '^not ok ' -e 'kmemleak' build/vm/logs/fuzz-vm-$(FUZZ_KVER).log; \
	exit $$st

# The load and fault soak (selftests/soak/soak.sh), not part of check:
# SOAK_VIFS VIFs on one port, SOAK_SESSIONS BFD sessions at 300 ms x 3,
# LAG members flapping, dcvifd with BGP, traffic; then a lower port
# deleted, a peer netns deleted, dcvifd killed -9, memory pressure, rmmod
# under load; a summary table at the end. The newest stock 6.12 unless
# SOAK_KVER=... (the debug kernel: SOAK_KVER=$$(selftests/vm/debug-kernel.sh),
# at a small scale: SOAK_VIFS=100 SOAK_SESSIONS=40). Under TCG the full
# figure does not hold (selftests/README.md has what was measured); the
# defaults are for a real machine. SOAK_TIMEOUT bounds the VM.
SOAK_KVER ?= $(call newest_kver,6.12)
SOAK_VARS := SOAK_VIFS SOAK_SESSIONS SOAK_SECONDS SOAK_P1_VIFS SOAK_P2_VIFS SOAK_LAG_VIFS \
	SOAK_ROUTES SOAK_FLAP_EVERY SOAK_MEM_SECONDS SOAK_MEM_BYTES SOAK_IPERF_RATE SOAK_DCVIFD \
	SOAK_SETTLE SOAK_STALL_MS
SOAK_ENV = $(strip $(foreach v,$(SOAK_VARS),$(if $($(v)),$(v)=$($(v)))))
SOAK_TIMEOUT ?= 10800
soak: deps
	@$(MAKE) --no-print-directory soak-run

soak-run: userspace userspace-san ynl build/stallprobe
	$(MAKE) --no-print-directory KVER=$(SOAK_KVER) modules
	selftests/vm/vm.sh -q -k $(SOAK_KVER) -n soak-$(SOAK_KVER) -t $(SOAK_TIMEOUT) -- \
		"$(SOAK_ENV) selftests/soak/soak.sh"; st=$$?; \
	grep -a -e '^# ' -e '^ok ' -e '^not ok ' -e 'kmemleak' build/vm/logs/soak-$(SOAK_KVER).log; \
	exit $$st

# The newest kernel. A line per step: the build's output goes to
# build/demo/build.log (shown when it fails), the VM's console to
# build/vm/logs/demo.log (vm.sh names it); the terminal gets the demo's
# own output.
DEMO_LOG := build/demo/build.log
demo-run:
	@mkdir -p $(dir $(DEMO_LOG))
	@echo "  BUILD   dcvif.ko for $(KVERS), dcvifd, dcvifctl, ip plugins (log: $(DEMO_LOG))"
	@$(MAKE) --no-print-directory all > $(DEMO_LOG) 2>&1 || { \
		echo "build failed; the end of $(DEMO_LOG):"; tail -n 20 $(DEMO_LOG); exit 1; }
	@selftests/vm/vm.sh -o -k $(lastword $(KVERS)) -n demo -- selftests/demo.sh

bench-run: all ynl build/stallprobe build/foprobe
	@set -e; for k in $(KVERS); do \
		selftests/vm/vm.sh -q -k $$k -n bench-$$k -t 3600 -- selftests/bench/dcvif_vs_8021q.sh; \
		sed -n '/^(a) round 1/,/^DCVIF_VM_END/p' build/vm/logs/bench-$$k.log | grep -v '^DCVIF_VM_END'; \
	done
	@set -e; for k in $(KVERS); do \
		echo "host load before the VM: $$(uptime)"; \
		VM_APPEND=idle=poll selftests/vm/vm.sh -q -k $$k -n bench-bfd-$$k -t 3600 -- \
			selftests/bench/bfd_vs_bfdd.sh; \
		sed -n '/^kernel /,/^DCVIF_VM_END/p' build/vm/logs/bench-bfd-$$k.log | grep -v '^DCVIF_VM_END'; \
	done
	@set -e; for k in $(KVERS); do \
		selftests/vm/vm.sh -q -k $$k -n bench-dclag-$$k -t 3600 -- selftests/bench/dclag_vs_bond.sh; \
		sed -n '/^(a) round 1/,/^DCVIF_VM_END/p' build/vm/logs/bench-dclag-$$k.log | grep -v '^DCVIF_VM_END'; \
	done
	@# FRR bfdd with the kernel as its data plane (dcvif-bfddp) against
	@# stock bfdd, the stability phases of bfd_vs_bfdd.sh, newest kernel
	@# only (the kernel's part is bfd_vs_bfdd.sh's on both); idle=poll.
	@set -e; for k in $(lastword $(KVERS)); do \
		echo "host load before the VM: $$(uptime)"; \
		VM_APPEND=idle=poll selftests/vm/vm.sh -q -k $$k -n bench-bfddp-$$k -t 3600 -- \
			selftests/bench/bfddp_vs_bfdd.sh; \
		sed -n '/^kernel /,/^DCVIF_VM_END/p' build/vm/logs/bench-bfddp-$$k.log | grep -v '^DCVIF_VM_END'; \
	done
	@# Failover, dcvifd + dcvif against FRR, on the newest kernel only: the
	@# path measured (kernel BFD, carrier coupling, dcvifd) is the same code
	@# on both, the BFD timing on both is bfd_vs_bfdd.sh's, and 4 x 20 cuts
	@# take 20-30 minutes (each waits for BGP back). idle=poll as for BFD: a
	@# halted TCG vCPU wakes up 10-60 ms late, thinning the probe stream.
	@set -e; for k in $(lastword $(KVERS)); do \
		echo "host load before the VM: $$(uptime)"; \
		VM_APPEND=idle=poll selftests/vm/vm.sh -q -k $$k -n bench-failover-$$k -t 2400 -- \
			selftests/bench/failover.sh; \
		sed -n '/^kernel /,/^DCVIF_VM_END/p' build/vm/logs/bench-failover-$$k.log | grep -v '^DCVIF_VM_END'; \
		echo "host load after the VM: $$(uptime)"; \
	done
	@# dcvifd vs BIRD 2 vs FRR, on the host in network namespaces (root)
	$(MAKE) -s -C selftests/bench/bgp

# DKMS: the source tree DKMS builds from is Kbuild + kmod/.
DKMS_SRC = /usr/src/dcvif-$(VERSION)
dkms-install:
	@test -n "$(KVER)" || { echo "usage: make dkms-install KVER=<kernel release>" >&2; exit 1; }
	rm -rf $(DKMS_SRC) && mkdir -p $(DKMS_SRC)
	cp -a dkms.conf Kbuild kmod $(DKMS_SRC)/
	dkms status -m dcvif -v $(VERSION) | grep -q . || dkms add -m dcvif -v $(VERSION)
	dkms build -m dcvif -v $(VERSION) -k $(KVER)
	dkms install -m dcvif -v $(VERSION) -k $(KVER) --force

dkms-uninstall:
	-dkms remove -m dcvif -v $(VERSION) --all
	rm -rf $(DKMS_SRC)

clean:
	rm -rf build
	$(MAKE) -C userspace/iproute2 clean
	$(MAKE) -C userspace/lib clean
	$(MAKE) -C userspace/dcvifctl clean
	$(MAKE) -C userspace/dcvifd clean
	$(MAKE) -C userspace/bfddp clean
