# edge_long_pipeline_of_functions: a differential test (edge), compared with dash.
f() { cat; }
echo data | f | f | f | f
