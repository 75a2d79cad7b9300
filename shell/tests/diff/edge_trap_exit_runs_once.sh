# edge_trap_exit_runs_once: a differential test (edge), compared with dash.
trap 'echo exit-trap' EXIT
exit 0
