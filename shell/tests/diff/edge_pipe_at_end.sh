# edge_pipe_at_end: a differential test (edge), compared with dash.
echo a |
