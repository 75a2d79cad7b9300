# pipe_basic: a differential test (pipe), compared with dash.
echo hello | cat
printf 'b\na\nc\n' | sort | head -2
echo x | { read v; echo "read $v"; }
