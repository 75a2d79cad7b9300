# edge_heredoc_quoted_delimiter_partial: a differential test (edge), compared with dash.
cat <<E"O"F
$x literal
EOF
