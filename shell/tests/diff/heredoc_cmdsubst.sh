# heredoc_cmdsubst: a differential test (heredoc), compared with dash.
x=$(cat <<EOF
inside
EOF
)
echo "$x"
