# edge_ifs_changes_mid: a differential test (edge), compared with dash.
IFS=:
x=a:b
set -- $x
IFS=' '
echo $# $1
