# edge_exec_fd_persist_subshell: a differential test (edge), compared with dash.
exec 4>f
( echo via4 >&4 )
echo direct >&4
exec 4>&-
cat f
