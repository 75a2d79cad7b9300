# edge_sq_in_brace_unquoted: a differential test (edge), compared with dash.
x=
echo ${x:-'a  b'}
echo ${x:-'$y'}
