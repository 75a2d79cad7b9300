# edge_eval_with_newlines: a differential test (edge), compared with dash.
eval 'echo one
echo two'
