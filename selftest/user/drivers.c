/* selftest/user/drivers.c: the driver primitives and capabilities from user space. Each
 * primitive is tried twice: by a child that dropped its capability (EPERM) and for real:
 * I/O ports (the CMOS clock's 0x70/0x71 read the seconds; a port not granted faults, and so do
 * granted ones once CAP_IOPORT is dropped), physmap (the local APIC's version register, which
 * the kernel test compares with its own reading), DMA memory (its physical address mapped again
 * through physmap shows the same bytes), an MSI vector raised by a self-IPI through the mapped
 * local APIC and read from its descriptor, another process's memory, and DMA holds (a dead
 * child's DMA pages kept until the hold's release). Exits 0 when every check passed. */
#include "ulib.h"

#define LAPIC_PHYS 0xfee00000ul

static unsigned char port_in(unsigned short port)
{
	unsigned char v;
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static void port_out(unsigned short port, unsigned char v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static long wait_status(long pid)
{
	int st = -1;
	U_CHECK(ferrite_waitpid((int)pid, &st, 0) == pid);
	return st;
}

static void hex(unsigned long v)
{
	char b[19];
	int i = 18;
	b[i] = 0;
	do
		b[--i] = "0123456789abcdef"[v & 15];
	while ((v >>= 4) && i > 2);
	b[--i] = 'x';
	b[--i] = '0';
	u_puts(b + i);
}

/* A child without cap gets EPERM from every primitive that needs it. */
static void check_eperm(void)
{
	long pid = ferrite_fork();
	if (pid == 0) {
		unsigned long phys = 0;
		struct ferrite_msi msi;
		int x = 0;
		U_CHECK(ferrite_cap_drop(FERRITE_CAP_ALL) == 0);
		U_CHECK(ferrite_cap_get() == 0);
		U_CHECK(ferrite_ioport_grant(0x70, 2) == -FERRITE_EPERM);
		U_CHECK(ferrite_physmap(LAPIC_PHYS, 4096, FERRITE_CACHE_UC) == -FERRITE_EPERM);
		U_CHECK(ferrite_dma_alloc(4096, &phys) == -FERRITE_EPERM);
		U_CHECK(ferrite_dma_hold((int)ferrite_getppid(), 0) == -FERRITE_EPERM);
		U_CHECK(ferrite_irq_msi(&msi, 0) == -FERRITE_EPERM);
		U_CHECK(ferrite_process_vm_read((int)ferrite_getppid(), (unsigned long)&x, &x, 4) == -FERRITE_EPERM);
		U_CHECK(ferrite_process_vm_write((int)ferrite_getpid(), (unsigned long)&x, &x, 4) == -FERRITE_EPERM);
		ferrite_exit(u_failures);
	}
	U_CHECK(wait_status(pid) == FERRITE_WSTATUS_EXIT(0));
	/* each capability alone: dropping one leaves the others and takes away only its call */
	pid = ferrite_fork();
	if (pid == 0) {
		unsigned long phys = 0;
		long a;
		U_CHECK(ferrite_cap_drop(FERRITE_CAP_DMA) == (FERRITE_CAP_ALL & ~FERRITE_CAP_DMA));
		U_CHECK(ferrite_dma_alloc(4096, &phys) == -FERRITE_EPERM);
		U_CHECK(ferrite_dma_hold((int)ferrite_getppid(), 0) == -FERRITE_EPERM);
		a = ferrite_physmap(LAPIC_PHYS, 4096, FERRITE_CACHE_UC);
		U_CHECK(a > 0);
		U_CHECK(ferrite_cap_drop(0) == (FERRITE_CAP_ALL & ~FERRITE_CAP_DMA)); /* nothing comes back */
		ferrite_exit(u_failures);
	}
	U_CHECK(wait_status(pid) == FERRITE_WSTATUS_EXIT(0));
}

static int cmos_seconds(void)
{
	port_out(0x70, 0x00);
	return port_in(0x71);
}

static void check_ports(void)
{
	struct ferrite_timespec t = { 1, 500000000 };
	long pid;
	int s0, s1, b;
	U_CHECK(ferrite_ioport_grant(0x70, 0) == -FERRITE_EINVAL);
	U_CHECK(ferrite_ioport_grant(0xffff, 2) == -FERRITE_EINVAL);
	/* not yet granted: the first in faults */
	pid = ferrite_fork();
	if (pid == 0) {
		cmos_seconds();
		ferrite_exit(0);
	}
	U_CHECK(wait_status(pid) == FERRITE_WSTATUS_SIGNAL(FERRITE_SIGSEGV));
	U_CHECK(ferrite_ioport_grant(0x70, 2) == 0);
	port_out(0x70, 0x0b);
	b = port_in(0x71); /* status B: bit 2 set means binary, else BCD */
	s0 = cmos_seconds();
	U_CHECK((b & 4) ? s0 < 60 : ((s0 & 15) < 10 && s0 < 0x60));
	ferrite_nanosleep(&t, 0);
	s1 = cmos_seconds();
	U_CHECK(s1 != s0); /* the clock ticks: 1.5 s later it says another second */
	u_puts("drivers: CMOS seconds ");
	hex((unsigned long)s0);
	u_puts(" then ");
	hex((unsigned long)s1);
	u_puts("\n");
	/* a port next to the granted ones still faults; the child inherited the grant */
	pid = ferrite_fork();
	if (pid == 0) {
		cmos_seconds();
		port_in(0x72);
		ferrite_exit(0);
	}
	U_CHECK(wait_status(pid) == FERRITE_WSTATUS_SIGNAL(FERRITE_SIGSEGV));
	pid = ferrite_fork();
	if (pid == 0) {
		cmos_seconds();
		ferrite_exit(42);
	}
	U_CHECK(wait_status(pid) == FERRITE_WSTATUS_EXIT(42));
	/* dropping CAP_IOPORT takes the ports back */
	pid = ferrite_fork();
	if (pid == 0) {
		ferrite_cap_drop(FERRITE_CAP_IOPORT);
		cmos_seconds();
		ferrite_exit(0);
	}
	U_CHECK(wait_status(pid) == FERRITE_WSTATUS_SIGNAL(FERRITE_SIGSEGV));
}

static volatile unsigned long spin_count;
static unsigned char spin_stack[16384] __attribute__((aligned(16)));

static int port_spinner(void *arg)
{
	(void)arg;
	for (;;) {
		port_in(0x71);
		spin_count++;
	}
	return 0;
}

/* A thread using a port on (likely) the other CPU loses it when its process drops
 * CAP_IOPORT: the revocation reaches every CPU running the process, and its next in faults. */
static void check_ports_revoked_everywhere(void)
{
	long pid = ferrite_fork();
	if (pid == 0) {
		unsigned long f = FERRITE_CLONE_VM | FERRITE_CLONE_FS | FERRITE_CLONE_FILES |
			FERRITE_CLONE_SIGHAND | FERRITE_CLONE_THREAD | FERRITE_CLONE_SYSVSEM;
		if (u_clone(f, spin_stack + sizeof(spin_stack), 0, 0, 0, port_spinner, 0) <= 0)
			ferrite_exit(2);
		for (int i = 0; i < 500 && spin_count < 1000; i++)
			u_sleep_ms(10);
		if (spin_count < 1000)
			ferrite_exit(3); /* the spinner never ran */
		ferrite_cap_drop(FERRITE_CAP_IOPORT);
		u_sleep_ms(3000); /* the spinner's fault ends the process before this is over */
		ferrite_exit(0);
	}
	U_CHECK(wait_status(pid) == FERRITE_WSTATUS_SIGNAL(FERRITE_SIGSEGV));
}

static volatile unsigned *lapic;

static void check_physmap(void)
{
	long a = ferrite_physmap(LAPIC_PHYS, 4096, FERRITE_CACHE_UC);
	U_CHECK(a > 0);
	if (a <= 0)
		return;
	lapic = (volatile unsigned *)a;
	u_puts("drivers: lapic version ");
	hex(lapic[0x30 / 4]);
	u_puts("\n");
	U_CHECK(ferrite_physmap(LAPIC_PHYS + 1, 4096, FERRITE_CACHE_UC) == -FERRITE_EINVAL);
	U_CHECK(ferrite_physmap(LAPIC_PHYS, 4096, 7) == -FERRITE_EINVAL);
	U_CHECK(ferrite_physmap(0x200000, 4096, FERRITE_CACHE_WB) == -FERRITE_EACCES); /* the kernel's RAM */
	U_CHECK(ferrite_physmap(0xb8000, 4096, FERRITE_CACHE_WC) > 0);
}

static void check_dma(void)
{
	unsigned long phys = 0;
	long a = ferrite_dma_alloc(3 * 4096, &phys), b;
	unsigned char *p = (unsigned char *)a, *q;
	int zero = 1, same = 1;
	U_CHECK(a > 0 && phys && (phys & 4095) == 0);
	if (a <= 0)
		return;
	for (int i = 0; i < 3 * 4096; i++)
		zero &= p[i] == 0;
	U_CHECK(zero);
	for (int i = 0; i < 3 * 4096; i++)
		p[i] = (unsigned char)(i * 7 + 3);
	b = ferrite_physmap(phys, 3 * 4096, FERRITE_CACHE_WB); /* the same frames, by address */
	U_CHECK(b > 0 && b != a);
	q = (unsigned char *)b;
	for (int i = 0; b > 0 && i < 3 * 4096; i++)
		same &= q[i] == (unsigned char)(i * 7 + 3);
	U_CHECK(same);
	U_CHECK(ferrite_physmap(phys, 4 * 4096, FERRITE_CACHE_WB) == -FERRITE_EACCES); /* past it */
	U_CHECK(ferrite_dma_alloc(0, &phys) == -FERRITE_EINVAL);
	U_CHECK(ferrite_dma_alloc(4096, (unsigned long *)0xffff800000000000ul) == -FERRITE_EFAULT);
	U_CHECK(ferrite_munmap((void *)a, 3 * 4096) == 0);
	U_CHECK(q[5] == (unsigned char)(5 * 7 + 3)); /* the other view holds the pages */
	U_CHECK(ferrite_munmap((void *)b, 3 * 4096) == 0);
}

static void check_msi(void)
{
	struct ferrite_msi msi;
	unsigned long n = 0;
	struct ferrite_pollfd pfd;
	int fd = (int)ferrite_irq_msi(&msi, FERRITE_O_NONBLOCK);
	U_CHECK(fd >= 0);
	if (fd < 0 || !lapic)
		return;
	U_CHECK((msi.address & 0xfff00000ul) == 0xfee00000ul);
	U_CHECK(msi.data == msi.vector && msi.vector >= 0x30 && msi.vector <= 0xdf);
	U_CHECK(ferrite_read(fd, &n, sizeof(n)) == -FERRITE_EAGAIN);
	/* what a device's MSI write does, done by this CPU to itself: a fixed IPI, "self" */
	lapic[0x300 / 4] = 0x40000u | msi.vector;
	pfd.fd = fd;
	pfd.events = FERRITE_POLLIN;
	U_CHECK(ferrite_poll(&pfd, 1, 5000) == 1 && (pfd.revents & FERRITE_POLLIN));
	U_CHECK(ferrite_read(fd, &n, sizeof(n)) == sizeof(n) && n == 1);
	U_CHECK(ferrite_read(fd, &n, 4) == -FERRITE_EINVAL);
	U_CHECK(ferrite_write(fd, "", 1) == 1);
	ferrite_close(fd);
}

static volatile unsigned long pm_word = 1;

static void check_procmem(void)
{
	int up[2], down[2];
	unsigned long v = 0, w = 0x5eedf00dul;
	char c;
	long pid;
	U_CHECK(ferrite_pipe2(up, 0) == 0 && ferrite_pipe2(down, 0) == 0);
	pid = ferrite_fork();
	if (pid == 0) {
		pm_word = 0xc0ffee;
		ferrite_write(up[1], "r", 1);     /* ready: the parent reads and writes */
		ferrite_read(down[0], &c, 1);     /* ...until it says done */
		ferrite_exit(pm_word == 0x5eedf00dul ? 0 : 1);
	}
	U_CHECK(ferrite_read(up[0], &c, 1) == 1);
	U_CHECK(ferrite_process_vm_read((int)pid, (unsigned long)&pm_word, &v, sizeof(v)) == sizeof(v));
	U_CHECK(v == 0xc0ffee && pm_word == 1); /* its copy, not ours */
	U_CHECK(ferrite_process_vm_write((int)pid, (unsigned long)&pm_word, &w, sizeof(w)) == sizeof(w));
	U_CHECK(ferrite_process_vm_read((int)pid, 0xffff800000000000ul, &v, 8) == -FERRITE_EFAULT);
	U_CHECK(ferrite_process_vm_read((int)pid, 0x10, &v, 8) == -FERRITE_EFAULT); /* nothing there */
	U_CHECK(ferrite_process_vm_read(999999, (unsigned long)&pm_word, &v, 8) == -FERRITE_ESRCH);
	ferrite_write(down[1], "d", 1);
	U_CHECK(wait_status(pid) == FERRITE_WSTATUS_EXIT(0));
	ferrite_close(up[0]);
	ferrite_close(up[1]);
	ferrite_close(down[0]);
	ferrite_close(down[1]);
}

/* A child that allocates DMA memory (2 pages) and says where, then waits for a word: 'u' unmaps
 * it first (a living driver's own munmap), anything else just exits. */
static long dma_child(int up[2], int down[2], unsigned long *phys)
{
	long pid = ferrite_fork();
	char c = 0;
	if (pid == 0) {
		long a = ferrite_dma_alloc(2 * 4096, phys);
		ferrite_write(up[1], phys, sizeof(*phys));
		ferrite_read(down[0], &c, 1);
		if (c == 'u')
			ferrite_munmap((void *)a, 2 * 4096);
		ferrite_write(up[1], &c, 1);
		ferrite_read(down[0], &c, 1);
		ferrite_exit(0);
	}
	U_CHECK(pid > 0 && ferrite_read(up[0], phys, sizeof(*phys)) == sizeof(*phys) && *phys);
	return pid;
}

static unsigned long dma_held(int fd)
{
	unsigned long n = ~0ul;
	U_CHECK(ferrite_read(fd, &n, sizeof(n)) == sizeof(n));
	return n;
}

/* DMA holds (dmahold.c): a dead process's DMA pages stay out of the free lists until its hold
 * is released; a living one's munmap frees at once; a released hold holds nothing more. */
static void check_dma_hold(void)
{
	int up[2], down[2], fd;
	unsigned long phys = 0;
	char c;
	long pid;
	U_CHECK(ferrite_pipe2(up, 0) == 0 && ferrite_pipe2(down, 0) == 0);
	pid = dma_child(up, down, &phys);
	fd = (int)ferrite_dma_hold((int)pid, FERRITE_O_CLOEXEC);
	U_CHECK(fd >= 0);
	U_CHECK(ferrite_dma_hold((int)pid, 0) == -FERRITE_EBUSY);
	U_CHECK(ferrite_dma_hold(999999, 0) == -FERRITE_ESRCH);
	U_CHECK(ferrite_dma_hold(0, 0) == -FERRITE_ESRCH);
	U_CHECK(ferrite_dma_hold((int)pid, 0x4000) == -FERRITE_EINVAL);
	U_CHECK(dma_held(fd) == 0);
	ferrite_kill((int)pid, FERRITE_SIGKILL);
	U_CHECK(wait_status(pid) == FERRITE_WSTATUS_SIGNAL(FERRITE_SIGKILL));
	U_CHECK(dma_held(fd) == 2); /* parked: neither free nor mappable by address */
	U_CHECK(ferrite_physmap(phys, 4096, FERRITE_CACHE_WB) == -FERRITE_EACCES);
	U_CHECK(ferrite_dma_hold((int)pid, 0) == -FERRITE_ESRCH);
	U_CHECK(ferrite_dma_release(up[0]) == -FERRITE_EINVAL);
	U_CHECK(ferrite_dma_release(-1) == -FERRITE_EBADF);
	U_CHECK(ferrite_dma_release(fd) == 2);
	U_CHECK(dma_held(fd) == 0);
	U_CHECK(ferrite_dma_release(fd) == -FERRITE_EINVAL);
	ferrite_close(fd);
	/* alive, it frees its own at once; released, nothing of it waits */
	pid = dma_child(up, down, &phys);
	fd = (int)ferrite_dma_hold((int)pid, 0);
	U_CHECK(fd >= 0);
	ferrite_write(down[1], "u", 1);
	U_CHECK(ferrite_read(up[0], &c, 1) == 1);
	U_CHECK(dma_held(fd) == 0);
	U_CHECK(ferrite_dma_release(fd) == 0);
	ferrite_write(down[1], "x", 1);
	U_CHECK(wait_status(pid) == FERRITE_WSTATUS_EXIT(0));
	U_CHECK(dma_held(fd) == 0);
	ferrite_close(fd);
	ferrite_close(up[0]);
	ferrite_close(up[1]);
	ferrite_close(down[0]);
	ferrite_close(down[1]);
}

/* ioport_seal: no grant after it, in the sealed process or its children; the ports granted
 * before stay. */
static void check_ioport_seal(void)
{
	long pid = ferrite_fork();
	if (pid == 0) {
		long child;
		U_CHECK(ferrite_ioport_grant(0x70, 2) == 0);
		U_CHECK(ferrite_ioport_seal() == 0);
		U_CHECK(ferrite_ioport_grant(0x72, 1) == -FERRITE_EPERM);
		cmos_seconds(); /* still granted: no fault */
		child = ferrite_fork();
		if (child == 0)
			ferrite_exit(ferrite_ioport_grant(0x80, 1) == -FERRITE_EPERM ? 0 : 1);
		U_CHECK(wait_status(child) == FERRITE_WSTATUS_EXIT(0));
		ferrite_exit(u_failures);
	}
	U_CHECK(wait_status(pid) == FERRITE_WSTATUS_EXIT(0));
	U_CHECK(ferrite_ioport_grant(0x80, 1) == 0); /* the parent is not sealed */
}

/* A number after "key " in /proc/dma, or -1. */
static long dma_stat(const char *key)
{
	char buf[256];
	long fd = ferrite_openat(FERRITE_AT_FDCWD, "/proc/dma", FERRITE_O_RDONLY, 0), n, v = -1;
	size_t kl = u_strlen(key);
	if (fd < 0)
		return -1;
	n = ferrite_read((int)fd, buf, sizeof(buf) - 1);
	ferrite_close((int)fd);
	for (long i = 0; n > 0 && i + (long)kl < n; i++) {
		size_t j = 0;
		while (j < kl && buf[i + (long)j] == key[j])
			j++;
		if (j == kl && (i == 0 || buf[i - 1] == '\n') && buf[i + (long)kl] == ' ') {
			v = 0;
			for (long k = i + (long)kl + 1; k < n && buf[k] >= '0' && buf[k] <= '9'; k++)
				v = v * 10 + (buf[k] - '0');
			break;
		}
	}
	return v;
}

/* A hold closed without a release (its server died before it could quiet the device): the
 * dead child's pages are kept for good, never reused (2 pages stay allocated in this boot). */
static void check_dma_hold_kept(void)
{
	int up[2], down[2], fd;
	unsigned long phys = 0;
	long pid, kept = dma_stat("kept_total"), held = dma_stat("held_pages");
	U_CHECK(kept >= 0 && held >= 0);
	U_CHECK(ferrite_pipe2(up, 0) == 0 && ferrite_pipe2(down, 0) == 0);
	pid = dma_child(up, down, &phys);
	fd = (int)ferrite_dma_hold((int)pid, 0);
	U_CHECK(fd >= 0);
	ferrite_kill((int)pid, FERRITE_SIGKILL);
	U_CHECK(wait_status(pid) == FERRITE_WSTATUS_SIGNAL(FERRITE_SIGKILL));
	ferrite_close(fd);
	U_CHECK(dma_stat("kept_total") == kept + 2);
	U_CHECK(dma_stat("held_pages") == held + 2);
	U_CHECK(ferrite_physmap(phys, 4096, FERRITE_CACHE_WB) == -FERRITE_EACCES);
	ferrite_close(up[0]);
	ferrite_close(up[1]);
	ferrite_close(down[0]);
	ferrite_close(down[1]);
}

/* execve keeps the capabilities and the granted ports: the program run again says what it
 * holds ("caps": its set as exit status) and uses a port ("ports": faults if it was lost). */
static void check_exec_keeps(void)
{
	char *caps_argv[] = { "drivers", "caps", 0 }, *ports_argv[] = { "drivers", "ports", 0 };
	long pid = ferrite_fork();
	if (pid == 0) {
		ferrite_cap_drop(FERRITE_CAP_DMA);
		ferrite_execve("/selftest/drivers", caps_argv, 0);
		ferrite_exit(99);
	}
	U_CHECK(wait_status(pid) == FERRITE_WSTATUS_EXIT(FERRITE_CAP_ALL & ~FERRITE_CAP_DMA));
	pid = ferrite_fork();
	if (pid == 0) { /* the ports 0x70-0x71 granted by check_ports, inherited */
		ferrite_execve("/selftest/drivers", ports_argv, 0);
		ferrite_exit(99);
	}
	U_CHECK(wait_status(pid) == FERRITE_WSTATUS_EXIT(7));
}

int main(int argc, char **argv)
{
	if (argc > 1 && argv[1][0] == 'c') /* run again by check_exec_keeps */
		return (int)ferrite_cap_get();
	if (argc > 1 && argv[1][0] == 'p') {
		cmos_seconds();
		return 7;
	}
	U_CHECK(ferrite_cap_get() == FERRITE_CAP_ALL); /* the kernel started it */
	check_eperm();
	check_ports();
	check_ports_revoked_everywhere();
	check_ioport_seal();
	check_exec_keeps();
	check_physmap();
	check_dma();
	check_msi();
	check_procmem();
	check_dma_hold();
	check_dma_hold_kept();
	u_puts(u_failures ? "drivers: FAILED\n" : "drivers: all checks passed\n");
	return u_failures;
}
