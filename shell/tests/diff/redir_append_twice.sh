# redir_append_twice: a differential test (redir), compared with dash.
echo a >> f
echo b >> f
cat f
