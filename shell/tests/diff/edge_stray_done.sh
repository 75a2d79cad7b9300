# edge_stray_done: a differential test (edge), compared with dash.
done
