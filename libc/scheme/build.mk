# libc/scheme/build.mk: the server skeleton (srv.c), its host test harness (srv_harness.c) and
# its tests. Servers compile SRV_SRC into themselves; SRV_CFLAGS finds ferrite/abi.h.

SRV_DIR := libc/scheme
SRV_SRC := $(SRV_DIR)/srv.c
SRV_HARNESS_SRC := $(SRV_DIR)/srv_harness.c
SRV_HDR := $(SRV_DIR)/srv.h $(SRV_DIR)/srv_harness.h
# The ABI header and its generated numbers, staged alone into one folder: adding kernel/include
# to the search path would put the kernel's errno.h and signal.h before the C library's.
SRV_INC := $(O)/scheme/include
SRV_ABI := $(SRV_INC)/ferrite/abi.h $(SRV_INC)/ferrite/syscall_nr.h $(SRV_INC)/ferrite/syscalls.h
SRV_CFLAGS := -I$(SRV_INC)
$(SRV_INC)/ferrite/abi.h: kernel/include/ferrite/abi.h
	@mkdir -p $(@D)
	cp $< $@
$(SRV_INC)/ferrite/%.h: $(O)/kernel/gen/ferrite/%.h
	@mkdir -p $(@D)
	cp $< $@
SRV_HOST_CFLAGS := -std=c11 -D_GNU_SOURCE $(HOST_WFLAGS) $(HOST_SANFLAGS) $(SRV_CFLAGS)

$(O)/scheme/srv-test: $(SRV_DIR)/tests/srv_test.c $(SRV_SRC) $(SRV_HARNESS_SRC) $(SRV_HDR) $(SRV_ABI)
	@mkdir -p $(@D)
	$(HOSTCC) $(SRV_HOST_CFLAGS) -o $@ $< $(SRV_SRC) $(SRV_HARNESS_SRC)

HOST_TESTS += srv
.PHONY: test-host-srv lint-srv
test-host-srv: $(O)/scheme/srv-test
	$<

# Lint: the skeleton and the harness under gcc's warnings and with Ferrite's tcc.
LINT_TARGETS += lint-srv
lint-srv: $(TCC64) $(SRV_ABI)
	@for f in $(SRV_SRC) $(SRV_HARNESS_SRC) $(SRV_DIR)/srv_ferrite.c $(SRV_DIR)/tests/srv_test.c; do \
		$(TCC_CHECK) $(SRV_CFLAGS) $$f || exit 1; \
		$(HOSTCC) -std=c11 $(HOST_WFLAGS) $(SRV_CFLAGS) -c -o /dev/null $$f || exit 1; \
	done; echo "lint-srv: 4 passed, 0 failed"
