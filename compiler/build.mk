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

# Where tcc looks, relative to its own directory {B} (CONFIG_TCCDIR, /lib/tcc in Ferrite; -B
# on the host): its headers and libtcc1.a in {B}, the C library's headers, crt files and
# archives two levels up in usr/. The sysroot ($(SYSROOT)) has Ferrite's layout, so the host's
# cross compiler with -B$(SYSROOT)/lib/tcc and Ferrite's own tcc find the same files.
TCC_PATHS := -DCONFIG_TCCDIR='"/lib/tcc"' \
	-DCONFIG_TCC_SYSINCLUDEPATHS='"{B}/include:{B}/../../usr/include"' \
	-DCONFIG_TCC_LIBPATHS='"{B}/../../usr/lib"' -DCONFIG_TCC_CRTPREFIX='"{B}/../../usr/lib"'
TCC_DEFS := -DONE_SOURCE=1 -DCONFIG_TCC_FERRITE -DTCC_VERSION='"$(TCC_VERSION)"' -DGCC_MAJOR=0 \
	$(TCC_PATHS) -Icompiler/host
# The cross compilers are host programs; the freestanding builds (kernel, loader) pass -B or
# -nostdinc themselves.
TCC_HOSTCFLAGS := -O2 $(TCC_DEFS)

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
	-isystem /usr/include -Wall -Werror -c -o $(O)/tcc-check.o

# ---- the sysroot and the compilers that use it (libc/build.mk builds musl into it) ----
# $(SYSROOT) has Ferrite's layout: usr/include and usr/lib (musl's headers, crt files, libc.a
# and the empty libm.a, libpthread.a...), lib/tcc (tcc's own headers and libtcc1.a).
SYSROOT := $(O)/sysroot
SYSROOT_LIBC := $(SYSROOT)/usr/lib/libc.a
SYSROOT_LIBTCC1 := $(SYSROOT)/lib/tcc/libtcc1.a
SYSROOT_TCCINC := $(SYSROOT)/lib/tcc/include/stddef.h
SYSROOT_READY := $(SYSROOT_LIBC) $(SYSROOT_LIBTCC1) $(SYSROOT_TCCINC)
# The host's compiler for Ferrite programs: `$(CROSS_CC) prog.c -o prog`, no flags needed
# (wrappers in $(O)/bin: tcc, cc, ar, ranlib; compiler/wrapper.sh).
CROSS_CC := $(O)/bin/cc
CROSS_AR := $(O)/bin/ar

$(SYSROOT_TCCINC): $(TCC_SRC)/.patched
	@mkdir -p $(@D)
	cp $(TCC_SRC)/include/*.h $(@D)/

# libtcc1.a: tcc's runtime helpers for user programs (long double and 64-bit conversions,
# alloca, va_arg), built with SSE (only the kernel's va_list.o is built without).
LIBTCC1_SRCS := libtcc1.c alloca86_64.S va_list.c
LIBTCC1_OBJS := $(addprefix $(O)/compiler/user/,$(addsuffix .o,$(LIBTCC1_SRCS)))
$(O)/compiler/user/%.o: $(TCC_SRC)/.patched $(TCC64)
	@mkdir -p $(@D)
	$(TCC64) -nostdinc -nostdlib -isystem $(TCC_SRC)/include -c $(TCC_SRC)/lib/$* -o $@

$(SYSROOT_LIBTCC1): $(LIBTCC1_OBJS) $(TCC64)
	@mkdir -p $(@D)
	rm -f $@ && $(TCC64) -ar rc $@ $(LIBTCC1_OBJS)

WRAPPERS := $(addprefix $(O)/bin/,tcc cc ar ranlib i386-tcc)
$(O)/bin/%: compiler/wrapper.sh
	@mkdir -p $(@D)
	sed 's/@TOOL@/$*/' $< > $@ && chmod +x $@

ALL_TARGETS += $(SYSROOT_READY) $(WRAPPERS)

# ---- tcc inside Ferrite: the same source and patches, built by the cross compiler against
# the sysroot, static (CONFIG_TCC_STATIC: no dlopen), without bound checking (TCC_MUSL). It
# finds its files where the initfs puts the sysroot: /lib/tcc, /usr/include, /usr/lib.
TCC_NATIVE_FLAGS := $(TCC_DEFS) -DCONFIG_TCC_STATIC -DTCC_MUSL
# -run's C library is this tcc's own (patch 0008): a table of every public symbol of libc.a
# (global or weak, default visibility; musl's internal names are hidden), whose references link
# all of musl into the x86_64 tcc. Not membarrier: Ferrite has no such call, and linking its
# member in makes pthread_create try to register for it (ENOSYS).
$(O)/compiler/tcc_libc_syms.c: $(SYSROOT_LIBC)
	@mkdir -p $(@D)
	readelf -sW $(SYSROOT_LIBC) | awk 'NF == 8 && $$7 != "UND" && $$6 == "DEFAULT" && \
		($$5 == "GLOBAL" || $$5 == "WEAK") { print $$8 }' | sort -u | grep -v -x membarrier > $@.names
	{ echo '/* generated by compiler/build.mk from the global symbols of libc.a */'; \
	  sed 's/.*/extern char &;/' $@.names; \
	  echo 'struct tcc_ferrite_sym { const char *name; void *addr; };'; \
	  echo 'const struct tcc_ferrite_sym tcc_ferrite_libc_syms[] = {'; \
	  sed 's/.*/\t{ "&", \&& },/' $@.names; printf '\t{ 0, 0 }\n};\n'; } > $@

$(O)/initfs/bin/tcc: $(TCC_SRC)/.patched $(SYSROOT_READY) $(WRAPPERS) $(O)/compiler/tcc_libc_syms.c
	@mkdir -p $(@D)
	$(CROSS_CC) $(TCC_NATIVE_FLAGS) -DTCC_TARGET_X86_64 -o $@ $(TCC_SRC)/tcc.c $(O)/compiler/tcc_libc_syms.c

# cc is tcc: a symbolic link in the initfs (execve follows it)
$(O)/initfs/bin/cc: $(O)/initfs/bin/tcc
	ln -sfn tcc $@

# i386-tcc: 16- and 32-bit code (freestanding: -nostdlib; there is no i386 libc)
$(O)/initfs/bin/i386-tcc: $(TCC_SRC)/.patched $(SYSROOT_READY) $(WRAPPERS)
	@mkdir -p $(@D)
	$(CROSS_CC) $(TCC_NATIVE_FLAGS) -DTCC_TARGET_I386 -o $@ $(TCC_SRC)/tcc.c

# The sysroot where Ferrite's tcc looks: tcc's headers and libtcc1.a, musl's headers, crt
# files and archives (whole directories: tar takes what is in them, in name order).
$(O)/initfs/lib/tcc: $(SYSROOT_READY)
	rm -rf $@ && mkdir -p $(@D) && cp -r $(SYSROOT)/lib/tcc $@ && touch $@
$(O)/initfs/usr/include: $(SYSROOT_READY)
	rm -rf $@ && mkdir -p $(@D) && cp -r $(SYSROOT)/usr/include $@ && touch $@
$(O)/initfs/usr/lib: $(SYSROOT_READY)
	rm -rf $@ && mkdir -p $(@D) && cp -r $(SYSROOT)/usr/lib $@ && touch $@

INITFS_FILES += $(addprefix $(O)/initfs/,bin/tcc bin/cc bin/i386-tcc lib/tcc usr/include usr/lib)
