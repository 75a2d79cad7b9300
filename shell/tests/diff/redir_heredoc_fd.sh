# redir_heredoc_fd: a differential test (redir), compared with dash.
cat 3<<EOF <&3
on fd three
EOF
