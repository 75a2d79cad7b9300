/* servers/pci/tests/edu.c: a driver for QEMU's educational PCI device (`-device edu`, id
 * 1234:11e8), the test driver of the pci server. It claims the device through pcid
 * (/dev/pci/BB:DD.F/claim), maps BAR0 with physmap, checks the identification and liveness
 * registers, has the device compute a factorial and waits for its MSI on the descriptor pcid
 * passed (/dev/pci/BB:DD.F/irq), turns bus mastering on and moves a page from DMA memory into
 * the device and back into another page, and compares the bytes.
 *
 *     edu [once|intx|hold|loop]
 *
 * once: the checks, then exit 0; intx: the same with the legacy interrupt (claim-intx) (1 and a line saying what failed otherwise). hold: the same,
 * then "edu: ready PID" and wait (the claim held, for lspci). loop: the same, then DMA
 * transfers from the device into its pages, again and again, until killed (the test kills it
 * mid-transfer). The register map is QEMU's docs/specs/edu.rst. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "ferrite/syscalls.h"
#include "../pci.h"

#define EDU_ID        0x00   /* 0xRRrr00ed: version and magic */
#define EDU_LIVENESS  0x04   /* reads back the inverse of what was written */
#define EDU_FACTORIAL 0x08
#define EDU_STATUS    0x20   /* 0x01 computing, 0x80 interrupt when done */
#define EDU_IRQ_STATUS 0x24
#define EDU_IRQ_ACK   0x64
#define EDU_DMA_SRC   0x80
#define EDU_DMA_DST   0x88
#define EDU_DMA_COUNT 0x90
#define EDU_DMA_CMD   0x98   /* 0x01 start, 0x02 device to RAM, 0x04 interrupt when done */
#define EDU_DMA_BUF   0x40000 /* the device's own 4 KiB */
#define EDU_DMA_LEN   2048    /* QEMU 7.2 stops the machine for a transfer reaching the end of it */
#define EDU_IRQ_FACT  0x001
#define EDU_IRQ_DMA   0x100

static volatile uint32_t *edu_regs;
static int edu_irq = -1;

static uint32_t edu_rd(unsigned off) { return edu_regs[off / 4]; }
static void edu_wr(unsigned off, uint32_t v) { edu_regs[off / 4] = v; }
static void edu_wr64(unsigned off, uint64_t v) { *(volatile uint64_t *)((volatile char *)edu_regs + off) = v; }

static int edu_fail(const char *what)
{
	printf("edu: FAILED: %s (%s)\n", what, errno ? strerror(errno) : "");
	fflush(stdout);
	return 1;
}

/* The BDF of the first edu device in /dev/pci's list, into name ("BB:DD.F"). */
static int edu_find(char name[8])
{
	char list[8192], *l;
	int fd = open("/dev/pci", O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, list, sizeof(list) - 1);
	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return -1;
	list[n] = 0;
	for (l = list; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
		if (!strncmp(l + 8, "1234:11e8", 9)) {
			memcpy(name, l, 7);
			name[7] = 0;
			return 0;
		}
	return -1;
}

/* Waits (at most 5 s) for the device's interrupt with status bit `what`: its MSI counted on
 * the descriptor and the bit in the device's status; then acknowledges it. */
static int edu_wait_irq(uint32_t what)
{
	struct pollfd p = { .fd = edu_irq, .events = POLLIN };
	uint64_t total = 0, n = 0;
	for (int tries = 0; tries < 50; tries++) {
		if (poll(&p, 1, 100) == 1) {
			if (read(edu_irq, &n, sizeof(n)) != sizeof(n))
				return -1;
			total += n;
		}
		if (total && (edu_rd(EDU_IRQ_STATUS) & what)) {
			edu_wr(EDU_IRQ_ACK, what); /* the device lowers its line... */
			if (write(edu_irq, "", 1) != 1) /* ...which the kernel may unmask (INTx) */
				return -1;
			return 0;
		}
	}
	return -1;
}

static int edu_dma(uint64_t src, uint64_t dst, uint32_t len, uint32_t dir)
{
	edu_wr64(EDU_DMA_SRC, src);
	edu_wr64(EDU_DMA_DST, dst);
	edu_wr64(EDU_DMA_COUNT, len);
	edu_wr64(EDU_DMA_CMD, 1u | dir | 4u);
	return edu_wait_irq(EDU_IRQ_DMA);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "once";
	int intx = !strcmp(mode, "intx");
	struct pci_claim_info info;
	struct pci_cmd cmd = { PCI_CMD_BUSMASTER, 1 };
	char name[8], path[64];
	unsigned long phys = 0;
	unsigned char *buf;
	uint32_t x = 0x12345678u;
	long regs;
	int claim;
	if (edu_find(name) < 0)
		return edu_fail("no edu device in /dev/pci");
	snprintf(path, sizeof(path), "/dev/pci/%s/%s", name, intx ? "claim-intx" : "claim");
	if ((claim = open(path, O_RDWR)) < 0)
		return edu_fail("claiming it");
	if (read(claim, &info, sizeof(info)) != (ssize_t)sizeof(info))
		return edu_fail("reading the claim");
	if (info.vendor != 0x1234 || info.device != 0x11e8 || !(info.bar[0].flags & PCI_BAR_MEM) ||
			info.bar[0].size != 1u << 20 || info.irq_kind != (intx ? PCI_IRQ_INTX : PCI_IRQ_MSI))
		return edu_fail("the claim's description (BAR0 1 MiB of memory, MSI or INTx)");
	if ((regs = ferrite_physmap(info.bar[0].addr, info.bar[0].size, FERRITE_CACHE_UC)) < 0)
		return edu_fail("physmap of BAR0");
	edu_regs = (volatile uint32_t *)regs;
	snprintf(path, sizeof(path), "/dev/pci/%s/irq", name);
	if ((edu_irq = open(path, O_RDWR)) < 0)
		return edu_fail("opening its interrupt");
	if ((edu_rd(EDU_ID) & 0xff) != 0xed || edu_rd(EDU_ID) != 0x010000edu)
		return edu_fail("the identification register");
	edu_wr(EDU_LIVENESS, x);
	if (edu_rd(EDU_LIVENESS) != ~x)
		return edu_fail("the liveness register");
	/* an MSI is a memory write by the device: it needs bus mastering too */
	if (write(claim, &cmd, sizeof(cmd)) != (ssize_t)sizeof(cmd))
		return edu_fail("bus mastering on");
	edu_wr(EDU_STATUS, 0x80);
	edu_wr(EDU_FACTORIAL, 10);
	if (edu_wait_irq(EDU_IRQ_FACT) < 0 || edu_rd(EDU_FACTORIAL) != 3628800u)
		return edu_fail("10! with its interrupt");
	if ((long)(buf = (unsigned char *)ferrite_dma_alloc(8192, &phys)) < 0)
		return edu_fail("dma_alloc");
	for (int i = 0; i < EDU_DMA_LEN; i++)
		buf[i] = (unsigned char)(i * 13 + 7);
	if (edu_dma(phys, EDU_DMA_BUF, EDU_DMA_LEN, 0) < 0 ||
			edu_dma(EDU_DMA_BUF, phys + 4096, EDU_DMA_LEN, 2) < 0)
		return edu_fail("the DMA transfers and their interrupts");
	if (memcmp(buf, buf + 4096, EDU_DMA_LEN))
		return edu_fail("the bytes that came back by DMA");
	printf("edu: %s: id %#x, 10! = %u, 2 KiB there and back by DMA at %#lx, %s %u: ok\n",
		name, edu_rd(EDU_ID), edu_rd(EDU_FACTORIAL), phys, intx ? "INTx line" : "MSI vector",
		info.irq_vector);
	fflush(stdout);
	if (!strcmp(mode, "hold") || !strcmp(mode, "loop")) {
		printf("edu: ready %d\n", (int)getpid());
		fflush(stdout);
	}
	if (!strcmp(mode, "hold"))
		for (;;)
			pause();
	while (!strcmp(mode, "loop")) { /* the device writes into its pages until it is killed */
		edu_wr64(EDU_DMA_SRC, EDU_DMA_BUF);
		edu_wr64(EDU_DMA_DST, phys + 4096);
		edu_wr64(EDU_DMA_COUNT, EDU_DMA_LEN);
		edu_wr64(EDU_DMA_CMD, 1u | 2u);
		while (edu_rd(EDU_DMA_CMD) & 1u)
			usleep(1000);
	}
	return 0;
}
