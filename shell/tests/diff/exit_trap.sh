# exit_trap: a differential test (exit), compared with dash.
trap 'echo exiting' EXIT
echo main
exit 3
