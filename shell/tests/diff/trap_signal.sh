# trap_signal: a differential test (trap), compared with dash.
trap 'echo got USR1' USR1
kill -USR1 $$
echo after
