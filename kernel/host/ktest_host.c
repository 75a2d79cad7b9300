/* kernel/host/ktest_host.c: runs the kernel's portable-core tests on the Linux host (with
 * AddressSanitizer and UBSan), printing the same `N passed, N failed` summary as in QEMU.
 *   ktest-host [filter] */
#include <stdio.h>
#include "ktest.h"

void console_backend_write(const char *s, size_t n)
{
	fwrite(s, 1, n, stdout);
}

int main(int argc, char **argv)
{
	int failed = ktest_run_all(argc > 1 ? argv[1] : NULL);
	fflush(stdout);
	return failed ? 1 : 0;
}
