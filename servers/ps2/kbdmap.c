/* servers/ps2/kbdmap.c: scancodes to key events and terminal bytes (kbdmap.h). */
#include <string.h>
#include "kbdmap.h"

/* The US layout by key code (set 1 make codes 0x00..0x39), plain and shifted; 0: no byte. */
static const char kbd_plain[58] = {
	0, 0x1b, '1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '-', '=', 0x7f, '\t',
	'q', 'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p', '[', ']', '\r', 0, 'a', 's',
	'd', 'f', 'g', 'h', 'j', 'k', 'l', ';', '\'', '`', 0, '\\', 'z', 'x', 'c', 'v',
	'b', 'n', 'm', ',', '.', '/', 0, '*', 0, ' ',
};
static const char kbd_shifted[58] = {
	0, 0x1b, '!', '@', '#', '$', '%', '^', '&', '*', '(', ')', '_', '+', 0x7f, '\t',
	'Q', 'W', 'E', 'R', 'T', 'Y', 'U', 'I', 'O', 'P', '{', '}', '\r', 0, 'A', 'S',
	'D', 'F', 'G', 'H', 'J', 'K', 'L', ':', '"', '~', 0, '|', 'Z', 'X', 'C', 'V',
	'B', 'N', 'M', '<', '>', '?', 0, '*', 0, ' ',
};

/* Extended keys (after 0xe0): the set 1 code and Linux's code. */
static const struct {
	uint8_t sc;
	uint16_t code;
} kbd_extended[] = {
	{ 0x1c, KBD_KEY_KPENTER }, { 0x1d, KBD_KEY_RIGHTCTRL }, { 0x35, 98 /* KP slash */ },
	{ 0x37, 99 /* SysRq */ }, { 0x38, KBD_KEY_RIGHTALT }, { 0x47, KBD_KEY_HOME },
	{ 0x48, KBD_KEY_UP }, { 0x49, KBD_KEY_PAGEUP }, { 0x4b, KBD_KEY_LEFT },
	{ 0x4d, KBD_KEY_RIGHT }, { 0x4f, KBD_KEY_END }, { 0x50, KBD_KEY_DOWN },
	{ 0x51, KBD_KEY_PAGEDOWN }, { 0x52, KBD_KEY_INSERT }, { 0x53, KBD_KEY_DELETE },
	{ 0x5b, 125 /* left meta */ }, { 0x5c, 126 /* right meta */ }, { 0x5d, 127 /* menu */ },
};

/* The sequences of the keys that send one (xterm's, in VT100's cursor mode for the arrows). */
static const struct {
	uint16_t code;
	const char *seq;
} kbd_sequences[] = {
	{ KBD_KEY_UP, "\x1b[A" }, { KBD_KEY_DOWN, "\x1b[B" }, { KBD_KEY_RIGHT, "\x1b[C" },
	{ KBD_KEY_LEFT, "\x1b[D" }, { KBD_KEY_HOME, "\x1b[H" }, { KBD_KEY_END, "\x1b[F" },
	{ KBD_KEY_INSERT, "\x1b[2~" }, { KBD_KEY_DELETE, "\x1b[3~" },
	{ KBD_KEY_PAGEUP, "\x1b[5~" }, { KBD_KEY_PAGEDOWN, "\x1b[6~" },
	{ KBD_KEY_KPENTER, "\r" }, { 98, "/" },
};

void kbd_init(struct kbd_state *s)
{
	memset(s, 0, sizeof(*s));
}

static unsigned kbd_modifier(unsigned code)
{
	switch (code) {
	case KBD_KEY_LEFTSHIFT: case KBD_KEY_RIGHTSHIFT: return KBD_MOD_SHIFT;
	case KBD_KEY_LEFTCTRL: case KBD_KEY_RIGHTCTRL: return KBD_MOD_CTRL;
	case KBD_KEY_LEFTALT: case KBD_KEY_RIGHTALT: return KBD_MOD_ALT;
	default: return 0;
	}
}

/* A plain key's byte under the modifiers, or -1 for none. */
static int kbd_byte(unsigned code, unsigned mods)
{
	int shift = !!(mods & KBD_MOD_SHIFT), c;
	if (code >= sizeof(kbd_plain))
		return -1;
	c = (unsigned char)kbd_plain[code];
	if (c >= 'a' && c <= 'z' && (mods & KBD_MOD_CAPS))
		shift = !shift; /* caps lock turns letters only */
	if (shift)
		c = (unsigned char)kbd_shifted[code];
	if (!c)
		return -1;
	if (mods & KBD_MOD_CTRL) {
		if (c >= 'a' && c <= 'z')
			return c - 'a' + 1;
		if (c >= '@' && c <= '_') /* @ A..Z [ \ ] ^ _ */
			return c - '@';
		if (c == ' ' || c == '2')
			return 0; /* ctrl-space, ctrl-2: NUL */
		if (c == '/' || c == '?' || c == '-')
			return 0x1f;
	}
	return c;
}

static size_t kbd_bytes(unsigned code, unsigned mods, char *out)
{
	size_t n = 0;
	int c;
	for (size_t i = 0; i < sizeof(kbd_sequences) / sizeof(kbd_sequences[0]); i++)
		if (kbd_sequences[i].code == code) {
			n = strlen(kbd_sequences[i].seq);
			memcpy(out, kbd_sequences[i].seq, n);
			return n;
		}
	if (code >= 0x80 || (c = kbd_byte(code, mods)) < 0)
		return 0;
	if (mods & KBD_MOD_ALT)
		out[n++] = 0x1b; /* meta sends ESC first */
	out[n++] = (char)c;
	return n;
}

static int kbd_is_down(const struct kbd_state *s, unsigned code)
{
	return code < 128 && (s->down[code / 8] >> (code % 8) & 1);
}

static void kbd_set_down(struct kbd_state *s, unsigned code, int down)
{
	if (code >= 128)
		return;
	if (down)
		s->down[code / 8] |= (uint8_t)(1u << (code % 8));
	else
		s->down[code / 8] &= (uint8_t)~(1u << (code % 8));
}

/* Modifiers from the keys held (either shift, ctrl or alt), caps lock's state kept. */
static unsigned kbd_mods_now(const struct kbd_state *s)
{
	unsigned m = s->mods & KBD_MOD_CAPS;
	static const uint16_t keys[] = { KBD_KEY_LEFTSHIFT, KBD_KEY_RIGHTSHIFT, KBD_KEY_LEFTCTRL,
		KBD_KEY_RIGHTCTRL, KBD_KEY_LEFTALT, KBD_KEY_RIGHTALT };
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (kbd_is_down(s, keys[i]))
			m |= kbd_modifier(keys[i]);
	return m;
}

int kbd_scancode(struct kbd_state *s, uint8_t sc, struct kbd_event *ev, char *out, size_t *nout)
{
	unsigned code = 0, make = sc & 0x7f;
	int down = !(sc & 0x80), ext = s->prefix;
	*nout = 0;
	if (s->skip) { /* the rest of Pause: e1 1d 45 e1 9d c5 */
		s->skip--;
		return 0;
	}
	if (sc == 0xe0) {
		s->prefix = 1;
		return 0;
	}
	if (sc == 0xe1) {
		s->skip = 5;
		s->prefix = 0;
		return 0;
	}
	s->prefix = 0;
	if (sc == 0x00 || sc == 0xff || sc == 0xfa || sc == 0xfe)
		return 0; /* errors and the keyboard's answers to commands: not keys */
	if (ext) {
		if (make == 0x2a || make == 0x36)
			return 0; /* the fake shifts around Print Screen and friends */
		for (size_t i = 0; i < sizeof(kbd_extended) / sizeof(kbd_extended[0]); i++)
			if (kbd_extended[i].sc == make)
				code = kbd_extended[i].code;
		if (!code)
			return 0;
	} else {
		code = make;
	}
	ev->code = (uint16_t)code;
	ev->value = (uint8_t)(!down ? 0 : kbd_is_down(s, code) ? 2 : 1);
	kbd_set_down(s, code, down);
	if (code == KBD_KEY_CAPSLOCK && ev->value == 1)
		s->mods ^= KBD_MOD_CAPS;
	s->mods = kbd_mods_now(s);
	ev->mods = (uint8_t)s->mods;
	ev->time_ms = 0;
	if (down && !kbd_modifier(code))
		*nout = kbd_bytes(code, s->mods, out);
	return 1;
}
