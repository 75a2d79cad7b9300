/* servers/fs/server/handles.c: the handles fsd gives in answer to OPEN. A handle is
 * (generation << 32 | slot + 1): 0 is never a handle (it means the root in path requests),
 * and a closed handle stops working even when its slot is used again, so a stale or forged
 * number is EBADF rather than someone else's file. */
#include <errno.h>
#include <stdlib.h>
#include "fsd.h"

long fsd_handle_new(struct fsd_handles *t, uint64_t ino, unsigned flags, unsigned long *out)
{
	struct fsd_handle *h;
	uint32_t i;

	for (i = 0; i < t->n && t->h[i].used; i++)
		;
	if (i == t->n) {
		if (t->n == FSD_HANDLES_MAX)
			return -ENFILE;
		if (t->n == t->cap) {
			uint32_t cap = t->cap ? t->cap * 2 : 64;

			h = realloc(t->h, cap * sizeof(*h));
			if (!h)
				return -ENOMEM;
			t->h = h;
			t->cap = cap;
		}
		t->h[t->n].gen = 0;
		t->h[t->n].used = 0;
		t->n++;
	}
	h = &t->h[i];
	h->used = 1;
	h->gen++;
	h->ino = ino;
	h->flags = flags;
	t->live++;
	*out = ((unsigned long)h->gen << 32) | (i + 1);
	return 0;
}

struct fsd_handle *fsd_handle_get(struct fsd_handles *t, unsigned long handle)
{
	unsigned long slot = (handle & 0xffffffffu);
	struct fsd_handle *h;

	if (slot == 0 || slot > t->n)
		return NULL;
	h = &t->h[slot - 1];
	return h->used && h->gen == (uint32_t)(handle >> 32) ? h : NULL;
}

void fsd_handle_free(struct fsd_handles *t, unsigned long handle)
{
	struct fsd_handle *h = fsd_handle_get(t, handle);

	if (h) {
		h->used = 0;
		t->live--;
	}
}

void fsd_handles_free(struct fsd_handles *t)
{
	free(t->h);
	t->h = NULL;
	t->n = t->cap = t->live = 0;
}
