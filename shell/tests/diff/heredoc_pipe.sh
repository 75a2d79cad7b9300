# heredoc_pipe: a differential test (heredoc), compared with dash.
cat <<EOF | tr a-z A-Z
upper me
EOF
