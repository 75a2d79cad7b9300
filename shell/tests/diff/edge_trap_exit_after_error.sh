# edge_trap_exit_after_error: a differential test (edge), compared with dash.
trap 'echo cleanup' EXIT
echo ${undefined?oops}
