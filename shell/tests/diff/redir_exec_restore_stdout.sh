# redir_exec_restore_stdout: a differential test (redir), compared with dash.
exec 3>&1
exec > f
echo hidden
exec 1>&3 3>&-
echo visible
cat f
