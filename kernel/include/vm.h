/* kernel/include/vm.h: address spaces and their 4-level page tables (arch/x86_64/paging.c).
 *
 * The kernel's layout (the upper half, PML4 entries 256-511, is the same in every space):
 *   0x0000000000000000-0x00007fffffffffff  user space (per process); nothing at 0 at all
 *   0xffff800000000000-                    the direct map: all of the first 4 GiB (firmware
 *                                          tables, the APICs; uncached where no RAM is) and
 *                                          all RAM above it; RW, never executable
 *   0xffffc00000000000-0xffffc07fffffffff  VM_KMAP: mappings the kernel makes page by page
 *                                          (stacks with guard pages, device windows)
 *   0xffffffff80000000-                    the kernel image: text RX, data and bss RW+NX */
#ifndef KERNEL_VM_H
#define KERNEL_VM_H

#include "types.h"
#include "spinlock.h"
#include "../../boot/bootinfo.h"

#define VM_USER_END   0x0000800000000000ul /* first address above user space */
#define VM_DIRECT_MAP 0xffff800000000000ul
#define VM_KMAP_BASE  0xffffc00000000000ul
#define VM_KMAP_END   0xffffc08000000000ul

/* Page table entry bits, as the CPU reads them. */
#define PTE_P    0x001ul
#define PTE_W    0x002ul
#define PTE_U    0x004ul
#define PTE_PWT  0x008ul
#define PTE_PCD  0x010ul
#define PTE_A    0x020ul
#define PTE_D    0x040ul
#define PTE_PS   0x080ul /* in a PDPT or PD entry: a 1 GiB or 2 MiB page */
#define PTE_G    0x100ul
#define PTE_COW  0x200ul   /* software: shared copy-on-write, read-only until a write fault */
#define PTE_OWNED 0x400ul  /* software: the space holds a reference on the frame (regions) */
#define PTE_PHYS 0x800ul   /* software: a physical range's page (physmap): no one's frame */
#define PTE_PAT  0x080ul   /* in a 4 KiB entry: the PAT index's high bit (write-combining) */
#define PTE_NX   (1ul << 63)
#define PTE_ADDR 0x000ffffffffff000ul

/* vm_map flags: a page is always readable and present; these add to it. Regions (below)
 * also use VM_READ: a region without any of READ, WRITE, EXEC is inaccessible (PROT_NONE). */
#define VM_WRITE   0x1u
#define VM_EXEC    0x2u
#define VM_USER    0x4u
#define VM_NOCACHE 0x8u /* device memory */
#define VM_READ    0x10u

struct vm_region; /* core/vm.c */

struct vm_space {
	uint64_t pml4;        /* physical address of the top table: what CR3 holds */
	struct spinlock lock; /* guards the tables and the regions */
	struct vm_region *regions; /* the user half's anonymous memory, sorted (core/vm.c) */
	uint64_t committed;        /* pages of regions charged to the commit limit */
	uint32_t nregions;         /* at most vm_max_regions: each costs kernel memory */
	volatile uint64_t cpus;    /* bit i: loaded on CPU i (vm_space_activate keeps it) */
};

#define VM_MAX_REGIONS 65530 /* Linux's default vm.max_map_count */
extern uint32_t vm_max_regions; /* VM_MAX_REGIONS; tests lower it */

/* The kernel's own space; its upper half is every space's upper half. */
extern struct vm_space kernel_vm;

/* Boot (mem_init): builds the kernel's tables (direct map, kernel image by its ELF
 * segments, every upper-half PDPT allocated so spaces can share them) and loads them. The
 * loader's identity map of low memory is gone afterwards. */
void paging_init(const struct bootinfo *bi);

/* Maps the 4 KiB page at va to the frame pa. 0, or -EINVAL (unaligned, non-canonical, or
 * VM_USER outside user space), -EBUSY (something is mapped there, also a large page), -ENOMEM
 * (no frame for a page table). Takes no reference on pa: the frame stays its owner's. */
int vm_map(struct vm_space *s, uint64_t va, uint64_t pa, unsigned flags);
/* Removes the mapping of the page at va and flushes it from the TLBs; the frame it had goes
 * to *pa if pa is not NULL. 0, or -EINVAL, -ENOENT (nothing mapped), -EBUSY (a large page). */
int vm_unmap(struct vm_space *s, uint64_t va, uint64_t *pa);
/* Where va leads: the physical address to *pa and the leaf entry (with PTE_PS for a large
 * page) to *pte, either may be NULL. 0, or -EFAULT if nothing is mapped at va. */
int vm_translate(struct vm_space *s, uint64_t va, uint64_t *pa, uint64_t *pte);

/* Guard pages: a non-present entry with a mark, so a fault there can be named (a kernel stack
 * overflow) rather than being any unmapped address. vm_unmap removes the mark. */
#define PTE_GUARD_MARK 0x4755415244000000ul /* any value: with P clear the CPU reads no other bit */
int vm_mark_guard(struct vm_space *s, uint64_t va); /* 0, -EINVAL, -EBUSY, -ENOMEM */
bool vm_is_guard(struct vm_space *s, uint64_t va);

/* Forgets the translations of n pages from va wherever s may be loaded: this CPU, and by IPI
 * every other CPU that has s loaded (every CPU for the kernel's half), waiting for them. */
void vm_tlb_shootdown(struct vm_space *s, uint64_t va, uint64_t n);

/* A new space: an empty user half and the kernel's upper half. 0 or -ENOMEM. */
int vm_space_create(struct vm_space *s);
/* Frees the user half: its regions, one reference on every frame the space owns
 * (PTE_OWNED), its page tables and the top table. Frames mapped with vm_map stay their
 * owners'. s must not be loaded on any CPU. */
void vm_space_destroy(struct vm_space *s);
/* Loads s on this CPU (writes CR3). */
void vm_space_activate(struct vm_space *s);
/* CR3 loads since boot, all CPUs. */
uint64_t vm_cr3_loads(void);

/* core/vm_kmap.c: kernel stacks in VM_KMAP, each with a guard page below it. vm_kstack_alloc
 * returns the stack's top (the first rsp), or 0 if there is no memory; vm_kstack_free takes
 * the same top and size and gives the frames and the addresses back. */
uint64_t vm_kstack_alloc(unsigned pages);
void vm_kstack_free(uint64_t top, unsigned pages);
/* Ranges of VM_KMAP addresses, without memory behind them: the first address, or 0. */
uint64_t vm_kmap_reserve(uint64_t pages);
void vm_kmap_release(uint64_t va, uint64_t pages);

/* core/vm.c: the user half as regions of anonymous private memory. A page is made on the
 * first write (zero-filled, owned by the space: PTE_OWNED); a read before that maps the shared
 * zero page copy-on-write; fork shares pages copy-on-write. All addresses page-aligned, inside
 * user space. */
struct vm_object;
struct vm_region {
	uint64_t start, end;
	unsigned prot;         /* VM_READ, VM_WRITE, VM_EXEC */
	unsigned maxprot;      /* what mprotect may give: set at map time (vm_region_map_object) */
	struct vm_object *obj; /* shared memory: its pages live there; NULL: private memory */
	uint64_t obj_off;      /* the object's page that start shows */
	struct vm_region *next;
};

/* core/vm_object.c: shared memory (MAP_SHARED, window buffers): pages that belong to an
 * object rather than to a space, made zeroed on first use, the same frame in every region that
 * maps the object, never copied on write. The object is charged to the commit limit once. */
struct vm_object *vm_object_create(uint64_t pages); /* one reference; NULL: no memory */
void vm_object_ref(struct vm_object *o);
void vm_object_unref(struct vm_object *o); /* the last one frees its pages */
uint64_t vm_object_pages(const struct vm_object *o);
/* The frame of page idx (made if need be) with one more frame reference, for a mapping:
 * 0, -EINVAL (past the end) or -ENOMEM. A physical range's frame comes without a reference. */
int vm_object_page(struct vm_object *o, uint64_t idx, uint64_t *frame);
/* Driver memory. A physical range (MMIO) of pages frames from phys: its entries carry PTE_PHYS
 * and cache_bits (PTE_PWT, PTE_PCD, PTE_PAT), no frame is counted, nothing is charged.
 * Contiguous memory (DMA): pages zeroed frames in one physical stretch, made at once (at
 * most 2^BUDDY_MAX_ORDER pages), its address to *phys. Both NULL when they cannot be made. */
struct vm_object *vm_object_create_phys(uint64_t phys, uint64_t pages, uint64_t cache_bits);
struct vm_object *vm_object_create_contig(uint64_t pages, uint64_t *phys, int owner);
/* DMA holds (dmahold.c): a DMA object that lost its last reference may be parked instead of
 * freed (dma_hold_park: true if it was), chained through vm_object_chain, and freed later with
 * vm_object_destroy. */
bool dma_hold_park(struct vm_object *o, int owner, uint64_t pages);
struct vm_object **vm_object_chain(struct vm_object *o);
void vm_object_destroy(struct vm_object *o);
size_t dma_hold_format(char *buf, size_t len); /* /proc/dma */
/* The contiguous object holding all of [phys, phys + len), with a reference, and the page of
 * it phys is to *first; NULL if none does. */
struct vm_object *vm_object_find_contig(uint64_t phys, uint64_t len, uint64_t *first);
/* What a physical range's entries carry beyond the rights (PTE_PHYS | cache); 0 for others. */
uint64_t vm_object_phys_bits(const struct vm_object *o);
/* Device and DMA memory (a physical range, contiguous memory) is never executable. */
bool vm_object_may_exec(const struct vm_object *o);
/* An anonymous object grows to pages (shm's ftruncate; it never shrinks): 0, -EINVAL, -ENOMEM. */
int vm_object_grow(struct vm_object *o, uint64_t pages);
/* Maps pages [off, off + len / 4096) of o at start, taking a reference on o: 0, -EINVAL,
 * -EBUSY (overlaps a region) or -ENOMEM. Forked children share the pages, not copies. */
int vm_region_map_object(struct vm_space *s, uint64_t start, uint64_t len, unsigned prot,
	struct vm_object *o, uint64_t off);
/* The same, mprotect limited to maxprot from then on (mmap of a description: what its access
 * mode allows), less VM_EXEC if o may not run: -EACCES if prot asks for more. */
int vm_region_map_object_max(struct vm_space *s, uint64_t start, uint64_t len, unsigned prot,
	unsigned maxprot, struct vm_object *o, uint64_t off);
/* core/mman.c: maps len bytes of o from its page first anywhere in the calling process (prot:
 * VM_READ...), taking a reference on o: the address, or -EINVAL, -ENOMEM. */
long mman_map_object(struct vm_object *o, uint64_t first, size_t len, unsigned prot);
/* The commit limit's account without a space (objects): 0 or -ENOMEM; and giving back. */
int vm_commit_pages(uint64_t pages);
void vm_uncommit_pages(uint64_t pages);
/* Commit charge: every page of every region counts against a limit of the RAM pmm manages
 * less a reserve for the kernel (an eighth), so memory is promised only once: a region, or a
 * fork (the child's copy of every region), that would pass the limit fails with -ENOMEM up
 * front, instead of a process dying on a fault later. */
struct vm_commit_stats {
	uint64_t committed, limit; /* pages */
	uint64_t reserve;          /* pages of the limit only essential processes take */
};
void vm_commit_stats(struct vm_commit_stats *st);
/* Frees s's regions and gives their charge back (vm_space_destroy calls it). */
void vm_regions_release(struct vm_space *s);

/* Boot (mem_init, after the heap): the shared zero page that read faults map. */
void vm_init(void);
/* The frame every never-written private page reads from (copy-on-write), 0 before vm_init. */
uint64_t vm_zero_frame(void);

/* A new region [start, start + len): 0, -EINVAL, -EBUSY (overlaps one), -ENOMEM. */
int vm_region_map(struct vm_space *s, uint64_t start, uint64_t len, unsigned prot);
/* The lowest free stretch of len bytes in [lo, hi) that no region touches (mmap without an
 * address): its start, or 0 if there is none. */
uint64_t vm_region_find_gap(struct vm_space *s, uint64_t len, uint64_t lo, uint64_t hi);
/* Removes [start, start + len) from whatever regions cover it (splitting them), frees its
 * pages and flushes them: 0, -EINVAL, -ENOMEM (no memory to split a region). */
int vm_region_unmap(struct vm_space *s, uint64_t start, uint64_t len);
/* New rights for [start, start + len), which regions must cover entirely: 0, -EINVAL,
 * -ENOMEM (a hole in the range, as POSIX has it, or no memory to split). */
int vm_region_protect(struct vm_space *s, uint64_t start, uint64_t len, unsigned prot);
/* A page fault at va in s by an access (VM_WRITE, VM_EXEC as the CPU's error code says):
 * 0 when the page is now there (demand zero, copy-on-write, or another CPU was first);
 * -EFAULT when the access is not allowed (the caller sends SIGSEGV); -ENOMEM when no frame is
 * left (the out-of-memory policy decides). */
int vm_fault(struct vm_space *s, uint64_t va, unsigned access);
/* dst becomes a copy of src's user half: the same regions, every owned page shared
 * copy-on-write. 0 or -ENOMEM (dst is then destroyed). */
int vm_space_fork(struct vm_space *dst, struct vm_space *src);
/* The region holding va, or NULL; s->lock must be held. */
struct vm_region *vm_region_find(struct vm_space *s, uint64_t va);

/* core/vm_copy.c: copies to and from a space's user memory, through the direct map: the
 * kernel never touches a user address itself, so a bad pointer is -EFAULT and never a
 * kernel fault, and SMAP stays on. Pages not yet there are faulted in (vm_fault), shared ones
 * copied before a write. Only the space's own memory (regions) can be a source or a target.
 * Each returns 0 or -EFAULT (-ENOMEM if a page could not be made). */
int vm_copy_from_user(struct vm_space *s, void *dst, uint64_t usrc, size_t n);
int vm_copy_to_user(struct vm_space *s, uint64_t udst, const void *src, size_t n);
/* From one space to another, the one copy of a read or write through IPC. */
int vm_copy_between(struct vm_space *ds, uint64_t udst, struct vm_space *ss, uint64_t usrc, size_t n);
/* A NUL-terminated string of at most max bytes with its NUL: its length, -EFAULT, or
 * -ERANGE if there is no NUL within max bytes. */
int64_t vm_copy_string_from_user(struct vm_space *s, char *dst, uint64_t usrc, size_t max);

/* For core/vm.c (arch/x86_64/paging.c), with s->lock held: the 4 KiB entry for va, making
 * tables if create (NULL: a large page there, no table, or no memory); the entry bits for
 * vm_map flags; every non-zero user-half entry in turn until fn returns non-zero. */
uint64_t *vm_pte_locked(struct vm_space *s, uint64_t va, bool create);
uint64_t vm_pte_bits(unsigned flags);
int vm_walk_user(struct vm_space *s, int (*fn)(uint64_t va, uint64_t *pte, void *arg), void *arg);
/* The same for the user-half entries in [start, end) only; tables that do not exist are
 * skipped whole, so a huge range costs what is mapped in it, not its size. */
int vm_walk_range(struct vm_space *s, uint64_t start, uint64_t end,
	int (*fn)(uint64_t va, uint64_t *pte, void *arg), void *arg);
/* Frees the user-half page tables under [start, end) that map nothing any more (not even a
 * guard mark); true if any went, and the caller must then flush s from the TLBs entirely: the
 * CPU caches upper-level entries too. */
bool vm_prune_tables_locked(struct vm_space *s, uint64_t start, uint64_t end);

/* Filling and copying memory with the string instructions (arch/x86_64/paging.c): under
 * QEMU's TCG one `rep stos`/`rep movs` is a single helper call, where the kernel's byte loops
 * (core/string.c) take about 30 ns a byte, so a page costs ~2 us instead of ~120 us. */
void vm_mem_zero(void *dst, size_t n);
void vm_mem_copy(void *dst, const void *src, size_t n); /* no overlap */

/* The physical address behind a direct-map address. */
static inline uint64_t virt_to_phys(const void *p) { return (uint64_t)p - VM_DIRECT_MAP; }

#endif
