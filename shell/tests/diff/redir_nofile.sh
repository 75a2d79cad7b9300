# redir_nofile: a differential test (redir), compared with dash.
cat < /nonexistent/file
echo status $?
