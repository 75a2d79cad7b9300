# servers/devices/build.mk: devd, the null, zero and random devices.
$(eval $(call ferrite_program,sbin/devd,servers/devices/devd.c $(SERVER_LIB_SRC)))
