# tools/build.mk: tests of the host tools.

HOST_TESTS += deps
test-host-deps:
	tools/deps-test
