# bench/build.mk: `make bench` runs the benchmarks of bench/programs/ on Ferrite and, in the same
# QEMU with the same flags, on a Linux guest made of Debian's kernel and busybox-static, and
# prints them side by side (bench/README.md). Not part of `make all` or `make test`, except that
# the Ferrite builds of the programs are staged into the initfs as /bench/NAME.

BENCH_PROGS := $(patsubst bench/programs/%.c,%,$(sort $(wildcard bench/programs/*.c)))
BENCH_DIR := $(O)/bench

# --- Ferrite: freestanding, built by the Ferrite tcc with the generated stubs, started by
# selftest/user/crt0.S (the same start-up as the in-system test programs) ---------------------
BENCH_FERRITE_BINS := $(addprefix $(O)/initfs/bench/,$(BENCH_PROGS))
BENCH_FERRITE_CFLAGS = $(TCC_FREESTANDING) -Ikernel/include/ferrite -I$(O)/kernel/gen/ferrite

# kernel/build.mk is read after this file: its generated headers are named by path here.
$(BENCH_DIR)/ferrite/%.o: bench/programs/%.c bench/programs/port.h \
		$(O)/kernel/gen/ferrite/syscall_nr.h $(O)/kernel/gen/ferrite/syscalls.h $(TCC64)
	@mkdir -p $(@D)
	$(TCC64) $(BENCH_FERRITE_CFLAGS) -c $< -o $@

$(O)/initfs/bench/%: $(O)/selftest/user/crt0.o $(BENCH_DIR)/ferrite/%.o
	@mkdir -p $(@D)
	$(TCC64) -nostdlib -static -Wl,-section-alignment=0x1000 -o $@ $^

INITFS_FILES += $(BENCH_FERRITE_BINS)

# --- Linux: the same sources, static glibc programs from the host gcc ------------------------
# true twice: without a C library, as on Ferrite, and with glibc's start-up (true-libc).
BENCH_LINUX_NAMES := $(BENCH_PROGS) true-libc
BENCH_LINUX_BINS := $(addprefix $(BENCH_DIR)/linux/,$(BENCH_LINUX_NAMES))

$(BENCH_DIR)/linux/%: bench/programs/%.c bench/programs/port.h
	@mkdir -p $(@D)
	$(HOSTCC) -static -O2 $(HOST_WFLAGS) -o $@ $<

$(BENCH_DIR)/linux/true: bench/programs/true.c
	@mkdir -p $(@D)
	$(HOSTCC) -static -nostdlib -DBENCH_NOLIBC -O2 $(HOST_WFLAGS) -o $@ $<

$(BENCH_DIR)/linux/true-libc: bench/programs/true.c
	@mkdir -p $(@D)
	$(HOSTCC) -static -O2 $(HOST_WFLAGS) -o $@ $<

# Debian's kernel and busybox, fetched into the cache and verified on every `make bench`; the
# files in $(BENCH_DIR)/guest change only when Debian's do.
.PHONY: bench-fetch-linux
bench-fetch-linux:
	bench/fetch-linux $(BENCH_DIR)/guest

# The initramfs: busybox with the few applets linux-init uses, /dev/console for the first
# program's output, linux-init as /init and the programs as /bench/NAME.
BENCH_APPLETS := sh mount poweroff uname
$(BENCH_DIR)/guest/initramfs.cpio: bench-fetch-linux bench/mkcpio bench/linux-init $(BENCH_LINUX_BINS)
	{ printf '%s\n' "dir bin 755" "dir dev 755" "nod dev/console 600 c 5 1" \
		"nod dev/null 666 c 1 3" "dir proc 755" "dir bench 755" \
		"file bin/busybox 755 $(BENCH_DIR)/guest/busybox" "file init 755 bench/linux-init"; \
	  for a in $(BENCH_APPLETS); do echo "slink bin/$$a busybox"; done; \
	  for p in $(BENCH_LINUX_NAMES); do echo "file bench/$$p 755 $(BENCH_DIR)/linux/$$p"; done; \
	} | bench/mkcpio $@

# BENCH_ARGS: more options for bench/run, e.g. "--rounds 1 --boots 1" for a quick look.
# boot/ and kernel/build.mk are read after this file: the loader and kernel are named by path.
.PHONY: bench
bench: $(O)/boot/loader.elf $(O)/kernel/kernel.elf $(INITFS) $(BENCH_DIR)/guest/initramfs.cpio
	bench/run $(BENCH_ARGS) --out $(BENCH_DIR)/results.txt --logs $(BENCH_DIR)/logs \
		--linux-version $(BENCH_DIR)/guest/linux-version \
		--ferrite $(O)/boot/loader.elf $(O)/kernel/kernel.elf $(INITFS) \
		--linux $(BENCH_DIR)/guest/vmlinuz $(BENCH_DIR)/guest/initramfs.cpio
