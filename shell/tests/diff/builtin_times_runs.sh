# builtin_times_runs: a differential test (builtin), compared with dash.
times > /dev/null
echo $?
