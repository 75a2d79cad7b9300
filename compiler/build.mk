# compiler/build.mk: TinyCC from the pinned Debian source, patched, built as host cross
# compilers that target Ferrite: x86_64 for everything, i386 for 16- and 32-bit code.

TCC_VERSION := 0.9.27
TCC_SRC := $(O)/src/tcc
TCC_PATCHES := $(sort $(wildcard compiler/patches/*.patch))
TCC_TARBALL := $(shell tools/deps --path tcc 2>/dev/null)

# Unpack and patch. The cached tarball was verified by tools/deps before make read this file.
$(TCC_SRC)/.patched: $(TCC_PATCHES) tools/sources.manifest
	rm -rf $(TCC_SRC) && mkdir -p $(TCC_SRC)
	tar -xjf $(TCC_TARBALL) -C $(TCC_SRC)
	for p in $(TCC_PATCHES); do patch -d $(TCC_SRC) -p1 -s --no-backup-if-mismatch < $$p; done
	touch $@

# The cross compilers are host programs; CONFIG_TCCDIR is where tcc lives inside Ferrite, and
# the host build always passes -B to point it at the patched source's include/ instead.
TCC_HOSTCFLAGS := -O2 -DONE_SOURCE=1 -DCONFIG_TCC_FERRITE -DTCC_VERSION='"$(TCC_VERSION)"' \
	-DCONFIG_TCCDIR='"/lib/tcc"' -DGCC_MAJOR=0 -Icompiler/host

$(O)/compiler/x86_64-ferrite-tcc: $(TCC_SRC)/.patched compiler/host/config.h
	@mkdir -p $(@D)
	$(HOSTCC) $(TCC_HOSTCFLAGS) -DTCC_TARGET_X86_64 -o $@ $(TCC_SRC)/tcc.c -lm -ldl -lpthread

$(O)/compiler/i386-ferrite-tcc: $(TCC_SRC)/.patched compiler/host/config.h
	@mkdir -p $(@D)
	$(HOSTCC) $(TCC_HOSTCFLAGS) -DTCC_TARGET_I386 -o $@ $(TCC_SRC)/tcc.c -lm -ldl -lpthread

# What freestanding code (loader, kernel) compiles with: no host headers, no libc, no SSE.
TCC64 := $(O)/compiler/x86_64-ferrite-tcc
TCC32 := $(O)/compiler/i386-ferrite-tcc
TCC_FREESTANDING := -nostdinc -nostdlib -isystem $(TCC_SRC)/include -Wall -Werror

# tcc's va_arg helper (lib/va_list.c: __va_arg), which the kernel links; built without SSE.
$(O)/compiler/x86_64/%.o: $(TCC_SRC)/.patched $(TCC64)
	@mkdir -p $(@D)
	$(TCC64) $(TCC_FREESTANDING) -mno-sse -c $(TCC_SRC)/lib/$*.c -o $@

ALL_TARGETS += $(TCC64) $(TCC32)

# TCC_CHECK file.c: does a portable core compile with tcc? The Ferrite cross tcc over the host's
# C headers (until the Ferrite sysroot exists). The object is thrown away; it must not be
# /dev/null, which tcc would unlink and replace with a regular file.
TCC_CHECK = $(TCC64) -B$(TCC_SRC) -isystem $(TCC_SRC)/include -isystem /usr/include/x86_64-linux-gnu \
	-Wall -Werror -c -o $(O)/tcc-check.o
