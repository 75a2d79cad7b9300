# edge_positional_after_set_in_func: a differential test (edge), compared with dash.
f() { set -- q; echo $1; }
set -- p
f
echo $1
