# SPDX-License-Identifier: GPL-2.0
# Shared by the libFuzzer targets of the protocol cores (selftests/fuzz/
# <core>/): each Makefile sets CORE (the kmod/ sources under test), DEPS
# and MAX_LEN (the longest input), then includes this.  `make check`
# fuzzes fuzz_rx for FUZZ_TIME seconds from the committed seeds (new inputs
# go to build/, not into corpus/) and fails on any crash, leak, sanitizer
# report or broken invariant.  `make corpus` regenerates the seeds.

KMOD	:= ../../../kmod
OUT	:= build
FUZZ_TIME ?= 20
SAN	:= -fsanitize=address,undefined -fno-sanitize-recover=all
CFLAGS	:= -std=gnu11 -g -O1 -Wall -Wextra -Werror -I$(KMOD)

all: $(OUT)/fuzz_rx

$(OUT):
	mkdir -p $@

$(OUT)/fuzz_rx: fuzz_rx.c $(DEPS) | $(OUT)
	clang $(CFLAGS) -fsanitize=fuzzer $(SAN) -o $@ fuzz_rx.c $(CORE)

$(OUT)/gen_corpus: gen_corpus.c $(DEPS) | $(OUT)
	gcc $(CFLAGS) $(SAN) -o $@ gen_corpus.c $(CORE)

corpus: $(OUT)/gen_corpus
	rm -rf corpus && mkdir corpus && ./$(OUT)/gen_corpus corpus

check: $(OUT)/fuzz_rx
	rm -rf $(OUT)/work && mkdir -p $(OUT)/work
	./$(OUT)/fuzz_rx -max_total_time=$(FUZZ_TIME) -timeout=10 \
		-rss_limit_mb=2048 -max_len=$(MAX_LEN) -print_final_stats=1 \
		-artifact_prefix=$(OUT)/ $(OUT)/work corpus
	@echo "ok - fuzz_rx ran $(FUZZ_TIME) s without a crash"

clean:
	rm -rf $(OUT)

.PHONY: all check clean corpus
