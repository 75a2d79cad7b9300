/* kernel/core/random.c: ChaCha20 (RFC 8439's block function) and the generator built on it
 * (see krandom.h). Portable; the host tests check the RFC's test vector. */
#include "klib.h"
#include "krandom.h"
#include "spinlock.h"

static struct spinlock random_lock = SPINLOCK_INIT("random");
static uint32_t random_key[8];
static uint64_t random_stream; /* a fresh nonce for every block ever produced */
static uint64_t random_entropy_bytes;

#define ROTL(v, n) (((v) << (n)) | ((v) >> (32 - (n))))
#define QR(a, b, c, d) \
	a += b; d ^= a; d = ROTL(d, 16); c += d; b ^= c; b = ROTL(b, 12); \
	a += b; d ^= a; d = ROTL(d, 8);  c += d; b ^= c; b = ROTL(b, 7)

void chacha20_block(const uint32_t key[8], uint32_t counter, const uint32_t nonce[3], uint8_t out[64])
{
	uint32_t s[16], x[16];
	s[0] = 0x61707865; s[1] = 0x3320646e; s[2] = 0x79622d32; s[3] = 0x6b206574;
	for (int i = 0; i < 8; i++)
		s[4 + i] = key[i];
	s[12] = counter;
	s[13] = nonce[0]; s[14] = nonce[1]; s[15] = nonce[2];
	memcpy(x, s, sizeof(x));
	for (int i = 0; i < 10; i++) {
		QR(x[0], x[4], x[8], x[12]); QR(x[1], x[5], x[9], x[13]);
		QR(x[2], x[6], x[10], x[14]); QR(x[3], x[7], x[11], x[15]);
		QR(x[0], x[5], x[10], x[15]); QR(x[1], x[6], x[11], x[12]);
		QR(x[2], x[7], x[8], x[13]); QR(x[3], x[4], x[9], x[14]);
	}
	for (int i = 0; i < 16; i++) {
		uint32_t v = x[i] + s[i];
		out[4 * i] = (uint8_t)v;
		out[4 * i + 1] = (uint8_t)(v >> 8);
		out[4 * i + 2] = (uint8_t)(v >> 16);
		out[4 * i + 3] = (uint8_t)(v >> 24);
	}
}

/* One block under the current key and the next nonce. Caller holds random_lock. */
static void random_block(uint8_t out[64])
{
	uint32_t nonce[3] = { (uint32_t)random_stream, (uint32_t)(random_stream >> 32), 0x46455252 };
	random_stream++;
	chacha20_block(random_key, 0, nonce, out);
}

/* Replaces the key with fresh output: what was produced before cannot be recomputed. */
static void random_rekey(void)
{
	uint8_t b[64];
	random_block(b);
	memcpy(random_key, b, sizeof(random_key));
	memset(b, 0, sizeof(b));
}

void random_mix(const void *entropy, size_t n)
{
	const uint8_t *p = entropy;
	uint64_t fl = spin_lock_irqsave(&random_lock);
	for (size_t i = 0; i < n; i++) {
		((uint8_t *)random_key)[i % 32] ^= p[i];
		if (i % 32 == 31)
			random_rekey();
	}
	random_rekey();
	random_entropy_bytes += n;
	spin_unlock_irqrestore(&random_lock, fl);
}

void random_get(void *buf, size_t n)
{
	uint8_t b[64], *out = buf;
	uint64_t fl = spin_lock_irqsave(&random_lock);
	while (n) {
		size_t k = n < sizeof(b) ? n : sizeof(b);
		random_block(b);
		memcpy(out, b, k);
		out += k;
		n -= k;
	}
	random_rekey();
	memset(b, 0, sizeof(b));
	spin_unlock_irqrestore(&random_lock, fl);
}

uint64_t random_u64(void)
{
	uint64_t v;
	random_get(&v, sizeof(v));
	return v;
}

uint64_t random_mixed_bytes(void)
{
	return random_entropy_bytes;
}
