# edge_nested_quotes_deep: a differential test (edge), compared with dash.
echo "$(echo "$(echo "$(echo 'deep  spaces')")")"
