# func_local_nested: a differential test (func), compared with dash.
f() { local x=f; g; echo "f: $x"; }
g() { local x=g; echo "g: $x"; }
x=global
f
echo "top: $x"
