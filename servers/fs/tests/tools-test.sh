#!/usr/bin/env bash
# tools-test.sh: the host tools on real image files: mkfs, fsck (exit codes, corruption found),
# ferritefs-img (a tree in and out, reproducible images, put/cat/rm, snapshots).
#   tools-test.sh TOOLDIR WORKDIR
set -u
tools=$1 work=$2 src=$(cd "$(dirname "$0")/.." && pwd)
pass=0 fail=0
export SOURCE_DATE_EPOCH=1700000000

test_mkfs_then_fsck_clean() {
	"$tools/mkfs.ferritefs" -L test -s 32M "$work/a.img" >/dev/null &&
		"$tools/fsck.ferritefs" "$work/a.img" | grep -q clean
}

test_image_from_tree_round_trip() {
	"$tools/ferritefs-img" create "$work/t.img" 64M "$src" && rm -rf "$work/out" &&
		"$tools/ferritefs-img" get "$work/t.img" / "$work/out" && diff -r "$src" "$work/out" &&
		"$tools/fsck.ferritefs" "$work/t.img" >/dev/null
}

test_image_is_reproducible() {
	"$tools/ferritefs-img" create "$work/r1.img" 64M "$src" &&
		"$tools/ferritefs-img" create "$work/r2.img" 64M "$src" && cmp -s "$work/r1.img" "$work/r2.img"
}

test_owner_option_sets_owner() {
	"$tools/ferritefs-img" --owner 0:0 create "$work/o.img" 16M "$src/host" &&
		"$tools/ferritefs-img" --owner 1234:99 put "$work/o.img" "$src/DESIGN.md" /d.md &&
		"$tools/ferritefs-img" ls "$work/o.img" / | grep -q ' 1234 *99 .* d\.md$' &&
		"$tools/ferritefs-img" ls "$work/o.img" / | grep -q '^100[0-7]* *1 *0 *0 .* fuse\.c$'
}

test_put_cat_rm() {
	seq 1 50000 >"$work/seq.txt" && "$tools/mkfs.ferritefs" -s 16M "$work/p.img" >/dev/null &&
		"$tools/ferritefs-img" mkdir "$work/p.img" /dir &&
		"$tools/ferritefs-img" put "$work/p.img" "$work/seq.txt" /dir/seq &&
		"$tools/ferritefs-img" cat "$work/p.img" /dir/seq | cmp -s - "$work/seq.txt" &&
		"$tools/ferritefs-img" rm "$work/p.img" /dir/seq &&
		! "$tools/ferritefs-img" cat "$work/p.img" /dir/seq 2>/dev/null &&
		"$tools/fsck.ferritefs" "$work/p.img" >/dev/null
}

test_fsck_finds_damaged_data_block() {
	local off
	head -c 8192 /dev/zero | tr '\0' Q >"$work/q" && "$tools/mkfs.ferritefs" -s 16M "$work/c.img" >/dev/null &&
		"$tools/ferritefs-img" put "$work/c.img" "$work/q" /q &&
		off=$(grep -boa QQQQQQQQ "$work/c.img" | head -n 1 | cut -d: -f1) && [ -n "$off" ] &&
		printf X | dd of="$work/c.img" bs=1 seek=$((off + 100)) conv=notrunc status=none
	"$tools/fsck.ferritefs" "$work/c.img" >/dev/null 2>"$work/c.err"
	[ $? -eq 4 ] && grep -q "checksum mismatch" "$work/c.err" &&
		! "$tools/ferritefs-img" cat "$work/c.img" /q >/dev/null 2>&1
}

test_snapshot_create_list_rollback() {
	"$tools/mkfs.ferritefs" -s 16M "$work/s.img" >/dev/null && echo one >"$work/one" &&
		"$tools/ferritefs-img" put "$work/s.img" "$work/one" /f &&
		"$tools/ferritefs-img" snap "$work/s.img" create base &&
		"$tools/ferritefs-img" rm "$work/s.img" /f &&
		"$tools/ferritefs-img" snap "$work/s.img" list | grep -q ' base ' &&
		"$tools/ferritefs-img" snap "$work/s.img" rollback base &&
		[ "$("$tools/ferritefs-img" cat "$work/s.img" /f)" = one ] &&
		"$tools/ferritefs-img" snap "$work/s.img" delete base &&
		"$tools/fsck.ferritefs" "$work/s.img" >/dev/null
}

rm -rf "$work" && mkdir -p "$work"
for t in test_mkfs_then_fsck_clean test_image_from_tree_round_trip test_image_is_reproducible \
	test_owner_option_sets_owner test_put_cat_rm test_fsck_finds_damaged_data_block \
	test_snapshot_create_list_rollback; do
	if "$t"; then
		echo "ok   $t"
		pass=$((pass + 1))
	else
		echo "FAIL $t"
		fail=$((fail + 1))
	fi
done
echo "fs-tools: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
