/* kernel/arch/x86_64/paging.c: 4-level page tables (see vm.h). paging_init builds the
 * kernel's own tables at boot and leaves the loader's; vm_map, vm_unmap and vm_translate
 * work on any space's tables through the direct map, with table pages from pmm. */
#include "klib.h"
#include "errno.h"
#include "panic.h"
#include "pmm.h"
#include "vm.h"
#include "percpu.h"
#include "cpu.h"
#include "cpufeat.h"

#define MSR_EFER 0xc0000080u
#define EFER_NXE (1ul << 11)
#define PAGE_2M  0x200000ul
#define PAGE_1G  0x40000000ul
#define PT_LOAD 1
#define PF_X    1
#define PF_W    2

struct vm_space kernel_vm = { 0, SPINLOCK_INIT("kernel_vm"), NULL, 0, 0, 0 };
static uint64_t paging_nx;     /* PTE_NX where the CPU has it, else 0 (the bit is reserved) */
static bool paging_1g;         /* 1 GiB pages */

/* The ELF64 header fields and program header the kernel image is mapped by. */
struct paging_phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};
_Static_assert(sizeof(struct paging_phdr) == 56, "ELF64 program header");

static void paging_write_cr3(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory");
}

static void paging_invlpg(uint64_t va)
{
	__asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

void vm_mem_zero(void *dst, size_t n)
{
	size_t q = n / 8, r = n % 8;
	__asm__ volatile("rep stosq" : "+D"(dst), "+c"(q) : "a"(0ul) : "memory");
	__asm__ volatile("rep stosb" : "+D"(dst), "+c"(r) : "a"(0ul) : "memory");
}

void vm_mem_copy(void *dst, const void *src, size_t n)
{
	size_t q = n / 8, r = n % 8;
	__asm__ volatile("rep movsq" : "+D"(dst), "+S"(src), "+c"(q) : : "memory");
	__asm__ volatile("rep movsb" : "+D"(dst), "+S"(src), "+c"(r) : : "memory");
}

static bool paging_canonical(uint64_t va)
{
	return va < VM_USER_END || va >= VM_DIRECT_MAP;
}

static uint64_t *paging_table(uint64_t entry)
{
	return phys_to_virt(entry & PTE_ADDR);
}

/* Finds the entry that maps va, going down to `stop` (0: the 4 KiB PTE, 1: a PD entry, 2: a
 * PDPT entry) and making missing tables on the way if create. Returns the level the entry is
 * at (smaller than stop only never; larger when a large page is found on the way), or
 * -EFAULT (nothing mapped and not create) or -ENOMEM. */
static int paging_walk(uint64_t pml4, uint64_t va, int stop, bool create, uint64_t **out)
{
	uint64_t *table = phys_to_virt(pml4);
	for (int level = 3; level > stop; level--) {
		uint64_t *e = &table[(va >> (12 + 9 * level)) & 511];
		if (!(*e & PTE_P)) {
			uint64_t t;
			if (!create)
				return -EFAULT;
			if (!(t = pmm_alloc_page(PMM_ZERO)))
				return -ENOMEM;
			/* the leaf decides; the tables above it allow everything */
			*e = t | PTE_P | PTE_W | (va < VM_USER_END ? PTE_U : 0);
		} else if (level < 3 && (*e & PTE_PS)) {
			*out = e;
			return level;
		}
		table = paging_table(*e);
	}
	*out = &table[(va >> (12 + 9 * stop)) & 511];
	return stop;
}

static uint64_t paging_pte_flags(unsigned flags)
{
	uint64_t f = PTE_P;
	if (flags & VM_WRITE)
		f |= PTE_W;
	if (flags & VM_USER)
		f |= PTE_U;
	if (flags & VM_NOCACHE)
		f |= PTE_PCD | PTE_PWT;
	if (!(flags & VM_EXEC))
		f |= paging_nx;
	return f;
}

/* One direct-map chunk at `level` (1: 2 MiB, 2: 1 GiB): RAM cached, the rest uncached. */
static void paging_map_chunk(uint64_t pml4, uint64_t pa, int level)
{
	uint64_t size = level == 2 ? PAGE_1G : PAGE_2M, *e;
	unsigned flags = VM_WRITE | (pmm_range_has_ram(pa, pa + size) ? 0 : VM_NOCACHE);
	if (paging_walk(pml4, VM_DIRECT_MAP + pa, level, true, &e) != level)
		panic("paging: cannot build the direct map at %#lx", pa);
	*e = pa | paging_pte_flags(flags) | PTE_PS;
}

/* All of the first 4 GiB in 2 MiB pages (a 1 GiB page across RAM and device memory of
 * different cache types is undefined on real hardware), then every chunk with RAM above. */
static void paging_direct_map(uint64_t pml4)
{
	uint64_t end = pmm_ram_end(), pa = 0;
	while (pa < (4ul << 30) || pa < end) {
		if (pa >= (4ul << 30) && paging_1g && (pa & (PAGE_1G - 1)) == 0) {
			if (pmm_range_has_ram(pa, pa + PAGE_1G))
				paging_map_chunk(pml4, pa, 2);
			pa += PAGE_1G;
			continue;
		}
		if (pa < (4ul << 30) || pmm_range_has_ram(pa, pa + PAGE_2M))
			paging_map_chunk(pml4, pa, 1);
		pa += PAGE_2M;
	}
}

/* Maps one page of the kernel image; a page two segments share gets both their rights. */
static void paging_map_image_page(uint64_t pml4, uint64_t va, uint64_t pa, unsigned flags)
{
	uint64_t *e;
	if (paging_walk(pml4, va, 0, true, &e) != 0)
		panic("paging: cannot map the kernel at %#lx", va);
	if (*e & PTE_P) {
		if (!(*e & PTE_NX))
			flags |= VM_EXEC;
		if (*e & PTE_W)
			flags |= VM_WRITE;
	}
	*e = pa | paging_pte_flags(flags);
}

/* The kernel image by its ELF program headers, 4 KiB at a time, each segment with its own
 * rights: text read-only and executable, data and bss writable and never executable. */
static void paging_map_kernel(uint64_t pml4, const struct bootinfo *bi)
{
	const uint8_t *img = phys_to_virt(bi->kernel_image);
	uint64_t phoff, size = bi->kernel_image_size;
	uint16_t phentsize, phnum;
	if (size < 64 || memcmp(img, "\177ELF", 4))
		panic("paging: the kernel image is not ELF");
	memcpy(&phoff, img + 32, 8);
	memcpy(&phentsize, img + 54, 2);
	memcpy(&phnum, img + 56, 2);
	if (phentsize != sizeof(struct paging_phdr) || phoff > size ||
			(uint64_t)phnum * phentsize > size - phoff)
		panic("paging: the kernel's program headers are out of its image");
	for (unsigned i = 0; i < phnum; i++) {
		struct paging_phdr ph;
		uint64_t va, end;
		unsigned flags;
		memcpy(&ph, img + phoff + i * sizeof(ph), sizeof(ph));
		if (ph.type != PT_LOAD || ph.memsz == 0)
			continue;
		va = ph.vaddr & ~(PAGE_SIZE - 1);
		end = ALIGN_UP(ph.vaddr + ph.memsz, PAGE_SIZE);
		if (va < bi->kernel_vbase || end - bi->kernel_vbase > bi->kernel_end - bi->kernel_start + PAGE_SIZE)
			panic("paging: kernel segment %#lx-%#lx outside the loaded image", va, end);
		flags = (ph.flags & PF_W ? VM_WRITE : 0) | (ph.flags & PF_X ? VM_EXEC : 0);
		for (; va < end; va += PAGE_SIZE)
			paging_map_image_page(pml4, va, bi->kernel_start + (va - bi->kernel_vbase), flags);
	}
}

/* Turns the 2 MiB direct-map page at va into 512 pages of 4 KiB with the same rights. */
static void paging_split_2m(uint64_t pml4, uint64_t va)
{
	uint64_t *e, *pt, t, old;
	if (paging_walk(pml4, va, 0, false, &e) != 1)
		return; /* split already */
	if (!(t = pmm_alloc_page(0)))
		panic("paging: no memory to split the direct map at %#lx", va);
	old = *e;
	pt = phys_to_virt(t);
	for (int i = 0; i < 512; i++)
		pt[i] = ((old & PTE_ADDR) + (uint64_t)i * PAGE_SIZE) |
			(old & (PTE_P | PTE_W | PTE_PCD | PTE_PWT | PTE_NX));
	*e = t | PTE_P | PTE_W;
}

/* The kernel's read-only pages are read-only through the direct map too, so a stray write
 * cannot reach the text by its other address. */
static void paging_protect_kernel_alias(uint64_t pml4, const struct bootinfo *bi)
{
	uint64_t size = ALIGN_UP(bi->kernel_end - bi->kernel_start, PAGE_SIZE);
	for (uint64_t off = 0; off < size; off += PAGE_SIZE) {
		uint64_t *k, *alias, va = VM_DIRECT_MAP + bi->kernel_start + off;
		if (paging_walk(pml4, bi->kernel_vbase + off, 0, false, &k) != 0 || !(*k & PTE_P) ||
				(*k & PTE_W))
			continue;
		paging_split_2m(pml4, va);
		if (paging_walk(pml4, va, 0, false, &alias) == 0)
			*alias &= ~PTE_W;
	}
}

static void paging_cpu_features(void)
{
	uint32_t r[4];
	cpuid(0x80000000, 0, r);
	if (r[0] >= 0x80000001) {
		cpuid(0x80000001, 0, r);
		paging_1g = (r[3] >> 26) & 1;
		/* NX is CPUID 0x80000001 EDX bit 20; EFER.NXE makes the PTE bit mean it */
		if ((r[3] >> 20) & 1) {
			if (!(rdmsr(MSR_EFER) & EFER_NXE))
				wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
			paging_nx = PTE_NX;
		}
	}
}

void paging_init(const struct bootinfo *bi)
{
	uint64_t pml4 = pmm_alloc_page(PMM_ZERO);
	uint64_t *top;
	if (!pml4)
		panic("paging: no memory for the kernel's page tables");
	paging_cpu_features();
	top = phys_to_virt(pml4);
	/* Every upper-half PDPT exists from the start, so each space copies the upper half's
	 * 256 entries once and later kernel mappings appear in all of them. */
	for (int i = 256; i < 512; i++) {
		uint64_t t = pmm_alloc_page(PMM_ZERO);
		if (!t)
			panic("paging: no memory for the kernel's page tables");
		top[i] = t | PTE_P | PTE_W;
	}
	paging_direct_map(pml4);
	paging_map_kernel(pml4, bi);
	paging_protect_kernel_alias(pml4, bi);
	kernel_vm.pml4 = pml4;
	paging_write_cr3(pml4);
}

int vm_map(struct vm_space *s, uint64_t va, uint64_t pa, unsigned flags)
{
	uint64_t *e, irq;
	int level;
	if ((va | pa) & (PAGE_SIZE - 1) || !paging_canonical(va) || (pa & ~PTE_ADDR) ||
			((flags & VM_USER) && va >= VM_USER_END))
		return -EINVAL;
	irq = spin_lock_irqsave(&s->lock);
	level = paging_walk(s->pml4, va, 0, true, &e);
	if (level == 0 && *e) /* a page, or a guard mark */
		level = -EBUSY;
	else if (level > 0)
		level = -EBUSY;
	else if (level == 0)
		*e = pa | paging_pte_flags(flags);
	spin_unlock_irqrestore(&s->lock, irq);
	return level;
}

int vm_mark_guard(struct vm_space *s, uint64_t va)
{
	uint64_t *e, irq;
	int level;
	if ((va & (PAGE_SIZE - 1)) || !paging_canonical(va))
		return -EINVAL;
	irq = spin_lock_irqsave(&s->lock);
	level = paging_walk(s->pml4, va, 0, true, &e);
	if (level > 0 || (level == 0 && *e))
		level = -EBUSY;
	else if (level == 0)
		*e = PTE_GUARD_MARK;
	spin_unlock_irqrestore(&s->lock, irq);
	return level;
}

bool vm_is_guard(struct vm_space *s, uint64_t va)
{
	uint64_t *e, irq;
	bool guard;
	if (!paging_canonical(va))
		return false;
	irq = spin_lock_irqsave(&s->lock);
	guard = paging_walk(s->pml4, va & ~(PAGE_SIZE - 1), 0, false, &e) == 0 && *e == PTE_GUARD_MARK;
	spin_unlock_irqrestore(&s->lock, irq);
	return guard;
}

int vm_unmap(struct vm_space *s, uint64_t va, uint64_t *pa)
{
	uint64_t *e, irq, old = 0;
	int level;
	if ((va & (PAGE_SIZE - 1)) || !paging_canonical(va))
		return -EINVAL;
	irq = spin_lock_irqsave(&s->lock);
	level = paging_walk(s->pml4, va, 0, false, &e);
	if (level == 0) {
		old = *e;
		*e = 0; /* a guard mark goes too */
	}
	spin_unlock_irqrestore(&s->lock, irq);
	if (level > 0)
		return -EBUSY;
	if (!(old & PTE_P))
		return -ENOENT;
	vm_tlb_shootdown(s, va, 1);
	if (pa)
		*pa = old & PTE_ADDR;
	return 0;
}

int vm_translate(struct vm_space *s, uint64_t va, uint64_t *pa, uint64_t *pte)
{
	uint64_t *e, irq, entry = 0, mask;
	int level;
	if (!paging_canonical(va))
		return -EFAULT;
	irq = spin_lock_irqsave(&s->lock);
	level = paging_walk(s->pml4, va, 0, false, &e);
	if (level >= 0)
		entry = *e;
	spin_unlock_irqrestore(&s->lock, irq);
	if (level < 0 || !(entry & PTE_P))
		return -EFAULT;
	mask = (1ul << (12 + 9 * level)) - 1; /* the offset bits inside this page */
	if (pa)
		*pa = ((entry & PTE_ADDR) & ~mask) | (va & mask);
	if (pte)
		*pte = entry;
	return 0;
}

struct paging_flush {
	struct vm_space *s;
	uint64_t va, n;
};

/* On one CPU. A space not loaded here has nothing in this CPU's TLB: loading CR3 flushed it.
 * The kernel's upper half is in every space. */
static void paging_flush_here(void *arg)
{
	struct paging_flush *f = arg;
	if (f->s != &kernel_vm && f->s->pml4 != (read_cr3() & PTE_ADDR))
		return;
	if (f->n > 64) {
		paging_write_cr3(read_cr3());
		return;
	}
	for (uint64_t i = 0; i < f->n; i++)
		paging_invlpg(f->va + i * PAGE_SIZE);
}

void vm_tlb_shootdown(struct vm_space *s, uint64_t va, uint64_t n)
{
	struct paging_flush f = { s, va, n };
	uint32_t me = cpus[0].self ? this_cpu()->index : 0;
	paging_flush_here(&f);
	for (int c = 0; c < smp_ncpus; c++) {
		if ((uint32_t)c == me || !cpus[c].online)
			continue;
		if (s == &kernel_vm || (s->cpus & (1ul << c)))
			smp_call(c, paging_flush_here, &f, true);
	}
}

int vm_space_create(struct vm_space *s)
{
	uint64_t *top, *kernel = phys_to_virt(kernel_vm.pml4);
	s->pml4 = pmm_alloc_page(PMM_ZERO);
	s->lock.locked = 0;
	s->lock.name = "vm_space";
	s->regions = NULL;
	s->committed = 0;
	s->nregions = 0;
	if (!s->pml4)
		return -ENOMEM;
	top = phys_to_virt(s->pml4);
	for (int i = 256; i < 512; i++)
		top[i] = kernel[i];
	return 0;
}

/* Frees the tables under entry e at level (2: a PDPT, 1: a PD, 0: a PT). */
static void paging_free_tables(uint64_t e, int level)
{
	uint64_t *t = paging_table(e);
	for (int i = 0; i < 512; i++) {
		if (level == 0 && (t[i] & PTE_OWNED))
			pmm_page_unref(t[i] & PTE_ADDR); /* present, or parked by PROT_NONE */
		else if (level > 0 && (t[i] & PTE_P) && !(t[i] & PTE_PS))
			paging_free_tables(t[i], level - 1);
	}
	pmm_free_pages(e & PTE_ADDR, 0);
}

void vm_space_destroy(struct vm_space *s)
{
	uint64_t *top = phys_to_virt(s->pml4);
	if (s == &kernel_vm || (read_cr3() & PTE_ADDR) == s->pml4)
		panic("vm: destroying a space that is loaded (%#lx)", s->pml4);
	for (int i = 0; i < 256; i++)
		if (top[i] & PTE_P)
			paging_free_tables(top[i], 2);
	pmm_free_pages(s->pml4, 0);
	s->pml4 = 0;
	vm_regions_release(s);
}

uint64_t *vm_pte_locked(struct vm_space *s, uint64_t va, bool create)
{
	uint64_t *e;
	return paging_walk(s->pml4, va, 0, create, &e) == 0 ? e : NULL;
}

uint64_t vm_pte_bits(unsigned flags)
{
	return paging_pte_flags(flags);
}

/* Visits the non-zero entries under table entry e at level (2: a PDPT ... 0: a PT), which
 * covers va base, that lie in [start, end); absent tables are skipped whole. */
static int paging_walk_tables(uint64_t e, int level, uint64_t base, uint64_t start, uint64_t end,
	int (*fn)(uint64_t va, uint64_t *pte, void *arg), void *arg)
{
	uint64_t *t = paging_table(e), span = 1ul << (12 + 9 * level);
	for (int i = 0; i < 512; i++) {
		uint64_t v = base + (uint64_t)i * span;
		int err = 0;
		if (v + span <= start || v >= end)
			continue;
		if (level == 0 && t[i])
			err = fn(v, &t[i], arg);
		else if (level > 0 && (t[i] & PTE_P) && !(t[i] & PTE_PS))
			err = paging_walk_tables(t[i], level - 1, v, start, end, fn, arg);
		if (err)
			return err;
	}
	return 0;
}

int vm_walk_range(struct vm_space *s, uint64_t start, uint64_t end,
	int (*fn)(uint64_t va, uint64_t *pte, void *arg), void *arg)
{
	uint64_t *top = phys_to_virt(s->pml4);
	end = MIN(end, VM_USER_END);
	for (int i = 0; i < 256; i++) {
		uint64_t lo = (uint64_t)i << 39;
		int err = 0;
		if (lo + (1ul << 39) > start && lo < end && (top[i] & PTE_P))
			err = paging_walk_tables(top[i], 2, lo, start, end, fn, arg);
		if (err)
			return err;
	}
	return 0;
}

int vm_walk_user(struct vm_space *s, int (*fn)(uint64_t va, uint64_t *pte, void *arg), void *arg)
{
	return vm_walk_range(s, 0, VM_USER_END, fn, arg);
}

/* Prunes the table entry e points to (at level: 2 a PDPT, 1 a PD, 0 a PT) covering va base. */
static bool paging_prune(uint64_t *e, int level, uint64_t base, uint64_t start, uint64_t end)
{
	uint64_t *t = paging_table(*e), span = 1ul << (12 + 9 * level);
	bool freed = false;
	for (int i = 0; level > 0 && i < 512; i++) {
		uint64_t lo = base + (uint64_t)i * span;
		if (lo + span > start && lo < end && (t[i] & PTE_P) && !(t[i] & PTE_PS))
			freed |= paging_prune(&t[i], level - 1, lo, start, end);
	}
	for (int i = 0; i < 512; i++)
		if (t[i])
			return freed;
	pmm_free_pages(*e & PTE_ADDR, 0);
	*e = 0;
	return true;
}

bool vm_prune_tables_locked(struct vm_space *s, uint64_t start, uint64_t end)
{
	uint64_t *top = phys_to_virt(s->pml4);
	bool freed = false;
	for (int i = 0; i < 256; i++) { /* the upper half's tables are shared: never pruned */
		uint64_t lo = (uint64_t)i << 39;
		if (lo + (1ul << 39) > start && lo < end && (top[i] & PTE_P))
			freed |= paging_prune(&top[i], 2, lo, start, end);
	}
	return freed;
}

/* Loads s here and keeps the spaces' CPU masks true: the bit of the space left is cleared
 * (its translations went with the CR3 write), the new one's set. */
/* CR3 loads, per CPU (each CPU adds to its own without a lock); under TCG each one flushes
 * the whole software TLB, which is what IPC's fast path counts (/proc/ipc). */
static uint64_t paging_cr3_loads[SMP_MAX_CPUS];

uint64_t vm_cr3_loads(void)
{
	uint64_t n = 0;
	for (int i = 0; i < SMP_MAX_CPUS; i++)
		n += paging_cr3_loads[i];
	return n;
}

void vm_space_activate(struct vm_space *s)
{
	struct cpu *c = cpus[0].self ? this_cpu() : NULL;
	uint64_t bit;
	if (!c) { /* before the per-CPU data exists: the boot CPU, alone */
		paging_write_cr3(s->pml4);
		return;
	}
	paging_cr3_loads[c->index]++;
	bit = 1ul << c->index;
	if (c->vm_loaded && c->vm_loaded != s)
		__asm__ volatile("lock andq %1, %0" : "+m"(((struct vm_space *)c->vm_loaded)->cpus) : "r"(~bit));
	__asm__ volatile("lock orq %1, %0" : "+m"(s->cpus) : "r"(bit));
	c->vm_loaded = s;
	paging_write_cr3(s->pml4);
}
