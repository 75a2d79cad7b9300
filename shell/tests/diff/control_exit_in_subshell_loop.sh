# control_exit_in_subshell_loop: a differential test (control), compared with dash.
( for i in 1 2; do exit 3; done )
echo $?
