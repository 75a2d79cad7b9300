# heredoc_quotes_inside: a differential test (heredoc), compared with dash.
x=v
cat <<EOF
"$x" '$x'
EOF
