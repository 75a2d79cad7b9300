# edge_redirect_in_for_list: a differential test (edge), compared with dash.
for i in 1 2; do echo $i; done 2>&1 >f
cat f
