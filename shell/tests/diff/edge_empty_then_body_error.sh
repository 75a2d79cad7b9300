# edge_empty_then_body_error: a differential test (edge), compared with dash.
if true; then
fi
