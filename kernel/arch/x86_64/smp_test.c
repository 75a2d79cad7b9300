/* kernel/arch/x86_64/smp_test.c: the second CPU runs, takes IPIs, has its own per-CPU data,
 * and a spin lock keeps two CPUs that really run at once from losing updates (kernel only). */
#include "ktest.h"
#include "acpi.h"
#include "apic.h"
#include "ktime.h"
#include "percpu.h"
#include "spinlock.h"

KTEST(smp_all_cpus_online)
{
	KEXPECT_EQ_U64(smp_ncpus, acpi.ncpus);
	for (int i = 0; i < smp_ncpus; i++) {
		KEXPECT(cpus[i].online);
		KEXPECT_EQ_U64(cpus[i].index, i);
		KEXPECT(cpus[i].self == &cpus[i]);
	}
	KEXPECT(this_cpu() == &cpus[0]);
}

struct smp_test_where {
	uint32_t apic_id, index;
	struct cpu *self;
};

static void smp_test_record(void *arg)
{
	struct smp_test_where *w = arg;
	w->apic_id = lapic_id();
	w->self = this_cpu();
	w->index = w->self->index;
}

KTEST(smp_call_runs_on_the_other_cpu)
{
	struct smp_test_where w = { 0xffff, 0xffff, NULL };
	KEXPECT(smp_ncpus >= 2);
	if (smp_ncpus < 2)
		return;
	KEXPECT_EQ_U64(smp_call(1, smp_test_record, &w, true), 0);
	KEXPECT_EQ_U64(w.apic_id, cpus[1].apic_id);
	KEXPECT(w.apic_id != lapic_id());
	KEXPECT_EQ_U64(w.index, 1);
	KEXPECT(w.self == &cpus[1]);
	KEXPECT(smp_call(7, smp_test_record, &w, true) < 0); /* no such CPU */
}

#define SMP_TEST_ROUNDS 200000
static struct spinlock smp_test_lock = SPINLOCK_INIT("smp_test");
static volatile uint64_t smp_test_counter;
static volatile uint64_t smp_test_atomic;

static void smp_test_hammer(void *arg)
{
	(void)arg;
	for (int i = 0; i < SMP_TEST_ROUNDS; i++) {
		spin_lock(&smp_test_lock);
		smp_test_counter = smp_test_counter + 1; /* a plain read-modify-write, guarded */
		spin_unlock(&smp_test_lock);
		__asm__ volatile("lock incq %0" : "+m"(smp_test_atomic));
	}
}

static volatile int smp_test_remote_done;

static void smp_test_hammer_remote(void *arg)
{
	smp_test_hammer(arg);
	smp_test_remote_done = 1;
}

KTEST(smp_spinlock_keeps_counts_across_cpus)
{
	uint64_t t0;
	if (smp_ncpus < 2) {
		KEXPECT(smp_ncpus >= 2);
		return;
	}
	smp_test_counter = smp_test_atomic = 0;
	smp_test_remote_done = 0;
	KEXPECT_EQ_U64(smp_call(1, smp_test_hammer_remote, NULL, false), 0);
	smp_test_hammer(NULL);
	t0 = time_monotonic_ns();
	while (!smp_test_remote_done && time_monotonic_ns() - t0 < 20000000000ull)
		__asm__ volatile("pause");
	KEXPECT(smp_test_remote_done);
	KEXPECT_EQ_U64(smp_test_counter, 2 * SMP_TEST_ROUNDS);
	KEXPECT_EQ_U64(smp_test_atomic, 2 * SMP_TEST_ROUNDS);
}
