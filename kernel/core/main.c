/* kernel/core/main.c: kmain, where the kernel starts after entry.S: checks what the loader
 * handed over, sets up the CPU tables, prints the banner and the memory map, and runs the
 * self-tests when the command line says `selftest`. Start reading here. */
#include "klib.h"
#include "klog.h"
#include "kscheme.h"
#include "errno.h"
#include "krandom.h"
#include "ktest.h"
#include "mem.h"
#include "memmap.h"
#include "panic.h"
#include "pmm.h"
#include "path.h"
#include "proc.h"
#include "sched.h"
#include "symbols.h"
#include "version.h"
#include "../arch/x86_64/arch.h"
#include "../arch/x86_64/cpu.h"
#include "../arch/x86_64/cpufeat.h"
#include "../arch/x86_64/percpu.h"
#include "../arch/x86_64/platform.h"

void syscall_init_cpu(void); /* arch/x86_64/context.c */
void futex_init(void);       /* core/futex.c */

static struct mem_region kernel_memmap[BOOTINFO_MAX_MMAP * 2];
static int kernel_memmap_count;
const struct bootinfo *kernel_bootinfo;

static const struct bootinfo *boot_check(uint64_t phys)
{
	const struct bootinfo *bi = phys_to_virt(phys);
	if (bi->magic != BOOTINFO_MAGIC || bi->version != BOOTINFO_VERSION || bi->size != sizeof(*bi))
		panic("boot information from the loader is missing or of another version");
	if (bi->mmap_count > BOOTINFO_MAX_MMAP || bi->module_count > BOOTINFO_MAX_MODS)
		panic("boot information has out-of-range counts");
	return bi;
}

static void boot_banner(const struct bootinfo *bi)
{
	kprintf("Ferrite %s (build %s) x86_64\n", FERRITE_VERSION, FERRITE_BUILD_ID);
	kprintf("boot: %s, command line \"%s\"\n",
		bi->protocol == BOOTINFO_PROTO_MULTIBOOT2 ? "Multiboot 2" : "Multiboot 1", bi->cmdline);
	kprintf("boot: kernel at %#lx-%#lx (virtual %#lx), %u module(s)%s%s\n", bi->kernel_start,
		bi->kernel_end - 1, bi->kernel_vbase, bi->module_count,
		bi->flags & BOOTINFO_HAVE_RSDP ? ", ACPI RSDP found" : "",
		bi->flags & BOOTINFO_HAVE_FB ? ", framebuffer" : "");
}

/* The initial archive: the module whose name's last part starts with "initfs". */
/* The SMP trampoline is copied to 0x8000-0xbfff (smp.c). GRUB under UEFI may load a module in
 * that low memory (the initfs was seen at 0x2000): such a module moves to pages of its own
 * first, or starting the other CPUs would overwrite part of it. */
#define BOOT_LOW_USED_START 0x8000ul
#define BOOT_LOW_USED_END   0xc000ul

static const void *boot_module_data(uint64_t start, uint64_t end)
{
	uint64_t copy;
	unsigned order = 0;
	if (end <= BOOT_LOW_USED_START || start >= BOOT_LOW_USED_END)
		return phys_to_virt(start);
	while ((PAGE_SIZE << order) < end - start)
		order++;
	if (order > BUDDY_MAX_ORDER || !(copy = pmm_alloc_pages(order, 0)))
		panic("boot: no memory to move the module at %#lx out of the trampoline's way", start);
	memcpy(phys_to_virt(copy), phys_to_virt(start), end - start);
	return phys_to_virt(copy);
}

static void boot_initfs(const struct bootinfo *bi)
{
	for (unsigned i = 0; i < bi->module_count; i++) {
		const char *n = bi->modules[i].name, *slash = n;
		for (const char *p = n; *p; p++)
			if (*p == '/')
				slash = p + 1;
		if (strncmp(slash, "initfs", 6) == 0) {
			initfs_init(boot_module_data(bi->modules[i].start, bi->modules[i].end),
				bi->modules[i].end - bi->modules[i].start);
			kprintf("boot: initfs %s, %lu KiB\n", n, (bi->modules[i].end - bi->modules[i].start) >> 10);
			return;
		}
	}
	kprintf("boot: no initfs module: no programs to run\n");
}

static void boot_symbols(const struct bootinfo *bi)
{
	int err = sym_init(&kernel_symtab, phys_to_virt(bi->kernel_image), bi->kernel_image_size);
	if (err)
		kprintf("boot: no kernel symbols (error %d): backtraces will show addresses only\n", err);
}

static void boot_memory(const struct bootinfo *bi)
{
	kernel_memmap_count = memmap_normalize(bi->mmap, (int)bi->mmap_count, kernel_memmap,
		(int)ARRAY_SIZE(kernel_memmap));
	if (kernel_memmap_count < 0)
		panic("memory map has too many regions");
	kprintf("memory map (%u entries from the boot loader):\n", bi->mmap_count);
	memmap_print(kernel_memmap, kernel_memmap_count);
}

static char selftest_filter[64];

/* selftest runs every test; ktest=WORD only those whose name contains WORD */
static void selftest_main(void *arg)
{
	(void)arg;
	kprintf("selftest: running the kernel's tests%s%s\n", selftest_filter[0] ? " matching " : "", selftest_filter);
	power_off(ktest_run_all(selftest_filter) ? 1 : 0);
}

static char init_path[128];

/* The first process: /sbin/init, or the initfs program init=PATH names; how it ended is
 * reported, and with `poweroff` on the command line the machine then turns off (benchmarks and
 * scripted runs). */
static void init_main(void *arg)
{
	const struct bootinfo *bi = arg;
	const char *path = init_path[0] == '/' ? init_path + 1 : init_path;
	size_t size;
	const void *img = initfs_find(path, &size);
	struct process *p;
	int err = -ENOENT, st = 0;
	p = img ? proc_spawn(path, img, size, &err) : NULL;
	if (!p) {
		kprintf("init: cannot start %s (error %d)\n", init_path, err);
	} else {
		st = proc_wait(p);
		kprintf("init: %s ended with status %#x\n", init_path, st);
	}
	if (cmdline_has(bi->cmdline, "poweroff"))
		power_off(p && st == 0 ? 0 : 1);
}

void kmain(uint64_t bootinfo_phys)
{
	const struct bootinfo *bi;
	serial_init();
	gdt_init();
	idt_init();
	bi = boot_check(bootinfo_phys);
	kernel_bootinfo = bi;
	boot_banner(bi);
	cpu_features_detect();
	cpu_features_enable();
	cpu_features_print();
	platform_init(bi);
	console_set_log(klog_console); /* the clocks run: kernel lines go into /dev/kmsg's ring */
	kprintf("random: seeded with %lu bytes from the hardware\n", (uint64_t)random_seed_from_hardware());
	boot_symbols(bi);
	boot_memory(bi);
	mem_init(bi);
	boot_initfs(bi);
	initfs_scheme_init(); /* the kernel's schemes, before any process looks a path up */
	proc_scheme_init();
	syscall_init_cpu();
	futex_init();
	sched_init_cpu(); /* this boot context becomes CPU 0's idle thread */
	smp_start_aps(); /* after mem_init: the other CPUs start on the kernel's final page tables */
	kschemes_init(); /* time, log, shm, event, irq: the kernel serves them (a thread for time) */
	cmdline_get(bi->cmdline, "ktest", selftest_filter, sizeof(selftest_filter));
	if (cmdline_has(bi->cmdline, "selftest"))
		thread_create("selftest", selftest_main, NULL, SCHED_PRIO_DEFAULT, 0);
	else {
		/* a normal boot: /sbin/init (servers/init), unless init= names another program */
		if (!cmdline_get(bi->cmdline, "init", init_path, sizeof(init_path)))
			ksnprintf(init_path, sizeof(init_path), "%s", "/sbin/init");
		thread_create("init", init_main, (void *)bi, SCHED_PRIO_DEFAULT, 0);
	}
	sched_idle();
}
