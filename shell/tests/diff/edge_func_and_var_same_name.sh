# edge_func_and_var_same_name: a differential test (edge), compared with dash.
echo_x=1
echo_x() { echo func; }
echo_x
echo $echo_x
