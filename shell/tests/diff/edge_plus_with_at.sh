# edge_plus_with_at: a differential test (edge), compared with dash.
set -- a b
for w in ${1+"$@"}; do echo "<$w>"; done
