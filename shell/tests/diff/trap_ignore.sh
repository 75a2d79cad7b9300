# trap_ignore: a differential test (trap), compared with dash.
trap '' USR2
kill -USR2 $$
echo survived
