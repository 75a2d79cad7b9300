# servers/fs/server/build.mk (included by servers/fs/build.mk): fsd, the filesystem server.
# On the host: its tests through the packet harness, under ASan/UBSan, and lint. The program
# for Ferrite is built by the cross tcc against the libc sysroot (see below).

FSD_DIR := servers/fs/server
FSD_SRC := $(filter-out $(FSD_DIR)/main.c,$(sort $(wildcard $(FSD_DIR)/*.c)))
FSD_HDR := $(FSD_DIR)/fsd.h
FSD_CFLAGS := -I$(SRV_DIR) $(SRV_CFLAGS)
FSD_TEST_SRC := $(FS_DIR)/tests/fsd_test.c $(FS_DIR)/tests/fsd_client.c $(FS_DIR)/tests/check.c
FSD_DEPS := $(FSD_SRC) $(FSD_HDR) $(SRV_SRC) $(SRV_HARNESS_SRC) $(SRV_HDR) $(SRV_ABI) $(FS_DEPS) \
	$(FS_DIR)/tests/fsd_client.h $(FSD_DIR)/build.mk

$(FS_O)/fsd-test: $(FSD_TEST_SRC) $(FSD_DEPS)
	@mkdir -p $(@D)
	$(HOSTCC) $(FS_CFLAGS) $(HOST_SANFLAGS) $(FSD_CFLAGS) -o $@ $(FSD_TEST_SRC) $(FSD_SRC) \
		$(SRV_SRC) $(SRV_HARNESS_SRC) $(FS_CORE_SRC)

HOST_TESTS += fsd
.PHONY: test-host-fsd lint-fsd
test-host-fsd: $(FS_O)/fsd-test
	$<

LINT_TARGETS += lint-fsd
lint-fsd: $(TCC64) $(SRV_ABI)
	@for f in $(FSD_SRC) $(FSD_DIR)/main.c $(FS_DIR)/tests/fsd_client.c $(FS_DIR)/tests/fsd_test.c \
			$(FS_DIR)/tests/tmp_test.c; do \
		$(TCC_CHECK) $(FSD_CFLAGS) $$f || exit 1; \
		$(HOSTCC) -std=c11 -D_GNU_SOURCE $(HOST_WFLAGS) $(FSD_CFLAGS) -c -o /dev/null $$f || exit 1; \
	done; echo "lint-fsd: $(words $(FSD_SRC) x x x x) passed, 0 failed"

# --- fuzzing: libFuzzer over request sequences (tests/fsd_fuzz.c) --------------------------
FSD_FUZZ_TIME ?= 1800
$(FS_O)/fsd-fuzz: $(FS_DIR)/tests/fsd_fuzz.c $(FS_DIR)/tests/fsd_client.c $(FSD_DEPS)
	@mkdir -p $(@D)
	clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all $(FSD_CFLAGS) -o $@ $< $(FS_DIR)/tests/fsd_client.c \
		$(FSD_SRC) $(SRV_SRC) $(SRV_HARNESS_SRC) $(FS_CORE_SRC)

# fsd_fuzz_run SECONDS,EXTRA,CORPUS: one summary line, the log under $(FS_O).
define fsd_fuzz_run
	@mkdir -p $(FS_O)/$(3) $(FS_O)/fsd-fuzz-artifacts
	@if $(FS_O)/fsd-fuzz $(FS_O)/$(3) -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
			-print_final_stats=1 -artifact_prefix=$(FS_O)/fsd-fuzz-artifacts/ \
			-max_total_time=$(1) $(2) >$(FS_O)/$(3).log 2>&1; then \
		runs=$$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' $(FS_O)/$(3).log); \
		cov=$$(grep -o 'cov: [0-9]*' $(FS_O)/$(3).log | tail -n 1); \
		echo "fsd-fuzz: 1 passed, 0 failed ($$runs request sequences in $(1) s, $$cov, no finding)"; \
	else \
		tail -n 60 $(FS_O)/$(3).log; \
		echo "fsd-fuzz: 0 passed, 1 failed (see $(FS_O)/$(3).log and $(FS_O)/fsd-fuzz-artifacts)"; \
		exit 1; \
	fi
endef

# make test: 10 s from an empty corpus with a fixed seed (reproducible); the campaign is long.
HOST_TESTS += fsd-fuzz
.PHONY: test-host-fsd-fuzz fsd-fuzz-campaign
test-host-fsd-fuzz: $(FS_O)/fsd-fuzz
	@rm -rf $(FS_O)/fsd-fuzz-corpus
	$(call fsd_fuzz_run,10,-seed=1,fsd-fuzz-corpus)

fsd-fuzz-campaign: $(FS_O)/fsd-fuzz
	$(call fsd_fuzz_run,$(FSD_FUZZ_TIME),,fsd-fuzz-campaign)

# --- fsd in Ferrite: built by the cross compiler against the libc sysroot -------------------
# /bin/fsd in the initfs; /selftest/fs-tmp (tests/tmp_test.c) starts it and uses /tmp.
FSD_FERRITE_SRC := $(FSD_DIR)/main.c $(FSD_SRC) $(SRV_SRC) $(SRV_DIR)/srv_ferrite.c $(FS_CORE_SRC)
$(O)/initfs/bin/fsd: $(FSD_FERRITE_SRC) $(FSD_DEPS) $(SRV_DIR)/srv_ferrite.h $(SYSROOT_READY) $(WRAPPERS)
	@mkdir -p $(@D)
	$(CROSS_CC) $(FSD_CFLAGS) -o $@ $(FSD_FERRITE_SRC)

$(O)/initfs/selftest/fs-tmp: $(FS_DIR)/tests/tmp_test.c $(SRV_ABI) $(SYSROOT_READY) $(WRAPPERS)
	@mkdir -p $(@D)
	$(CROSS_CC) $(SRV_CFLAGS) -o $@ $<

INITFS_FILES += $(O)/initfs/bin/fsd $(O)/initfs/selftest/fs-tmp

QEMU_TESTS += fsd
.PHONY: test-qemu-fsd
test-qemu-fsd: $(LOADER) $(KERNEL) $(INITFS)
	selftest/qemu-run --init /selftest/fs-tmp --timeout 300 --log $(O)/test-logs/qemu-fsd.serial \
		$(LOADER) $(KERNEL) $(INITFS)
