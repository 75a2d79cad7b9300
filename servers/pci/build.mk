# servers/pci/build.mk: pcid, the PCI bus enumerated and published at /dev/pci, and the
# functions handed to drivers (claims, BARs, MSI, bus mastering off when a driver dies).
PCID_SRC := servers/pci/pcid.c servers/pci/pci_cfg.c
$(eval $(call ferrite_program,sbin/pcid,$(PCID_SRC) $(SERVER_LIB_SRC)))
$(O)/initfs/sbin/pcid: servers/pci/pci.h servers/pci/pci_cfg.h

# The test with a device (tests/pci-test): QEMU's edu device, its driver (tests/edu.c), the
# test program (tests/pcitest.c) and the boot that runs them as services (tests/pci-boot.c,
# tests/pci.services).
$(eval $(call ferrite_program,selftest/edu,servers/pci/tests/edu.c))
$(eval $(call ferrite_program,selftest/pcitest,servers/pci/tests/pcitest.c))
$(eval $(call ferrite_program,selftest/pci-boot,servers/pci/tests/pci-boot.c))
$(O)/initfs/selftest/edu $(O)/initfs/selftest/pcitest: servers/pci/pci.h
$(O)/initfs/selftest/pci.services: servers/pci/tests/pci.services
	@mkdir -p $(@D)
	cp $< $@
INITFS_FILES += $(O)/initfs/selftest/pci.services

QEMU_TESTS += pci
test-qemu-pci: $(LOADER) $(KERNEL) $(INITFS)
	servers/pci/tests/pci-test $(O) $(LOADER) $(KERNEL) $(INITFS)
