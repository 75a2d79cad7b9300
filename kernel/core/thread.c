/* kernel/core/thread.c: creating and freeing kernel threads: the thread structure and its
 * kernel stack, and the first frame sched_switch will "return" through. */
#include "klib.h"
#include "panic.h"
#include "pmm.h"
#include "vm.h"
#include "sched.h"
#include "../arch/x86_64/cpu.h"
#include "../arch/x86_64/cpufeat.h"
#include "../arch/x86_64/percpu.h"

#define THREAD_STACK_SIZE (4096ul << THREAD_STACK_ORDER)

#define THREAD_FPU_OFFSET 1024           /* the XSAVE area, inside the thread's page */
_Static_assert(sizeof(struct thread) <= THREAD_FPU_OFFSET, "struct thread stays below its FPU area");

void thread_trampoline(void);         /* switch.S */
void fpu_init_area(void *area);       /* arch/x86_64/context.c */
void sched_start(struct thread *t);   /* sched.c */

static volatile uint32_t thread_next_id = 1;

/* Freed kernel stacks are kept for the next threads, mapped as they are: unmapping one costs a
 * TLB shootdown on every CPU (the kernel half is everyone's), which under TCG wakes idle CPUs
 * and made fork+exec+wait ten times slower. */
#define THREAD_STACK_CACHE 64
static uint64_t thread_stack_cache[THREAD_STACK_CACHE];
static int thread_stack_cached;
static struct spinlock thread_stack_lock = SPINLOCK_INIT("thread_stacks");

static uint64_t thread_stack_get(void)
{
	uint64_t top = 0, fl = spin_lock_irqsave(&thread_stack_lock);
	if (thread_stack_cached)
		top = thread_stack_cache[--thread_stack_cached];
	spin_unlock_irqrestore(&thread_stack_lock, fl);
	return top ? top : vm_kstack_alloc(THREAD_STACK_SIZE / 4096);
}

static void thread_stack_put(uint64_t top)
{
	uint64_t fl = spin_lock_irqsave(&thread_stack_lock);
	if (thread_stack_cached < THREAD_STACK_CACHE) {
		thread_stack_cache[thread_stack_cached++] = top;
		top = 0;
	}
	spin_unlock_irqrestore(&thread_stack_lock, fl);
	if (top)
		vm_kstack_free(top, THREAD_STACK_SIZE / 4096);
}
static volatile uint32_t thread_place_rr;

/* The structure gets a page of its own (the heap comes later); the stack comes separately. */
static struct thread *thread_alloc(const char *name)
{
	uint64_t phys = pmm_alloc_page(PMM_ZERO);
	struct thread *t;
	uint32_t id = 1;
	if (!phys)
		return NULL;
	t = phys_to_virt(phys);
	__asm__ volatile("lock xaddl %0, %1" : "+r"(id), "+m"(thread_next_id));
	t->id = id;
	ksnprintf(t->name, sizeof(t->name), "%s", name);
	list_init(&t->link);
	list_init(&t->sleep_link);
	list_init(&t->proc_link);
	return t;
}

struct thread *thread_alloc_boot(const char *name)
{
	struct thread *t = thread_alloc(name);
	if (!t)
		panic("no memory for the idle thread");
	return t;
}

void proc_reap(struct process *p); /* proc.c */

void thread_free(struct thread *t)
{
	if (t->reap)
		proc_reap(t->reap);
	if (t->stack_top)
		thread_stack_put(t->stack_top);
	pmm_free_pages((uint64_t)t - KERNEL_DIRECT_MAP, 0);
}

/* The CPU with the fewest ready threads; ties go round robin. */
static int thread_place(void)
{
	uint32_t start = thread_place_rr++;
	int best = -1;
	for (int k = 0; k < smp_ncpus; k++) {
		int c = (int)((start + (uint32_t)k) % (uint32_t)smp_ncpus);
		if (cpus[c].online && (best < 0 || sched_ready_count(c) < sched_ready_count(best)))
			best = c;
	}
	return best < 0 ? 0 : best;
}

static struct thread *thread_build(const char *name, void (*fn)(void *), void *arg, int prio,
	int cpu, struct process *proc);

struct thread *thread_create(const char *name, void (*fn)(void *), void *arg, int prio, int cpu)
{
	return thread_build(name, fn, arg, prio, cpu, NULL);
}

struct thread *thread_create_user(struct process *p, void (*fn)(void *), void *arg)
{
	if (cpu_features.xsave_size > 4096 - THREAD_FPU_OFFSET)
		return NULL; /* AVX-512-sized state needs its own allocation (not yet) */
	return thread_build("user", fn, arg, SCHED_PRIO_DEFAULT, -1, p);
}

struct thread *thread_create_user_stopped(struct process *p, void (*fn)(void *), void *arg)
{
	if (cpu_features.xsave_size > 4096 - THREAD_FPU_OFFSET)
		return NULL;
	return thread_build(NULL, fn, arg, SCHED_PRIO_DEFAULT, -1, p);
}

void thread_start(struct thread *t)
{
	sched_start(t);
}

/* name NULL: a user thread made stopped (thread_create_user_stopped) */
static struct thread *thread_build(const char *name, void (*fn)(void *), void *arg, int prio,
	int cpu, struct process *proc)
{
	bool stopped = name == NULL;
	struct thread *t;
	uint64_t *sp;
	if (prio < 0 || prio >= SCHED_PRIORITIES || cpu >= smp_ncpus || (cpu >= 0 && !cpus[cpu].online))
		return NULL;
	t = thread_alloc(stopped ? "user" : name);
	if (!t)
		return NULL;
	/* in VM_KMAP with an unmapped guard page below: an overflow faults instead of writing
	 * over whatever lies below (then #DF on its own stack reports it) */
	t->stack_top = thread_stack_get();
	if (!t->stack_top) {
		thread_free(t);
		return NULL;
	}
	/* sched_switch pops r15 r14 r13 r12 rbx rbp, then returns into thread_trampoline with
	 * the stack 8 bytes off a 16-byte boundary, as after a call */
	sp = (uint64_t *)(t->stack_top - 64);
	sp[0] = 0;
	sp[1] = 0;
	sp[2] = (uint64_t)arg;
	sp[3] = (uint64_t)fn;
	sp[4] = 0;
	sp[5] = 0;
	sp[6] = (uint64_t)thread_trampoline;
	sp[7] = 0;
	t->rsp = (uint64_t)sp;
	t->kstack_top = t->stack_top;
	if (proc) {
		t->proc = proc;
		t->fpu = (uint8_t *)t + THREAD_FPU_OFFSET;
		fpu_init_area(t->fpu);
	}
	t->priority = prio;
	t->cpu = cpu >= 0 ? cpu : thread_place();
	if (!stopped)
		sched_start(t);
	return t;
}

/* For backtraces: is addr on the running thread's kernel stack? */
bool thread_stack_contains(uint64_t addr)
{
	struct thread *t = cpus[0].self ? this_cpu()->current : NULL;
	uint64_t lo;
	if (!t || !t->stack_top)
		return false;
	lo = t->stack_top - THREAD_STACK_SIZE;
	return addr >= lo && addr < t->stack_top;
}

/* For the double-fault handler: is addr in the guard page below the running thread's stack? */
bool thread_stack_guard_hit(uint64_t addr)
{
	struct thread *t = cpus[0].self ? this_cpu()->current : NULL;
	uint64_t lo;
	if (!t || !t->stack_top)
		return false;
	lo = t->stack_top - THREAD_STACK_SIZE;
	return addr >= lo - 4096 && addr < lo + 256;
}

/* Pages held by the kernel stack cache: in use by no one, given back only when it is full. */
uint64_t thread_cached_pages(void)
{
	return (uint64_t)thread_stack_cached * (THREAD_STACK_SIZE / 4096);
}
