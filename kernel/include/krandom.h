/* kernel/include/krandom.h: the kernel's random numbers: a ChaCha20 generator with fast key
 * erasure (the key is replaced after every request, so a later compromise does not reveal
 * earlier output), seeded at boot from RDSEED/RDRAND, TSC jitter and the RTC. It feeds
 * getrandom and AT_RANDOM. */
#ifndef KERNEL_KRANDOM_H
#define KERNEL_KRANDOM_H

#include "types.h"

/* core/random.c (portable) */
void chacha20_block(const uint32_t key[8], uint32_t counter, const uint32_t nonce[3], uint8_t out[64]);
void random_mix(const void *entropy, size_t n); /* stirs bytes into the key */
void random_get(void *buf, size_t n);
uint64_t random_u64(void);
uint64_t random_mixed_bytes(void); /* how many entropy bytes were mixed in so far */

/* arch: collects the machine's entropy and mixes it in; returns the bytes gathered. */
size_t random_seed_from_hardware(void);

#endif
