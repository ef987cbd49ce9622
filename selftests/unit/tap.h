/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TAP output for the protocol cores' unit tests (selftests/unit/<core>/):
 * ok() one assertion, diag() a comment, tap_done() the plan and the
 * "N passed, N failed" line; its return value is main()'s exit code.
 */
#ifndef DCVIF_TAP_H
#define DCVIF_TAP_H

#include <stdarg.h>
#include <stdio.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define __printf(a, b)	__attribute__((format(printf, a, b)))

static int tap_n, tap_failed;

static inline void __printf(2, 3)
ok(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - ", cond ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!cond)
		tap_failed++;
}

static inline void __printf(1, 2)
diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static inline int tap_done(void)
{
	printf("1..%d\n", tap_n);
	printf("# %d passed, %d failed\n", tap_n - tap_failed, tap_failed);
	return tap_failed ? 1 : 0;
}

#endif
