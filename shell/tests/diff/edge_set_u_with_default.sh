# edge_set_u_with_default: a differential test (edge), compared with dash.
set -u
echo ${nope:-default} ${nope-other}
echo ${#nope}
