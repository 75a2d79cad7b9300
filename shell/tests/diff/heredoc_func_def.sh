# heredoc_func_def: a differential test (heredoc), compared with dash.
f() {
cat <<EOF
$1-body
EOF
}
f one
f two
