# edge_arith_in_string: a differential test (edge), compared with dash.
x=3
echo "$((x*2))x" "a$((x+1))"
