# redir_function_stdin: a differential test (redir), compared with dash.
f() { read x; echo "f got $x"; }
echo hello | f
f <<EOF
heredoc
EOF
