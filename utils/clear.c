/* utils/clear.c: clear, clears the terminal: clear (the ANSI sequences ESC [H, ESC [2J and
 * ESC [3J: cursor home, clear the screen, drop the scroll-back). */
#include <stdio.h>
#include "lib/util.h"

int main(int argc, char **argv)
{
	util_init(argc, argv, "clear", "usage: clear\n"
		"Clears the terminal screen (ANSI: cursor home, erase the display and scroll-back).\n"
		"Exit status: 0, or 1 if writing failed.\n");
	if (argc > 1)
		return util_usage(2);
	fputs("\033[H\033[2J\033[3J", stdout);
	return fflush(stdout) ? 1 : 0;
}
