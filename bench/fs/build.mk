# bench/fs/build.mk: `make bench-fs` runs the FerriteFS core benchmarks on an image file.
BENCH_FS_IMG ?= $(O)/fs/bench.img

$(O)/fs/fs-bench: bench/fs/bench.c servers/fs/host/filedev.c $(wildcard servers/fs/core/*.[ch])
	@mkdir -p $(@D)
	$(HOSTCC) $(FS_CFLAGS) -O2 -o $@ bench/fs/bench.c servers/fs/host/filedev.c $(wildcard servers/fs/core/*.c)

.PHONY: bench-fs
bench-fs: $(O)/fs/fs-bench
	$< $(BENCH_FS_IMG) 256
	rm -f $(BENCH_FS_IMG)
