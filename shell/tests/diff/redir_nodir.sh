# redir_nodir: a differential test (redir), compared with dash.
echo x > /nonexistent/dir/file
echo status $?
