# edge_set_u_positional: a differential test (edge), compared with dash.
set -u
set -- a
echo $1
echo $2
