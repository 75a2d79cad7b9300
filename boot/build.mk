# boot/build.mk: the 32-bit Multiboot loader, built by the i386 tcc.

LOADER_SRCS := boot/loader/entry.S $(sort $(wildcard boot/loader/*.c))
LOADER_OBJS := $(patsubst boot/loader/%,$(O)/boot/loader/%.o,$(LOADER_SRCS))
LOADER_CFLAGS := $(TCC_FREESTANDING) -I. -Iboot

$(O)/boot/loader/%.c.o: boot/loader/%.c $(wildcard boot/loader/*.h) boot/bootinfo.h $(TCC32)
	@mkdir -p $(@D)
	$(TCC32) $(LOADER_CFLAGS) -c $< -o $@

$(O)/boot/loader/%.S.o: boot/loader/%.S $(TCC32)
	@mkdir -p $(@D)
	$(TCC32) $(LOADER_CFLAGS) -c $< -o $@

# tcc's 32-bit code calls libtcc1 for some 64-bit integer operations.
$(O)/boot/libtcc1-i386.o: $(TCC_SRC)/.patched $(TCC32)
	@mkdir -p $(@D)
	$(TCC32) $(TCC_FREESTANDING) -c $(TCC_SRC)/lib/libtcc1.c -o $@

# Linked at 1 MiB, where Multiboot loaders put an ELF32 kernel at its physical address.
$(LOADER): $(LOADER_OBJS) $(O)/boot/libtcc1-i386.o
	$(TCC32) -nostdlib -static -Wl,-Ttext=0x100000 -o $@ $^

ALL_TARGETS += $(LOADER)

# Lint: every loader source through gcc's warnings, as 32-bit code.
LINT_TARGETS += lint-boot
lint-boot:
	@for f in $(filter %.c,$(LOADER_SRCS)); do \
		$(HOSTCC) -m32 -ffreestanding -nostdinc -fsyntax-only $(HOST_WFLAGS) -I. -Iboot \
			-isystem $$($(HOSTCC) -print-file-name=include) $$f || exit 1; \
	done; echo "lint-boot: $(words $(filter %.c,$(LOADER_SRCS))) passed, 0 failed"

# A GRUB image (BIOS and UEFI, by grub-mkrescue) that boots the self-tests through Multiboot 2.
# The live ISO of a later issue grows from this.
$(O)/boot/selftest.iso: $(LOADER) $(KERNEL) $(INITFS) boot/grub/selftest.cfg
	rm -rf $(O)/boot/iso-selftest && mkdir -p $(O)/boot/iso-selftest/boot/grub
	cp $(LOADER) $(KERNEL) $(INITFS) $(O)/boot/iso-selftest/boot/
	cp boot/grub/selftest.cfg $(O)/boot/iso-selftest/boot/grub/grub.cfg
	grub-mkrescue -o $@ $(O)/boot/iso-selftest >$(O)/boot/grub-mkrescue.log 2>&1 || \
		{ cat $(O)/boot/grub-mkrescue.log; exit 1; }

QEMU_TESTS += grub-bios grub-uefi
test-qemu-grub-bios: $(O)/boot/selftest.iso
	selftest/qemu-run --selftest --timeout 300 --log $(O)/test-logs/qemu-grub-bios.serial --iso $<

test-qemu-grub-uefi: $(O)/boot/selftest.iso
	selftest/qemu-run --selftest --timeout 300 --uefi --log $(O)/test-logs/qemu-grub-uefi.serial --iso $<
