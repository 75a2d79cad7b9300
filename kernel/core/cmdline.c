/* kernel/core/cmdline.c: reading the kernel command line: space-separated words. */
#include "klib.h"

bool cmdline_has(const char *cmdline, const char *word)
{
	size_t n = strlen(word);
	const char *p = cmdline;
	if (n == 0)
		return false;
	while (*p) {
		while (*p == ' ')
			p++;
		if (strncmp(p, word, n) == 0 && (p[n] == ' ' || p[n] == 0))
			return true;
		while (*p && *p != ' ')
			p++;
	}
	return false;
}
