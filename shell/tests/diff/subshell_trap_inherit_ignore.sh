# subshell_trap_inherit_ignore: a differential test (subshell), compared with dash.
trap '' USR1
( kill -USR1 $$; echo sub-alive )
echo parent-alive
