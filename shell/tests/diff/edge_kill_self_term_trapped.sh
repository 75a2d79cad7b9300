# edge_kill_self_term_trapped: a differential test (edge), compared with dash.
trap 'echo term; exit 5' TERM
kill $$
echo notreached
