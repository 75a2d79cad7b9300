# selftest/build.mk: checks on the build as a whole.

# A second build elsewhere (other directory, TZ, umask) must give the same loader and kernel.
test-repro: $(LOADER) $(KERNEL) $(INITFS)
	selftest/repro-check $(O)

# The in-system test programs (until musl is ported): freestanding, linked by the x86_64 tcc
# with selftest/user/crt0.S, staged into the initfs under selftest/.
USER_TEST_SRCS := $(sort $(wildcard selftest/user/*.c))
USER_TEST_BINS := $(patsubst selftest/user/%.c,$(O)/initfs/selftest/%,$(USER_TEST_SRCS))
USER_CFLAGS := $(TCC_FREESTANDING) -Ikernel/include/ferrite -I$(O)/kernel/gen/ferrite -Iselftest/user

$(O)/selftest/user/crt0.o: selftest/user/crt0.S $(TCC64)
	@mkdir -p $(@D)
	$(TCC64) $(USER_CFLAGS) -c $< -o $@

$(O)/selftest/user/%.o: selftest/user/%.c selftest/user/ulib.h $(SYSCALL_GEN) $(TCC64)
	@mkdir -p $(@D)
	$(TCC64) $(USER_CFLAGS) -c $< -o $@

$(O)/initfs/selftest/%: $(O)/selftest/user/crt0.o $(O)/selftest/user/%.o
	@mkdir -p $(@D)
	$(TCC64) -nostdlib -static -Wl,-section-alignment=0x1000 -o $@ $^

INITFS_FILES += $(USER_TEST_BINS)
# Symbolic links the path tests (selftest/user/paths.c, redirects.c) walk through: into another scheme,
# relative with "..", a loop, one to nowhere.
INITFS_LINKS += selftest/links/proc-self=/proc/self selftest/links/up=../hello \
	selftest/links/to-proc=../../proc selftest/links/parent=.. selftest/links/loop-a=loop-b \
	selftest/links/loop-b=loop-a selftest/links/nowhere=missing

# NMIs fired at the live system under system call load (selftest/nmi-storm): the kernel lives.
QEMU_TESTS += nmi
test-qemu-nmi: $(LOADER) $(KERNEL) $(INITFS)
	selftest/nmi-storm --log $(O)/test-logs/qemu-nmi.serial $(LOADER) $(KERNEL) $(INITFS)

QEMU_TESTS += sleep
test-qemu-sleep: $(LOADER) $(KERNEL) $(INITFS)
	selftest/sleep-check $(LOADER) $(KERNEL) $(INITFS)

# The system call fuzzer (selftest/user/fuzz.c) runs once inside the kernel's self-tests; this
# campaign boots it again and again, each time with a new seed (printed for replaying).
FUZZ_BOOTS ?= 50
.PHONY: fuzz-syscalls-campaign
fuzz-syscalls-campaign: $(LOADER) $(KERNEL) $(INITFS)
	@pass=0; fail=0; for i in $$(seq $(FUZZ_BOOTS)); do \
		if selftest/qemu-run --timeout 300 --append "init=/selftest/fuzz poweroff" \
			--expect 'fuzz: the kernel lived' --log $(O)/test-logs/fuzz-$$i.serial \
			$(LOADER) $(KERNEL) $(INITFS) >/dev/null; then pass=$$((pass + 1)); \
		else fail=$$((fail + 1)); echo "boot $$i failed: $(O)/test-logs/fuzz-$$i.serial"; fi; \
	done; echo "fuzz-syscalls: $$pass passed, $$fail failed"; [ $$fail -eq 0 ]

# The scheduler stress (selftest/user/stress.c, booted as init by selftest/stress-sched):
# STRESS_BOOTS boots, STRESS_LOAD busy loops on the host beside QEMU; a hung boot leaves the
# kernel's state dump (an NMI through QEMU's monitor) in its log. Not part of `make test`.
STRESS_BOOTS ?= 20
STRESS_LOAD ?= 0
.PHONY: stress-sched
stress-sched: $(LOADER) $(KERNEL) $(INITFS)
	selftest/stress-sched --boots $(STRESS_BOOTS) --load $(STRESS_LOAD) --logs $(O)/test-logs \
		$(LOADER) $(KERNEL) $(INITFS)
