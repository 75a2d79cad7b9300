/* utils/yes.c: yes, repeats a line until its reader goes: yes [STRING...] (y by default). */
#include <stdio.h>
#include <string.h>
#include "lib/util.h"

static const char yes_help[] =
	"usage: yes [STRING...]\n"
	"Writes the STRINGs joined by spaces (y if none), one line at a time, until writing fails.\n"
	"Exit status: 1 when the output is closed.\n";

int main(int argc, char **argv)
{
	size_t len = 0;
	char *line;
	util_init(argc, argv, "yes", yes_help);
	if (argc > 1 && !strcmp(argv[1], "--"))
		argv++, argc--;
	for (int i = 1; i < argc; i++)
		len += strlen(argv[i]) + 1;
	line = util_alloc(len + 3);
	line[0] = 0;
	for (int i = 1; i < argc; i++) {
		strcat(line, argv[i]);
		strcat(line, i + 1 < argc ? " " : "");
	}
	if (argc < 2)
		strcpy(line, "y");
	strcat(line, "\n");
	while (fputs(line, stdout) >= 0)
		;
	return 1;
}
