/* kernel/arch/x86_64/platform.h: the machine's bring-up (platform.c). */
#ifndef ARCH_PLATFORM_H
#define ARCH_PLATFORM_H

#include "../../../boot/bootinfo.h"

void platform_init(const struct bootinfo *bi);

#endif
