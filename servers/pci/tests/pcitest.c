/* servers/pci/tests/pcitest.c: the pci server's tests inside Ferrite (make test-qemu-pci,
 * servers/pci/tests/pci-test). init runs it as a service of the test boot's extra list
 * (pci.services: caps physmap dma), with QEMU's edu device on the bus:
 *
 *     pcitest          the driver (/selftest/edu) claims the device and uses it (MMIO, a
 *                      factorial and its MSI, DMA both ways); lspci shows the claim and its
 *                      pid; the driver is killed with SIGKILL in the middle of its DMA while
 *                      pcid is stopped: its DMA pages stay held, and once pcid runs again bus
 *                      mastering is off in configuration space before the kernel frees them
 *                      (the log's order); the device can be claimed again and works; wrong
 *                      requests get errors (claims twice, unprivileged, bad names, short
 *                      buffers, bad commands), each in a child that must end within 20 s;
 *                      a virtio function gets MSI-X, off again once given back; pcid killed
 *                      under a driver: restarted by init, the dead driver's pages kept;
 *                      then it asks init for a poweroff.
 *     pcitest ports    run by init with `ioports 0x70-0x71`: those ports work, the next one
 *                      and the PCI ports fault, and no grant is possible after init's seal.
 *
 * Each prints `pci: N passed, M failed` (`pci-ports: ...`). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>
#include "ferrite/syscalls.h"
#include "../pci.h"

#define PT_EDU "/selftest/edu"

static int pt_failed_checks;
static char pt_edu[8];          /* the edu device's "BB:DD.F" */

#define PT_CHECK(cond) pt_check(!!(cond), #cond, __LINE__)

static void pt_check(int ok, const char *what, int line)
{
	if (ok)
		return;
	printf("pcitest: line %d: %s (errno %s)\n", line, what, strerror(errno));
	fflush(stdout);
	pt_failed_checks++;
}

static void pt_sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
	nanosleep(&ts, NULL);
}

/* A program started with its output on a pipe the test reads. */
struct pt_child {
	pid_t pid;
	int out;
	char text[4096];
	size_t len;
};

static int pt_spawn(struct pt_child *c, char *const argv[])
{
	int p[2];
	if (pipe(p) < 0)
		return -1;
	c->len = 0;
	c->text[0] = 0;
	if ((c->pid = fork()) == 0) {
		dup2(p[1], 1);
		close(p[0]);
		close(p[1]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(p[1]);
	c->out = p[0];
	return c->pid > 0 ? 0 : -1;
}

/* Reads the child's output until it contains `want` (or it ends): 1 if it came. */
static int pt_read_until(struct pt_child *c, const char *want)
{
	ssize_t n;
	while (!strstr(c->text, want) && c->len < sizeof(c->text) - 1 &&
	       (n = read(c->out, c->text + c->len, sizeof(c->text) - 1 - c->len)) > 0) {
		c->len += (size_t)n;
		c->text[c->len] = 0;
	}
	return strstr(c->text, want) != NULL;
}

/* Runs argv to its end: its wait status; its output in c. */
static int pt_run(struct pt_child *c, char *const argv[])
{
	int st = -1;
	if (pt_spawn(c, argv) < 0)
		return -1;
	pt_read_until(c, "\001never\001");
	close(c->out);
	waitpid(c->pid, &st, 0);
	return st;
}

/* The first function with this "VVVV:DDDD" into bdf. */
static int pt_find(const char *id, char bdf[8])
{
	char list[8192], *l;
	int fd = open("/dev/pci", O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, list, sizeof(list) - 1);
	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return -1;
	list[n] = 0;
	for (l = list; *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : l + strlen(l))
		if (!strncmp(l + 8, id, 9)) {
			memcpy(bdf, l, 7);
			bdf[7] = 0;
			return 0;
		}
	return -1;
}

/* A field of /proc/dma, or -1. */
static long pt_dma(const char *key)
{
	char buf[512], *at;
	int fd = open("/proc/dma", O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	size_t klen = strlen(key);
	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	for (at = buf; (at = strstr(at, key)); at += klen)
		if ((at == buf || at[-1] == '\n') && at[klen] == ' ')
			return strtol(at + klen + 1, NULL, 10);
	return -1;
}

/* 16 bits of a function's configuration space, read through /dev/pci/BB:DD.F (-1 on
 * failure); cap: the offset of that capability's header is added (-1 if it has none). */
static long pt_config16(const char *bdf, unsigned cap, unsigned off)
{
	unsigned char cfg[256];
	char path[32];
	unsigned at = 0;
	int fd;
	ssize_t n;
	snprintf(path, sizeof(path), "/dev/pci/%s", bdf);
	if ((fd = open(path, O_RDONLY)) < 0)
		return -1;
	n = read(fd, cfg, sizeof(cfg));
	close(fd);
	if (n != 256)
		return -1;
	if (cap) {
		for (at = cfg[0x34] & 0xfcu; at && cfg[at] != cap; at = cfg[at + 1] & 0xfcu)
			;
		if (!at)
			return -1;
	}
	return (long)(cfg[at + off] | cfg[at + off + 1] << 8);
}

static long pt_command(void)
{
	return pt_config16(pt_edu, 0, PCI_CFG_COMMAND);
}

static int pt_pid_named(const char *name)
{
	struct ferrite_procinfo pi;
	long pid = 1;
	size_t n = strlen(name);
	while ((pid = ferrite_proc_info((int)pid, &pi)) > 0) {
		size_t l = strlen(pi.name);
		if (l >= n && !strcmp(pi.name + l - n, name))
			return pi.pid;
		pid++;
	}
	return -1;
}

/* The whole kernel log now, in a buffer the caller frees. */
static char *pt_kmsg(void)
{
	size_t cap = 1 << 18, len = 0;
	char *b = malloc(cap);
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	ssize_t n;
	if (!b || fd < 0) {
		free(b);
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	while (len < cap - 4096 && (n = read(fd, b + len, 4096)) > 0)
		len += (size_t)n;
	b[len] = 0;
	close(fd);
	return b;
}

static int pt_open_claim(const char *bdf, int flags)
{
	char path[48];
	snprintf(path, sizeof(path), "/dev/pci/%s/claim", bdf);
	return open(path, flags);
}

/* ---- the tests: each runs in a child; it passes when the child exits 0 ---- */

static void t_driver_uses_edu(void)
{
	struct pt_child c;
	char *argv[] = { PT_EDU, "once", NULL };
	int st = pt_run(&c, argv);
	fputs(c.text, stdout); /* the driver's own lines, for the log */
	PT_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	PT_CHECK(strstr(c.text, "by DMA at") && strstr(c.text, ": ok"));
}

/* lspci shows the claim and its pid while the driver holds it, and not after. */
static void t_lspci_shows_the_driver(void)
{
	struct pt_child d, l;
	char *argv[] = { PT_EDU, "hold", NULL }, *lspci[] = { "/bin/lspci", NULL };
	char *help[] = { "/bin/lspci", "--help", NULL }, want[64], *line;
	int st;
	PT_CHECK(pt_spawn(&d, argv) == 0 && pt_read_until(&d, "edu: ready"));
	st = pt_run(&l, lspci);
	PT_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	snprintf(want, sizeof(want), "%s 1234:11e8", pt_edu);
	line = strstr(l.text, want);
	snprintf(want, sizeof(want), " driver %d\n", (int)d.pid);
	PT_CHECK(line && strstr(line, want) && strstr(line, want) < strchr(line, '\n') + 1);
	PT_CHECK(pt_open_claim(pt_edu, O_RDWR) < 0 && errno == EBUSY); /* one driver a function */
	kill(d.pid, SIGKILL);
	waitpid(d.pid, &st, 0);
	close(d.out);
	for (int i = 0; i < 100; i++) { /* pcid hears of it through the claim's close */
		pt_run(&l, lspci);
		if ((line = strstr(l.text, pt_edu)) && !strstr(line, " driver "))
			break;
		pt_sleep_ms(50);
	}
	PT_CHECK(line && !strstr(line, " driver "));
	st = pt_run(&l, help);
	PT_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0 && strstr(l.text, "usage: lspci"));
}

/* Killed mid-DMA while pcid is stopped: the pages stay held until pcid has turned bus
 * mastering off, and the log says so in that order. */
static void t_killed_mid_dma(void)
{
	struct pt_child d;
	char *argv[] = { PT_EDU, "loop", NULL }, want[96], *log, *off, *freed;
	int pcid = pt_pid_named("pcid"), st;
	long held0 = pt_dma("held_pages"), held = -1, cmd;
	PT_CHECK(pcid > 0 && held0 >= 0);
	PT_CHECK(pt_spawn(&d, argv) == 0 && pt_read_until(&d, "edu: ready"));
	cmd = pt_command();
	PT_CHECK(cmd >= 0 && (cmd & PCI_COMMAND_MASTER) && (cmd & PCI_COMMAND_MEMORY));
	PT_CHECK(kill(pcid, SIGSTOP) == 0);
	pt_sleep_ms(150); /* inside a transfer: each takes the device 100 ms */
	PT_CHECK(kill(d.pid, SIGKILL) == 0);
	PT_CHECK(waitpid(d.pid, &st, 0) == d.pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	close(d.out);
	pt_sleep_ms(300);
	held = pt_dma("held_pages");
	PT_CHECK(held >= held0 + 2); /* its two DMA pages: dead, but not free while pcid sleeps */
	PT_CHECK(kill(pcid, SIGCONT) == 0);
	for (int i = 0; i < 100 && (held = pt_dma("held_pages")) > held0; i++)
		pt_sleep_ms(50);
	PT_CHECK(held == held0);
	cmd = pt_command();
	PT_CHECK(cmd >= 0 && !(cmd & PCI_COMMAND_MASTER) && !(cmd & PCI_COMMAND_MEMORY));
	log = pt_kmsg();
	snprintf(want, sizeof(want), "pcid: %s given back by pid %d: bus mastering off", pt_edu, (int)d.pid);
	off = log ? strstr(log, want) : NULL;
	snprintf(want, sizeof(want), "dma: pid %d: ", (int)d.pid);
	freed = log ? strstr(log, want) : NULL;
	PT_CHECK(off && freed && off < freed);
	PT_CHECK(freed && strtol(freed + strlen(want), NULL, 10) >= 2);
	free(log);
}

static void t_claimed_again_after_death(void)
{
	t_driver_uses_edu();
}

/* The legacy line as a fallback: the firmware's line register, level-triggered through the
 * I/O APIC, acknowledged by a write to the descriptor. */
static void t_intx_for_edu(void)
{
	struct pt_child c;
	char *argv[] = { PT_EDU, "intx", NULL };
	int st = pt_run(&c, argv);
	fputs(c.text, stdout);
	PT_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	PT_CHECK(strstr(c.text, "INTx line") && strstr(c.text, ": ok"));
}

/* The virtio-rng function has MSI-X only: entry 0 gets the vector, MSI-X is enabled while
 * claimed and off once given back. */
static void t_msix_for_virtio(void)
{
	struct pci_claim_info info;
	char bdf[8], path[48];
	int fd, irq = -1;
	long ctl;
	PT_CHECK(pt_find("1af4:1005", bdf) == 0);
	PT_CHECK((fd = pt_open_claim(bdf, O_RDWR)) >= 0);
	PT_CHECK(read(fd, &info, sizeof(info)) == (ssize_t)sizeof(info));
	PT_CHECK(info.irq_kind == PCI_IRQ_MSIX && info.irq_vector >= 0x30);
	ctl = pt_config16(bdf, PCI_CAP_MSIX, 2);
	PT_CHECK(ctl >= 0 && (ctl & PCI_MSIX_ENABLE) && !(ctl & 0x4000));
	snprintf(path, sizeof(path), "/dev/pci/%s/irq", bdf);
	PT_CHECK((irq = open(path, O_RDWR | O_NONBLOCK)) >= 0);
	close(irq);
	close(fd);
	for (int i = 0; i < 100 && (ctl = pt_config16(bdf, PCI_CAP_MSIX, 2)) >= 0 && (ctl & PCI_MSIX_ENABLE); i++)
		pt_sleep_ms(20);
	PT_CHECK(ctl >= 0 && !(ctl & PCI_MSIX_ENABLE));
	PT_CHECK(!(pt_config16(bdf, 0, PCI_CFG_COMMAND) & PCI_COMMAND_MEMORY));
}

static void t_bad_requests(void)
{
	struct pci_claim_info info;
	struct pci_cmd cmd = { PCI_CMD_BUSMASTER, 1 };
	char path[48], small[8];
	int fd, c2;
	PT_CHECK(pt_open_claim("zz:zz.z", O_RDWR) < 0 && errno == ENOENT);
	PT_CHECK(pt_open_claim("00:1f.7", O_RDWR) < 0 && errno == ENOENT); /* no such function */
	PT_CHECK(pt_open_claim("00:00.0x", O_RDWR) < 0 && errno == ENOENT);
	PT_CHECK(open("/dev/pci/00:00.0/claim/x", O_RDWR) < 0 && errno == ENOENT);
	snprintf(path, sizeof(path), "/dev/pci/%s/bogus", pt_edu);
	PT_CHECK(open(path, O_RDWR) < 0 && errno == ENOENT);
	PT_CHECK(pt_open_claim(pt_edu, O_RDONLY) < 0 && errno == EINVAL);
	snprintf(path, sizeof(path), "/dev/pci/%s/irq", pt_edu);
	PT_CHECK(open(path, O_RDWR) < 0 && errno == EPERM); /* not its claim */
	snprintf(path, sizeof(path), "/dev/pci/%s", pt_edu);
	PT_CHECK(open(path, O_RDWR) < 0 && errno == EROFS);
	fd = pt_open_claim(pt_edu, O_RDWR);
	PT_CHECK(fd >= 0);
	PT_CHECK(pt_open_claim(pt_edu, O_RDWR) < 0 && errno == EBUSY); /* twice */
	PT_CHECK(read(fd, small, sizeof(small)) < 0 && errno == EINVAL); /* short */
	PT_CHECK(read(fd, (void *)16, sizeof(info)) < 0 && errno == EFAULT);
	PT_CHECK(read(fd, &info, sizeof(info)) == (ssize_t)sizeof(info) && info.device == 0x11e8);
	PT_CHECK(read(fd, &info, sizeof(info)) == 0); /* read whole, once */
	PT_CHECK(lseek(fd, 0, SEEK_SET) == 0 && read(fd, &info, sizeof(info)) == (ssize_t)sizeof(info));
	PT_CHECK(write(fd, &cmd, 4) < 0 && errno == EINVAL);
	cmd.op = 99;
	PT_CHECK(write(fd, &cmd, sizeof(cmd)) < 0 && errno == EINVAL);
	cmd.op = PCI_CMD_BUSMASTER;
	cmd.arg = 7;
	PT_CHECK(write(fd, &cmd, sizeof(cmd)) < 0 && errno == EINVAL);
	PT_CHECK(write(fd, (void *)16, sizeof(cmd)) < 0 && errno == EFAULT);
	{ /* a child sharing the claim may not turn bus mastering on: the hold is its parent's */
		pid_t pid = fork();
		int st = -1;
		cmd.arg = 1;
		if (pid == 0)
			_exit(write(fd, &cmd, sizeof(cmd)) < 0 && errno == EPERM ? 0 : 1);
		waitpid(pid, &st, 0);
		PT_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	}
	PT_CHECK(pt_open_claim("00:00.0", O_RDWR) < 0 && errno == EACCES); /* bridges stay pcid's */
	c2 = dup(fd); /* one claim, two descriptors: it ends with the last */
	close(fd);
	PT_CHECK(pt_open_claim(pt_edu, O_RDWR) < 0 && errno == EBUSY);
	close(c2);
	for (int i = 0; i < 100 && (fd = pt_open_claim(pt_edu, O_RDWR)) < 0 && errno == EBUSY; i++)
		pt_sleep_ms(20);
	PT_CHECK(fd >= 0);
	close(fd);
}

/* pcid killed while a driver holds the device: init starts it again; the driver, killed
 * later, has no one to quiet its device, so its DMA pages are kept for good (its hold closed
 * without a release), never reused; a new driver claims the device and it works. */
static void t_pcid_killed_under_a_driver(void)
{
	struct pt_child d;
	char *argv[] = { PT_EDU, "hold", NULL };
	int pcid = pt_pid_named("pcid"), again = -1, st;
	long kept = pt_dma("kept_total"), held = pt_dma("held_pages");
	PT_CHECK(pcid > 0 && kept >= 0 && held >= 0);
	PT_CHECK(pt_spawn(&d, argv) == 0 && pt_read_until(&d, "edu: ready"));
	PT_CHECK(kill(pcid, SIGKILL) == 0);
	for (int i = 0; i < 200 && ((again = pt_pid_named("pcid")) <= 0 || again == pcid ||
			open("/dev/pci", O_RDONLY) < 0); i++)
		pt_sleep_ms(50);
	PT_CHECK(again > 0 && again != pcid);
	PT_CHECK(kill(d.pid, SIGKILL) == 0 && waitpid(d.pid, &st, 0) == d.pid);
	close(d.out);
	PT_CHECK(pt_dma("kept_total") >= kept + 2 && pt_dma("held_pages") >= held + 2);
	t_driver_uses_edu();
}

/* A child that drops caps (or its uid) first: what its claim gets. */
static int pt_claim_as(unsigned drop, int uid, int busmaster)
{
	pid_t pid = fork();
	int st = -1;
	if (pid == 0) {
		struct pci_cmd cmd = { PCI_CMD_BUSMASTER, 1 };
		int fd, r;
		ferrite_cap_drop(drop);
		if (uid && setuid(uid) < 0)
			_exit(100);
		for (int i = 0; i < 100 && (fd = pt_open_claim(pt_edu, O_RDWR)) < 0 && errno == EBUSY; i++)
			pt_sleep_ms(20); /* the last test's claim may still be on its way out */
		if (fd < 0)
			_exit(errno);
		r = busmaster ? (int)write(fd, &cmd, sizeof(cmd)) : 0;
		_exit(r < 0 ? 200 + errno : 0);
	}
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void t_unprivileged_claims(void)
{
	PT_CHECK(pt_claim_as(FERRITE_CAP_ALL, 0, 0) == EPERM);          /* no capabilities */
	PT_CHECK(pt_claim_as(FERRITE_CAP_PHYSMAP, 0, 0) == EPERM);      /* no way to its BARs */
	PT_CHECK(pt_claim_as(0, 1000, 0) == EPERM);                      /* not root */
	PT_CHECK(pt_claim_as(FERRITE_CAP_DMA, 0, 1) == 200 + EPERM);     /* no bus mastering without CAP_DMA */
	PT_CHECK(pt_claim_as(0, 0, 1) == 0);
}

/* This program holds no CAP_IOPORT: the configuration ports are pcid's alone. */
static void t_no_pci_ports_here(void)
{
	pid_t pid = fork();
	int st = -1;
	if (pid == 0) {
		uint32_t v;
		uint16_t port = 0xcf8;
		__asm__ volatile("inl %1, %0" : "=a"(v) : "d"(port));
		_exit((int)(v & 1));
	}
	waitpid(pid, &st, 0);
	PT_CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
	PT_CHECK(ferrite_ioport_grant(0xcf8, 8) == -FERRITE_EPERM);
}

struct pt_test {
	const char *name;
	void (*fn)(void);
};

static const struct pt_test pt_tests[] = {
	{ "driver_uses_edu", t_driver_uses_edu },
	{ "lspci_shows_the_driver", t_lspci_shows_the_driver },
	{ "killed_mid_dma_bus_mastering_off_before_pages_free", t_killed_mid_dma },
	{ "claimed_again_after_death", t_claimed_again_after_death },
	{ "msix_for_virtio", t_msix_for_virtio },
	{ "intx_for_edu", t_intx_for_edu },
	{ "bad_requests", t_bad_requests },
	{ "unprivileged_claims", t_unprivileged_claims },
	{ "no_pci_ports_here", t_no_pci_ports_here },
	{ "pcid_killed_under_a_driver", t_pcid_killed_under_a_driver },
};

/* Runs fn in a child that must end within limit seconds: 1 if it passed. */
static int pt_run_test(void (*fn)(void), int limit)
{
	pid_t pid = fork();
	int st = -1;
	if (pid == 0) {
		fn();
		fflush(stdout);
		_exit(pt_failed_checks ? 1 : 0);
	}
	for (int i = 0; i < limit * 20 && waitpid(pid, &st, WNOHANG) == 0; i++)
		pt_sleep_ms(50);
	if (st == -1) {
		printf("pcitest: a hang: killed after %d s\n", limit);
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
		return 0;
	}
	return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

static int pt_port_probe(uint16_t port)
{
	pid_t pid = fork();
	int st = -1;
	if (pid == 0) {
		uint8_t v;
		__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
		(void)v;
		_exit(0);
	}
	waitpid(pid, &st, 0);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0; /* 1: the port was ours */
}

/* `ioports 0x70-0x71` from init: exactly those, sealed. */
static int pt_ports(void)
{
	int passed = 0, failed = 0;
	int ok[] = {
		pt_port_probe(0x70) && pt_port_probe(0x71),
		!pt_port_probe(0x72) && !pt_port_probe(0x6f),
		!pt_port_probe(0xcf8) && !pt_port_probe(0xcfc),
		ferrite_ioport_grant(0x72, 1) == -FERRITE_EPERM, /* init sealed them */
		ferrite_cap_get() == FERRITE_CAP_IOPORT,
	};
	for (unsigned i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		if (!ok[i])
			printf("pci-ports: check %u failed\n", i);
		ok[i] ? passed++ : failed++;
	}
	printf("pci-ports: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}

int main(int argc, char **argv)
{
	int passed = 0, failed = 0;
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1 && !strcmp(argv[1], "ports"))
		return pt_ports();
	if (pt_find("1234:11e8", pt_edu) < 0) {
		printf("pcitest: no edu device in /dev/pci\npci: 0 passed, 1 failed\n");
		kill(1, SIGUSR1);
		return 1;
	}
	printf("pcitest: edu at %s\n", pt_edu);
	for (unsigned i = 0; i < sizeof(pt_tests) / sizeof(pt_tests[0]); i++) {
		int ok = pt_run_test(pt_tests[i].fn, 20);
		printf("%s %s\n", ok ? "ok  " : "FAIL", pt_tests[i].name);
		ok ? passed++ : failed++;
	}
	printf("pci: %d passed, %d failed\n", passed, failed);
	kill(1, SIGUSR1); /* init powers the machine off */
	return failed != 0;
}
