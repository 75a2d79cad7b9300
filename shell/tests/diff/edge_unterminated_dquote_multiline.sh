# edge_unterminated_dquote_multiline: a differential test (edge), compared with dash.
echo "abc
def
