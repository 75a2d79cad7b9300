# libc/tests/build.mk: the libc port's tests: programs built for Ferrite with the bare cross
# compiler and run in QEMU (test-qemu-libc), and the same sources on the host (test-host-libc).

# In Ferrite: programs built with the bare cross compiler ($(CROSS_CC), no flags), staged in
# the initfs under libc/; /libc/run is the first process of the test boot (run.c).
LIBC_TEST_PROGS := run threads-demo
LIBC_TEST_BINS := $(addprefix $(O)/initfs/libc/,$(LIBC_TEST_PROGS))
$(O)/initfs/libc/%: libc/tests/%.c $(SYSROOT_READY) $(WRAPPERS)
	@mkdir -p $(@D)
	$(CROSS_CC) -o $@ $<
INITFS_FILES += $(LIBC_TEST_BINS)

# The expected output of the acceptance program: the same source built by the host's gcc.
$(O)/libc/threads-demo.expected: libc/tests/threads-demo.c
	@mkdir -p $(@D)
	$(HOSTCC) $(HOST_WFLAGS) -O2 -o $(O)/libc/threads-demo-host $< -lpthread
	$(O)/libc/threads-demo-host > $@

QEMU_TESTS += libc
test-qemu-libc: $(LOADER) $(KERNEL) $(INITFS) $(O)/libc/threads-demo.expected
	selftest/qemu-run --init /libc/run --timeout 300 --log $(O)/test-logs/qemu-libc.serial \
		--line "$$(cat $(O)/libc/threads-demo.expected)" $(LOADER) $(KERNEL) $(INITFS)
