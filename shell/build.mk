# shell/build.mk: the POSIX shell. The portable core (shell/core), the line editor (shell/edit)
# and the host program (shell/unix) build into $(O)/shell/sh with gcc -Wall -Wextra -Werror, and
# into $(O)/shell/sh-asan with ASan+UBSan, which the test suites run against.

SH_CORE_SRC := $(sort $(wildcard shell/core/*.c))
SH_EDIT_SRC := $(sort $(wildcard shell/edit/*.c))
SH_SRC := $(SH_CORE_SRC) $(SH_EDIT_SRC) shell/unix/main.c
SH_HDR := $(wildcard shell/core/*.h shell/edit/*.h)
SH_CFLAGS := -std=c99 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -O2 -g

$(O)/shell/sh: $(SH_SRC) $(SH_HDR)
	@mkdir -p $(@D)
	$(HOSTCC) $(HOST_WFLAGS) $(SH_CFLAGS) -o $@ $(SH_SRC)

$(O)/shell/sh-asan: $(SH_SRC) $(SH_HDR)
	@mkdir -p $(@D)
	$(HOSTCC) $(HOST_WFLAGS) $(SH_CFLAGS) $(HOST_SANFLAGS) -o $@ $(SH_SRC)

ALL_TARGETS += $(O)/shell/sh
