# split_literal_not_split: a differential test (split), compared with dash.
IFS=o
echo foo boo
x=foo
echo $x
