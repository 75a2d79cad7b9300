# edge_while_with_redirected_read: a differential test (edge), compared with dash.
printf 'x y\nz w\n' > in
while read a b; do echo "$b$a"; done < in
