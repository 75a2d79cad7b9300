/* kernel/include/acpi.h: what the kernel reads from the ACPI tables at boot: the CPUs and
 * I/O APICs (MADT), the HPET, the PM timer (FADT). The parser is portable: it reaches physical
 * memory only through a map function, so the host tests feed it tables built in a buffer. */
#ifndef KERNEL_ACPI_H
#define KERNEL_ACPI_H

#include "types.h"

#define ACPI_MAX_CPUS     64
#define ACPI_MAX_IOAPICS  8
#define ACPI_MAX_OVERRIDES 16

struct acpi_cpu {
	uint32_t apic_id;
	uint32_t acpi_id;
};

struct acpi_ioapic {
	uint32_t id;
	uint32_t gsi_base;
	uint64_t addr;
};

struct acpi_override { /* an ISA IRQ that arrives on another global system interrupt */
	uint8_t irq;
	uint8_t pad;
	uint16_t flags;    /* MPS INTI flags: polarity bits 0-1, trigger bits 2-3 */
	uint32_t gsi;
};

struct acpi_info {
	int revision;          /* of the RSDP: 0 for ACPI 1.0, 2 and up with an XSDT */
	char oem[7];
	uint64_t lapic_addr;
	bool has_8259;         /* MADT PCAT_COMPAT: legacy PICs present (to be masked) */
	int ncpus;
	struct acpi_cpu cpus[ACPI_MAX_CPUS];
	int nioapics;
	struct acpi_ioapic ioapics[ACPI_MAX_IOAPICS];
	int noverrides;
	struct acpi_override overrides[ACPI_MAX_OVERRIDES];
	uint64_t hpet_addr;    /* 0 if none */
	uint32_t pm_timer_port; /* 0 if none */
	bool pm_timer_32bit;
	uint32_t pm1a_cnt_port;
	uint8_t century_reg;   /* CMOS register of the century, 0 if none */
	int tables;            /* how many tables the root table lists */
};

/* Maps len bytes of physical memory for reading; NULL if it cannot. */
typedef const void *(*acpi_map_fn)(uint64_t phys, size_t len, void *ctx);

/* Parses everything reachable from the RSDP (a copy of its bytes, as the loader keeps it).
 * Tables with a bad checksum or length are skipped and counted in *bad if bad is not NULL.
 * Returns 0, -EINVAL for a bad RSDP, -ENOENT if there is no MADT. */
int acpi_parse(const uint8_t *rsdp, acpi_map_fn map, void *ctx, struct acpi_info *out, int *bad);
/* The GSI an ISA IRQ arrives on, and its flags (0 if identity, edge, high). */
uint32_t acpi_isa_gsi(const struct acpi_info *a, uint8_t irq, uint16_t *flags);

extern struct acpi_info acpi;

#endif
