/* libc/port/arch/__set_thread_area.c: replaces musl's src/thread/x86_64/__set_thread_area.s
 * (installed as src/thread/x86_64/__set_thread_area.c). Why: musl's sets the thread pointer
 * with Linux's arch_prctl(ARCH_SET_FS); Ferrite has a call of its own for the FS base. */
#include "shim.h"

__attribute__((__visibility__("hidden"))) int __set_thread_area(void *p)
{
	return (int)shim_raw(SYS_set_fs_base, (long)p, 0, 0, 0, 0, 0);
}
