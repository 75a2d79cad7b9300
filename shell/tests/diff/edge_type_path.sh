# edge_type_path: a differential test (edge), compared with dash.
type sh | sed 's/ is .*/ is found/'
