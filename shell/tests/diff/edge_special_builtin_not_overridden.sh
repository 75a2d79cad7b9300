# edge_special_builtin_not_overridden: a differential test (edge), compared with dash.
set() { echo fake; }
set -- a b
echo $#
