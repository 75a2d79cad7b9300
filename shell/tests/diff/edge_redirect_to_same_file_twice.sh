# edge_redirect_to_same_file_twice: a differential test (edge), compared with dash.
echo a > f; echo b >> f; cat < f > g; cat g
