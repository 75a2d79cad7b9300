# libc/build.mk: musl from the pinned Debian source, with Ferrite's port layer (libc/port/),
# built by the x86_64 cross tcc with musl's own Makefile and installed into $(SYSROOT)
# (compiler/build.mk names it). Nothing of musl is kept in the repository: the tarball is
# unpacked into $(O)/libc/musl, the port files replace or join musl's there, then it builds.
# docs/libc.md says what is replaced, excluded and missing, and why.

MUSL_TARBALL := $(shell tools/deps --path musl 2>/dev/null)
MUSL_SRC := $(O)/libc/musl
LIBC_PORT_FILES := $(sort $(wildcard libc/port/arch/* libc/port/shim/*))
# Our patches to musl's own files (each says why at its top): only where tcc needs it.
LIBC_PATCHES := $(sort $(wildcard libc/patches/*.patch))
FERRITE_ABI_HDRS := kernel/include/ferrite/abi.h $(O)/kernel/gen/ferrite/syscall_nr.h

# musl's x86_64 assembly files that make Linux system calls, each replaced by a C file of the
# same name (libc/port/arch/; musl's Makefile takes src/*/x86_64/NAME.c over src/*/NAME.c).
LIBC_REPLACED := src/thread/x86_64/clone src/thread/x86_64/syscall_cp \
	src/thread/x86_64/__set_thread_area src/thread/x86_64/__unmapself \
	src/signal/x86_64/restore src/process/x86_64/vfork
# What tcc cannot compile: complex numbers (no _Complex in tcc; tgmath.h needs complex.h), and
# the x86_64 math files in C whose inline assembly uses x87 and SSE register constraints (t, x,
# X) tcc lacks: musl's portable C versions of those functions are built instead.
LIBC_EXCLUDED := src/complex include/complex.h include/tgmath.h src/math/x86_64/*.c

$(MUSL_SRC)/.patched: $(MUSL_TARBALL) $(LIBC_PORT_FILES) $(LIBC_PATCHES) $(FERRITE_ABI_HDRS) libc/build.mk $(TCC64)
	rm -rf $(MUSL_SRC) && mkdir -p $(MUSL_SRC)
	tar -xzf $(MUSL_TARBALL) -C $(MUSL_SRC) --strip-components=1
	for p in $(LIBC_PATCHES); do patch -d $(MUSL_SRC) -p1 -s --no-backup-if-mismatch < $$p; done
	cp libc/port/arch/syscall_arch.h $(MUSL_SRC)/arch/x86_64/syscall_arch.h
	for f in $(LIBC_REPLACED); do rm $(MUSL_SRC)/$$f.s && cp libc/port/arch/$$(basename $$f).c $(MUSL_SRC)/$$f.c; done
	cd $(MUSL_SRC) && rm -r $(LIBC_EXCLUDED)
	mkdir -p $(MUSL_SRC)/src/ferrite && cp libc/port/shim/* $(MUSL_SRC)/src/ferrite/
	sed -n 's/^#define __NR_\([a-z0-9_]*\)[[:space:]]*\([0-9]*\)$$/#define LINUX_\1 \2/p' \
		$(MUSL_SRC)/arch/x86_64/bits/syscall.h.in > $(MUSL_SRC)/src/ferrite/linux_nr.h
	printf '%s\n' '# written by libc/build.mk' 'ARCH = x86_64' 'prefix = /usr' \
		'includedir = $$(prefix)/include' 'libdir = $$(prefix)/lib' \
		'CC = $(abspath $(TCC64))' 'AR = $(abspath $(TCC64)) -ar' 'RANLIB = true' \
		'CFLAGS_AUTO =' 'CPPFLAGS = -I$$(srcdir)/src/ferrite -I$(abspath kernel/include/ferrite) -I$(abspath $(O)/kernel/gen/ferrite)' \
		'SHARED_LIBS =' 'ALL_TOOLS =' 'TOOL_LIBS =' 'EMPTY_LIBS =' > $(MUSL_SRC)/config.mak
	touch $@

# musl's Makefile does the rest (about 1,200 objects, a few seconds with tcc).
MUSL_MAKE = $(MAKE) --no-print-directory -C $(MUSL_SRC) DESTDIR=$(abspath $(SYSROOT))
$(MUSL_SRC)/lib/libc.a: $(MUSL_SRC)/.patched $(TCC64)
	+$(MUSL_MAKE) lib/libc.a lib/crt1.o lib/crti.o lib/crtn.o > $(MUSL_SRC)/build.log 2>&1 || \
		{ grep -A3 'error:' $(MUSL_SRC)/build.log | head -40; exit 1; }

$(SYSROOT_LIBC): $(MUSL_SRC)/lib/libc.a
	rm -rf $(SYSROOT)/usr
	+$(MUSL_MAKE) install-headers install-libs > /dev/null
	# libm, libpthread... are in libc.a; empty archives let -lm and -lpthread work
	for l in m rt pthread crypt util xnet resolv dl; do printf '!<arch>\n' > $(SYSROOT)/usr/lib/lib$$l.a; done
	touch $@

# Lint: the port's C files through gcc's warnings, as musl's build compiles them (its include
# paths, C99, freestanding), and the test programs against the host's musl (musl-gcc).
LIBC_MUSL_INC := -std=c99 -ffreestanding -nostdinc -D_XOPEN_SOURCE=700 \
	$(addprefix -I$(MUSL_SRC)/,arch/x86_64 arch/generic obj/src/internal src/include src/internal \
	obj/include include src/ferrite) -Ikernel/include/ferrite -I$(O)/kernel/gen/ferrite
LIBC_LINT_SRCS := $(sort $(wildcard libc/port/arch/*.c libc/port/shim/*.c))
LIBC_TEST_SRCS := $(filter-out libc/tests/target.c,$(sort $(wildcard libc/tests/*.c libc/tests/suite/*.c compiler/tests/*.c)))
LINT_TARGETS += lint-libc
lint-libc: $(MUSL_SRC)/lib/libc.a
	@n=0; for f in $(LIBC_LINT_SRCS); do \
		$(HOSTCC) $(HOST_WFLAGS) -fsyntax-only $(LIBC_MUSL_INC) $$f || exit 1; n=$$((n + 1)); done; \
	for f in $(LIBC_TEST_SRCS); do \
		musl-gcc $(HOST_WFLAGS) -fsyntax-only $$f || exit 1; n=$$((n + 1)); done; \
	echo "lint-libc: $$n passed, 0 failed"
