# edge_for_bad_name: a differential test (edge), compared with dash.
for 1x in a; do echo; done
