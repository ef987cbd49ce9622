// SPDX-License-Identifier: GPL-2.0
/* unit tests of pool.c, run under ASan/UBSan */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../dcvifd.h"
#include "tap.h"

#define N	100000

int
main(void)
{
	struct pool pl;
	uint8_t **o = calloc(N, sizeof(*o));
	size_t i, bytes, zero = 1, distinct = 1, aligned = 1;

	pool_init(&pl, 44);
	TAP_OK(pl.size == 48, "object size 44 rounds up to 48 (got %zu)",
	    pl.size);
	TAP_OK(pl.used == 0 && pool_bytes(&pl) == 0,
	    "an empty pool holds no memory");

	for (i = 0; i < N; i++) {
		size_t k;

		o[i] = pool_get(&pl);
		for (k = 0; k < 48; k++)
			zero &= o[i][k] == 0;
		aligned &= ((uintptr_t)o[i] & 7) == 0;
		memset(o[i], (int)(i & 0xff) | 1, 48);
	}
	TAP_OK(pl.used == N, "%d objects in use (got %zu)", N, pl.used);
	TAP_OK(zero, "new objects are zeroed");
	TAP_OK(aligned, "objects are 8-octet aligned");
	/* no object overlaps another: each still holds its own pattern */
	for (i = 0; i < N; i++) {
		size_t k;

		for (k = 0; k < 48; k++)
			distinct &= o[i][k] == ((i & 0xff) | 1);
	}
	TAP_OK(distinct, "objects do not overlap");
	bytes = pool_bytes(&pl);
	TAP_OK(bytes >= (size_t)N * 48 && bytes < (size_t)N * 48 + 64 * 1024,
	    "%d objects of 48 take %zu octets, less than one chunk of "
	    "overhead", N, bytes);

	/* put every other one back; gets reuse them, the pool does not grow */
	for (i = 0; i < N; i += 2)
		pool_put(&pl, o[i]);
	TAP_OK(pl.used == N / 2, "half put back (used %zu)", pl.used);
	zero = 1;
	for (i = 0; i < N; i += 2) {
		size_t k;

		o[i] = pool_get(&pl);
		for (k = 0; k < 48; k++)
			zero &= o[i][k] == 0;
	}
	TAP_OK(pool_bytes(&pl) == bytes, "freed objects are reused: still "
	    "%zu octets (got %zu)", bytes, pool_bytes(&pl));
	TAP_OK(zero, "reused objects are zeroed");
	pool_put(&pl, NULL);
	TAP_OK(pl.used == N, "putting NULL does nothing (used %zu)", pl.used);

	for (i = 0; i < N; i++)
		pool_put(&pl, o[i]);
	TAP_OK(pl.used == 0, "all put back");
	pool_destroy(&pl);
	TAP_OK(pool_bytes(&pl) == 0 && pl.chunks == NULL,
	    "destroy returns every chunk");

	/* tiny objects still have room for the free-list link */
	pool_init(&pl, 1);
	TAP_OK(pl.size == sizeof(void *), "a 1-octet object takes %zu (got "
	    "%zu)", sizeof(void *), pl.size);
	o[0] = pool_get(&pl);
	o[1] = pool_get(&pl);
	TAP_OK(o[0] != NULL && o[1] != NULL &&
	    (size_t)(o[1] > o[0] ? o[1] - o[0] : o[0] - o[1]) >= sizeof(void *),
	    "two tiny objects are distinct");
	/* destroy frees objects never put back; ASan would report a leak */
	pool_destroy(&pl);
	free(o);
	return tap_done();
}
