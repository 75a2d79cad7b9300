# builtin_trap_exit_in_subshell_only: a differential test (builtin), compared with dash.
( trap 'echo sub exit' EXIT; echo in sub )
echo after
