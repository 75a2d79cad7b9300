# heredoc_empty: a differential test (heredoc), compared with dash.
cat <<EOF
EOF
echo after
