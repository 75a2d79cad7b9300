/* servers/ps2/tests/kbdmap_test.c: host tests of the scancode translator (servers/ps2/kbdmap.c),
 * run under ASan/UBSan: letters and digits, shift and caps lock, ctrl (^C, ^[, ^D), alt as ESC,
 * enter, backspace, tab, escape, the arrows and editing keys as VT100 sequences, key codes and
 * values (down, repeat, up) of the events, the 0xe0 prefix and its fake shifts, Pause, and
 * random bytes (nothing out of bounds, modifiers only from keys held). Prints
 * `kbdmap: N passed, M failed`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../kbdmap.h"

static int passed, failed, checks_failed;
static const char *current;

#define CHECK(cond) check(!!(cond), #cond, __LINE__)
static void check(int ok, const char *what, int line)
{
	if (ok)
		return;
	checks_failed++;
	printf("FAIL %s, line %d: %s\n", current, line, what);
}

static struct kbd_state st;
static char typed[256];
static size_t ntyped;
static struct kbd_event last;
static int events;

/* Feeds scancodes; what a terminal would get is appended to typed. */
static void feed(const uint8_t *sc, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char out[KBD_BYTES_MAX];
		size_t k;
		if (kbd_scancode(&st, sc[i], &last, out, &k)) {
			events++;
			CHECK(k <= KBD_BYTES_MAX);
			if (ntyped + k < sizeof(typed)) {
				memcpy(typed + ntyped, out, k);
				ntyped += k;
			}
		} else {
			CHECK(k == 0);
		}
	}
	typed[ntyped] = 0;
}

#define FEED(...) do { static const uint8_t s_[] = { __VA_ARGS__ }; feed(s_, sizeof(s_)); } while (0)

static void reset(void)
{
	kbd_init(&st);
	ntyped = 0;
	typed[0] = 0;
	events = 0;
}

/* A key pressed and released (set 1 make code). */
static void tap(uint8_t make)
{
	uint8_t s[2] = { make, (uint8_t)(make | 0x80) };
	feed(s, 2);
}

static void test_letters_digits_enter(void)
{
	/* e c h o space k b d - o k enter */
	static const uint8_t keys[] = { 0x12, 0x2e, 0x23, 0x18, 0x39, 0x25, 0x30, 0x20, 0x0c, 0x18,
		0x25, 0x1c };
	reset();
	for (size_t i = 0; i < sizeof(keys); i++)
		tap(keys[i]);
	CHECK(!strcmp(typed, "echo kbd-ok\r"));
	CHECK(events == 24);
	reset();
	for (uint8_t k = 0x02; k <= 0x0b; k++)
		tap(k);
	CHECK(!strcmp(typed, "1234567890"));
}

static void test_shift_and_caps(void)
{
	reset();
	FEED(0x2a, 0x1e, 0x9e, 0x02, 0x82, 0xaa, 0x1e, 0x9e); /* shift a 1, release, a */
	CHECK(!strcmp(typed, "A!a"));
	CHECK(last.code == KBD_KEY_A && last.value == 0 && last.mods == 0);
	reset();
	FEED(0x36, 0x28, 0xa8, 0x1a, 0x9a, 0xb6); /* right shift ' [ */
	CHECK(!strcmp(typed, "\"{"));
	reset();
	FEED(0x3a, 0xba, 0x1e, 0x9e, 0x02, 0x82, 0x2a, 0x1e, 0x9e, 0xaa); /* caps: letters only */
	CHECK(!strcmp(typed, "A1a"));
	CHECK(st.mods & KBD_MOD_CAPS);
	FEED(0x3a, 0xba, 0x1e, 0x9e);
	CHECK(!strcmp(typed, "A1aa") && !(st.mods & KBD_MOD_CAPS));
}

static void test_ctrl_alt(void)
{
	reset();
	FEED(0x1d, 0x2e, 0xae, 0x20, 0xa0, 0x1a, 0x9a, 0x9d); /* ctrl c d [ */
	CHECK(!strcmp(typed, "\x03\x04\x1b"));
	reset();
	FEED(0xe0, 0x1d, 0x2c, 0xac, 0xe0, 0x9d, 0x2c, 0xac); /* right ctrl z, then z */
	CHECK(!strcmp(typed, "\x1az"));
	reset();
	FEED(0x38, 0x30, 0xb0, 0xb8); /* alt b: ESC b */
	CHECK(!strcmp(typed, "\x1b" "b"));
	reset();
	FEED(0x1d, 0x2a, 0x1e, 0x9e, 0xaa, 0x9d); /* ctrl shift a is still ^A */
	CHECK(!strcmp(typed, "\x01"));
}

static void test_special_keys(void)
{
	reset();
	tap(0x0e); /* backspace */
	tap(0x0f); /* tab */
	tap(0x01); /* escape */
	tap(0x1c); /* enter */
	CHECK(!strcmp(typed, "\x7f\t\x1b\r"));
	reset();
	FEED(0xe0, 0x48, 0xe0, 0xc8, 0xe0, 0x50, 0xe0, 0xd0, 0xe0, 0x4d, 0xe0, 0xcd, 0xe0, 0x4b,
	     0xe0, 0xcb);
	CHECK(!strcmp(typed, "\x1b[A\x1b[B\x1b[C\x1b[D"));
	CHECK(last.code == KBD_KEY_LEFT && last.value == 0);
	reset();
	FEED(0xe0, 0x53, 0xe0, 0xd3, 0xe0, 0x47, 0xe0, 0xc7, 0xe0, 0x1c, 0xe0, 0x9c);
	CHECK(!strcmp(typed, "\x1b[3~\x1b[H\r"));
}

static void test_events(void)
{
	reset();
	FEED(0x1e);
	CHECK(events == 1 && last.code == KBD_KEY_A && last.value == 1);
	FEED(0x1e, 0x1e); /* held: the keyboard repeats the make code */
	CHECK(events == 3 && last.value == 2 && !strcmp(typed, "aaa"));
	FEED(0x9e);
	CHECK(last.value == 0);
	FEED(0x2a);
	CHECK(last.code == KBD_KEY_LEFTSHIFT && last.value == 1 && last.mods == KBD_MOD_SHIFT);
	FEED(0xaa);
	CHECK(last.code == KBD_KEY_LEFTSHIFT && last.value == 0 && last.mods == 0);
	/* print screen: e0 2a e0 37, e0 b7 e0 aa: one SysRq key, no fake shift */
	reset();
	FEED(0xe0, 0x2a, 0xe0, 0x37, 0xe0, 0xb7, 0xe0, 0xaa);
	CHECK(events == 2 && last.code == 99 && st.mods == 0);
	/* pause: e1 1d 45 e1 9d c5, nothing; the next key is plain */
	reset();
	FEED(0xe1, 0x1d, 0x45, 0xe1, 0x9d, 0xc5, 0x1e, 0x9e);
	CHECK(events == 2 && !strcmp(typed, "a"));
	reset();
	FEED(0xfa, 0x00, 0xff, 0xfe); /* the keyboard's answers */
	CHECK(events == 0);
}

static void test_random_bytes(void)
{
	unsigned seed = 7;
	reset();
	for (int i = 0; i < 200000; i++) {
		uint8_t b;
		seed = seed * 1103515245u + 12345u;
		b = (uint8_t)(seed >> 16);
		feed(&b, 1);
		ntyped = 0;
		CHECK(last.code < 128);
	}
	/* every key released: no modifier is left (caps lock aside) */
	FEED(0, 0, 0, 0, 0, 0); /* the end of a Pause sequence or a prefix, if one was open */
	FEED(0xaa, 0xb6, 0x9d, 0xe0, 0x9d, 0xb8, 0xe0, 0xb8);
	CHECK((st.mods & ~KBD_MOD_CAPS) == 0);
}

static const struct {
	const char *name;
	void (*fn)(void);
} tests[] = {
	{ "letters_digits_enter", test_letters_digits_enter },
	{ "shift_and_caps", test_shift_and_caps },
	{ "ctrl_alt", test_ctrl_alt },
	{ "special_keys", test_special_keys },
	{ "events", test_events },
	{ "random_bytes", test_random_bytes },
};

int main(void)
{
	for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		current = tests[i].name;
		checks_failed = 0;
		tests[i].fn();
		if (checks_failed)
			failed++;
		else
			passed++;
	}
	printf("kbdmap: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
