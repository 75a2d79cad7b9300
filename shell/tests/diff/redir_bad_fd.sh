# redir_bad_fd: a differential test (redir), compared with dash.
echo x >&9
echo status $?
