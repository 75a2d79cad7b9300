# redir_fd_in_subshell_closed: a differential test (redir), compared with dash.
exec 5> f
( echo via5 >&5 )
exec 5>&-
cat f
