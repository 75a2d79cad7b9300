# servers/pty/build.mk: pseudo terminals. The line discipline (ldisc.c) is a portable core:
# its host tests run under ASan/UBSan, and it must compile with tcc and with gcc's warnings.

PTY_O := $(O)/pty
PTY_CORE_SRC := servers/pty/ldisc.c
PTY_CFLAGS := -std=c11 -g $(HOST_WFLAGS)

$(PTY_O)/ldisc-test: servers/pty/tests/ldisc_test.c $(PTY_CORE_SRC) servers/pty/ldisc.h
	@mkdir -p $(@D)
	$(HOSTCC) $(PTY_CFLAGS) $(HOST_SANFLAGS) -o $@ servers/pty/tests/ldisc_test.c $(PTY_CORE_SRC)

HOST_TESTS += pty-ldisc
.PHONY: test-host-pty-ldisc lint-pty
test-host-pty-ldisc: $(PTY_O)/ldisc-test
	$<

LINT_TARGETS += lint-pty
lint-pty: $(TCC64)
	@for f in $(PTY_CORE_SRC); do \
		$(TCC_CHECK) $$f || exit 1; \
		$(HOSTCC) $(PTY_CFLAGS) -c -o /dev/null $$f || exit 1; \
	done; echo "lint-pty: $(words $(PTY_CORE_SRC)) core files clean under tcc and gcc"

# ptyd, the pty server, for Ferrite: the line discipline behind the two schemes.
$(eval $(call ferrite_program,sbin/ptyd,servers/pty/ptyd.c $(PTY_CORE_SRC) $(SERVER_LIB_SRC)))
