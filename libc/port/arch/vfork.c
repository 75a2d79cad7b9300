/* libc/port/arch/vfork.c: replaces musl's src/process/x86_64/vfork.s (installed as
 * src/process/x86_64/vfork.c). Why: a real vfork shares the parent's memory and stack until the
 * child execs; Ferrite has no process that shares memory without being a thread, and POSIX lets
 * vfork be fork. The copy-on-write fork costs a page-table copy, no page copies. */
#define _GNU_SOURCE
#include <unistd.h>

pid_t vfork(void)
{
	return _Fork();
}
