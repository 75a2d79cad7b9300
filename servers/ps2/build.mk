# servers/ps2/build.mk: the PS/2 keyboard server. Its scancode translator (kbdmap.c) is a
# portable core: host tests under ASan/UBSan, and it compiles with tcc and with gcc's warnings.

PS2_O := $(O)/ps2
PS2_CORE_SRC := servers/ps2/kbdmap.c
PS2_CFLAGS := -std=c11 -g $(HOST_WFLAGS)

$(PS2_O)/kbdmap-test: servers/ps2/tests/kbdmap_test.c $(PS2_CORE_SRC) servers/ps2/kbdmap.h
	@mkdir -p $(@D)
	$(HOSTCC) $(PS2_CFLAGS) $(HOST_SANFLAGS) -o $@ servers/ps2/tests/kbdmap_test.c $(PS2_CORE_SRC)

HOST_TESTS += ps2-kbdmap
.PHONY: test-host-ps2-kbdmap lint-ps2
test-host-ps2-kbdmap: $(PS2_O)/kbdmap-test
	$<

LINT_TARGETS += lint-ps2
lint-ps2: $(TCC64)
	@for f in $(PS2_CORE_SRC); do \
		$(TCC_CHECK) $$f || exit 1; \
		$(HOSTCC) $(PS2_CFLAGS) -c -o /dev/null $$f || exit 1; \
	done; echo "lint-ps2: $(words $(PS2_CORE_SRC)) core files clean under tcc and gcc"

# ps2d, for Ferrite
$(eval $(call ferrite_program,sbin/ps2d,servers/ps2/ps2d.c $(PS2_CORE_SRC) $(SERVER_LIB_SRC)))
