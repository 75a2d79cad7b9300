# edge_unbalanced_paren: a differential test (edge), compared with dash.
(echo a
