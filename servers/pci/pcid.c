/* servers/pci/pcid.c: the PCI bus, /dev/pci (scheme "pci"). At start it enumerates every bus,
 * device and function through the configuration ports (pci_cfg.c, 0xcf8-0xcff granted by
 * init) and then serves:
 *   /dev/pci               one line per function: "BB:DD.F VVVV:DDDD class CCSSPP irq N",
 *                          with " driver PID" when a driver holds it (lspci);
 *   /dev/pci/BB:DD.F       the function's 256 bytes of configuration space, read live;
 *   /dev/pci/BB:DD.F/claim opened read-write: the function is the caller's (one driver each,
 *                          EBUSY for the next; root with CAP_PHYSMAP only); reads as a struct
 *                          pci_claim_info (pci.h), takes struct pci_cmd writes;
 *   /dev/pci/BB:DD.F/claim-intx  the same, with the legacy interrupt even if MSI exists;
 *   /dev/pci/BB:DD.F/irq   the claimer's interrupt descriptor (the server's, passed over).
 * Claiming sizes the BARs, turns decoding on, allocates an MSI vector (irq_msi) and programs
 * it into the MSI or MSI-X capability (INTx, the firmware's line, as a fallback), and takes a DMA hold on the driver
 * (dma_hold): the kernel parks the driver's DMA pages when it dies. When the claim's last
 * description goes (the driver closed it or died: the kernel's CLOSE notice), the function's
 * bus mastering, MSI and decoding are turned off first, and only then is the hold released,
 * so no page the device may still write is reused before it is quiet. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include "ferrite/syscalls.h"
#include "srv_fd.h"
#include "pci_cfg.h"

#define PCI_MAX 256
#define PCI_H_LIST   1ul
#define PCI_H_CONFIG 0x10000ul  /* | index */
#define PCI_H_CLAIM  0x20000ul  /* | index | generation << 20 */

struct pci_driver {
	int pid;                 /* 0: a free slot */
	int hold_fd;             /* dma_hold on it */
	int claims;
};

struct pci_claim {
	int pid;                 /* 0: not claimed */
	unsigned long handle;
	int may_dma;             /* the claimer held CAP_DMA: bus mastering may go on */
	int irq_fd;              /* the server's reference to the interrupt, or -1 */
	unsigned msi_cap;        /* where MSI was enabled, or 0 */
	unsigned msix_cap;       /* where MSI-X was enabled, or 0 */
	void *msix_map;          /* its table's pages, mapped (physmap), and their length */
	size_t msix_len;
	struct pci_claim_info info;
	struct pci_driver *drv;
};

struct pci_fn {
	struct pci_addr a;
	uint32_t id, class_rev, intr; /* configuration dwords 0, 2 and 0x3c as found */
	struct pci_claim claim;
};

static struct pci_fn pci_fns[PCI_MAX];
static int pci_count;
static struct pci_driver pci_drivers[PCI_MAX];
static unsigned long pci_generation;

static void pci_add(struct pci_addr a, void *arg)
{
	struct pci_fn *f;
	(void)arg;
	if (pci_count == PCI_MAX)
		return;
	f = &pci_fns[pci_count++];
	f->a = a;
	f->id = pci_cfg_read32(a, 0);
	f->class_rev = pci_cfg_read32(a, 8);
	f->intr = pci_cfg_read32(a, 0x3c);
	f->claim.irq_fd = -1;
}

static void pci_name(const struct pci_fn *f, char out[8])
{
	snprintf(out, 8, "%02x:%02x.%x", f->a.bus, f->a.dev, f->a.fn);
}

enum pci_node { PCI_NODE_NONE, PCI_NODE_CONFIG, PCI_NODE_CLAIM, PCI_NODE_CLAIM_INTX, PCI_NODE_IRQ };

/* "BB:DD.F", "BB:DD.F/claim", "BB:DD.F/claim-intx" or "BB:DD.F/irq": the function's index
 * and which node. */
static enum pci_node pci_parse(const char *path, int *index)
{
	static const char hex[] = "0123456789abcdef";
	unsigned v[3] = { 0, 0, 0 };
	const char *shape = "xx:xx.x";
	enum pci_node node;
	for (int i = 0, part = 0; shape[i]; i++) {
		const char *h;
		if (shape[i] != 'x') {
			if (path[i] != shape[i])
				return PCI_NODE_NONE;
			part++;
			continue;
		}
		if (!path[i] || !(h = strchr(hex, path[i])))
			return PCI_NODE_NONE;
		v[part] = v[part] * 16 + (unsigned)(h - hex);
	}
	path += 7;
	if (!*path)
		node = PCI_NODE_CONFIG;
	else if (!strcmp(path, "/claim"))
		node = PCI_NODE_CLAIM;
	else if (!strcmp(path, "/claim-intx"))
		node = PCI_NODE_CLAIM_INTX;
	else if (!strcmp(path, "/irq"))
		node = PCI_NODE_IRQ;
	else
		return PCI_NODE_NONE;
	for (int i = 0; i < pci_count; i++)
		if (pci_fns[i].a.bus == v[0] && pci_fns[i].a.dev == v[1] && pci_fns[i].a.fn == v[2]) {
			*index = i;
			return node;
		}
	return PCI_NODE_NONE;
}

/* The function a handle names, or NULL: kind is PCI_H_CONFIG or PCI_H_CLAIM. */
static struct pci_fn *pci_of_handle(unsigned long h, unsigned long kind)
{
	unsigned long i = h & 0xffff;
	struct pci_fn *f;
	if ((h & 0xf0000ul) != kind || i >= (unsigned long)pci_count)
		return NULL;
	f = &pci_fns[i];
	if (kind == PCI_H_CLAIM && (!f->claim.pid || f->claim.handle != h))
		return NULL;
	return f;
}

static struct pci_driver *pci_driver_get(int pid, long *err)
{
	struct pci_driver *free_slot = NULL;
	long fd;
	for (int i = 0; i < PCI_MAX; i++) {
		if (pci_drivers[i].pid == pid)
			return &pci_drivers[i];
		if (!pci_drivers[i].pid && !free_slot)
			free_slot = &pci_drivers[i];
	}
	if (!free_slot) {
		*err = -FERRITE_ENOMEM;
		return NULL;
	}
	/* the kernel parks this process's DMA pages from its end until the release below */
	if ((fd = ferrite_dma_hold(pid, FERRITE_O_CLOEXEC)) < 0) {
		*err = fd;
		return NULL;
	}
	free_slot->pid = pid;
	free_slot->hold_fd = (int)fd;
	free_slot->claims = 0;
	return free_slot;
}

/* May the caller drive devices? Root holding CAP_PHYSMAP (to reach its BARs); *may_dma says
 * whether it also holds CAP_DMA. */
static int pci_caller_ok(const struct ferrite_packet *p, int *may_dma)
{
	struct ferrite_procinfo pi;
	if (p->uid != 0 || ferrite_proc_info(p->pid, &pi) != p->pid || pi.pid != p->pid)
		return 0;
	*may_dma = (pi.caps & FERRITE_CAP_DMA) != 0;
	return (pi.caps & FERRITE_CAP_PHYSMAP) != 0;
}

/* MSI-X: entry 0 of the table (in one of the function's memory BARs, mapped here) gets the
 * vector. 0, or -1 when the table cannot be reached. */
static int pci_claim_msix(struct pci_fn *f, unsigned cap, const struct ferrite_msi *msi)
{
	struct pci_claim *c = &f->claim;
	unsigned bir, entries;
	uint32_t offset;
	uint64_t phys, base;
	long map;
	pci_cfg_msix_table(f->a, cap, &bir, &offset, &entries);
	if (bir > 5 || !(c->info.bar[bir].flags & PCI_BAR_MEM) ||
			offset + entries * 16ull > c->info.bar[bir].size)
		return -1;
	phys = c->info.bar[bir].addr + offset;
	base = phys & ~0xfffull;
	c->msix_len = (size_t)((phys - base + entries * 16ull + 0xfff) & ~0xfffull);
	if ((map = ferrite_physmap(base, c->msix_len, FERRITE_CACHE_UC)) < 0)
		return -1;
	c->msix_map = (void *)map;
	pci_cfg_msix_enable(f->a, cap, (volatile uint32_t *)(map + (long)(phys - base)), entries,
		msi->address, msi->data);
	c->msix_cap = cap;
	return 0;
}

/* The interrupt: MSI or MSI-X when the function has one (and the claim did not ask for
 * INTx), else its legacy line. Decoding is on (an MSI-X table lives in a BAR). */
static void pci_claim_irq(struct pci_fn *f, int intx)
{
	struct pci_claim *c = &f->claim;
	unsigned cap = pci_cfg_find_cap(f->a, PCI_CAP_MSI), xcap = pci_cfg_find_cap(f->a, PCI_CAP_MSIX);
	unsigned line = f->intr & 0xff;
	struct ferrite_msi msi;
	long fd = -1;
	char path[32];
	c->info.irq_kind = PCI_IRQ_NONE;
	if (!intx && (cap || xcap) && (fd = ferrite_irq_msi(&msi, FERRITE_O_CLOEXEC)) >= 0) {
		if (cap) {
			pci_cfg_msi_enable(f->a, cap, msi.address, msi.data);
			c->msi_cap = cap;
			c->info.irq_kind = PCI_IRQ_MSI;
		} else if (pci_claim_msix(f, xcap, &msi) == 0) {
			c->info.irq_kind = PCI_IRQ_MSIX;
		}
	}
	if (c->info.irq_kind != PCI_IRQ_NONE) {
		c->irq_fd = (int)fd;
		c->info.irq_vector = msi.vector;
		return;
	}
	if (fd >= 0)
		close((int)fd);
	if (((f->intr >> 8) & 0xff) == 0 || line == 0 || line == 0xff)
		return; /* no pin, or a line the firmware did not route */
	snprintf(path, sizeof(path), "/dev/irq/%u", line);
	if ((fd = open(path, O_RDWR | O_CLOEXEC)) >= 0) {
		pci_cfg_write16(f->a, PCI_CFG_COMMAND,
			(uint16_t)(pci_cfg_read16(f->a, PCI_CFG_COMMAND) & ~PCI_COMMAND_INTX_OFF));
		c->irq_fd = (int)fd;
		c->info.irq_kind = PCI_IRQ_INTX;
		c->info.irq_vector = line;
	} else {
		/* a line is one opener's (another function's claim may hold it): the driver gets no
		 * interrupt and polls; say so rather than fail the claim */
		dprintf(2, "pcid: %s: no interrupt: INTx line %u: %s\n", path, line, strerror(errno));
	}
}

static long pci_claim(struct srv_req *rq, struct pci_fn *f, int intx)
{
	struct pci_claim *c = &f->claim;
	struct pci_driver *drv;
	uint16_t decode = 0;
	int may_dma = 0;
	long err = 0;
	char name[8];
	if ((rq->pkt.flags & FERRITE_O_ACCMODE) != FERRITE_O_RDWR)
		return -FERRITE_EINVAL;
	if (c->pid)
		return -FERRITE_EBUSY;
	if ((f->class_rev >> 24) == 0x06)
		return -FERRITE_EACCES; /* a bridge carries the others' traffic: it stays pcid's */
	if (!pci_caller_ok(&rq->pkt, &may_dma))
		return -FERRITE_EPERM;
	if (!(drv = pci_driver_get(rq->pkt.pid, &err)))
		return err;
	drv->claims++;
	memset(&c->info, 0, sizeof(c->info));
	c->info.vendor = (uint16_t)f->id;
	c->info.device = (uint16_t)(f->id >> 16);
	c->info.class_code = f->class_rev >> 8;
	c->info.bus = f->a.bus;
	c->info.dev = f->a.dev;
	c->info.fn = f->a.fn;
	/* whatever it did before: off while it is set up */
	pci_cfg_quiesce(f->a, pci_cfg_find_cap(f->a, PCI_CAP_MSI), pci_cfg_find_cap(f->a, PCI_CAP_MSIX));
	pci_cfg_bars(f->a, c->info.bar);
	for (int i = 0; i < 6; i++)
		decode |= c->info.bar[i].flags & PCI_BAR_IO ? PCI_COMMAND_IO :
			  c->info.bar[i].flags & PCI_BAR_MEM ? PCI_COMMAND_MEMORY : 0;
	pci_cfg_write16(f->a, PCI_CFG_COMMAND, (uint16_t)(pci_cfg_read16(f->a, PCI_CFG_COMMAND) | decode));
	pci_claim_irq(f, intx);
	c->pid = rq->pkt.pid;
	c->may_dma = may_dma;
	c->drv = drv;
	c->handle = PCI_H_CLAIM | (unsigned long)(f - pci_fns) | (++pci_generation & 0xfffff) << 20;
	pci_name(f, name);
	srv_fd_log("pcid", "%s claimed by pid %d (interrupt: %s %u)", name, c->pid,
		c->info.irq_kind == PCI_IRQ_MSI ? "MSI vector" : c->info.irq_kind == PCI_IRQ_MSIX ?
		"MSI-X vector" : c->info.irq_kind == PCI_IRQ_INTX ? "INTx line" : "none",
		c->info.irq_vector);
	return srv_handle(rq, c->handle);
}

/* The claim's last description went: the device is quiet before the driver's DMA pages may
 * be reused (the hold's release comes after the command register reads back off). */
static void pci_unclaim(struct pci_fn *f)
{
	struct pci_claim *c = &f->claim;
	struct pci_driver *drv = c->drv;
	uint16_t cmd = pci_cfg_quiesce(f->a, c->msi_cap, c->msix_cap);
	char name[8];
	pci_name(f, name);
	srv_fd_log("pcid", "%s given back by pid %d: bus mastering %s", name, c->pid,
		cmd & PCI_COMMAND_MASTER ? "STILL ON" : "off");
	if (c->irq_fd >= 0)
		close(c->irq_fd); /* after MSI is off: no message can reach the freed vector */
	c->irq_fd = -1;
	if (c->msix_map)
		munmap(c->msix_map, c->msix_len);
	c->msix_map = NULL;
	c->msix_cap = 0;
	c->msi_cap = 0;
	c->pid = 0;
	c->handle = 0;
	c->drv = NULL;
	if (drv && --drv->claims == 0) {
		long n = ferrite_dma_release(drv->hold_fd);
		if (n < 0)
			srv_fd_log("pcid", "releasing pid %d's DMA hold: error %ld", drv->pid, -n);
		close(drv->hold_fd);
		drv->pid = 0;
	}
}

static long pci_open(struct srv_req *rq)
{
	int i = -1;
	enum pci_node node;
	if (!rq->path[0]) {
		if ((rq->pkt.flags & FERRITE_O_ACCMODE) != FERRITE_O_RDONLY)
			return -FERRITE_EROFS;
		return srv_handle(rq, PCI_H_LIST);
	}
	node = pci_parse(rq->path, &i);
	if (node == PCI_NODE_NONE)
		return -FERRITE_ENOENT;
	if (node == PCI_NODE_CLAIM || node == PCI_NODE_CLAIM_INTX)
		return pci_claim(rq, &pci_fns[i], node == PCI_NODE_CLAIM_INTX);
	if (node == PCI_NODE_IRQ) {
		const struct pci_claim *c = &pci_fns[i].claim;
		if (!c->pid || c->pid != rq->pkt.pid)
			return -FERRITE_EPERM;
		if (c->irq_fd < 0)
			return -FERRITE_ENXIO;
		return srv_pass_fd(rq, c->irq_fd);
	}
	if ((rq->pkt.flags & FERRITE_O_ACCMODE) != FERRITE_O_RDONLY)
		return -FERRITE_EROFS;
	return srv_handle(rq, PCI_H_CONFIG | (unsigned long)i);
}

/* The list as it is now (claims come and go): into the scratch buffer, *len its length. */
static char *pci_list(struct srv_req *rq, size_t *len)
{
	size_t cap = (size_t)pci_count * 64 + 1, n = 0;
	char *b = srv_buf(rq, cap);
	if (!b)
		return NULL;
	for (int i = 0; i < pci_count; i++) {
		const struct pci_fn *f = &pci_fns[i];
		n += (size_t)snprintf(b + n, cap - n, "%02x:%02x.%x %04x:%04x class %06x irq %u",
			f->a.bus, f->a.dev, f->a.fn, f->id & 0xffff, f->id >> 16, f->class_rev >> 8,
			f->intr & 0xff);
		if (f->claim.pid)
			n += (size_t)snprintf(b + n, cap - n, " driver %d", f->claim.pid);
		n += (size_t)snprintf(b + n, cap - n, "\n");
	}
	*len = n;
	return b;
}

static long pci_stat_node(struct srv_req *rq, unsigned mode, size_t size)
{
	struct ferrite_stat st;
	memset(&st, 0, sizeof(st));
	st.st_nlink = 1;
	st.st_mode = FERRITE_S_IFREG | mode;
	st.st_size = (long)size;
	return srv_fd_data(rq, &st, sizeof(st), 0);
}

static long pci_stat(struct srv_req *rq)
{
	int i;
	size_t len = 0;
	switch (rq->path[0] ? pci_parse(rq->path, &i) : PCI_NODE_NONE) {
	case PCI_NODE_CONFIG: return pci_stat_node(rq, 0444, 256);
	case PCI_NODE_CLAIM:
	case PCI_NODE_CLAIM_INTX: return pci_stat_node(rq, 0600, sizeof(struct pci_claim_info));
	case PCI_NODE_IRQ: return pci_stat_node(rq, 0600, 0);
	default:
		if (rq->path[0])
			return -FERRITE_ENOENT;
		if (!pci_list(rq, &len))
			return -FERRITE_ENOMEM;
		return pci_stat_node(rq, 0444, len);
	}
}

static long pci_fstat(struct srv_req *rq)
{
	unsigned long h = rq->pkt.handle;
	size_t len = 0;
	if (pci_of_handle(h, PCI_H_CONFIG))
		return pci_stat_node(rq, 0444, 256);
	if (pci_of_handle(h, PCI_H_CLAIM))
		return pci_stat_node(rq, 0600, sizeof(struct pci_claim_info));
	if (h != PCI_H_LIST)
		return -FERRITE_EBADF;
	if (!pci_list(rq, &len))
		return -FERRITE_ENOMEM;
	return pci_stat_node(rq, 0444, len);
}

static long pci_read_op(struct srv_req *rq)
{
	unsigned long h = rq->pkt.handle, off = rq->pkt.arg[0];
	struct pci_fn *f;
	const char *data;
	uint32_t *config;
	size_t size, n;
	if (h == PCI_H_LIST) {
		if (!(data = pci_list(rq, &size)))
			return -FERRITE_ENOMEM;
	} else if ((f = pci_of_handle(h, PCI_H_CONFIG))) {
		if (!(config = srv_buf(rq, 256)))
			return -FERRITE_ENOMEM;
		for (unsigned r = 0; r < 64; r++) /* live: a driver's changes show */
			config[r] = pci_cfg_read32(f->a, r * 4);
		data = (const char *)config;
		size = 256;
	} else if ((f = pci_of_handle(h, PCI_H_CLAIM))) {
		if (off == 0 && rq->pkt.len < sizeof(f->claim.info))
			return -FERRITE_EINVAL; /* the description is read whole */
		data = (const char *)&f->claim.info;
		size = sizeof(f->claim.info);
	} else {
		return -FERRITE_EBADF;
	}
	if (off >= size)
		return 0;
	n = size - off < rq->pkt.len ? size - off : rq->pkt.len;
	return srv_data(rq, data + off, n, (long)n); /* scratch or static: valid after the return */
}

static long pci_write_op(struct srv_req *rq)
{
	struct pci_fn *f = pci_of_handle(rq->pkt.handle, PCI_H_CLAIM);
	struct pci_cmd cmd;
	uint16_t reg;
	long got;
	if (!f)
		return -FERRITE_EBADF;
	if (rq->pkt.len != sizeof(cmd))
		return -FERRITE_EINVAL;
	if ((got = srv_fetch(rq, 0, &cmd, sizeof(cmd))) != (long)sizeof(cmd))
		return got < 0 ? got : -FERRITE_EINVAL;
	if (cmd.op != PCI_CMD_BUSMASTER || cmd.arg > 1)
		return -FERRITE_EINVAL;
	/* only the claimer: its DMA pages are the ones the kernel holds when it dies */
	if (cmd.arg && (!f->claim.may_dma || rq->pkt.pid != f->claim.pid))
		return -FERRITE_EPERM;
	reg = pci_cfg_read16(f->a, PCI_CFG_COMMAND);
	reg = (uint16_t)(cmd.arg ? reg | PCI_COMMAND_MASTER : reg & ~PCI_COMMAND_MASTER);
	pci_cfg_write16(f->a, PCI_CFG_COMMAND, reg);
	return (long)sizeof(cmd);
}

static long pci_close(struct srv_req *rq)
{
	struct pci_fn *f = pci_of_handle(rq->pkt.handle, PCI_H_CLAIM);
	if (f)
		pci_unclaim(f);
	return 0;
}

static const struct srv_ops pci_ops = {
	.open = pci_open,
	.stat = pci_stat,
	.read = pci_read_op,
	.write = pci_write_op,
	.fstat = pci_fstat,
	.close = pci_close,
};

int main(void)
{
	struct srv_transport tr;
	struct srv_fd sfd;
	struct srv srv;
	int err;
	pci_cfg_scan(pci_add, NULL);
	if ((err = srv_fd_open(&sfd, &tr, "pci")) < 0 || srv_init(&srv, &pci_ops, &tr, NULL) < 0) {
		srv_fd_log("pcid", "cannot start");
		return 1;
	}
	srv_fd_log("pcid", "%d functions", pci_count);
	err = srv_run(&srv);
	srv_fd_log("pcid", "the request loop ended: error %d", -err);
	return 1;
}
