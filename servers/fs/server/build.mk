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
	@for f in $(FSD_SRC) $(wildcard $(FSD_DIR)/main.c) $(FS_DIR)/tests/fsd_client.c $(FS_DIR)/tests/fsd_test.c; do \
		$(TCC_CHECK) $(FSD_CFLAGS) $$f || exit 1; \
		$(HOSTCC) -std=c11 -D_GNU_SOURCE $(HOST_WFLAGS) $(FSD_CFLAGS) -c -o /dev/null $$f || exit 1; \
	done; echo "lint-fsd: $(words $(FSD_SRC) $(wildcard $(FSD_DIR)/main.c) x x) passed, 0 failed"
