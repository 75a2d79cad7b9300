# heredoc_nested_cmdsubst_quote: a differential test (heredoc), compared with dash.
cat <<EOF
$(echo "a 'b' \"c\"")
EOF
