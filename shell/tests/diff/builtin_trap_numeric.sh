# builtin_trap_numeric: a differential test (builtin), compared with dash.
trap 'echo hup' 1
kill -HUP $$
trap - 1
echo done
