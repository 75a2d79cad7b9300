/* bench/programs/true.c: the program forkexec starts: exits 0 at once, like /bin/true, with
 * nothing else in it (no C library start-up on Ferrite, glibc's static start-up on Linux). */
int main(void)
{
	return 0;
}
