# edge_eval_return_in_function: a differential test (edge), compared with dash.
f() { eval 'return 4'; echo no; }
f; echo $?
