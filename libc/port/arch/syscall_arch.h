/* libc/port/arch/syscall_arch.h: Ferrite's replacement for musl's arch/x86_64/syscall_arch.h,
 * the one place musl's C code reaches the kernel. Every __syscallN goes to the shim
 * (src/ferrite/ in the build tree, libc/port/shim/ here), which turns musl's Linux call numbers
 * and arguments into Ferrite's calls. There is no vDSO: clock_gettime is a system call. */

#define __SYSCALL_LL_E(x) (x)
#define __SYSCALL_LL_O(x) (x)

hidden long __ferrite_syscall(long n, long a, long b, long c, long d, long e, long f);

static __inline long __syscall0(long n)
{
	return __ferrite_syscall(n, 0, 0, 0, 0, 0, 0);
}

static __inline long __syscall1(long n, long a1)
{
	return __ferrite_syscall(n, a1, 0, 0, 0, 0, 0);
}

static __inline long __syscall2(long n, long a1, long a2)
{
	return __ferrite_syscall(n, a1, a2, 0, 0, 0, 0);
}

static __inline long __syscall3(long n, long a1, long a2, long a3)
{
	return __ferrite_syscall(n, a1, a2, a3, 0, 0, 0);
}

static __inline long __syscall4(long n, long a1, long a2, long a3, long a4)
{
	return __ferrite_syscall(n, a1, a2, a3, a4, 0, 0);
}

static __inline long __syscall5(long n, long a1, long a2, long a3, long a4, long a5)
{
	return __ferrite_syscall(n, a1, a2, a3, a4, a5, 0);
}

static __inline long __syscall6(long n, long a1, long a2, long a3, long a4, long a5, long a6)
{
	return __ferrite_syscall(n, a1, a2, a3, a4, a5, a6);
}

#define IPC_64 0
