# redir_ionumber_space: a differential test (redir), compared with dash.
echo x 2 > f
cat f
