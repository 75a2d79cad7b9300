# edge_glob_no_match_bracket: a differential test (edge), compared with dash.
echo [z]nomatch [
