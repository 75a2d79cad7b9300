# set_minus_sets_params: a differential test (set), compared with dash.
set - x y
echo $# $1
