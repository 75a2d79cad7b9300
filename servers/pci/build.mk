# servers/pci/build.mk: pcid, the PCI bus enumerated and published at /dev/pci.
$(eval $(call ferrite_program,sbin/pcid,servers/pci/pcid.c $(SERVER_LIB_SRC)))
