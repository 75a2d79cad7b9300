# redir_builtin_restore: a differential test (redir), compared with dash.
echo a > f
read line < f
echo $line
echo after
