/* unit_main.c: the table of unit tests; `fs-unit [substring]` runs those whose names match. */
#include <string.h>
#include "check.h"
#include "unit.h"

static const struct check_case cases[] = {
	CASE(test_crc32c_known_vector),
	CASE(test_mkfs_gives_empty_root),
	CASE(test_write_read_back_after_remount),
	CASE(test_unaligned_overwrite_keeps_neighbours),
	CASE(test_sparse_file_past_4gib),
	CASE(test_truncate_shrink_then_grow_reads_zeros),
	CASE(test_mkdir_rmdir_link_counts),
	CASE(test_hard_links_share_data),
	CASE(test_symlink_readlink),
	CASE(test_rename_replaces_target_atomically),
	CASE(test_rename_directory_moves_parent),
	CASE(test_name_length_limit),
	CASE(test_readdir_resumes_from_cookie),
	CASE(test_hundred_thousand_entries_stay_fast),
	CASE(test_directory_churn_keeps_tree_sound),
	CASE(test_attributes_and_nanosecond_times),
	CASE(test_statfs_tracks_usage),
	CASE(test_enospc_when_full),
	CASE(test_fsync_survives_crash_without_commit),
	CASE(test_unsynced_changes_vanish_in_crash),
	CASE(test_unlinked_open_file_readable_until_release),
	CASE(test_orphan_reclaimed_at_mount_after_crash),
	CASE(test_data_checksum_mismatch_gives_eio),
	CASE(test_metadata_damage_detected),
	CASE(test_torn_superblock_falls_back_to_previous),
	CASE(test_freed_blocks_wait_for_commit),
	CASE(test_full_log_falls_back_to_commit),
	CASE(test_btree_matches_model_under_random_changes),
	CASE(test_fsck_repairs_leak_and_link_count),
	CASE(test_fsck_moves_nameless_inode_to_lost_found),
	CASE(test_fsck_removes_entry_of_missing_inode),
	CASE(test_snapshot_mount_sees_old_state),
	CASE(test_snapshot_delete_returns_space),
	CASE(test_snapshot_delete_keeps_blocks_of_others),
	CASE(test_snapshot_rollback_restores_tree),
	CASE(test_write_error_makes_fs_fail_safe),
};

int main(int argc, char **argv)
{
	const char *self = strrchr(argv[0], '/');

	(void)argc;
	return check_run(self ? self + 1 : argv[0], cases, (int)(sizeof(cases) / sizeof(cases[0])), argc > 1 ? argv[1] : 0);
}
