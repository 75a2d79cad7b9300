# func_basic: a differential test (func), compared with dash.
greet() { echo "hello $1"; }
greet world
greet
