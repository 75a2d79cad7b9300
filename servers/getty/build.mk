# servers/getty/build.mk: getty, a shell in a pty on the serial console.
$(eval $(call ferrite_program,sbin/getty,servers/getty/getty.c))

# What getty copies into a home directory that lacks it: /etc/skel/.profile.
$(O)/initfs/etc/skel/.profile: servers/getty/skel/profile
	@mkdir -p $(@D)
	cp $< $@
INITFS_FILES += $(O)/initfs/etc/skel/.profile

# The accounts the login knows (musl's getpwuid and getgrgid read them: ls -l, id, ~user).
$(O)/initfs/etc/passwd: servers/getty/etc/passwd
	@mkdir -p $(@D)
	cp $< $@
$(O)/initfs/etc/group: servers/getty/etc/group
	@mkdir -p $(@D)
	cp $< $@
INITFS_FILES += $(O)/initfs/etc/passwd $(O)/initfs/etc/group

# The interactive tests on Ferrite's console (tests/tty-test): the system booted normally
# (init, the servers, getty, the shell) and driven as a person types; tests/ttytest.c is the
# program they run in the shell.
$(eval $(call ferrite_program,selftest/ttytest,servers/getty/tests/ttytest.c))

QEMU_TESTS += tty
test-qemu-tty: $(LOADER) $(KERNEL) $(INITFS)
	servers/getty/tests/tty-test $(O) $(LOADER) $(KERNEL) $(INITFS)
