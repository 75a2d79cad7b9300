# edge_redirect_missing_target: a differential test (edge), compared with dash.
cat <
