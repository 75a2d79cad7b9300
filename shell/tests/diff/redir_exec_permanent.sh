# redir_exec_permanent: a differential test (redir), compared with dash.
exec 3> f
echo via3 >&3
exec 3>&-
cat f
exec > out2
echo into-file
exec >&2
cat out2 >&2
