# subshell_exit_status_signal: a differential test (subshell), compared with dash.
sh -c 'kill -9 $$'
echo $?
