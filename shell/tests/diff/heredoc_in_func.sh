# heredoc_in_func: a differential test (heredoc), compared with dash.
f() {
	cat <<EOF
in func $1
EOF
}
f arg
f other
