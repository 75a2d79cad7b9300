# edge_read_last_var_keeps_separators: a differential test (edge), compared with dash.
echo 'a:b:c:d' | { IFS=: read x y; echo "[$x][$y]"; }
echo 'a b  c  ' | { read x y; echo "[$x][$y]"; }
