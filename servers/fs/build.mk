# servers/fs/build.mk: FerriteFS on the host: the portable core (core/), its tools (host/),
# and its tests (tests/): unit tests plain and under ASan/UBSan, the crash-state checker,
# the libFuzzer target and the FUSE tests. Everything is built into $(O)/fs/.

FS_DIR := servers/fs
FS_O := $(O)/fs
FS_CORE_SRC := $(sort $(wildcard $(FS_DIR)/core/*.c))
FS_CORE_HDR := $(wildcard $(FS_DIR)/core/*.h)
FS_TEST_LIB := $(FS_DIR)/tests/memdev.c $(FS_DIR)/tests/check.c $(FS_DIR)/tests/helpers.c
FS_TEST_HDR := $(wildcard $(FS_DIR)/tests/*.h)
FS_UNIT_SRC := $(FS_DIR)/tests/unit_main.c $(FS_DIR)/tests/unit_posix.c \
	$(FS_DIR)/tests/unit_durable.c $(FS_TEST_LIB)
FS_CRASH_SRC := $(FS_DIR)/tests/crash.c $(FS_DIR)/tests/crash_dev.c \
	$(FS_DIR)/tests/crash_model.c $(FS_DIR)/tests/memdev.c
FS_HOST_LIB := $(FS_DIR)/host/filedev.c
FS_CFLAGS := -std=c11 -D_GNU_SOURCE -g $(HOST_WFLAGS)
FS_DEPS := $(FS_CORE_SRC) $(FS_CORE_HDR) $(FS_TEST_HDR) $(FS_DIR)/build.mk

# --- tools -------------------------------------------------------------------------------
FS_TOOLS := $(FS_O)/mkfs.ferritefs $(FS_O)/fsck.ferritefs $(FS_O)/ferritefs-img
$(FS_O)/mkfs.ferritefs $(FS_O)/fsck.ferritefs $(FS_O)/ferritefs-img: $(FS_O)/%: \
		$(FS_DIR)/host/%.c $(FS_HOST_LIB) $(FS_DIR)/host/filedev.h $(FS_DEPS)
	@mkdir -p $(@D)
	$(HOSTCC) $(FS_CFLAGS) -O2 -o $@ $< $(FS_HOST_LIB) $(FS_CORE_SRC)

$(FS_O)/ferritefs-fuse: $(FS_DIR)/host/fuse.c $(FS_HOST_LIB) $(FS_DIR)/host/filedev.h $(FS_DEPS)
	@mkdir -p $(@D)
	$(HOSTCC) $(FS_CFLAGS) -O2 $$(pkg-config --cflags fuse3) -o $@ $< $(FS_HOST_LIB) \
		$(FS_CORE_SRC) $$(pkg-config --libs fuse3)

ALL_TARGETS += $(FS_TOOLS) $(FS_O)/ferritefs-fuse
.PHONY: fs-tools test-host-fs-tools
fs-tools: $(FS_TOOLS) $(FS_O)/ferritefs-fuse

HOST_TESTS += fs-tools
test-host-fs-tools: $(FS_TOOLS)
	$(FS_DIR)/tests/tools-test.sh $(FS_O) $(abspath $(FS_O))/tools-work

# --- unit tests ----------------------------------------------------------------------------
$(FS_O)/fs-unit: $(FS_UNIT_SRC) $(FS_DEPS)
	@mkdir -p $(@D)
	$(HOSTCC) $(FS_CFLAGS) -O2 -o $@ $(FS_UNIT_SRC) $(FS_CORE_SRC)

$(FS_O)/fs-unit-asan: $(FS_UNIT_SRC) $(FS_DEPS)
	@mkdir -p $(@D)
	$(HOSTCC) $(FS_CFLAGS) $(HOST_SANFLAGS) -o $@ $(FS_UNIT_SRC) $(FS_CORE_SRC)

HOST_TESTS += fs-unit fs-unit-asan
.PHONY: test-host-fs-unit test-host-fs-unit-asan
test-host-fs-unit: $(FS_O)/fs-unit
	$<

test-host-fs-unit-asan: $(FS_O)/fs-unit-asan
	$<

# --- lint: the core must build with Ferrite's tcc and with gcc -Wall -Wextra -Werror ---------
LINT_TARGETS += lint-fs
.PHONY: lint-fs
lint-fs: $(TCC64)
	@for f in $(FS_CORE_SRC); do \
		$(TCC_CHECK) $$f || exit 1; \
		$(HOSTCC) -std=c11 $(HOST_WFLAGS) -c -o /dev/null $$f || exit 1; \
	done; echo "lint-fs: $(words $(FS_CORE_SRC)) core files clean under tcc and gcc"

# --- crash-state testing -------------------------------------------------------------------
$(FS_O)/fs-crash: $(FS_CRASH_SRC) $(FS_DEPS)
	@mkdir -p $(@D)
	$(HOSTCC) $(FS_CFLAGS) -O2 -o $@ $(FS_CRASH_SRC) $(FS_CORE_SRC)

$(FS_O)/fs-crash-asan: $(FS_CRASH_SRC) $(FS_DEPS)
	@mkdir -p $(@D)
	$(HOSTCC) $(FS_CFLAGS) $(HOST_SANFLAGS) -o $@ $(FS_CRASH_SRC) $(FS_CORE_SRC)

HOST_TESTS += fs-crash fs-crash-asan
.PHONY: test-host-fs-crash test-host-fs-crash-asan fs-crash-campaign
test-host-fs-crash: $(FS_O)/fs-crash
	$< --seeds 40

# Recovery paths under ASan/UBSan: single-step sequences and a few random workloads.
test-host-fs-crash-asan: $(FS_O)/fs-crash-asan
	$< --quick --seeds 3

# Every 3-step sequence, epochs of up to 10 writes in full, random workloads of 300 operations.
FS_CRASH_SEEDS ?= 300
fs-crash-campaign: $(FS_O)/fs-crash
	$< --campaign --seeds $(FS_CRASH_SEEDS)

# --- fuzzing (libFuzzer, clang) ----------------------------------------------------------------
FS_FUZZ_SRC := $(FS_DIR)/tests/fuzz.c $(FS_DIR)/tests/memdev.c
FS_FUZZ_FLAGS := -max_len=262144 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	-artifact_prefix=$(FS_O)/fuzz-artifacts/
FS_FUZZ_TIME ?= 1800

$(FS_O)/fs-fuzz: $(FS_FUZZ_SRC) $(FS_DEPS)
	@mkdir -p $(@D)
	clang -std=c11 -D_GNU_SOURCE -DFS_FUZZING -g -O1 -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all -o $@ $(FS_FUZZ_SRC) $(FS_CORE_SRC)

# The seed images in tests/seeds are made by tests/fuzz_seeds.c (make fs-fuzz-seeds).
$(FS_O)/fs-fuzz-seeds: $(FS_DIR)/tests/fuzz_seeds.c $(FS_DIR)/tests/memdev.c $(FS_DEPS)
	@mkdir -p $(@D)
	$(HOSTCC) $(FS_CFLAGS) -o $@ $(FS_DIR)/tests/fuzz_seeds.c $(FS_DIR)/tests/memdev.c $(FS_CORE_SRC)

.PHONY: fs-fuzz-seeds
fs-fuzz-seeds: $(FS_O)/fs-fuzz-seeds
	$< $(FS_DIR)/tests/seeds

# fs_fuzz_run SECONDS,EXTRA,CORPUS: fuzz from the seeds plus what CORPUS (under $(FS_O)) holds;
# one summary line. make test starts from the seeds alone, with -seed=1, so that what it
# explores (and any finding) is reproducible; the campaign keeps its corpus between runs.
define fs_fuzz_run
	@mkdir -p $(FS_O)/$(3) $(FS_O)/fuzz-artifacts
	@cp $(FS_DIR)/tests/seeds/*.img $(FS_O)/$(3)/
	@if $(FS_O)/fs-fuzz $(FS_O)/$(3) $(FS_FUZZ_FLAGS) -max_total_time=$(1) $(2) \
			>$(FS_O)/$(3).log 2>&1; then \
		runs=$$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' $(FS_O)/$(3).log); \
		cov=$$(grep -o 'cov: [0-9]*' $(FS_O)/$(3).log | tail -n 1); \
		echo "fs-fuzz: 1 passed, 0 failed ($$runs executions in $(1) s, $$cov, no crash)"; \
	else \
		tail -n 60 $(FS_O)/$(3).log; \
		echo "fs-fuzz: 0 passed, 1 failed (see $(FS_O)/$(3).log and $(FS_O)/fuzz-artifacts)"; \
		exit 1; \
	fi
endef

HOST_TESTS += fs-fuzz
.PHONY: test-host-fs-fuzz fs-fuzz-campaign
test-host-fs-fuzz: $(FS_O)/fs-fuzz
	@rm -rf $(FS_O)/fuzz-corpus
	$(call fs_fuzz_run,25,-seed=1,fuzz-corpus)

fs-fuzz-campaign: $(FS_O)/fs-fuzz
	$(call fs_fuzz_run,$(FS_FUZZ_TIME),,fuzz-campaign)

# --- FUSE: mount an image, use it with ordinary tools, unmount, fsck ---------------------------
HOST_TESTS += fs-fuse
.PHONY: test-host-fs-fuse
test-host-fs-fuse: $(FS_TOOLS) $(FS_O)/ferritefs-fuse
	$(FS_DIR)/tests/fuse-test.sh $(FS_O) $(abspath $(FS_O))/fuse-work

# fsd, the server that serves this core in Ferrite
include $(FS_DIR)/server/build.mk
