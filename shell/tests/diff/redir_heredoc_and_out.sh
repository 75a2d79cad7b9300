# redir_heredoc_and_out: a differential test (redir), compared with dash.
cat <<EOF > out
to file
EOF
cat out
