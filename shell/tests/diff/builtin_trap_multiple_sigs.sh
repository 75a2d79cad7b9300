# builtin_trap_multiple_sigs: a differential test (builtin), compared with dash.
trap 'echo sig' USR1 USR2
kill -USR1 $$
kill -USR2 $$
echo done
