/* bench/programs/port.h: the few system services the benchmarks use, one name for each, mapped
 * to the C library under Linux (__linux__, built by the host gcc -static) and to the generated
 * ferrite_* stubs under Ferrite (__ferrite__, built freestanding by the Ferrite tcc: there is no
 * libc yet). Also the one output format the host's bench/run reads:
 *
 *   bench NAME batch=I iters=N ns=TOTAL     one measured batch (I = 0 is a warm-up)
 *   bench NAME not-measured: REASON         what this system cannot run yet, and why
 *   bench NAME done                         the program finished
 *
 * Header-only, one copy per program. */
#ifndef BENCH_PORT_H
#define BENCH_PORT_H

#if defined(__linux__)
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BP_SYSTEM "linux"

static inline long bp_fork(void) { return fork(); }
/* Returns only on failure, with a negative errno value (as the Ferrite call does). */
static inline long bp_execve(const char *path, char *const argv[], char *const envp[])
{
	execve(path, argv, envp);
	return -errno;
}
/* The pid reaped, or a negative value; *code is its exit code, or -1 if a signal ended it. */
static inline long bp_wait(long pid, int *code)
{
	int st = 0;
	long r = waitpid((pid_t)pid, &st, 0);
	*code = r > 0 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	return r;
}
static inline void bp_exit(int code) { _exit(code); }
static inline long bp_getpid(void) { return getpid(); }
static inline void bp_yield(void) { sched_yield(); }
static inline void bp_write(const char *s, size_t n)
{
	while (n > 0) {
		ssize_t k = write(1, s, n);
		if (k <= 0)
			return;
		s += k;
		n -= (size_t)k;
	}
}
static inline uint64_t bp_now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}
/* An anonymous page shared with the children forked after it; NULL if the system has none. */
static inline void *bp_shared_page(long *err)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	*err = p == MAP_FAILED ? -1 : 0;
	return p == MAP_FAILED ? NULL : p;
}
/* Threads: one more thread running fn(arg); 0, or a negative error. */
static int (*bp_thread_fn)(void *);
static inline void *bp_thread_trampoline(void *arg)
{
	bp_thread_fn(arg);
	return NULL;
}
static inline long bp_thread_start(int (*fn)(void *), void *arg)
{
	pthread_t t;
	bp_thread_fn = fn;
	return -pthread_create(&t, NULL, bp_thread_trampoline, arg);
}
static inline void bp_futex_wait(int *addr, int val)
{
	syscall(SYS_futex, addr, FUTEX_WAIT_PRIVATE, val, NULL);
}
static inline void bp_futex_wake(int *addr)
{
	syscall(SYS_futex, addr, FUTEX_WAKE_PRIVATE, 1);
}
/* Descriptors: a pipe, reads and writes on any descriptor, close. */
static inline long bp_pipe(int fds[2]) { return pipe(fds) ? -errno : 0; }
static inline long bp_read(int fd, void *buf, size_t n)
{
	ssize_t r = read(fd, buf, n);
	return r < 0 ? -errno : r;
}
static inline long bp_write_fd(int fd, const void *buf, size_t n)
{
	ssize_t r = write(fd, buf, n);
	return r < 0 ? -errno : r;
}
static inline void bp_close(int fd) { close(fd); }
/* As the first process (rdinit=): turn the machine off, since init must never exit. */
static inline void bp_power_off(void)
{
	if (getpid() == 1)
		reboot(RB_POWER_OFF);
}

#elif defined(__ferrite__)
#include <stddef.h>
#include "syscalls.h"

typedef unsigned long uint64_t;

#define BP_SYSTEM "ferrite"

static inline long bp_fork(void) { return ferrite_fork(); }
static inline long bp_execve(const char *path, char *const argv[], char *const envp[])
{
	return ferrite_execve(path, argv, envp);
}
static inline long bp_wait(long pid, int *code)
{
	int st = -1;
	long r = ferrite_waitpid((int)pid, &st, 0);
	*code = r > 0 && (st & 0x7f) == 0 ? (st >> 8) & 0xff : -1;
	return r;
}
static inline void bp_exit(int code) { ferrite_exit(code); }
static inline long bp_getpid(void) { return ferrite_getpid(); }
static inline void bp_yield(void) { ferrite_sched_yield(); }
/* No descriptors yet: the kernel's debug console is standard output. */
static inline void bp_write(const char *s, size_t n) { ferrite_debug_write(s, n); }
static inline uint64_t bp_now_ns(void)
{
	struct ferrite_timespec t;
	ferrite_clock_gettime(FERRITE_CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000ul + (uint64_t)t.tv_nsec;
}
static inline void *bp_shared_page(long *err)
{
	long r = ferrite_mmap(0, 4096, FERRITE_PROT_READ | FERRITE_PROT_WRITE,
		FERRITE_MAP_SHARED | FERRITE_MAP_ANONYMOUS, -1, 0);
	*err = r < 0 && r > -4096 ? r : 0;
	return *err ? NULL : (void *)r;
}
/* Threads: clone with the new stack holding fn and arg; the new thread pops them, calls
 * fn(arg) and leaves with exit_thread. No TLS: the benchmark threads use none. */
#define BP_XSTR(x) BP_STR(x)
#define BP_STR(x) #x
__asm__(".globl bp_clone_thread\n"
	"bp_clone_thread:\n" /* (flags, stack with fn, arg on top) */
	"\txorl %edx, %edx\n\txorl %r10d, %r10d\n\txorl %r8d, %r8d\n"
	"\tmovl $" BP_XSTR(SYS_clone) ", %eax\n\tsyscall\n"
	"\ttestq %rax, %rax\n\tjnz 1f\n"
	"\tpopq %rax\n\tpopq %rdi\n\tcall *%rax\n"
	"\tmovl %eax, %edi\n\tmovl $" BP_XSTR(SYS_exit_thread) ", %eax\n\tsyscall\n\tud2\n"
	"1:\tret\n");
long bp_clone_thread(unsigned long flags, void **stack);

static inline long bp_thread_start(int (*fn)(void *), void *arg)
{
	unsigned long size = 65536;
	long r = ferrite_mmap(0, size, FERRITE_PROT_READ | FERRITE_PROT_WRITE,
		FERRITE_MAP_PRIVATE | FERRITE_MAP_ANONYMOUS, -1, 0);
	void **sp;
	if (r < 0 && r > -4096)
		return r;
	sp = (void **)(r + size) - 2; /* 16-byte aligned again once both are popped */
	sp[0] = (void *)fn;
	sp[1] = arg;
	r = bp_clone_thread(FERRITE_CLONE_VM | FERRITE_CLONE_FS | FERRITE_CLONE_FILES |
		FERRITE_CLONE_SIGHAND | FERRITE_CLONE_THREAD | FERRITE_CLONE_SYSVSEM, sp);
	return r < 0 ? r : 0;
}
static inline void bp_futex_wait(int *addr, int val)
{
	ferrite_futex(addr, FERRITE_FUTEX_WAIT | FERRITE_FUTEX_PRIVATE, val, 0);
}
static inline void bp_futex_wake(int *addr)
{
	ferrite_futex(addr, FERRITE_FUTEX_WAKE | FERRITE_FUTEX_PRIVATE, 1, 0);
}
static inline long bp_pipe(int fds[2]) { return ferrite_pipe2(fds, 0); }
static inline long bp_read(int fd, void *buf, size_t n) { return ferrite_read(fd, buf, n); }
static inline long bp_write_fd(int fd, const void *buf, size_t n) { return ferrite_write(fd, buf, n); }
static inline void bp_close(int fd) { ferrite_close(fd); }
/* Started with init=... poweroff, the kernel turns the machine off when this program ends. */
static inline void bp_power_off(void) {}

#else
#error "bench/programs: neither __linux__ nor __ferrite__"
#endif

static inline size_t bp_strlen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

static inline void bp_puts(const char *s) { bp_write(s, bp_strlen(s)); }

/* A line is built here and written whole, so two processes' lines never interleave. */
static char bp_line[256];
static size_t bp_line_len;

static inline void bp_add(const char *s)
{
	while (*s && bp_line_len < sizeof(bp_line) - 1)
		bp_line[bp_line_len++] = *s++;
}

static inline void bp_addu(uint64_t v)
{
	char b[24];
	int i = 23;
	b[i] = 0;
	do
		b[--i] = (char)('0' + v % 10);
	while ((v /= 10) && i > 0);
	bp_add(b + i);
}

static inline void bp_addi(long v)
{
	if (v < 0) {
		bp_add("-");
		bp_addu((uint64_t)0 - (uint64_t)v);
	} else {
		bp_addu((uint64_t)v);
	}
}

static inline void bp_flush(void)
{
	bp_add("\n");
	bp_write(bp_line, bp_line_len);
	bp_line_len = 0;
}

static inline void bp_report_batch(const char *name, int batch, long iters, uint64_t ns)
{
	bp_add("bench ");
	bp_add(name);
	bp_add(" batch=");
	bp_addu((uint64_t)batch);
	bp_add(" iters=");
	bp_addu((uint64_t)iters);
	bp_add(" ns=");
	bp_addu(ns);
	bp_flush();
}

static inline void bp_not_measured(const char *name, const char *why, long err)
{
	bp_add("bench ");
	bp_add(name);
	bp_add(" not-measured: ");
	bp_add(why);
	if (err) {
		bp_add(" (error ");
		bp_addi(err);
		bp_add(")");
	}
	bp_flush();
}

static inline void bp_done(const char *name)
{
	bp_add("bench ");
	bp_add(name);
	bp_add(" done");
	bp_flush();
}

/* Batches per benchmark after one warm-up batch; the host takes medians over them. */
#define BP_BATCHES 7

#endif
