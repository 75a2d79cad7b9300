# redir_rdwr: a differential test (redir), compared with dash.
echo data > f
cat <> f
exec 3<> f
echo opened
exec 3>&-
