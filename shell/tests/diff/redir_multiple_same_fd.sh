# redir_multiple_same_fd: a differential test (redir), compared with dash.
echo one > a > b
echo "a:[$(cat a)] b:[$(cat b)]"
