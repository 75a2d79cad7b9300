# func_positional_restore: a differential test (func), compared with dash.
set -- a b
f() { set -- x y z; echo $#; }
f
echo $# $1
