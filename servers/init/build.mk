# servers/init/build.mk: init. Its service list parser (svclist.c) and supervisor
# (supervisor.c) are portable cores: host tests under ASan/UBSan, and they compile with tcc
# and with gcc's warnings.

INIT_O := $(O)/init
INIT_CORE_SRC := servers/init/svclist.c servers/init/supervisor.c
INIT_CORE_HDR := servers/init/svclist.h servers/init/supervisor.h
INIT_CFLAGS := -std=c11 -g $(HOST_WFLAGS)

$(INIT_O)/init-test: servers/init/tests/init_test.c $(INIT_CORE_SRC) $(INIT_CORE_HDR)
	@mkdir -p $(@D)
	$(HOSTCC) $(INIT_CFLAGS) $(HOST_SANFLAGS) -o $@ servers/init/tests/init_test.c $(INIT_CORE_SRC)

HOST_TESTS += init-core
.PHONY: test-host-init-core lint-init
test-host-init-core: $(INIT_O)/init-test
	$<

LINT_TARGETS += lint-init
lint-init: $(TCC64)
	@for f in $(INIT_CORE_SRC); do \
		$(TCC_CHECK) $$f || exit 1; \
		$(HOSTCC) $(INIT_CFLAGS) -c -o /dev/null $$f || exit 1; \
	done; echo "lint-init: $(words $(INIT_CORE_SRC)) core files clean under tcc and gcc"

# init itself, for Ferrite, and its service list (/etc/services)
$(eval $(call ferrite_program,sbin/init,servers/init/init.c $(INIT_CORE_SRC)))
$(O)/initfs/etc/services: servers/init/services
	@mkdir -p $(@D)
	cp $< $@
INITFS_FILES += $(O)/initfs/etc/services
