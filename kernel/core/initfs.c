/* kernel/core/initfs.c: the initial file archive the loader passes as a boot module: a ustar
 * archive built on the host, holding the first programs. Read in place, never written; every
 * header is checked (checksum, octal fields, sizes within the archive). Portable core; tested
 * on the host. */
#include "klib.h"
#include "proc.h"

static const uint8_t *initfs_image;
static size_t initfs_size;

static bool ustar_octal(const uint8_t *p, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	size_t i = 0;
	while (i < n && p[i] == ' ')
		i++;
	for (; i < n && p[i] >= '0' && p[i] <= '7'; i++) {
		if (v >> 60)
			return false;
		v = v * 8 + (uint64_t)(p[i] - '0');
	}
	for (; i < n; i++)
		if (p[i] != 0 && p[i] != ' ')
			return false;
	*out = v;
	return true;
}

static bool ustar_header_ok(const uint8_t *h)
{
	uint64_t want, sum = 0;
	if (!ustar_octal(h + 148, 8, &want))
		return false;
	for (int i = 0; i < 512; i++)
		sum += (i >= 148 && i < 156) ? ' ' : h[i];
	return sum == want && memcmp(h + 257, "ustar", 5) == 0;
}

/* "prefix/name" from the header, without a leading "./" */
static void ustar_path(const uint8_t *h, char *out, size_t n)
{
	const char *name = (const char *)h, *prefix = (const char *)h + 345;
	size_t pl = strnlen(prefix, 155);
	if (pl)
		ksnprintf(out, n, "%.*s/%.*s", (int)pl, prefix, (int)strnlen(name, 100), name);
	else
		ksnprintf(out, n, "%.*s", (int)strnlen(name, 100), name);
	if (out[0] == '.' && out[1] == '/')
		memmove(out, out + 2, strlen(out + 2) + 1);
}

bool ustar_next(const void *tar, size_t tar_size, size_t *off, struct ustar_member *m)
{
	const uint8_t *h = (const uint8_t *)tar + *off;
	uint64_t len, mode;
	size_t n;
	if (*off > tar_size || tar_size - *off < 512)
		return false;
	if (h[0] == 0 || !ustar_header_ok(h) || !ustar_octal(h + 124, 12, &len) ||
			!ustar_octal(h + 100, 8, &mode))
		return false; /* the end, or damage: nothing past it is trusted */
	if (len > tar_size - *off - 512)
		return false;
	ustar_path(h, m->name, sizeof(m->name));
	n = strlen(m->name);
	while (n > 0 && m->name[n - 1] == '/')
		m->name[--n] = 0;
	m->type = h[156] == 0 ? '0' : (char)h[156];
	m->mode = (unsigned)mode & 07777;
	m->data = h + 512;
	m->size = (size_t)len;
	n = strnlen((const char *)h + 157, 100);
	memcpy(m->link, h + 157, n);
	m->link[n] = 0;
	*off += 512 + (size_t)((len + 511) / 512 * 512);
	return true;
}

const void *ustar_find(const void *tar, size_t tar_size, const char *path, size_t *size)
{
	struct ustar_member m;
	size_t off = 0;
	while (ustar_next(tar, tar_size, &off, &m))
		if (m.type == '0' && strcmp(m.name, path) == 0) {
			*size = m.size;
			return m.data;
		}
	return NULL;
}

void initfs_init(const void *image, size_t size)
{
	initfs_image = image;
	initfs_size = size;
}

const void *initfs_find(const char *path, size_t *size)
{
	return initfs_image ? ustar_find(initfs_image, initfs_size, path, size) : NULL;
}

void initfs_image_get(const void **image, size_t *size)
{
	*image = initfs_image;
	*size = initfs_size;
}
