# heredoc_backquote: a differential test (heredoc), compared with dash.
cat <<EOF
`echo bq`
EOF
