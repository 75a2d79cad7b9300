# heredoc_loop: a differential test (heredoc), compared with dash.
for i in 1 2; do
cat <<EOF
iter $i
EOF
done
