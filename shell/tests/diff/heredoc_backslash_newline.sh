# heredoc_backslash_newline: a differential test (heredoc), compared with dash.
cat <<EOF
line one \
continued
EOF
