# func_subshell_body: a differential test (func), compared with dash.
f() ( x=inner; echo $x )
x=outer
f
echo $x
