# trap_exit_status: a differential test (trap), compared with dash.
trap 'echo "status in trap: $?"' EXIT
false
