# edge_trap_in_subshell_exit: a differential test (edge), compared with dash.
(trap 'echo sub-exit' EXIT; exit 3)
echo $?
