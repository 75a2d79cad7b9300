# utils/build.mk: the command-line tools, one program per file, built for Ferrite into /bin.
UTILS_SRC := $(sort $(wildcard utils/*.c))
$(foreach f,$(UTILS_SRC),$(eval $(call ferrite_program,bin/$(notdir $(basename $(f))),$(f))))
