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

# The acceptance program's source, for Ferrite's own tcc and cc (run.c: tcc -run, cc -o).
$(O)/initfs/libc/src/threads-demo.c: libc/tests/threads-demo.c
	@mkdir -p $(@D)
	cp $< $@
INITFS_FILES += $(O)/initfs/libc/src/threads-demo.c

# What Ferrite's cc and i386-tcc predefine, through their preprocessor (run.c's cc-E, i386-tcc).
$(O)/initfs/libc/src/target.c: libc/tests/target.c
	@mkdir -p $(@D)
	cp $< $@
INITFS_FILES += $(O)/initfs/libc/src/target.c

# The libc suite (suite/*.c): one program, every test a named function (suite/lt.h).
LIBC_SUITE_SRCS := $(sort $(wildcard libc/tests/suite/*.c))
LIBC_SUITE_HDRS := libc/tests/suite/lt.h
$(O)/initfs/libc/libc-tests: $(LIBC_SUITE_SRCS) $(LIBC_SUITE_HDRS) $(SYSROOT_READY) $(WRAPPERS)
	@mkdir -p $(@D)
	$(CROSS_CC) -o $@ $(LIBC_SUITE_SRCS)
INITFS_FILES += $(O)/initfs/libc/libc-tests

# The same suite on the Linux host against Debian's musl (musl-gcc): what it checks is musl's
# behaviour, so it must pass there too.
$(O)/libc/libc-tests-host: $(LIBC_SUITE_SRCS) $(LIBC_SUITE_HDRS)
	@mkdir -p $(@D)
	musl-gcc $(HOST_WFLAGS) -O1 -static -o $@ $(LIBC_SUITE_SRCS)

HOST_TESTS += libc
test-host-libc: $(O)/libc/libc-tests-host
	@$< | grep -v '^ok '

# The expected output of the acceptance program: the same source built by the host's gcc.
$(O)/libc/threads-demo.expected: libc/tests/threads-demo.c
	@mkdir -p $(@D)
	$(HOSTCC) $(HOST_WFLAGS) -O2 -o $(O)/libc/threads-demo-host $< -lpthread
	$(O)/libc/threads-demo-host > $@

QEMU_TESTS += libc
test-qemu-libc: $(LOADER) $(KERNEL) $(INITFS) $(O)/libc/threads-demo.expected
	selftest/qemu-run --init /libc/run --timeout 300 --log $(O)/test-logs/qemu-libc.serial \
		--line "threads-demo| $$(cat $(O)/libc/threads-demo.expected)" \
		--line "tcc-run| $$(cat $(O)/libc/threads-demo.expected)" \
		--line "cc-built| $$(cat $(O)/libc/threads-demo.expected)" \
		--line "i386-tcc| target: 32-bit x86, 4-byte long, for Ferrite" \
		--line "cc-E| target: 64-bit x86, 8-byte long, for Ferrite" $(LOADER) $(KERNEL) $(INITFS)
