# SPDX-License-Identifier: GPL-2.0
# Shared by the unit tests of the protocol cores (selftests/unit/<core>/):
# each Makefile sets CORE (the kmod/ sources under test), DEPS, TESTS (one
# test_*.c each) and optionally LDLIBS, EXTRA (more programs to build) and
# EXTRA_TAP ("name=command" pairs run after the tests), then includes this.
# The tests are built for userspace with ASan and UBSan; `make check` runs
# them, prints their TAP and one "N passed, N failed" line, and fails if a
# test failed or a program crashed.

KMOD	:= ../../../kmod
OUT	:= build
CC	:= gcc
CFLAGS	:= -std=gnu11 -Wall -Wextra -Werror -g -O1 -fno-omit-frame-pointer \
	   -fsanitize=address,undefined -fno-sanitize-recover=all -I$(KMOD)

all: $(addprefix $(OUT)/,$(TESTS) $(EXTRA))

$(OUT):
	mkdir -p $@

$(OUT)/%: %.c $(DEPS) ../tap.h | $(OUT)
	$(CC) $(CFLAGS) -o $@ $< $(CORE) $(LDLIBS)

check: all
	@../tap_run.sh $(OUT) $(foreach t,$(TESTS),"$(t)=./$(OUT)/$(t)") $(EXTRA_TAP)

clean:
	rm -rf $(OUT)

.PHONY: all check clean
