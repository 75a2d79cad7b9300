/* utils/lspci.c: lspci, the PCI functions the pci server found: one line each, its bus
 * address, vendor and device ids, class and interrupt line, and the pid of the driver that
 * claimed it, if one did (/dev/pci). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char buf[4096];
	ssize_t n;
	int fd;
	if (argc > 1) {
		int help = !strcmp(argv[1], "--help");
		fprintf(help ? stdout : stderr, "usage: lspci [--help]\n"
			"Lists the PCI functions: BUS:DEVICE.FUNCTION VENDOR:DEVICE class CLASS irq N,\n"
			"and \"driver PID\" after a function a driver has claimed.\n");
		return help ? 0 : 2;
	}
	if ((fd = open("/dev/pci", O_RDONLY)) < 0) {
		fprintf(stderr, "lspci: /dev/pci: %s\n", strerror(errno));
		return 1;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (write(1, buf, (size_t)n) != n)
			return 1;
	return n < 0;
}
