# builtin_eval_complex: a differential test (builtin), compared with dash.
eval 'f() { echo evalfunc; }'
f
eval "x=1; y=2"
echo $x $y
v=x
eval "echo \$$v"
