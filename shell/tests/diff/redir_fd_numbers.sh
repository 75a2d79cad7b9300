# redir_fd_numbers: a differential test (redir), compared with dash.
echo x 3>f 1>&3
cat f
