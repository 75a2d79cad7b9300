/* servers/pci/pci.h: what the pci server (pcid) and its drivers share. A driver claims a
 * function by opening /dev/pci/BB:DD.F/claim read-write; the claim's description reads as one
 * struct pci_claim_info (its BARs and its interrupt) and takes struct pci_cmd writes; opening
 * /dev/pci/BB:DD.F/irq (the claimer only) gives the interrupt's descriptor (read: a u64 count
 * of interrupts since the last read; a write acknowledges a legacy line, which stays masked
 * until then). /dev/pci/BB:DD.F/claim-intx claims with the legacy interrupt even when the
 * function has MSI (a device whose MSI is broken; the tests). Closing the claim, or dying, gives the function back:
 * pcid turns its bus mastering, interrupt and decoding off before the driver's DMA pages can
 * be reused (docs/ARCHITECTURE.md, "The pci server"). */
#ifndef SERVERS_PCI_H
#define SERVERS_PCI_H

#include <stdint.h>

/* struct pci_bar.flags */
#define PCI_BAR_IO       0x1u  /* I/O ports: addr is the first port */
#define PCI_BAR_MEM      0x2u  /* memory: addr is physical (physmap it) */
#define PCI_BAR_64       0x4u  /* a 64-bit memory BAR: it used the next slot too */
#define PCI_BAR_PREFETCH 0x8u  /* prefetchable memory */

struct pci_bar {
	uint64_t addr;           /* 0 with size 0: no BAR in this slot */
	uint64_t size;           /* bytes, found by writing all ones with decoding off */
	uint32_t flags;          /* PCI_BAR_* */
	uint32_t pad;
};
_Static_assert(sizeof(struct pci_bar) == 24, "struct pci_bar");

/* struct pci_claim_info.irq_kind: what /dev/pci/BB:DD.F/irq delivers */
#define PCI_IRQ_NONE 0u        /* the function has no interrupt pcid can give */
#define PCI_IRQ_MSI  1u        /* an MSI vector pcid allocated and programmed (irq_msi) */
#define PCI_IRQ_INTX 2u        /* the legacy line the firmware set (/dev/irq/LINE): a fallback */
#define PCI_IRQ_MSIX 3u        /* MSI-X: table entry 0 programmed with the vector, the rest masked */

struct pci_claim_info {
	uint16_t vendor, device;
	uint32_t class_code;     /* class << 16 | subclass << 8 | programming interface */
	uint8_t bus, dev, fn;
	uint8_t irq_kind;        /* PCI_IRQ_* */
	uint32_t irq_vector;     /* MSI, MSI-X: the CPU vector; INTx: the line */
	struct pci_bar bar[6];
};
_Static_assert(sizeof(struct pci_claim_info) == 160, "struct pci_claim_info");

/* A write to the claim: exactly one struct pci_cmd. */
#define PCI_CMD_BUSMASTER 1u   /* arg 1: bus mastering on (the claimer held CAP_DMA), 0: off */

struct pci_cmd {
	uint32_t op;             /* PCI_CMD_* */
	uint32_t arg;
};
_Static_assert(sizeof(struct pci_cmd) == 8, "struct pci_cmd");

/* Configuration space offsets and bits the server and the tests read. */
#define PCI_CFG_COMMAND     0x04
#define PCI_COMMAND_IO      0x0001u
#define PCI_COMMAND_MEMORY  0x0002u
#define PCI_COMMAND_MASTER  0x0004u
#define PCI_COMMAND_INTX_OFF 0x0400u
#define PCI_CAP_MSI         0x05
#define PCI_CAP_MSIX        0x11
#define PCI_MSIX_ENABLE     0x8000u  /* in the MSI-X message control word (cap + 2) */

#endif
