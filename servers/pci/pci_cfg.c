/* servers/pci/pci_cfg.c: PCI configuration space through the ports 0xcf8 (address) and 0xcfc
 * (data), granted to pcid by init, and the few things pcid does with it (pci_cfg.h). Writes
 * of 16 bits go to their half of the data port, so that writing the command register never
 * writes the status register beside it (its error bits clear when written with ones). */
#include "pci_cfg.h"

#define PCI_ADDR_PORT 0xcf8
#define PCI_DATA_PORT 0xcfc
#define PCI_CFG_BAR0  0x10
#define PCI_CFG_HEADER 0x0c   /* the header type is bits 16-23 of this dword */
#define PCI_CFG_CAPS  0x34
#define PCI_STATUS_CAPS 0x0010u

static void pci_outl(uint16_t port, uint32_t v)
{
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static uint32_t pci_inl(uint16_t port)
{
	uint32_t v;
	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static void pci_outw(uint16_t port, uint16_t v)
{
	__asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static uint16_t pci_inw(uint16_t port)
{
	uint16_t v;
	__asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static void pci_select(struct pci_addr a, unsigned reg)
{
	pci_outl(PCI_ADDR_PORT, 0x80000000u | (uint32_t)a.bus << 16 | (uint32_t)a.dev << 11 |
		(uint32_t)a.fn << 8 | (reg & 0xfcu));
}

uint32_t pci_cfg_read32(struct pci_addr a, unsigned reg)
{
	pci_select(a, reg);
	return pci_inl(PCI_DATA_PORT);
}

uint16_t pci_cfg_read16(struct pci_addr a, unsigned reg)
{
	pci_select(a, reg);
	return pci_inw((uint16_t)(PCI_DATA_PORT + (reg & 2u)));
}

void pci_cfg_write32(struct pci_addr a, unsigned reg, uint32_t v)
{
	pci_select(a, reg);
	pci_outl(PCI_DATA_PORT, v);
}

void pci_cfg_write16(struct pci_addr a, unsigned reg, uint16_t v)
{
	pci_select(a, reg);
	pci_outw((uint16_t)(PCI_DATA_PORT + (reg & 2u)), v);
}

static int pci_present(struct pci_addr a)
{
	return (pci_cfg_read32(a, 0) & 0xffff) != 0xffff;
}

void pci_cfg_scan(void (*fn)(struct pci_addr a, void *arg), void *arg)
{
	struct pci_addr a;
	for (int bus = 0; bus < 256; bus++)
		for (int dev = 0; dev < 32; dev++) {
			a.bus = (uint8_t)bus;
			a.dev = (uint8_t)dev;
			a.fn = 0;
			if (!pci_present(a))
				continue;
			fn(a, arg);
			if (!(pci_cfg_read32(a, PCI_CFG_HEADER) & 0x00800000u)) /* not multi-function */
				continue;
			for (a.fn = 1; a.fn < 8; a.fn++)
				if (pci_present(a))
					fn(a, arg);
		}
}

/* One BAR at slot i: its size and kind; returns the slots it used (2 for 64-bit memory). */
static int pci_bar_probe(struct pci_addr a, int i, struct pci_bar *b)
{
	unsigned reg = PCI_CFG_BAR0 + 4u * (unsigned)i;
	uint32_t lo = pci_cfg_read32(a, reg), hi = 0, szlo, szhi = 0xffffffffu;
	uint64_t mask;
	int used;
	b->addr = b->size = 0;
	b->flags = b->pad = 0;
	pci_cfg_write32(a, reg, 0xffffffffu);
	szlo = pci_cfg_read32(a, reg);
	pci_cfg_write32(a, reg, lo);
	if (lo & 1u) { /* I/O: 32 bits of which the low two are flags; ports are 16 bits */
		mask = (szlo & ~3u) | 0xffff0000u;
		if ((szlo & ~3u) == 0)
			return 1;
		b->flags = PCI_BAR_IO;
		b->addr = lo & 0xfffcu;
		b->size = (uint32_t)~mask + 1u;
		return 1;
	}
	if (((lo >> 1) & 3u) == 2u && i < 5) { /* 64-bit memory: the next slot holds the top */
		hi = pci_cfg_read32(a, reg + 4);
		pci_cfg_write32(a, reg + 4, 0xffffffffu);
		szhi = pci_cfg_read32(a, reg + 4);
		pci_cfg_write32(a, reg + 4, hi);
		b->flags = PCI_BAR_64;
	}
	used = b->flags & PCI_BAR_64 ? 2 : 1;
	mask = (uint64_t)szhi << 32 | (szlo & ~0xfu);
	if ((szlo & ~0xfu) == 0 && (used == 1 || szhi == 0)) {
		b->flags = 0; /* nothing decodes here */
		return used;
	}
	b->flags |= PCI_BAR_MEM | (lo & 8u ? PCI_BAR_PREFETCH : 0);
	b->addr = (uint64_t)hi << 32 | (lo & ~0xfu);
	b->size = ~mask + 1u;
	return used;
}

void pci_cfg_bars(struct pci_addr a, struct pci_bar bar[6])
{
	uint16_t cmd = pci_cfg_read16(a, PCI_CFG_COMMAND);
	int nbars = ((pci_cfg_read32(a, PCI_CFG_HEADER) >> 16) & 0x7f) == 1 ? 2 : 6; /* a bridge has 2 */
	pci_cfg_write16(a, PCI_CFG_COMMAND, (uint16_t)(cmd & ~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY)));
	for (int i = 0; i < 6; i++) {
		bar[i].addr = bar[i].size = 0;
		bar[i].flags = bar[i].pad = 0;
	}
	if (((pci_cfg_read32(a, PCI_CFG_HEADER) >> 16) & 0x7f) > 1)
		nbars = 0; /* a CardBus bridge: none that pcid hands out */
	for (int i = 0; i < nbars;)
		i += pci_bar_probe(a, i, &bar[i]);
	pci_cfg_write16(a, PCI_CFG_COMMAND, cmd);
}

unsigned pci_cfg_find_cap(struct pci_addr a, unsigned id)
{
	unsigned ptr;
	if (!(pci_cfg_read16(a, 0x06) & PCI_STATUS_CAPS))
		return 0;
	ptr = pci_cfg_read32(a, PCI_CFG_CAPS) & 0xfcu;
	for (int n = 0; ptr >= 0x40 && n < 48; n++) { /* 48: a loop in a broken list ends */
		uint32_t v = pci_cfg_read32(a, ptr);
		if ((v & 0xff) == id)
			return ptr;
		ptr = (v >> 8) & 0xfcu;
	}
	return 0;
}

void pci_cfg_msi_enable(struct pci_addr a, unsigned cap, uint64_t address, uint32_t data)
{
	uint16_t ctl = pci_cfg_read16(a, cap + 2);
	int is64 = (ctl & 0x80u) != 0, maskable = (ctl & 0x100u) != 0;
	unsigned data_reg = cap + (is64 ? 12u : 8u);
	pci_cfg_write16(a, cap + 2, (uint16_t)(ctl & ~0x0071u)); /* off, one vector, while set up */
	pci_cfg_write32(a, cap + 4, (uint32_t)address);
	if (is64)
		pci_cfg_write32(a, cap + 8, (uint32_t)(address >> 32));
	pci_cfg_write16(a, data_reg, (uint16_t)data);
	if (maskable) /* the mask bits follow the data (and a reserved half): vector 0 unmasked */
		pci_cfg_write32(a, cap + (is64 ? 16u : 12u), 0);
	pci_cfg_write16(a, PCI_CFG_COMMAND,
		(uint16_t)(pci_cfg_read16(a, PCI_CFG_COMMAND) | PCI_COMMAND_INTX_OFF));
	pci_cfg_write16(a, cap + 2, (uint16_t)((ctl & ~0x0070u) | 1u));
}

void pci_cfg_msix_table(struct pci_addr a, unsigned cap, unsigned *bar, uint32_t *offset,
	unsigned *entries)
{
	uint32_t t = pci_cfg_read32(a, cap + 4);
	*bar = t & 7u;
	*offset = t & ~7u;
	*entries = (pci_cfg_read16(a, cap + 2) & 0x7ffu) + 1;
}

void pci_cfg_msix_enable(struct pci_addr a, unsigned cap, volatile uint32_t *table,
	unsigned entries, uint64_t address, uint32_t data)
{
	uint16_t ctl = pci_cfg_read16(a, cap + 2);
	/* enabled with the whole function masked while its entries are set, then unmasked */
	pci_cfg_write16(a, cap + 2, (uint16_t)(ctl | PCI_MSIX_ENABLE | 0x4000u));
	for (unsigned i = 1; i < entries; i++)
		table[i * 4 + 3] = 1; /* masked: only entry 0 is given out */
	table[0] = (uint32_t)address;
	table[1] = (uint32_t)(address >> 32);
	table[2] = data;
	table[3] = 0;
	pci_cfg_write16(a, PCI_CFG_COMMAND,
		(uint16_t)(pci_cfg_read16(a, PCI_CFG_COMMAND) | PCI_COMMAND_INTX_OFF));
	pci_cfg_write16(a, cap + 2, (uint16_t)((ctl & ~0x4000u) | PCI_MSIX_ENABLE));
}

uint16_t pci_cfg_quiesce(struct pci_addr a, unsigned msi_cap, unsigned msix_cap)
{
	uint16_t cmd = pci_cfg_read16(a, PCI_CFG_COMMAND);
	pci_cfg_write16(a, PCI_CFG_COMMAND, (uint16_t)((cmd & ~(PCI_COMMAND_MASTER | PCI_COMMAND_MEMORY |
		PCI_COMMAND_IO)) | PCI_COMMAND_INTX_OFF));
	if (msi_cap)
		pci_cfg_write16(a, msi_cap + 2, (uint16_t)(pci_cfg_read16(a, msi_cap + 2) & ~1u));
	if (msix_cap)
		pci_cfg_write16(a, msix_cap + 2,
			(uint16_t)(pci_cfg_read16(a, msix_cap + 2) & ~PCI_MSIX_ENABLE));
	return pci_cfg_read16(a, PCI_CFG_COMMAND);
}
