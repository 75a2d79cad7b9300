# compiler/tests/build.mk: tcc's own suite (tests/tests2 in its source) run inside Ferrite by
# Ferrite's tcc (tests2-run.c), in the libc test boot (libc/tests/run.c, test-qemu-libc), with
# the committed list of the cases that pass (tests2-pass.list): any of them failing fails.
$(O)/initfs/libc/tests2-run: compiler/tests/tests2-run.c $(SYSROOT_READY) $(WRAPPERS)
	@mkdir -p $(@D)
	$(CROSS_CC) -o $@ $<

# The cases (NAME.c, NAME.expect and what they read) and the pass list, as one directory.
$(O)/initfs/tcc-tests2: $(TCC_SRC)/.patched compiler/tests/tests2-pass.list
	rm -rf $@ && mkdir -p $@
	cp $(TCC_SRC)/tests/tests2/*.c $(TCC_SRC)/tests/tests2/*.h $(TCC_SRC)/tests/tests2/*.expect $@/
	cp compiler/tests/tests2-pass.list $@/pass.list

INITFS_FILES += $(O)/initfs/libc/tests2-run $(O)/initfs/tcc-tests2
