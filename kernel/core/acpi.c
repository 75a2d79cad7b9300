/* kernel/core/acpi.c: reads the ACPI tables the kernel needs (MADT, HPET, FADT). Firmware
 * tables are input: every length is checked against what was mapped and every checksum is
 * verified before a table is used. Portable; tested on the host with built tables. */
#include "klib.h"
#include "errno.h"
#include "acpi.h"

#define ACPI_HDR 36

struct acpi_info acpi;

static uint32_t rd32(const uint8_t *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static uint64_t rd64(const uint8_t *p) { return rd32(p) | (uint64_t)rd32(p + 4) << 32; }
static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }

static bool acpi_sum_ok(const uint8_t *p, size_t n)
{
	uint8_t s = 0;
	for (size_t i = 0; i < n; i++)
		s += p[i];
	return s == 0;
}

/* Maps a whole table after reading its length from the header; NULL if anything is off. */
static const uint8_t *acpi_table(uint64_t phys, acpi_map_fn map, void *ctx, int *bad)
{
	const uint8_t *h = map(phys, ACPI_HDR, ctx);
	uint32_t len;
	if (!h)
		return NULL;
	len = rd32(h + 4);
	if (len < ACPI_HDR || len > (1u << 20) || !(h = map(phys, len, ctx)) || !acpi_sum_ok(h, len)) {
		if (bad)
			(*bad)++;
		return NULL;
	}
	return h;
}

static void acpi_madt_entry(struct acpi_info *a, const uint8_t *e)
{
	switch (e[0]) {
	case 0: /* processor local APIC: enabled, or online-capable */
		if (e[1] >= 8 && (rd32(e + 4) & 3) && a->ncpus < ACPI_MAX_CPUS) {
			a->cpus[a->ncpus].acpi_id = e[2];
			a->cpus[a->ncpus++].apic_id = e[3];
		}
		break;
	case 1: /* I/O APIC */
		if (e[1] >= 12 && a->nioapics < ACPI_MAX_IOAPICS) {
			a->ioapics[a->nioapics].id = e[2];
			a->ioapics[a->nioapics].addr = rd32(e + 4);
			a->ioapics[a->nioapics++].gsi_base = rd32(e + 8);
		}
		break;
	case 2: /* interrupt source override (bus 0 = ISA) */
		if (e[1] >= 10 && e[2] == 0 && a->noverrides < ACPI_MAX_OVERRIDES) {
			a->overrides[a->noverrides].irq = e[3];
			a->overrides[a->noverrides].gsi = rd32(e + 4);
			a->overrides[a->noverrides++].flags = rd16(e + 8);
		}
		break;
	case 5: /* 64-bit local APIC address */
		if (e[1] >= 12)
			a->lapic_addr = rd64(e + 4);
		break;
	case 9: /* processor local x2APIC */
		if (e[1] >= 16 && (rd32(e + 8) & 3) && a->ncpus < ACPI_MAX_CPUS) {
			a->cpus[a->ncpus].apic_id = rd32(e + 4);
			a->cpus[a->ncpus++].acpi_id = rd32(e + 12);
		}
		break;
	}
}

static void acpi_madt(struct acpi_info *a, const uint8_t *t)
{
	uint32_t len = rd32(t + 4), off = ACPI_HDR + 8;
	a->lapic_addr = rd32(t + ACPI_HDR);
	a->has_8259 = rd32(t + ACPI_HDR + 4) & 1;
	while (off + 2 <= len) {
		const uint8_t *e = t + off;
		if (e[1] < 2 || off + e[1] > len)
			break; /* a zero or overlong entry would loop or overrun */
		acpi_madt_entry(a, e);
		off += e[1];
	}
}

static void acpi_fadt(struct acpi_info *a, const uint8_t *t)
{
	uint32_t len = rd32(t + 4);
	if (len >= 80)
		a->pm_timer_port = rd32(t + 76);
	if (len >= 68)
		a->pm1a_cnt_port = rd32(t + 64);
	if (len >= 109)
		a->century_reg = t[108];
	if (len >= 116)
		a->pm_timer_32bit = (rd32(t + 112) >> 8) & 1;
	/* ACPI 2+: the extended block, when it names an I/O port (address space 1) */
	if (len >= 220 && t[208] == 1 && rd64(t + 212))
		a->pm_timer_port = (uint32_t)rd64(t + 212);
}

static void acpi_one(struct acpi_info *a, const uint8_t *t, bool *madt)
{
	if (!memcmp(t, "APIC", 4)) {
		acpi_madt(a, t);
		*madt = true;
	} else if (!memcmp(t, "HPET", 4) && rd32(t + 4) >= 56 && t[40] == 0) {
		a->hpet_addr = rd64(t + 44); /* address space 0: memory */
	} else if (!memcmp(t, "FACP", 4)) {
		acpi_fadt(a, t);
	}
}

int acpi_parse(const uint8_t *rsdp, acpi_map_fn map, void *ctx, struct acpi_info *a, int *bad)
{
	const uint8_t *root;
	uint64_t root_phys;
	uint32_t esize, n;
	bool madt = false;
	memset(a, 0, sizeof(*a));
	if (memcmp(rsdp, "RSD PTR ", 8) || !acpi_sum_ok(rsdp, 20))
		return -EINVAL;
	a->revision = rsdp[15];
	memcpy(a->oem, rsdp + 9, 6);
	if (a->revision >= 2 && acpi_sum_ok(rsdp, 36) && rd64(rsdp + 24)) {
		root_phys = rd64(rsdp + 24);
		esize = 8;
	} else {
		root_phys = rd32(rsdp + 16);
		esize = 4;
	}
	root = acpi_table(root_phys, map, ctx, bad);
	if (!root)
		return -EINVAL;
	n = (rd32(root + 4) - ACPI_HDR) / esize;
	a->tables = (int)n;
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *e = root + ACPI_HDR + i * esize;
		const uint8_t *t = acpi_table(esize == 8 ? rd64(e) : rd32(e), map, ctx, bad);
		if (t)
			acpi_one(a, t, &madt);
	}
	return madt ? 0 : -ENOENT;
}

uint32_t acpi_isa_gsi(const struct acpi_info *a, uint8_t irq, uint16_t *flags)
{
	for (int i = 0; i < a->noverrides; i++)
		if (a->overrides[i].irq == irq) {
			if (flags)
				*flags = a->overrides[i].flags;
			return a->overrides[i].gsi;
		}
	if (flags)
		*flags = 0;
	return irq;
}
