# Makefile: Ferrite's build. `make run` boots it, `make test` tests it (see README.md).
# Each component adds its rules in <component>/build.mk; this file holds what they share.
# Outputs go to $(O) (default build/); nothing is written into the source folders.

O ?= build
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
.DEFAULT_GOAL := all
.DELETE_ON_ERROR:
.SECONDARY: # keep intermediate objects (the test programs' .o files): no rebuild next time
.SUFFIXES:
export LC_ALL := C
export SOURCE_DATE_EPOCH := 0

# tools/deps runs first, for every goal but the few that need nothing installed.
NODEPS_GOALS := clean help
ifneq ($(filter-out $(NODEPS_GOALS),$(or $(MAKECMDGOALS),all)),)
DEPS_STATUS := $(shell tools/deps >&2 && echo ok)
ifneq ($(DEPS_STATUS),ok)
$(error tools/deps failed: see its message above)
endif
endif

HOSTCC ?= gcc
HOST_WFLAGS := -Wall -Wextra -Werror
HOST_SANFLAGS := -g -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

# Components register their host test targets here: HOST_TESTS += name, with a rule for
# test-host-name that prints an `N passed, N failed` line and fails when N failed > 0.
HOST_TESTS :=
QEMU_TESTS :=
# The initial archive the kernel gets as a boot module: components stage files under
# $(O)/initfs/ and list them in INITFS_FILES, symbolic links in INITFS_LINKS (NAME=TARGET).
INITFS := $(O)/initfs.tar
INITFS_FILES :=
INITFS_LINKS :=
# The boot artefacts, named here because rules in several build.mk files depend on them (make
# expands a rule's prerequisites when it reads the rule).
LOADER := $(O)/boot/loader.elf
KERNEL := $(O)/kernel/kernel.elf
LINT_TARGETS :=
ALL_TARGETS :=

# The toolchain first: the other components use its variables in their rules.
include compiler/build.mk
include $(filter-out compiler/build.mk,$(sort $(wildcard */build.mk */*/build.mk)))

# ustar with fixed owners, modes and times, in name order: the same files give the same bytes.
# Only the files listed go in (not whatever else the staging folder still holds), and the
# symbolic links of INITFS_LINKS (NAME=TARGET, NAME under the initfs root); a change of that
# list rebuilds the archive (initfs.links holds the list the archive was made with).
INITFS_LINK_NAMES := $(foreach l,$(INITFS_LINKS),$(firstword $(subst =, ,$(l))))
INITFS_LINKS_STAMP := $(O)/initfs.links
ifneq ($(filter-out $(NODEPS_GOALS),$(or $(MAKECMDGOALS),all)),)
$(shell mkdir -p $(O) && (echo '$(INITFS_LINKS)' | cmp -s - $(INITFS_LINKS_STAMP) || \
	echo '$(INITFS_LINKS)' > $(INITFS_LINKS_STAMP)))
endif
$(INITFS): $(INITFS_FILES) $(INITFS_LINKS_STAMP)
	@mkdir -p $(O)/initfs
	@$(foreach l,$(INITFS_LINKS),mkdir -p $(dir $(O)/initfs/$(firstword $(subst =, ,$(l)))) && \
		ln -sfn $(lastword $(subst =, ,$(l))) $(O)/initfs/$(firstword $(subst =, ,$(l)));)
	tar --format=ustar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner \
		--mode=u=rwx,go=rx -C $(O)/initfs -cf $@ \
		$(sort $(patsubst $(O)/initfs/%,%,$(INITFS_FILES)) $(INITFS_LINK_NAMES))

ALL_TARGETS += $(INITFS)

.PHONY: all test lint clean help
all: $(ALL_TARGETS)

lint: $(LINT_TARGETS)

# make test: build, lint, host tests, QEMU tests, reproducibility; the last line sums them.
test: all
	@selftest/run-suites $(O) $(addprefix lint:,$(LINT_TARGETS)) \
		$(addprefix host:test-host-,$(HOST_TESTS)) \
		$(addprefix qemu:test-qemu-,$(QEMU_TESTS)) repro:test-repro

clean:
	rm -rf $(O)

help:
	@echo "make          build the loader, kernel and tools into $(O)/"
	@echo "make run      build and boot Ferrite in QEMU (serial console here; quit: Ctrl-A X)"
	@echo "make debug    boot QEMU halted with a gdb stub, then attach gdb with kernel symbols"
	@echo "make test     build, lint, host tests, QEMU self-tests, reproducibility check"
	@echo "make lint     gcc -Wall -Wextra -Werror over every loader and kernel source"
	@echo "make bench    Ferrite beside a Linux guest in the same QEMU (bench/README.md)"
	@echo "make fuzz-syscalls-campaign   the system call fuzzer, FUZZ_BOOTS boots (default 50)"
	@echo "make clean    remove $(O)/"
	@echo "Variables: O=dir (output folder), FERRITE_CACHE=dir (source cache, default ~/.cache/ferrite)"

# Booting: the loader with the kernel as its module (QEMU's direct Multiboot boot).
.PHONY: run debug
run: $(LOADER) $(KERNEL) $(INITFS)
	@tools/qemu --mode run $(LOADER) $(KERNEL) $(INITFS)

debug: $(LOADER) $(KERNEL) $(INITFS)
	@tools/debug $(LOADER) $(KERNEL) $(INITFS)
