# heredoc_param_ops: a differential test (heredoc), compared with dash.
x=file.txt
cat <<EOF
${x%.txt} ${#x} ${u:-def}
EOF
