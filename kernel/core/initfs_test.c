/* kernel/core/initfs_test.c: the ustar reader over archives built here, whole and damaged
 * (kernel and host). */
#include "ktest.h"
#include "proc.h"

static uint8_t it_tar[512 * 6];

static void it_octal(uint8_t *p, size_t n, uint64_t v)
{
	p[n - 1] = 0;
	for (size_t i = n - 1; i-- > 0; v >>= 3)
		p[i] = (uint8_t)('0' + (v & 7));
}

static void it_header(uint8_t *h, const char *name, const char *prefix, size_t size, char type)
{
	uint64_t sum = 0;
	memset(h, 0, 512);
	memcpy(h, name, strlen(name));
	it_octal(h + 100, 8, 0755);
	it_octal(h + 124, 12, size);
	h[156] = (uint8_t)type;
	memcpy(h + 257, "ustar\0" "00", 8);
	if (prefix)
		memcpy(h + 345, prefix, strlen(prefix));
	memset(h + 148, ' ', 8);
	for (int i = 0; i < 512; i++)
		sum += h[i];
	it_octal(h + 148, 7, sum);
}

/* ./bin/ (directory), ./bin/hello (5 bytes), long/dir + prog (600 bytes), then the end */
static void it_build(void)
{
	memset(it_tar, 0, sizeof(it_tar));
	it_header(it_tar, "./bin/", NULL, 0, '5');
	it_header(it_tar + 512, "./bin/hello", NULL, 5, '0');
	memcpy(it_tar + 1024, "HELLO", 5);
	it_header(it_tar + 1536, "prog", "long/dir", 600, '0');
	memset(it_tar + 2048, 'x', 600);
}

KTEST(initfs_finds_files)
{
	size_t n = 0;
	const uint8_t *p;
	it_build();
	p = ustar_find(it_tar, sizeof(it_tar), "bin/hello", &n);
	KEXPECT(p && n == 5 && memcmp(p, "HELLO", 5) == 0);
	p = ustar_find(it_tar, sizeof(it_tar), "long/dir/prog", &n);
	KEXPECT(p && n == 600 && p[599] == 'x');
	KEXPECT(ustar_find(it_tar, sizeof(it_tar), "bin", &n) == NULL);     /* a directory */
	KEXPECT(ustar_find(it_tar, sizeof(it_tar), "missing", &n) == NULL);
}

KTEST(initfs_refuses_damage)
{
	size_t n;
	it_build();
	it_tar[512 + 3] ^= 1; /* checksum no longer matches: nothing from there on is read */
	KEXPECT(ustar_find(it_tar, sizeof(it_tar), "long/dir/prog", &n) == NULL);
	it_build();
	it_octal(it_tar + 1536 + 124, 12, 1u << 20); /* a size past the archive's end */
	{
		uint64_t sum = 0;
		memset(it_tar + 1536 + 148, ' ', 8);
		for (int i = 0; i < 512; i++)
			sum += it_tar[1536 + i];
		it_octal(it_tar + 1536 + 148, 7, sum);
	}
	KEXPECT(ustar_find(it_tar, sizeof(it_tar), "long/dir/prog", &n) == NULL);
	KEXPECT(ustar_find(it_tar, 700, "long/dir/prog", &n) == NULL); /* truncated archive */
}

KTEST(initfs_lists_members_with_links)
{
	struct ustar_member m;
	size_t off = 0;
	int n = 0;
	it_build();
	/* the third member becomes a link "./bin/sh" -> "hello" (no data) */
	memset(it_tar + 1536, 0, 1024);
	it_header(it_tar + 1536, "./bin/sh", NULL, 0, '2');
	memcpy(it_tar + 1536 + 157, "hello", 5);
	{
		uint64_t sum = 0;
		memset(it_tar + 1536 + 148, ' ', 8);
		for (int i = 0; i < 512; i++)
			sum += it_tar[1536 + i];
		it_octal(it_tar + 1536 + 148, 7, sum);
	}
	KEXPECT(ustar_next(it_tar, sizeof(it_tar), &off, &m) && m.type == '5');
	KEXPECT_EQ_STR(m.name, "bin"); /* no "./", no trailing '/' */
	KEXPECT(ustar_next(it_tar, sizeof(it_tar), &off, &m) && m.type == '0' && m.size == 5);
	KEXPECT(m.mode == 0755 && memcmp(m.data, "HELLO", 5) == 0);
	KEXPECT(ustar_next(it_tar, sizeof(it_tar), &off, &m) && m.type == '2');
	KEXPECT_EQ_STR(m.name, "bin/sh");
	KEXPECT_EQ_STR(m.link, "hello");
	while (ustar_next(it_tar, sizeof(it_tar), &off, &m))
		n++;
	KEXPECT_EQ_U64(n, 0); /* then the end */
	KEXPECT(off <= sizeof(it_tar));
}
