/* kernel/core/sysinfo.c: what the system is, for the C library: uname (name, release, build id,
 * machine) and sysinfo (uptime, memory, processes, CPUs), the two calls of the musl port's own
 * range (kernel/syscalls.list, 4260..). */
#include "klib.h"
#include "errno.h"
#include "ktime.h"
#include "pmm.h"
#include "proc.h"
#include "syscall.h"
#include "version.h"
#include "../arch/x86_64/percpu.h"

static void sysinfo_copy(char *dst, const char *src)
{
	size_t n = strlen(src);
	if (n >= FERRITE_UTSNAME_LEN)
		n = FERRITE_UTSNAME_LEN - 1;
	memcpy(dst, src, n);
	dst[n] = 0;
}

long sys_uname(struct ferrite_utsname *buf)
{
	struct ferrite_utsname u;
	memset(&u, 0, sizeof(u));
	sysinfo_copy(u.sysname, "Ferrite");
	sysinfo_copy(u.nodename, "ferrite");
	sysinfo_copy(u.release, FERRITE_VERSION);
	sysinfo_copy(u.version, "build " FERRITE_BUILD_ID);
	sysinfo_copy(u.machine, "x86_64");
	return copy_to_user(buf, &u, sizeof(u));
}

long sys_sysinfo(struct ferrite_sysinfo *info)
{
	struct ferrite_sysinfo k;
	struct pmm_stats st;
	memset(&k, 0, sizeof(k));
	pmm_stats(&st);
	k.uptime = time_monotonic_ns() / 1000000000ull;
	k.totalram = st.total_pages;
	k.freeram = st.free_pages;
	k.procs = (unsigned)proc_total();
	k.ncpus = (unsigned)smp_ncpus;
	k.mem_unit = 4096;
	return copy_to_user(info, &k, sizeof(k));
}
