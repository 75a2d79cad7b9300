/* servers/pci/pci_cfg.h: configuration space through the ports 0xcf8/0xcfc (pci_cfg.c), and
 * what pcid does to a function with it: enumerate, size BARs, find and program MSI, and turn
 * a function off. Every call is one process's business: pcid is single-threaded. */
#ifndef SERVERS_PCI_CFG_H
#define SERVERS_PCI_CFG_H

#include <stdint.h>
#include "pci.h"

struct pci_addr {
	uint8_t bus, dev, fn;
};

uint32_t pci_cfg_read32(struct pci_addr a, unsigned reg);
uint16_t pci_cfg_read16(struct pci_addr a, unsigned reg);
void pci_cfg_write32(struct pci_addr a, unsigned reg, uint32_t v);
void pci_cfg_write16(struct pci_addr a, unsigned reg, uint16_t v);

/* Calls fn for every function present, bus by bus (a device's other functions only when its
 * header says it has them). */
void pci_cfg_scan(void (*fn)(struct pci_addr a, void *arg), void *arg);

/* The function's BARs, sized with its decoding off (the command register is put back). */
void pci_cfg_bars(struct pci_addr a, struct pci_bar bar[6]);
/* The offset of capability id in the function's list, or 0. */
unsigned pci_cfg_find_cap(struct pci_addr a, unsigned id);
/* Programs the MSI capability at cap with one vector (address, data) and enables it, with
 * INTx off. */
void pci_cfg_msi_enable(struct pci_addr a, unsigned cap, uint64_t address, uint32_t data);
/* MSI-X at cap: where its table is (BAR index, offset) and how many entries it has. */
void pci_cfg_msix_table(struct pci_addr a, unsigned cap, unsigned *bar, uint32_t *offset,
	unsigned *entries);
/* Programs entry 0 of the MSI-X table mapped at table (entries long) with one vector, masks
 * the others and enables MSI-X, with INTx off. Memory decoding must be on. */
void pci_cfg_msix_enable(struct pci_addr a, unsigned cap, volatile uint32_t *table,
	unsigned entries, uint64_t address, uint32_t data);
/* The function gives up the bus: bus mastering, MSI (at msi_cap, if not 0), MSI-X (at
 * msix_cap, if not 0), INTx and decoding off, read back so the writes have reached it. Returns the
 * command register as read back. */
uint16_t pci_cfg_quiesce(struct pci_addr a, unsigned msi_cap, unsigned msix_cap);

#endif
