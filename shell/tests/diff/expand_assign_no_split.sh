# expand_assign_no_split: a differential test (expand), compared with dash.
x="a   b"
y=$x
echo "$y"
