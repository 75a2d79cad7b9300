# func_vars_global: a differential test (func), compared with dash.
f() { v=set_in_f; }
f
echo $v
