# edge_backquote_nested_dollar: a differential test (edge), compared with dash.
echo `echo $(echo mixed)`
