/* boot/loader/serial.c: COM1 output for the loader's error messages. */
#include "loader.h"

#define COM1 0x3f8

static void outb(unsigned short port, unsigned char v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static unsigned char inb(unsigned short port)
{
	unsigned char v;
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

void loader_serial_init(void)
{
	outb(COM1 + 1, 0x00);	/* no interrupts */
	outb(COM1 + 3, 0x80);	/* divisor latch */
	outb(COM1 + 0, 0x01);	/* 115200 baud */
	outb(COM1 + 1, 0x00);
	outb(COM1 + 3, 0x03);	/* 8N1 */
	outb(COM1 + 2, 0xc7);	/* FIFO on */
	outb(COM1 + 4, 0x03);
}

void loader_puts(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			loader_puts("\r");
		while (!(inb(COM1 + 5) & 0x20))
			;
		outb(COM1, (unsigned char)*s);
	}
}

void loader_panic(const char *why)
{
	loader_puts("ferrite loader: ");
	loader_puts(why);
	loader_puts("; stopped.\n");
	for (;;)
		__asm__ volatile("cli; hlt");
}
