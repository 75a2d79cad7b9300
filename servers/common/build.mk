# servers/common/build.mk: what Ferrite's servers and system programs share: the compile flags
# (the server skeleton's folder, this one, the ABI header staged alone), the skeleton and the
# scheme-descriptor transport, and a rule that builds one program for Ferrite. Each program's
# build.mk says `$(call ferrite_program,initfs-path,sources)`; its sources are also linted
# with gcc's warnings over musl's headers (musl-gcc).

FERRITE_PROG_CFLAGS := -I$(SRV_DIR) -Iservers/common $(SRV_CFLAGS)
SERVER_LIB_SRC := servers/common/srv_fd.c $(SRV_SRC)
FERRITE_PROG_DEPS := $(SYSROOT_READY) $(WRAPPERS) $(SRV_ABI) $(SRV_DIR)/srv.h servers/common/srv_fd.h
FERRITE_PROG_LINT :=

# $(call ferrite_program,path in the initfs,sources): builds $(O)/initfs/PATH and stages it.
define ferrite_program
$(O)/initfs/$(1): $(2) $(FERRITE_PROG_DEPS)
	@mkdir -p $$(@D)
	$(CROSS_CC) $(FERRITE_PROG_CFLAGS) -o $$@ $(2)
INITFS_FILES += $(O)/initfs/$(1)
FERRITE_PROG_LINT += $(2)
endef

LINT_TARGETS += lint-ferrite-progs
.PHONY: lint-ferrite-progs
lint-ferrite-progs: $(SRV_ABI)
	@n=0; for f in $(sort $(FERRITE_PROG_LINT)); do \
		musl-gcc -std=c11 -D_DEFAULT_SOURCE $(HOST_WFLAGS) $(FERRITE_PROG_CFLAGS) -fsyntax-only $$f || exit 1; \
		n=$$((n + 1)); done; echo "lint-ferrite-progs: $$n passed, 0 failed"
