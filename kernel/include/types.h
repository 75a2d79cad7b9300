/* kernel/include/types.h: fixed-width types for the kernel and its portable cores. The kernel
 * has no libc, and tcc ships no <stdint.h>, so they are spelled out here (LP64 only). */
#ifndef KERNEL_TYPES_H
#define KERNEL_TYPES_H

#include <stddef.h>
#include <stdarg.h>

typedef signed char int8_t;
typedef unsigned char uint8_t;
typedef short int16_t;
typedef unsigned short uint16_t;
typedef int int32_t;
typedef unsigned int uint32_t;
typedef long int64_t;
typedef unsigned long uint64_t;
typedef unsigned long uintptr_t;
typedef long intptr_t;
typedef long ssize_t;
typedef _Bool bool;
#define true 1
#define false 0

_Static_assert(sizeof(uint64_t) == 8 && sizeof(uintptr_t) == sizeof(void *), "LP64 only");

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a) (((x) + (a) - 1) / (a) * (a))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

#endif
