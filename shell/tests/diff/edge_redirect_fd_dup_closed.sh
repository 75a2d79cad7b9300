# edge_redirect_fd_dup_closed: a differential test (edge), compared with dash.
exec 3>&-
echo x >&3
echo "status $?"
