# heredoc_in_while: a differential test (heredoc), compared with dash.
while read l; do echo "<$l>"; done <<EOF
x
y
EOF
