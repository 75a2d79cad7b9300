# edge_ifs_whitespace_only_tab: a differential test (edge), compared with dash.
IFS='	'
x='a b	c'
set -- $x
echo $#
