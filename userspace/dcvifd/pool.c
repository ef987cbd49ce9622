// SPDX-License-Identifier: GPL-2.0
/*
 * Fixed-size object pools for the RIB: a prefix and its paths are small
 * (32..56 octets) and there may be millions of them, so the 8..16 octets
 * malloc adds to each would be a sixth of the table.  Objects are carved
 * from 64 KiB chunks and recycled through a free list threaded through
 * the free objects themselves.  Chunks go back to the system only when
 * the pool is destroyed; a freed object is reused by the next prefix.
 * Under AddressSanitizer free objects are poisoned, so a use after
 * pool_put() is still caught.
 */
#include <stdlib.h>
#include <string.h>

#include "dcvifd.h"

#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/asan_interface.h>
#define POISON(p, n)	ASAN_POISON_MEMORY_REGION(p, n)
#define UNPOISON(p, n)	ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define POISON(p, n)	do { (void)(p); (void)(n); } while (0)
#define UNPOISON(p, n)	do { (void)(p); (void)(n); } while (0)
#endif

#define POOL_CHUNK	(64 * 1024)

struct pool_chunk {
	struct pool_chunk	*next;
	/* objects follow, aligned like a pointer */
};

void
pool_init(struct pool *pl, size_t size)
{
	memset(pl, 0, sizeof(*pl));
	/* room for the free-list link, aligned for pointers and uint64_t */
	if (size < sizeof(void *))
		size = sizeof(void *);
	pl->size = (size + 7) & ~(size_t)7;
	pl->per_chunk = (POOL_CHUNK - sizeof(struct pool_chunk)) / pl->size;
}

/* a zeroed object, or NULL when out of memory */
void *
pool_get(struct pool *pl)
{
	void *o;

	if (pl->free == NULL) {
		struct pool_chunk *c;
		uint8_t *b;
		size_t i;

		if ((c = malloc(sizeof(*c) + pl->per_chunk * pl->size)) ==
		    NULL)
			return NULL;
		c->next = pl->chunks;
		pl->chunks = c;
		pl->nchunks++;
		b = (uint8_t *)(c + 1);
		/* thread the new objects in address order */
		for (i = pl->per_chunk; i-- > 0;) {
			*(void **)(b + i * pl->size) = pl->free;
			pl->free = b + i * pl->size;
			POISON(b + i * pl->size + sizeof(void *),
			    pl->size - sizeof(void *));
		}
	}
	o = pl->free;
	UNPOISON(o, pl->size);
	pl->free = *(void **)o;
	memset(o, 0, pl->size);
	pl->used++;
	return o;
}

void
pool_put(struct pool *pl, void *o)
{
	if (o == NULL)
		return;
	*(void **)o = pl->free;
	pl->free = o;
	POISON((uint8_t *)o + sizeof(void *), pl->size - sizeof(void *));
	pl->used--;
}

/* the octets the pool holds from the system, in use or free */
size_t
pool_bytes(const struct pool *pl)
{
	return pl->nchunks * (sizeof(struct pool_chunk) +
	    pl->per_chunk * pl->size);
}

/* every object goes, whether it was put back or not */
void
pool_destroy(struct pool *pl)
{
	struct pool_chunk *c, *n;

	for (c = pl->chunks; c; c = n) {
		n = c->next;
		UNPOISON(c, sizeof(*c) + pl->per_chunk * pl->size);
		free(c);
	}
	pl->chunks = NULL;
	pl->free = NULL;
	pl->nchunks = 0;
	pl->used = 0;
}
