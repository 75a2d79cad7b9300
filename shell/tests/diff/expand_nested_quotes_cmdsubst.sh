# expand_nested_quotes_cmdsubst: a differential test (expand), compared with dash.
echo "$(echo "$(echo "a  b")")"
