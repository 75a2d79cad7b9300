# edge_colon_in_condition: a differential test (edge), compared with dash.
while :; do echo once; break; done
if :; then echo colon-true; fi
