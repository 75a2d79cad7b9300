# utils/build.mk: the command-line tools, one program per file, built for Ferrite into /bin,
# each with the shared helpers of utils/lib. The portable ones are also built for the Linux host
# (gcc with warnings, and with ASan+UBSan) and compared with the host's GNU tools.
UTILS_SRC := $(sort $(wildcard utils/*.c))
UTILS_LIB := $(sort $(wildcard utils/lib/*.c))
UTILS_HDR := utils/lib/util.h
UTILS_BINS := $(patsubst utils/%.c,$(O)/initfs/bin/%,$(UTILS_SRC))
$(foreach f,$(UTILS_SRC),$(eval $(call ferrite_program,bin/$(notdir $(basename $(f))),$(f) $(UTILS_LIB))))
$(UTILS_BINS): $(UTILS_HDR)
INITFS_LINKS += bin/gunzip=gzip bin/zcat=gzip

# The tools that speak only to Ferrite's kernel or servers stay out of the host build.
UTILS_FERRITE_ONLY := dmesg lspci poweroff ps
UTILS_HOST_NAMES := $(filter-out $(UTILS_FERRITE_ONLY),$(notdir $(basename $(UTILS_SRC))))
UTILS_HOST_CFLAGS := -std=c99 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -D_XOPEN_SOURCE=700 \
	$(HOST_WFLAGS)

$(O)/utils/host/%: utils/%.c $(UTILS_LIB) $(UTILS_HDR)
	@mkdir -p $(@D)
	$(HOSTCC) $(UTILS_HOST_CFLAGS) -O2 -o $@ $< $(UTILS_LIB) -lm

$(O)/utils/asan/%: utils/%.c $(UTILS_LIB) $(UTILS_HDR)
	@mkdir -p $(@D)
	$(HOSTCC) $(UTILS_HOST_CFLAGS) $(HOST_SANFLAGS) -o $@ $< $(UTILS_LIB) -lm

# The differential suite (tests/cases) against the host's tools runs the sanitizer build (the
# same code as the plain one, which is built to be sure it builds clean without them); the
# host's answers are kept between runs in $(O)/utils/diff-work/ref.
HOST_TESTS += utils
.PHONY: test-host-utils
test-host-utils: $(addprefix $(O)/utils/host/,$(UTILS_HOST_NAMES)) \
		$(addprefix $(O)/utils/asan/,$(UTILS_HOST_NAMES))
	@ASAN_OPTIONS=detect_leaks=0 utils/tests/diff-run $(abspath $(O)/utils/asan) \
		utils/tests/cases $(abspath $(O)/utils/diff-work)

# In Ferrite: utils-run (tests/run.c) is the first process of a boot; it starts fsd on /tmp
# and runs tests/check.sh with Ferrite's /bin/sh, which uses the tools there.
$(eval $(call ferrite_program,selftest/utils-run,utils/tests/run.c))
$(O)/initfs/selftest/utils-check.sh: utils/tests/check.sh
	@mkdir -p $(@D)
	cp $< $@
INITFS_FILES += $(O)/initfs/selftest/utils-check.sh

QEMU_TESTS += utils
.PHONY: test-qemu-utils
test-qemu-utils: $(LOADER) $(KERNEL) $(INITFS)
	selftest/qemu-run --init /selftest/utils-run --timeout 300 \
		--log $(O)/test-logs/qemu-utils.serial $(LOADER) $(KERNEL) $(INITFS)
