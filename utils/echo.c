/* utils/echo.c: echo, writes its arguments: echo [-neE] [STRING...]. Like GNU's echo, escapes
 * (\n, \t, \\, \c, \0NNN ...) are read only with -e. */
#include <stdio.h>
#include <string.h>
#include "lib/util.h"

static const char echo_help[] =
	"usage: echo [-neE] [STRING...]\n"
	"Writes the STRINGs separated by spaces, then a newline.\n"
	"  -n  no newline at the end\n"
	"  -e  read backslash escapes: \\a \\b \\c (stop here) \\e \\f \\n \\r \\t \\v \\\\ \\0NNN \\xHH\n"
	"  -E  do not read escapes (the default)\n"
	"Exit status: 0, or 1 if writing failed.\n";

/* Writes S with its escapes read; 1 if a \c said to stop all output. */
static int echo_escaped(const char *s)
{
	for (; *s; s++) {
		int c = (unsigned char)*s, n, v;
		if (c != '\\' || !s[1]) {
			putchar(c);
			continue;
		}
		switch (*++s) {
		case 'a': putchar('\a'); break;
		case 'b': putchar('\b'); break;
		case 'c': return 1;
		case 'e': putchar(033); break;
		case 'f': putchar('\f'); break;
		case 'n': putchar('\n'); break;
		case 'r': putchar('\r'); break;
		case 't': putchar('\t'); break;
		case 'v': putchar('\v'); break;
		case '\\': putchar('\\'); break;
		case '0':
			for (n = 0, v = 0; n < 3 && s[1] >= '0' && s[1] <= '7'; n++)
				v = v * 8 + (*++s - '0');
			putchar(v);
			break;
		case 'x':
			for (n = 0, v = 0; n < 2 && strchr("0123456789abcdefABCDEF", s[1]) && s[1]; n++) {
				c = *++s;
				v = v * 16 + (c <= '9' ? c - '0' : (c | 32) - 'a' + 10);
			}
			if (n)
				putchar(v);
			else
				fputs("\\x", stdout);
			break;
		default:
			putchar('\\');
			putchar(*s);
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	int newline = 1, escapes = 0, i = 1;
	util_init(argc, argv, "echo", echo_help);
	/* options only while each argument is made entirely of n, e and E */
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strspn(argv[i] + 1, "neE") != strlen(argv[i] + 1))
			break;
		for (const char *p = argv[i] + 1; *p; p++) {
			if (*p == 'n')
				newline = 0;
			else
				escapes = *p == 'e';
		}
	}
	for (int first = i; i < argc; i++) {
		if (i > first)
			putchar(' ');
		if (!escapes)
			fputs(argv[i], stdout);
		else if (echo_escaped(argv[i])) {
			newline = 0;
			break;
		}
	}
	if (newline)
		putchar('\n');
	return fflush(stdout) ? 1 : 0;
}
