/* kernel/arch/x86_64/time_test.c: clocks, the APIC timer's interrupt, the machine ACPI
 * described (kernel only). */
#include "ktest.h"
#include "acpi.h"
#include "apic.h"
#include "cpu.h"
#include "irq.h"
#include "ktime.h"
#include "../../../boot/bootinfo.h"

extern const struct bootinfo *kernel_bootinfo;

KTEST(acpi_describes_reference_machine)
{
	KEXPECT_EQ_U64(acpi.ncpus, 2);  /* tools/qemu: -smp 2 */
	KEXPECT(acpi.nioapics >= 1);
	KEXPECT(acpi.hpet_addr != 0);   /* q35 has one */
	KEXPECT(ioapic_max_gsi() >= 24);
	KEXPECT_EQ_U64(lapic_id(), acpi.cpus[0].apic_id); /* we run on the boot CPU */
}

KTEST(time_monotonic_never_goes_back)
{
	uint64_t prev = time_monotonic_ns(), back = 0;
	for (int i = 0; i < 20000; i++) {
		uint64_t now = time_monotonic_ns();
		if (now < prev)
			back++;
		prev = now;
	}
	KEXPECT_EQ_U64(back, 0);
	KEXPECT(time_tsc_hz() > 100000000ull); /* any x86_64 TSC runs faster than 100 MHz */
}

KTEST(time_tsc_agrees_with_hpet)
{
	volatile uint64_t *h = phys_to_virt(acpi.hpet_addr);
	uint64_t period_fs = h[0] >> 32;
	bool agreed = false;
	/* Best of five: on a loaded host the virtual CPU can be descheduled between the two reads
	 * that open or close an interval, which says nothing about the clocks themselves. */
	for (int attempt = 0; attempt < 5 && !agreed; attempt++) {
		uint64_t h0 = h[0xf0 / 8], t0 = time_monotonic_ns(), hns, tns;
		time_delay_ns(30000000); /* 30 ms */
		hns = (h[0xf0 / 8] - h0) * period_fs / 1000000;
		tns = time_monotonic_ns() - t0;
		KEXPECT(tns >= 30000000);
		/* the two clocks measured the same interval within 2% */
		agreed = hns * 100 > tns * 98 && hns * 100 < tns * 102;
	}
	KEXPECT(agreed);
}

KTEST(time_realtime_matches_host)
{
	char b[24];
	uint64_t host, now = time_realtime_ns() / 1000000000ull;
	int y, mo, d, h, mi, s;
	time_to_civil((int64_t)now, &y, &mo, &d, &h, &mi, &s);
	KEXPECT(y >= 2025);
	/* qemu-run passes the host's clock: the RTC (QEMU follows the host) must agree */
	if (cmdline_get(kernel_bootinfo->cmdline, "hosttime", b, sizeof(b)) && kstrtou64(b, &host))
		KEXPECT(now + 10 > host && now < host + 10);
}
