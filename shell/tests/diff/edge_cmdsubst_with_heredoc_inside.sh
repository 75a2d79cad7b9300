# edge_cmdsubst_with_heredoc_inside: a differential test (edge), compared with dash.
x=$(cat <<'E'
raw $y
E
)
echo "$x"
