/* kernel/core/random_test.c: ChaCha20 against RFC 8439 (2.3.2), and the generator's output
 * (kernel and host). */
#include "ktest.h"
#include "krandom.h"

KTEST(random_chacha20_rfc8439_vector)
{
	static const uint8_t want[64] = {
		0x10, 0xf1, 0xe7, 0xe4, 0xd1, 0x3b, 0x59, 0x15, 0x50, 0x0f, 0xdd, 0x1f, 0xa3, 0x20, 0x71, 0xc4,
		0xc7, 0xd1, 0xf4, 0xc7, 0x33, 0xc0, 0x68, 0x03, 0x04, 0x22, 0xaa, 0x9a, 0xc3, 0xd4, 0x6c, 0x4e,
		0xd2, 0x82, 0x64, 0x46, 0x07, 0x9f, 0xaa, 0x09, 0x14, 0xc2, 0xd7, 0x05, 0xd9, 0x8b, 0x02, 0xa2,
		0xb5, 0x12, 0x9c, 0xd1, 0xde, 0x16, 0x4e, 0xb9, 0xcb, 0xd0, 0x83, 0xe8, 0xa2, 0x50, 0x3c, 0x4e,
	};
	uint32_t key[8], nonce[3] = { 0x09000000, 0x4a000000, 0 };
	uint8_t out[64];
	for (int i = 0; i < 8; i++) /* bytes 00 01 02 ... 1f, little-endian words */
		key[i] = (uint32_t)(4 * i) | (uint32_t)(4 * i + 1) << 8 | (uint32_t)(4 * i + 2) << 16 |
			(uint32_t)(4 * i + 3) << 24;
	chacha20_block(key, 1, nonce, out);
	KEXPECT(memcmp(out, want, 64) == 0);
}

KTEST(random_output_changes_and_looks_uniform)
{
	static uint8_t buf[16384];
	uint64_t a, b, ones = 0;
	random_mix("test seed", 9);
	a = random_u64();
	b = random_u64();
	KEXPECT(a != b);
	random_get(buf, sizeof(buf));
	for (size_t i = 0; i < sizeof(buf); i++)
		for (uint8_t v = buf[i]; v; v &= (uint8_t)(v - 1))
			ones++;
	/* 131072 bits: a fair source lands within 1% of half (about 7 standard deviations) */
	KEXPECT(ones > 131072 / 2 - 1311 && ones < 131072 / 2 + 1311);
	KEXPECT(random_mixed_bytes() >= 9);
}
