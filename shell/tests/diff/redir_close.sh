# redir_close: a differential test (redir), compared with dash.
echo visible
echo invisible >&-
echo status $?
