/* kernel/core/drivers_test.c: the driver primitives (caps.c, ioport.c, devmem.c, irq_user.c,
 * procmem.c): the user program selftest/drivers, checked against what the kernel reads itself,
 * and an MSI vector raised by the kernel (kernel only). */
#include "ktest.h"
#include "acpi.h"
#include "errno.h"
#include "file.h"
#include "pmm.h"
#include "proc.h"
#include "sched.h"
#include "vm.h"
#include "ferrite/abi.h"
#include "../arch/x86_64/apic.h"
#include "../arch/x86_64/cpu.h"

int proc_test_run_program(const char *path, int *status, char **out); /* proc_test.c */
uint64_t thread_cached_pages(void);                                   /* thread.c */
int irq_user_open_msi(unsigned oflags, struct ferrite_msi *msi, struct file **out);
int irq_user_vector(struct file *f);

static uint64_t drivers_free_pages(void)
{
	struct pmm_stats s;
	pmm_stats(&s);
	return s.free_pages + thread_cached_pages();
}

KTEST(drivers_caps_ports_physmap_dma_msi_procmem_from_user)
{
	int st = -1;
	char *out, want[64];
	const volatile uint32_t *lapic = phys_to_virt(acpi.lapic_addr ? acpi.lapic_addr : 0xfee00000ul);
	uint64_t before, after;
	proc_test_run_program("selftest/drivers", &st, &out); /* the heap's caches fill once */
	sched_sleep_ns(20000000);
	before = drivers_free_pages();
	KEXPECT_EQ_U64(proc_test_run_program("selftest/drivers", &st, &out), 0);
	KEXPECT_EQ_U64(st, FERRITE_WSTATUS_EXIT(0));
	KEXPECT(strstr(out, "drivers: all checks passed") != NULL);
	ksnprintf(want, sizeof(want), "drivers: lapic version %#x\n", lapic[0x30 / 4]);
	KEXPECT(strstr(out, want) != NULL); /* what it read through physmap is the register */
	sched_sleep_ns(20000000);
	after = drivers_free_pages();
	if (!(after + 16 >= before && after <= before + 16))
		kprintf("    free pages before %lu, after %lu\n", before, after);
	KEXPECT(after + 16 >= before && after <= before + 16); /* its DMA pages went back */
}

KTEST(drivers_msi_vector_delivers_to_its_descriptor)
{
	struct ferrite_msi msi;
	struct file *f = NULL;
	int v;
	KEXPECT_EQ_U64(irq_user_open_msi(FERRITE_O_NONBLOCK, &msi, &f), 0);
	if (!f)
		return;
	v = irq_user_vector(f);
	KEXPECT(v >= 0x30 && v <= 0xdf && msi.vector == (unsigned)v);
	KEXPECT_EQ_U64(f->ops->poll(f) & FERRITE_POLLIN, 0);
	lapic_send_ipi(lapic_id(), 0, (uint32_t)v); /* what the device's write would do */
	for (int i = 0; i < 100 && !(f->ops->poll(f) & FERRITE_POLLIN); i++)
		sched_sleep_ns(1000000);
	KEXPECT(f->ops->poll(f) & FERRITE_POLLIN);
	file_put(f); /* the vector is free again: the next one gets it */
	KEXPECT_EQ_U64(irq_user_open_msi(0, &msi, &f), 0);
	KEXPECT_EQ_U64(msi.vector, (uint64_t)v);
	if (f)
		file_put(f);
}
