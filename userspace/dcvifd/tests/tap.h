/* SPDX-License-Identifier: GPL-2.0 */
/* minimal TAP helpers for the C unit tests */
#ifndef DCVIFD_TAP_H
#define DCVIFD_TAP_H

#include <stdio.h>
#include <string.h>

static int tap_n, tap_fail;

#define TAP_OK(cond, ...) do {						\
	int tap_c_ = !!(cond);						\
									\
	tap_n++;							\
	if (tap_c_) {							\
		printf("ok %d ", tap_n);				\
	} else {							\
		tap_fail++;						\
		printf("not ok %d ", tap_n);				\
	}								\
	printf(__VA_ARGS__);						\
	if (!tap_c_)							\
		printf(" # %s:%d: %s", __FILE__, __LINE__, #cond);	\
	printf("\n");							\
} while (0)

static inline int
tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_fail ? 1 : 0;
}

/* parse "ff ff 01 ..." into buf, returns length */
static inline size_t
hex(const char *s, unsigned char *buf, size_t size)
{
	size_t n = 0;
	unsigned int v;
	int c;

	while (*s && n < size) {
		while (*s == ' ' || *s == '\n' || *s == '|')
			s++;
		if (!*s)
			break;
		if (sscanf(s, "%2x%n", &v, &c) != 1)
			break;
		buf[n++] = (unsigned char)v;
		s += c;
	}
	return n;
}

#endif
