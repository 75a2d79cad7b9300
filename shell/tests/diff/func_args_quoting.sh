# func_args_quoting: a differential test (func), compared with dash.
f() { for a; do echo "[$a]"; done; }
f "a b" "" c
