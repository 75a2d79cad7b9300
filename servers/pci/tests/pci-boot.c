/* servers/pci/tests/pci-boot.c: the first process of the PCI test boot (init=/selftest/pci-boot):
 * it becomes init (pid 1, every capability) with the system's service list and the test's
 * (/selftest/pci.services: the port check and pcitest, after pci). */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	char *argv[] = { "/sbin/init", "/etc/services", "/selftest/pci.services", NULL };
	char *envp[] = { NULL };
	execve(argv[0], argv, envp);
	perror("pci-boot: /sbin/init");
	return 127;
}
