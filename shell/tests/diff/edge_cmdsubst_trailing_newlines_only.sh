# edge_cmdsubst_trailing_newlines_only: a differential test (edge), compared with dash.
x=$(printf '\n\n')
echo "[$x]"
x=$(printf 'a\n\nb\n\n')
echo "[$x]"
