# edge_break_in_function_loop: a differential test (edge), compared with dash.
f() { break; }
for i in 1 2 3; do f; echo $i; done
