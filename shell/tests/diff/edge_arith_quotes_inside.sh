# edge_arith_quotes_inside: a differential test (edge), compared with dash.
echo $(( 1 + $(echo 2) ))
