# edge_set_f_then_quoted: a differential test (edge), compared with dash.
set -f
touch zz
echo z* "z*"
