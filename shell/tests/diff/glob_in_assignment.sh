# glob_in_assignment: a differential test (glob), compared with dash.
touch g1 g2
x=g*
echo "$x"
echo $x
