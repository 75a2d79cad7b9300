/* kernel/core/acpi_test.c: the ACPI parser over tables built here: the usual case, ACPI 1.0
 * (RSDT), bad checksums, malformed MADT entries (kernel and host). */
#include "ktest.h"
#include "errno.h"
#include "acpi.h"

#define AT_BASE 0x10000u
#define AT_SIZE 2048u

struct acpi_fake {
	uint8_t mem[AT_SIZE];
	uint8_t rsdp[36];
};

static const void *acpi_fake_map(uint64_t phys, size_t len, void *ctx)
{
	struct acpi_fake *f = ctx;
	if (phys < AT_BASE || phys - AT_BASE > AT_SIZE || len > AT_SIZE - (phys - AT_BASE))
		return NULL;
	return f->mem + (phys - AT_BASE);
}

static void w32(uint8_t *p, uint32_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24); }
static void w64(uint8_t *p, uint64_t v) { w32(p, (uint32_t)v); w32(p + 4, (uint32_t)(v >> 32)); }

static void acpi_fake_sum(uint8_t *p, size_t n, size_t at)
{
	uint8_t s = 0;
	p[at] = 0;
	for (size_t i = 0; i < n; i++)
		s += p[i];
	p[at] = (uint8_t)-s;
}

static void acpi_fake_hdr(uint8_t *t, const char *sig, uint32_t len)
{
	memcpy(t, sig, 4);
	w32(t + 4, len);
	t[8] = 1;
	memcpy(t + 10, "FERRIT", 6);
}

/* offsets in mem: XSDT 0, RSDT 64, MADT 128, HPET 384, FACP 512 */
static void acpi_fake_build(struct acpi_fake *f, bool v2)
{
	uint8_t *x = f->mem, *r = f->mem + 64, *m = f->mem + 128, *h = f->mem + 384, *fa = f->mem + 512;
	uint8_t *e;
	memset(f, 0, sizeof(*f));
	acpi_fake_hdr(x, "XSDT", 36 + 3 * 8);
	w64(x + 36, AT_BASE + 128); w64(x + 44, AT_BASE + 384); w64(x + 52, AT_BASE + 512);
	acpi_fake_hdr(r, "RSDT", 36 + 3 * 4);
	w32(r + 36, AT_BASE + 128); w32(r + 40, AT_BASE + 384); w32(r + 44, AT_BASE + 512);
	/* MADT: 3 local APICs (the third disabled), an I/O APIC, two overrides */
	e = m + 44;
	w32(m + 36, 0xfee00000u);
	w32(m + 40, 1);
	for (int i = 0; i < 3; i++, e += 8) {
		e[0] = 0; e[1] = 8; e[2] = (uint8_t)i; e[3] = (uint8_t)(i * 2);
		w32(e + 4, i < 2 ? 1 : 0);
	}
	e[0] = 1; e[1] = 12; e[2] = 7; w32(e + 4, 0xfec00000u); w32(e + 8, 0); e += 12;
	e[0] = 2; e[1] = 10; e[2] = 0; e[3] = 0; w32(e + 4, 2); e[8] = 0; e += 10;
	e[0] = 2; e[1] = 10; e[2] = 0; e[3] = 9; w32(e + 4, 9); e[8] = 0xd; e += 10;
	acpi_fake_hdr(m, "APIC", (uint32_t)(e - m));
	acpi_fake_hdr(h, "HPET", 56);
	w64(h + 44, 0xfed00000u);
	acpi_fake_hdr(fa, "FACP", 116);
	w32(fa + 64, 0x604); w32(fa + 76, 0x608); fa[108] = 0x32; w32(fa + 112, 1u << 8);
	acpi_fake_sum(x, 60, 9); acpi_fake_sum(r, 48, 9); acpi_fake_sum(m, (size_t)(e - m), 9);
	acpi_fake_sum(h, 56, 9); acpi_fake_sum(fa, 116, 9);
	memcpy(f->rsdp, "RSD PTR ", 8);
	f->rsdp[15] = v2 ? 2 : 0;
	w32(f->rsdp + 16, AT_BASE + 64);
	w32(f->rsdp + 20, 36);
	w64(f->rsdp + 24, v2 ? AT_BASE : 0);
	acpi_fake_sum(f->rsdp, 20, 8);
	acpi_fake_sum(f->rsdp, 36, 32);
}

static struct acpi_fake acpi_t_fake;
static struct acpi_info acpi_t_info;

KTEST(acpi_parses_madt_hpet_fadt)
{
	struct acpi_fake *f = &acpi_t_fake;
	struct acpi_info *a = &acpi_t_info;
	uint16_t fl;
	int bad = 0;
	acpi_fake_build(f, true);
	KEXPECT_EQ_U64(acpi_parse(f->rsdp, acpi_fake_map, f, a, &bad), 0);
	KEXPECT_EQ_U64(bad, 0);
	KEXPECT_EQ_U64(a->revision, 2);
	KEXPECT_EQ_U64(a->tables, 3);
	KEXPECT_EQ_U64(a->ncpus, 2);
	KEXPECT_EQ_U64(a->cpus[1].apic_id, 2);
	KEXPECT_EQ_U64(a->lapic_addr, 0xfee00000u);
	KEXPECT(a->has_8259);
	KEXPECT_EQ_U64(a->nioapics, 1);
	KEXPECT_EQ_U64(a->ioapics[0].addr, 0xfec00000u);
	KEXPECT_EQ_U64(a->hpet_addr, 0xfed00000u);
	KEXPECT_EQ_U64(a->pm_timer_port, 0x608);
	KEXPECT(a->pm_timer_32bit);
	KEXPECT_EQ_U64(a->century_reg, 0x32);
	KEXPECT_EQ_U64(acpi_isa_gsi(a, 0, &fl), 2);   /* the PIT's IRQ 0 arrives on GSI 2 */
	KEXPECT_EQ_U64(acpi_isa_gsi(a, 9, &fl), 9);
	KEXPECT_EQ_U64(fl, 0xd);                      /* level, active high */
	KEXPECT_EQ_U64(acpi_isa_gsi(a, 4, &fl), 4);
	KEXPECT_EQ_U64(fl, 0);
}

KTEST(acpi_uses_rsdt_on_acpi_1)
{
	struct acpi_fake *f = &acpi_t_fake;
	acpi_fake_build(f, false);
	memset(f->mem, 0, 64); /* no XSDT at all: it must not be read */
	KEXPECT_EQ_U64(acpi_parse(f->rsdp, acpi_fake_map, f, &acpi_t_info, NULL), 0);
	KEXPECT_EQ_U64(acpi_t_info.ncpus, 2);
	KEXPECT_EQ_U64(acpi_t_info.hpet_addr, 0xfed00000u);
}

KTEST(acpi_rejects_bad_tables)
{
	struct acpi_fake *f = &acpi_t_fake;
	int bad = 0;
	acpi_fake_build(f, true);
	f->rsdp[0] = 'X';
	KEXPECT_EQ_U64(acpi_parse(f->rsdp, acpi_fake_map, f, &acpi_t_info, NULL), (uint64_t)-EINVAL);
	acpi_fake_build(f, true);
	f->mem[128 + 50] ^= 1; /* MADT checksum now wrong: skipped, the rest still parsed */
	KEXPECT_EQ_U64(acpi_parse(f->rsdp, acpi_fake_map, f, &acpi_t_info, &bad), (uint64_t)-ENOENT);
	KEXPECT_EQ_U64(bad, 1);
	KEXPECT_EQ_U64(acpi_t_info.hpet_addr, 0xfed00000u);
	acpi_fake_build(f, true);
	w32(f->mem + 384 + 4, 4000); /* HPET longer than memory: refused, not overrun */
	bad = 0;
	KEXPECT_EQ_U64(acpi_parse(f->rsdp, acpi_fake_map, f, &acpi_t_info, &bad), 0);
	KEXPECT_EQ_U64(bad, 1);
	KEXPECT_EQ_U64(acpi_t_info.hpet_addr, 0);
}

KTEST(acpi_stops_at_malformed_madt_entry)
{
	struct acpi_fake *f = &acpi_t_fake;
	uint8_t *m = f->mem + 128;
	acpi_fake_build(f, true);
	m[44 + 8 + 1] = 0; /* second LAPIC entry: length 0 would loop forever */
	acpi_fake_sum(m, 44 + 24 + 12 + 20, 9);
	KEXPECT_EQ_U64(acpi_parse(f->rsdp, acpi_fake_map, f, &acpi_t_info, NULL), 0);
	KEXPECT_EQ_U64(acpi_t_info.ncpus, 1);
	KEXPECT_EQ_U64(acpi_t_info.nioapics, 0);
}
