# heredoc_expand: a differential test (heredoc), compared with dash.
x=world
cat <<EOF
hello $x $(echo sub) $((1+1))
\$x is literal, backslash \\ and \z stays
EOF
