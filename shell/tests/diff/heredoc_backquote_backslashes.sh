# heredoc_backquote_backslashes: a differential test (heredoc), compared with dash.
a=A
cat <<END
`echo '\"' "\$a" \\\\`
$(echo '\"' "$a")
"\"" \$a
END
