# func_redirect: a differential test (func), compared with dash.
f() { echo in f; } > f.out
f
cat f.out
