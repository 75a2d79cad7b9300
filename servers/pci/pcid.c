/* servers/pci/pcid.c: the PCI bus, /dev/pci (scheme "pci"). At start it enumerates every bus,
 * device and function through the configuration ports (0xcf8/0xcfc, granted by init) and
 * publishes what it found: reading /dev/pci gives one line per function
 * ("BB:DD.F VVVV:DDDD class CCSSPP irq N"), and /dev/pci/BB:DD.F reads that function's 256
 * bytes of configuration space. Read-only: handing a driver its device's BARs and MSI vectors,
 * and turning bus mastering off when that driver dies, come with the first PCI driver. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "srv_fd.h"

#define PCI_ADDR 0xcf8
#define PCI_DATA 0xcfc
#define PCI_MAX 256
#define PCI_LIST_HANDLE 1  /* /dev/pci itself; a function's handle is 2 + its index */

struct pci_fn {
	uint8_t bus, dev, fn;
	uint32_t config[64];
};

static struct pci_fn pci_fns[PCI_MAX];
static int pci_count;
static char *pci_list;
static size_t pci_list_len;

static uint32_t pci_inl(uint16_t port)
{
	uint32_t v;
	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static void pci_outl(uint16_t port, uint32_t v)
{
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static uint32_t pci_read(int bus, int dev, int fn, int reg)
{
	pci_outl(PCI_ADDR, 0x80000000u | (uint32_t)bus << 16 | (uint32_t)dev << 11 |
		(uint32_t)fn << 8 | (uint32_t)(reg & 0xfc));
	return pci_inl(PCI_DATA);
}

static void pci_add(int bus, int dev, int fn)
{
	struct pci_fn *f;
	if (pci_count == PCI_MAX)
		return;
	f = &pci_fns[pci_count++];
	f->bus = (uint8_t)bus;
	f->dev = (uint8_t)dev;
	f->fn = (uint8_t)fn;
	for (int r = 0; r < 64; r++)
		f->config[r] = pci_read(bus, dev, fn, r * 4);
}

/* Every bus, every device; the other functions only of a multi-function device. */
static void pci_scan(void)
{
	for (int bus = 0; bus < 256; bus++)
		for (int dev = 0; dev < 32; dev++) {
			uint32_t id = pci_read(bus, dev, 0, 0);
			if ((id & 0xffff) == 0xffff)
				continue;
			pci_add(bus, dev, 0);
			if (pci_read(bus, dev, 0, 0x0c) & 0x00800000u) /* header type bit 7 */
				for (int fn = 1; fn < 8; fn++)
					if ((pci_read(bus, dev, fn, 0) & 0xffff) != 0xffff)
						pci_add(bus, dev, fn);
		}
}

static void pci_make_list(void)
{
	size_t cap = (size_t)pci_count * 48 + 1;
	pci_list = malloc(cap);
	if (!pci_list)
		return;
	for (int i = 0; i < pci_count; i++) {
		const struct pci_fn *f = &pci_fns[i];
		pci_list_len += (size_t)snprintf(pci_list + pci_list_len, cap - pci_list_len,
			"%02x:%02x.%x %04x:%04x class %06x irq %u\n", f->bus, f->dev, f->fn,
			f->config[0] & 0xffff, f->config[0] >> 16, f->config[2] >> 8, f->config[15] & 0xff);
	}
}

/* "BB:DD.F" as an index into pci_fns, or -1. */
static int pci_find(const char *name)
{
	unsigned bus, dev, fn;
	char end;
	if (sscanf(name, "%2x:%2x.%1x%c", &bus, &dev, &fn, &end) != 3)
		return -1;
	for (int i = 0; i < pci_count; i++)
		if (pci_fns[i].bus == bus && pci_fns[i].dev == dev && pci_fns[i].fn == fn)
			return i;
	return -1;
}

static long pci_open(struct srv_req *rq)
{
	int i;
	if ((rq->pkt.flags & FERRITE_O_ACCMODE) != FERRITE_O_RDONLY)
		return -FERRITE_EROFS;
	if (!rq->path[0])
		return srv_handle(rq, PCI_LIST_HANDLE);
	if ((i = pci_find(rq->path)) < 0)
		return -FERRITE_ENOENT;
	return srv_handle(rq, 2 + (unsigned long)i);
}

static long pci_stat_of(struct srv_req *rq, unsigned long handle)
{
	struct ferrite_stat st;
	memset(&st, 0, sizeof(st));
	st.st_nlink = 1;
	st.st_mode = FERRITE_S_IFREG | 0444;
	st.st_size = handle == PCI_LIST_HANDLE ? (long)pci_list_len : 256;
	return srv_fd_data(rq, &st, sizeof(st), 0);
}

static long pci_stat(struct srv_req *rq)
{
	int i = rq->path[0] ? pci_find(rq->path) : -2;
	if (i == -1)
		return -FERRITE_ENOENT;
	return pci_stat_of(rq, i < 0 ? PCI_LIST_HANDLE : 2 + (unsigned long)i);
}

static long pci_fstat(struct srv_req *rq)
{
	unsigned long h = rq->pkt.handle;
	if (h != PCI_LIST_HANDLE && (h < 2 || h >= 2 + (unsigned long)pci_count))
		return -FERRITE_EBADF;
	return pci_stat_of(rq, h);
}

static long pci_read_op(struct srv_req *rq)
{
	unsigned long h = rq->pkt.handle, off = rq->pkt.arg[0];
	const char *data;
	size_t size, n;
	if (h == PCI_LIST_HANDLE) {
		data = pci_list;
		size = pci_list_len;
	} else if (h >= 2 && h < 2 + (unsigned long)pci_count) {
		data = (const char *)pci_fns[h - 2].config;
		size = sizeof(pci_fns[0].config);
	} else {
		return -FERRITE_EBADF;
	}
	if (off >= size)
		return 0;
	n = size - off < rq->pkt.len ? size - off : rq->pkt.len;
	return srv_data(rq, data + off, n, (long)n); /* static data: valid after the return */
}

static const struct srv_ops pci_ops = {
	.open = pci_open,
	.stat = pci_stat,
	.read = pci_read_op,
	.fstat = pci_fstat,
};

int main(void)
{
	struct srv_transport tr;
	struct srv_fd sfd;
	struct srv srv;
	int err;
	pci_scan();
	pci_make_list();
	if (!pci_list || (err = srv_fd_open(&sfd, &tr, "pci")) < 0 || srv_init(&srv, &pci_ops, &tr, NULL) < 0) {
		srv_fd_log("pcid", "cannot start");
		return 1;
	}
	srv_fd_log("pcid", "%d functions", pci_count);
	err = srv_run(&srv);
	srv_fd_log("pcid", "the request loop ended: error %d", -err);
	return 1;
}
