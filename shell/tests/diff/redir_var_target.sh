# redir_var_target: a differential test (redir), compared with dash.
name=out.txt
echo hi > $name
cat out.txt
x="a b"
echo spaced > "$x"
cat "a b"
