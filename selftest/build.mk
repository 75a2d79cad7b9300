# selftest/build.mk: checks on the build as a whole.

# A second build elsewhere (other directory, TZ, umask) must give the same loader and kernel.
test-repro: $(LOADER) $(KERNEL)
	selftest/repro-check $(O)
