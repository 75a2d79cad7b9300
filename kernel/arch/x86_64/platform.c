/* kernel/arch/x86_64/platform.c: bringing up the machine around the boot CPU: ACPI tables,
 * interrupt controllers and clocks, in the order they depend on each other. */
#include "klib.h"
#include "acpi.h"
#include "apic.h"
#include "cpu.h"
#include "irq.h"
#include "ktime.h"
#include "panic.h"
#include "platform.h"

/* ACPI tables sit in reserved memory below 4 GiB, which the loader's direct map covers; they
 * are read once here and only copies are kept. */
static const void *platform_acpi_map(uint64_t phys, size_t len, void *ctx)
{
	(void)ctx;
	if (phys >= (4ull << 30) || len > (4ull << 30) - phys)
		return NULL;
	return phys_to_virt(phys);
}

void platform_init(const struct bootinfo *bi)
{
	int bad = 0, err;
	char when[32];
	int y, mo, d, h, mi, s;
	if (!(bi->flags & BOOTINFO_HAVE_RSDP))
		panic("no ACPI RSDP: Ferrite needs ACPI to find its CPUs and interrupt controllers");
	err = acpi_parse(bi->rsdp, platform_acpi_map, NULL, &acpi, &bad);
	if (err)
		panic("ACPI: no usable MADT (error %d, %d bad tables)", err, bad);
	kprintf("acpi: revision %d (%s), %d tables%s, %d CPUs, %d I/O APIC(s), HPET %s\n",
		acpi.revision, acpi.oem, acpi.tables, bad ? " (some with bad checksums, skipped)" : "",
		acpi.ncpus, acpi.nioapics, acpi.hpet_addr ? "present" : "absent");
	pic_disable();
	lapic_init();
	ioapic_init();
	time_init();
	lapic_timer_calibrate();
	time_to_civil((int64_t)(time_realtime_ns() / 1000000000ull), &y, &mo, &d, &h, &mi, &s);
	ksnprintf(when, sizeof(when), "%04d-%02d-%02d %02d:%02d:%02d UTC", y, mo, d, h, mi, s);
	kprintf("time: TSC %lu.%02lu MHz against the %s, APIC timer %lu.%02lu MHz; clock %s\n",
		time_tsc_hz() / 1000000, time_tsc_hz() / 10000 % 100, time_source(),
		lapic_timer_hz() / 1000000, lapic_timer_hz() / 10000 % 100, when);
	__asm__ volatile("sti");
}
