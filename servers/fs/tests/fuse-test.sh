#!/usr/bin/env bash
# fuse-test.sh: mounts a FerriteFS image through ferritefs-fuse and uses it with ordinary
# tools (cp, mv, ln, truncate, dd, touch, df ...), then unmounts and runs fsck.
#   fuse-test.sh TOOLDIR WORKDIR
# Where FUSE cannot mount (no /dev/fuse, no permission), every test is reported as skipped,
# never as passed: "fs-fuse: 0 passed, 0 failed, N skipped".
set -u
tools=$1 work=$2
img=$work/fuse.img mnt=$work/mnt src=$(cd "$(dirname "$0")/.." && pwd)
pass=0 fail=0 skip=0 fuse_pid=

tests=(test_copy_tree_and_compare test_rename_over_existing_file test_hard_link_count
	test_symlink_target test_sparse_file_past_4gib test_truncate_then_append
	test_rmdir_of_nonempty_dir_fails test_unlinked_open_file_stays_readable
	test_large_file_round_trip test_many_files_in_one_directory test_nanosecond_timestamps
	test_chmod_and_chown test_statfs_reports_space test_unmount_then_fsck_clean
	test_remount_keeps_contents test_snapshot_mount_shows_old_contents)

mount_fs() { # extra args go to ferritefs-fuse before the image
	"$tools/ferritefs-fuse" "$@" "$img" "$mnt" -f >>"$work/fuse.log" 2>&1 &
	fuse_pid=$!
	for _ in $(seq 200); do # up to 20 s on a loaded machine
		mountpoint -q "$mnt" && return 0
		kill -0 "$fuse_pid" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

unmount_fs() {
	fusermount3 -u "$mnt" 2>/dev/null || umount "$mnt" 2>/dev/null
	wait "$fuse_pid" 2>/dev/null
}

test_copy_tree_and_compare() { cp -a "$src/core" "$mnt/core" && diff -r "$src/core" "$mnt/core"; }

test_rename_over_existing_file() {
	echo new >"$mnt/x" && echo old >"$mnt/y" && mv "$mnt/x" "$mnt/y" &&
		[ "$(cat "$mnt/y")" = new ] && [ ! -e "$mnt/x" ]
}

test_hard_link_count() {
	echo data >"$mnt/h1" && ln "$mnt/h1" "$mnt/h2" && [ "$(stat -c %h "$mnt/h1")" = 2 ] &&
		[ "$(stat -c %i "$mnt/h1")" = "$(stat -c %i "$mnt/h2")" ]
}

test_symlink_target() {
	ln -s ../some/where "$mnt/link" && [ "$(readlink "$mnt/link")" = ../some/where ] &&
		[ -L "$mnt/link" ]
}

test_sparse_file_past_4gib() {
	truncate -s 5G "$mnt/sparse" && printf tail >>"$mnt/sparse" &&
		[ "$(stat -c %s "$mnt/sparse")" = $((5 * 1024 * 1024 * 1024 + 4)) ] &&
		[ "$(tail -c 4 "$mnt/sparse")" = tail ] && [ "$(du -k "$mnt/sparse" | cut -f1)" -le 8 ]
}

test_truncate_then_append() {
	seq 1 10000 >"$mnt/t" && truncate -s 100 "$mnt/t" && echo end >>"$mnt/t" &&
		[ "$(stat -c %s "$mnt/t")" = 104 ] && [ "$(head -c 100 "$mnt/t")" = "$(seq 1 10000 | head -c 100)" ]
}

test_rmdir_of_nonempty_dir_fails() {
	mkdir -p "$mnt/d/e" && ! rmdir "$mnt/d" 2>/dev/null && rmdir "$mnt/d/e" && rmdir "$mnt/d" &&
		[ ! -e "$mnt/d" ]
}

test_unlinked_open_file_stays_readable() {
	echo still-here >"$mnt/o" && exec 3<"$mnt/o" && rm "$mnt/o" && [ ! -e "$mnt/o" ] &&
		[ "$(cat <&3)" = still-here ]
	local rc=$?
	exec 3<&-
	return $rc
}

test_large_file_round_trip() {
	head -c 20000000 /dev/urandom >"$work/big" && cp "$work/big" "$mnt/big" &&
		sync "$mnt/big" && sync "$mnt" && cmp "$work/big" "$mnt/big"
}

test_many_files_in_one_directory() {
	mkdir "$mnt/many" && (cd "$mnt/many" && seq -f 'file%g' 1 3000 | xargs touch) &&
		[ "$(ls "$mnt/many" | wc -l)" = 3000 ]
}

test_nanosecond_timestamps() {
	# a new file carries the time now (make exports SOURCE_DATE_EPOCH; the mount ignores it)
	touch "$mnt/ts" && [ "$(stat -c %Y "$mnt/ts")" -gt $(($(date +%s) - 60)) ] &&
		touch -d '2001-02-03 04:05:06.123456789' "$mnt/ts" &&
		stat -c %y "$mnt/ts" | grep -q '2001-02-03 04:05:06.123456789'
}

test_chmod_and_chown() {
	# chown first: Linux clears set-user-ID on chown, as it does on ext4
	touch "$mnt/perm" && chown 1234:5678 "$mnt/perm" && chmod 4751 "$mnt/perm" &&
		[ "$(stat -c %a:%u:%g "$mnt/perm")" = 4751:1234:5678 ]
}

test_statfs_reports_space() {
	local avail
	avail=$(df -k --output=avail "$mnt" | tail -n 1)
	[ "$avail" -gt 1000 ] && [ "$avail" -lt $((256 * 1024)) ]
}

test_unmount_then_fsck_clean() {
	unmount_fs && "$tools/fsck.ferritefs" "$img" >>"$work/fuse.log" 2>&1
}

test_remount_keeps_contents() {
	mount_fs && cmp "$work/big" "$mnt/big" && diff -r "$src/core" "$mnt/core" &&
		[ "$(cat "$mnt/y")" = new ] && unmount_fs && "$tools/fsck.ferritefs" "$img" >/dev/null
}

test_snapshot_mount_shows_old_contents() {
	"$tools/ferritefs-img" snap "$img" create before &&
		"$tools/ferritefs-img" rm "$img" /y && mount_fs --snapshot before &&
		[ "$(cat "$mnt/y")" = new ] && ! touch "$mnt/new" 2>/dev/null && unmount_fs &&
		mount_fs && [ ! -e "$mnt/y" ] && unmount_fs && "$tools/fsck.ferritefs" "$img" >/dev/null
}

rm -rf "$work" && mkdir -p "$mnt"
"$tools/mkfs.ferritefs" -s 256M "$img" >/dev/null || exit 1
reason=
fuse_dev=${FS_FUSE_DEV:-/dev/fuse} # FS_FUSE_DEV=/nonexistent shows the skip path
if [ ! -c "$fuse_dev" ] || [ ! -r "$fuse_dev" ] || [ ! -w "$fuse_dev" ]; then
	reason="/dev/fuse is missing or not accessible"
elif ! command -v fusermount3 >/dev/null; then
	reason="fusermount3 is not installed"
elif ! mount_fs; then
	reason="mounting failed: $(tail -n 1 "$work/fuse.log")"
fi
if [ -n "$reason" ]; then
	echo "FUSE tests not run: $reason"
	echo "fs-fuse: 0 passed, 0 failed, ${#tests[@]} skipped"
	exit 0
fi
trap 'mountpoint -q "$mnt" && unmount_fs' EXIT
for t in "${tests[@]}"; do
	if "$t"; then
		echo "ok   $t"
		pass=$((pass + 1))
	else
		echo "FAIL $t"
		fail=$((fail + 1))
	fi
done
echo "fs-fuse: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
