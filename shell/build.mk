# shell/build.mk: the POSIX shell. The portable core (shell/core), the line editor (shell/edit)
# and the host program (shell/unix) build into $(O)/shell/sh with gcc -Wall -Wextra -Werror, and
# into $(O)/shell/sh-asan with ASan+UBSan, which the test suites run against.

SH_CORE_SRC := $(sort $(wildcard shell/core/*.c))
SH_EDIT_SRC := $(sort $(wildcard shell/edit/*.c))
SH_SRC := $(SH_CORE_SRC) $(SH_EDIT_SRC) shell/unix/main.c
SH_HDR := $(wildcard shell/core/*.h shell/edit/*.h)
SH_CFLAGS := -std=c99 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -O2 -g

$(O)/shell/sh: $(SH_SRC) $(SH_HDR)
	@mkdir -p $(@D)
	$(HOSTCC) $(HOST_WFLAGS) $(SH_CFLAGS) -o $@ $(SH_SRC)

$(O)/shell/sh-asan: $(SH_SRC) $(SH_HDR)
	@mkdir -p $(@D)
	$(HOSTCC) $(HOST_WFLAGS) $(SH_CFLAGS) $(HOST_SANFLAGS) -o $@ $(SH_SRC)

ALL_TARGETS += $(O)/shell/sh

# ---- tests ----
HOST_TESTS += sh-diff sh-busybox sh-unit
LINT_TARGETS += lint-shell

SH_ASAN_ENV := ASAN_OPTIONS=detect_leaks=0:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1

# The differential suite runs twice: the normal build, then the sanitizer build.
test-host-sh-diff: $(O)/shell/sh $(O)/shell/sh-asan
	@sh shell/tests/diff-run.sh $(abspath $(O)/shell/sh) /bin/dash shell/tests/diff $(O)/shell/diff-work | tail -n 30
	@$(SH_ASAN_ENV) sh shell/tests/diff-run.sh $(abspath $(O)/shell/sh-asan) /bin/dash shell/tests/diff $(O)/shell/diff-work-asan | tail -n 30

# busybox's ash_test cases, unpacked from the pinned tarball, with its helper programs.
SH_BB_TARBALL := $(shell tools/deps --path busybox 2>/dev/null)
SH_BB_DIR := $(O)/shell/busybox
$(SH_BB_DIR)/.unpacked: tools/sources.manifest
	rm -rf $(SH_BB_DIR) && mkdir -p $(SH_BB_DIR)
	tar -xjf $(SH_BB_TARBALL) -C $(SH_BB_DIR) --strip-components=3 busybox-1.35.0/shell/ash_test
	mkdir -p $(SH_BB_DIR)/bin
	for p in printenv recho zecho; do $(HOSTCC) -O2 -w -o $(SH_BB_DIR)/bin/$$p $(SH_BB_DIR)/$$p.c; done
	touch $@

test-host-sh-busybox: $(O)/shell/sh $(SH_BB_DIR)/.unpacked
	@sh shell/tests/busybox-run.sh $(abspath $(O)/shell/sh) $(SH_BB_DIR) $(abspath $(SH_BB_DIR)/bin) \
		$(abspath shell/tests/busybox-pass.list) $(abspath shell/tests/busybox-exclude.list)

# Cases that are neither busybox-only nor bugs of dash's dialect: behaviour dash does not have
# (pipefail, echo -e, read -t, ++ in $(( ))), each script with the output it must produce.
test-host-sh-unit: $(O)/shell/sh
	@sh shell/tests/unit-run.sh $(abspath $(O)/shell/sh) shell/tests/unit $(O)/shell/unit-work

# Every shell source compiles with tcc (as in Ferrite) and with gcc's warnings.
lint-shell: $(TCC64)
	@pass=0; fail=0; for f in $(SH_SRC); do \
		if $(TCC_CHECK) -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L $$f && \
		   $(HOSTCC) $(HOST_WFLAGS) $(SH_CFLAGS) -fsyntax-only $$f; then pass=$$((pass + 1)); \
		else fail=$$((fail + 1)); echo "lint-shell: $$f fails"; fi; done; \
	echo "lint-shell: $$pass passed, $$fail failed (files clean under tcc and gcc)"; [ $$fail -eq 0 ]

# Interactive use through a pseudo-terminal: job control, line editing, history, completion.
HOST_TESTS += sh-pty
$(O)/shell/ptytest: shell/tests/pty/ptytest.c
	@mkdir -p $(@D)
	$(HOSTCC) $(HOST_WFLAGS) -O2 -o $@ $<

test-host-sh-pty: $(O)/shell/sh $(O)/shell/ptytest
	@$(O)/shell/ptytest $(abspath $(O)/shell/sh) $(sort $(wildcard shell/tests/pty/*.pty))

# Real scripts: musl's configure under this shell gives what it gives under dash.
HOST_TESTS += sh-configure
SH_MUSL_TARBALL := $(shell tools/deps --path musl 2>/dev/null)
test-host-sh-configure: $(O)/shell/sh
	@sh shell/tests/configure-run.sh $(abspath $(O)/shell/sh) $(SH_MUSL_TARBALL) $(O)/shell/configure-work

# GNU make's configure (made by autoreconf from Debian's make-dfsg source, once; about 11 s),
# then run under this shell and under dash at once: about 20 s in all on this 2-core host.
HOST_TESTS += sh-configure-make
SH_MAKE_TARBALL := $(shell tools/deps --path make 2>/dev/null)
test-host-sh-configure-make: $(O)/shell/sh
	@mkdir -p $(O)/shell/configure-make-work
	@sh shell/tests/configure-make-run.sh $(abspath $(O)/shell/sh) $(SH_MAKE_TARBALL) \
		$(abspath $(O)/shell/configure-make-work)

# The shell in Ferrite: the same sources, built by the cross compiler against the sysroot
# (musl), installed as /bin/sh in the initfs (system() and popen() run it).
$(O)/initfs/bin/sh: $(SH_SRC) $(SH_HDR) $(SYSROOT_READY) $(WRAPPERS)
	@mkdir -p $(@D)
	$(CROSS_CC) -std=c99 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -o $@ $(SH_SRC)
INITFS_FILES += $(O)/initfs/bin/sh

# The differential suite inside Ferrite (make test-qemu-sh-suite): the scripts and what dash
# gives for each on this host (tests/ferrite-record.sh) go into the initfs under /shell-tests;
# /selftest/sh-suite (tests/ferrite/sh_suite.c) is the first process of that boot and runs the
# scripts of tests/ferrite-pass.list under Ferrite's /bin/sh. tests/ferrite-exclude.list gives
# the reason for each script left out.
SH_DIFF_SCRIPTS := $(sort $(wildcard shell/tests/diff/*.sh))
SH_FERRITE_LISTS := shell/tests/ferrite-pass.list shell/tests/ferrite-exclude.list
$(O)/initfs/shell-tests: $(SH_DIFF_SCRIPTS) $(SH_FERRITE_LISTS) shell/tests/ferrite-record.sh
	@sh shell/tests/ferrite-record.sh shell/tests/diff $(SH_FERRITE_LISTS) $@ $(O)/shell/ferrite-record-work
INITFS_FILES += $(O)/initfs/shell-tests
$(eval $(call ferrite_program,selftest/sh-suite,shell/tests/ferrite/sh_suite.c))
# the same program under the name that runs every listed script (the kernel's init= takes no link)
$(O)/initfs/selftest/sh-suite-all: $(O)/initfs/selftest/sh-suite
	cp $< $@
INITFS_FILES += $(O)/initfs/selftest/sh-suite-all

# make test runs every fourth listed script; test-qemu-sh-suite-all runs them all (minutes).
QEMU_TESTS += sh-suite
.PHONY: test-qemu-sh-suite test-qemu-sh-suite-all
test-qemu-sh-suite: $(LOADER) $(KERNEL) $(INITFS)
	selftest/qemu-run --init /selftest/sh-suite --timeout 400 --log $(O)/test-logs/qemu-sh-suite.serial \
		$(LOADER) $(KERNEL) $(INITFS)

test-qemu-sh-suite-all: $(LOADER) $(KERNEL) $(INITFS)
	selftest/qemu-run --init /selftest/sh-suite-all --timeout 1200 \
		--log $(O)/test-logs/qemu-sh-suite-all.serial $(LOADER) $(KERNEL) $(INITFS)
