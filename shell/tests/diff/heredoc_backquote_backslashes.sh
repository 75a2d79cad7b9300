# heredoc_backquote_backslashes: a differential test (heredoc), compared with dash.
a=A
cat <<EOF
`echo '\"' "\$a" \\\\`
$(echo '\"' "$a")
"\"" \$a
