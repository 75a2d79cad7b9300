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

/* The value of key=value on the command line, copied into buf; false if key is absent. */
bool cmdline_get(const char *cmdline, const char *key, char *buf, size_t n)
{
	size_t k = strlen(key);
	const char *p = cmdline;
	while (*p) {
		while (*p == ' ')
			p++;
		if (strncmp(p, key, k) == 0 && p[k] == '=') {
			size_t i = 0;
			p += k + 1;
			while (*p && *p != ' ' && i + 1 < n)
				buf[i++] = *p++;
			buf[i] = 0;
			return true;
		}
		while (*p && *p != ' ')
			p++;
	}
	return false;
}

/* Decimal digits to a number; false on anything else or overflow. */
bool kstrtou64(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (~0ull - (uint64_t)(*s - '0')) / 10)
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return true;
}
