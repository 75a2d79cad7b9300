# func_prefix_assign: a differential test (func), compared with dash.
f() { echo "v=$v"; }
v=temp f
echo "after: [$v]"
