# func_local_unset: a differential test (func), compared with dash.
x=outer
f() { local x; x=inner; echo $x; }
f
echo $x
