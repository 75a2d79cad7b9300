# heredoc_basic: a differential test (heredoc), compared with dash.
cat <<EOF
line one
  line two
EOF
