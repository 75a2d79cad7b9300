# servers/log/build.mk: the log server. Its ring (logring.c) is a portable core: host tests
# under ASan/UBSan, and it compiles with tcc and with gcc's warnings.

LOG_O := $(O)/log
LOG_CORE_SRC := servers/log/logring.c
LOG_CFLAGS := -std=c11 -g $(HOST_WFLAGS)

$(LOG_O)/logring-test: servers/log/tests/logring_test.c $(LOG_CORE_SRC) servers/log/logring.h
	@mkdir -p $(@D)
	$(HOSTCC) $(LOG_CFLAGS) $(HOST_SANFLAGS) -o $@ servers/log/tests/logring_test.c $(LOG_CORE_SRC)

HOST_TESTS += log-ring
.PHONY: test-host-log-ring lint-log
test-host-log-ring: $(LOG_O)/logring-test
	$<

LINT_TARGETS += lint-log
lint-log: $(TCC64)
	@for f in $(LOG_CORE_SRC); do \
		$(TCC_CHECK) $$f || exit 1; \
		$(HOSTCC) $(LOG_CFLAGS) -c -o /dev/null $$f || exit 1; \
	done; echo "lint-log: $(words $(LOG_CORE_SRC)) core files clean under tcc and gcc"

# logd, for Ferrite
$(eval $(call ferrite_program,sbin/logd,servers/log/logd.c $(LOG_CORE_SRC) $(SERVER_LIB_SRC)))

# The live-system test (tests/services-test): the system booted as it ships, with QEMU's machine
# protocol to type on the PS/2 keyboard; tests/logtest.c is the program it runs in the shell.
$(eval $(call ferrite_program,selftest/logtest,servers/log/tests/logtest.c))

QEMU_TESTS += services
test-qemu-services: $(LOADER) $(KERNEL) $(INITFS)
	servers/log/tests/services-test $(O) $(LOADER) $(KERNEL) $(INITFS)
