/* kernel/arch/x86_64/ioapic.c: the I/O APICs the MADT lists: device interrupts (global system
 * interrupts) routed to a vector on a CPU. Everything starts masked. */
#include "klib.h"
#include "errno.h"
#include "acpi.h"
#include "apic.h"
#include "cpu.h"
#include "spinlock.h"

#define IOAPIC_VER 0x01
#define IOREDTBL(n) (0x10 + 2 * (n))

static struct spinlock ioapic_lock = SPINLOCK_INIT("ioapic");
static uint32_t ioapic_count[ACPI_MAX_IOAPICS]; /* redirection entries of each */

static uint32_t ioapic_read(int i, uint32_t reg)
{
	volatile uint32_t *b = phys_to_virt(acpi.ioapics[i].addr);
	b[0] = reg;
	return b[4];
}

static void ioapic_write(int i, uint32_t reg, uint32_t v)
{
	volatile uint32_t *b = phys_to_virt(acpi.ioapics[i].addr);
	b[0] = reg;
	b[4] = v;
}

void ioapic_init(void)
{
	for (int i = 0; i < acpi.nioapics; i++) {
		ioapic_count[i] = ((ioapic_read(i, IOAPIC_VER) >> 16) & 0xff) + 1;
		for (uint32_t n = 0; n < ioapic_count[i]; n++) {
			ioapic_write(i, IOREDTBL(n), 1u << 16); /* masked */
			ioapic_write(i, IOREDTBL(n) + 1, 0);
		}
	}
}

uint32_t ioapic_max_gsi(void)
{
	uint32_t m = 0;
	for (int i = 0; i < acpi.nioapics; i++)
		if (acpi.ioapics[i].gsi_base + ioapic_count[i] > m)
			m = acpi.ioapics[i].gsi_base + ioapic_count[i];
	return m;
}

static int ioapic_find(uint32_t gsi, uint32_t *pin)
{
	for (int i = 0; i < acpi.nioapics; i++)
		if (gsi >= acpi.ioapics[i].gsi_base && gsi < acpi.ioapics[i].gsi_base + ioapic_count[i]) {
			*pin = gsi - acpi.ioapics[i].gsi_base;
			return i;
		}
	return -1;
}

int ioapic_route(uint32_t gsi, uint8_t vector, uint32_t apic_id, uint16_t flags)
{
	uint32_t pin, lo;
	uint64_t fl;
	int i = ioapic_find(gsi, &pin);
	if (i < 0)
		return -ENODEV;
	if (vector < 0x30)
		return -EINVAL;
	lo = vector;
	if ((flags & 3) == 3)
		lo |= 1u << 13; /* active low */
	if (((flags >> 2) & 3) == 3)
		lo |= 1u << 15; /* level triggered */
	fl = spin_lock_irqsave(&ioapic_lock);
	ioapic_write(i, IOREDTBL(pin) + 1, apic_id << 24);
	ioapic_write(i, IOREDTBL(pin), lo);
	spin_unlock_irqrestore(&ioapic_lock, fl);
	return 0;
}

int ioapic_mask(uint32_t gsi)
{
	uint32_t pin;
	uint64_t fl;
	int i = ioapic_find(gsi, &pin);
	if (i < 0)
		return -ENODEV;
	fl = spin_lock_irqsave(&ioapic_lock);
	ioapic_write(i, IOREDTBL(pin), ioapic_read(i, IOREDTBL(pin)) | (1u << 16));
	spin_unlock_irqrestore(&ioapic_lock, fl);
	return 0;
}

int ioapic_unmask(uint32_t gsi)
{
	uint32_t pin;
	uint64_t fl;
	int i = ioapic_find(gsi, &pin);
	if (i < 0)
		return -ENODEV;
	fl = spin_lock_irqsave(&ioapic_lock);
	ioapic_write(i, IOREDTBL(pin), ioapic_read(i, IOREDTBL(pin)) & ~(1u << 16));
	spin_unlock_irqrestore(&ioapic_lock, fl);
	return 0;
}
