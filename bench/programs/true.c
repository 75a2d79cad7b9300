/* bench/programs/true.c: the program forkexec starts: exits 0 at once, like /bin/true.
 * Built twice for Linux: /bench/true without a C library (-DBENCH_NOLIBC: the start below, as
 * Ferrite's, which has no C library yet, does the same), and /bench/true-libc with glibc's
 * static start-up, which is what a real program pays for on Linux. */
#if defined(__linux__) && defined(BENCH_NOLIBC)
/* exit_group(main()): what selftest/user/crt0.S does on Ferrite */
__asm__(".globl _start\n"
	"_start:\n"
	"\tcall main\n"
	"\tmovl %eax, %edi\n"
	"\tmovl $231, %eax\n"
	"\tsyscall\n"
	"\thlt\n");
#endif

int main(void)
{
	return 0;
}
