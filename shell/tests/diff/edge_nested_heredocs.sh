# edge_nested_heredocs: a differential test (edge), compared with dash.
cat <<A; cat <<B
a $((1+1))
A
b
B
