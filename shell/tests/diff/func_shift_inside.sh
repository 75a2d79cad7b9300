# func_shift_inside: a differential test (func), compared with dash.
f() { shift 2; echo "$@"; }
f a b c d
