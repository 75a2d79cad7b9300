# trap_list: a differential test (trap), compared with dash.
trap 'echo a' EXIT
trap 'echo b' INT
trap
trap - EXIT INT
