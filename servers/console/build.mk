# servers/console/build.mk: the serial console server.
$(eval $(call ferrite_program,sbin/console,servers/console/console.c $(SERVER_LIB_SRC)))
