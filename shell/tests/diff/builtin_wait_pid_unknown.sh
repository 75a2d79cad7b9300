# builtin_wait_pid_unknown: a differential test (builtin), compared with dash.
wait 99999
echo $?
