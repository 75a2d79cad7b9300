# heredoc_arith: a differential test (heredoc), compared with dash.
cat <<EOF
$((6*7))
EOF
