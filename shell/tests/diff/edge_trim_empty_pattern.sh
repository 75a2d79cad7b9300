# edge_trim_empty_pattern: a differential test (edge), compared with dash.
x=abc
echo ${x#} ${x%}
