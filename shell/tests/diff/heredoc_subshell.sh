# heredoc_subshell: a differential test (heredoc), compared with dash.
(cat <<EOF
in subshell
EOF
)
