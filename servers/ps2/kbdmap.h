/* servers/ps2/kbdmap.h: the keyboard's scancodes as key events and as the bytes a terminal
 * sends, a portable core (no system call) that ps2d.c feeds and the host tests drive.
 *
 * Input: scancode set 1, which is what the i8042 gives with translation on (QEMU's keyboard
 * speaks set 2, the controller translates): a make code, the same | 0x80 to break, an 0xe0
 * prefix for the extended keys, 0xe1 for Pause. Key codes are Linux's input codes (KEY_A is
 * 30, KEY_UP 103: for the plain keys they are the set 1 make codes), so /dev/kbd's events read
 * like evdev's. Bytes: the US layout, with shift, caps lock, ctrl (ctrl-letter is 1..26, ctrl-@
 * [ \ ] ^ _ as a terminal sends them) and alt (ESC before the byte); enter is CR, backspace DEL,
 * the arrows and the editing keys VT100/xterm sequences (ESC [ A, ESC [ 3 ~, ...). */
#ifndef SERVERS_KBDMAP_H
#define SERVERS_KBDMAP_H

#include <stddef.h>
#include <stdint.h>

/* modifier bits (kbd_event.mods, kbd_state.mods) */
#define KBD_MOD_SHIFT 0x01
#define KBD_MOD_CTRL  0x02
#define KBD_MOD_ALT   0x04
#define KBD_MOD_CAPS  0x08    /* caps lock is on */

/* some key codes (Linux's values) */
#define KBD_KEY_ESC        1
#define KBD_KEY_BACKSPACE  14
#define KBD_KEY_TAB        15
#define KBD_KEY_ENTER      28
#define KBD_KEY_LEFTCTRL   29
#define KBD_KEY_A          30
#define KBD_KEY_LEFTSHIFT  42
#define KBD_KEY_RIGHTSHIFT 54
#define KBD_KEY_LEFTALT    56
#define KBD_KEY_SPACE      57
#define KBD_KEY_CAPSLOCK   58
#define KBD_KEY_KPENTER    96
#define KBD_KEY_RIGHTCTRL  97
#define KBD_KEY_RIGHTALT   100
#define KBD_KEY_HOME       102
#define KBD_KEY_UP         103
#define KBD_KEY_PAGEUP     104
#define KBD_KEY_LEFT       105
#define KBD_KEY_RIGHT      106
#define KBD_KEY_END        107
#define KBD_KEY_DOWN       108
#define KBD_KEY_PAGEDOWN   109
#define KBD_KEY_INSERT     110
#define KBD_KEY_DELETE     111

/* One key going down (value 1), repeating (2: a make code for a key already down) or up (0):
 * what a read of /dev/kbd gives, 8 bytes each. */
struct kbd_event {
	uint32_t time_ms;      /* the server's monotonic clock, milliseconds */
	uint16_t code;         /* KBD_KEY_*: Linux's input code */
	uint8_t value;         /* 0 up, 1 down, 2 repeat */
	uint8_t mods;          /* KBD_MOD_* after this key */
};
_Static_assert(sizeof(struct kbd_event) == 8, "struct kbd_event");

struct kbd_state {
	unsigned mods;
	int prefix;            /* 0xe0 seen: the next byte is an extended key */
	int skip;              /* bytes of a Pause sequence still to come */
	uint8_t down[16];      /* a bit per key code below 128: is it held */
};

#define KBD_BYTES_MAX 8        /* the longest sequence one key makes */

void kbd_init(struct kbd_state *s);
/* One scancode byte: 1 and *ev filled when it ends a key event (and out holds *nout bytes for
 * a terminal, 0 for a release or a modifier), 0 when it was a prefix or is ignored. */
int kbd_scancode(struct kbd_state *s, uint8_t sc, struct kbd_event *ev, char *out, size_t *nout);

#endif
