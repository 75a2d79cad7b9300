/* crc32c.c: CRC32C (Castagnoli), the checksum on every block. Table-driven, no CPU extensions,
 * so the same code runs under tcc in Ferrite and on the host. */
#include "fs.h"

static uint32_t crc_table[256];
static int crc_ready;

static void crc_init(void)
{
	uint32_t i, j, c;

	for (i = 0; i < 256; i++) {
		c = i;
		for (j = 0; j < 8; j++)
			c = (c & 1) ? (c >> 1) ^ 0x82f63b78u : c >> 1;
		crc_table[i] = c;
	}
	crc_ready = 1;
}

/* Chainable: fs_crc32c(fs_crc32c(0, a, n), b, m) is the CRC of a followed by b. */
uint32_t fs_crc32c(uint32_t crc, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	if (!crc_ready)
		crc_init();
	crc = ~crc;
	while (len--)
		crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}
