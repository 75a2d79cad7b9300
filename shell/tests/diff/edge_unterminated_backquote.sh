# edge_unterminated_backquote: a differential test (edge), compared with dash.
echo `echo x
