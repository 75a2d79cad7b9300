/* kernel/core/slab.c: the slab allocator core and the general heap on it (see slab.h).
 *
 * A slab is a block of 2^order pages: a header (struct slab) at its start, then objects of the
 * cache's size. Free objects are linked through their first word; a bitmap in the header says
 * which objects are handed out, so a double free or a pointer into the middle of an object is
 * caught rather than corrupting the free list. Every page of a slab has its owner tag (from the
 * backend) pointing at the header, which is how a bare pointer finds its slab and cache.
 * Allocations above the largest class are whole blocks of pages tagged as such. */
#include "klib.h"
#include "errno.h"
#include "slab.h"

/* Under AddressSanitizer (the host tests) a freed object's bytes after its free-list link are
 * off limits to everyone but the allocator, so a use after free stops the test at the culprit. */
#if defined(__SANITIZE_ADDRESS__)
void __asan_poison_memory_region(void const volatile *addr, size_t size);
void __asan_unpoison_memory_region(void const volatile *addr, size_t size);
#define SLAB_ASAN_POISON(p, n) __asan_poison_memory_region((p), (n))
#define SLAB_ASAN_UNPOISON(p, n) __asan_unpoison_memory_region((p), (n))
#else
#define SLAB_ASAN_POISON(p, n) ((void)(p), (void)(n))
#define SLAB_ASAN_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#define SLAB_PAGE      4096ul
#define SLAB_MAGIC     0x2152444842414c53ul /* "SLABHDR!" */
#define SLAB_TAG_LARGE 0x4c41524745000001ul /* "\1\0EGRAL": low bit set, order in bits 1-7 */
#define SLAB_TAG_MASK  0xffffffffffffff01ul

struct slab {
	uint64_t magic;
	struct slab_cache *cache;
	struct slab *next, *prev;
	void *free;    /* first free object */
	uint32_t inuse;
	uint32_t pad;
	uint64_t used[SLAB_MAX_OBJECTS / 64]; /* bit i: object i is handed out */
};

static const char *const slab_class_names[SLAB_CLASSES] = {
	"kmalloc-16", "kmalloc-32", "kmalloc-64", "kmalloc-128", "kmalloc-256", "kmalloc-512",
	"kmalloc-1k", "kmalloc-2k", "kmalloc-4k", "kmalloc-8k",
};

static void slab_fail(const struct slab_backend *be, const char *fmt, ...)
{
	char msg[200];
	va_list ap;
	va_start(ap, fmt);
	kvsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	be->fail(be->ctx, msg);
}

static struct slab **slab_list_of(struct slab_cache *c, const struct slab *s)
{
	if (s->inuse == 0)
		return &c->empty;
	return s->inuse == c->count ? &c->full : &c->partial;
}

static void slab_list_add(struct slab **head, struct slab *s)
{
	s->prev = NULL;
	s->next = *head;
	if (*head)
		(*head)->prev = s;
	*head = s;
}

static void slab_list_del(struct slab **head, struct slab *s)
{
	if (s->prev)
		s->prev->next = s->next;
	else
		*head = s->next;
	if (s->next)
		s->next->prev = s->prev;
}

static void slab_set_tags(struct slab_cache *c, void *mem, uintptr_t tag)
{
	for (uint64_t i = 0; i < (1ull << c->order); i++)
		*c->be->page_tag(c->be->ctx, (char *)mem + i * SLAB_PAGE) = tag;
}

int slab_cache_init(struct slab_cache *c, const char *name, size_t size, size_t align,
	const struct slab_backend *be)
{
	uint64_t count = 0, first = 0, order;
	if (align == 0)
		align = 8;
	if (size == 0 || size > (SLAB_PAGE << SLAB_MAX_ORDER) || (align & (align - 1)) || align > SLAB_PAGE)
		return -EINVAL;
	memset(c, 0, sizeof(*c));
	size = ALIGN_UP(MAX(size, SLAB_MIN_SIZE), align);
	/* the smallest slab that holds at least 8 objects, or as many as the largest holds */
	for (order = 0; order <= SLAB_MAX_ORDER; order++) {
		first = ALIGN_UP(sizeof(struct slab), align);
		count = (SLAB_PAGE << order) > first ? ((SLAB_PAGE << order) - first) / size : 0;
		count = MIN(count, SLAB_MAX_OBJECTS);
		if (count >= 8)
			break;
	}
	if (count == 0)
		return -EINVAL;
	c->name = name;
	c->size = (uint32_t)size;
	c->align = (uint32_t)align;
	c->order = (uint32_t)MIN(order, SLAB_MAX_ORDER);
	c->count = (uint32_t)count;
	c->first = (uint32_t)first;
	c->poison = true;
	c->be = be;
	c->lock.name = name;
	return 0;
}

#define SLAB_POISON_WORD 0x6b6b6b6b6b6b6b6bull
/* Only an object's first bytes are poisoned: use-after-free writes mostly hit the first
 * fields, and under TCG each poisoned byte costs ~3 ns on free and again on allocation. */
#define SLAB_POISON_SPAN 128u

static uint32_t slab_poison_end(const struct slab_cache *c)
{
	return MIN(c->size, SLAB_POISON_SPAN);
}

/* Word at a time where the object allows it: byte loops cost ~30 ns a byte under TCG. */
static void slab_poison_fill(const struct slab_cache *c, char *obj)
{
	uint32_t i = 0, end = slab_poison_end(c);
	if (end % 8 == 0 && (uintptr_t)obj % 8 == 0)
		for (; i < end; i += 8)
			*(uint64_t *)(obj + i) = SLAB_POISON_WORD;
	for (; i < end; i++)
		obj[i] = (char)SLAB_POISON_BYTE;
}

/* Is the poisoned span after the free-list link intact? */
static bool slab_poisoned(const struct slab_cache *c, const char *obj)
{
	uint32_t i = sizeof(void *), end = slab_poison_end(c);
	if (end % 8 == 0 && (uintptr_t)obj % 8 == 0)
		for (; i < end; i += 8)
			if (*(const uint64_t *)(obj + i) != SLAB_POISON_WORD)
				return false;
	for (; i < end; i++)
		if ((uint8_t)obj[i] != SLAB_POISON_BYTE)
			return false;
	return true;
}

static struct slab *slab_new(struct slab_cache *c)
{
	char *mem = c->be->alloc_pages(c->be->ctx, c->order);
	struct slab *s = (struct slab *)mem;
	if (!mem)
		return NULL;
	SLAB_ASAN_UNPOISON(mem, SLAB_PAGE << c->order);
	memset(s, 0, sizeof(*s));
	s->magic = SLAB_MAGIC;
	s->cache = c;
	/* linked in address order, so a fresh slab hands out its objects front to back */
	for (uint32_t i = c->count; i-- > 0;) {
		char *obj = mem + c->first + (uint64_t)i * c->size;
		if (c->poison)
			slab_poison_fill(c, obj);
		*(void **)obj = s->free;
		s->free = obj;
		SLAB_ASAN_POISON(obj + sizeof(void *), c->size - sizeof(void *));
	}
	slab_set_tags(c, mem, (uintptr_t)s);
	slab_list_add(&c->empty, s);
	c->slabs++;
	return s;
}

static void slab_release(struct slab_cache *c, struct slab *s)
{
	SLAB_ASAN_UNPOISON(s, SLAB_PAGE << c->order);
	slab_set_tags(c, s, 0);
	s->magic = 0;
	c->slabs--;
	c->be->free_pages(c->be->ctx, s, c->order);
}

/* Index of the object at p in s, or -1 if p is not the start of one. */
static int64_t slab_index(const struct slab_cache *c, const struct slab *s, const void *p)
{
	uint64_t off = (uint64_t)((const char *)p - (const char *)s);
	if (off < c->first || (off - c->first) % c->size || (off - c->first) / c->size >= c->count)
		return -1;
	return (int64_t)((off - c->first) / c->size);
}

void *slab_alloc(struct slab_cache *c)
{
	struct slab *s = c->partial ? c->partial : c->empty;
	char *obj;
	int64_t i;
	if (!s && !(s = slab_new(c)))
		return NULL;
	obj = s->free;
	i = obj ? slab_index(c, s, obj) : -1;
	if (i < 0 || (s->used[i / 64] >> (i % 64) & 1)) {
		slab_fail(c->be, "slab %s: free list corrupted at %p (a write after free?)", c->name, obj);
		return NULL;
	}
	SLAB_ASAN_UNPOISON(obj, c->size);
	if (c->poison && !slab_poisoned(c, obj)) {
		slab_fail(c->be, "slab %s: object %p was written after it was freed", c->name, obj);
		return NULL;
	}
	slab_list_del(slab_list_of(c, s), s);
	s->free = *(void **)obj;
	s->used[i / 64] |= 1ull << (i % 64);
	s->inuse++;
	c->objects++;
	slab_list_add(slab_list_of(c, s), s);
	*(void **)obj = NULL; /* no free-list pointer leaks to the new owner */
	return obj;
}

/* The slab that p's page belongs to, or NULL. */
static struct slab *slab_of(const struct slab_backend *be, const void *p)
{
	uintptr_t *tag = be->page_tag(be->ctx, p);
	struct slab *s;
	if (!tag || *tag == 0 || (*tag & 1))
		return NULL;
	s = (struct slab *)*tag;
	return s->magic == SLAB_MAGIC ? s : NULL;
}

static void slab_free_in(struct slab_cache *c, struct slab *s, void *p, const char *who)
{
	int64_t i = slab_index(c, s, p);
	if (i < 0) {
		slab_fail(c->be, "%s(%p): not the start of an object of %s", who, p, c->name);
		return;
	}
	if (!(s->used[i / 64] >> (i % 64) & 1)) {
		slab_fail(c->be, "%s(%p): double free of an object of %s", who, p, c->name);
		return;
	}
	slab_list_del(slab_list_of(c, s), s);
	s->used[i / 64] &= ~(1ull << (i % 64));
	if (c->poison)
		slab_poison_fill(c, p);
	*(void **)p = s->free;
	s->free = p;
	SLAB_ASAN_POISON((char *)p + sizeof(void *), c->size - sizeof(void *));
	s->inuse--;
	c->objects--;
	/* keep one empty slab for the next allocation; give further ones back */
	if (s->inuse == 0 && c->empty)
		slab_release(c, s);
	else
		slab_list_add(slab_list_of(c, s), s);
}

void slab_free(struct slab_cache *c, void *p)
{
	struct slab *s;
	if (!p)
		return;
	s = slab_of(c->be, p);
	if (!s) {
		slab_fail(c->be, "kmem_cache_free(%s, %p): not an object of any cache (or freed)", c->name, p);
		return;
	}
	if (s->cache != c) {
		slab_fail(c->be, "kmem_cache_free(%s, %p): the object belongs to %s", c->name, p, s->cache->name);
		return;
	}
	slab_free_in(c, s, p, "kmem_cache_free");
}

void slab_cache_shrink(struct slab_cache *c)
{
	while (c->empty) {
		struct slab *s = c->empty;
		slab_list_del(&c->empty, s);
		slab_release(c, s);
	}
}

static int slab_check_one(const struct slab_cache *c, const struct slab *s, uint64_t *objects)
{
	uint32_t bits = 0, nfree = 0;
	if (s->magic != SLAB_MAGIC || s->cache != c)
		return -2;
	for (uint32_t i = 0; i < c->count; i++)
		bits += (uint32_t)(s->used[i / 64] >> (i % 64) & 1);
	if (bits != s->inuse)
		return -3;
	for (const char *o = s->free; o; o = *(char *const *)o) {
		int64_t i = slab_index(c, s, o);
		if (i < 0 || (s->used[i / 64] >> (i % 64) & 1) || ++nfree > c->count)
			return -4;
	}
	if (nfree + s->inuse != c->count)
		return -5;
	*objects += s->inuse;
	return 0;
}

int slab_cache_check(const struct slab_cache *c)
{
	struct slab *const *lists[3] = { &c->empty, &c->partial, &c->full };
	uint64_t slabs = 0, objects = 0;
	for (int l = 0; l < 3; l++) {
		for (const struct slab *s = *lists[l]; s; s = s->next) {
			int err = slab_check_one(c, s, &objects);
			if (err)
				return err;
			if (slab_list_of((struct slab_cache *)c, s) != lists[l])
				return -6;
			if (++slabs > c->slabs)
				return -7;
		}
	}
	if (slabs != c->slabs || objects != c->objects)
		return -8;
	return c->empty && c->empty->next ? -9 : 0;
}

int slab_heap_init(struct slab_heap *h, const struct slab_backend *be)
{
	memset(h, 0, sizeof(*h));
	h->be = be;
	for (int i = 0; i < SLAB_CLASSES; i++) {
		size_t size = (size_t)SLAB_MIN_SIZE << i;
		int err = slab_cache_init(&h->classes[i], slab_class_names[i], size, MIN(size, SLAB_PAGE), be);
		if (err)
			return err;
	}
	return 0;
}

struct slab_cache *slab_heap_class(struct slab_heap *h, size_t size)
{
	int i = 0;
	if (size > SLAB_CLASS_MAX)
		return NULL;
	while (((size_t)SLAB_MIN_SIZE << i) < size)
		i++;
	return &h->classes[i];
}

static bool slab_heap_owns(const struct slab_heap *h, const struct slab_cache *c)
{
	return c >= &h->classes[0] && c < &h->classes[SLAB_CLASSES];
}

struct slab_cache *slab_heap_class_of(struct slab_heap *h, const void *p)
{
	struct slab *s = p ? slab_of(h->be, p) : NULL;
	return s && slab_heap_owns(h, s->cache) ? s->cache : NULL;
}

void *slab_heap_alloc(struct slab_heap *h, size_t size)
{
	struct slab_cache *c = slab_heap_class(h, size);
	unsigned order = 0;
	void *p;
	if (c)
		return slab_alloc(c);
	while ((SLAB_PAGE << order) < size)
		if (++order > 30)
			return NULL;
	if (!(p = h->be->alloc_pages(h->be->ctx, order)))
		return NULL;
	*h->be->page_tag(h->be->ctx, p) = SLAB_TAG_LARGE | (uintptr_t)order << 1;
	h->large_pages += 1ull << order;
	return p;
}

void slab_heap_free(struct slab_heap *h, void *p)
{
	uintptr_t *tag;
	struct slab *s;
	if (!p)
		return;
	tag = h->be->page_tag(h->be->ctx, p);
	if (tag && (*tag & SLAB_TAG_MASK) == SLAB_TAG_LARGE && ((uintptr_t)p & (SLAB_PAGE - 1)) == 0) {
		unsigned order = (unsigned)(*tag >> 1) & 0x7f;
		*tag = 0;
		h->large_pages -= 1ull << order;
		h->be->free_pages(h->be->ctx, p, order);
		return;
	}
	s = slab_of(h->be, p);
	if (!s) {
		slab_fail(h->be, "kfree(%p): not a pointer kmalloc handed out (or freed already)", p);
		return;
	}
	if (!slab_heap_owns(h, s->cache)) {
		slab_fail(h->be, "kfree(%p): an object of cache %s, not from kmalloc", p, s->cache->name);
		return;
	}
	slab_free_in(s->cache, s, p, "kfree");
}

size_t slab_heap_usable(struct slab_heap *h, const void *p)
{
	uintptr_t *tag = p ? h->be->page_tag(h->be->ctx, p) : NULL;
	struct slab *s;
	if (tag && (*tag & SLAB_TAG_MASK) == SLAB_TAG_LARGE)
		return SLAB_PAGE << ((*tag >> 1) & 0x7f);
	s = p ? slab_of(h->be, p) : NULL;
	if (!s || !slab_heap_owns(h, s->cache) || slab_index(s->cache, s, p) < 0)
		return 0;
	return s->cache->size;
}
